#include <edigate/portal/problem.hpp>

#include <edigate/log.hpp>

#include <nlohmann/json.hpp>

namespace edigate::portal {
namespace {

struct KindInfo {
  std::string_view slug;
  std::string_view title;
  unsigned status;
};

// The slugs are part of the API: clients match on them. Add kinds; never rename one.
KindInfo info(ProblemKind kind) noexcept {
  switch (kind) {
    case ProblemKind::bad_request:
      return {"bad-request", "Bad request", 400};
    case ProblemKind::unauthorized:
      return {"unauthorized", "Authentication required", 401};
    case ProblemKind::forbidden:
      return {"forbidden", "Forbidden", 403};
    case ProblemKind::not_found:
      return {"not-found", "Not found", 404};
    case ProblemKind::method_not_allowed:
      return {"method-not-allowed", "Method not allowed", 405};
    case ProblemKind::request_timeout:
      return {"request-timeout", "Request timeout", 408};
    case ProblemKind::conflict:
      return {"conflict", "Conflict", 409};
    case ProblemKind::payload_too_large:
      return {"payload-too-large", "Payload too large", 413};
    case ProblemKind::unsupported_media_type:
      return {"unsupported-media-type", "Unsupported media type", 415};
    case ProblemKind::unprocessable:
      return {"unprocessable", "Unprocessable content", 422};
    case ProblemKind::header_too_large:
      return {"header-too-large", "Request header fields too large", 431};
    case ProblemKind::too_many_requests:
      return {"too-many-requests", "Too many requests", 429};
    case ProblemKind::internal:
      return {"internal", "Internal server error", 500};
    case ProblemKind::unavailable:
      return {"unavailable", "Service unavailable", 503};
    case ProblemKind::precondition_failed:
      return {"precondition-failed", "Precondition failed", 412};
    case ProblemKind::precondition_required:
      return {"precondition-required", "Precondition required", 428};
  }
  return {"internal", "Internal server error", 500};
}

}  // namespace

std::string problem_type(ProblemKind kind) {
  return std::string(problem_type_base) + std::string(info(kind).slug);
}
std::string_view problem_slug(ProblemKind kind) noexcept {
  return info(kind).slug;
}
std::string_view problem_title(ProblemKind kind) noexcept {
  return info(kind).title;
}
unsigned problem_status(ProblemKind kind) noexcept {
  return info(kind).status;
}

Response problem(ProblemKind kind, std::string_view detail, std::string_view instance) {
  return problem_with_members(kind, detail, nlohmann::json::object({{"instance", instance}}));
}

Response problem_with_members(ProblemKind kind, std::string_view detail, const nlohmann::json& members) {
  const KindInfo kind_info = info(kind);
  nlohmann::ordered_json body;
  body["type"] = problem_type(kind);
  body["title"] = kind_info.title;
  body["status"] = kind_info.status;
  if (!detail.empty()) body["detail"] = detail;
  if (members.is_object()) {
    for (const auto& [key, value] : members.items()) {
      if (key == "type" || key == "title" || key == "status" || key == "detail") continue;
      if (key == "instance" && value.is_string() && value.get_ref<const std::string&>().empty()) continue;
      body[key] = value;
    }
  }
  Response response;
  response.status = kind_info.status;
  response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  response.set_header("Content-Type", std::string(problem_content_type));
  return response;
}

ProblemKind problem_kind(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::not_found:
      return ProblemKind::not_found;
    case ErrorCode::already_exists:
      return ProblemKind::conflict;
    case ErrorCode::stale:
      return ProblemKind::precondition_failed;
    case ErrorCode::usage:
    case ErrorCode::invalid_json:
      return ProblemKind::bad_request;
    case ErrorCode::io_error:
    case ErrorCode::invalid_store_url:
    case ErrorCode::store_error:
    case ErrorCode::store_schema_newer:
    case ErrorCode::invalid_schema:
    case ErrorCode::schema_not_found:
    case ErrorCode::invalid_model:
    case ErrorCode::invalid_map:
      return ProblemKind::internal;
    default:
      // Everything else says what is wrong with a document the client sent.
      return ProblemKind::unprocessable;
  }
}

Response problem(const Error& error) {
  const ProblemKind kind = problem_kind(error.code);
  if (kind == ProblemKind::internal) {
    // The client gets no details (they can name files, hosts and SQL); the operator gets them here.
    log::error("http.internal_error", {{"code", to_string(error.code)}, {"error", error.describe()}});
    return problem(kind);
  }
  return problem_with_members(kind, error.message, nlohmann::json::object({{"code", to_string(error.code)}}));
}

}  // namespace edigate::portal
