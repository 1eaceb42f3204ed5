#include <edigate/partners/api_tokens.hpp>

#include "store/rows.hpp"

#include <edigate/base64url.hpp>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <soci/soci.h>

#include <array>

namespace edigate::partners {
namespace {

constexpr std::string_view token_prefix = "edg_";

// A token carries 256 random bits, so one fast hash is enough: there is nothing to guess by brute force
// that a slow password hash would protect.
std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) return {};
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4U];
    out += hex[digest[i] & 0xFU];
  }
  return out;
}

ApiToken token_from(const soci::row& r) {
  ApiToken t;
  t.id = detail::integer_at(r, 0);
  t.name = r.get<std::string>(1);
  t.role = parse_api_role(r.get<std::string>(2)).value_or(ApiRole::viewer);
  t.partner_id = r.get_indicator(3) == soci::i_null ? 0 : detail::integer_at(r, 3);
  t.partner = r.get<std::string>(4);
  t.created_at = r.get<std::string>(5);
  t.expires_at = r.get<std::string>(6);
  t.revoked_at = r.get<std::string>(7);
  return t;
}

constexpr const char* token_columns =
    "SELECT t.id, t.name, t.role, t.partner_id, COALESCE(p.name, ''), t.created_at, t.expires_at, t.revoked_at "
    "FROM api_tokens t LEFT JOIN partners p ON p.id = t.partner_id ";

}  // namespace

std::string_view to_string(ApiRole role) noexcept {
  switch (role) {
    case ApiRole::viewer: return "viewer";
    case ApiRole::operator_: return "operator";
    case ApiRole::partner_admin: return "partner_admin";
    case ApiRole::admin: return "admin";
  }
  return "viewer";
}

std::optional<ApiRole> parse_api_role(std::string_view text) noexcept {
  for (ApiRole role : {ApiRole::viewer, ApiRole::operator_, ApiRole::partner_admin, ApiRole::admin}) {
    if (to_string(role) == text) return role;
  }
  return std::nullopt;
}

Result<CreatedApiToken> create_api_token(Store& store, const ApiTokenRequest& request) {
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    Error e;
    e.code = ErrorCode::store_error;
    e.message = "the system's random generator failed; no token was created";
    return e;
  }
  CreatedApiToken created;
  created.secret = std::string(token_prefix) + base64url_encode(std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
  return guarded("creating an API token", [&]() -> Result<CreatedApiToken> {
    soci::session& s = store.session();
    Store::Transaction tx(store);
    long long partner_id = 0;
    soci::indicator partner_ind = soci::i_null;
    if (!request.partner.empty()) {
      soci::indicator found = soci::i_null;
      s << "SELECT id FROM partners WHERE name = :n", soci::use(request.partner), soci::into(partner_id, found);
      if (!s.got_data()) {
        Error e;
        e.code = ErrorCode::not_found;
        e.message = "no partner named " + request.partner;
        return e;
      }
      partner_ind = soci::i_ok;
    }
    const std::string now = utc_now();
    const std::string expires =
        request.expires_days == 0 ? std::string() : utc_shift(now, static_cast<long long>(request.expires_days) * 24 * 60);
    const std::string role(to_string(request.role));
    const std::string hash = sha256_hex(created.secret);
    s << "INSERT INTO api_tokens (name, token_sha256, role, partner_id, created_at, expires_at) VALUES (:n, :h, :r, :p, :c, :e)",
        soci::use(request.name), soci::use(hash), soci::use(role), soci::use(partner_id, partner_ind), soci::use(now),
        soci::use(expires);
    soci::row r;
    s << std::string(token_columns) + "WHERE t.token_sha256 = :h", soci::use(hash), soci::into(r);
    created.token = token_from(r);
    tx.commit();
    return created;
  });
}

Result<std::optional<ApiToken>> authenticate_api_token(Store& store, std::string_view secret, const std::string& now_text) {
  if (secret.size() > 256 || secret.substr(0, token_prefix.size()) != token_prefix) return std::optional<ApiToken>{};
  return guarded("checking an API token", [&]() -> Result<std::optional<ApiToken>> {
    soci::session& s = store.session();
    const std::string hash = sha256_hex(secret);
    soci::row r;
    s << std::string(token_columns) + "WHERE t.token_sha256 = :h", soci::use(hash), soci::into(r);
    if (!s.got_data()) return std::optional<ApiToken>{};
    ApiToken token = token_from(r);
    const std::string now = now_text.empty() ? utc_now() : now_text;
    if (!token.revoked_at.empty()) return std::optional<ApiToken>{};
    if (!token.expires_at.empty() && token.expires_at <= now) return std::optional<ApiToken>{};
    return std::optional<ApiToken>{std::move(token)};
  });
}

Result<std::vector<ApiToken>> list_api_tokens(Store& store) {
  return guarded("listing API tokens", [&]() -> Result<std::vector<ApiToken>> {
    soci::session& s = store.session();
    soci::rowset<soci::row> rows = (s.prepare << std::string(token_columns) + "ORDER BY t.id");
    std::vector<ApiToken> out;
    for (const soci::row& r : rows) out.push_back(token_from(r));
    return out;
  });
}

Result<bool> revoke_api_token(Store& store, std::int64_t id) {
  return guarded("revoking an API token", [&]() -> Result<bool> {
    soci::session& s = store.session();
    const long long token = id;
    const std::string now = utc_now();
    soci::statement st = (s.prepare << "UPDATE api_tokens SET revoked_at = CASE WHEN revoked_at = '' THEN :n ELSE revoked_at END "
                                       "WHERE id = :i",
                          soci::use(now), soci::use(token));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

}  // namespace edigate::partners
