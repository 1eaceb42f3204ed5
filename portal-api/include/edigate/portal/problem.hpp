#pragma once
// RFC 9457 problem details: every error the API returns is application/problem+json with a `type` URI
// that stays the same for a kind of problem, so clients branch on `type`, never on `detail` wording.
//
//   return problem(ProblemKind::not_found, "no partner named " + name);
//   → 404 {"type":"https://edigate.dev/problems/not-found","title":"Not found","status":404,"detail":...}
#include <edigate/error.hpp>
#include <edigate/portal/http.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace edigate::portal {

enum class ProblemKind : std::uint8_t {
  bad_request,             // 400
  unauthorized,            // 401
  forbidden,               // 403
  not_found,               // 404
  method_not_allowed,      // 405
  request_timeout,         // 408
  conflict,                // 409
  payload_too_large,       // 413
  unsupported_media_type,  // 415
  unprocessable,           // 422: well-formed, but the content breaks a rule
  header_too_large,        // 431
  too_many_requests,       // 429
  internal,                // 500
  unavailable,             // 503
  precondition_failed,     // 412: If-Match names another version
  precondition_required,   // 428: a change without If-Match
};

inline constexpr std::string_view problem_content_type = "application/problem+json";
inline constexpr std::string_view problem_type_base = "https://edigate.dev/problems/";

std::string problem_type(ProblemKind kind);  // problem_type_base + slug, e.g. ".../not-found"
std::string_view problem_slug(ProblemKind kind) noexcept;
std::string_view problem_title(ProblemKind kind) noexcept;
unsigned problem_status(ProblemKind kind) noexcept;

// `detail` and `instance` are left out of the body when empty.
Response problem(ProblemKind kind, std::string_view detail = {}, std::string_view instance = {});
// The same, with extension members (an object: "instance", "errors", ...) after the standard ones.
Response problem_with_members(ProblemKind kind, std::string_view detail, const nlohmann::json& members);

// What an edigate::Error becomes: not_found → 404, already_exists → 409, bad input → 400/422,
// failures of the store or the installation → 500 with a generic detail (their messages can name
// files, hosts and SQL, which are not the client's business).
ProblemKind problem_kind(ErrorCode code) noexcept;
Response problem(const Error& error);

}  // namespace edigate::portal
