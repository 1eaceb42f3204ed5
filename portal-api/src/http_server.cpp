#include <edigate/portal/http_server.hpp>

#include "beast.hpp"
#include "dispatch.hpp"

#include <edigate/log.hpp>
#include <edigate/portal/problem.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace edigate::portal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

Method method_of(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::get;
    case http::verb::head:
      return Method::head;
    case http::verb::post:
      return Method::post;
    case http::verb::put:
      return Method::put;
    case http::verb::patch:
      return Method::patch;
    case http::verb::delete_:
      return Method::delete_;
    case http::verb::options:
      return Method::options;
    default:
      return Method::other;
  }
}

// Parse errors the client caused (answered 400), as opposed to the connection ending or failing.
bool is_malformed_request(const beast::error_code& ec) {
  if (ec.category() != http::make_error_code(http::error::bad_method).category()) return false;
  return ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::header_limit && ec != http::error::body_limit;
}

}  // namespace

namespace detail {

class HttpSession;

// The server's state, shared by the listener and every session.
struct ServerCore {
  ServerCore(Router r, HttpLimits l, metrics::Registry& reg)
      : router(std::move(r)),
        limits(l),
        registry(reg),
        ioc(static_cast<int>(std::max(1U, l.threads))),
        accept_strand(asio::make_strand(ioc)),
        acceptor(accept_strand),
        retry_timer(accept_strand) {}

  Result<void> register_metrics();
  void do_accept();
  void on_accept(const beast::error_code& ec, tcp::socket socket);
  void run_thread();

  // Sessions register themselves so stop() can reach them; false when the server is stopping.
  bool enter(HttpSession* session, const std::shared_ptr<HttpSession>& shared);
  void leave(HttpSession* session);

  void record(std::string_view method, std::string_view route, unsigned status, Clock::duration elapsed);

  Router router;
  HttpLimits limits;
  metrics::Registry& registry;
  metrics::CounterFamily* requests = nullptr;
  metrics::HistogramFamily* durations = nullptr;
  metrics::Gauge* open_connections = nullptr;

  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> accept_strand;
  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;

  std::atomic<std::size_t> connections{0};
  std::mutex sessions_mutex;  // guards sessions and stopping's transition
  std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions;
  std::atomic<bool> stopping{false};

  std::mutex lifecycle_mutex;  // start() and stop()
  bool started = false;
  bool stopped = false;
};

// One connection: reads requests one after the other (keep-alive) and answers each. Everything it
// does runs on its strand, so its members need no locks.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, ServerCore& server) : stream_(std::move(socket)), server_(server) {
    server_.connections.fetch_add(1);
    server_.open_connections->inc();
  }
  ~HttpSession() {
    server_.leave(this);
    server_.open_connections->dec();
    server_.connections.fetch_sub(1);
  }
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void start() {
    if (!server_.enter(this, shared_from_this())) return;  // stopping: the socket closes with us
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
  }

  // From stop(): an idle or half-read connection closes now; one whose request is being handled
  // finishes answering it first.
  void shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->close_now();
    });
  }

 private:
  void wait_for_request() {
    if (closing_) return close_now();
    parser_.emplace();
    parser_->header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(server_.limits.max_header, UINT32_MAX)));
    parser_->body_limit(server_.limits.max_body);
    if (buffer_.size() > 0) {  // a pipelined request is already here
      stream_.expires_after(server_.limits.read_timeout);
      return read_header();
    }
    // A new connection has read_timeout to send its first request; a kept-alive one may stay quiet
    // for idle_timeout, and then has read_timeout from its next request's first byte.
    stream_.expires_after(first_request_ ? server_.limits.read_timeout : server_.limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close_now();  // closed, timed out or reset while idle
                              self->buffer_.commit(n);
                              if (!self->first_request_)
                                self->stream_.expires_after(self->server_.limits.read_timeout);
                              self->read_header();
                            });
  }

  void read_header() {
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->on_read_error(ec);
                              self->on_header();
                            });
  }

  void on_header() {
    started_ = Clock::now();
    const auto& request = parser_->get();
    // A client that asked may send its body only once told to (curl does for large uploads). A
    // Content-Length over the limit was already refused by the parser, before this point.
    if (!parser_->is_done() && beast::iequals(request[http::field::expect], "100-continue")) {
      continue_.emplace(http::status::continue_, request.version());
      http::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close_now();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return on_request();
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->on_read_error(ec);
                       self->on_request();
                     });
  }

  void on_read_error(const beast::error_code& ec) {
    if (ec == http::error::header_limit) return answer_and_close(ProblemKind::header_too_large);
    if (ec == http::error::body_limit) return answer_and_close(ProblemKind::payload_too_large);
    if (is_malformed_request(ec)) return answer_and_close(ProblemKind::bad_request);
    if (ec == beast::error::timeout) {
      log::debug("http.read_timeout", {{"remote", remote()}});
    }
    close_now();
  }

  void on_request() {
    busy_ = true;
    auto& message = parser_->get();
    Request request;
    request.method = method_of(message.method());
    request.target = std::string(message.target());
    const auto question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.request_id = detail::choose_request_id(request.header("X-Request-Id"));

    Response response = detail::dispatch(server_.router, request);
    const bool keep_alive = message.keep_alive() && !closing_ && !server_.stopping.load();
    const bool head = request.method == Method::head;
    // Methods outside the router's few are one label value: a client cannot mint new series.
    method_label_ = std::string(to_string(request.method));
    route_label_ = request.route;
    request_id_ = request.request_id;
    path_ = request.path;
    write_response(std::move(response), message.version(), keep_alive, head);
  }

  // A request that cannot be read to its end: answer it and close (the rest of it is not read).
  void answer_and_close(ProblemKind kind) {
    busy_ = true;
    started_ = Clock::now();
    std::optional<std::string_view> client_id;
    unsigned version = 11;
    method_label_ = "unknown";
    if (parser_ && parser_->is_header_done()) {
      const auto& message = parser_->get();
      if (auto it = message.find("X-Request-Id"); it != message.end())
        client_id = std::string_view(it->value().data(), it->value().size());
      version = message.version();
      method_label_ = std::string(to_string(method_of(message.method())));
    }
    request_id_ = detail::choose_request_id(client_id);
    route_label_ = std::string(detail::unmatched_route);
    path_.clear();
    std::string_view detail_text =
        kind == ProblemKind::payload_too_large  ? "The request body is over the limit."
        : kind == ProblemKind::header_too_large ? "The request line and header fields are over the limit."
                                                : "The request is not valid HTTP/1.1.";
    write_response(problem(kind, detail_text), version, false, false);
  }

  void write_response(Response response, unsigned version, bool keep_alive, bool head) {
    status_ = response.status;
    auto& out = response_.emplace(static_cast<http::status>(response.status), version);
    for (auto& [name, value] : response.headers) out.insert(name, value);
    out.set("X-Request-Id", request_id_);
    out.body() = std::move(response.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    if (head) out.body().clear();  // Content-Length stays the GET body's length (RFC 9110 9.3.2)
    // Writing is bounded like reading, so a client that stops reading cannot hold the connection.
    stream_.expires_after(server_.limits.read_timeout);
    http::async_write(stream_, out,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        self->on_written(ec, keep_alive);
                      });
  }

  void on_written(const beast::error_code& ec, bool keep_alive) {
    const auto elapsed = Clock::now() - started_;
    server_.record(method_label_, route_label_, status_, elapsed);
    log::info("http.request", {{"request_id", request_id_},
                               {"method", method_label_},
                               {"route", route_label_},
                               {"path", path_},
                               {"status", status_},
                               {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
                               {"remote", remote()}});
    busy_ = false;
    response_.reset();
    if (ec) return close_now();
    if (status_ >= 400 && !keep_alive && parser_ && !parser_->is_done()) return drain_then_close();
    if (!keep_alive || closing_) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return close_now();
    }
    first_request_ = false;
    wait_for_request();
  }

  // Closing a socket with unread bytes makes the kernel send a reset, which can destroy the answer
  // before the client reads it: stop sending, then read and discard for a short while.
  void drain_then_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::min<Clock::duration>(server_.limits.read_timeout, std::chrono::seconds(2)));
    drain_budget_ = server_.limits.max_body + server_.limits.max_header + (64U << 10);
    drain_some();
  }

  void drain_some() {
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec || n >= self->drain_budget_) return self->close_now();
                              self->drain_budget_ -= n;
                              self->drain_some();
                            });
  }

  void close_now() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  std::string remote() const {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    return ec ? std::string() : fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
  }

  beast::tcp_stream stream_;
  ServerCore& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<http::response<http::string_body>> response_;
  std::array<char, 4096> drain_buffer_{};
  std::size_t drain_budget_ = 0;
  bool first_request_ = true;
  bool busy_ = false;     // a request is being handled or answered
  bool closing_ = false;  // the server is stopping: no further requests on this connection
  Clock::time_point started_;
  unsigned status_ = 0;
  std::string method_label_;
  std::string route_label_;
  std::string request_id_;
  std::string path_;
};

}  // namespace detail

struct HttpServer::Impl : detail::ServerCore {
  using ServerCore::ServerCore;
};

Result<void> detail::ServerCore::register_metrics() {
  auto counted = registry.counter("edigate_http_requests_total", "HTTP requests answered, by route template.",
                                  {"method", "route", "status"});
  if (!counted) return counted.error();
  auto timed = registry.histogram("edigate_http_request_duration_seconds",
                                  "Time from a request's header to its answer being written, in seconds.",
                                  {"method", "route"});
  if (!timed) return timed.error();
  auto open = registry.gauge("edigate_http_open_connections", "HTTP connections open now.");
  if (!open) return open.error();
  requests = *counted;
  durations = *timed;
  open_connections = &(*open)->get();
  return {};
}

void detail::ServerCore::record(std::string_view method, std::string_view route, unsigned status,
                                Clock::duration elapsed) {
  const std::string status_text = std::to_string(status);
  requests->labels({method, route, status_text}).inc();
  durations->labels({method, route}).observe(elapsed);
}

bool detail::ServerCore::enter(HttpSession* session, const std::shared_ptr<HttpSession>& shared) {
  std::lock_guard lock(sessions_mutex);
  if (stopping.load()) return false;
  sessions.emplace(session, shared);
  return true;
}

void detail::ServerCore::leave(HttpSession* session) {
  std::lock_guard lock(sessions_mutex);
  sessions.erase(session);
}

void detail::ServerCore::do_accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void detail::ServerCore::on_accept(const beast::error_code& ec, tcp::socket socket) {
  if (stopping.load() || !acceptor.is_open()) return;
  if (ec) {
    // Out of file descriptors, most likely: wait a moment instead of spinning on accept.
    log::warn("http.accept_failed", {{"error", ec.message()}});
    retry_timer.expires_after(std::chrono::milliseconds(100));
    retry_timer.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec) do_accept();
    });
    return;
  }
  if (connections.load() >= limits.max_connections) {
    log::warn("http.connection_refused",
              {{"open_connections", connections.load()}, {"max_connections", limits.max_connections}});
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    std::make_shared<HttpSession>(std::move(socket), *this)->start();
  }
  do_accept();
}

void detail::ServerCore::run_thread() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      // Handlers catch their own exceptions; this is a bug in the server, so keep serving and say so.
      log::error("http.io_thread_exception", {{"error", e.what()}});
    }
  }
}

HttpServer::HttpServer(Router router, HttpLimits limits, metrics::Registry& registry)
    : impl_(std::make_unique<Impl>(std::move(router), limits, registry)) {}

HttpServer::~HttpServer() {
  try {
    stop();
  } catch (...) {
    // Only joining a thread can throw here, and a destructor has no one left to tell.
  }
}

Result<void> HttpServer::start(std::string_view address, std::uint16_t port) {
  std::lock_guard lock(impl_->lifecycle_mutex);
  auto failure = [&](ErrorCode code, std::string message) {
    Error e;
    e.code = code;
    e.where.file = fmt::format("{}:{}", address, port);
    e.message = std::move(message);
    return e;
  };
  if (impl_->started) return failure(ErrorCode::usage, "the server was already started");
  if (auto registered = impl_->register_metrics(); !registered) return registered.error();

  beast::error_code ec;
  const auto ip = asio::ip::make_address(std::string(address), ec);
  if (ec) return failure(ErrorCode::usage, fmt::format("\"{}\" is not an IP address", address));
  const tcp::endpoint endpoint(ip, port);
  auto& acceptor = impl_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return failure(ErrorCode::io_error, "cannot open a socket: " + ec.message());
  }
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    acceptor.close(ec);
    return failure(ErrorCode::io_error, "cannot listen: " + ec.message());
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    acceptor.close(ec);
    return failure(ErrorCode::io_error, "cannot listen: " + ec.message());
  }
  impl_->port = acceptor.local_endpoint(ec).port();
  impl_->started = true;
  asio::dispatch(impl_->accept_strand, [impl = impl_.get()] { impl->do_accept(); });
  const unsigned threads = std::max(1U, impl_->limits.threads);
  for (unsigned i = 0; i < threads; ++i)
    impl_->threads.emplace_back([impl = impl_.get()] { impl->run_thread(); });
  log::info("http.listening", {{"address", address}, {"port", impl_->port}, {"threads", threads}});
  return {};
}

std::uint16_t HttpServer::port() const noexcept {
  return impl_->port;
}

void HttpServer::stop() {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (!impl_->started || impl_->stopped) return;
  std::vector<std::shared_ptr<detail::HttpSession>> live;
  {
    std::lock_guard sessions_lock(impl_->sessions_mutex);
    impl_->stopping.store(true);
    for (auto& [raw, weak] : impl_->sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  asio::post(impl_->accept_strand, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->retry_timer.cancel();
  });
  for (auto& session : live) session->shutdown();
  live.clear();
  // Once every connection has closed and the acceptor with them, the io_context runs out of work.
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  impl_->stopped = true;
  log::info("http.stopped", {{"port", impl_->port}});
}

}  // namespace edigate::portal
