// edigate send FILE --to PARTNER: an ERP document mapped, enveloped with the store's control numbers,
// validated and queued in the partner's outbox folder; the ledger waits for its acknowledgment.
#include "cli/commands.hpp"
#include "cli/store_command.hpp"

#include <edigate/pipeline/send.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace edigate::cli {
namespace {

namespace fs = std::filesystem;

struct SendArgs {
  std::string db;
  std::string file;
  std::string partner;
  std::string outbox = "outbox";
  std::string from;
  std::string schemas;
  bool force_new = false;
  bool json = false;
};

// A path below the working directory as a relative one, the way the user named the outbox.
std::string shown(const fs::path& path) {
  if (!path.is_absolute()) return path.string();
  std::error_code ec;
  const fs::path relative = path.lexically_proximate(fs::current_path(ec));
  if (ec || relative.empty() || *relative.begin() == "..") return path.string();
  return relative.string();
}

std::string first_key(const pipeline::SentSet& set) {
  return set.keys.empty() ? std::string() : " " + set.keys.front().second;
}

nlohmann::json to_json(const pipeline::SendResult& r) {
  nlohmann::json sets = nlohmann::json::array();
  for (const auto& s : r.sets) {
    nlohmann::json keys = nlohmann::json::object();
    for (const auto& [name, value] : s.keys) keys[name] = value;
    sets.push_back({{"document", s.document},
                    {"set_type", s.set_type},
                    {"group_control", s.group_control},
                    {"control_number", s.control_number},
                    {"keys", keys}});
  }
  return {{"partner", r.partner},
          {"standard", r.standard},
          {"version", r.version},
          {"interchange_control", r.interchange_control},
          {"file", shown(r.file)},
          {"message", r.message_correlation},
          {"state", r.message_state},
          {"acknowledgment", r.ack},
          {"due_at", r.due_at},
          {"replay", r.replay},
          {"sets", sets}};
}

int run_send(const SendArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto library = maps::MapLibrary::load_default();
  if (!library) return fail(library.error());
  schema::SchemaRegistry schemas(a.schemas.empty() ? schema::SchemaRegistry::default_directory()
                                                   : fs::path(a.schemas));
  pipeline::SendOptions options;
  options.outbox = a.outbox;
  options.input_map = a.from;
  options.force_new = a.force_new;
  auto sent = pipeline::send_file(*store, a.file, a.partner, *library, schemas, options);
  if (!sent) return fail(sent.error());
  if (a.json) {
    fmt::print("{}\n", to_json(*sent).dump(2));
    return exit_ok;
  }
  const std::string standard = sent->standard == "x12" ? "X12" : "EDIFACT";
  const std::string envelope = sent->standard == "x12" ? "ISA" : "UNB";
  for (const auto& s : sent->sets) {
    const std::string what =
        fmt::format("{}{} to {}: {} {} {} {}", s.document.empty() ? "document" : s.document, first_key(s),
                    sent->partner, standard, s.set_type, envelope, sent->interchange_control);
    if (sent->replay) {
      fmt::print("replay: {}, already sent as {} (no new control numbers; message {})\n", what,
                 shown(sent->file), sent->message_state);
      continue;
    }
    fmt::print("{}, written to {}{}\n", what, shown(sent->file),
               sent->due_at.empty() ? std::string("; no acknowledgment expected")
                                    : fmt::format("; {} due by {}", sent->ack, sent->due_at));
  }
  return exit_ok;
}

}  // namespace

void add_send(CLI::App& app, int& result) {
  auto a = std::make_shared<SendArgs>();
  CLI::App* cmd = app.add_subcommand("send",
                                     "Send an ERP document to a partner: map, envelope with the store's "
                                     "control numbers, validate, queue in its outbox");
  cmd->add_option("file", a->file, "ERP document (IDoc XML, D365/NetSuite JSON, CSV) or canonical JSON/XML")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--to", a->partner,
                  "The partner (its outbound agreement for the document decides standard and version)")
      ->required();
  cmd->add_option("--outbox", a->outbox, "Outbox folder; files go to OUTBOX/PARTNER/ (default: outbox)");
  cmd->add_option("--from", a->from, "The map that reads the input (an ERP document nothing detects)");
  cmd->add_flag("--force-new", a->force_new,
                "Send again with new control numbers although this document was sent before");
  cmd->add_option("--schemas", a->schemas, "Schema directory (default: $EDIGATE_SCHEMAS or the shipped set)");
  cmd->add_option("--db", a->db,
                  "sqlite:PATH (default sqlite:edigate.db) or postgresql://user@host:port/dbname")
      ->envname("EDIGATE_DB");
  cmd->add_flag("--json", a->json, "Machine-readable result");
  cmd->callback([a, &result] { result = run_send(*a); });
}

}  // namespace edigate::cli
