// The acknowledgments we write are themselves valid: `edigate validate` on a generated 997, 999 (with
// the X231A1 guide, applied from GS08), TA1 or CONTRL finds nothing, and `edigate ack read` reads
// back the statuses we wrote. Inputs are cases of the validate golden corpus
// (tests/data/translator/validate).
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

const fs::path case_dir = fs::path(EDIGATE_TEST_DATA) / "translator" / "validate";

struct RoundTrip {
  std::string name;  // case NAME.edi
  std::string args;  // what asks for the acknowledgment
  std::string statuses;  // what `ack read` must report, see summary()
};

void PrintTo(const RoundTrip& r, std::ostream* os) { *os << r.name; }

// One word per acknowledgment: "I<TA104 or UCI 0083>" for the interchange level, "G<AK901>(<AK501>,...)"
// per functional group, "M(<UCM 0083>,...)" for CONTRL messages; separated by spaces.
std::string summary(const nlohmann::json& acks) {
  std::string out;
  auto word = [&out](const std::string& w) { out += (out.empty() ? "" : " ") + w; };
  for (const auto& ack : acks) {
    if (ack.contains("interchange") && ack["interchange"].is_object()) {
      word("I" + ack["interchange"].value("status_code", std::string("?")));
    }
    for (const auto& g : ack.value("groups", nlohmann::json::array())) {
      std::string sets;
      for (const auto& s : g.value("sets", nlohmann::json::array())) {
        sets += (sets.empty() ? "" : ",") + s.value("status_code", std::string("?"));
      }
      word("G" + g.value("status_code", std::string("?")) + "(" + sets + ")");
    }
    if (ack.contains("sets") && !ack["sets"].empty()) {
      std::string sets;
      for (const auto& s : ack["sets"]) sets += (sets.empty() ? "" : ",") + s.value("status_code", std::string("?"));
      word("M(" + sets + ")");
    }
  }
  return out;
}

class AckRoundTrip : public ::testing::TestWithParam<RoundTrip> {
 protected:
  void SetUp() override { ::setenv("EDIGATE_NOW", "202611251200", 1); }
};

TEST_P(AckRoundTrip, GeneratedAckValidatesAndReadsBack) {
  const RoundTrip& c = GetParam();
  const fs::path ack = fs::temp_directory_path() / ("edigate-roundtrip-" + std::to_string(::getpid()) + "-" + c.name);
  fs::remove(ack);
  // Guides are named relative to the case directory.
  std::string args = c.args;
  for (std::size_t at = args.find("guides/"); at != std::string::npos; at = args.find("guides/", at + 1)) {
    args.replace(at, 0, (case_dir.string() + "/"));
    at += case_dir.string().size() + 1;
  }
  const CliRun made = run_edigate("validate " + quote((case_dir / (c.name + ".edi")).string()) + " " + args +
                                  " --ack-out " + quote(ack.string()));
  ASSERT_TRUE(fs::exists(ack)) << made.out << made.err;
  EXPECT_EQ(made.err, "");

  // Our own schemas accept it: exit 0, nothing but the summary line of each interchange.
  const CliRun checked = run_edigate("validate " + quote(ack.string()));
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_EQ(checked.err, "");
  std::istringstream lines(checked.out);
  int interchanges = 0;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(line.rfind("interchange ", 0), 0U) << "finding on our own acknowledgment: " << line;
    EXPECT_NE(line.find(": accepted; "), std::string::npos) << line;
    ++interchanges;
  }
  EXPECT_GE(interchanges, 1);

  // And it says what we meant.
  const CliRun read = run_edigate("ack read --json " + quote(ack.string()));
  EXPECT_EQ(read.exit_code, 0) << read.err;
  const auto json = nlohmann::json::parse(read.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << read.out;
  EXPECT_EQ(summary(json), c.statuses) << read.out;
  for (const auto& a : json) EXPECT_TRUE(a.value("problems", nlohmann::json::array()).empty()) << a.dump(2);
  fs::remove(ack);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AckRoundTrip,
    ::testing::Values(RoundTrip{"x12-4010-850-clean", "--ack 997", "GA(A)"},
                      RoundTrip{"x12-4010-997-ak3-ak4-partial", "--ack 997", "GP(A,R,R)"},
                      RoundTrip{"ak4-13-components-in-4010-997-says-3", "--ack 997", "GR(R)"},
                      RoundTrip{"ak9-5-set-count-wrong", "--ack 997", "GR(A)"},
                      RoundTrip{"x12-5010-850-guide-clean", "--guide guides/acme-850.xml --ack 999", "GA(A)"},
                      RoundTrip{"x12-5010-999-ik3-ik4-guide", "--guide guides/acme-850.xml --ack 999", "GP(E,R,A)"},
                      RoundTrip{"ak4-12-too-many-repetitions-5010", "--ack 999", "GR(R)"},
                      RoundTrip{"ta1-001-control-number-mismatch", "--ack ta1", "IR"},
                      RoundTrip{"ta1-accepted-on-request", "--ack-when requested", "IA"},
                      RoundTrip{"edifact-d96a-orders-clean", "--ack contrl", "I7 M(7)"},
                      RoundTrip{"edifact-d96a-contrl-ucm-ucs-ucd", "--ack contrl", "I7 M(4,7)"},
                      RoundTrip{"contrl-29-unz-message-count", "--ack contrl", "I4"}),
    [](const auto& param_info) {
      std::string id = param_info.param.name;
      for (char& ch : id) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return id;
    });

}  // namespace
}  // namespace edigate::testing
