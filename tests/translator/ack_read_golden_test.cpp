// Golden cases for `edigate ack read`: every tests/data/translator/ack-read/NAME.edi is a case.
//   NAME.txt     what `edigate ack read NAME.edi` prints (the explain() of each acknowledgment)
//   NAME.json    what `edigate ack read --json NAME.edi` prints (compared as JSON)
//   NAME.stderr  optional: the diagnostics, with the data directory left out of paths. Without it the
//                run must print nothing on stderr. The exit code must be 1 when it holds an error
//                line, else 0.
// Adding a case is adding files. EDIGATE_UPDATE_GOLDEN=1 writes the current output instead of
// comparing (then read the diff before committing it).
#include "golden_files.hpp"
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

const fs::path case_dir = fs::path(EDIGATE_TEST_DATA) / "translator" / "ack-read";

std::vector<std::string> case_names() { return test::golden_case_names(case_dir); }

bool updating() { return test::updating_golden(); }

bool read_file(const fs::path& path, std::string& text) { return test::read_golden_file(path, text); }

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Paths in diagnostics depend on where the tree is checked out.
std::string without_case_dir(std::string text) {
  const std::string prefix = case_dir.string() + "/";
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

class AckReadGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(AckReadGolden, ExplainJsonAndDiagnostics) {
  const fs::path edi = case_dir / (GetParam() + ".edi");
  const CliRun text = run_edigate("ack read " + quote(edi.string()));
  const CliRun json = run_edigate("ack read --json " + quote(edi.string()));
  const std::string err = without_case_dir(text.err);
  const fs::path txt_path = case_dir / (GetParam() + ".txt");
  const fs::path json_path = case_dir / (GetParam() + ".json");
  const fs::path err_path = case_dir / (GetParam() + ".stderr");

  if (updating()) {
    write_file(txt_path, text.out);
    write_file(json_path, json.out);
    if (err.empty()) {
      fs::remove(err_path);
    } else {
      write_file(err_path, err);
    }
    GTEST_SKIP() << "golden files written";
  }

  std::string expected_text;
  ASSERT_TRUE(read_file(txt_path, expected_text)) << "missing " << txt_path;
  EXPECT_EQ(text.out, expected_text);

  std::string expected_json;
  ASSERT_TRUE(read_file(json_path, expected_json)) << "missing " << json_path;
  const auto actual = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(actual.is_discarded()) << json.out;
  EXPECT_EQ(actual, nlohmann::json::parse(expected_json)) << json.out;

  std::string expected_err;
  read_file(err_path, expected_err);  // absent: nothing expected on stderr
  EXPECT_EQ(err, expected_err);
  const int expected_exit = expected_err.find(": error: ") != std::string::npos ? 1 : 0;
  EXPECT_EQ(text.exit_code, expected_exit);
  EXPECT_EQ(json.exit_code, expected_exit);
  EXPECT_EQ(without_case_dir(json.err), err);
}

INSTANTIATE_TEST_SUITE_P(Cases, AckReadGolden, ::testing::ValuesIn(case_names()),
                         [](const auto& param_info) { return param_info.param; });

TEST(AckReadGoldenCorpus, IsNotEmpty) {
  EXPECT_GE(case_names().size(), 10U);
}

}  // namespace
}  // namespace edigate::testing
