#include "api/query.hpp"

#include <edigate/base64url.hpp>
#include <edigate/portal/problem.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace edigate::portal {
namespace {

constexpr std::size_t max_page_size = 500;

bool digits(std::string_view text, std::size_t from, std::size_t count, int& out) {
  if (from + count > text.size()) return false;
  out = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil calendar algorithm).
long long days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(long long z, int& y, int& m, int& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

}  // namespace

std::optional<std::string> normalize_timestamp(std::string_view t) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(t, 0, 4, y) || t.size() < 10 || t[4] != '-' || !digits(t, 5, 2, mo) || t[7] != '-' || !digits(t, 8, 2, d)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  long long offset_minutes = 0;
  if (t.size() > 10) {
    if ((t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !digits(t, 11, 2, h) || t.size() < 19 || t[13] != ':' ||
        !digits(t, 14, 2, mi) || t[16] != ':' || !digits(t, 17, 2, s)) {
      return std::nullopt;
    }
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
    std::size_t at = 19;
    if (at < t.size() && t[at] == '.') {
      ++at;
      const std::size_t first = at;
      while (at < t.size() && t[at] >= '0' && t[at] <= '9') ++at;
      if (at == first) return std::nullopt;  // fractions are dropped: the store keeps whole seconds
    }
    if (at == t.size()) return std::nullopt;  // RFC 3339 requires the offset
    if (t[at] == 'Z' || t[at] == 'z') {
      if (at + 1 != t.size()) return std::nullopt;
    } else if (t[at] == '+' || t[at] == '-') {
      int oh = 0, om = 0;
      if (t.size() != at + 6 || !digits(t, at + 1, 2, oh) || t[at + 3] != ':' || !digits(t, at + 4, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset_minutes = (oh * 60 + om) * (t[at] == '+' ? 1 : -1);
    } else {
      return std::nullopt;
    }
  }
  if (s == 60) s = 59;  // a leap second sorts with the second before it
  long long seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset_minutes * 60;
  const long long days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  long long rest = seconds - days * 86400;
  civil_from_days(days, y, mo, d);
  if (y < 0 || y > 9999) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, mo, d, rest / 3600, rest / 60 % 60, rest % 60);
}

std::optional<long long> epoch_seconds(std::string_view text) {
  const auto normal = normalize_timestamp(text);
  if (!normal) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  digits(*normal, 0, 4, y);
  digits(*normal, 5, 2, mo);
  digits(*normal, 8, 2, d);
  digits(*normal, 11, 2, h);
  digits(*normal, 14, 2, mi);
  digits(*normal, 17, 2, s);
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

QueryReader::QueryReader(const Request& request, std::initializer_list<std::string_view> known) {
  route_ = request.route;  // the fingerprint binds a page token to its route
  std::string_view rest = request.query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto key = percent_decode(pair.substr(0, eq), true);
    const auto value = percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!key || !value) {
      fail(key.value_or(std::string(pair.substr(0, eq))), "is not correctly percent-encoded");
      continue;
    }
    if (std::find(known.begin(), known.end(), *key) == known.end()) {
      fail(*key, "is not a parameter of this resource");
      continue;
    }
    if (std::any_of(params_.begin(), params_.end(), [&](const auto& p) { return p.first == *key; })) {
      fail(*key, "is given more than once");
      continue;
    }
    params_.emplace_back(*key, *value);
  }
}

void QueryReader::fail(std::string_view name, std::string detail) {
  errors_.push_back({{"parameter", std::string(name)}, {"detail", std::move(detail)}});
}

std::optional<std::string> QueryReader::raw(std::string_view name) {
  for (const auto& [k, v] : params_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::string QueryReader::text(std::string_view name, std::size_t max_size) {
  auto value = raw(name);
  if (!value) return {};
  if (value->empty()) {
    fail(name, "is empty");
    return {};
  }
  if (value->size() > max_size) {
    fail(name, fmt::format("has more than {} characters", max_size));
    return {};
  }
  for (char c : *value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      fail(name, "holds a control character");
      return {};
    }
  }
  return *value;
}

std::string QueryReader::one_of(std::string_view name, std::initializer_list<std::string_view> allowed) {
  auto value = raw(name);
  if (!value) return {};
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return *value;
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fail(name, "is not one of " + list);
  return {};
}

std::string QueryReader::timestamp(std::string_view name) {
  auto value = raw(name);
  if (!value) return {};
  auto normal = normalize_timestamp(*value);
  if (!normal) {
    fail(name, "is not an RFC 3339 date-time (2026-11-25T17:20:00Z) or date (2026-11-25)");
    return {};
  }
  return *normal;
}

std::string QueryReader::fingerprint() const {
  std::vector<std::string> parts;
  for (const auto& [k, v] : params_) {
    if (k != "page_size" && k != "page_token") parts.push_back(k + "=" + v);
  }
  std::sort(parts.begin(), parts.end());
  // FNV-1a: a checksum against mixing up pages of different searches, not a secret.
  std::uint64_t hash = 1469598103934665603ULL;
  const auto add = [&hash](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0xFFU;
    hash *= 1099511628211ULL;
  };
  add(route_);
  for (const auto& p : parts) add(p);
  return fmt::format("{:016x}", hash);
}

QueryReader::Page QueryReader::page() {
  Page page;
  if (auto size = raw("page_size")) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), n);
    if (ec != std::errc() || end != size->data() + size->size() || n < 1 || n > max_page_size) {
      fail("page_size", fmt::format("is not a whole number from 1 to {}", max_page_size));
    } else {
      page.size = n;
    }
  }
  if (auto token = raw("page_token")) {
    const auto decoded = token->size() <= 128 ? base64url_decode(*token) : std::nullopt;
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    long long id = 0;
    bool good = colon != std::string::npos && decoded->substr(colon + 1) == fingerprint();
    if (good) {
      const auto [end, ec] = std::from_chars(decoded->data(), decoded->data() + colon, id);
      good = ec == std::errc() && end == decoded->data() + colon && id > 0;
    }
    if (!good) {
      fail("page_token", "is not a page token of this search (it must come from a response to the same filters)");
    } else {
      page.before_id = id;
    }
  }
  return page;
}

std::string QueryReader::next_page_token(std::int64_t last_id) const {
  return base64url_encode(fmt::format("{}:{}", last_id, fingerprint()));
}

Response QueryReader::problem() const {
  std::string detail;
  for (const auto& e : errors_) {
    if (!detail.empty()) detail += " ";
    detail += "Query parameter " + e["parameter"].get<std::string>() + " " + e["detail"].get<std::string>() + ".";
  }
  return problem_with_members(ProblemKind::bad_request, detail, {{"errors", errors_}});
}

}  // namespace edigate::portal
