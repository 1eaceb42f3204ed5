// GET /v1/acknowledgments, /v1/acknowledgments/overdue, /v1/acknowledgments/{id}: what customer service
// asks — did the retailer acknowledge PO 4500012345, which acknowledgments are late, rejected, missing.
#include "api/query.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"

#include <edigate/partners/partner_store.hpp>
#include <edigate/portal/problem.hpp>

#include <charconv>

namespace edigate::portal {
namespace {

// The partner filter a caller may use: its own scope, or a partner that exists. nullopt: answered.
std::optional<Response> scope_partner(const Caller& caller, partners::Store& store, std::string& partner) {
  if (partner.empty()) {
    partner = caller.token.partner;
    return std::nullopt;
  }
  if (!caller.sees(partner)) return not_found("Partner " + partner);
  auto known = partners::find_partner(store, partner);
  if (!known) return known.error().code == ErrorCode::not_found ? not_found("Partner " + partner) : problem(known.error());
  return std::nullopt;
}

Response search(const Request& request, const Caller& caller, partners::Store& store, bool overdue_only) {
  QueryReader query(request, overdue_only
                                 ? std::initializer_list<std::string_view>{"partner", "direction", "document", "set_type", "po",
                                                                           "asn", "invoice", "interchange", "group", "set",
                                                                           "since", "until", "page_size", "page_token"}
                                 : std::initializer_list<std::string_view>{"partner", "direction", "document", "set_type",
                                                                           "status", "po", "asn", "invoice", "interchange",
                                                                           "group", "set", "since", "until", "page_size",
                                                                           "page_token"});
  partners::SetFilter filter;
  filter.partner = query.text("partner");
  filter.direction = query.one_of("direction", {"inbound", "outbound"});
  filter.document = query.one_of("document", {"order", "order_response", "ship_notice", "invoice"});
  filter.set_type = query.text("set_type", 6);
  filter.status = overdue_only ? "overdue" : query.one_of("status", {"sent", "pending", "overdue", "accepted", "accepted_with_errors",
                                                                 "partially_accepted", "rejected", "late", "received"});
  if (overdue_only) filter.direction = filter.direction.empty() ? "outbound" : filter.direction;
  std::size_t numbers = 0;
  for (const auto& [parameter, key] : {std::pair{"po", "po"}, std::pair{"asn", "shipment"}, std::pair{"invoice", "invoice"}}) {
    std::string value = query.text(parameter, 35);
    if (value.empty()) continue;
    filter.key_value = std::move(value);
    filter.key_name = key;
    ++numbers;
  }
  filter.interchange_control = query.text("interchange", 14);
  filter.group_control = query.text("group", 14);
  filter.set_control = query.text("set", 14);
  filter.since = query.timestamp("since");
  filter.until = query.timestamp("until");
  const auto page = query.page();
  if (!query.ok()) return query.problem();
  if (numbers > 1) {
    return problem_with_members(ProblemKind::bad_request, "Search by one business number at a time: po, asn or invoice.",
                                {{"errors", {{{"parameter", "po"}, {"detail", "only one of po, asn, invoice"}}}}});
  }
  if (auto answered = scope_partner(caller, store, filter.partner)) return std::move(*answered);
  filter.before_id = page.before_id;
  filter.limit = page.size + 1;  // one more tells whether another page follows
  auto sets = partners::list_sets(store, filter);
  if (!sets) return problem(sets.error());
  nlohmann::json items = nlohmann::json::array();
  std::optional<std::string> next;
  for (std::size_t i = 0; i < sets->size() && i < page.size; ++i) items.push_back(acknowledgment_json((*sets)[i]));
  if (sets->size() > page.size) next = query.next_page_token((*sets)[page.size - 1].id);
  return Response::json(200, page_json(std::move(items), next));
}

}  // namespace

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::variant<partners::SetState, Response> visible_set(const Caller& caller, partners::Store& store, std::string_view id_text) {
  const auto id = parse_id(id_text);
  if (!id) return not_found("Document " + std::string(id_text));
  auto set = partners::find_set(store, *id);
  if (!set) return problem(set.error());
  if (!*set || !caller.sees((*set)->partner)) return not_found("Document " + std::string(id_text));
  return std::move(**set);
}

void add_acknowledgment_routes(Router& router, const std::shared_ptr<ApiState>& state) {
  router.add(Method::get, "/v1/acknowledgments",
             authenticated(state, [](const Request& r, const Caller& c, partners::Store& s) { return search(r, c, s, false); }));
  router.add(Method::get, "/v1/acknowledgments/overdue",
             authenticated(state, [](const Request& r, const Caller& c, partners::Store& s) { return search(r, c, s, true); }));
  router.add(Method::get, "/v1/acknowledgments/{id}",
             authenticated(state, [](const Request& r, const Caller& c, partners::Store& s) -> Response {
               if (!r.query.empty()) {
                 QueryReader query(r, {});
                 if (!query.ok()) return query.problem();
               }
               auto set = visible_set(c, s, r.param("id"));
               if (auto* answered = std::get_if<Response>(&set)) return std::move(*answered);
               return Response::json(200, acknowledgment_json(std::get<partners::SetState>(set)));
             }));
}

}  // namespace edigate::portal
