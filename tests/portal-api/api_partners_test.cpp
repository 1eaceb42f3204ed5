// Onboarding over the API: a partner created, its identities and agreements set, a certificate
// uploaded and its expiry shown, moved from test to production — each change with the ETag the client
// read (If-Match), so a stale edit is refused instead of overwriting someone else's.
#include "portal-api/api_env.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace edigate::portal::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> json_type = {"Content-Type: application/json"};

std::vector<std::string> with(std::vector<std::string> headers, const std::string& extra) {
  headers.push_back(extra);
  return headers;
}

// The partner's own ISA ID: identities are unique across partners.
std::string isa_id(const std::string& name) {
  std::string id;
  for (char c : name.substr(0, 15)) id += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return id;
}

class ApiPartners : public ApiTest {
 protected:
  Reply create(const std::string& name) {
    const json body = {{"name", name},
                       {"title", "Lakeside Grocers"},
                       {"contacts", {{{"role", "edi"}, {"name", "Dana Hill"}, {"email", "edi@lakeside.example"}}}},
                       {"identities", {{"x12", {{"qualifier", "ZZ"}, {"id", isa_id(name)}, {"our_qualifier", "01"}, {"our_id", "987654321"}}}}},
                       {"agreements", {{{"document", "order"}, {"direction", "inbound"}, {"standard", "x12"}, {"version", "005010"},
                                        {"ack", "997"}, {"transport", "as2"}}}}};
    return http.send("POST", "/v1/partners", "admin", body.dump(), json_type);
  }
};

TEST_P(ApiPartners, APartnerIsCreatedReadAndListed) {
  Reply created = create("lakeside-grocers");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("location"), "/v1/partners/lakeside-grocers");
  EXPECT_FALSE(created.header("etag").empty());
  const json p = created.json();
  EXPECT_EQ(p["status"], "onboarding");
  EXPECT_EQ(p["identities"]["x12"]["id"], "LAKESIDE-GROCER");
  EXPECT_EQ(p["agreements"][0]["as2"]["sign"], "sha256");  // AS2 defaults are explicit
  Reply read = http.get("/v1/partners/lakeside-grocers", "viewer");
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.header("etag"), created.header("etag"));
  EXPECT_EQ(create("lakeside-grocers").status, 409);
  // Another partner cannot take Northwind's ISA identity.
  const json thief = {{"name", "copycat"},
                      {"identities", {{"x12", {{"qualifier", "01"}, {"id", "061234567"}, {"our_qualifier", "01"}, {"our_id", "987654321"}}}}}};
  Reply taken = http.send("POST", "/v1/partners", "admin", thief.dump(), json_type);
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_NE(taken.body.find("northwind-retail"), std::string::npos) << taken.body;
  Reply listed = http.get("/v1/partners?status=onboarding", "viewer");
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("lakeside-grocers"), std::string::npos);
  // Only an unscoped admin creates partners.
  EXPECT_EQ(http.send("POST", "/v1/partners", "partner_admin", json{{"name", "x1"}}.dump(), json_type).status, 403);
  EXPECT_EQ(http.send("POST", "/v1/partners", "admin@hillside-foods", json{{"name", "x2"}}.dump(), json_type).status, 403);
}

TEST_P(ApiPartners, InvalidPartnersAreRefusedWithPointersToWhatIsWrong) {
  const json bad = {{"name", "Bad Name!"},
                    {"colour", "blue"},
                    {"agreements", {{{"document", "order"}, {"direction", "inbound"}, {"standard", "edifact"}, {"version", "D96A"},
                                     {"ack", "997"}}}}};
  Reply r = http.send("POST", "/v1/partners", "admin", bad.dump(), json_type);
  ASSERT_EQ(r.status, 400) << r.body;
  const std::string errors = r.json()["errors"].dump();
  EXPECT_NE(errors.find("/name"), std::string::npos) << errors;
  EXPECT_NE(errors.find("/colour"), std::string::npos) << errors;
  // Well-formed but against the profile rules: 422 with the rule in words.
  const json rule_broken = {{"name", "rule-breaker"},
                            {"agreements", {{{"document", "order"}, {"direction", "inbound"}, {"standard", "edifact"},
                                             {"version", "D96A"}, {"ack", "997"}}}}};
  Reply rules = http.send("POST", "/v1/partners", "admin", rule_broken.dump(), json_type);
  ASSERT_EQ(rules.status, 422) << rules.body;
  EXPECT_NE(rules.body.find("997 acknowledges X12, not EDIFACT"), std::string::npos) << rules.body;
  EXPECT_NE(rules.body.find("/agreements/0"), std::string::npos) << rules.body;
  EXPECT_EQ(http.get("/v1/partners/rule-breaker", "viewer").status, 404);
}

TEST_P(ApiPartners, ChangesNeedTheCurrentETag) {
  ASSERT_EQ(create("orchard-supply").status, 201);
  Reply read = http.get("/v1/partners/orchard-supply", "partner_admin");
  const std::string etag = read.header("etag");
  const std::string patch = json{{"title", "Orchard Supply Co."}, {"notes", "EDI go-live in December"}}.dump();
  Reply missing = http.send("PATCH", "/v1/partners/orchard-supply", "partner_admin", patch, json_type);
  EXPECT_EQ(missing.status, 428);
  EXPECT_EQ(missing.json()["type"], "https://edigate.dev/problems/precondition-required");
  Reply changed = http.send("PATCH", "/v1/partners/orchard-supply", "partner_admin", patch, with(json_type, "If-Match: " + etag));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["title"], "Orchard Supply Co.");
  EXPECT_NE(changed.header("etag"), etag);
  Reply stale = http.send("PATCH", "/v1/partners/orchard-supply", "partner_admin", json{{"title", "Lost update"}}.dump(),
                          with(json_type, "If-Match: " + etag));
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.json()["type"], "https://edigate.dev/problems/precondition-failed");
  EXPECT_EQ(http.get("/v1/partners/orchard-supply", "viewer").json()["title"], "Orchard Supply Co.");
  EXPECT_EQ(http.send("PATCH", "/v1/partners/orchard-supply", "viewer", patch, with(json_type, "If-Match: *")).status, 403);
  EXPECT_EQ(http.send("PATCH", "/v1/partners/orchard-supply", "operator", patch, with(json_type, "If-Match: *")).status, 403);
}

TEST_P(ApiPartners, StatusMovesFromTestToProductionNotStraightFromOnboarding) {
  Reply created = create("harbor-foods");
  ASSERT_EQ(created.status, 201);
  std::string etag = created.header("etag");
  const auto move = [&](const std::string& to) {
    Reply r = http.send("POST", "/v1/partners/harbor-foods/status", "partner_admin", json{{"status", to}}.dump(),
                        with(json_type, "If-Match: " + etag));
    if (r.status == 200) etag = r.header("etag");
    return r;
  };
  EXPECT_EQ(move("production").status, 409);
  EXPECT_EQ(move("test").status, 200);
  Reply live = move("production");
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.json()["status"], "production");
  EXPECT_EQ(move("retired").status, 400);
  EXPECT_EQ(http.get("/v1/audit?page_size=50", "admin").body.find("partner.status") != std::string::npos, true);
}

TEST_P(ApiPartners, IdentitiesAndAgreementsAreSetOneResourceAtATime) {
  Reply created = create("meadow-dairy");
  ASSERT_EQ(created.status, 201);
  std::string etag = created.header("etag");
  const json identities = {{"x12", {{"qualifier", "ZZ"}, {"id", "MEADOW"}, {"our_qualifier", "01"}, {"our_id", "987654321"}}},
                           {"edifact", {{"qualifier", "14"}, {"id", "5412345000013"}, {"our_qualifier", "14"}, {"our_id", "5490000000003"}}},
                           {"as2", {{"id", "MEADOW-AS2"}, {"url", "https://as2.meadow.example/as2"}}}};
  Reply put = http.send("PUT", "/v1/partners/meadow-dairy/identities", "partner_admin", identities.dump(), with(json_type, "If-Match: " + etag));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["edifact"]["id"], "5412345000013");
  etag = put.header("etag");
  const json agreement = {{"standard", "edifact"}, {"version", "D96A"}, {"ack", "contrl"}, {"ack_deadline_minutes", 720},
                          {"transport", "sftp"}, {"sftp", {{"host", "sftp.meadow.example"}, {"path", "/in"}}}};
  Reply added = http.send("PUT", "/v1/partners/meadow-dairy/agreements/invoice/outbound", "partner_admin", agreement.dump(),
                          with(json_type, "If-Match: " + etag));
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json()["sftp"]["port"], 22);
  etag = added.header("etag");
  json no_deadline = agreement;
  no_deadline["ack_deadline_minutes"] = 0;
  Reply refused = http.send("PUT", "/v1/partners/meadow-dairy/agreements/invoice/outbound", "partner_admin", no_deadline.dump(),
                            with(json_type, "If-Match: " + etag));
  EXPECT_EQ(refused.status, 422) << refused.body;
  Reply listed = http.get("/v1/partners/meadow-dairy/agreements", "viewer");
  EXPECT_EQ(listed.json()["items"].size(), 2u);
  Reply removed = http.send("DELETE", "/v1/partners/meadow-dairy/agreements/invoice/outbound", "partner_admin", {},
                            {"If-Match: " + etag});
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(http.get("/v1/partners/meadow-dairy/agreements", "viewer").json()["items"].size(), 1u);
}

TEST_P(ApiPartners, ACertificateIsUploadedAsPemAndShowsItsExpiry) {
  ASSERT_EQ(create("valley-farms").status, 201);
  const std::string pem = slurp(std::filesystem::path(EDIGATE_SAMPLES) / "partners/certs/northwind-as2.pem");
  Reply added = http.send("POST", "/v1/partners/valley-farms/certificates?usage=signing", "partner_admin", pem,
                          {"Content-Type: application/x-pem-file"});
  ASSERT_EQ(added.status, 201) << added.body;
  const json cert = added.json();
  EXPECT_EQ(cert["usage"], "signing");
  EXPECT_TRUE(cert["days_left"].is_number_integer());
  EXPECT_EQ(cert["expired"], cert["days_left"].get<long long>() <= 0);
  EXPECT_EQ(http.send("POST", "/v1/partners/valley-farms/certificates?usage=signing", "partner_admin", pem,
                      {"Content-Type: application/x-pem-file"}).status, 409);
  EXPECT_EQ(http.send("POST", "/v1/partners/valley-farms/certificates", "partner_admin", pem,
                      {"Content-Type: application/x-pem-file"}).status, 400);
  const std::string key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n";
  Reply refused = http.send("POST", "/v1/partners/valley-farms/certificates?usage=tls", "partner_admin", pem + key,
                            {"Content-Type: application/x-pem-file"});
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.body.find("MC4CAQ"), std::string::npos);
  Reply listed = http.get("/v1/partners/valley-farms/certificates", "viewer");
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_EQ(listed.body.find("BEGIN"), std::string::npos);  // facts, not the PEM
  const std::string sha = cert["sha256"];
  EXPECT_EQ(http.send("DELETE", "/v1/partners/valley-farms/certificates/" + sha, "viewer").status, 403);
  EXPECT_EQ(http.send("DELETE", "/v1/partners/valley-farms/certificates/" + sha, "partner_admin").status, 204);
  EXPECT_TRUE(http.get("/v1/partners/valley-farms/certificates", "viewer").json()["items"].empty());
}

INSTANTIATE_TEST_SUITE_P(On, ApiPartners, ::testing::ValuesIn(store_kinds()), store_case_name);

}  // namespace
}  // namespace edigate::portal::testing
