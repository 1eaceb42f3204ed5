#pragma once
// The databases every store test runs on: a fresh SQLite file, and the PostgreSQL server that
// scripts/test.sh starts on 127.0.0.1 (EDIGATE_TEST_PG_URL). Without that variable the PostgreSQL
// cases fail rather than skip, unless EDIGATE_TEST_PG=skip says so explicitly.
#include <edigate/partners/store.hpp>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace edigate::testing {

inline std::vector<std::string> store_kinds() { return {"sqlite", "postgresql"}; }

// A URL to an empty database of `kind`: a new SQLite file, or a new database on the test PostgreSQL
// server.
inline std::string empty_store_url(const std::string& kind) {
  if (kind == "sqlite") {
    static int n = 0;
    const auto path = std::filesystem::temp_directory_path() /
                      ("edigate-store-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return "sqlite:" + path.string();
  }
  const char* url = std::getenv("EDIGATE_TEST_PG_URL");
  if (url == nullptr || *url == '\0') return {};
  // ctest runs tests in parallel: each gets a database of its own on the test server.
  static int n = 0;
  const std::string name = "edigate_t" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  auto store = partners::Store::open(url, false);
  if (!store) return {};
  store->session() << "CREATE DATABASE " + name;
  std::string base(url);
  const auto query = base.find('?');
  const std::string tail = query == std::string::npos ? std::string() : base.substr(query);
  base = base.substr(0, query);
  return base.substr(0, base.rfind('/') + 1) + name + tail;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url_ = empty_store_url(GetParam());
    if (url_.empty()) {
      const char* skip = std::getenv("EDIGATE_TEST_PG");
      if (skip != nullptr && std::string(skip) == "skip") GTEST_SKIP() << "EDIGATE_TEST_PG=skip";
      FAIL() << "no PostgreSQL for the tests: scripts/test.sh starts one and sets EDIGATE_TEST_PG_URL "
                "(EDIGATE_TEST_PG=skip runs SQLite only)";
    }
  }
  std::string url_;
};

inline std::string store_case_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace edigate::testing
