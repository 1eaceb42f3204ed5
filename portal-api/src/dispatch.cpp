#include "dispatch.hpp"

#include <edigate/log.hpp>
#include <edigate/portal/problem.hpp>

#include <fmt/format.h>

#include <exception>
#include <random>

namespace edigate::portal::detail {
namespace {

bool is_token_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':';
}

Response handler_failed(const Request& request, std::string_view what) {
  log::error("http.handler_failed", {{"request_id", request.request_id},
                                     {"method", to_string(request.method)},
                                     {"route", request.route},
                                     {"error", what}});
  return problem(ProblemKind::internal,
                 "The request could not be completed. The server's log has the cause under this request's "
                 "X-Request-Id.");
}

}  // namespace

Response dispatch(const Router& router, Request& request) noexcept {
  try {
    RouteMatch match = router.match(request.method, request.path);
    switch (match.outcome) {
      case RouteMatch::Outcome::not_found:
        request.route = std::string(unmatched_route);
        return problem(ProblemKind::not_found, "No resource at this path.", request.path);
      case RouteMatch::Outcome::method_not_allowed: {
        request.route = std::move(match.route);
        std::string allow;
        for (Method method : match.allowed) {
          if (!allow.empty()) allow += ", ";
          allow += to_string(method);
        }
        Response response = problem(
            ProblemKind::method_not_allowed,
            fmt::format("{} is not allowed here; allowed: {}.",
                        request.method == Method::other ? "This method" : to_string(request.method), allow),
            request.path);
        response.set_header("Allow", std::move(allow));
        return response;
      }
      case RouteMatch::Outcome::found:
        break;
    }
    request.route = std::move(match.route);
    request.params = std::move(match.params);
    try {
      return (*match.handler)(request);
    } catch (const std::exception& e) {
      return handler_failed(request, e.what());
    } catch (...) {
      return handler_failed(request, "an exception that is not a std::exception");
    }
  } catch (...) {
    // Out of memory while routing or while building the problem itself.
    Response response;
    response.status = 500;
    return response;
  }
}

std::string choose_request_id(std::optional<std::string_view> from_client) {
  if (from_client && !from_client->empty() && from_client->size() <= 128) {
    bool sane = true;
    for (char c : *from_client) sane = sane && is_token_char(c);
    if (sane) return std::string(*from_client);
  }
  // Unpredictability is not needed, only uniqueness: a per-thread generator seeded once is enough.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const std::uint64_t high = generator();
  const std::uint64_t low = generator();
  // Shaped as a version 4 UUID, which log tools recognise.
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", high >> 32U, (high >> 16U) & 0xFFFFU,
                     high & 0x0FFFU, (low >> 48U & 0x3FFFU) | 0x8000U, low & 0xFFFFFFFFFFFFULL);
}

}  // namespace edigate::portal::detail
