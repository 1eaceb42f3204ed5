#pragma once
// Routes every edigate HTTP server offers, whatever else it serves.
#include <edigate/metrics.hpp>
#include <edigate/portal/router.hpp>

#include <string_view>

namespace edigate::portal {

// GET /v1/health → 200 {"status":"ok"}: the process is up and answering.
void add_health_routes(Router& router);

// GET /metrics → `registry` in the Prometheus text format 0.0.4. `registry` must outlive the router.
void add_metrics_route(Router& router, metrics::Registry& registry = metrics::default_registry());

// GET /v1/openapi.yaml → the built-in OpenAPI document (openapi_document()), Content-Type
// application/yaml. Public, like the health route.
void add_openapi_route(Router& router);

inline constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace edigate::portal
