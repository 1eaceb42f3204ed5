#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace edigate::testing {
namespace {

const std::string samples = EDIGATE_SAMPLES;
const std::string cases = std::string(EDIGATE_TEST_DATA) + "/translator/ack-read/";

TEST(CliAck, ReadsA997) {
  CliRun run = run_edigate("ack read " + quote(samples + "/x12/997_functional_ack_4010.edi"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty()) << run.err;
  EXPECT_EQ(
      run.out.rfind(
          "997 from NORTHWINDRTL (interchange 000004388) acknowledges group IN 915: partially accepted", 0),
      0U)
      << run.out;
}

TEST(CliAck, JsonIsAnArrayOfAcknowledgments) {
  CliRun run = run_edigate("ack read --json " + quote(samples + "/x12/ta1_interchange_ack.edi"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), 2U);
  EXPECT_EQ(doc[1]["kind"], "TA1");
  EXPECT_EQ(doc[1]["interchange"]["control_number"], "000004214");
  EXPECT_EQ(doc[1]["interchange"]["status"], "rejected");
  EXPECT_EQ(doc[1]["interchange"]["error"]["code"], "022");
}

TEST(CliAck, ReadsStandardInput) {
  CliRun run = run_edigate("ack read - < " + quote(samples + "/edifact/contrl_syntax3.edi"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("message INVOIC 2 (D:96A:UN:EAN008): rejected [UCM 4]"), std::string::npos)
      << run.out;
}

TEST(CliAck, MalformedAckExitsOneWithPlacedErrors) {
  CliRun run = run_edigate("ack read " + quote(cases + "x12_997_malformed.edi"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(
      run.err.find(
          "x12_997_malformed.edi: interchange 1, segment 4 AK2, byte 178, line 4: error: AK2 before AK1 "
          "[invalid_acknowledgment]"),
      std::string::npos)
      << run.err;
  EXPECT_FALSE(run.out.empty());  // what could be read is still shown
}

TEST(CliAck, NotAnAcknowledgmentExitsOne) {
  CliRun run = run_edigate("ack read --json " + quote(samples + "/x12/850_purchase_order_4010.edi"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(run.out), nlohmann::json::array());
  EXPECT_NE(run.err.find("not an acknowledgment"), std::string::npos) << run.err;
}

TEST(CliAck, BrokenEnvelopeExitsOne) {
  CliRun run = run_edigate(
      "ack read " + quote(std::string(EDIGATE_TEST_DATA) + "/parsers/invalid/x12_se_count_mismatch.edi"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("[set_count_mismatch]"), std::string::npos) << run.err;
}

TEST(CliAck, MissingFileAndUsage) {
  EXPECT_EQ(run_edigate("ack read /nonexistent/ack.edi").exit_code, 1);
  EXPECT_EQ(run_edigate("ack read").exit_code, 2);
  EXPECT_EQ(run_edigate("ack").exit_code, 2);
  EXPECT_EQ(run_edigate("ack write x").exit_code, 2);
}

}  // namespace
}  // namespace edigate::testing
