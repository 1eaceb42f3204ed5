#pragma once
// The portal API live on 127.0.0.1 over a SQLite store the pipeline filled: the two sample partners,
// Northwind's X12 850 received (and our 997 sent, the order delivered to a folder ERP), our 810 to
// Northwind rejected by its 997, our ship notice to Northwind and our EDIFACT ORDERS to Hillside left
// waiting past their deadlines. One environment per store kind (SQLite, PostgreSQL) and test process;
// tests read it, and the ones that change it change what no other test reads.
#include "partners/store_env.hpp"
#include "portal-api/http_client.hpp"

#include <edigate/maps/map.hpp>
#include <edigate/partners/api_tokens.hpp>
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/pipeline/gateway.hpp>
#include <edigate/pipeline/receive.hpp>
#include <edigate/pipeline/send.hpp>
#include <edigate/portal/api.hpp>
#include <edigate/portal/http_server.hpp>
#include <edigate/schema/registry.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace edigate::portal::testing {

using edigate::testing::empty_store_url;
using edigate::testing::store_case_name;
using edigate::testing::store_kinds;

struct ApiWorld {
  std::filesystem::path dir;
  std::string db_url;
  std::unique_ptr<HttpServer> server;
  std::string base;  // http://127.0.0.1:PORT
  // Bearer secrets by "role" or "role@partner".
  std::map<std::string, std::string> tokens;
  // Ledger ids (as the API writes them) of the documents the pipeline recorded.
  std::string inbound_order, rejected_invoice, overdue_ship_notice, overdue_edifact_order, our_997;
  std::string rejected_invoice_group, rejected_invoice_set;

  ApiWorld() = default;
  ApiWorld(const ApiWorld&) = delete;
  ApiWorld& operator=(const ApiWorld&) = delete;
  ~ApiWorld() {
    if (server) server->stop();
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }

  std::string token(const std::string& who) const { return tokens.at(who); }
  std::vector<std::string> auth(const std::string& who) const { return {"Authorization: Bearer " + token(who)}; }
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string set_id_of(partners::Store& store, const std::string& direction, const std::string& set_type,
                             const std::string& partner) {
  partners::SetFilter filter;
  filter.direction = direction;
  filter.set_type = set_type;
  filter.partner = partner;
  auto sets = partners::list_sets(store, filter);
  if (!sets || sets->empty()) return {};
  return std::to_string(sets->front().id);
}

// Builds the world of `kind` ("sqlite", "postgresql") once per process; nullptr when there is no
// PostgreSQL to build it on (see store_env.hpp). What goes wrong while building throws.
inline ApiWorld* api_world(const std::string& kind) {
  static std::map<std::string, std::unique_ptr<ApiWorld>> worlds;
  if (auto it = worlds.find(kind); it != worlds.end()) return it->second.get();
  const std::string db_url = kind == "sqlite" ? std::string() : empty_store_url(kind);
  if (kind != "sqlite" && db_url.empty()) return nullptr;
  ApiWorld& world = *worlds.emplace(kind, std::make_unique<ApiWorld>()).first->second;
  namespace fs = std::filesystem;
  const fs::path samples = EDIGATE_SAMPLES;
  world.dir = fs::temp_directory_path() / ("edigate-api-" + kind + "-" + std::to_string(::getpid()));
  fs::remove_all(world.dir);
  fs::create_directories(world.dir / "data");
  world.db_url = kind == "sqlite" ? "sqlite:" + (world.dir / "edigate.db").string() : db_url;
  ::setenv("EDIGATE_NOW", "202611251200", 1);

  auto store = partners::Store::open(world.db_url);
  if (!store) throw std::runtime_error(store.error().describe());
  for (const char* p : {"northwind-retail.xml", "hillside-foods.xml"}) {
    auto profile = partners::load_profile(samples / "partners" / p);
    if (!profile) throw std::runtime_error(profile.error().describe());
    if (auto imported = partners::import_profile(*store, *profile, false); !imported) throw std::runtime_error(imported.error().describe());
  }
  auto maps = maps::MapLibrary::load_default();
  if (!maps) throw std::runtime_error(maps.error().describe());
  schema::SchemaRegistry schemas(schema::SchemaRegistry::default_directory());

  pipeline::SendOptions options;
  options.outbox = world.dir / "data" / "outbox";
  auto invoice = pipeline::send_file(*store, samples / "erp" / "netsuite-invoice.json", "northwind-retail", *maps, schemas, options);
  if (!invoice) throw std::runtime_error(invoice.error().describe());
  auto asn = pipeline::send_file(*store, samples / "erp" / "netsuite-item-fulfillment.json", "northwind-retail", *maps, schemas, options);
  if (!asn) throw std::runtime_error(asn.error().describe());
  auto order = pipeline::send_file(*store, samples / "erp" / "d365-sales-order.json", "hillside-foods", *maps, schemas, options);
  if (!order) throw std::runtime_error(order.error().describe());

  pipeline::PipelineContext context(*store, schemas, *maps, world.dir / "data");
  pipeline::ErpConnector folder;
  folder.name = "orders";
  folder.path = world.dir / "erp";
  context.erp.push_back(folder);
  auto received = pipeline::receive_file(context, samples / "partners" / "inbound" / "northwind-850-4500012399.edi", {});
  if (!received) throw std::runtime_error(received.error().describe());

  // Northwind's 997 rejects our invoice: a missing required element in IT1 and a bad code.
  world.rejected_invoice_group = invoice->sets.at(0).group_control;
  world.rejected_invoice_set = invoice->sets.at(0).control_number;
  const std::string ack =
      "ISA*00*          *00*          *01*061234567      *01*987654321      "
      "*261125*1300*^*00501*000000077*0*P*:~"
      "GS*FA*061234567*987654321*20261125*1300*77*X*005010~ST*997*0001~AK1*IN*" +
      world.rejected_invoice_group + "~AK2*810*" + world.rejected_invoice_set +
      "~AK3*IT1*5**8~AK4*3*355*7*ZZ~AK5*R*5~AK9*R*1*1*0~SE*8*0001~GE*1*77~IEA*1*000000077~";
  std::ofstream(world.dir / "their-997.edi") << ack;
  ::setenv("EDIGATE_NOW", "202611251300", 1);
  auto answered = pipeline::receive_file(context, world.dir / "their-997.edi", {});
  if (!answered) throw std::runtime_error(answered.error().describe());

  world.inbound_order = set_id_of(*store, "inbound", "850", "northwind-retail");
  world.rejected_invoice = set_id_of(*store, "outbound", "810", "northwind-retail");
  world.overdue_ship_notice = set_id_of(*store, "outbound", "856", "northwind-retail");
  world.overdue_edifact_order = set_id_of(*store, "outbound", "ORDERS", "hillside-foods");
  world.our_997 = set_id_of(*store, "outbound", "997", "northwind-retail");

  for (const char* role : {"viewer", "operator", "partner_admin", "admin"}) {
    for (const char* partner : {"", "northwind-retail", "hillside-foods"}) {
      partners::ApiTokenRequest request;
      request.role = *partners::parse_api_role(role);
      request.partner = partner;
      request.name = std::string("test ") + role;
      auto created = partners::create_api_token(*store, request);
      if (!created) throw std::runtime_error(created.error().describe());
      world.tokens[std::string(role) + (*partner ? std::string("@") + partner : std::string())] = created->secret;
    }
  }
  // Two days on: what waited a day for its acknowledgment is overdue.
  ::setenv("EDIGATE_NOW", "202611271200", 1);

  pipeline::GatewayConfig config;
  config.db = world.db_url;
  config.data = world.dir / "data";
  auto api = PortalApi::open(config);
  if (!api) throw std::runtime_error(api.error().describe());
  Router router;
  (*api)->add_routes(router);
  HttpLimits limits;
  limits.threads = 2;
  world.server = std::make_unique<HttpServer>(std::move(router), limits);
  if (auto started = world.server->start("127.0.0.1", 0); !started) throw std::runtime_error(started.error().describe());
  world.base = "http://127.0.0.1:" + std::to_string(world.server->port());
  return &world;
}

// Requests against a world's server.
class ApiClient {
 public:
  void use(const ApiWorld& world) { world_ = &world; }
  Reply get(const std::string& path, const std::string& who) { return client_.request("GET", world_->base + path, {}, world_->auth(who)); }
  Reply send(const std::string& method, const std::string& path, const std::string& who, const std::string& body = {},
             std::vector<std::string> headers = {}) {
    if (!who.empty()) {
      for (auto& h : world_->auth(who)) headers.push_back(h);
    }
    return client_.request(method, world_->base + path, body, headers);
  }
  Reply anonymous(const std::string& method, const std::string& path) { return client_.request(method, world_->base + path); }

 private:
  const ApiWorld* world_ = nullptr;
  Client client_;
};

// A test on the world of its parameter's store kind; PostgreSQL as the store tests have it (fails
// without a server unless EDIGATE_TEST_PG=skip).
class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    world_ = api_world(GetParam());
    if (world_ == nullptr) {
      const char* skip = std::getenv("EDIGATE_TEST_PG");
      if (skip != nullptr && std::string(skip) == "skip") GTEST_SKIP() << "EDIGATE_TEST_PG=skip";
      FAIL() << "no PostgreSQL for the tests: scripts/test.sh starts one and sets EDIGATE_TEST_PG_URL";
    }
    http.use(*world_);
  }
  ApiWorld& world() { return *world_; }

  ApiWorld* world_ = nullptr;
  ApiClient http;
};

}  // namespace edigate::portal::testing
