#include "api/routes.hpp"

#include <edigate/portal/builtin_routes.hpp>
#include <edigate/portal/problem.hpp>

namespace edigate::portal {

PortalApi::PortalApi(std::shared_ptr<State> state) : state_(std::move(state)) {}
PortalApi::~PortalApi() = default;

Result<std::shared_ptr<PortalApi>> PortalApi::open(const pipeline::GatewayConfig& config, PortalApiOptions options) {
  auto state = std::make_shared<State>();
  state->config = config;
  auto stores = StorePool::open(config.db.empty() ? partners::default_store_url() : config.db, options.store_connections);
  if (!stores) return std::move(stores).error();
  state->stores = std::move(*stores);
  auto maps = maps::MapLibrary::load_default();
  if (!maps) return std::move(maps).error();
  state->maps = std::move(*maps);
  state->schemas = std::make_unique<schema::SchemaRegistry>(schema::SchemaRegistry::default_directory());
  return std::shared_ptr<PortalApi>(new PortalApi(std::move(state)));
}

Handler authenticated(const std::shared_ptr<ApiState>& state, ApiHandler handler) {
  return [state, handler = std::move(handler)](const Request& request) -> Response {
    StorePool::Lease store = state->stores->acquire();
    auto caller = authenticate(request, *store);
    if (auto* refused = std::get_if<Response>(&caller)) return std::move(*refused);
    return handler(request, std::get<Caller>(caller), *store);
  };
}

void PortalApi::add_routes(Router& router) {
  add_health_routes(router);
  add_metrics_route(router);
  add_openapi_route(router);
  add_acknowledgment_routes(router, state_);
  add_partner_routes(router, state_);
  add_document_routes(router, state_);
  add_action_routes(router, state_);
}

}  // namespace edigate::portal
