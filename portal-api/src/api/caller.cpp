#include "api/caller.hpp"

#include <edigate/portal/problem.hpp>

#include <algorithm>
#include <string>

namespace edigate::portal {
namespace {

Response unauthorized(std::string_view detail, std::string_view error) {
  Response response = problem(ProblemKind::unauthorized, detail);
  // RFC 6750: the challenge names the realm and, for a bad token, why it was refused.
  std::string challenge = "Bearer realm=\"edigate\"";
  if (!error.empty()) challenge += ", error=\"" + std::string(error) + "\"";
  response.set_header("WWW-Authenticate", std::move(challenge));
  return response;
}

std::string_view permission_words(Permission permission) {
  switch (permission) {
    case Permission::read: return "read";
    case Permission::act: return "resend, reprocess or send documents (operator or admin)";
    case Permission::onboard: return "change partner profiles (partner_admin or admin)";
    case Permission::create_partner: return "create partners (admin without a partner scope)";
    case Permission::audit: return "read the audit (admin without a partner scope)";
  }
  return "do this";
}

}  // namespace

bool Caller::may(Permission permission) const noexcept {
  using partners::ApiRole;
  const ApiRole role = token.role;
  switch (permission) {
    case Permission::read: return true;
    case Permission::act: return role == ApiRole::operator_ || role == ApiRole::admin;
    case Permission::onboard: return role == ApiRole::partner_admin || role == ApiRole::admin;
    case Permission::create_partner:
    case Permission::audit: return role == ApiRole::admin && !scoped();
  }
  return false;
}

std::variant<Caller, Response> authenticate(const Request& request, partners::Store& store) {
  const auto header = request.header("Authorization");
  if (!header) return unauthorized("This API needs a bearer token (edigate token create).", "");
  constexpr std::string_view scheme = "bearer ";
  if (header->size() <= scheme.size() ||
      !std::equal(scheme.begin(), scheme.end(), header->begin(),
                  [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b); })) {
    return unauthorized("The Authorization header is not a bearer token.", "invalid_request");
  }
  std::string_view secret = header->substr(scheme.size());
  while (!secret.empty() && secret.front() == ' ') secret.remove_prefix(1);
  while (!secret.empty() && secret.back() == ' ') secret.remove_suffix(1);
  auto token = partners::authenticate_api_token(store, secret);
  if (!token) return problem(token.error());
  if (!*token) return unauthorized("The bearer token is unknown, revoked or expired.", "invalid_token");
  return Caller{std::move(**token)};
}

std::optional<Response> require(const Caller& caller, Permission permission) {
  if (caller.may(permission)) return std::nullopt;
  return problem(ProblemKind::forbidden, "A " + std::string(partners::to_string(caller.token.role)) +
                                             (caller.scoped() ? " token scoped to " + caller.token.partner : std::string(" token")) +
                                             " may not " + std::string(permission_words(permission)) + ".");
}

Response not_found(std::string_view what) { return problem(ProblemKind::not_found, std::string(what) + " does not exist."); }

}  // namespace edigate::portal
