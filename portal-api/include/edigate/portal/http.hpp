#pragma once
// The HTTP request and response as plain values: what a handler reads and what it returns. The server
// converts them from and to Boost.Beast messages, so handlers (and their tests) never see Beast.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edigate::portal {

enum class Method : std::uint8_t { get, head, post, put, patch, delete_, options, other };

// "GET", "HEAD", ...; "OTHER" for methods the router cannot route.
std::string_view to_string(Method method) noexcept;
Method parse_method(std::string_view name) noexcept;

using Headers = std::vector<std::pair<std::string, std::string>>;

// %XX sequences decoded (and '+' as a space when `plus_is_space`, as in query strings). A truncated
// or non-hex escape: nullopt.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

struct Request {
  Method method = Method::get;
  std::string target;  // as sent: path and query
  std::string path;    // the target up to '?', not decoded
  std::string query;   // after '?', not decoded
  Headers headers;     // in the order received
  std::string body;
  std::string request_id;  // the X-Request-Id the response carries (the client's or a new one)
  std::string route;       // the route template that matched, e.g. "/v1/partners/{name}"
  std::vector<std::pair<std::string, std::string>> params;  // template captures, percent-decoded

  // First header of that name (case-insensitive).
  std::optional<std::string_view> header(std::string_view name) const;
  // A capture of the route template; "" when the template has none of that name.
  std::string_view param(std::string_view name) const;
  // First query parameter of that name, decoded; nullopt when absent or badly encoded.
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  Headers headers;
  std::string body;

  // Replaces every header of that name (case-insensitive).
  Response& set_header(std::string_view name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;

  // `body` serialised, Content-Type application/json.
  static Response json(unsigned status, const nlohmann::json& body);
  static Response text(unsigned status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
};

}  // namespace edigate::portal
