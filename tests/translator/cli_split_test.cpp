#include "translator/cli_runner.hpp"

#include <edigate/edi/reader.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class CliSplit : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("edigate_split_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string input(const std::string& name, const std::string& bytes) const {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::vector<fs::path> pieces(const std::string& sub) const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir_ / sub)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
};

const std::string isa =
    "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
    "*240405*0600*^*00501*000000042*0*T*:~\n";

std::string x12_two_groups() {
  return isa +
         "TA1*000000041*240404*1200*A*000~\n"
         "GS*PO*ACME*NORTHWIND*20240405*0600*7*X*005010~\n"
         "ST*850*0001~\nBEG*00*SA*PO-1~\nSE*3*0001~\n"
         "ST*850*0002~\nBEG*00*SA*PO-2~\nREF*DP*042~\nSE*4*0002~\n"
         "GE*2*7~\n"
         "GS*IN*ACME*NORTHWIND*20240405*0600*8*X*005010~\n"
         "ST*810*0003~\nBIG*20240405*INV-1~\nSE*3*0003~\n"
         "GE*1*8~\n"
         "IEA*2*000000042~\n";
}

const std::string edifact =
    "UNA:+.? '\r\nUNB+UNOC:3+S:14+R:14+240405:0600+REF9'\r\n"
    "UNH+1+ORDERS:D:96A:UN'\r\nBGM+220+A?+1'\r\nUNT+3+1'\r\n"
    "UNH+2+ORDERS:D:96A:UN'\r\nBGM+220+A?+2'\r\nDTM+137:20240405:102'\r\nUNT+4+2'\r\n"
    "UNZ+2+REF9'\r\n";

// The document's views point into `bytes`: keep it alive as long as the result.
edi::ParsedDocument parsed_clean(const std::string& bytes) {
  edi::ParsedDocument doc = edi::parse(bytes);
  EXPECT_TRUE(doc.diagnostics.empty()) << doc.diagnostics.front().describe() << "\n" << bytes;
  EXPECT_EQ(doc.interchanges.size(), 1U);
  return doc;
}

TEST_F(CliSplit, ByTransactionWrapsEachSetInItsOwnEnvelopes) {
  const std::string file = input("orders.x12", x12_two_groups());
  CliRun run =
      run_edigate("split " + quote(file) + " --by transaction --out " + quote((dir_ / "out").string()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto files = pieces("out");
  ASSERT_EQ(files.size(), 3U);
  EXPECT_EQ(files[0].filename(), "orders.001.edi");
  EXPECT_EQ(files[2].filename(), "orders.003.edi");
  EXPECT_NE(run.out.find("orders.002.edi"), std::string::npos) << "each piece is listed";
  const char* expected_sets[] = {"0001", "0002", "0003"};
  const char* expected_groups[] = {"7", "7", "8"};
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string bytes = read(files[i]);
    const auto doc = parsed_clean(bytes);
    const auto& ic = doc.interchanges[0];
    ASSERT_EQ(ic.groups.size(), 1U);
    ASSERT_EQ(ic.groups[0].sets.size(), 1U);
    EXPECT_EQ(ic.groups[0].sets[0].control_number(), expected_sets[i]);
    EXPECT_EQ(ic.groups[0].control_number(), expected_groups[i]);
    EXPECT_EQ((*ic.groups[0].trailer)[1], "1");
    EXPECT_EQ((*ic.trailer)[1], "1");
    EXPECT_EQ(ic.info.control_number, "000000042");
    EXPECT_EQ(ic.service_segments.size(), i == 0 ? 1U : 0U) << "TA1 goes with the first piece only";
    EXPECT_EQ(bytes.substr(0, isa.size()), isa);
  }
}

TEST_F(CliSplit, ByGroupKeepsTheGroupWhole) {
  const std::string file = input("orders.x12", x12_two_groups());
  CliRun run = run_edigate("split " + quote(file) + " --by group --out " + quote((dir_ / "out").string()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto files = pieces("out");
  ASSERT_EQ(files.size(), 2U);
  const std::string first_bytes = read(files[0]);
  const auto first = parsed_clean(first_bytes);  // views into first_bytes
  EXPECT_EQ(first.interchanges[0].set_count(), 2U);
  EXPECT_EQ((*first.interchanges[0].groups[0].trailer)[1], "2");
  EXPECT_EQ((*first.interchanges[0].trailer)[1], "1");
  const std::string second = read(files[1]);
  parsed_clean(second);
  EXPECT_NE(
      second.find(
          "GS*IN*ACME*NORTHWIND*20240405*0600*8*X*005010~\nST*810*0003~\nBIG*20240405*INV-1~\nSE*3*0003~\n"
          "GE*1*8~\nIEA*1*000000042~\n"),
      std::string::npos)
      << second;
}

TEST_F(CliSplit, ByInterchangeCopiesEachInterchangeExactly) {
  const std::string one = x12_two_groups();
  const std::string file = input("mailbag.edi", one + edifact + one);
  CliRun run =
      run_edigate("split " + quote(file) + " --by interchange --out " + quote((dir_ / "out").string()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto files = pieces("out");
  ASSERT_EQ(files.size(), 3U);
  EXPECT_EQ(read(files[0]), one);
  EXPECT_EQ(read(files[1]), edifact);
  EXPECT_EQ(read(files[2]), one);
}

TEST_F(CliSplit, EdifactMessagesKeepUnaAndCountOneMessage) {
  const std::string file = input("orders.edi", edifact);
  CliRun run =
      run_edigate("split " + quote(file) + " --by transaction --out " + quote((dir_ / "out").string()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto files = pieces("out");
  ASSERT_EQ(files.size(), 2U);
  const std::string second = read(files[1]);
  EXPECT_EQ(
      second,
      "UNA:+.? '\r\nUNB+UNOC:3+S:14+R:14+240405:0600+REF9'\r\n"
      "UNH+2+ORDERS:D:96A:UN'\r\nBGM+220+A?+2'\r\nDTM+137:20240405:102'\r\nUNT+4+2'\r\nUNZ+1+REF9'\r\n");
  const auto doc = parsed_clean(second);
  EXPECT_TRUE(doc.interchanges[0].info.has_service_string);
  const std::string first = read(files[0]);
  parsed_clean(first);
  // Messages without UNG form one group: --by group gives the interchange as it is.
  run = run_edigate("split " + quote(file) + " --by group --out " + quote((dir_ / "groups").string()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(pieces("groups").size(), 1U);
  EXPECT_EQ(read(pieces("groups")[0]), edifact);
}

TEST_F(CliSplit, EdifactGroupsGetUneAndUnzCountsOfOne) {
  const std::string text =
      "UNB+UNOC:3+S+R+240405:0600+7'UNG+ORDERS+S+R+240405:0600+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'"
      "UNH+2+ORDERS:D:96A:UN'UNT+2+2'UNE+2+G1'UNZ+1+7'";
  const std::string file = input("grouped.edi", text);
  CliRun run =
      run_edigate("split " + quote(file) + " --by transaction --out " + quote((dir_ / "out").string()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto files = pieces("out");
  ASSERT_EQ(files.size(), 2U);
  EXPECT_EQ(
      read(files[1]),
      "UNB+UNOC:3+S+R+240405:0600+7'UNG+ORDERS+S+R+240405:0600+G1+UN+D:96A'UNH+2+ORDERS:D:96A:UN'UNT+2+2'"
      "UNE+1+G1'UNZ+1+7'");
  const std::string first = read(files[0]);
  parsed_clean(first);
}

TEST_F(CliSplit, RefusesToOverwriteWithoutForce) {
  const std::string file = input("orders.x12", x12_two_groups());
  const std::string args = "split " + quote(file) + " --by group --out " + quote((dir_ / "out").string());
  ASSERT_EQ(run_edigate(args).exit_code, 0);
  CliRun again = run_edigate(args);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("orders.001.edi: already exists (use --force to overwrite)"), std::string::npos)
      << again.err;
  EXPECT_EQ(run_edigate(args + " --force").exit_code, 0);
}

TEST_F(CliSplit, InputWithErrorsIsNotSplit) {
  std::string broken = x12_two_groups();
  broken.replace(broken.find("SE*3*0001"), 9, "SE*9*0001");
  const std::string file = input("broken.x12", broken);
  CliRun run =
      run_edigate("split " + quote(file) + " --by transaction --out " + quote((dir_ / "out").string()));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("[set_count_mismatch]"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("broken.x12: interchange 1, segment "), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(CliSplit, UsageErrorsExitTwo) {
  const std::string file = input("orders.x12", x12_two_groups());
  EXPECT_EQ(run_edigate("split " + quote(file) + " --out " + quote(dir_.string())).exit_code, 2);
  EXPECT_EQ(run_edigate("split " + quote(file) + " --by segment --out " + quote(dir_.string())).exit_code, 2);
  EXPECT_EQ(run_edigate("split " + quote(file) + " --by group").exit_code, 2);
}

}  // namespace
}  // namespace edigate::testing
