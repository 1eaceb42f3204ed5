// /v1/documents/{id}: one transaction set as the partner sent it (or we sent it), readable segment by
// segment, as our canonical model, and what happened to it when.
#include "api/routes.hpp"
#include "api/views.hpp"

#include <edigate/partners/deliveries.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/pipeline/documents.hpp>
#include <edigate/portal/problem.hpp>

#include <algorithm>

namespace edigate::portal {
namespace {

using nlohmann::json;

struct Located {
  partners::SetState set;
  partners::MessageState message;
  pipeline::SetLocator locator;
};

std::variant<Located, Response> locate(const Request& r, const Caller& c, partners::Store& s) {
  auto set = visible_set(c, s, r.param("id"));
  if (auto* answered = std::get_if<Response>(&set)) return std::move(*answered);
  Located out;
  out.set = std::move(std::get<partners::SetState>(set));
  auto message = partners::find_message(s, out.set.correlation_id);
  if (!message) return problem(message.error());
  if (!*message || (*message)->stored_path.empty()) {
    return problem(ProblemKind::not_found, "The raw bytes of document " + std::string(r.param("id")) +
                                               " were not kept (it was recorded without its message).");
  }
  out.message = std::move(**message);
  out.locator.stored_path = out.message.stored_path;
  out.locator.standard = out.set.standard;
  out.locator.interchange_control = out.set.interchange_control;
  out.locator.group_control = out.set.group_control;
  out.locator.set_control = out.set.set_control;
  out.locator.set_type = out.set.set_type;
  out.locator.partner = out.set.partner;
  out.locator.direction = out.set.direction;
  return out;
}

// A stored file that is gone or no longer holds the set is the installation's problem, not the
// client's: 404 says the view is not there, with the reason.
Response view_failed(const Error& e) {
  if (e.code == ErrorCode::store_error) return problem(e);
  return problem(ProblemKind::not_found, e.message);
}

json event(const char* name, const std::string& at, json detail = nullptr) {
  json out = {{"event", name}, {"at", text_or_null(at)}};
  if (!detail.is_null()) out["detail"] = std::move(detail);
  return out;
}

// Which set of the message it is, as deliveries count them: interchange 1-based in the message, set
// 0-based in its interchange.
std::optional<std::pair<unsigned, unsigned>> position_in_message(partners::Store& s, const partners::SetState& set) {
  auto interchanges = partners::interchanges_of_message(s, set.correlation_id);
  if (!interchanges) return std::nullopt;
  unsigned interchange_index = 0;
  for (std::size_t i = 0; i < interchanges->size(); ++i) {
    if ((*interchanges)[i].control_number == set.interchange_control) interchange_index = static_cast<unsigned>(i + 1);
  }
  if (interchange_index == 0) return std::nullopt;
  partners::SetFilter filter;
  filter.partner = set.partner;
  filter.direction = set.direction;
  filter.interchange_control = set.interchange_control;
  auto siblings = partners::list_sets(s, filter);
  if (!siblings) return std::nullopt;
  std::vector<std::int64_t> ids;
  for (const auto& x : *siblings) {
    if (x.correlation_id == set.correlation_id) ids.push_back(x.id);
  }
  std::sort(ids.begin(), ids.end());
  const auto at = std::find(ids.begin(), ids.end(), set.id);
  if (at == ids.end()) return std::nullopt;
  return std::pair{interchange_index, static_cast<unsigned>(at - ids.begin())};
}

Response timeline(partners::Store& s, const partners::SetState& set, const partners::MessageState* message) {
  json items = json::array();
  if (set.direction == "inbound") {
    if (message != nullptr) {
      items.push_back(event("received", message->created_at, {{"transport", message->transport}, {"name", message->transport_id}}));
    }
    items.push_back(event("validated", set.created_at, {{"interchange", set.interchange_control}}));
    if (!set.ack_kind.empty()) {
      std::string at;
      if (auto ours = partners::messages_by_origin(s, set.correlation_id); ours && !ours->empty()) at = ours->front().created_at;
      items.push_back(event("acknowledged", at, {{"kind", set.ack_kind}, {"status", set.ack_status}}));
    }
    if (auto position = position_in_message(s, set)) {
      if (auto deliveries = partners::deliveries_of(s, set.correlation_id)) {
        for (const auto& d : *deliveries) {
          if (d.key.interchange_index != position->first || d.key.set_index != position->second) continue;
          json detail = {{"connector", d.key.connector}, {"state", d.state.state}, {"attempts", d.state.attempts}};
          if (!d.state.last_error.empty()) detail["error"] = d.state.last_error;
          items.push_back(event(d.state.state == "delivered" ? "delivered" : "delivery_failed", d.state.updated_at, std::move(detail)));
        }
      }
    }
    if (message != nullptr && message->state == "exception") {
      items.push_back(event("exception", message->state_at, {{"reason", message->last_error}}));
    }
  } else {
    items.push_back(event("created", message != nullptr ? message->created_at : set.created_at,
                          {{"interchange", set.interchange_control}}));
    if (message != nullptr && message->state == "sent") items.push_back(event("sent", message->state_at, {{"transport", message->transport}}));
    if (message != nullptr && message->state == "exception") {
      items.push_back(event("exception", message->state_at, {{"reason", message->last_error}}));
    }
    if (message != nullptr && !message->mdn_status.empty()) {
      items.push_back(event("mdn", message->mdn_at, {{"status", message->mdn_status}}));
    }
    if (!set.ta1_status.empty()) items.push_back(event("interchange_acknowledged", "", {{"status", set.ta1_status}}));
    if (!set.ack_status.empty()) {
      items.push_back(event("acknowledged", set.acked_at, {{"kind", set.ack_kind}, {"status", set.ack_status}, {"late", set.status == "late"}}));
    } else if (set.status == "overdue") {
      items.push_back(event("overdue", set.due_at));
    }
  }
  return Response::json(200, {{"items", std::move(items)}});
}

}  // namespace

void add_document_routes(Router& router, const std::shared_ptr<ApiState>& state) {
  router.add(Method::get, "/v1/documents/{id}", authenticated(state, [](const Request& r, const Caller& c, partners::Store& s) -> Response {
               auto set = visible_set(c, s, r.param("id"));
               if (auto* answered = std::get_if<Response>(&set)) return std::move(*answered);
               json out = acknowledgment_json(std::get<partners::SetState>(set));
               const std::string base = "/v1/documents/" + std::string(r.param("id"));
               out["links"] = {{"raw", base + "/raw"}, {"segments", base + "/segments"}, {"canonical", base + "/canonical"},
                               {"timeline", base + "/timeline"}, {"acknowledgment", "/v1/acknowledgments/" + std::string(r.param("id"))}};
               return Response::json(200, out);
             }));
  router.add(Method::get, "/v1/documents/{id}/raw", authenticated(state, [](const Request& r, const Caller& c, partners::Store& s) -> Response {
               auto located = locate(r, c, s);
               if (auto* answered = std::get_if<Response>(&located)) return std::move(*answered);
               auto text = pipeline::interchange_text(std::get<Located>(located).locator);
               if (!text) return view_failed(text.error());
               return Response::text(200, std::move(*text), "text/plain; charset=utf-8");
             }));
  router.add(Method::get, "/v1/documents/{id}/segments",
             authenticated(state, [state](const Request& r, const Caller& c, partners::Store& s) -> Response {
               auto located = locate(r, c, s);
               if (auto* answered = std::get_if<Response>(&located)) return std::move(*answered);
               auto view = pipeline::segment_view(std::get<Located>(located).locator, *state->schemas);
               if (!view) return view_failed(view.error());
               return Response::json(200, *view);
             }));
  router.add(Method::get, "/v1/documents/{id}/canonical",
             authenticated(state, [state](const Request& r, const Caller& c, partners::Store& s) -> Response {
               auto located = locate(r, c, s);
               if (auto* answered = std::get_if<Response>(&located)) return std::move(*answered);
               auto view = pipeline::canonical_view(std::get<Located>(located).locator, s, *state->schemas, *state->maps);
               if (!view) return view_failed(view.error());
               return Response::json(200, *view);
             }));
  router.add(Method::get, "/v1/documents/{id}/timeline",
             authenticated(state, [](const Request& r, const Caller& c, partners::Store& s) -> Response {
               auto set = visible_set(c, s, r.param("id"));
               if (auto* answered = std::get_if<Response>(&set)) return std::move(*answered);
               const auto& found = std::get<partners::SetState>(set);
               auto message = partners::find_message(s, found.correlation_id);
               if (!message) return problem(message.error());
               return timeline(s, found, message->has_value() ? &**message : nullptr);
             }));
}

}  // namespace edigate::portal
