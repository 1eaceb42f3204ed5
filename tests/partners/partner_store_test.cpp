// Partners in the store, on SQLite and PostgreSQL: profile import, export -> import round trip,
// identity lookup, every problem of a bad profile at once, keys never stored.
#include "partners/store_env.hpp"

#include <edigate/partners/partner_store.hpp>

#include <fstream>
#include <sstream>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;
using partners::Store;

const fs::path samples = fs::path(EDIGATE_SAMPLES) / "partners";
const fs::path data = fs::path(EDIGATE_TEST_DATA) / "partners";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Exports `name` into `dir` (profile + certificate files) and returns the profile's text.
std::string export_to(Store& store, const std::string& name, const fs::path& dir) {
  std::vector<partners::CertificateInfo> certs;
  auto p = partners::export_profile(store, name, &certs);
  EXPECT_TRUE(p) << p.error().describe();
  fs::create_directories(dir);
  for (std::size_t i = 0; i < certs.size(); ++i) {
    p->certificates[i].file = dir / (name + "-" + std::to_string(i + 1) + ".pem");
    std::ofstream(p->certificates[i].file) << certs[i].pem;
  }
  const std::string text = partners::write_profile(*p, dir);
  std::ofstream(dir / (name + ".xml")) << text;
  return text;
}

TEST_P(StoreTest, ProfilesImportAndExportBackToTheSamePartner) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  auto profile = partners::load_profile(samples / "northwind-retail.xml");
  ASSERT_TRUE(profile) << profile.error().describe();
  auto id = partners::import_profile(*store, *profile, false);
  ASSERT_TRUE(id) << id.error().describe();

  const fs::path dir = fs::temp_directory_path() / ("edigate-export-" + std::to_string(::getpid()) + GetParam());
  const std::string first = export_to(*store, "northwind-retail", dir / "1");
  EXPECT_NE(first.find("<agreement document=\"ship_notice\" direction=\"outbound\""), std::string::npos);

  // The exported file imports (replacing) to the same partner, which exports to the same text.
  auto again = partners::load_profile(dir / "1" / "northwind-retail.xml");
  ASSERT_TRUE(again) << again.error().describe();
  ASSERT_TRUE(partners::import_profile(*store, *again, true));
  std::string second = export_to(*store, "northwind-retail", dir / "1");
  EXPECT_EQ(second, first);

  auto summary = partners::find_partner(*store, "northwind-retail");
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->status, "production");
  EXPECT_EQ(summary->agreements, 4u);
  EXPECT_EQ(summary->certificates, 1u);
  EXPECT_EQ(summary->identities, 3u);  // ISA, GS, AS2
  fs::remove_all(dir);
}

TEST_P(StoreTest, AnEnvelopeFindsItsPartnerAndNamesAreUnique) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  for (const char* f : {"northwind-retail.xml", "hillside-foods.xml"}) {
    auto p = partners::load_profile(samples / f);
    ASSERT_TRUE(p) << p.error().describe();
    ASSERT_TRUE(partners::import_profile(*store, *p, false));
  }
  auto isa = partners::partner_by_identity(*store, "x12_isa", "01", "061234567");
  ASSERT_TRUE(isa);
  ASSERT_TRUE(isa->has_value());
  EXPECT_EQ((*isa)->name, "northwind-retail");
  auto unb = partners::partner_by_identity(*store, "edifact_unb", "14", "5012345000004");
  ASSERT_TRUE(unb && unb->has_value());
  EXPECT_EQ((*unb)->name, "hillside-foods");
  auto nobody = partners::partner_by_identity(*store, "x12_isa", "ZZ", "NOBODY");
  ASSERT_TRUE(nobody);
  EXPECT_FALSE(nobody->has_value());

  auto p = partners::load_profile(samples / "hillside-foods.xml");
  auto twice = partners::import_profile(*store, *p, false);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::already_exists);

  ASSERT_TRUE(partners::set_partner_status(*store, "hillside-foods", "test"));
  EXPECT_FALSE(partners::set_partner_status(*store, "hillside-foods", "dormant"));
  auto tests = partners::list_partners(*store, "test");
  ASSERT_TRUE(tests);
  ASSERT_EQ(tests->size(), 1u);
  EXPECT_EQ(tests->front().name, "hillside-foods");

  ASSERT_TRUE(partners::remove_partner(*store, "northwind-retail"));
  auto gone = partners::partner_by_identity(*store, "x12_isa", "01", "061234567");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());  // identities went with the partner
  EXPECT_EQ(partners::remove_partner(*store, "northwind-retail").error().code, ErrorCode::not_found);
}

TEST(Profiles, EveryProblemOfAProfileIsReportedAtOnce) {
  auto p = partners::load_profile(data / "bad" / "acme-broken.xml");
  ASSERT_FALSE(p);
  const std::string& m = p.error().message;
  EXPECT_NE(m.find("5 problem(s) in partner acme-broken"), std::string::npos) << m;
  EXPECT_NE(m.find("line 7: a second inbound agreement for order"), std::string::npos) << m;
  EXPECT_NE(m.find("CONTRL acknowledges EDIFACT, not X12"), std::string::npos) << m;
  EXPECT_NE(m.find("needs ack-deadline-minutes"), std::string::npos) << m;
  EXPECT_NE(m.find("certificates/nowhere.pem") == std::string::npos ? m.find("certs/nowhere.pem") : 0, std::string::npos) << m;
  EXPECT_NE(m.find("overlays/nowhere.xml does not exist"), std::string::npos) << m;
}

TEST(Certificates, PublicFactsAreReadAndPrivateKeysRefused) {
  const std::string pem = slurp(samples / "certs" / "northwind-as2.pem");
  auto info = partners::read_certificate(pem, "northwind-as2.pem");
  ASSERT_TRUE(info) << info.error().describe();
  EXPECT_EQ(info->subject, "CN=northwind-as2.example,O=Northwind Retail Inc,C=US");
  EXPECT_EQ(info->serial, "4E57000001");
  EXPECT_EQ(info->sha256.size(), 95u);  // 32 bytes as XX:XX:...
  EXPECT_EQ(info->not_after.size(), 20u);
  auto with_key = partners::read_certificate("-----BEGIN PRIVATE KEY-----\nMC4CAQ...\n-----END PRIVATE KEY-----\n" + pem, "bundle.pem");
  ASSERT_FALSE(with_key);
  EXPECT_NE(with_key.error().message.find("keys are never stored"), std::string::npos);
  EXPECT_FALSE(partners::read_certificate("not a certificate", "x.pem"));
}

}  // namespace
}  // namespace edigate::testing
