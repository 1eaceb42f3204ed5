// edigate partner/acks end to end on a SQLite store: a partner is imported, the 856 we send is
// recorded with a deadline, the partner's 997 (written by our own validator, as the partner would)
// is reconciled, and customer service finds the ship notice by its PO number.
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

TEST(CliAcks, SentAcknowledgedAndFoundByPo) {
  const fs::path dir = fs::temp_directory_path() / ("edigate-cli-acks-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ::setenv("EDIGATE_DB", ("sqlite:" + (dir / "edigate.db").string()).c_str(), 1);
  ::setenv("EDIGATE_NOW", "202611251200", 1);
  std::ofstream(dir / "northwind.xml")
      << "<partner xmlns=\"urn:edigate:partner:1\" name=\"northwind\" status=\"production\">\n"
         "  <x12 qualifier=\"ZZ\" id=\"NORTHWINDRTL\" our-qualifier=\"ZZ\" our-id=\"ACMESUPPLY\" version=\"004010\"/>\n"
         "</partner>\n";
  const std::string asn = std::string(EDIGATE_SAMPLES) + "/x12/856_ship_notice_4010.edi";
  const std::string ack = (dir / "997.edi").string();

  CliRun r = run_edigate("partner import " + quote((dir / "northwind.xml").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_edigate("acks sent " + quote(asn) + " --deadline 60");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("interchange 000000902 to northwind recorded, 1 set(s)"), std::string::npos) << r.out;

  // Before the 997 arrives the set is pending (due at 13:00), then overdue.
  r = run_edigate("acks list --po 4500012345 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["status"], "pending");
  EXPECT_EQ(listed[0]["due_at"], "2026-11-25T13:00:00Z");
  ::setenv("EDIGATE_NOW", "202611251330", 1);
  r = run_edigate("acks overdue --json");
  ASSERT_EQ(nlohmann::json::parse(r.out).size(), 1u) << r.out;

  ::setenv("EDIGATE_NOW", "202611251215", 1);
  r = run_edigate("validate " + quote(asn) + " --ack 997 --ack-out " + quote(ack));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_edigate("acks received " + quote(ack));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("from northwind: 2 matched what we sent, 0 matched nothing"), std::string::npos) << r.out;

  ::setenv("EDIGATE_NOW", "202611251330", 1);
  r = run_edigate("acks list --po 4500012345 --json");
  listed = nlohmann::json::parse(r.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["status"], "accepted");
  EXPECT_EQ(listed[0]["acknowledgment"], "997");
  EXPECT_EQ(listed[0]["acknowledged_at"], "2026-11-25T12:15:00Z");
  EXPECT_EQ(listed[0]["keys"]["shipment"], "ASN0004211");
  r = run_edigate("acks overdue --json");
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 0u) << r.out;

  ::unsetenv("EDIGATE_DB");
  ::unsetenv("EDIGATE_NOW");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace edigate::testing
