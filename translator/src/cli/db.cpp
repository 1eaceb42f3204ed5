// edigate db migrate|status [--db URL]: the store's schema.
#include "cli/commands.hpp"

#include <edigate/partners/store.hpp>

#include <fmt/format.h>

#include <memory>
#include <string>

namespace edigate::cli {
namespace {

int run_db(const std::string& action, std::string url) {
  if (url.empty()) url = partners::default_store_url();
  auto store = partners::Store::open(url, false);
  if (!store) {
    fmt::print(stderr, "{}\n", store.error().describe());
    return exit_input_errors;
  }
  if (action == "migrate") {
    auto applied = store->migrate();
    if (!applied) {
      fmt::print(stderr, "{}\n", applied.error().describe());
      return exit_input_errors;
    }
    fmt::print("{}: {} migration(s) applied, schema version {}\n", store->display_url(), *applied,
               partners::Store::latest_version());
    return exit_ok;
  }
  auto status = store->status();
  if (!status) {
    fmt::print(stderr, "{}\n", status.error().describe());
    return exit_input_errors;
  }
  fmt::print("{}\n", store->display_url());
  bool pending = false;
  for (const auto& m : *status) {
    fmt::print("  {:>3}  {:<9} {}{}\n", m.version, m.applied ? "applied" : "pending", m.name,
               m.applied ? "  (" + m.applied_at + ")" : "");
    pending = pending || !m.applied;
  }
  return pending ? exit_input_errors : exit_ok;
}

}  // namespace

void add_db(CLI::App& app, int& result) {
  auto url = std::make_shared<std::string>();
  CLI::App* db = app.add_subcommand("db", "The store: schema migrations and their state");
  db->require_subcommand(1);
  db->add_option("--db", *url, "sqlite:PATH (default sqlite:edigate.db) or postgresql://user@host:port/dbname; also EDIGATE_DB")
      ->envname("EDIGATE_DB");
  CLI::App* migrate = db->add_subcommand("migrate", "Apply the migrations the database has not seen (also done on start-up)");
  migrate->fallthrough();  // --db may come after the action
  migrate->callback([url, &result] { result = run_db("migrate", *url); });
  CLI::App* status = db->add_subcommand("status", "List the migrations, applied or pending (exit 1 when any is pending)");
  status->fallthrough();
  status->callback([url, &result] { result = run_db("status", *url); });
}

}  // namespace edigate::cli
