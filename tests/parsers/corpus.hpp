#pragma once
// The round-trip corpus: every *.edi under tests/data/parsers/valid/ and samples/.
#include <edigate/edi/source.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::testing {

// A pipe or socket: reads return 1 to `longest` bytes, varying, whatever was asked for. The reader
// must refill and move its window often, and never be able to see all bytes at once.
class ShortReads final : public edi::ByteSource {
 public:
  explicit ShortReads(std::string bytes, std::size_t longest = 64) : bytes_(std::move(bytes)), longest_(longest) {}
  Result<std::size_t> read(char* destination, std::size_t capacity) override {
    const std::size_t n = std::min({capacity, bytes_.size() - position_, 1 + (calls_++ * 37) % longest_});
    std::copy_n(bytes_.data() + position_, n, destination);
    position_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  std::size_t longest_;
  std::size_t position_ = 0;
  std::size_t calls_ = 0;
  std::string name_ = "<short reads>";
};

inline std::vector<std::filesystem::path> round_trip_corpus() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const fs::path& dir : {fs::path(EDIGATE_TEST_DATA) / "parsers" / "valid", fs::path(EDIGATE_SAMPLES)}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".edi") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every *.edi the reader tests use: valid, invalid, fuzz regressions and samples.
inline std::vector<std::filesystem::path> all_corpus_files() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  const fs::path data = fs::path(EDIGATE_TEST_DATA) / "parsers";
  for (const fs::path& dir : {data / "valid", data / "invalid", data / "fuzz-regressions", fs::path(EDIGATE_SAMPLES)}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".edi") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "valid_x12_crlf": a test name from the file's folder and stem.
inline std::string case_name(const std::filesystem::path& p) {
  std::string name = p.parent_path().filename().string() + "_" + p.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where two byte strings first differ, for readable failures.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
  std::size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  auto around = [i](const std::string& s) {
    const std::size_t from = i < 20 ? 0 : i - 20;
    return s.substr(from, 50);
  };
  std::ostringstream out;
  out << "sizes " << expected.size() << " vs " << actual.size() << ", first difference at byte " << i
      << "\n  expected: \"" << around(expected) << "\"\n  actual:   \"" << around(actual) << "\"";
  return out.str();
}

}  // namespace edigate::testing
