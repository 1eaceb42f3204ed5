#include "cli/serve_http.hpp"

#include <edigate/portal/api.hpp>

#include <string>

namespace edigate::cli {

Result<std::unique_ptr<portal::HttpServer>> start_gateway_http(const pipeline::GatewayConfig& config) {
  const auto colon = config.http_listen.rfind(':');
  Error bad;
  bad.code = ErrorCode::usage;
  bad.where.file = config.file.string();
  bad.message = "<http listen> must be HOST:PORT, not \"" + config.http_listen + "\"";
  if (colon == std::string::npos) return bad;
  const std::string host = config.http_listen.substr(0, colon);
  unsigned long port = 0;
  try {
    port = std::stoul(config.http_listen.substr(colon + 1));
  } catch (...) {
    return bad;
  }
  if (port > 65535) return bad;

  auto api = portal::PortalApi::open(config);
  if (!api) return std::move(api).error();
  portal::Router router;
  (*api)->add_routes(router);
  // Handlers wait on the store: a few more threads than cores keep the others answering meanwhile.
  portal::HttpLimits limits;
  limits.threads = 4;
  auto server = std::make_unique<portal::HttpServer>(std::move(router), limits);
  if (auto started = server->start(host, static_cast<std::uint16_t>(port)); !started) return std::move(started).error();
  return server;
}

}  // namespace edigate::cli
