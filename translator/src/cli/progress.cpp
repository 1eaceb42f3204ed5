#include "cli/progress.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <unistd.h>

namespace edigate::cli {

Progress::Progress(std::string label, std::uint64_t total, std::uint64_t threshold)
    : label_(std::move(label)),
      total_(total),
      enabled_(total >= threshold && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (drawn_) fmt::print(stderr, "\r\033[K");
}

void Progress::update(std::uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds / 1e6 : 0.0;
  fmt::print(stderr, "\r\033[K{}: {:5.1f}%  {:.0f} MB of {:.0f} MB  {:.0f} MB/s", label_,
             100.0 * static_cast<double>(done) / static_cast<double>(total_), static_cast<double>(done) / 1e6,
             static_cast<double>(total_) / 1e6, rate);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace edigate::cli
