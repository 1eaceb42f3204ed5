// Every route × every role × every scope (no partner, the object's partner, another partner), from one
// table: a scoped token meets another partner's objects as 404, a role without the permission gets
// 403, everyone else the route's answer. Writes run for real (with a preparation where a second run
// would otherwise differ), so the table proves the handlers, not a mock.
#include "portal-api/api_env.hpp"

#include <edigate/portal/openapi.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace edigate::portal::testing {
namespace {

using nlohmann::json;

enum class Need { read, act, onboard, unscoped_admin };

struct RouteCase {
  std::string operation;  // the path template, as the OpenAPI document names it
  std::string method;
  std::string path;
  Need need;
  bool on_object;  // the path names one of northwind-retail's objects (or the partner itself)
  std::set<long> success;
  std::function<std::string()> body = [] { return std::string(); };
  std::vector<std::string> headers = {};
  std::function<void(ApiClient&)> prepare = [](ApiClient&) {};
};

bool allowed(Need need, const std::string& role, bool scoped) {
  switch (need) {
    case Need::read: return true;
    case Need::act: return role == "operator" || role == "admin";
    case Need::onboard: return role == "partner_admin" || role == "admin";
    case Need::unscoped_admin: return role == "admin" && !scoped;
  }
  return false;
}

std::string strip_read_only(json agreement) {
  agreement.erase("guide");
  agreement.erase("document");
  agreement.erase("direction");
  return agreement.dump();
}

class ApiAccess : public ApiTest {};

TEST_P(ApiAccess, EveryRouteRoleAndScopeGetsWhatThePolicySays) {
  ApiWorld& w = world();
  const std::string nw = "/v1/partners/northwind-retail";
  const std::string pem = slurp(std::filesystem::path(EDIGATE_SAMPLES) / "partners/certs/northwind-as2.pem");
  Reply partner = http.get(nw, "admin");
  ASSERT_EQ(partner.status, 200);
  const json current = partner.json();
  json inbound_order_agreement;
  for (const auto& a : current["agreements"]) {
    if (a["document"] == "order" && a["direction"] == "inbound") inbound_order_agreement = a;
  }
  ASSERT_FALSE(inbound_order_agreement.is_null());
  std::string cert_sha;
  const std::vector<std::string> pem_type = {"Content-Type: application/x-pem-file"};
  const std::vector<std::string> json_any = {"Content-Type: application/json", "If-Match: *"};
  const auto upload = [&](ApiClient& c) {
    Reply r = c.send("POST", nw + "/certificates?usage=tls", "admin", pem, pem_type);
    if (r.status == 201) cert_sha = r.json()["sha256"];
  };
  upload(http);
  ASSERT_FALSE(cert_sha.empty());
  const auto remove_cert = [&](ApiClient& c) { c.send("DELETE", nw + "/certificates/" + cert_sha, "admin"); };
  const auto put_extra_agreement = [&](ApiClient& c) {
    c.send("PUT", nw + "/agreements/order_response/inbound", "admin",
           json{{"standard", "x12"}, {"version", "005010"}, {"ack", "997"}}.dump(), json_any);
  };
  static int key = 0;
  const auto fresh_key = [] { return "Idempotency-Key: matrix-" + std::to_string(++key); };
  const std::string doc_out = "/v1/documents/" + w.overdue_ship_notice;
  const std::string doc_in = "/v1/documents/" + w.inbound_order;

  std::vector<RouteCase> routes = {
      {"/v1/acknowledgments", "GET", "/v1/acknowledgments", Need::read, false, {200}},
      {"/v1/acknowledgments/overdue", "GET", "/v1/acknowledgments/overdue", Need::read, false, {200}},
      {"/v1/acknowledgments/{id}", "GET", "/v1/acknowledgments/" + w.rejected_invoice, Need::read, true, {200}},
      {"/v1/documents/{id}", "GET", doc_in, Need::read, true, {200}},
      {"/v1/documents/{id}/raw", "GET", doc_in + "/raw", Need::read, true, {200}},
      {"/v1/documents/{id}/segments", "GET", doc_in + "/segments", Need::read, true, {200}},
      {"/v1/documents/{id}/canonical", "GET", doc_in + "/canonical", Need::read, true, {200}},
      {"/v1/documents/{id}/timeline", "GET", doc_in + "/timeline", Need::read, true, {200}},
      {"/v1/documents/{id}/resend", "POST", doc_out + "/resend", Need::act, true, {202}},
      {"/v1/documents/{id}/reprocess", "POST", doc_in + "/reprocess", Need::act, true, {200}},
      {"/v1/outbound/{partner}", "POST", "/v1/outbound/northwind-retail", Need::act, true, {200, 201},
       [] { return slurp(std::filesystem::path(EDIGATE_SAMPLES) / "erp/netsuite-invoice.json"); },
       {"Content-Type: application/json"}},
      {"/v1/audit", "GET", "/v1/audit", Need::unscoped_admin, false, {200}},
      {"/v1/partners", "GET", "/v1/partners", Need::read, false, {200}},
      {"/v1/partners", "POST", "/v1/partners", Need::unscoped_admin, false, {201},
       [] { return json{{"name", "matrix-" + std::to_string(++key)}}.dump(); }, {"Content-Type: application/json"}},
      {"/v1/partners/{partner}", "GET", nw, Need::read, true, {200}},
      {"/v1/partners/{partner}", "PATCH", nw, Need::onboard, true, {200}, [] { return json{{"notes", "matrix"}}.dump(); }, json_any},
      {"/v1/partners/{partner}/status", "POST", nw + "/status", Need::onboard, true, {200}, [&] { return json{{"status", current["status"]}}.dump(); }, json_any},
      {"/v1/partners/{partner}/identities", "GET", nw + "/identities", Need::read, true, {200}},
      {"/v1/partners/{partner}/identities", "PUT", nw + "/identities", Need::onboard, true, {200}, [&] { return current["identities"].dump(); }, json_any},
      {"/v1/partners/{partner}/agreements", "GET", nw + "/agreements", Need::read, true, {200}},
      {"/v1/partners/{partner}/agreements/{document}/{direction}", "PUT", nw + "/agreements/order/inbound", Need::onboard, true, {200},
       [&] { return strip_read_only(inbound_order_agreement); }, json_any},
      {"/v1/partners/{partner}/agreements/{document}/{direction}", "DELETE", nw + "/agreements/order_response/inbound", Need::onboard, true, {204}, [] { return std::string(); },
       {"If-Match: *"}, put_extra_agreement},
      {"/v1/partners/{partner}/certificates", "GET", nw + "/certificates", Need::read, true, {200}},
      {"/v1/partners/{partner}/certificates", "POST", nw + "/certificates?usage=tls", Need::onboard, true, {201}, [&] { return pem; }, pem_type, remove_cert},
      {"/v1/partners/{partner}/certificates/{sha256}", "DELETE", nw + "/certificates/{sha}", Need::onboard, true, {204}, [] { return std::string(); }, {}, upload},
  };
  std::size_t checked = 0;
  for (auto& route : routes) {
    for (const std::string role : {"viewer", "operator", "partner_admin", "admin"}) {
      for (const std::string scope : {"", "northwind-retail", "hillside-foods"}) {
        const std::string who = scope.empty() ? role : role + "@" + scope;
        const bool scoped = !scope.empty();
        const bool other = scope == "hillside-foods";
        long expected = 0;
        if (route.on_object && other) expected = 404;
        else if (!allowed(route.need, role, scoped)) expected = 403;
        route.prepare(http);
        std::string path = route.path;
        if (const auto at = path.find("{sha}"); at != std::string::npos) path.replace(at, 5, cert_sha);
        std::vector<std::string> headers = route.headers;
        if (route.need == Need::act && route.path.find("/v1/documents/") == 0) headers.push_back(fresh_key());
        Reply r = http.send(route.method, path, who, route.body(), headers);
        ++checked;
        if (expected != 0) {
          EXPECT_EQ(r.status, expected) << route.method << " " << path << " as " << who << ": " << r.body.substr(0, 300);
          EXPECT_EQ(r.header("content-type"), "application/problem+json") << route.method << " " << path << " as " << who;
        } else {
          EXPECT_TRUE(route.success.count(r.status)) << route.method << " " << path << " as " << who << " → " << r.status << ": "
                                                     << r.body.substr(0, 300);
        }
        // Scoped lists hold their partner's rows only.
        if (!route.on_object && route.method == "GET" && scoped && r.status == 200 && route.path != "/v1/audit") {
          const json listed = r.json();  // the range below must not outlive it
          for (const auto& item : listed["items"]) {
            const std::string owner = item.contains("partner") ? item["partner"].get<std::string>() : item["name"].get<std::string>();
            EXPECT_EQ(owner, scope) << route.path << " as " << who;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, routes.size() * 12);
  // The table covers every operation the OpenAPI document declares, the public ones aside.
  std::set<std::pair<std::string, std::string>> documented, tested;
  for (const auto& [method, templ] : openapi_operations()) {
    if (templ != "/v1/health" && templ != "/v1/openapi.yaml" && templ != "/metrics") documented.emplace(method, templ);
  }
  for (const auto& r : routes) tested.emplace(r.method, r.operation);
  EXPECT_EQ(tested, documented);
}

INSTANTIATE_TEST_SUITE_P(On, ApiAccess, ::testing::ValuesIn(store_kinds()), store_case_name);

}  // namespace
}  // namespace edigate::portal::testing
