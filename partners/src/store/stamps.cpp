#include "store/stamps.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>

namespace edigate::partners::detail {

std::string new_correlation_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^
                                          static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace edigate::partners::detail
