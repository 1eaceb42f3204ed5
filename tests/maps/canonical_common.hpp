#pragma once
// Shared by the canonical JSON, XML and schema tests: the shipped model set, file helpers.
#include <edigate/maps/canonical.hpp>
#include <edigate/maps/model.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace edigate::maps::test {

inline const std::filesystem::path source_dir = std::filesystem::path(EDIGATE_TEST_DATA) / ".." / "..";
inline const std::filesystem::path canonical_data = std::filesystem::path(EDIGATE_TEST_DATA) / "maps" / "canonical";

inline const ModelSet& models() {
  static const ModelSet set = [] {
    auto loaded = ModelSet::load(source_dir / "maps" / "models" / "canonical.xml");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().describe();
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return set;
}

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// EDIGATE_UPDATE_GOLDEN=1 rewrites expected files instead of comparing (read every change before
// committing it).
inline bool update_golden() {
  const char* v = std::getenv("EDIGATE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

inline const char* const all_models[] = {"order", "order_response", "ship_notice", "invoice"};

}  // namespace edigate::maps::test
