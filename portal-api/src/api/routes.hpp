#pragma once
// The API's routes, one group per resource, and what their handlers have in common.
#include "api/caller.hpp"
#include "api/state.hpp"

#include <edigate/partners/ledger.hpp>
#include <edigate/portal/router.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <variant>

namespace edigate::portal {

using ApiHandler = std::function<Response(const Request&, const Caller&, partners::Store&)>;

// Authenticates the request on a store connection held for the handler's run; a handler throws
// nothing it cannot (the dispatcher turns an escaped exception into a 500).
Handler authenticated(const std::shared_ptr<ApiState>& state, ApiHandler handler);

void add_acknowledgment_routes(Router& router, const std::shared_ptr<ApiState>& state);
void add_partner_routes(Router& router, const std::shared_ptr<ApiState>& state);
void add_document_routes(Router& router, const std::shared_ptr<ApiState>& state);
void add_action_routes(Router& router, const std::shared_ptr<ApiState>& state);

}  // namespace edigate::portal

namespace edigate::portal {

// A positive decimal id; nullopt otherwise.
std::optional<std::int64_t> parse_id(std::string_view text);
// The set behind a document/acknowledgment id, or the 404 for a caller that may not see it.
std::variant<partners::SetState, Response> visible_set(const Caller& caller, partners::Store& store, std::string_view id);

}  // namespace edigate::portal

namespace edigate::portal {

// The body as JSON: 415 unless it is sent as JSON, 400 (with the parser's position) when malformed.
std::variant<nlohmann::json, Response> json_body(const Request& request);

// Records a change made through the API (who, what, on what, the answer's status); `response` is kept
// for idempotent replays of actions.
Result<std::int64_t> audit(partners::Store& store, const Caller& caller, const Request& request, std::string action,
                           std::string target, unsigned status, std::string response = {}, std::string idempotency_key = {});

}  // namespace edigate::portal
