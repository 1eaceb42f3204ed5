#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace edigate::testing {
namespace {

const std::string samples = EDIGATE_SAMPLES;
const std::string invalid = std::string(EDIGATE_TEST_DATA) + "/parsers/invalid/";

TEST(CliInspect, JsonDescribesEnvelopes) {
  CliRun run = run_edigate("inspect --json " + quote(samples + "/x12/850_purchase_order_4010.edi"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto doc = nlohmann::json::parse(run.out);
  ASSERT_EQ(doc.size(), 1U);
  const auto& ic = doc[0]["interchanges"][0];
  EXPECT_EQ(ic["standard"], "X12");
  EXPECT_EQ(ic["version"], "00401");
  EXPECT_EQ(ic["delimiters"]["element"], "*");
  EXPECT_FALSE(ic["sender"]["id"].get<std::string>().empty());
  EXPECT_EQ(ic["groups"][0]["functional_id"], "PO");
  EXPECT_EQ(ic["groups"][0]["sets"][0]["type"], "850");
  EXPECT_TRUE(doc[0]["diagnostics"].empty());
}

TEST(CliInspect, EdifactReportsSyntaxAndCharacterSet) {
  CliRun run = run_edigate("inspect --json " + quote(samples + "/edifact/orders_d96a_unoc_una.edi"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto ic = nlohmann::json::parse(run.out)[0]["interchanges"][0];
  EXPECT_EQ(ic["standard"], "EDIFACT");
  EXPECT_EQ(ic["syntax_identifier"], "UNOC");
  EXPECT_EQ(ic["character_set"], "ISO 8859-1");
  EXPECT_EQ(ic["service_string_advice"], true);
  EXPECT_EQ(ic["groups"][0]["sets"][0]["type"], "ORDERS");
}

TEST(CliInspect, ErrorsGoToStderrWithLocationAndExitOne) {
  CliRun run = run_edigate("inspect " + quote(invalid + "x12_se_count_mismatch.edi"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("x12_se_count_mismatch.edi: interchange 1, segment "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("[set_count_mismatch]"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("byte "), std::string::npos) << run.err;
}

TEST(CliInspect, UsageErrorsExitTwo) {
  EXPECT_EQ(run_edigate("inspect").exit_code, 2);
  EXPECT_EQ(run_edigate("no-such-command").exit_code, 2);
}

TEST(CliInspect, MissingFileIsAnInputError) {
  CliRun run = run_edigate("inspect /nonexistent/file.edi");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot open"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace edigate::testing
