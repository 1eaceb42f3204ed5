// The portal API over HTTP on 127.0.0.1 (libcurl), on data the pipeline recorded: what customer
// service asks about acknowledgments, documents as sent and received, partner onboarding with ETags,
// actions with idempotency keys, and the errors a client gets for what it sends wrong.
#include "portal-api/api_env.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace edigate::portal::testing {
namespace {

using nlohmann::json;

class Api : public ApiTest {};

json items_of(const Reply& r) { return r.json().at("items"); }

TEST_P(Api, HealthAndTheOpenApiDocumentArePublicEverythingElseNeedsAToken) {
  EXPECT_EQ(http.anonymous("GET", "/v1/health").status, 200);
  Reply doc = http.anonymous("GET", "/v1/openapi.yaml");
  EXPECT_EQ(doc.status, 200);
  EXPECT_NE(doc.body.find("openapi: 3.1"), std::string::npos);
  Reply none = http.anonymous("GET", "/v1/acknowledgments");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("content-type"), "application/problem+json");
  EXPECT_EQ(none.json()["type"], "https://edigate.dev/problems/unauthorized");
  EXPECT_NE(none.header("www-authenticate").find("Bearer"), std::string::npos);
  Reply wrong = http.send("GET", "/v1/acknowledgments", "", {}, {"Authorization: Bearer edg_not-a-real-token"});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.header("www-authenticate").find("invalid_token"), std::string::npos);
  EXPECT_FALSE(wrong.header("x-request-id").empty());
}

TEST_P(Api, DidTheRetailerGetOurAcknowledgmentForItsPurchaseOrder) {
  Reply r = http.get("/v1/acknowledgments?po=4500012399", "viewer");
  ASSERT_EQ(r.status, 200) << r.body;
  json items = items_of(r);
  ASSERT_EQ(items.size(), 1u) << r.body;
  const json& order = items[0];
  EXPECT_EQ(order["direction"], "inbound");
  EXPECT_EQ(order["set_type"], "850");
  EXPECT_EQ(order["partner"], "northwind-retail");
  EXPECT_EQ(order["our_acknowledgment"]["kind"], "997");
  EXPECT_EQ(order["our_acknowledgment"]["status"], "accepted");
  EXPECT_EQ(order["id"], world().inbound_order);
  EXPECT_TRUE(order["keys"].dump().find("4500012399") != std::string::npos);
}

TEST_P(Api, ARejectionIsDecodedInPlainWordsWithTheLayersApart) {
  Reply r = http.get("/v1/acknowledgments?partner=northwind-retail&status=rejected", "viewer");
  ASSERT_EQ(r.status, 200) << r.body;
  json items = items_of(r);
  ASSERT_EQ(items.size(), 1u) << r.body;
  const json& invoice = items[0];
  EXPECT_EQ(invoice["id"], world().rejected_invoice);
  EXPECT_EQ(invoice["functional"]["kind"], "997");
  EXPECT_EQ(invoice["functional"]["status"], "rejected");
  ASSERT_FALSE(invoice["functional"]["errors"].empty()) << invoice.dump(2);
  const std::string words = invoice["functional"]["errors"].dump();
  EXPECT_NE(words.find("IT1"), std::string::npos) << words;
  EXPECT_EQ(invoice["interchange"]["kind"], "TA1");
  EXPECT_TRUE(invoice["interchange"]["status"].is_null());
  EXPECT_TRUE(invoice.contains("transport"));
  // The same by its numbers, and by the invoice number.
  Reply by_numbers = http.get("/v1/acknowledgments?group=" + world().rejected_invoice_group + "&set=" + world().rejected_invoice_set +
                                  "&direction=outbound",
                              "viewer");
  ASSERT_EQ(by_numbers.status, 200);
  EXPECT_EQ(items_of(by_numbers).size(), 1u) << by_numbers.body;
  Reply by_invoice = http.get("/v1/acknowledgments?invoice=INV-30318", "viewer");
  ASSERT_EQ(by_invoice.status, 200);
  ASSERT_EQ(items_of(by_invoice).size(), 1u) << by_invoice.body;
  EXPECT_EQ(items_of(by_invoice)[0]["id"], world().rejected_invoice);
}

TEST_P(Api, OverdueListsWhatWaitedPastItsDeadline) {
  Reply r = http.get("/v1/acknowledgments/overdue", "viewer");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> ids;
  for (const auto& item : items_of(r)) {
    EXPECT_EQ(item["status"], "overdue");
    EXPECT_EQ(item["direction"], "outbound");
    ids.insert(item["id"].get<std::string>());
  }
  EXPECT_TRUE(ids.count(world().overdue_ship_notice)) << r.body;
  EXPECT_TRUE(ids.count(world().overdue_edifact_order)) << r.body;
  EXPECT_FALSE(ids.count(world().rejected_invoice));
  Reply hillside = http.get("/v1/acknowledgments/overdue?partner=hillside-foods", "viewer");
  ASSERT_EQ(hillside.status, 200);
  ASSERT_EQ(items_of(hillside).size(), 1u) << hillside.body;
  EXPECT_EQ(items_of(hillside)[0]["interchange"]["kind"], "CONTRL");
}

TEST_P(Api, PagesFollowOneAnotherWithoutGapsOrRepeats) {
  Reply all = http.get("/v1/acknowledgments?page_size=500", "viewer");
  ASSERT_EQ(all.status, 200);
  const std::size_t total = items_of(all).size();
  ASSERT_GE(total, 5u);
  EXPECT_FALSE(all.json().contains("next_page_token"));
  std::set<std::string> seen;
  std::string token;
  std::size_t pages = 0;
  do {
    Reply page = http.get("/v1/acknowledgments?page_size=2" + (token.empty() ? "" : "&page_token=" + token), "viewer");
    ASSERT_EQ(page.status, 200) << page.body;
    for (const auto& item : items_of(page)) EXPECT_TRUE(seen.insert(item["id"].get<std::string>()).second);
    token = page.json().value("next_page_token", "");
    ASSERT_LT(++pages, 100u);
  } while (!token.empty());
  EXPECT_EQ(seen.size(), total);
  // A token belongs to its search.
  Reply first = http.get("/v1/acknowledgments?page_size=1", "viewer");
  const std::string next = first.json()["next_page_token"];
  Reply other = http.get("/v1/acknowledgments?page_size=1&direction=inbound&page_token=" + next, "viewer");
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(other.json()["errors"][0]["parameter"], "page_token");
  EXPECT_EQ(http.get("/v1/acknowledgments?page_token=garbage!", "viewer").status, 400);
}

TEST_P(Api, FiltersAreTypedAndUnknownOnesAreRefused) {
  for (const std::string query : {"status=lost", "direction=sideways", "since=yesterday", "until=2026-13-01", "page_size=0",
                                  "page_size=501", "colour=blue", "po=1&po=2", "po=1&invoice=2", "since=2026-11-25T10:00:00"}) {
    Reply r = http.get("/v1/acknowledgments?" + query, "viewer");
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << query;
    EXPECT_EQ(r.json()["type"], "https://edigate.dev/problems/bad-request") << query;
  }
  // Dates: any offset, normalised to UTC.
  Reply later = http.get("/v1/acknowledgments?since=2026-11-25T14:30:00%2B02:00", "viewer");
  ASSERT_EQ(later.status, 200) << later.body;
  for (const auto& item : items_of(later)) EXPECT_GE(item["created_at"].get<std::string>(), "2026-11-25T12:30:00Z");
  Reply before = http.get("/v1/acknowledgments?until=2026-11-25", "viewer");
  ASSERT_EQ(before.status, 200);
  EXPECT_TRUE(items_of(before).empty()) << before.body;
  EXPECT_EQ(http.get("/v1/acknowledgments?partner=nobody", "viewer").status, 404);
}

TEST_P(Api, APartnerScopedTokenSeesOnlyItsPartner) {
  Reply own = http.get("/v1/acknowledgments", "viewer@hillside-foods");
  ASSERT_EQ(own.status, 200);
  ASSERT_FALSE(items_of(own).empty());
  for (const auto& item : items_of(own)) EXPECT_EQ(item["partner"], "hillside-foods");
  EXPECT_TRUE(items_of(http.get("/v1/acknowledgments?po=4500012399", "viewer@hillside-foods")).empty());
  EXPECT_EQ(http.get("/v1/acknowledgments?partner=northwind-retail", "viewer@hillside-foods").status, 404);
  for (const std::string& path : std::vector<std::string>{"/v1/acknowledgments/" + world().inbound_order, "/v1/documents/" + world().inbound_order,
                                 "/v1/documents/" + world().inbound_order + "/raw", "/v1/partners/northwind-retail",
                                 "/v1/partners/northwind-retail/certificates"}) {
    Reply r = http.get(path, "admin@hillside-foods");
    EXPECT_EQ(r.status, 404) << path;  // not 403: another partner's objects do not exist for this token
  }
  Reply partners_seen = http.get("/v1/partners", "viewer@hillside-foods");
  ASSERT_EQ(items_of(partners_seen).size(), 1u);
  EXPECT_EQ(items_of(partners_seen)[0]["name"], "hillside-foods");
}

TEST_P(Api, ADocumentReadsAsStoredSegmentBySegmentAndAsOurModel) {
  const std::string base = "/v1/documents/" + world().inbound_order;
  Reply doc = http.get(base, "viewer");
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_EQ(doc.json()["links"]["raw"], base + "/raw");
  Reply raw = http.get(base + "/raw", "viewer");
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(raw.body.rfind("ISA", 0), 0u);
  EXPECT_NE(slurp(std::filesystem::path(EDIGATE_SAMPLES) / "partners/inbound/northwind-850-4500012399.edi").find(raw.body),
            std::string::npos);
  Reply segments = http.get(base + "/segments", "viewer");
  ASSERT_EQ(segments.status, 200) << segments.body;
  const json view = segments.json();
  ASSERT_GE(view["segments"].size(), 3u);
  EXPECT_EQ(view["segments"][0]["tag"], "ST");
  const json& beg = view["segments"][1];
  EXPECT_EQ(beg["tag"], "BEG");
  EXPECT_TRUE(beg["name"].is_string());
  bool po_named = false;
  for (const auto& e : beg["elements"]) {
    // BEG03 as Northwind sends it; its overlay reads the order number from elsewhere (see canonical below).
    if (e["id"] == "324") po_named = e["value"] == "NW-TX-88213" && e["name"] == "Purchase Order Number";
  }
  EXPECT_TRUE(po_named) << beg.dump(2);
  EXPECT_EQ(beg["elements"][0]["code_name"], "Original");
  Reply canonical = http.get(base + "/canonical", "viewer");
  ASSERT_EQ(canonical.status, 200) << canonical.body;
  EXPECT_NE(canonical.body.find("4500012399"), std::string::npos);
  Reply timeline = http.get(base + "/timeline", "viewer");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  std::vector<std::string> events;
  for (const auto& e : items_of(timeline)) events.push_back(e["event"]);
  EXPECT_EQ(events, (std::vector<std::string>{"received", "validated", "acknowledged", "delivered"})) << timeline.body;
  Reply sent = http.get("/v1/documents/" + world().rejected_invoice + "/timeline", "viewer");
  ASSERT_EQ(sent.status, 200);
  EXPECT_NE(sent.body.find("\"acknowledged\""), std::string::npos) << sent.body;
  EXPECT_EQ(http.get("/v1/documents/999999", "viewer").status, 404);
  EXPECT_EQ(http.get("/v1/documents/abc", "viewer").status, 404);
}

TEST_P(Api, ResendNeedsAnIdempotencyKeyAndTheSameKeyGetsTheSameAnswer) {
  const std::string path = "/v1/documents/" + world().overdue_ship_notice + "/resend";
  EXPECT_EQ(http.send("POST", path, "operator").status, 400);
  EXPECT_EQ(http.send("POST", path, "viewer", {}, {"Idempotency-Key: k-viewer"}).status, 403);
  Reply first = http.send("POST", path, "operator", {}, {"Idempotency-Key: resend-1"});
  ASSERT_EQ(first.status, 202) << first.body;
  Reply again = http.send("POST", path, "operator", {}, {"Idempotency-Key: resend-1"});
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  Reply other = http.send("POST", "/v1/documents/" + world().overdue_edifact_order + "/resend", "operator", {},
                          {"Idempotency-Key: resend-1"});
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(http.send("POST", "/v1/documents/" + world().inbound_order + "/resend", "operator", {}, {"Idempotency-Key: r-in"}).status, 409);
  Reply audit = http.get("/v1/audit", "admin");
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.body.find("document.resend"), std::string::npos);
  EXPECT_NE(audit.body.find("resend-1"), std::string::npos);
  EXPECT_EQ(http.get("/v1/audit", "operator").status, 403);
}

TEST_P(Api, ReprocessRunsAReceivedDocumentAgainWithoutDoingAnythingTwice) {
  const std::string path = "/v1/documents/" + world().inbound_order + "/reprocess";
  Reply r = http.send("POST", path, "operator", {}, {"Idempotency-Key: reprocess-1"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "processed");
  const json answer = r.json();  // the range below must not outlive it
  for (const auto& ic : answer["interchanges"]) {
    EXPECT_EQ(ic["delivered_now"], 0);
    EXPECT_EQ(ic["acknowledged_now"], false);
  }
  EXPECT_EQ(items_of(http.get("/v1/acknowledgments?po=4500012399", "viewer")).size(), 1u);
  EXPECT_EQ(http.send("POST", "/v1/documents/" + world().rejected_invoice + "/reprocess", "operator", {},
                      {"Idempotency-Key: reprocess-out"}).status, 409);
}

TEST_P(Api, BadBodiesGetProblemsNeverACrash) {
  const std::vector<std::string> json_type = {"Content-Type: application/json"};
  for (const std::string& body :
       std::vector<std::string>{"{", "{\"name\": }", "[1,2", "\xff\xfe", "{\"name\":\"x\"}}", std::string(100000, '[')}) {
    Reply r = http.send("POST", "/v1/partners", "admin", body, json_type);
    EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(http.send("POST", "/v1/partners", "admin", "name=x", {"Content-Type: application/x-www-form-urlencoded"}).status, 415);
  Reply big = http.send("POST", "/v1/partners", "admin", std::string(2 << 20, ' '), json_type);
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(http.get("/v1/health", "viewer").status, 200);
}

INSTANTIATE_TEST_SUITE_P(On, Api, ::testing::ValuesIn(store_kinds()), store_case_name);

}  // namespace
}  // namespace edigate::portal::testing
