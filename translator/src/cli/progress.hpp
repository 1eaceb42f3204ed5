#pragma once
// Progress on stderr for long runs over big files, only when stderr is a terminal.
#include <chrono>
#include <cstdint>
#include <string>

namespace edigate::cli {

class Progress {
 public:
  // Shows nothing for inputs smaller than `threshold` bytes or when stderr is not a terminal.
  Progress(std::string label, std::uint64_t total, std::uint64_t threshold = 64ULL << 20);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Cheap enough to call per interchange: it redraws at most a few times a second.
  void update(std::uint64_t done);

 private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace edigate::cli
