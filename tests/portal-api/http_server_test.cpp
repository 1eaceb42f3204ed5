// The server over real sockets on 127.0.0.1: libcurl as the client, raw sockets where a client must
// misbehave. Every wait is bounded (a few seconds); nothing asserts how long something took.
#include <edigate/log.hpp>
#include <edigate/metrics.hpp>
#include <edigate/portal/builtin_routes.hpp>
#include <edigate/portal/http_server.hpp>
#include <edigate/portal/problem.hpp>

#include "portal-api/http_client.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace edigate::portal {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::Reply;
using testing::curl_ready;

// A server on 127.0.0.1 and a free port, with the built-in routes and a few for the tests.
class TestServer {
 public:
  explicit TestServer(HttpLimits limits = {}) {
    limits.threads = 2;
    Router router;
    add_health_routes(router);
    add_metrics_route(router, registry_);
    router.add(Method::post, "/v1/echo", [](const Request& request) {
      return Response::text(200, request.body, "application/octet-stream");
    });
    router.add(Method::get, "/v1/partners/{name}", [](const Request& request) {
      return Response::json(200, {{"name", request.param("name")}, {"route", request.route}});
    });
    router.add(Method::get, "/v1/boom", [](const Request&) -> Response {
      throw std::runtime_error("secret internal detail: store at 10.0.0.5 refused");
    });
    server_ = std::make_unique<HttpServer>(std::move(router), limits, registry_);
    auto started = server_->start("127.0.0.1", 0);
    if (!started) ADD_FAILURE() << started.error().describe();
  }

  HttpServer& server() { return *server_; }
  metrics::Registry& registry() { return registry_; }
  std::uint16_t port() const { return server_->port(); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
  }

 private:
  metrics::Registry registry_;  // declared first: outlives the server that counts into it
  std::unique_ptr<HttpServer> server_;
};

// A plain TCP connection for clients that misbehave.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { close(); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  void send(std::string_view bytes) const {
    ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Reads until the server closes the connection (true) or `limit` passes (false).
  bool read_until_closed(std::chrono::milliseconds limit, std::string& received) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      pollfd waiting{fd_, POLLIN, 0};
      const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
      if (ready == 0) return false;
      if (ready < 0) continue;  // EINTR
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return true;  // orderly close, or reset
      received.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

// Captures the process logger's lines for the life of the object.
class CapturedLog {
 public:
  CapturedLog() {
    log::logger().to_callback([this](std::string_view line) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    });
  }
  ~CapturedLog() { log::logger().to_stderr(); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  std::vector<nlohmann::json> events(const std::string& name) {
    std::lock_guard lock(mutex_);
    std::vector<nlohmann::json> out;
    for (const auto& line : lines_) {
      auto parsed = nlohmann::json::parse(line);
      if (parsed.at("event") == name) out.push_back(std::move(parsed));
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

void expect_problem(const Reply& reply, long status, const std::string& slug) {
  EXPECT_EQ(reply.status, status);
  EXPECT_EQ(reply.header("content-type"), "application/problem+json");
  const auto body = reply.json();
  EXPECT_EQ(body.at("type"), "https://edigate.dev/problems/" + slug);
  EXPECT_EQ(body.at("status"), status);
  EXPECT_TRUE(body.at("title").is_string());
}

TEST(HttpServer, Health) {
  ASSERT_EQ(curl_ready, CURLE_OK);
  TestServer server;
  Client client;
  const auto reply = client.request("GET", server.url("/v1/health"));
  ASSERT_EQ(reply.code, CURLE_OK);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("content-type"), "application/json");
  EXPECT_EQ(reply.json(), (nlohmann::json{{"status", "ok"}}));
  EXPECT_FALSE(reply.header("x-request-id").empty());
}

TEST(HttpServer, HeadAnswersWithoutABody) {
  TestServer server;
  Client client;
  const auto get = client.request("GET", server.url("/v1/health"));
  const auto head = client.request("HEAD", server.url("/v1/health"));
  ASSERT_EQ(head.code, CURLE_OK);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
}

TEST(HttpServer, PathParametersReachTheHandler) {
  TestServer server;
  Client client;
  const auto reply = client.request("GET", server.url("/v1/partners/north%20wind"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json(), (nlohmann::json{{"name", "north wind"}, {"route", "/v1/partners/{name}"}}));
}

TEST(HttpServer, MetricsCountRequestsByRouteTemplate) {
  TestServer server;
  Client client;  // one connection: each request is counted before the next is read
  EXPECT_EQ(client.request("GET", server.url("/v1/health")).status, 200);
  EXPECT_EQ(client.request("GET", server.url("/v1/health")).status, 200);
  EXPECT_EQ(client.request("GET", server.url("/v1/partners/acme")).status, 200);
  EXPECT_EQ(client.request("GET", server.url("/v1/partners/northwind")).status, 200);
  EXPECT_EQ(client.request("GET", server.url("/nowhere")).status, 404);
  EXPECT_EQ(client.request("DELETE", server.url("/v1/health")).status, 405);

  const auto reply = client.request("GET", server.url("/metrics"));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = reply.body;
  for (const char* sample : {
           "edigate_http_requests_total{method=\"GET\",route=\"/v1/health\",status=\"200\"} 2\n",
           "edigate_http_requests_total{method=\"GET\",route=\"/v1/partners/{name}\",status=\"200\"} 2\n",
           "edigate_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n",
           "edigate_http_requests_total{method=\"DELETE\",route=\"/v1/health\",status=\"405\"} 1\n",
           "edigate_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/health\"} 2\n",
           "request_duration_seconds_bucket{method=\"GET\",route=\"/v1/health\",le=\"+Inf\"} 2\n",
           "# TYPE edigate_http_request_duration_seconds histogram\n",
           "edigate_http_open_connections 1\n",
       }) {
    EXPECT_NE(text.find(sample), std::string::npos) << sample << "\nin\n" << text;
  }
  EXPECT_EQ(text.find("route=\"/v1/partners/acme\""), std::string::npos);  // never the raw path
}

TEST(HttpServer, UnknownPathIsNotFoundProblem) {
  TestServer server;
  Client client;
  const auto reply = client.request("GET", server.url("/v1/nothing-here?x=1"));
  expect_problem(reply, 404, "not-found");
  EXPECT_EQ(reply.json().at("instance"), "/v1/nothing-here");
}

TEST(HttpServer, WrongMethodIsMethodNotAllowedWithAllow) {
  TestServer server;
  Client client;
  const auto reply = client.request("POST", server.url("/v1/health"), "{}");
  expect_problem(reply, 405, "method-not-allowed");
  EXPECT_EQ(reply.header("allow"), "GET, HEAD");
  const auto echo = client.request("GET", server.url("/v1/echo"));
  expect_problem(echo, 405, "method-not-allowed");
  EXPECT_EQ(echo.header("allow"), "POST");
}

TEST(HttpServer, BodyWithinTheLimitArrives) {
  HttpLimits limits;
  limits.max_body = 1024;
  TestServer server(limits);
  Client client;
  const std::string body(1024, 'b');
  const auto reply = client.request("POST", server.url("/v1/echo"), body, {"Expect:"});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, body);
}

TEST(HttpServer, BodyOverTheLimitIsPayloadTooLarge) {
  HttpLimits limits;
  limits.max_body = 1024;
  TestServer server(limits);
  Client client;
  // Sent whole, without waiting for the server ("Expect:" switches 100-continue off)...
  const auto sent = client.request("POST", server.url("/v1/echo"), std::string(4096, 'x'), {"Expect:"});
  ASSERT_EQ(sent.code, CURLE_OK) << curl_easy_strerror(sent.code);
  expect_problem(sent, 413, "payload-too-large");
  EXPECT_EQ(sent.header("connection"), "close");
  // ... and announced with Expect: 100-continue, refused before the body is sent.
  Client other;
  const auto asked =
      other.request("POST", server.url("/v1/echo"), std::string(4096, 'x'), {"Expect: 100-continue"});
  ASSERT_EQ(asked.code, CURLE_OK) << curl_easy_strerror(asked.code);
  expect_problem(asked, 413, "payload-too-large");
  ASSERT_EQ(asked.status_lines.size(), 1U);
}

TEST(HttpServer, ExpectContinueGetsAContinue) {
  TestServer server;
  Client client;
  const std::string body(2048, 'c');
  const auto reply = client.request("POST", server.url("/v1/echo"), body, {"Expect: 100-continue"});
  ASSERT_EQ(reply.code, CURLE_OK);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, body);
  ASSERT_EQ(reply.status_lines.size(), 2U);
  EXPECT_EQ(reply.status_lines[0].rfind("HTTP/1.1 100", 0), 0U) << reply.status_lines[0];
}

TEST(HttpServer, HeaderOverTheLimitIsHeaderTooLarge) {
  HttpLimits limits;
  limits.max_header = 1024;
  TestServer server(limits);
  Client client;
  const auto reply =
      client.request("GET", server.url("/v1/health"), {}, {"X-Big: " + std::string(2000, 'h')});
  ASSERT_EQ(reply.code, CURLE_OK) << curl_easy_strerror(reply.code);
  expect_problem(reply, 431, "header-too-large");
}

TEST(HttpServer, KeepAliveReusesTheConnection) {
  TestServer server;
  Client client;
  const auto first = client.request("GET", server.url("/v1/health"));
  const auto second = client.request("GET", server.url("/v1/health"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(first.new_connections, 1);
  EXPECT_EQ(second.new_connections, 0);
}

TEST(HttpServer, SlowClientIsDisconnectedAfterTheReadTimeout) {
  HttpLimits limits;
  limits.read_timeout = 1s;
  TestServer server(limits);
  RawConnection slow(server.port());
  ASSERT_TRUE(slow.connected());
  slow.send("GET /v1/hea");  // half a request line, and then nothing
  std::string received;
  EXPECT_TRUE(slow.read_until_closed(5s, received)) << "still open after 5 s";
  EXPECT_EQ(received, "");  // closed, not answered
}

TEST(HttpServer, IdleKeptAliveConnectionIsClosedAfterTheIdleTimeout) {
  HttpLimits limits;
  limits.idle_timeout = 1s;
  TestServer server(limits);
  RawConnection idle(server.port());
  ASSERT_TRUE(idle.connected());
  idle.send("GET /v1/health HTTP/1.1\r\nHost: test\r\n\r\n");
  std::string received;
  EXPECT_TRUE(idle.read_until_closed(5s, received)) << "still open after 5 s";
  EXPECT_EQ(received.rfind("HTTP/1.1 200 OK\r\n", 0), 0U) << received;
}

TEST(HttpServer, MalformedRequestIsBadRequestThenClosed) {
  TestServer server;
  RawConnection client(server.port());
  ASSERT_TRUE(client.connected());
  client.send("this is not http\r\n\r\n");
  std::string received;
  EXPECT_TRUE(client.read_until_closed(5s, received)) << "still open after 5 s";
  EXPECT_EQ(received.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0U) << received;
  EXPECT_NE(received.find("application/problem+json"), std::string::npos);
  EXPECT_NE(received.find("https://edigate.dev/problems/bad-request"), std::string::npos);
}

TEST(HttpServer, HandlerExceptionIsAnInternalProblemWithoutItsText) {
  CapturedLog log;
  TestServer server;
  Client client;
  const auto reply = client.request("GET", server.url("/v1/boom"));
  expect_problem(reply, 500, "internal");
  EXPECT_EQ(reply.body.find("secret internal detail"), std::string::npos);
  EXPECT_EQ(reply.body.find("10.0.0.5"), std::string::npos);
  const auto failures = log.events("http.handler_failed");
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].at("request_id"), reply.header("x-request-id"));
  EXPECT_EQ(failures[0].at("route"), "/v1/boom");
  EXPECT_NE(failures[0].at("error").get<std::string>().find("secret internal detail"), std::string::npos);
  // The server keeps serving.
  EXPECT_EQ(client.request("GET", server.url("/v1/health")).status, 200);
}

TEST(HttpServer, RequestsAreLoggedWithoutTheirQuery) {
  CapturedLog log;
  TestServer server;
  Client client;
  const auto reply =
      client.request("GET", server.url("/v1/partners/acme?token=abc"), {}, {"X-Request-Id: trace-1"});
  ASSERT_EQ(reply.status, 200);
  server.server().stop();  // the line is written after the answer: stopping waits for it
  const auto requests = log.events("http.request");
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].at("request_id"), "trace-1");
  EXPECT_EQ(requests[0].at("route"), "/v1/partners/{name}");
  EXPECT_EQ(requests[0].at("path"), "/v1/partners/acme");
  EXPECT_EQ(requests[0].at("status"), 200);
}

TEST(HttpServer, RequestIdIsEchoedWhenSaneAndGeneratedOtherwise) {
  TestServer server;
  Client client;
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

  const auto echoed = client.request("GET", server.url("/v1/health"), {}, {"X-Request-Id: abc-123.DEF:9_x"});
  EXPECT_EQ(echoed.header("x-request-id"), "abc-123.DEF:9_x");

  const auto spaced = client.request("GET", server.url("/v1/health"), {}, {"X-Request-Id: has space"});
  EXPECT_TRUE(std::regex_match(spaced.header("x-request-id"), uuid)) << spaced.header("x-request-id");

  const auto too_long =
      client.request("GET", server.url("/v1/health"), {}, {"X-Request-Id: " + std::string(129, 'a')});
  EXPECT_TRUE(std::regex_match(too_long.header("x-request-id"), uuid));
  const auto longest =
      client.request("GET", server.url("/v1/health"), {}, {"X-Request-Id: " + std::string(128, 'a')});
  EXPECT_EQ(longest.header("x-request-id"), std::string(128, 'a'));

  const auto first = client.request("GET", server.url("/v1/health"));
  const auto second = client.request("GET", server.url("/nowhere"));
  EXPECT_TRUE(std::regex_match(first.header("x-request-id"), uuid));
  EXPECT_TRUE(std::regex_match(second.header("x-request-id"), uuid));
  EXPECT_NE(first.header("x-request-id"), second.header("x-request-id"));
}

TEST(HttpServer, ConnectionsOverTheLimitAreClosed) {
  HttpLimits limits;
  limits.max_connections = 2;
  limits.read_timeout = 30s;  // the two held connections must outlast the test
  TestServer server(limits);
  auto first = std::make_unique<RawConnection>(server.port());
  RawConnection second(server.port());
  ASSERT_TRUE(first->connected());
  ASSERT_TRUE(second.connected());
  RawConnection third(server.port());  // the kernel accepts it; the server closes it
  std::string received;
  EXPECT_TRUE(third.read_until_closed(5s, received)) << "third connection still open after 5 s";
  EXPECT_EQ(received, "");

  // Once one goes away, there is room again (the server notices the close on its own time).
  first.reset();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    Client client;
    served = client.request("GET", server.url("/v1/health")).status == 200;
    if (!served) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(served);
}

TEST(HttpServer, StopReturnsWhileClientsAreConnected) {
  TestServer server;
  Client kept_alive;
  ASSERT_EQ(kept_alive.request("GET", server.url("/v1/health")).status, 200);  // its connection stays open
  RawConnection half(server.port());
  ASSERT_TRUE(half.connected());
  half.send("GET /v1/health HTTP/1.1\r\nHost: te");
  RawConnection silent(server.port());
  ASSERT_TRUE(silent.connected());

  auto stopped = std::async(std::launch::async, [&server] { server.server().stop(); });
  if (stopped.wait_for(5s) != std::future_status::ready) {
    ADD_FAILURE() << "stop() did not return within 5 s";
    std::abort();  // the future's destructor would wait for ever
  }
  std::string received;
  EXPECT_TRUE(half.read_until_closed(5s, received));
  EXPECT_TRUE(silent.read_until_closed(5s, received));
  RawConnection after(server.port());
  EXPECT_FALSE(after.connected());  // nothing listens any more
}

TEST(HttpServer, StartTwiceOrOnABadAddressIsAnError) {
  TestServer server;
  const auto again = server.server().start("127.0.0.1", 0);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::usage);

  metrics::Registry registry;
  HttpServer bad_address(Router{}, HttpLimits{}, registry);
  const auto result = bad_address.start("not-an-address", 0);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::usage);

  HttpServer port_taken(Router{}, HttpLimits{}, registry);
  const auto taken = port_taken.start("127.0.0.1", server.port());
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::io_error);
}

TEST(HttpServer, ManyConcurrentClientsAreAllAnsweredAndCounted) {
  TestServer server;
  constexpr int clients = 8;
  constexpr int per_client = 25;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&server, &ok] {
      Client client;
      for (int i = 0; i < per_client; ++i) {
        if (client.request("GET", server.url("/v1/health")).status == 200) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), clients * per_client);
  server.server().stop();  // every answer has been counted once stop() returns
  const auto text = server.registry().render();
  EXPECT_NE(text.find("edigate_http_requests_total{method=\"GET\",route=\"/v1/health\",status=\"200\"} " +
                      std::to_string(clients * per_client) + "\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace edigate::portal
