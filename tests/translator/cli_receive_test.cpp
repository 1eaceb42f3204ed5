// edigate receive on a SQLite store with the two sample partners: a file is recorded and
// acknowledged with the store's control numbers; the same interchange again is a duplicate (TA1 025 /
// CONTRL 26) recorded but not processed; a new interchange reusing a group number gets AK9 19; an
// unknown sender is refused with its place; the partner's 997 reconciles what we sent.
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

const std::string samples = EDIGATE_SAMPLES;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

class CliReceive : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("edigate-cli-receive-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::setenv("EDIGATE_DB", ("sqlite:" + (dir_ / "edigate.db").string()).c_str(), 1);
    ::setenv("EDIGATE_NOW", "202611251200", 1);
    ::setenv("EDIGATE_DATA", (dir_ / "data").c_str(), 1);
    for (const char* p : {"northwind-retail.xml", "hillside-foods.xml"}) {
      CliRun r = run_edigate("partner import " + quote(samples + "/partners/" + p));
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  nlohmann::json receive(const std::string& file, int expected_exit, const std::string& ack_name) {
    CliRun r = run_edigate("receive " + quote(file) + " --json --ack-out " + quote((dir_ / ack_name).string()));
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    err_ = r.err;
    return r.out.empty() ? nlohmann::json() : nlohmann::json::parse(r.out);
  }

  fs::path dir_;
  std::string err_;
};

TEST_F(CliReceive, AnOrderIsAcknowledgedOnceAndItsCopyIsADuplicate) {
  const std::string order = samples + "/partners/inbound/northwind-850-4500012399.edi";
  auto first = receive(order, 0, "997.edi");
  ASSERT_EQ(first["interchanges"].size(), 1u);
  EXPECT_EQ(first["interchanges"][0]["partner"], "northwind-retail");
  EXPECT_EQ(first["interchanges"][0]["acknowledgment"], "997");
  const std::string ack = slurp(dir_ / "997.edi");
  // Our first interchange to Northwind: ISA13 1 from the store, the 850's group accepted.
  EXPECT_NE(ack.find("*00501*000000001*0*P*:~"), std::string::npos) << ack;
  EXPECT_NE(ack.find("AK1*PO*5211~"), std::string::npos) << ack;
  EXPECT_NE(ack.find("AK9*A*1*1*1~"), std::string::npos) << ack;

  auto again = receive(order, 1, "ta1.edi");
  ASSERT_EQ(again["interchanges"].size(), 1u);
  EXPECT_EQ(again["interchanges"][0]["duplicate_of"], first["interchanges"][0]["correlation_id"]);
  EXPECT_EQ(again["interchanges"][0]["acknowledgment"], "TA1");
  const std::string ta1 = slurp(dir_ / "ta1.edi");
  EXPECT_NE(ta1.find("*000000002*0*P*:~"), std::string::npos) << ta1;
  EXPECT_NE(ta1.find("TA1*000005211*240402*1415*R*025~"), std::string::npos) << ta1;

  // The ledger, newest first: the copy rejected with our TA1, the order accepted with our 997.
  CliRun r = run_edigate("acks list --po 4500012399 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 2u) << r.out;
  EXPECT_EQ(listed[0]["status"], "rejected");
  EXPECT_EQ(listed[0]["acknowledgment"], "TA1");
  EXPECT_EQ(listed[1]["status"], "accepted");
  EXPECT_EQ(listed[1]["acknowledgment"], "997");
  EXPECT_EQ(listed[1]["transport"], "file");
  r = run_edigate("acks list --direction inbound --status rejected --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(nlohmann::json::parse(r.out).size(), 1u) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)[0]["acknowledgment"], "TA1");
  // Both acknowledgments used the numbers they were given: nothing outstanding.
  r = run_edigate("partner numbers northwind-retail");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("outbound isa 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no outstanding numbers"), std::string::npos) << r.out;
}

TEST_F(CliReceive, ANewInterchangeReusingAGroupNumberIsRejectedAtTheGroup) {
  const std::string original = slurp(samples + "/partners/inbound/northwind-850-4500012399.edi");
  ASSERT_NE(original.find("000005211"), std::string::npos);
  const fs::path first = dir_ / "first.edi";
  std::ofstream(first) << original;
  const fs::path second = dir_ / "second.edi";
  std::ofstream(second) << replace_all(original, "000005211", "000005299");
  receive(first.string(), 0, "a.edi");
  auto again = receive(second.string(), 1, "b.edi");
  ASSERT_EQ(again["interchanges"].size(), 1u);
  EXPECT_FALSE(again["interchanges"][0].contains("duplicate_of"));
  const std::string ack = slurp(dir_ / "b.edi");
  EXPECT_NE(ack.find("AK5*R*23~"), std::string::npos) << ack;
  EXPECT_NE(ack.find("AK9*R*1*1*0*19~"), std::string::npos) << ack;
}

TEST_F(CliReceive, EdifactDuplicatesGetContrl26) {
  const std::string desadv = samples + "/partners/inbound/hillside-desadv-DES0004211.edi";
  auto first = receive(desadv, 0, "contrl1.edi");
  EXPECT_EQ(first["interchanges"][0]["acknowledgment"], "CONTRL");
  EXPECT_NE(slurp(dir_ / "contrl1.edi").find("UCI+ACM0000000902+5012345000004:14+5412345000013:14+7'"), std::string::npos);
  receive(desadv, 1, "contrl2.edi");
  const std::string contrl = slurp(dir_ / "contrl2.edi");
  EXPECT_NE(contrl.find("UCI+ACM0000000902+5012345000004:14+5412345000013:14+4+26"), std::string::npos) << contrl;
  CliRun r = run_edigate("acks list --po PO4500012345 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 2u) << r.out;
  EXPECT_EQ(listed[0]["status"], "rejected");
  EXPECT_EQ(listed[1]["status"], "accepted");
  EXPECT_EQ(listed[1]["keys"]["shipment"], "DES0004211");
}

TEST_F(CliReceive, AnErpConnectorOnStandardOutputGetsTheDocumentAndNothingElse) {
  CliRun r = run_edigate("receive " + quote(samples + "/partners/inbound/northwind-850-4500012399.edi") + " --erp canonical-json=-");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out);  // only the canonical order: it parses as one JSON document
  EXPECT_EQ(doc["model"], "order");
  EXPECT_EQ(doc["document"]["order_number"], "4500012399");
  EXPECT_NE(r.err.find("delivered to canonical-json: stdout"), std::string::npos) << r.err;
}

TEST_F(CliReceive, TheInboundAgreementsImplementationGuideJudgesTheOrder) {
  // Northwind's inbound order agreement names a guide (ACME's: PO numbers 45 and eight digits, no
  // CUR, two REF at least), which its sample order breaks: accepted with errors, not plainly accepted.
  fs::copy(samples + "/partners", dir_ / "partners", fs::copy_options::recursive);
  fs::create_directories(dir_ / "partners" / "guides");
  fs::copy(std::string(EDIGATE_TEST_DATA) + "/translator/validate/guides/acme-850.xml", dir_ / "partners" / "guides" / "acme-850.xml");
  std::string profile = slurp(dir_ / "partners" / "northwind-retail.xml");
  const std::string inbound = "<agreement document=\"order\" direction=\"inbound\"";
  ASSERT_NE(profile.find(inbound), std::string::npos);
  profile.replace(profile.find(inbound), inbound.size(), inbound + " guide=\"guides/acme-850.xml\"");
  std::ofstream(dir_ / "partners" / "northwind-retail.xml") << profile;
  CliRun r = run_edigate("partner import --replace " + quote((dir_ / "partners" / "northwind-retail.xml").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  auto result = receive(samples + "/partners/inbound/northwind-850-4500012399.edi", 0, "997.edi");
  ASSERT_EQ(result["interchanges"].size(), 1u);
  EXPECT_EQ(result["interchanges"][0]["groups"][0]["sets"][0]["status"], "accepted with errors") << result.dump(2);
  const std::string ack = slurp(dir_ / "997.edi");
  EXPECT_NE(ack.find("AK5*E"), std::string::npos) << ack;
  r = run_edigate("acks list --po 4500012399 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)[0]["status"], "accepted_with_errors") << r.out;

  // A guide that is not there is a profile problem, found when the profile is imported.
  std::string broken = profile;
  broken.replace(broken.find("guides/acme-850.xml"), 19, "guides/missing.xml");
  std::ofstream(dir_ / "partners" / "northwind-retail.xml") << broken;
  r = run_edigate("partner import --replace " + quote((dir_ / "partners" / "northwind-retail.xml").string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("implementation guide"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing.xml does not exist"), std::string::npos) << r.err;
}

TEST_F(CliReceive, AnUnknownSenderIsRefusedWithItsPlace) {
  auto result = receive(samples + "/x12/856_ship_notice_4010.edi", 1, "none.edi");
  EXPECT_TRUE(result["interchanges"].empty());
  EXPECT_NE(err_.find("interchange 1, segment 1 ISA"), std::string::npos) << err_;
  EXPECT_NE(err_.find("no partner has the sender identity"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "none.edi"));
}

TEST_F(CliReceive, ThePartnersAcknowledgmentReconcilesWhatWeSent) {
  // We acknowledge Northwind's order; Northwind's own 997 for an ASN we sent comes back through receive.
  CliRun r = run_edigate("acks sent " + quote(samples + "/partners/inbound/northwind-850-4500012399.edi") +
                         " --partner northwind-retail --deadline 60");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string ack =
      "ISA*00*          *00*          *01*061234567      *01*987654321      *261125*1300*^*00501*000000077*0*P*:~"
      "GS*FA*061234567*987654321*20261125*1300*77*X*005010~ST*997*0001~AK1*PO*5211~AK2*850*0001~AK5*A~"
      "AK9*A*1*1*1~SE*6*0001~GE*1*77~IEA*1*000000077~";
  std::ofstream(dir_ / "their-997.edi") << ack;
  auto result = receive((dir_ / "their-997.edi").string(), 0, "nothing.edi");
  ASSERT_EQ(result["interchanges"].size(), 1u);
  EXPECT_EQ(result["interchanges"][0]["acknowledgment_results"]["matched"], 2);
  EXPECT_EQ(result["interchanges"][0]["acknowledgment"], "");
  EXPECT_FALSE(fs::exists(dir_ / "nothing.edi"));  // a 997 is never acknowledged with a 997
  r = run_edigate("acks list --direction outbound --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 1u) << r.out;
  EXPECT_EQ(listed[0]["set_type"], "850");
  EXPECT_EQ(listed[0]["status"], "accepted");
  EXPECT_EQ(listed[0]["acknowledgment"], "997");
}

}  // namespace
}  // namespace edigate::testing
