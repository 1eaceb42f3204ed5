#pragma once
// What the server does with a request once it is read, apart from Beast: routing, running the handler
// and turning whatever goes wrong into problem responses.
#include <edigate/portal/router.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace edigate::portal::detail {

// The route label of requests no template matched.
inline constexpr std::string_view unmatched_route = "unmatched";

// Fills request.route and request.params. A handler's exception becomes a 500 without its text,
// logged with the request id.
Response dispatch(const Router& router, Request& request) noexcept;

// The client's X-Request-Id when it is a plain token (letters, digits, "-_.:", 1 to 128 characters),
// otherwise a new random UUID-shaped id.
std::string choose_request_id(std::optional<std::string_view> from_client);

}  // namespace edigate::portal::detail
