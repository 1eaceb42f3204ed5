#pragma once
// Typed query parameters: every parameter a route does not know, and every value of the wrong type,
// is a 400 that names the parameter, so a typo in a filter never silently widens a search.
#include <edigate/portal/http.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::portal {

class QueryReader {
 public:
  // `known`: the route's parameters (page_size and page_token are added by page()).
  QueryReader(const Request& request, std::initializer_list<std::string_view> known);

  // A plain value of at most `max_size` characters; "" when absent.
  std::string text(std::string_view name, std::size_t max_size = 64);
  // One of `allowed`; "" when absent.
  std::string one_of(std::string_view name, std::initializer_list<std::string_view> allowed);
  // An RFC 3339 date-time (any offset) or a full date (midnight UTC), as UTC "YYYY-MM-DDTHH:MM:SSZ".
  std::string timestamp(std::string_view name);

  struct Page {
    std::size_t size = 50;
    std::int64_t before_id = 0;  // 0: the first page
  };
  // page_size (1..500) and page_token, which must come from a response to the same filters.
  Page page();

  bool ok() const noexcept { return errors_.empty(); }
  // 400 with one {"parameter","detail"} per problem.
  Response problem() const;
  // The token that continues after `last_id` under the same filters.
  std::string next_page_token(std::int64_t last_id) const;

 private:
  std::optional<std::string> raw(std::string_view name);
  void fail(std::string_view name, std::string detail);
  std::string fingerprint() const;

  std::vector<std::pair<std::string, std::string>> params_;
  std::string route_;
  nlohmann::json errors_ = nlohmann::json::array();
};

// "2026-11-25T19:20:00+02:00" → "2026-11-25T17:20:00Z"; nullopt when it is not RFC 3339.
std::optional<std::string> normalize_timestamp(std::string_view text);
// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time.
std::optional<long long> epoch_seconds(std::string_view text);

}  // namespace edigate::portal
