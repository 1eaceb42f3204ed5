#include "store/stamps.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>

namespace edigate::partners::detail {

std::string plus_minutes(const std::string& at, unsigned minutes) {
  std::tm tm{};
  if (strptime(at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return {};
  std::time_t t = timegm(&tm) + static_cast<std::time_t>(minutes) * 60;
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &out);
  return buf;
}

std::string new_correlation_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^
                                          static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace edigate::partners::detail
