// Golden cases for `edigate translate`: every tests/data/maps/translate/NAME.args is a case.
//   NAME.args    one line: the arguments after `edigate translate` (input files relative to the folder)
//   NAME.out     what it prints on stdout, byte for byte
//   NAME.exit    optional: the expected exit code; absent means 0
//   NAME.stderr  optional: the diagnostics; without it nothing may be printed on stderr
// The folder is the working directory, envelope dates are pinned with EDIGATE_NOW=202611251200 and
// the shipped maps are used. Adding a case is adding files; EDIGATE_UPDATE_GOLDEN=1 writes the
// current output instead of comparing (read every value of the diff before committing it).
#include "golden_files.hpp"
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

const fs::path case_dir = fs::path(EDIGATE_TEST_DATA) / "maps" / "translate";
const fs::path maps_dir = fs::path(EDIGATE_TEST_DATA).parent_path().parent_path() / "maps";

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

class TranslateGolden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ::setenv("EDIGATE_NOW", "202611251200", 1);
    ::setenv("EDIGATE_MAPS", maps_dir.c_str(), 1);
  }
};

TEST_P(TranslateGolden, OutputAndExitCode) {
  const std::string name = GetParam();
  std::string args;
  ASSERT_TRUE(test::read_golden_file(case_dir / (name + ".args"), args));
  const std::string command = "translate " + first_line(args);
  const fs::path before = fs::current_path();
  fs::current_path(case_dir);
  const CliRun run = run_edigate(command);
  fs::current_path(before);

  const fs::path out_path = case_dir / (name + ".out");
  const fs::path exit_path = case_dir / (name + ".exit");
  const fs::path err_path = case_dir / (name + ".stderr");
  if (test::updating_golden()) {
    std::ofstream(out_path, std::ios::binary) << run.out;
    if (run.exit_code == 0) fs::remove(exit_path);
    else std::ofstream(exit_path) << run.exit_code << "\n";
    if (run.err.empty()) fs::remove(err_path);
    else std::ofstream(err_path, std::ios::binary) << run.err;
    GTEST_SKIP() << "golden files written";
  }
  std::string expected_out;
  ASSERT_TRUE(test::read_golden_file(out_path, expected_out)) << "missing " << out_path;
  EXPECT_EQ(run.out, expected_out) << "edigate " << command;
  std::string expected_err;
  test::read_golden_file(err_path, expected_err);
  EXPECT_EQ(run.err, expected_err) << "edigate " << command;
  int expected_exit = 0;
  if (std::string text; test::read_golden_file(exit_path, text)) expected_exit = std::atoi(first_line(text).c_str());
  EXPECT_EQ(run.exit_code, expected_exit) << "edigate " << command;
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(TranslateGolden);
INSTANTIATE_TEST_SUITE_P(Cases, TranslateGolden, ::testing::ValuesIn(test::golden_case_names(case_dir, ".args")),
                         [](const auto& param_info) {
                           std::string id = param_info.param;
                           std::replace_if(id.begin(), id.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return id;
                         });

// A NAME.out, .exit or .stderr without its NAME.args is a mistake (a renamed or deleted case).
TEST(TranslateGoldenFiles, EveryExpectationHasItsCase) {
  if (!fs::exists(case_dir)) GTEST_SKIP();
  for (const auto& e : fs::directory_iterator(case_dir)) {
    const auto ext = e.path().extension().string();
    if (ext != ".out" && ext != ".exit" && ext != ".stderr") continue;
    EXPECT_TRUE(fs::exists(case_dir / (e.path().stem().string() + ".args"))) << e.path() << " has no .args";
  }
}

}  // namespace
}  // namespace edigate::testing
