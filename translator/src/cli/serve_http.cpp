#include "cli/serve_http.hpp"

#include <edigate/log.hpp>
#include <edigate/metrics.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/pipeline/erp_connector.hpp>
#include <edigate/pipeline/send.hpp>
#include <edigate/portal/builtin_routes.hpp>
#include <edigate/portal/problem.hpp>
#include <edigate/schema/registry.hpp>

#include <nlohmann/json.hpp>

#include <mutex>
#include <optional>
#include <string>

namespace edigate::cli {

namespace {

struct OutboundApi {
  pipeline::GatewayConfig config;
  std::optional<partners::Store> store;
  std::optional<maps::MapLibrary> maps;
  std::unique_ptr<schema::SchemaRegistry> schemas;
  std::mutex one_at_a_time;  // one store connection: requests are sent in turn
};

// The file name the document is spooled under: its extension is how an ERP format is recognised.
std::optional<std::string> extension_for(std::string_view content_type) {
  if (content_type.find("json") != std::string_view::npos) return "json";
  if (content_type.find("xml") != std::string_view::npos) return "xml";
  if (content_type.find("csv") != std::string_view::npos) return "csv";
  return std::nullopt;
}

bool safe_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || name[0] == '.') return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

portal::Response post_outbound(OutboundApi& api, const portal::Request& request) {
  const std::string partner(request.param("partner"));
  if (!safe_name(partner)) return portal::problem(portal::ProblemKind::not_found, "no partner named " + partner);
  const auto type = request.header("Content-Type");
  const auto extension = type ? extension_for(*type) : std::nullopt;
  if (!extension) {
    return portal::problem(portal::ProblemKind::unsupported_media_type,
                           "send the ERP document as application/json, application/xml or text/csv");
  }
  if (request.body.empty()) return portal::problem(portal::ProblemKind::bad_request, "the request has no document");
  std::lock_guard<std::mutex> lock(api.one_at_a_time);
  if (auto known = partners::find_partner(*api.store, partner); !known) {
    if (known.error().code == ErrorCode::not_found) return portal::problem(portal::ProblemKind::not_found, "no partner named " + partner);
    return portal::problem(known.error());
  }
  // Spooled durably first: what was accepted over HTTP is a file like one dropped in the folder.
  const std::filesystem::path spooled = api.config.data / "spool" / "outbound" / partner / (request.request_id + "." + *extension);
  if (auto written = pipeline::write_atomically(spooled, request.body); !written) return portal::problem(written.error());
  pipeline::SendOptions options;
  options.outbox = api.config.data / "outbox";
  auto sent = pipeline::send_file(*api.store, spooled, partner, *api.maps, *api.schemas, options);
  std::error_code ignored;
  std::filesystem::remove(spooled, ignored);
  if (!sent) {
    const Error& e = sent.error();
    log::warn("outbound.refused", {{"partner", partner}, {"request_id", request.request_id}, {"reason", e.message}});
    if (e.code == ErrorCode::store_error || e.code == ErrorCode::io_error) return portal::problem(e);
    return portal::problem(portal::ProblemKind::unprocessable, e.message);
  }
  log::info("outbound.sent", {{"correlation_id", sent->message_correlation}, {"partner", partner}, {"request_id", request.request_id},
                              {"interchange", sent->interchange_control}, {"replay", sent->replay}});
  // The same family the gateway loop counts its drop-folder sends in.
  if (auto family = metrics::default_registry().counter("edigate_outbound_documents_total", "ERP documents for partners, by result",
                                                        {"result"})) {
    (*family)->labels({sent->replay ? "replayed" : "sent"}).inc();
  }
  nlohmann::json sets = nlohmann::json::array();
  for (const auto& s : sent->sets) {
    nlohmann::json keys = nlohmann::json::object();
    for (const auto& [k, v] : s.keys) keys[k] = v;
    sets.push_back({{"document", s.document}, {"set_type", s.set_type}, {"group_control", s.group_control},
                    {"control_number", s.control_number}, {"keys", keys}});
  }
  return portal::Response::json(sent->replay ? 200 : 201,
                                {{"message", sent->message_correlation}, {"partner", sent->partner}, {"standard", sent->standard},
                                 {"version", sent->version}, {"interchange_control", sent->interchange_control}, {"sets", sets},
                                 {"replay", sent->replay}, {"acknowledgment", sent->ack}, {"acknowledgment_due", sent->due_at}});
}

}  // namespace

Result<std::unique_ptr<portal::HttpServer>> start_gateway_http(const pipeline::GatewayConfig& config) {
  const auto colon = config.http_listen.rfind(':');
  Error bad;
  bad.code = ErrorCode::usage;
  bad.where.file = config.file.string();
  bad.message = "<http listen> must be HOST:PORT, not \"" + config.http_listen + "\"";
  if (colon == std::string::npos) return bad;
  const std::string host = config.http_listen.substr(0, colon);
  unsigned long port = 0;
  try {
    port = std::stoul(config.http_listen.substr(colon + 1));
  } catch (...) {
    return bad;
  }
  if (port > 65535) return bad;

  auto api = std::make_shared<OutboundApi>();
  api->config = config;
  auto store = partners::Store::open(config.db.empty() ? partners::default_store_url() : config.db);
  if (!store) return std::move(store).error();
  api->store.emplace(std::move(*store));
  auto library = maps::MapLibrary::load_default();
  if (!library) return std::move(library).error();
  api->maps.emplace(std::move(*library));
  api->schemas = std::make_unique<schema::SchemaRegistry>(schema::SchemaRegistry::default_directory());

  portal::Router router;
  portal::add_health_routes(router);
  portal::add_metrics_route(router);
  router.add(portal::Method::post, "/v1/outbound/{partner}", [api](const portal::Request& r) { return post_outbound(*api, r); });
  auto server = std::make_unique<portal::HttpServer>(std::move(router), portal::HttpLimits{});
  if (auto started = server->start(host, static_cast<std::uint16_t>(port)); !started) return std::move(started).error();
  return server;
}

}  // namespace edigate::cli
