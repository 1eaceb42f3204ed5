#pragma once
// The HTTP/1.1 server the portal API and `edigate serve` run on: asynchronous Boost.Beast on an
// io_context with a few threads, keep-alive, limits on headers, bodies, time and connections.
//
//   Router router;
//   add_health_routes(router);
//   add_metrics_route(router, metrics::default_registry());
//   HttpServer server(std::move(router), HttpLimits{});
//   if (auto started = server.start("127.0.0.1", 8080); !started) ...;
//   ...
//   server.stop();
//
// Every response carries X-Request-Id: the client's when it is a plain token of at most 128
// characters, otherwise a new one. Each request is counted in edigate_http_requests_total
// {method,route,status} and timed in edigate_http_request_duration_seconds{method,route}, labelled
// with the route template (never the raw path, which would make a series per partner name), and logged
// as an `http.request` line.
#include <edigate/metrics.hpp>
#include <edigate/portal/router.hpp>
#include <edigate/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace edigate::portal {

struct HttpLimits {
  std::size_t max_body = 1 << 20;     // larger: 413
  std::size_t max_header = 16 << 10;  // request line + header fields; larger: 431
  // From a connection's first byte (or its accept) to the whole request read; also bounds writing a
  // response. A client that takes longer is disconnected.
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};  // keep-alive connection waiting for its next request
  std::size_t max_connections = 256;      // beyond this, new connections are closed at once
  unsigned threads = 2;                   // io_context threads; handlers run on them
};

class HttpServer {
 public:
  // The router is fixed from here on. `registry` must outlive the server.
  explicit HttpServer(Router router, HttpLimits limits = {},
                      metrics::Registry& registry = metrics::default_registry());
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on `address` ("127.0.0.1", "::", "0.0.0.0") and `port` (0: a free one, see port())
  // and starts the threads. Once per server.
  Result<void> start(std::string_view address, std::uint16_t port);
  std::uint16_t port() const noexcept;

  // Stops accepting, closes idle and half-read connections, lets requests being handled finish and
  // answer (with Connection: close), and joins the threads. Not from a handler.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edigate::portal
