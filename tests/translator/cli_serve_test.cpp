// edigate serve and replay over the sample partners: the drop folder empties into the inbox, orders
// and ship notices reach the ERP folders in their formats, acknowledgments wait in the partners'
// outboxes; a replay changes nothing that was done; a document that cannot be mapped is put aside
// with its reason and is never delivered.
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

const std::string samples = EDIGATE_SAMPLES;

std::size_t files_in(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) n += e.is_regular_file() && e.path().filename().string()[0] != '.' ? 1 : 0;
  return n;
}

class CliServe : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("edigate-cli-serve-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "drop");
    fs::copy(samples + "/partners", dir_ / "partners", fs::copy_options::recursive);
    fs::remove_all(dir_ / "partners" / "inbound");
    ::setenv("EDIGATE_NOW", "202611251200", 1);
    std::ofstream(dir_ / "gateway.xml")
        << "<gateway xmlns=\"urn:edigate:gateway:1\" data=\"data\" db=\"sqlite:edigate.db\" poll-ms=\"50\">\n"
           "  <partners dir=\"partners\"/>\n"
           "  <inbound folder=\"drop\"/>\n"
           "  <outbound folder=\"erp-out\"/>\n"
           "  <erp name=\"canonical\" format=\"canonical-json\" path=\"erp/canonical\"/>\n"
           "  <erp name=\"sap\" format=\"idoc\" path=\"erp/sap\" documents=\"order\"/>\n"
           "</gateway>\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliRun edigate(const std::string& args) {
    return run_edigate(args + " --config " + quote((dir_ / "gateway.xml").string()));
  }
  nlohmann::json inbound_sets() {
    CliRun r = run_edigate("acks list --direction inbound --json --db " + quote("sqlite:" + (dir_ / "edigate.db").string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  fs::path dir_;
};

TEST_F(CliServe, TheDropFolderReachesTheErpAndThePartnersOutboxes) {
  fs::copy(samples + "/partners/inbound/northwind-850-4500012399.edi", dir_ / "drop" / "po.edi");
  fs::copy(samples + "/partners/inbound/hillside-desadv-DES0004211.edi", dir_ / "drop" / "asn.edi");
  CliRun r = edigate("serve --until-idle");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("2 file(s) stored, 2 message(s) processed (0 exception(s))"), std::string::npos) << r.out;
  EXPECT_EQ(files_in(dir_ / "drop"), 0u);
  EXPECT_EQ(files_in(dir_ / "erp" / "canonical"), 2u);  // the order and the ship notice
  EXPECT_EQ(files_in(dir_ / "erp" / "sap"), 1u);        // orders only
  EXPECT_TRUE(fs::exists(dir_ / "data" / "outbox" / "northwind-retail" / "000000001-997.edi"));
  EXPECT_TRUE(fs::exists(dir_ / "data" / "outbox" / "hillside-foods" / "1-CONTRL.edi"));
  // One JSON line per event, with the correlation id and no payload.
  EXPECT_NE(r.err.find("\"event\":\"inbound.processed\""), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("BEG*"), std::string::npos);

  auto sets = inbound_sets();
  ASSERT_EQ(sets.size(), 2u) << sets.dump(2);
  for (const auto& s : sets) EXPECT_EQ(s["status"], "accepted") << s.dump();
  const std::string order_message = sets[1]["correlation_id"];

  // A replay of a processed message does nothing again: no delivery, no acknowledgment.
  r = edigate("replay " + order_message);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 set(s) delivered now"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("acknowledgment sent now"), std::string::npos) << r.out;
  EXPECT_EQ(files_in(dir_ / "erp" / "canonical"), 2u);
  EXPECT_EQ(files_in(dir_ / "data" / "outbox" / "northwind-retail"), 1u);
  EXPECT_EQ(inbound_sets().size(), 2u);

  // The same file dropped again is a duplicate: recorded, answered with TA1 025, never delivered.
  fs::copy(samples + "/partners/inbound/northwind-850-4500012399.edi", dir_ / "drop" / "po-again.edi");
  r = edigate("serve --until-idle");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(files_in(dir_ / "erp" / "sap"), 1u);
  EXPECT_TRUE(fs::exists(dir_ / "data" / "outbox" / "northwind-retail" / "000000002-TA1.edi"));
}

TEST_F(CliServe, ErpDocumentsDroppedForAPartnerAreSentOnceOrSetAsideWithTheReason) {
  fs::create_directories(dir_ / "erp-out" / "northwind-retail");
  fs::create_directories(dir_ / "erp-out" / "hillside-foods");
  fs::copy(samples + "/erp/netsuite-invoice.json", dir_ / "erp-out" / "northwind-retail" / "invoice.json");
  // Hillside has no outbound invoice agreement.
  fs::copy(samples + "/erp/netsuite-invoice.json", dir_ / "erp-out" / "hillside-foods" / "invoice.json");
  CliRun r = edigate("serve --until-idle");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("1 document(s) sent (1 set aside)"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "data" / "outbox" / "northwind-retail" / "000000001-810-INV-30318.edi"));
  EXPECT_EQ(files_in(dir_ / "erp-out" / "northwind-retail"), 0u);
  EXPECT_TRUE(fs::exists(dir_ / "data" / "exceptions" / "outbound" / "hillside-foods" / "invoice.json"));
  std::ifstream reason(dir_ / "data" / "exceptions" / "outbound" / "hillside-foods" / "invoice.json.reason.txt");
  std::string why((std::istreambuf_iterator<char>(reason)), std::istreambuf_iterator<char>());
  EXPECT_NE(why.find("outbound agreement"), std::string::npos) << why;
  // The same document dropped again (the process stopped before the file left the folder) is a
  // replay: no new interchange, no new numbers.
  fs::copy(samples + "/erp/netsuite-invoice.json", dir_ / "erp-out" / "northwind-retail" / "invoice-again.json");
  r = edigate("serve --until-idle");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("\"replay\":true"), std::string::npos) << r.err;
  EXPECT_EQ(files_in(dir_ / "data" / "outbox" / "northwind-retail"), 1u);
  r = run_edigate("acks list --direction outbound --json --db " + quote("sqlite:" + (dir_ / "edigate.db").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto sets = nlohmann::json::parse(r.out);
  ASSERT_EQ(sets.size(), 1u) << r.out;
  EXPECT_EQ(sets[0]["status"], "pending");
  EXPECT_EQ(sets[0]["keys"]["invoice"], "INV-30318");

  // The transport took the file; the partner lost it: an operator queues it again, same bytes and
  // numbers, from the kept copy.
  const fs::path sent = dir_ / "data" / "outbox" / "northwind-retail" / "000000001-810-INV-30318.edi";
  const std::string original = [&] {
    std::ifstream in(sent);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }();
  fs::remove(sent);
  r = edigate("replay " + sets[0]["correlation_id"].get<std::string>());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("queued again for northwind-retail"), std::string::npos) << r.out;
  std::ifstream again(sent);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>()), original);
}

TEST_F(CliServe, ARejectedSetNeverReachesTheErp) {
  // Two orders in one group: the second lost its BEG (mandatory), so it is rejected; the first goes on.
  std::ifstream in(samples + "/partners/inbound/northwind-850-4500012399.edi");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto st = text.find("ST*850*0001~");
  const auto ge = text.find("GE*1*5211~");
  ASSERT_NE(st, std::string::npos);
  ASSERT_NE(ge, std::string::npos);
  std::string second = text.substr(st, ge - st);
  second.replace(second.find("ST*850*0001~"), 12, "ST*850*0002~");
  second.replace(second.rfind("*0001~"), 6, "*0002~");
  const auto beg = second.find("BEG*");
  second.erase(beg, second.find('~', beg) + 1 - beg);
  const auto se = second.find("SE*");
  const auto count = std::stoi(second.substr(se + 3)) - 1;
  second.replace(se, second.find('*', se + 3) - se, "SE*" + std::to_string(count));
  text.insert(ge, second);
  text.replace(text.find("GE*1*5211~"), 10, "GE*2*5211~");
  std::ofstream(dir_ / "drop" / "two.edi") << text;
  CliRun r = edigate("serve --until-idle");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(files_in(dir_ / "erp" / "canonical"), 1u);
  EXPECT_EQ(files_in(dir_ / "erp" / "sap"), 1u);
  std::ifstream ack(dir_ / "data" / "outbox" / "northwind-retail" / "000000001-997.edi");
  std::string ack_text((std::istreambuf_iterator<char>(ack)), std::istreambuf_iterator<char>());
  EXPECT_NE(ack_text.find("AK2*850*0002"), std::string::npos) << ack_text;
  EXPECT_NE(ack_text.find("AK5*R"), std::string::npos) << ack_text;
  EXPECT_NE(ack_text.find("AK9*P*2*2*1"), std::string::npos) << ack_text;
  auto sets = inbound_sets();
  ASSERT_EQ(sets.size(), 2u) << sets.dump(2);
  EXPECT_EQ(sets[0]["status"], "rejected");
  EXPECT_EQ(sets[1]["status"], "accepted");
}

TEST_F(CliServe, ADocumentThatCannotBeMappedIsPutAsideWithItsReason) {
  // Northwind's overlay reads the PO number from REF*PO, which this 850 lacks.
  fs::copy(samples + "/x12/850_purchase_order_5010.edi", dir_ / "drop" / "po.edi");
  CliRun r = edigate("serve --until-idle");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("(1 exception(s))"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("\"event\":\"inbound.exception\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("accepted but could not be mapped"), std::string::npos) << r.err;
  EXPECT_EQ(files_in(dir_ / "erp" / "canonical"), 0u);
  // The partner still gets its 997: the EDI was valid, the mapping is ours to fix.
  EXPECT_TRUE(fs::exists(dir_ / "data" / "outbox" / "northwind-retail" / "000000001-997.edi"));
  // The exception queue shows it with its reason.
  CliRun q = run_edigate("messages list --state exception --json --db " + quote("sqlite:" + (dir_ / "edigate.db").string()));
  ASSERT_EQ(q.exit_code, 0) << q.err;
  auto queue = nlohmann::json::parse(q.out);
  ASSERT_EQ(queue.size(), 1u) << q.out;
  EXPECT_EQ(queue[0]["transport_id"], "po.edi");
  EXPECT_NE(queue[0]["last_error"].get<std::string>().find("could not be mapped"), std::string::npos) << q.out;
  auto sets = inbound_sets();
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0]["correlation_id"], queue[0]["correlation_id"]);
  r = edigate("replay " + sets[0]["correlation_id"].get<std::string>());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("exception"), std::string::npos) << r.out;
  EXPECT_EQ(files_in(dir_ / "data" / "outbox" / "northwind-retail"), 1u);
}

TEST_F(CliServe, AConfigurationIsCheckedWhole) {
  std::ofstream(dir_ / "gateway.xml")
      << "<gateway xmlns=\"urn:edigate:gateway:1\" data=\"data\">\n"
         "  <erp name=\"a\" format=\"idoc\"/>\n"
         "  <erp name=\"a\" format=\"canonical-json\" kind=\"webhook\"/>\n"
         "</gateway>\n";
  CliRun r = edigate("serve --once");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("gateway.xml:2: erp a needs a path"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gateway.xml:3: erp a needs a url"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gateway.xml:3: a second erp named a"), std::string::npos) << r.err;
  std::ofstream(dir_ / "gateway.xml") << "<gateway xmlns=\"urn:edigate:gateway:1\" data=\"data\" poll-ms=\"99999999999999999999999\"/>";
  r = edigate("serve --once");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("poll-ms=\"99999999999999999999999\" is not a number from 1 to 3600000"), std::string::npos) << r.err;
  std::ofstream(dir_ / "gateway.xml") << "<gateway xmlns=\"urn:edigate:gateway:1\" data=\"data\"><erp name=\"x\" format=\"sap\" path=\"p\"/></gateway>";
  r = edigate("serve --once");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("gateway.xml"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace edigate::testing
