#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

class CliJson : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("edigate_json_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& bytes) const {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
};

const std::string edifact =
    "UNA:+.? '\nUNB+UNOC:3+S:14+R:14+240405:0600+REF9'\nUNH+1+ORDERS:D:96A:UN'\nBGM+220+A?+1'\nUNT+3+1'\n"
    "UNZ+1+REF9'\n";

TEST_F(CliJson, ToJsonAndBackGivesTheSameBytes) {
  const std::string edi = file("orders.edi", edifact);
  const std::string json = (dir_ / "orders.json").string();
  CliRun to = run_edigate("to-json " + quote(edi) + " --out " + quote(json));
  ASSERT_EQ(to.exit_code, 0) << to.err;
  EXPECT_TRUE(to.out.empty());
  const auto doc = nlohmann::json::parse(read(json));
  EXPECT_EQ(doc["interchanges"][0]["groups"][0]["sets"][0]["segments"][1]["elements"][1], "A+1");
  CliRun back = run_edigate("from-json " + quote(json));
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(back.out, edifact);
  const std::string out = (dir_ / "back.edi").string();
  ASSERT_EQ(run_edigate("from-json " + quote(json) + " -o " + quote(out)).exit_code, 0);
  EXPECT_EQ(read(out), edifact);
}

TEST_F(CliJson, ToJsonOfInputWithErrorsPrintsWhatItCouldAndExitsOne) {
  std::string broken = edifact;
  broken.replace(broken.find("UNT+3+1"), 7, "UNT+9+1");
  CliRun run = run_edigate("to-json --compact " + quote(file("broken.edi", broken)));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("broken.edi: interchange 1, segment 4 UNT"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("[set_count_mismatch]"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << "--compact is one line";
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["interchanges"].size(), 1U);
}

TEST_F(CliJson, FromJsonShapeErrorsNameThePath) {
  const std::string json =
      file("bad.json", R"({"interchanges": [{"standard": "X12", "delimiters": {"segment": "~",
      "element": "*", "component": ":"}, "header": {"tag": "ISA", "elements": "none"}}]})");
  CliRun run = run_edigate("from-json " + quote(json));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(
      run.err.find("bad.json: error: interchanges[0].header.elements: expected an array of elements, found "
                   "string [invalid_json]"),
      std::string::npos)
      << run.err;
  CliRun syntax = run_edigate("from-json " + quote(file("syntax.json", "{\"interchanges\": [")));
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("syntax.json: error: [json.exception.parse_error"), std::string::npos)
      << syntax.err;
}

TEST_F(CliJson, UsageErrorsExitTwo) {
  EXPECT_EQ(run_edigate("to-json").exit_code, 2);
  EXPECT_EQ(run_edigate("from-json").exit_code, 2);
  EXPECT_EQ(run_edigate("pretty").exit_code, 2);
  EXPECT_EQ(run_edigate("to-json " + quote((dir_ / "missing.edi").string())).exit_code, 1);
}

TEST_F(CliJson, PrettyPrintsOneSegmentPerLine) {
  const std::string x12 =
      "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
      "*240405*0600*U*00401*000000042*0*T*>~"
      "GS*PO*A*B*20240405*0600*7*X*004010~ST*850*0001~BEG*00*SA*1~SE*3*0001~GE*1*7~IEA*1*000000042~";
  const std::string path = file("po.x12", x12);
  CliRun flat = run_edigate("pretty " + quote(path));
  ASSERT_EQ(flat.exit_code, 0) << flat.err;
  EXPECT_EQ(flat.out.substr(flat.out.find("GS*")),
            "GS*PO*A*B*20240405*0600*7*X*004010~\nST*850*0001~\nBEG*00*SA*1~\nSE*3*0001~\nGE*1*7~\nIEA*1*"
            "000000042~\n");
  CliRun indented = run_edigate("pretty --indent " + quote(path));
  ASSERT_EQ(indented.exit_code, 0) << indented.err;
  EXPECT_EQ(indented.out.substr(indented.out.find("  GS*")),
            "  GS*PO*A*B*20240405*0600*7*X*004010~\n    ST*850*0001~\n      BEG*00*SA*1~\n    SE*3*0001~\n"
            "  GE*1*7~\nIEA*1*000000042~\n");
  CliRun una = run_edigate("pretty --indent " + quote(file("orders.edi", edifact)));
  EXPECT_EQ(una.out.substr(0, 10), "UNA:+.? '\n");
  EXPECT_NE(una.out.find("\n  UNH+1+ORDERS:D:96A:UN'\n    BGM+220+A?+1'\n  UNT+3+1'\nUNZ+1+REF9'\n"),
            std::string::npos)
      << una.out;
}

TEST_F(CliJson, PrettyListsErrorsAndExitsOne) {
  std::string broken = edifact;
  broken.replace(broken.find("UNT+3+1"), 7, "UNT+9+1");
  CliRun run = run_edigate("pretty " + quote(file("broken.edi", broken)));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("UNT+9+1'\n"), std::string::npos) << "still prints every segment";
  EXPECT_NE(run.err.find("[set_count_mismatch]"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace edigate::testing
