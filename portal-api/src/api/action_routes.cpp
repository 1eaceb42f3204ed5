// What operators do through the API — resend a document to a partner, process a received one again,
// send an ERP document — and the audit of every change. An action needs an Idempotency-Key: a client
// that retries after a lost answer gets the first answer again instead of a second resend.
#include "api/query.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"

#include <edigate/log.hpp>
#include <edigate/metrics.hpp>
#include <edigate/partners/api_audit.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/pipeline/receive.hpp>
#include <edigate/pipeline/send.hpp>
#include <edigate/portal/problem.hpp>
#include <edigate/validate/report.hpp>

#include <cctype>

namespace edigate::portal {
namespace {

using nlohmann::json;

bool plain_key(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

Response replayed(const partners::AuditEntry& earlier) {
  Response response;
  response.status = earlier.status;
  response.body = earlier.response;
  response.set_header("Content-Type", earlier.status >= 400 ? "application/problem+json" : "application/json");
  response.set_header("Idempotent-Replayed", "true");
  return response;
}

using Action = std::function<Response(const partners::SetState&)>;

// The frame every action shares: scope, role, key, one at a time, and the audit with the answer.
Response run_action(ApiState& state, const Request& r, const Caller& c, partners::Store& s, const std::string& name,
                    const Action& act) {
  auto found = visible_set(c, s, r.param("id"));
  if (auto* answered = std::get_if<Response>(&found)) return std::move(*answered);
  if (auto denied = require(c, Permission::act)) return std::move(*denied);
  const auto key = r.header("Idempotency-Key");
  if (!key || !plain_key(*key)) {
    return problem_with_members(ProblemKind::bad_request,
                                "Send an Idempotency-Key header (1 to 128 letters, digits, '-', '_', '.', ':'), new for each action.",
                                {{"errors", {{{"parameter", "Idempotency-Key"}, {"detail", key ? "is not a plain key" : "is required"}}}}});
  }
  const std::string target = "document " + std::string(r.param("id"));
  std::lock_guard<std::mutex> lock(state.actions);
  auto earlier = partners::audit_by_key(s, c.token.id, std::string(*key));
  if (!earlier) return problem(earlier.error());
  if (*earlier) {
    if ((*earlier)->action != name || (*earlier)->target != target) {
      return problem(ProblemKind::unprocessable, "This Idempotency-Key was used for " + (*earlier)->action + " of " +
                                                     (*earlier)->target + "; use a new key for a new action.");
    }
    return replayed(**earlier);
  }
  Response response = act(std::get<partners::SetState>(found));
  if (response.status >= 500) return response;  // not recorded: the client may retry with the same key
  auto audited = audit(s, c, r, name, target, response.status, response.body, std::string(*key));
  if (!audited) {
    log::error("api.audit_failed", {{"request_id", r.request_id}, {"action", name}, {"error", audited.error().message}});
    return problem(audited.error());
  }
  log::info("api.action", {{"request_id", r.request_id}, {"action", name}, {"target", target}, {"token_id", c.token.id},
                           {"status", response.status}});
  return response;
}

Response resend(ApiState& state, partners::Store& s, const partners::SetState& set, const std::string& id) {
  if (set.direction != "outbound") {
    return problem(ProblemKind::conflict, "Document " + id + " was received, not sent: reprocess it instead.");
  }
  auto requeued = pipeline::requeue_sent(s, set.correlation_id, state.config.data / "outbox");
  if (!requeued) {
    if (requeued.error().code == ErrorCode::store_error) return problem(requeued.error());
    return problem(ProblemKind::conflict, requeued.error().message);
  }
  // The message carried the whole interchange: it goes again as it was, same bytes, same numbers.
  return Response::json(202, {{"action", "resend"},
                              {"document", id},
                              {"message", set.correlation_id},
                              {"interchange_control", set.interchange_control},
                              {"file", requeued->filename().string()}});
}

Response reprocess(ApiState& state, partners::Store& s, const partners::SetState& set, const std::string& id) {
  if (set.direction != "inbound") {
    return problem(ProblemKind::conflict, "Document " + id + " was sent, not received: resend it instead.");
  }
  pipeline::PipelineContext context(s, *state.schemas, *state.maps, state.config.data);
  context.erp = state.config.erp;
  context.max_message_size = state.config.max_message_size;
  // A stored message is the gateway loop's to process (its work list): running it here as well would
  // race with it. Processed and exception messages are run here, without passing through that list.
  auto message = partners::find_message(s, set.correlation_id);
  if (!message) return problem(message.error());
  if (*message && (*message)->state == "stored") {
    return problem(ProblemKind::conflict, "Document " + id + " is waiting to be processed by the gateway; it will be shortly.");
  }
  auto result = pipeline::process_message(context, set.correlation_id);
  if (!result) return problem(result.error());
  json interchanges = json::array();
  for (const auto& ic : result->interchanges) {
    interchanges.push_back({{"interchange_control", ic.control_number},
                            {"status", std::string(validate::status_words(ic.report.status))},
                            {"duplicate_of", text_or_null(ic.duplicate_of)},
                            {"delivered_now", ic.delivered.size()},
                            {"acknowledged_now", !ic.acknowledgments.empty()}});
  }
  return Response::json(200, {{"action", "reprocess"},
                              {"document", id},
                              {"message", set.correlation_id},
                              {"state", result->state},
                              {"reason", text_or_null(result->reason)},
                              {"interchanges", std::move(interchanges)}});
}

// The file name the document is spooled under: its extension is how an ERP format is recognised.
std::optional<std::string> extension_for(std::string_view content_type) {
  if (content_type.find("json") != std::string_view::npos) return "json";
  if (content_type.find("xml") != std::string_view::npos) return "xml";
  if (content_type.find("csv") != std::string_view::npos) return "csv";
  return std::nullopt;
}

Response send_outbound(ApiState& state, const Request& request, const Caller& caller, partners::Store& store) {
  const std::string partner(request.param("partner"));
  if (!caller.sees(partner)) return not_found("Partner " + partner);
  if (auto known = partners::find_partner(store, partner); !known) {
    return known.error().code == ErrorCode::not_found ? not_found("Partner " + partner) : problem(known.error());
  }
  if (auto denied = require(caller, Permission::act)) return std::move(*denied);
  const auto type = request.header("Content-Type");
  const auto extension = type ? extension_for(*type) : std::nullopt;
  if (!extension) {
    return problem(ProblemKind::unsupported_media_type, "Send the ERP document as application/json, application/xml or text/csv.");
  }
  if (request.body.empty()) return problem(ProblemKind::bad_request, "The request has no document.");
  std::lock_guard<std::mutex> lock(state.actions);
  // Spooled durably first: what was accepted over HTTP is a file like one dropped in the folder.
  const std::filesystem::path spooled = state.config.data / "spool" / "outbound" / partner / (request.request_id + "." + *extension);
  if (auto written = pipeline::write_atomically(spooled, request.body); !written) return problem(written.error());
  pipeline::SendOptions options;
  options.outbox = state.config.data / "outbox";
  auto sent = pipeline::send_file(store, spooled, partner, *state.maps, *state.schemas, options);
  std::error_code ignored;
  std::filesystem::remove(spooled, ignored);
  if (!sent) {
    const Error& e = sent.error();
    log::warn("outbound.refused", {{"partner", partner}, {"request_id", request.request_id}, {"reason", e.message}});
    if (e.code == ErrorCode::store_error || e.code == ErrorCode::io_error) return problem(e);
    return problem(ProblemKind::unprocessable, e.message);
  }
  log::info("outbound.sent", {{"correlation_id", sent->message_correlation}, {"partner", partner}, {"request_id", request.request_id},
                              {"interchange", sent->interchange_control}, {"replay", sent->replay}});
  // The same family the gateway loop counts its drop-folder sends in.
  if (auto family = metrics::default_registry().counter("edigate_outbound_documents_total", "ERP documents for partners, by result",
                                                        {"result"})) {
    (*family)->labels({sent->replay ? "replayed" : "sent"}).inc();
  }
  json sets = json::array();
  for (const auto& s : sent->sets) {
    json keys = json::object();
    for (const auto& [k, v] : s.keys) keys[k] = v;
    sets.push_back({{"document", s.document}, {"set_type", s.set_type}, {"group_control", s.group_control},
                    {"control_number", s.control_number}, {"keys", keys}});
  }
  const unsigned status = sent->replay ? 200 : 201;
  json body = {{"message", sent->message_correlation}, {"partner", sent->partner}, {"standard", sent->standard},
               {"version", sent->version}, {"interchange_control", sent->interchange_control}, {"sets", sets},
               {"replay", sent->replay}, {"acknowledgment", sent->ack}, {"acknowledgment_due", sent->due_at}};
  if (auto audited = audit(store, caller, request, "outbound.send", partner + " " + sent->message_correlation, status); !audited) {
    log::error("api.audit_failed", {{"request_id", request.request_id}, {"action", "outbound.send"}, {"error", audited.error().message}});
  }
  return Response::json(status, body);
}

Response audit_list(const Request& r, const Caller& c, partners::Store& s) {
  if (auto denied = require(c, Permission::audit)) return std::move(*denied);
  QueryReader query(r, {"page_size", "page_token"});
  const auto page = query.page();
  if (!query.ok()) return query.problem();
  auto entries = partners::list_audit(s, page.size + 1, page.before_id);
  if (!entries) return problem(entries.error());
  json items = json::array();
  for (std::size_t i = 0; i < entries->size() && i < page.size; ++i) {
    const auto& e = (*entries)[i];
    items.push_back({{"id", e.id},
                     {"at", e.at},
                     {"token_id", e.token_id},
                     {"token_name", e.token_name},
                     {"role", e.role},
                     {"action", e.action},
                     {"target", e.target},
                     {"idempotency_key", e.idempotency_key},
                     {"request_id", e.request_id},
                     {"status", e.status}});
  }
  std::optional<std::string> next;
  if (entries->size() > page.size) next = query.next_page_token((*entries)[page.size - 1].id);
  return Response::json(200, page_json(std::move(items), next));
}

}  // namespace

void add_action_routes(Router& router, const std::shared_ptr<ApiState>& state) {
  router.add(Method::post, "/v1/documents/{id}/resend",
             authenticated(state, [state](const Request& r, const Caller& c, partners::Store& s) {
               return run_action(*state, r, c, s, "document.resend",
                                 [&](const partners::SetState& set) { return resend(*state, s, set, std::string(r.param("id"))); });
             }));
  router.add(Method::post, "/v1/documents/{id}/reprocess",
             authenticated(state, [state](const Request& r, const Caller& c, partners::Store& s) {
               return run_action(*state, r, c, s, "document.reprocess",
                                 [&](const partners::SetState& set) { return reprocess(*state, s, set, std::string(r.param("id"))); });
             }));
  router.add(Method::post, "/v1/outbound/{partner}",
             authenticated(state, [state](const Request& r, const Caller& c, partners::Store& s) { return send_outbound(*state, r, c, s); }));
  router.add(Method::get, "/v1/audit", authenticated(state, audit_list));
}

}  // namespace edigate::portal
