// edigate serve --config FILE: the gateway's main job. edigate replay ID: a stored message again.
#include "cli/commands.hpp"
#include "cli/store_command.hpp"
#include "cli/serve_http.hpp"

#include <edigate/partners/messages.hpp>
#include <edigate/pipeline/gateway.hpp>
#include <edigate/pipeline/receive.hpp>
#include <edigate/pipeline/send.hpp>

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <string>

namespace edigate::cli {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

struct ServeArgs {
  std::string config;
  bool once = false;
  bool until_idle = false;
  std::string correlation;
};

int run_serve(const ServeArgs& a) {
  auto config = pipeline::load_gateway_config(a.config);
  if (!config) return fail(config.error());
  auto gateway = pipeline::Gateway::open(*config);
  if (!gateway) return fail(gateway.error());
  if (a.once || a.until_idle) {
    pipeline::PassSummary total;
    for (;;) {
      auto pass = gateway->run_once();
      if (!pass) return fail(pass.error());
      total.stored += pass->stored;
      total.processed += pass->processed;
      total.exceptions += pass->exceptions;
      total.sent += pass->sent;
      total.failed += pass->failed;
      if (a.once || (pass->stored == 0 && pass->processed == 0 && pass->sent == 0 && pass->failed == 0)) break;
    }
    fmt::print("{} file(s) stored, {} message(s) processed ({} exception(s)); {} document(s) sent ({} set aside)\n", total.stored,
               total.processed, total.exceptions, total.sent, total.failed);
    return total.exceptions == 0 && total.failed == 0 ? exit_ok : exit_input_errors;
  }
  std::unique_ptr<portal::HttpServer> http;
  if (!config->http_listen.empty()) {
    auto started = start_gateway_http(*config);
    if (!started) return fail(started.error());
    http = std::move(*started);
  }
  struct sigaction action {};
  action.sa_handler = &request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  auto ran = gateway->run(stop_requested);
  if (http) http->stop();
  if (!ran) return fail(ran.error());
  return exit_ok;
}

int run_replay(const ServeArgs& a) {
  auto config = pipeline::load_gateway_config(a.config);
  if (!config) return fail(config.error());
  auto store = open_store(config->db);
  if (!store) return fail(store.error());
  auto library = maps::MapLibrary::load_default();
  if (!library) return fail(library.error());
  schema::SchemaRegistry schemas(schema::SchemaRegistry::default_directory());
  pipeline::PipelineContext context(*store, schemas, *library, config->data);
  context.erp = config->erp;
  auto found = partners::find_message(*store, a.correlation);
  if (!found) return fail(found.error());
  if (found->has_value() && (*found)->direction == "outbound") {
    // Ours to the partner: the kept copy goes back in the outbox, same bytes, same numbers.
    auto requeued = pipeline::requeue_sent(*store, a.correlation, config->data / "outbox");
    if (!requeued) return fail(requeued.error());
    fmt::print("message {} queued again for {}: {}\n", a.correlation, (*found)->partner, requeued->string());
    return exit_ok;
  }
  // Processing is idempotent: what was recorded, acknowledged or delivered before stays as it was,
  // and only what is missing is done.
  if (auto moved = partners::set_message_state(*store, a.correlation, "stored"); !moved) return fail(moved.error());
  auto result = pipeline::process_message(context, a.correlation);
  if (!result) return fail(result.error());
  for (const auto& ic : result->interchanges) {
    fmt::print("interchange {} from {}: {}{}; {} set(s) delivered now{}\n", ic.control_number, ic.partner,
               validate::status_words(ic.report.status), ic.duplicate_of.empty() ? "" : " (duplicate of " + ic.duplicate_of + ")",
               ic.delivered.size(), ic.acknowledgments.empty() ? "" : ", acknowledgment sent now");
  }
  fmt::print("message {}: {}{}\n", a.correlation, result->state, result->reason.empty() ? "" : " (" + result->reason + ")");
  return result->state == "processed" ? exit_ok : exit_input_errors;
}

}  // namespace

void add_serve(CLI::App& app, int& result) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand("serve", "Run the gateway: drop folders, the processing queue, ERP connectors");
  serve->add_option("--config", a->config, "Gateway configuration file (translator/config/gateway.xsd)")->required();
  serve->add_flag("--once", a->once, "One pass over the folders and the queue, then exit");
  serve->add_flag("--until-idle", a->until_idle, "Passes until one finds nothing to do, then exit");
  serve->callback([a, &result] { result = run_serve(*a); });
  CLI::App* replay = app.add_subcommand("replay", "Process a received message again from its raw bytes (idempotent), or queue a sent one again");
  replay->add_option("message", a->correlation, "The message's correlation id")->required();
  replay->add_option("--config", a->config, "Gateway configuration file")->required();
  replay->callback([a, &result] { result = run_replay(*a); });
}

}  // namespace edigate::cli
