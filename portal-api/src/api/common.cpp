#include "api/routes.hpp"

#include <edigate/partners/api_audit.hpp>
#include <edigate/portal/problem.hpp>

namespace edigate::portal {
namespace {

struct ParseErrorPosition : nlohmann::json_sax<nlohmann::json> {
  std::size_t byte = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    byte = position;
    return false;
  }
};

}  // namespace

std::variant<nlohmann::json, Response> json_body(const Request& request) {
  const auto type = request.header("Content-Type");
  const std::string_view media = type ? type->substr(0, type->find(';')) : std::string_view();
  if (media != "application/json" && media != "application/merge-patch+json") {
    return problem(ProblemKind::unsupported_media_type, "Send the body as application/json.");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    // Read again by a SAX reader that only notes where it broke, so the answer names the byte.
    ParseErrorPosition where;
    nlohmann::json::sax_parse(request.body, &where);
    return problem(ProblemKind::bad_request, "The body is not well-formed JSON (byte " + std::to_string(where.byte) + ").");
  }
  return body;
}

Result<std::int64_t> audit(partners::Store& store, const Caller& caller, const Request& request, std::string action,
                           std::string target, unsigned status, std::string response, std::string idempotency_key) {
  partners::AuditEntry entry;
  entry.token_id = caller.token.id;
  entry.token_name = caller.token.name;
  entry.role = std::string(partners::to_string(caller.token.role));
  entry.action = std::move(action);
  entry.target = std::move(target);
  entry.idempotency_key = std::move(idempotency_key);
  entry.request_id = request.request_id;
  entry.status = status;
  entry.response = std::move(response);
  return partners::record_audit(store, entry);
}

}  // namespace edigate::portal
