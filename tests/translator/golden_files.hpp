#pragma once
// What the data-driven golden runners share: their case list, file reading, and the update switch.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::test {

// Stems of the NAME<extension> files in `dir`, sorted.
inline std::vector<std::string> golden_case_names(const std::filesystem::path& dir,
                                                  const std::string& extension = ".edi") {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == extension) out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// EDIGATE_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing.
inline bool updating_golden() {
  const char* v = std::getenv("EDIGATE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

inline bool read_golden_file(const std::filesystem::path& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  text = s.str();
  return true;
}

}  // namespace edigate::test
