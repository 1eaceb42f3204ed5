#include <edigate/portal/http.hpp>

#include <nlohmann/json.hpp>

#include <array>

namespace edigate::portal {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::array method_names = {std::pair{Method::get, std::string_view("GET")},
                                     std::pair{Method::head, std::string_view("HEAD")},
                                     std::pair{Method::post, std::string_view("POST")},
                                     std::pair{Method::put, std::string_view("PUT")},
                                     std::pair{Method::patch, std::string_view("PATCH")},
                                     std::pair{Method::delete_, std::string_view("DELETE")},
                                     std::pair{Method::options, std::string_view("OPTIONS")}};

}  // namespace

std::string_view to_string(Method method) noexcept {
  for (const auto& [value, name] : method_names) {
    if (value == method) return name;
  }
  return "OTHER";
}

Method parse_method(std::string_view name) noexcept {
  // Methods are case-sensitive (RFC 9110 9.1): "get" is not GET.
  for (const auto& [value, text] : method_names) {
    if (text == name) return value;
  }
  return Method::other;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  return find_header(headers, name);
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    const auto key = percent_decode(pair.substr(0, eq), true);
    if (!key || *key != name) continue;
    return percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

Response& Response::set_header(std::string_view name, std::string value) {
  std::erase_if(headers, [name](const auto& header) { return iequals(header.first, name); });
  headers.emplace_back(std::string(name), std::move(value));
  return *this;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  return find_header(headers, name);
}

Response Response::json(unsigned status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.set_header("Content-Type", "application/json");
  return response;
}

Response Response::text(unsigned status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.set_header("Content-Type", std::move(content_type));
  return response;
}

}  // namespace edigate::portal
