#pragma once
// The portal API (REST under /v1, see portal-api/openapi.yaml): partners and their onboarding,
// acknowledgments, documents, resend/reprocess actions, audit. Every route but /v1/health,
// /v1/openapi.yaml and /metrics needs a bearer token (`edigate token create`); a token scoped to a
// partner sees that partner's data only, and objects of other partners do not exist for it (404).
//
//   auto api = PortalApi::open(gateway_config);
//   Router router;
//   (*api)->add_routes(router);
//   HttpServer server(std::move(router), limits);
#include <edigate/pipeline/gateway.hpp>
#include <edigate/portal/router.hpp>
#include <edigate/result.hpp>

#include <cstddef>
#include <memory>

namespace edigate::portal {

struct PortalApiOptions {
  // Store connections the handlers share (each request holds one while it runs). SQLite in WAL mode
  // reads on all of them at once.
  std::size_t store_connections = 4;
};

class PortalApi {
 public:
  // Opens the store (`config.db`, else $EDIGATE_DB or the default) and loads maps and schemas; the
  // data folder and ERP connectors serve resend and reprocess.
  static Result<std::shared_ptr<PortalApi>> open(const pipeline::GatewayConfig& config, PortalApiOptions options = {});
  ~PortalApi();
  PortalApi(const PortalApi&) = delete;
  PortalApi& operator=(const PortalApi&) = delete;

  // Every route of the API, /v1/health, /v1/openapi.yaml and /metrics included. The routes keep the
  // API alive as long as the router lives.
  void add_routes(Router& router);

  struct State;

 private:
  explicit PortalApi(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace edigate::portal
