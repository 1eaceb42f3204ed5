#pragma once
// Bearer tokens of the portal API. A token is shown once, when it is created; the store keeps only its
// SHA-256, so neither a database dump nor a log line can be replayed as a credential.
#include <edigate/partners/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::partners {

// viewer: reads; operator: reads, resends and reprocesses; partner_admin: reads and onboards
// partners; admin: everything.
enum class ApiRole : std::uint8_t { viewer, operator_, partner_admin, admin };
std::string_view to_string(ApiRole role) noexcept;
std::optional<ApiRole> parse_api_role(std::string_view text) noexcept;

struct ApiTokenRequest {
  ApiRole role = ApiRole::viewer;
  std::string partner;        // name; empty: every partner
  std::string name;           // a label for people ("service desk", "ci")
  unsigned expires_days = 0;  // 0: no expiry
};

struct ApiToken {
  std::int64_t id = 0;
  std::string name;
  ApiRole role = ApiRole::viewer;
  std::string partner;  // empty: not scoped to a partner
  std::int64_t partner_id = 0;
  std::string created_at, expires_at, revoked_at;  // RFC 3339 UTC; empty: none
};

struct CreatedApiToken {
  ApiToken token;
  std::string secret;  // "edg_" + 43 base64url characters (256 random bits); not stored
};

// Fails with not_found when the partner does not exist.
Result<CreatedApiToken> create_api_token(Store& store, const ApiTokenRequest& request);

// The token a presented secret belongs to, if it is known, not revoked and not expired at `now`
// (RFC 3339 UTC; empty: the clock).
Result<std::optional<ApiToken>> authenticate_api_token(Store& store, std::string_view secret, const std::string& now = {});

Result<std::vector<ApiToken>> list_api_tokens(Store& store);
// False when no token has that id; revoking twice keeps the first time.
Result<bool> revoke_api_token(Store& store, std::int64_t id);

}  // namespace edigate::partners
