// edigate partner show on a SQLite store: each agreement says how its documents travel (AS2
// algorithms and MDN, SFTP server and directory), from the shipped sample profiles.
#include "translator/cli_runner.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

TEST(CliPartner, ShowPrintsTheTransportOfEachAgreement) {
  const fs::path dir = fs::temp_directory_path() / ("edigate-cli-partner-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = " --db " + quote("sqlite:" + (dir / "edigate.db").string());
  const fs::path samples = fs::path(EDIGATE_SAMPLES) / "partners";
  for (const char* f : {"northwind-retail.xml", "hillside-foods.xml"}) {
    CliRun r = run_edigate("partner import " + quote((samples / f).string()) + db);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  CliRun r = run_edigate("partner show northwind-retail" + db);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  agreement: order inbound x12 005010, ack 997 (always)\n"
                       "    via as2 sign=sha256 encrypt=aes256-cbc mdn=sync signed\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("    via as2 https://as2.northwind-retail.example/as2 sign=sha256 encrypt=aes256-cbc compressed "
                       "mdn=sync signed\n"),
            std::string::npos)
      << r.out;

  r = run_edigate("partner show hillside-foods" + db);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  agreement: order outbound edifact D96A, ack contrl (always), due within 1440 min\n"
                       "    via sftp hillside@127.0.0.1:2222/inbound\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  agreement: invoice inbound edifact D96A, ack contrl (always)\n"
                       "    via sftp hillside@127.0.0.1:2222/outbound\n"),
            std::string::npos)
      << r.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace edigate::testing
