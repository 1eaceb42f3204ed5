// edigate messages list: what arrived and left on the transports, with each message's state; the
// exception queue is `--state exception`.
#include "cli/commands.hpp"
#include "cli/store_command.hpp"

#include <edigate/partners/messages.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace edigate::cli {
namespace {

struct MessagesArgs {
  std::string db;
  partners::MessageFilter filter;
  bool json = false;
};

int run_list(const MessagesArgs& a) {
  auto store = open_store(a.db);
  if (!store) {
    fmt::print(stderr, "{}\n", store.error().describe());
    return exit_input_errors;
  }
  auto messages = partners::list_messages(*store, a.filter);
  if (!messages) {
    fmt::print(stderr, "{}\n", messages.error().describe());
    return exit_input_errors;
  }
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : *messages) {
      out.push_back({{"correlation_id", m.correlation_id}, {"partner", m.partner}, {"direction", m.direction},
                     {"transport", m.transport}, {"transport_id", m.transport_id}, {"size", m.size}, {"sha256", m.sha256},
                     {"stored_path", m.stored_path}, {"created_at", m.created_at}, {"state", m.state}, {"attempts", m.attempts},
                     {"next_attempt_at", m.next_attempt_at}, {"last_error", m.last_error}, {"origin", m.origin},
                     {"transport_status", m.transport_status}});
    }
    fmt::print("{}\n", out.dump(2));
    return exit_ok;
  }
  fmt::print("{:<32} {:<18} {:<8} {:<7} {:<10} {:<20} {}\n", "message", "partner", "dir", "via", "state", "received", "file / reason");
  for (const auto& m : *messages) {
    fmt::print("{:<32} {:<18} {:<8} {:<7} {:<10} {:<20} {}\n", m.correlation_id, m.partner, m.direction, m.transport, m.state,
               m.created_at, m.last_error.empty() ? m.transport_id : m.transport_id + ": " + m.last_error);
  }
  return exit_ok;
}

}  // namespace

void add_messages(CLI::App& app, int& result) {
  auto a = std::make_shared<MessagesArgs>();
  CLI::App* cmd = app.add_subcommand("messages", "Transport messages and their processing state (the exception queue)");
  cmd->require_subcommand(1);
  cmd->add_option("--db", a->db, "sqlite:PATH (default sqlite:edigate.db) or postgresql://user@host:port/dbname")->envname("EDIGATE_DB");
  CLI::App* list = cmd->add_subcommand("list", "Newest first");
  list->fallthrough();
  list->add_option("--state", a->filter.state, "stored, processed, exception (inbound); queued, sent (outbound)");
  list->add_option("--direction", a->filter.direction, "inbound or outbound");
  list->add_option("--partner", a->filter.partner);
  list->add_option("--limit", a->filter.limit, "At most this many (100)");
  list->add_flag("--json", a->json);
  list->callback([a, &result] { result = run_list(*a); });
}

}  // namespace edigate::cli
