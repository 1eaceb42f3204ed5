// edigate acks sent|received|list|overdue: the acknowledgment ledger from the command line.
#include "cli/commands.hpp"
#include "cli/store_command.hpp"
#include "cli/io.hpp"

#include <edigate/ack/ack_report.hpp>
#include <edigate/maps/map.hpp>
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/pipeline/acknowledgments.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace edigate::cli {
namespace {

struct AcksArgs {
  std::string db;
  std::string file;
  std::string partner;
  std::string status;
  std::string po;
  std::string since;
  std::string direction;
  unsigned deadline = 0;
  std::size_t limit = 100;
  bool json = false;
};

std::string standard_of(const edi::Interchange& ic) { return ic.info.standard == edi::Standard::x12 ? "x12" : "edifact"; }

// The partner named, or the one whose identity sent (or received) the interchange.
Result<partners::PartnerSummary> partner_for(partners::Store& store, const std::string& name, const edi::Interchange& ic,
                                             bool by_sender) {
  if (!name.empty()) return partners::find_partner(store, name);
  const bool x12 = ic.info.standard == edi::Standard::x12;
  const std::string& q = by_sender ? ic.info.sender_qualifier : ic.info.receiver_qualifier;
  const std::string& id = by_sender ? ic.info.sender_id : ic.info.receiver_id;
  auto found = partners::partner_by_identity(store, x12 ? "x12_isa" : "edifact_unb", q, id);
  if (!found) return std::move(found).error();
  if (!found->has_value()) {
    Error err;
    err.code = ErrorCode::not_found;
    err.message = "no partner has the identity " + q + "/" + id + " (name one with --partner)";
    return err;
  }
  return **found;
}

int run_sent(const AcksArgs& a) {
  auto input = read_and_parse(a.file);
  if (!input) return fail(input.error());
  if ((*input)->document.has_errors()) {
    print_diagnostics((*input)->document.diagnostics, 0, (*input)->name);
    return exit_input_errors;
  }
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto library = maps::MapLibrary::load_default();
  if (!library) return fail(library.error());
  for (const edi::Interchange& ic : (*input)->document.interchanges) {
    auto partner = partner_for(*store, a.partner, ic, false);
    if (!partner) return fail(partner.error());
    partners::LedgerInterchange rec;
    rec.standard = standard_of(ic);
    rec.control_number = ic.info.control_number;
    rec.sender = ic.info.sender_id;
    rec.receiver = ic.info.receiver_id;
    rec.ack_deadline_minutes = a.deadline;
    for (const edi::FunctionalGroup& g : ic.groups) {
      for (const edi::TransactionSet& set : g.sets) {
        partners::LedgerSet s;
        s.group_control = std::string(g.control_number());
        s.set_type = std::string(set.type());
        s.control_number = std::string(set.control_number());
        // Business keys come from the canonical document, whatever the standard.
        if (auto map = library->for_set(rec.standard, maps::set_version(set, g), set.type())) {
          if (auto doc = maps::edi_to_canonical(**map, set.segments, maps::EdiPlace{(*input)->name, ic.index, s.control_number, ic.info.syntax_identifier})) {
            s.document = doc->model;
            s.keys = library->models().keys(*doc);
          }
        }
        rec.sets.push_back(std::move(s));
      }
    }
    auto correlation = partners::record_interchange(*store, partner->id, rec);
    if (!correlation) return fail(correlation.error());
    fmt::print("{}: interchange {} to {} recorded, {} set(s), correlation {}{}\n", (*input)->name, rec.control_number,
               partner->name, rec.sets.size(), *correlation,
               a.deadline == 0 ? "" : fmt::format(", acknowledgment due within {} min", a.deadline));
  }
  return exit_ok;
}

int run_received(const AcksArgs& a) {
  auto input = read_and_parse(a.file);
  if (!input) return fail(input.error());
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  int result = exit_ok;
  for (const edi::Interchange& ic : (*input)->document.interchanges) {
    const std::vector<partners::AckResult> results = pipeline::acknowledgment_results(ic, (*input)->name);
    if (results.empty()) continue;
    auto partner = partner_for(*store, a.partner, ic, true);
    if (!partner) return fail(partner.error());
    auto summary = partners::reconcile(*store, partner->id, results);
    if (!summary) return fail(summary.error());
    fmt::print("{}: {} acknowledgment result(s) from {}: {} matched what we sent, {} matched nothing\n", (*input)->name,
               results.size(), partner->name, summary->matched, summary->unmatched);
    if (summary->unmatched > 0) result = exit_input_errors;
  }
  return result;
}

int run_list(const AcksArgs& a, bool overdue_only) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  partners::SetFilter f;
  f.partner = a.partner;
  f.status = overdue_only ? "overdue" : a.status;
  f.key_value = a.po;
  f.since = a.since;
  f.direction = a.direction;
  f.limit = a.limit;
  auto sets = partners::list_sets(*store, f);
  if (!sets) return fail(sets.error());
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : *sets) {
      nlohmann::json keys = nlohmann::json::object();
      for (const auto& [k, v] : s.keys) keys[k] = v;
      out.push_back({{"correlation_id", s.correlation_id}, {"partner", s.partner}, {"direction", s.direction},
                     {"standard", s.standard}, {"interchange", s.interchange_control}, {"group", s.group_control},
                     {"set_type", s.set_type}, {"set", s.set_control}, {"document", s.document}, {"keys", keys},
                     {"status", s.status}, {"created_at", s.created_at}, {"due_at", s.due_at}, {"acknowledged_at", s.acked_at},
                     {"acknowledgment", s.ack_kind}, {"group_status", s.group_status}, {"ta1_status", s.ta1_status},
                     {"transport", s.transport}, {"mdn_status", s.mdn_status},
                     {"errors", s.details.empty() ? nlohmann::json::array() : nlohmann::json::parse(s.details)}});
    }
    fmt::print("{}\n", out.dump(2));
    return exit_ok;
  }
  fmt::print("{:<18} {:<8} {:<6} {:<10} {:<6} {:<20} {:<21} {:<20} {}\n", "partner", "dir", "type", "interchange", "set",
             "status", "due", "acknowledged", "keys");
  for (const auto& s : *sets) {
    std::string keys;
    for (const auto& [k, v] : s.keys) keys += (keys.empty() ? "" : " ") + k + "=" + v;
    fmt::print("{:<18} {:<8} {:<6} {:<10} {:<6} {:<20} {:<21} {:<20} {}\n", s.partner, s.direction, s.set_type,
               s.interchange_control, s.set_control, s.status, s.due_at, s.acked_at, keys);
    if (!s.details.empty() && s.details != "[]") {
      for (const auto& d : nlohmann::json::parse(s.details)) fmt::print("    {}\n", d.get<std::string>());
    }
  }
  return exit_ok;
}

}  // namespace

void add_acks(CLI::App& app, int& result) {
  auto a = std::make_shared<AcksArgs>();
  CLI::App* cmd = app.add_subcommand("acks", "The acknowledgment ledger: what was sent, received and acknowledged");
  cmd->require_subcommand(1);
  cmd->add_option("--db", a->db, "sqlite:PATH (default sqlite:edigate.db) or postgresql://user@host:port/dbname")->envname("EDIGATE_DB");
  const auto sub = [&](const char* name, const char* help) {
    CLI::App* s = cmd->add_subcommand(name, help);
    s->fallthrough();
    return s;
  };
  CLI::App* sent = sub("sent", "Record interchanges we sent (business keys from their canonical documents)");
  sent->add_option("file", a->file)->required();
  sent->add_option("--partner", a->partner, "The receiver (default: found by its identity in the envelope)");
  sent->add_option("--deadline", a->deadline, "Minutes the partner has to acknowledge (0: none expected)");
  sent->callback([a, &result] { result = run_sent(*a); });
  CLI::App* received = sub("received", "Reconcile received 997/999/TA1/CONTRL with what we sent");
  received->add_option("file", a->file)->required();
  received->add_option("--partner", a->partner, "The sender (default: found by its identity in the envelope)");
  received->callback([a, &result] { result = run_received(*a); });
  CLI::App* list = sub("list", "Sets with their acknowledgment status");
  list->add_option("--partner", a->partner);
  list->add_option("--status", a->status, "sent, pending, overdue, accepted, accepted_with_errors, rejected, late, received");
  list->add_option("--po", a->po, "A PO (or shipment, invoice) number");
  list->add_option("--since", a->since, "RFC 3339 UTC: recorded at or after");
  list->add_option("--direction", a->direction, "inbound or outbound");
  list->add_option("--limit", a->limit, "At most this many, newest first (100)");
  list->add_flag("--json", a->json);
  list->callback([a, &result] { result = run_list(*a, false); });
  CLI::App* overdue = sub("overdue", "Sets whose acknowledgment is past its deadline");
  overdue->add_option("--partner", a->partner);
  overdue->add_option("--limit", a->limit);
  overdue->add_flag("--json", a->json);
  overdue->callback([a, &result] { result = run_list(*a, true); });
}

}  // namespace edigate::cli
