// edigate receive FILE: a file from a partner, recorded, validated, checked for duplicates,
// entered in the ledger and acknowledged with the store's control numbers.
#include "cli/commands.hpp"
#include "cli/store_command.hpp"
#include "cli/io.hpp"
#include "cli/report.hpp"

#include <edigate/pipeline/receive.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

namespace edigate::cli {
namespace {

struct ReceiveArgs {
  std::string db;
  std::string data;
  std::vector<std::string> erp;
  std::string file;
  std::string partner;
  std::string ack_out;
  std::string schemas;
  bool json = false;
};

int run_receive(const ReceiveArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto library = maps::MapLibrary::load_default();
  if (!library) return fail(library.error());
  schema::SchemaRegistry schemas(a.schemas.empty() ? schema::SchemaRegistry::default_directory() : std::filesystem::path(a.schemas));
  pipeline::PipelineContext context(*store, schemas, *library, a.data.empty() ? std::string("edigate-data") : a.data);
  context.clock = clock_now();
  for (const std::string& spec : a.erp) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      fmt::print(stderr, "--erp takes FORMAT=FOLDER (canonical-json, canonical-xml, idoc, d365, netsuite, csv), not \"{}\"\n", spec);
      return exit_usage;
    }
    pipeline::ErpConnector c;
    c.format = spec.substr(0, eq);
    c.name = c.format;
    // "-": standard output, for scripting (the report then goes to standard error).
    c.kind = spec.substr(eq + 1) == "-" ? "stdout" : "folder";
    if (c.kind == "folder") c.path = spec.substr(eq + 1);
    context.erp.push_back(std::move(c));
  }
  // With an ERP connector on standard output, the report goes to standard error.
  const bool erp_on_stdout = std::any_of(context.erp.begin(), context.erp.end(), [](const auto& c) { return c.kind == "stdout"; });
  std::FILE* report_to = erp_on_stdout ? stderr : stdout;
  pipeline::InboundSource source;
  source.partner = a.partner;
  auto received = pipeline::receive_file(context, a.file, source);
  if (!received) return fail(received.error());
  std::string acks;
  nlohmann::json out = {{"message", received->message_correlation}, {"interchanges", nlohmann::json::array()}};
  for (const auto& r : received->interchanges) {
    for (const auto& k : r.acknowledgments) acks += k.text;
    if (a.json) {
      nlohmann::json j = report_json(r.report);
      j["partner"] = r.partner;
      j["correlation_id"] = r.correlation_id;
      if (!r.duplicate_of.empty()) j["duplicate_of"] = r.duplicate_of;
      j["acknowledgment"] = r.ack_kind;
      j["acknowledgment_control_number"] = r.ack_control_number;
      j["notes"] = r.notes;
      if (r.carried_acknowledgments) j["acknowledgment_results"] = {{"matched", r.results_matched}, {"unmatched", r.results_unmatched}};
      j["acknowledgment_file"] = r.ack_file;
      j["delivered"] = nlohmann::json::array();
      for (const auto& d : r.delivered) {
        j["delivered"].push_back({{"set", d.set_control}, {"document", d.document}, {"connector", d.connector}, {"target", d.target}});
      }
      out["interchanges"].push_back(std::move(j));
      continue;
    }
    print_report(r.report, report_to);
    if (!r.duplicate_of.empty()) fmt::print(report_to, "  duplicate of {}: recorded, not processed again\n", r.duplicate_of);
    if (r.carried_acknowledgments) {
      fmt::print(report_to, "  acknowledgments from {}: {} result(s) matched what we sent, {} matched nothing\n", r.partner,
                 r.results_matched, r.results_unmatched);
    }
    for (const auto& n : r.notes) fmt::print(report_to, "  note: {}\n", n);
    for (const auto& d : r.delivered) fmt::print(report_to, "  set {} ({}) delivered to {}: {}\n", d.set_control, d.document, d.connector, d.target);
    const std::string kinds = r.ack_kind;
    fmt::print(report_to, "  from {}, correlation {}{}\n", r.partner, r.correlation_id,
               kinds.empty() ? std::string() : fmt::format("; we acknowledge with {} {} ({})", kinds, r.ack_control_number, r.ack_file));
  }
  out["state"] = received->state;
  if (!received->reason.empty()) out["reason"] = received->reason;
  if (a.json) fmt::print("{}\n", out.dump(2));
  else if (received->state != "processed") fmt::print(report_to, "message {} is {}: {}\n", received->message_correlation, received->state, received->reason);
  print_diagnostics(received->problems, 0, input_name(a.file));
  if (!acks.empty()) {
    if (a.ack_out.empty()) {
      if (!a.json) fmt::print(report_to, "acknowledgments recorded; --ack-out FILE writes them\n");
    } else if (auto written = write_output(a.ack_out, acks); !written) {
      return fail(written.error());
    }
  }
  return received->rejected() || received->interchanges.empty() ? exit_input_errors : exit_ok;
}

}  // namespace

void add_receive(CLI::App& app, int& result) {
  auto a = std::make_shared<ReceiveArgs>();
  CLI::App* cmd = app.add_subcommand("receive", "Receive a partner's EDI file: record, validate, detect duplicates, acknowledge");
  cmd->add_option("file", a->file, "X12 or EDIFACT file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--from", a->partner, "The sending partner (default: found by each interchange's sender identity)");
  cmd->add_option("--ack-out", a->ack_out, "Write our acknowledgments (TA1, 997/999, CONTRL) here (- for standard output)");
  cmd->add_option("--data", a->data, "Data folder: inbox/ keeps what arrived, outbox/<partner>/ what we send (default edigate-data)")
      ->envname("EDIGATE_DATA");
  cmd->add_option("--erp", a->erp, "Deliver accepted documents as FORMAT=FOLDER (canonical-json, idoc, ...; FOLDER - is standard output); may be repeated");
  cmd->add_option("--schemas", a->schemas, "Schema directory (default: $EDIGATE_SCHEMAS or the shipped set)");
  cmd->add_option("--db", a->db, "sqlite:PATH (default sqlite:edigate.db) or postgresql://user@host:port/dbname")->envname("EDIGATE_DB");
  cmd->add_flag("--json", a->json, "Machine-readable report");
  cmd->callback([a, &result] { result = run_receive(*a); });
}

}  // namespace edigate::cli
