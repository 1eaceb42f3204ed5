// Partners in the store, on SQLite and PostgreSQL: profile import, export -> import round trip,
// identity lookup, every problem of a bad profile at once, keys never stored, AS2 and SFTP settings
// of agreements.
#include "partners/store_env.hpp"

#include <edigate/partners/partner_store.hpp>

#include <nlohmann/json.hpp>

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

  // The AS2 algorithms came back, the implicit defaults of the inbound order included.
  EXPECT_NE(first.find("<as2 sign=\"sha256\" encrypt=\"aes256-cbc\" compress=\"true\" mdn=\"sync\" mdn-signed=\"true\"/>"),
            std::string::npos) << first;
  EXPECT_EQ(again->agreements, profile->agreements);
  ASSERT_EQ(again->agreements.size(), 4u);
  ASSERT_TRUE(again->agreements[0].as2);
  EXPECT_EQ(*again->agreements[0].as2, partners::As2Settings{});
  ASSERT_TRUE(again->agreements[2].as2);
  EXPECT_TRUE(again->agreements[2].as2->compress);

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

// A profile with every AS2 and SFTP setting away from its default, and a private key file whose
// content must never reach the store.
fs::path transport_profile(const fs::path& dir) {
  fs::create_directories(dir / "keys");
  std::ofstream(dir / "keys" / "id_ed25519") << "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET-KEY-MATERIAL\n"
                                                "-----END OPENSSH PRIVATE KEY-----\n";
  std::ofstream(dir / "globex.xml")
      << "<partner xmlns=\"urn:edigate:partner:1\" name=\"globex\">\n"
         "  <x12 qualifier=\"ZZ\" id=\"GLOBEX\" our-qualifier=\"ZZ\" our-id=\"US\" version=\"004010\"/>\n"
         "  <agreement document=\"order\" direction=\"inbound\" standard=\"x12\" version=\"004010\" transport=\"as2\">\n"
         "    <as2 sign=\"none\" encrypt=\"none\" mdn=\"none\" mdn-signed=\"false\"/>\n"
         "  </agreement>\n"
         "  <agreement document=\"invoice\" direction=\"outbound\" standard=\"x12\" version=\"004010\" transport=\"as2\"\n"
         "             endpoint=\"https://as2.globex.example/in\">\n"
         "    <as2 sign=\"sha512\" encrypt=\"aes128-gcm\" compress=\"true\" mdn=\"async\" mdn-signed=\"false\"\n"
         "         mdn-url=\"https://edi.example/mdn\"/>\n"
         "  </agreement>\n"
         "  <agreement document=\"ship_notice\" direction=\"outbound\" standard=\"x12\" version=\"004010\" transport=\"sftp\">\n"
         "    <sftp host=\"sftp.globex.example\" port=\"2022\" user=\"us\" path=\"/in/856\" key=\"keys/id_ed25519\"\n"
         "          host-key-sha256=\"SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s\"/>\n"
         "  </agreement>\n"
         "  <agreement document=\"order_response\" direction=\"inbound\" standard=\"x12\" version=\"004010\" transport=\"sftp\">\n"
         "    <sftp host=\"sftp.globex.example\" path=\"out\"/>\n"
         "  </agreement>\n"
         "  <agreement document=\"order_response\" direction=\"outbound\" standard=\"x12\" version=\"004010\"\n"
         "             transport=\"folder\" endpoint=\"/srv/edi/globex\"/>\n"
         "</partner>\n";
  return dir / "globex.xml";
}

TEST(Profiles, AgreementsCarryTheirTransportSettings) {
  const fs::path dir = fs::temp_directory_path() / ("edigate-transport-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto p = partners::load_profile(transport_profile(dir));
  ASSERT_TRUE(p) << p.error().describe();
  ASSERT_EQ(p->agreements.size(), 5u);

  const auto& inbound = p->agreements[0];
  ASSERT_TRUE(inbound.as2);  // unsigned and unencrypted is the partner's choice when it sends to us
  EXPECT_EQ(inbound.as2->sign, "none");
  EXPECT_EQ(inbound.as2->mdn, "none");
  EXPECT_FALSE(inbound.sftp);

  const auto& invoice = p->agreements[1];
  ASSERT_TRUE(invoice.as2);
  EXPECT_EQ(invoice.as2->sign, "sha512");
  EXPECT_EQ(invoice.as2->encrypt, "aes128-gcm");
  EXPECT_TRUE(invoice.as2->compress);
  EXPECT_EQ(invoice.as2->mdn, "async");
  EXPECT_FALSE(invoice.as2->mdn_signed);
  EXPECT_EQ(invoice.as2->mdn_url, "https://edi.example/mdn");

  const auto& asn = p->agreements[2];
  EXPECT_FALSE(asn.as2);
  ASSERT_TRUE(asn.sftp);
  EXPECT_EQ(asn.sftp->host, "sftp.globex.example");
  EXPECT_EQ(asn.sftp->port, 2022u);
  EXPECT_EQ(asn.sftp->user, "us");
  EXPECT_EQ(asn.sftp->path, "/in/856");
  EXPECT_EQ(asn.sftp->key, dir / "keys" / "id_ed25519");  // relative to the profile, absolute once loaded
  EXPECT_TRUE(asn.sftp->key.is_absolute());
  EXPECT_EQ(asn.sftp->host_key_sha256, "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");

  ASSERT_TRUE(p->agreements[3].sftp);
  EXPECT_EQ(p->agreements[3].sftp->port, 22u);
  EXPECT_FALSE(p->agreements[4].as2);
  EXPECT_FALSE(p->agreements[4].sftp);

  // Written to another folder and read again: the same agreements (the key path stays absolute).
  const fs::path other = dir / "copy";
  fs::create_directories(other);
  const std::string text = partners::write_profile(*p, other);
  EXPECT_NE(text.find("key=\"" + (dir / "keys" / "id_ed25519").string() + "\""), std::string::npos) << text;
  std::ofstream(other / "globex.xml") << text;
  auto back = partners::load_profile(other / "globex.xml");
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->agreements, p->agreements);
  // ... and into its own folder the key is relative again.
  EXPECT_NE(partners::write_profile(*p, dir).find("key=\"keys/id_ed25519\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(Profiles, TheSftpSampleLoads) {
  auto p = partners::load_profile(samples / "hillside-foods.xml");
  ASSERT_TRUE(p) << p.error().describe();
  ASSERT_EQ(p->agreements.size(), 3u);
  for (const auto& a : p->agreements) {
    EXPECT_EQ(a.transport, "sftp");
    EXPECT_FALSE(a.as2);
    ASSERT_TRUE(a.sftp);
    EXPECT_EQ(a.sftp->host, "127.0.0.1");
    EXPECT_EQ(a.sftp->port, 2222u);
    EXPECT_EQ(a.sftp->user, "hillside");
    EXPECT_EQ(a.sftp->path, a.direction == "outbound" ? "/inbound" : "/outbound");
    EXPECT_TRUE(a.sftp->key.empty());
  }
}

TEST_P(StoreTest, TransportSettingsGoThroughTheStoreAndKeysStayFiles) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const fs::path dir = fs::temp_directory_path() / ("edigate-transport-store-" + std::to_string(::getpid()) + GetParam());
  fs::remove_all(dir);
  auto profile = partners::load_profile(transport_profile(dir));
  ASSERT_TRUE(profile) << profile.error().describe();
  ASSERT_TRUE(partners::import_profile(*store, *profile, false));

  auto out = partners::export_profile(*store, "globex");
  ASSERT_TRUE(out) << out.error().describe();
  EXPECT_EQ(out->agreements, profile->agreements);

  // export -> file -> import (replacing) -> export: still the same agreements.
  const fs::path copy = dir / "copy";
  fs::create_directories(copy);
  std::ofstream(copy / "globex.xml") << partners::write_profile(*out, copy);
  auto again = partners::load_profile(copy / "globex.xml");
  ASSERT_TRUE(again) << again.error().describe();
  ASSERT_TRUE(partners::import_profile(*store, *again, true));
  auto second = partners::export_profile(*store, "globex");
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->agreements, profile->agreements);

  // The settings column holds JSON with the algorithms and the key's path, never the key itself.
  std::vector<std::string> settings;
  {
    soci::rowset<std::string> rows = (store->session().prepare << "SELECT settings FROM agreements ORDER BY id");
    for (const std::string& r : rows) settings.push_back(r);
  }
  ASSERT_EQ(settings.size(), 5u);
  const auto invoice = nlohmann::json::parse(settings[1]);
  EXPECT_EQ(invoice["as2"]["sign"], "sha512");
  EXPECT_EQ(invoice["as2"]["mdn_url"], "https://edi.example/mdn");
  const auto asn = nlohmann::json::parse(settings[2]);
  EXPECT_EQ(asn["sftp"]["key"], (dir / "keys" / "id_ed25519").string());
  EXPECT_EQ(asn["sftp"]["port"], 2022);
  EXPECT_EQ(settings[4], "{}");
  for (const std::string& j : settings) EXPECT_EQ(j.find("SECRET-KEY-MATERIAL"), std::string::npos) << j;
  fs::remove_all(dir);
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

TEST(Profiles, EveryTransportProblemIsReportedAtOnce) {
  auto p = partners::load_profile(data / "bad" / "acme-transport.xml");
  ASSERT_FALSE(p);
  const std::string& m = p.error().message;
  EXPECT_NE(m.find("10 problem(s) in partner acme-transport"), std::string::npos) << m;
  EXPECT_NE(m.find("line 9: <as2> settings need transport=\"as2\", not \"folder\""), std::string::npos) << m;
  EXPECT_NE(m.find("line 12: <sftp> settings need transport=\"sftp\", not \"as2\""), std::string::npos) << m;
  EXPECT_NE(m.find("line 14: transport=\"sftp\" needs an <sftp> child with host and path"), std::string::npos) << m;
  EXPECT_NE(m.find("line 16: <sftp> needs the server's host"), std::string::npos) << m;
  EXPECT_NE(m.find("line 16: <sftp> needs the remote directory (path)"), std::string::npos) << m;
  EXPECT_NE(m.find("line 16: SFTP port \"0\" is not in 1..65535"), std::string::npos) << m;
  EXPECT_NE(m.find("line 19: SFTP port \"70000\" is not in 1..65535"), std::string::npos) << m;
  EXPECT_NE(m.find("line 19: SFTP key file " + (data / "bad" / "keys" / "nowhere_ed25519").string() + " does not exist"),
            std::string::npos) << m;
  EXPECT_NE(m.find("line 22: mdn=\"async\" needs mdn-url"), std::string::npos) << m;
  EXPECT_NE(m.find("line 22: unsigned and unencrypted AS2 is refused"), std::string::npos) << m;
  EXPECT_EQ(m.find("line 25:"), std::string::npos) << m;  // inbound: the partner's choice
}

TEST(Profiles, TheSchemaKnowsTheAlgorithmsAndOneTransportPerAgreement) {
  auto md5 = partners::load_profile(data / "bad" / "acme-as2-md5.xml");
  ASSERT_FALSE(md5);
  EXPECT_EQ(md5.error().code, ErrorCode::invalid_document);
  EXPECT_NE(md5.error().describe().find("md5"), std::string::npos) << md5.error().describe();
  auto both = partners::load_profile(data / "bad" / "acme-two-transports.xml");
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().code, ErrorCode::invalid_document);
  EXPECT_NE(both.error().describe().find("sftp"), std::string::npos) << both.error().describe();
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
