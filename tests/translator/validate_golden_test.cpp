// Golden cases for `edigate validate`: every tests/data/translator/validate/NAME.edi is a case.
//   NAME.out     what `edigate validate NAME.edi [args]` prints on stdout, run with the data directory
//                as working directory (so paths in findings are the bare file name)
//   NAME.args    optional: extra arguments, one line, e.g. `--guide guides/acme-850.xml --ack 999`
//   NAME.ack     optional: the acknowledgment, byte for byte. When present the runner adds
//                `--ack-out <temporary file>` and compares; an empty NAME.ack means "none written".
//   NAME.exit    optional: the expected exit code; absent means 1 (the input has errors)
//   NAME.stderr  optional: the diagnostics; without it nothing may be printed on stderr
// Acknowledgment dates are pinned with EDIGATE_NOW=202611251200; the shipped schemas are used
// (EDIGATE_SCHEMAS) and their directory is written <schemas> in NAME.out / NAME.stderr. Adding a case is adding files.
// EDIGATE_UPDATE_GOLDEN=1 writes the current output instead of comparing (.ack only for cases that
// already have one: create an empty NAME.ack first), then read the diff before committing it.
#include "golden_files.hpp"
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

const fs::path case_dir = fs::path(EDIGATE_TEST_DATA) / "translator" / "validate";
// The shipped schemas, named explicitly so that messages that quote their path can be made stable.
const fs::path schema_dir = fs::path(EDIGATE_TEST_DATA).parent_path().parent_path() / "translator" / "schemas";

std::string without_schema_dir(std::string text) {
  const std::string prefix = schema_dir.string();
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.replace(at, prefix.size(), "<schemas>");
  }
  return text;
}

std::vector<std::string> case_names() { return test::golden_case_names(case_dir); }

bool updating() { return test::updating_golden(); }

bool read_file(const fs::path& path, std::string& text) { return test::read_golden_file(path, text); }

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// Runs the binary with the data directory as working directory, so that findings name the bare file.
CliRun run_in_case_dir(const std::string& args) {
  const fs::path before = fs::current_path();
  fs::current_path(case_dir);
  CliRun run = run_edigate(args);
  fs::current_path(before);
  run.out = without_schema_dir(std::move(run.out));
  run.err = without_schema_dir(std::move(run.err));
  return run;
}

class ValidateGolden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ::setenv("EDIGATE_NOW", "202611251200", 1);
    ::setenv("EDIGATE_SCHEMAS", schema_dir.c_str(), 1);
  }
};

TEST_P(ValidateGolden, ReportAcknowledgmentAndExitCode) {
  const std::string name = GetParam();
  const fs::path out_path = case_dir / (name + ".out");
  const fs::path ack_path = case_dir / (name + ".ack");
  const fs::path exit_path = case_dir / (name + ".exit");
  const fs::path err_path = case_dir / (name + ".stderr");

  std::string args;
  if (std::string text; read_file(case_dir / (name + ".args"), text)) args = first_line(text);
  const bool with_ack = fs::exists(ack_path);
  const fs::path ack_tmp = fs::temp_directory_path() / ("edigate-golden-" + std::to_string(::getpid()) + "-" + name + ".ack");
  fs::remove(ack_tmp);
  std::string command = "validate " + quote(name + ".edi");
  if (!args.empty()) command += " " + args;
  if (with_ack) command += " --ack-out " + quote(ack_tmp.string());

  const CliRun run = run_in_case_dir(command);
  std::string ack;
  const bool ack_written = with_ack && read_file(ack_tmp, ack);
  fs::remove(ack_tmp);

  if (updating()) {
    write_file(out_path, run.out);
    if (with_ack) write_file(ack_path, ack);
    if (run.exit_code == 1) {
      fs::remove(exit_path);
    } else {
      write_file(exit_path, std::to_string(run.exit_code) + "\n");
    }
    if (run.err.empty()) {
      fs::remove(err_path);
    } else {
      write_file(err_path, run.err);
    }
    GTEST_SKIP() << "golden files written";
  }

  std::string expected_out;
  ASSERT_TRUE(read_file(out_path, expected_out)) << "missing " << out_path;
  EXPECT_EQ(run.out, expected_out) << "edigate " << command;

  std::string expected_err;
  read_file(err_path, expected_err);  // absent: nothing expected on stderr
  EXPECT_EQ(run.err, expected_err) << "edigate " << command;

  int expected_exit = 1;
  if (std::string text; read_file(exit_path, text)) expected_exit = std::atoi(first_line(text).c_str());
  EXPECT_EQ(run.exit_code, expected_exit) << "edigate " << command;

  if (with_ack) {
    std::string expected_ack;
    ASSERT_TRUE(read_file(ack_path, expected_ack));
    EXPECT_EQ(ack_written, !expected_ack.empty()) << "acknowledgment written: " << ack_written;
    EXPECT_EQ(ack, expected_ack) << "edigate " << command;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ValidateGolden, ::testing::ValuesIn(case_names()),
                         [](const auto& param_info) {
                           std::string id = param_info.param;
                           std::replace_if(id.begin(), id.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return id;
                         });

TEST(ValidateGoldenCorpus, IsNotEmpty) { EXPECT_GE(case_names().size(), 40U); }

// Every case file belongs to a case: a stray NAME.out or NAME.args without NAME.edi is a mistake.
TEST(ValidateGoldenCorpus, NoOrphanFiles) {
  const auto names = case_names();
  for (const auto& e : fs::directory_iterator(case_dir)) {
    if (!e.is_regular_file()) continue;
    const std::string ext = e.path().extension().string();
    if (ext != ".out" && ext != ".args" && ext != ".ack" && ext != ".exit" && ext != ".stderr") continue;
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), e.path().stem().string())) << e.path();
  }
}

}  // namespace
}  // namespace edigate::testing
