// edigate token create|list|revoke: bearer tokens of the portal API. The secret is printed once, on the
// last line of `create`'s output, and only its SHA-256 is stored.
#include "cli/commands.hpp"
#include "cli/store_command.hpp"

#include <edigate/partners/api_tokens.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace edigate::cli {
namespace {

struct TokenArgs {
  std::string db;
  std::string role = "viewer";
  std::string partner;
  std::string name;
  unsigned expires_days = 0;
  std::int64_t id = 0;
  bool json = false;
};

nlohmann::json to_json(const partners::ApiToken& t) {
  return {{"id", t.id},          {"name", t.name},         {"role", partners::to_string(t.role)}, {"partner", t.partner},
          {"created_at", t.created_at}, {"expires_at", t.expires_at}, {"revoked_at", t.revoked_at}};
}

int run_create(const TokenArgs& a) {
  const auto role = partners::parse_api_role(a.role);
  if (!role) {
    fmt::print(stderr, "--role {} is not one of viewer, operator, partner_admin, admin\n", a.role);
    return exit_usage;
  }
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  partners::ApiTokenRequest request;
  request.role = *role;
  request.partner = a.partner;
  request.name = a.name;
  request.expires_days = a.expires_days;
  auto created = partners::create_api_token(*store, request);
  if (!created) return fail(created.error());
  const auto& t = created->token;
  fmt::print("token {} ({}{}{}{}); shown once, keep it in a secret store:\n", t.id, partners::to_string(t.role),
             t.partner.empty() ? "" : " of partner " + t.partner, t.expires_at.empty() ? "" : ", expires " + t.expires_at,
             t.name.empty() ? "" : ", \"" + t.name + "\"");
  fmt::print("{}\n", created->secret);
  return exit_ok;
}

int run_list(const TokenArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto tokens = partners::list_api_tokens(*store);
  if (!tokens) return fail(tokens.error());
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : *tokens) out.push_back(to_json(t));
    fmt::print("{}\n", out.dump(2));
    return exit_ok;
  }
  fmt::print("{:>5} {:<14} {:<18} {:<20} {:<20} {:<20} {}\n", "id", "role", "partner", "created", "expires", "revoked", "name");
  for (const auto& t : *tokens) {
    fmt::print("{:>5} {:<14} {:<18} {:<20} {:<20} {:<20} {}\n", t.id, partners::to_string(t.role), t.partner.empty() ? "*" : t.partner,
               t.created_at, t.expires_at.empty() ? "-" : t.expires_at, t.revoked_at.empty() ? "-" : t.revoked_at, t.name);
  }
  return exit_ok;
}

int run_revoke(const TokenArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto revoked = partners::revoke_api_token(*store, a.id);
  if (!revoked) return fail(revoked.error());
  if (!*revoked) {
    fmt::print(stderr, "no token {}\n", a.id);
    return exit_input_errors;
  }
  fmt::print("token {} revoked\n", a.id);
  return exit_ok;
}

}  // namespace

void add_token(CLI::App& app, int& result) {
  auto a = std::make_shared<TokenArgs>();
  CLI::App* cmd = app.add_subcommand("token", "Bearer tokens of the portal API (stored hashed)");
  cmd->require_subcommand(1);
  cmd->add_option("--db", a->db, "sqlite:PATH (default sqlite:edigate.db) or postgresql://user@host:port/dbname")->envname("EDIGATE_DB");
  // --db may come before or after the subcommand.
  cmd->fallthrough();
  CLI::App* create = cmd->add_subcommand("create", "A new token; prints it once");
  create->fallthrough();
  create->add_option("--role", a->role, "viewer, operator, partner_admin or admin")->required();
  create->add_option("--partner", a->partner, "Scope the token to one partner's data");
  create->add_option("--name", a->name, "A label for people");
  create->add_option("--expires-days", a->expires_days, "Days until it stops working (default: never)");
  create->callback([a, &result] { result = run_create(*a); });
  CLI::App* list = cmd->add_subcommand("list", "Every token (never the secrets)");
  list->fallthrough();
  list->add_flag("--json", a->json, "JSON output");
  list->callback([a, &result] { result = run_list(*a); });
  CLI::App* revoke = cmd->add_subcommand("revoke", "Stop a token from working");
  revoke->fallthrough();
  revoke->add_option("id", a->id, "The token's id (token list)")->required();
  revoke->callback([a, &result] { result = run_revoke(*a); });
}

}  // namespace edigate::cli
