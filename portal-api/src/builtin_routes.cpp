#include <edigate/portal/builtin_routes.hpp>
#include <edigate/portal/openapi.hpp>

#include <nlohmann/json.hpp>

namespace edigate::portal {

void add_health_routes(Router& router) {
  router.add(Method::get, "/v1/health", [](const Request&) {
    return Response::json(200, nlohmann::json{{"status", "ok"}});
  });
}

void add_metrics_route(Router& router, metrics::Registry& registry) {
  router.add(Method::get, "/metrics", [&registry](const Request&) {
    return Response::text(200, registry.render(), std::string(metrics_content_type));
  });
}

void add_openapi_route(Router& router) {
  router.add(Method::get, "/v1/openapi.yaml", [](const Request&) {
    return Response::text(200, std::string(openapi_document()), std::string(openapi_content_type));
  });
}

}  // namespace edigate::portal
