#pragma once
// The HTTP side of `edigate serve`: the portal API (portal-api/openapi.yaml) with /v1/health and
// /metrics.
#include <edigate/pipeline/gateway.hpp>
#include <edigate/portal/http_server.hpp>
#include <edigate/result.hpp>

#include <memory>

namespace edigate::cli {

// Starts the server on the configuration's `<http listen>`; it has its own store connection, maps
// and schemas, so it never shares the gateway loop's.
Result<std::unique_ptr<portal::HttpServer>> start_gateway_http(const pipeline::GatewayConfig& config);

}  // namespace edigate::cli
