// edigate send on a SQLite store with the two sample partners: an ERP invoice goes to Northwind as an
// X12 810 with the store's numbers and waits for its 997; the same document again is a replay with
// no new numbers, --force-new sends it anew; an order goes to Hillside as EDIFACT ORDERS; a document
// without an outbound agreement, to a suspended partner, or an interchange that does not validate is
// refused; the partner's 997, received, accepts what we sent.
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
const std::string invoice = samples + "/erp/netsuite-invoice.json";  // INV-30318 for PO NW-778201

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t files_in(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

class CliSend : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("edigate-cli-send-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::setenv("EDIGATE_DB", ("sqlite:" + (dir_ / "edigate.db").string()).c_str(), 1);
    ::setenv("EDIGATE_NOW", "202611251200", 1);
    for (const char* p : {"northwind-retail.xml", "hillside-foods.xml"}) {
      CliRun r = run_edigate("partner import " + quote(samples + "/partners/" + p));
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  void TearDown() override {
    ::unsetenv("EDIGATE_DB");
    ::unsetenv("EDIGATE_NOW");
    fs::remove_all(dir_);
  }

  fs::path outbox() const { return dir_ / "outbox"; }

  CliRun send(const std::string& file, const std::string& partner, const std::string& extra = {}) {
    return run_edigate("send " + quote(file) + " --to " + partner + " --outbox " + quote(outbox().string()) +
                       " " + extra);
  }

  nlohmann::json send_json(const std::string& file, const std::string& partner,
                           const std::string& extra = {}) {
    CliRun r = send(file, partner, "--json " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  }

  fs::path dir_;
};

TEST_F(CliSend, AnErpInvoiceBecomesAnX12InvoiceWithTheStoresNumbersAndAwaitsIts997) {
  CliRun r = send(invoice, "northwind-retail");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const fs::path file = outbox() / "northwind-retail" / "000000001-810-INV-30318.edi";
  EXPECT_NE(r.out.find("invoice INV-30318 to northwind-retail: X12 810 ISA 000000001, written to "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("; 997 due by 2026-11-26T12:00:00Z"), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(file)) << r.out;
  EXPECT_EQ(files_in(outbox() / "northwind-retail"), 1u);  // no temporary file left beside it

  const std::string edi = slurp(file);
  EXPECT_EQ(edi.rfind("ISA*00*          *00*          *01*987654321      *01*061234567      "
                      "*261125*1200*^*00501*000000001*0*P*:~",
                      0),
            0u)
      << edi;
  EXPECT_NE(edi.find("GS*IN*987654321*061234567*20261125*1200*1*X*005010~"), std::string::npos) << edi;
  EXPECT_NE(edi.find("ST*810*0001~"), std::string::npos) << edi;
  EXPECT_NE(edi.find("BIG*20261130*INV-30318**NW-778201~"), std::string::npos) << edi;
  r = run_edigate("validate " + quote(file.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

  r = run_edigate("acks list --po INV-30318 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 1u) << r.out;
  EXPECT_EQ(listed[0]["direction"], "outbound");
  EXPECT_EQ(listed[0]["status"], "pending");
  EXPECT_EQ(listed[0]["set_type"], "810");
  EXPECT_EQ(listed[0]["document"], "invoice");
  EXPECT_EQ(listed[0]["interchange"], "000000001");
  EXPECT_EQ(listed[0]["keys"]["invoice"], "INV-30318");
  EXPECT_EQ(listed[0]["keys"]["po"], "NW-778201");
  EXPECT_EQ(listed[0]["due_at"], "2026-11-26T12:00:00Z");  // now + the agreement's 1440 minutes
  EXPECT_EQ(listed[0]["transport"], "folder");

  // The numbers were used by the recorded interchange: none outstanding.
  r = run_edigate("partner numbers northwind-retail");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("outbound isa 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("outbound gs 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no outstanding numbers"), std::string::npos) << r.out;
}

TEST_F(CliSend, TheSameDocumentAgainIsAReplayAndForceNewSendsItWithNewNumbers) {
  auto first = send_json(invoice, "northwind-retail");
  ASSERT_EQ(first["interchange_control"], "000000001");
  EXPECT_EQ(first["replay"], false);

  ::setenv("EDIGATE_NOW", "202611251230", 1);
  CliRun r = send(invoice, "northwind-retail");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(
      r.out.find("replay: invoice INV-30318 to northwind-retail: X12 810 ISA 000000001, already sent as "),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(no new control numbers"), std::string::npos) << r.out;
  auto again = send_json(invoice, "northwind-retail");
  EXPECT_EQ(again["replay"], true);
  EXPECT_EQ(again["interchange_control"], "000000001");
  EXPECT_EQ(again["message"], first["message"]);
  EXPECT_EQ(again["due_at"], "2026-11-26T12:00:00Z");  // the first send's deadline, not a new one
  EXPECT_EQ(again["sets"][0]["keys"]["invoice"], "INV-30318");
  EXPECT_EQ(files_in(outbox() / "northwind-retail"), 1u);
  r = run_edigate("partner numbers northwind-retail");
  EXPECT_NE(r.out.find("outbound isa 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no outstanding numbers"), std::string::npos) << r.out;
  r = run_edigate("acks list --po INV-30318 --json");
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 1u) << r.out;

  auto anew = send_json(invoice, "northwind-retail", "--force-new");
  EXPECT_EQ(anew["replay"], false);
  EXPECT_EQ(anew["interchange_control"], "000000002");
  EXPECT_EQ(anew["sets"][0]["group_control"], "2");
  EXPECT_NE(anew["message"], first["message"]);
  EXPECT_TRUE(fs::exists(outbox() / "northwind-retail" / "000000002-810-INV-30318.edi"));
  EXPECT_EQ(files_in(outbox() / "northwind-retail"), 2u);
  r = run_edigate("acks list --po INV-30318 --json");
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 2u) << r.out;
  r = run_edigate("partner numbers northwind-retail");
  EXPECT_NE(r.out.find("outbound isa 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no outstanding numbers"), std::string::npos) << r.out;
}

TEST_F(CliSend, AReplayWhoseFileIsGoneIsAnErrorNotASilentResend) {
  auto first = send_json(invoice, "northwind-retail");
  // The transport took the file from the outbox: dropping the document again sends nothing.
  fs::remove(outbox() / "northwind-retail" / "000000001-810-INV-30318.edi");
  CliRun r = send(invoice, "northwind-retail");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(files_in(outbox() / "northwind-retail"), 0u);
  // The kept copy is gone too: that is an error, not a silent resend.
  ASSERT_TRUE(fs::exists(dir_ / "outgoing" / "northwind-retail" / "000000001-810-INV-30318.edi"));
  fs::remove(dir_ / "outgoing" / "northwind-retail" / "000000001-810-INV-30318.edi");
  r = send(invoice, "northwind-retail");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("is missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force-new"), std::string::npos) << r.err;
  EXPECT_EQ(files_in(outbox() / "northwind-retail"), 0u);
  r = run_edigate("partner numbers northwind-retail");
  EXPECT_NE(r.out.find("outbound isa 1"), std::string::npos) << r.out;
}

TEST_F(CliSend, AnErpOrderGoesToHillsideAsEdifactOrdersD96A) {
  auto sent = send_json(samples + "/erp/d365-sales-order.json", "hillside-foods");
  ASSERT_EQ(sent["standard"], "edifact");
  EXPECT_EQ(sent["version"], "D96A");
  EXPECT_EQ(sent["interchange_control"], "1");
  EXPECT_EQ(sent["acknowledgment"], "CONTRL");
  ASSERT_EQ(sent["sets"].size(), 1u);
  EXPECT_EQ(sent["sets"][0]["set_type"], "ORDERS");
  EXPECT_EQ(sent["sets"][0]["control_number"], "1");
  const fs::path file = outbox() / "hillside-foods" / "1-ORDERS-PO-NW-778201.edi";
  ASSERT_TRUE(fs::exists(file)) << sent.dump(2);
  const std::string edi = slurp(file);
  EXPECT_EQ(edi.rfind("UNB+UNOC:3+5412345000013:14+5012345000004:14+261125:1200+1'", 0), 0u) << edi;
  EXPECT_NE(edi.find("UNH+1+ORDERS:D:96A:UN:EAN008'"), std::string::npos) << edi;
  EXPECT_NE(edi.find("UNZ+1+1'"), std::string::npos) << edi;
  CliRun r = run_edigate("validate " + quote(file.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

  r = run_edigate("acks list --partner hillside-foods --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 1u) << r.out;
  EXPECT_EQ(listed[0]["set_type"], "ORDERS");
  EXPECT_EQ(listed[0]["status"], "pending");
  EXPECT_EQ(listed[0]["due_at"], "2026-11-26T12:00:00Z");
  r = run_edigate("partner numbers hillside-foods");
  EXPECT_NE(r.out.find("outbound unb 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("outbound unh 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no outstanding numbers"), std::string::npos) << r.out;
}

TEST_F(CliSend, ADocumentWithoutAnOutboundAgreementOrToASuspendedPartnerIsRefusedBeforeAnyNumberIsTaken) {
  CliRun r = send(invoice, "hillside-foods");  // Hillside sends us invoices; we send it none
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(
      r.err.find(
          "hillside-foods has no outbound agreement for invoice documents (its outbound agreements: order)"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(files_in(outbox() / "hillside-foods"), 0u);
  r = run_edigate("partner numbers hillside-foods");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("outbound"), std::string::npos) << r.out;  // no number ever handed out
  EXPECT_NE(r.out.find("no outstanding numbers"), std::string::npos) << r.out;

  r = run_edigate("partner set-status northwind-retail suspended");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = send(invoice, "northwind-retail");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("northwind-retail is suspended: nothing is sent to it"), std::string::npos) << r.err;
  EXPECT_EQ(files_in(outbox() / "northwind-retail"), 0u);

  r = send(invoice, "no-such-partner");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("no-such-partner"), std::string::npos) << r.err;
}

TEST_F(CliSend, AnInterchangeThatDoesNotValidateIsNotQueuedAndGivesItsNumbersBack) {
  // BIG02 (Invoice Number) takes at most 22 characters.
  CliRun r = run_edigate("translate " + quote(invoice) + " --to canonical-json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string canonical = r.out;
  const std::string number = "\"INV-30318\"";
  ASSERT_NE(canonical.find(number), std::string::npos);
  canonical.replace(canonical.find(number), number.size(), "\"INV-30318-FAR-TOO-LONG-FOR-BIG02\"");
  std::ofstream(dir_ / "invoice.json") << canonical;

  r = send((dir_ / "invoice.json").string(), "northwind-retail");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("does not validate, nothing was queued"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("BIG, element 02"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("isa 1, gs 1, st 1 were given back"), std::string::npos) << r.err;
  EXPECT_EQ(files_in(outbox() / "northwind-retail"), 0u);
  r = run_edigate("acks list --direction outbound --json");
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 0u) << r.out;
  // Nothing was sent, so nothing was used: the next send gets ISA 1 and the partner sees no gap.
  r = run_edigate("partner numbers northwind-retail");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("no outstanding numbers"), std::string::npos) << r.out;
  auto sent = send_json(invoice, "northwind-retail");
  EXPECT_EQ(sent["interchange_control"], "000000001") << sent.dump(2);
}

TEST_F(CliSend, ThePartners997ForWhatWeSentAcceptsIt) {
  auto sent = send_json(invoice, "northwind-retail");
  ASSERT_EQ(sent["sets"].size(), 1u);
  const std::string group = sent["sets"][0]["group_control"];
  const std::string set = sent["sets"][0]["control_number"];
  // Northwind's 997, as it would answer our 810: AK1 names our group, AK2 our set.
  const std::string ack =
      "ISA*00*          *00*          *01*061234567      *01*987654321      "
      "*261125*1300*^*00501*000000077*0*P*:~"
      "GS*FA*061234567*987654321*20261125*1300*77*X*005010~ST*997*0001~AK1*IN*" +
      group + "~AK2*810*" + set + "~AK5*A~AK9*A*1*1*1~SE*6*0001~GE*1*77~IEA*1*000000077~";
  std::ofstream(dir_ / "their-997.edi") << ack;
  ::setenv("EDIGATE_NOW", "202611251300", 1);
  CliRun r = run_edigate("receive " + quote((dir_ / "their-997.edi").string()) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto received = nlohmann::json::parse(r.out);
  ASSERT_EQ(received["interchanges"].size(), 1u);
  EXPECT_EQ(received["interchanges"][0]["acknowledgment_results"]["unmatched"], 0);

  r = run_edigate("acks list --po INV-30318 --json");
  auto listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 1u) << r.out;
  EXPECT_EQ(listed[0]["status"], "accepted");
  EXPECT_EQ(listed[0]["acknowledgment"], "997");
  EXPECT_EQ(listed[0]["acknowledged_at"], "2026-11-25T13:00:00Z");
}

}  // namespace
}  // namespace edigate::testing
