// edigate partner add|import|export|list|show|set-status|remove: onboarding from the command line.
#include "cli/commands.hpp"
#include "cli/store_command.hpp"

#include <edigate/partners/control_numbers.hpp>
#include <edigate/partners/partner_store.hpp>

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace edigate::cli {
namespace {

struct PartnerArgs {
  std::string db;
  std::string set_kind;
  std::uint64_t set_last = 0;
  unsigned older_than_minutes = 0;
  std::string name;
  std::string file;
  std::string out;
  std::string title;
  std::string status;
  bool replace = false;
  int expiring_days = 30;
};

// "expires in 12 days" when within the warning window (or already expired).
std::string expiry_note(const std::string& not_after, int days) {
  if (not_after.empty()) return {};
  const std::string now = partners::utc_now();
  std::tm a{};
  std::tm b{};
  if (strptime(not_after.c_str(), "%Y-%m-%dT%H:%M:%SZ", &a) == nullptr || strptime(now.c_str(), "%Y-%m-%dT%H:%M:%SZ", &b) == nullptr) return {};
  const double left = std::difftime(timegm(&a), timegm(&b)) / 86400.0;
  if (left < 0) return "  EXPIRED";
  if (left <= days) return fmt::format("  expires in {} day(s)", static_cast<int>(left));
  return {};
}

// "as2 https://... sign=sha256 encrypt=aes256-cbc mdn=sync signed", "sftp user@host:22/in key=/k/id".
std::string transport_of(const partners::Agreement& g) {
  if (g.as2) {
    const auto& s = *g.as2;
    return fmt::format("as2{}{} sign={} encrypt={}{} mdn={}{}{}", g.endpoint.empty() ? "" : " ", g.endpoint, s.sign,
                       s.encrypt, s.compress ? " compressed" : "", s.mdn,
                       s.mdn != "none" && s.mdn_signed ? " signed" : "", s.mdn_url.empty() ? "" : " to " + s.mdn_url);
  }
  if (g.sftp) {
    const auto& s = *g.sftp;
    return fmt::format("sftp {}{}:{}{}{}{}", s.user.empty() ? "" : s.user + "@", s.host, s.port,
                       s.path.empty() || s.path.front() == '/' ? s.path : "/" + s.path,
                       s.key.empty() ? "" : " key=" + s.key.string(),
                       s.host_key_sha256.empty() ? "" : " host-key=" + s.host_key_sha256);
  }
  return fmt::format("{}{}{}", g.transport, g.transport.empty() || g.endpoint.empty() ? "" : " ", g.endpoint);
}

int run_import(const PartnerArgs& a) {
  auto profile = partners::load_profile(a.file);
  if (!profile) return fail(profile.error());
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto id = partners::import_profile(*store, *profile, a.replace);
  if (!id) return fail(id.error());
  fmt::print("partner {} imported ({} agreement(s), {} certificate(s))\n", profile->name, profile->agreements.size(),
             profile->certificates.size());
  return exit_ok;
}

int run_add(const PartnerArgs& a) {
  partners::Profile p;
  p.name = a.name;
  p.title = a.title;
  if (!a.status.empty()) p.status = a.status;
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto id = partners::import_profile(*store, p, false);
  if (!id) return fail(id.error());
  fmt::print("partner {} added\n", p.name);
  return exit_ok;
}

int run_export(const PartnerArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  std::vector<partners::CertificateInfo> certs;
  auto profile = partners::export_profile(*store, a.name, &certs);
  if (!profile) return fail(profile.error());
  const std::filesystem::path out = a.out.empty() ? std::filesystem::path() : std::filesystem::path(a.out);
  const std::filesystem::path dir = out.empty() ? std::filesystem::current_path() : std::filesystem::absolute(out).parent_path();
  if (!out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
  }
  // Certificates go beside the profile, named after the partner; private keys stay where they are.
  for (std::size_t i = 0; i < certs.size(); ++i) {
    const auto file = dir / fmt::format("{}-{}-{}.pem", a.name, certs[i].usage, i + 1);
    profile->certificates[i].file = file;
    if (!out.empty()) {
      std::ofstream f(file, std::ios::binary);
      f << certs[i].pem;
      if (!f) return fail(io_error(file.string(), "cannot write"));
    }
  }
  const std::string text = partners::write_profile(*profile, dir);
  if (out.empty()) {
    if (!certs.empty()) fmt::print(stderr, "{}: certificates are written only with --out\n", a.name);
    fmt::print("{}", text);
  } else {
    std::ofstream f(out, std::ios::binary);
    f << text;
    if (!f) return fail(io_error(out.string(), "cannot write"));
  }
  return exit_ok;
}

int run_list(const PartnerArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto list = partners::list_partners(*store, a.status);
  if (!list) return fail(list.error());
  fmt::print("{:<24} {:<11} {:>10} {:>10} {:>12}  {}\n", "partner", "status", "identities", "agreements", "certificates", "title");
  for (const auto& p : *list) {
    fmt::print("{:<24} {:<11} {:>10} {:>10} {:>12}  {}{}\n", p.name, p.status, p.identities, p.agreements, p.certificates,
               p.title, expiry_note(p.first_expiry, a.expiring_days));
  }
  return exit_ok;
}

int run_show(const PartnerArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto summary = partners::find_partner(*store, a.name);
  if (!summary) return fail(summary.error());
  std::vector<partners::CertificateInfo> certs;
  auto profile = partners::export_profile(*store, a.name, &certs);
  if (!profile) return fail(profile.error());
  fmt::print("{} ({}) — {}\n", profile->name, profile->status, profile->title);
  if (profile->x12) {
    fmt::print("  X12: ISA {}/{} GS {}, we are {}/{}; version {}\n", profile->x12->qualifier, profile->x12->id,
               profile->x12->application, profile->x12->our_qualifier, profile->x12->our_id, profile->x12->version);
  }
  if (profile->edifact) {
    fmt::print("  EDIFACT: UNB {}:{}, we are {}:{}; {} {}:{}\n", profile->edifact->id, profile->edifact->qualifier,
               profile->edifact->our_id, profile->edifact->our_qualifier, profile->edifact->version, profile->edifact->syntax,
               profile->edifact->syntax_version);
  }
  if (!profile->as2_id.empty()) fmt::print("  AS2: {} {}\n", profile->as2_id, profile->as2_url);
  for (const auto& g : profile->agreements) {
    fmt::print("  agreement: {} {} {} {}{}{}\n", g.document, g.direction, g.standard, g.version,
               g.ack == "none" ? "" : fmt::format(", ack {} ({})", g.ack, g.ack_when),
               g.ack_deadline_minutes == 0 ? "" : fmt::format(", due within {} min", g.ack_deadline_minutes));
    if (const std::string via = transport_of(g); !via.empty()) fmt::print("    via {}\n", via);
  }
  for (const auto& c : certs) {
    fmt::print("  certificate ({}): {}\n    issuer {}, serial {}\n    SHA-256 {}\n    valid {} to {}{}{}\n", c.usage, c.subject,
               c.issuer, c.serial, c.sha256, c.not_before, c.not_after, expiry_note(c.not_after, a.expiring_days),
               c.private_key_path.empty() ? "" : "\n    private key: " + c.private_key_path);
  }
  for (const auto& o : profile->overlays) fmt::print("  map overlay: {} <- {}\n", o.base, o.overlay.string());
  return exit_ok;
}

// The last control number per direction and kind, and the numbers handed out that no recorded
// interchange used (gaps the partner will see unless they are still being sent).
int run_numbers(const PartnerArgs& a) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto summary = partners::find_partner(*store, a.name);
  if (!summary) return fail(summary.error());
  if (a.set_last != 0 || !a.set_kind.empty()) {
    static const std::map<std::string, partners::ControlKind> kinds = {{"isa", partners::ControlKind::isa}, {"gs", partners::ControlKind::gs},
                                                                       {"st", partners::ControlKind::st}, {"unb", partners::ControlKind::unb},
                                                                       {"unh", partners::ControlKind::unh}};
    const auto kind = kinds.find(a.set_kind);
    if (kind == kinds.end()) {
      fmt::print(stderr, "--kind must be isa, gs, st, unb or unh\n");
      return exit_usage;
    }
    if (auto set = partners::set_control_number(*store, summary->id, partners::Direction::outbound, kind->second, a.set_last); !set) {
      return fail(set.error());
    }
  }
  auto states = partners::control_number_states(*store, summary->id);
  if (!states) return fail(states.error());
  for (const auto& s : *states) fmt::print("{} {} {} (wraps after {})\n", s.direction, s.kind, s.last_value, s.max_value);
  const std::string before = a.older_than_minutes == 0 ? std::string() : partners::utc_shift(partners::utc_now(), -static_cast<long long>(a.older_than_minutes));
  auto outstanding = partners::outstanding_control_numbers(*store, summary->id, before);
  if (!outstanding) return fail(outstanding.error());
  if (outstanding->empty()) {
    fmt::print("no outstanding numbers\n");
    return exit_ok;
  }
  fmt::print("outstanding (handed out, used by no recorded interchange):\n");
  for (const auto& n : *outstanding) fmt::print("  {} {} {} at {}\n", n.direction, n.kind, n.value, n.allocated_at);
  return exit_input_errors;
}

int run_simple(const PartnerArgs& a, const std::string& action) {
  auto store = open_store(a.db);
  if (!store) return fail(store.error());
  auto r = action == "remove" ? partners::remove_partner(*store, a.name) : partners::set_partner_status(*store, a.name, a.status);
  if (!r) return r.error().code == ErrorCode::usage ? (fmt::print(stderr, "{}\n", r.error().message), exit_usage) : fail(r.error());
  fmt::print("partner {} {}\n", a.name, action == "remove" ? "removed" : "is now " + a.status);
  return exit_ok;
}

}  // namespace

void add_partner(CLI::App& app, int& result) {
  auto a = std::make_shared<PartnerArgs>();
  CLI::App* cmd = app.add_subcommand("partner", "Trading partners in the store: onboarding, profiles, status");
  cmd->require_subcommand(1);
  cmd->add_option("--db", a->db, "sqlite:PATH (default sqlite:edigate.db) or postgresql://user@host:port/dbname")
      ->envname("EDIGATE_DB");
  const auto sub = [&](const char* name, const char* help) {
    CLI::App* s = cmd->add_subcommand(name, help);
    s->fallthrough();
    return s;
  };
  CLI::App* add = sub("add", "Add a partner by name (identities and agreements come with import)");
  add->add_option("name", a->name)->required();
  add->add_option("--title", a->title);
  add->add_option("--status", a->status, "onboarding (default), test, production or suspended");
  add->callback([a, &result] { result = run_add(*a); });
  CLI::App* imp = sub("import", "Import a profile file; every problem in it is reported at once");
  imp->add_option("file", a->file)->required();
  imp->add_flag("--replace", a->replace, "Replace a partner of the same name");
  imp->callback([a, &result] { result = run_import(*a); });
  CLI::App* exp = sub("export", "Write a partner's profile (import gives the same partner back)");
  exp->add_option("name", a->name)->required();
  exp->add_option("--out", a->out, "Profile file to write; certificates go beside it");
  exp->callback([a, &result] { result = run_export(*a); });
  CLI::App* list = sub("list", "List partners with their counts; certificates expiring soon are flagged");
  list->add_option("--status", a->status);
  list->add_option("--expiring-days", a->expiring_days, "Flag certificates expiring within N days (30)");
  list->callback([a, &result] { result = run_list(*a); });
  CLI::App* show = sub("show", "A partner's identities, agreements, certificates and overlays");
  show->add_option("name", a->name)->required();
  show->add_option("--expiring-days", a->expiring_days);
  show->callback([a, &result] { result = run_show(*a); });
  CLI::App* status = sub("set-status", "onboarding, test, production or suspended");
  status->add_option("name", a->name)->required();
  status->add_option("status", a->status)->required();
  status->callback([a, &result] { result = run_simple(*a, "set-status"); });
  CLI::App* numbers = sub("numbers", "Control numbers: the last handed out, and gaps (handed out, never used)");
  numbers->add_option("name", a->name)->required();
  numbers->add_option("--older-than", a->older_than_minutes, "Only gaps handed out at least this many minutes ago");
  numbers->add_option("--kind", a->set_kind, "With --set-last: isa, gs, st, unb or unh (outbound)");
  numbers->add_option("--set-last", a->set_last, "Continue a sequence from another system: the next number is this + 1");
  numbers->callback([a, &result] { result = run_numbers(*a); });
  CLI::App* remove = sub("remove", "Remove a partner and everything stored about it");
  remove->add_option("name", a->name)->required();
  remove->callback([a, &result] { result = run_simple(*a, "remove"); });
}

}  // namespace edigate::cli
