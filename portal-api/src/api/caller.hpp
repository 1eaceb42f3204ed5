#pragma once
// Who is asking: the bearer token of a request, what its role may do, and which partner it is
// scoped to.
#include <edigate/partners/api_tokens.hpp>
#include <edigate/portal/http.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace edigate::portal {

enum class Permission : std::uint8_t {
  read,            // every role
  act,             // resend, reprocess, send: operator, admin
  onboard,         // change a partner's profile: partner_admin, admin
  create_partner,  // admin without a partner scope
  audit,           // admin without a partner scope
};

struct Caller {
  partners::ApiToken token;

  bool scoped() const noexcept { return !token.partner.empty(); }
  // Whether the token may see the partner's data at all.
  bool sees(std::string_view partner) const noexcept { return !scoped() || token.partner == partner; }
  bool may(Permission permission) const noexcept;
};

// The caller, or the 401 to answer (with WWW-Authenticate).
std::variant<Caller, Response> authenticate(const Request& request, partners::Store& store);

// 403 naming what the role lacks; nullopt when it may.
std::optional<Response> require(const Caller& caller, Permission permission);

// The 404 an object answers when it does not exist or lies outside the caller's scope: the two are
// the same to a scoped token.
Response not_found(std::string_view what);

}  // namespace edigate::portal
