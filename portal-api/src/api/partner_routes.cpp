// /v1/partners: onboarding a trading partner — its identities, agreements and certificates — and
// moving it from test to production. Every change needs the ETag the client last read (If-Match), so
// two people editing one partner never overwrite each other unknowingly.
#include "api/partner_json.hpp"
#include "api/query.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"

#include <edigate/partners/partner_store.hpp>
#include <edigate/portal/problem.hpp>

#include <fmt/format.h>

#include <tuple>

namespace edigate::portal {
namespace {

using nlohmann::json;

struct LoadedPartner {
  partners::Profile profile;
  partners::PartnerSummary summary;
  std::vector<partners::CertificateInfo> certificates;
};

std::variant<LoadedPartner, Response> load_partner(partners::Store& store, const Caller& caller, const std::string& name) {
  if (!caller.sees(name)) return not_found("Partner " + name);
  LoadedPartner out;
  auto summary = partners::find_partner(store, name);
  if (!summary) return summary.error().code == ErrorCode::not_found ? not_found("Partner " + name) : problem(summary.error());
  out.summary = std::move(*summary);
  auto profile = partners::export_profile(store, name, &out.certificates);
  if (!profile) return problem(profile.error());
  out.profile = std::move(*profile);
  return out;
}

json representation(const LoadedPartner& p) { return partner_json(p.profile, p.summary, p.certificates, partners::utc_now()); }

// A strong validator over everything the partner's representation holds (days_left aside, which
// moves with the clock, not with the partner).
std::string etag_of(const LoadedPartner& p) {
  json stable = partner_json(p.profile, p.summary, p.certificates, p.summary.updated_at);
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : stable.dump() + "#" + std::to_string(p.summary.revision)) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("\"{:016x}\"", hash);
}

Response with_etag(Response response, const LoadedPartner& p) {
  response.set_header("ETag", etag_of(p));
  return response;
}

// 428 without If-Match, 412 when it names another version.
std::optional<Response> precondition(const Request& request, const LoadedPartner& p) {
  const auto header = request.header("If-Match");
  if (!header) {
    return problem(ProblemKind::precondition_required,
                   "Send If-Match with the ETag of the partner as you last read it (GET /v1/partners/" + p.profile.name + ").");
  }
  const std::string current = etag_of(p);
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*" || tag == current) return std::nullopt;
  }
  Response response = problem(ProblemKind::precondition_failed,
                              "The partner changed since that ETag was read; read it again and reapply the change.");
  response.set_header("ETag", current);
  return response;
}

// An envelope identity finds exactly one partner: one another partner has is a 409 naming it.
std::optional<Response> identity_taken(partners::Store& store, const partners::Profile& p) {
  std::vector<std::tuple<const char*, std::string, std::string, std::string>> identities;  // kind, qualifier, value, pointer
  if (p.x12) {
    identities.emplace_back("x12_isa", p.x12->qualifier, p.x12->id, "/identities/x12/id");
    identities.emplace_back("x12_gs", "", p.x12->application, "/identities/x12/application");
  }
  if (p.edifact) identities.emplace_back("edifact_unb", p.edifact->qualifier, p.edifact->id, "/identities/edifact/id");
  if (!p.as2_id.empty()) identities.emplace_back("as2", "", p.as2_id, "/identities/as2/id");
  for (const auto& [kind, qualifier, value, pointer] : identities) {
    auto owner = partners::partner_by_identity(store, kind, qualifier, value);
    if (!owner) return problem(owner.error());
    if (*owner && (*owner)->name != p.name) {
      return problem_with_members(ProblemKind::conflict, "The identity " + (qualifier.empty() ? value : qualifier + "/" + value) +
                                                             " belongs to partner " + (*owner)->name + ".",
                                  {{"errors", {{{"pointer", pointer}, {"detail", "is another partner's identity"}}}}});
    }
  }
  return std::nullopt;
}

// Checks the changed profile, writes it with its audit entry in one unit, and answers with the partner
// as it now is. `respond` shapes the body from it.
Response save(partners::Store& store, const Caller& caller, const Request& request, LoadedPartner& changed, bool create,
              const std::string& action, unsigned status, const std::function<json(const LoadedPartner&)>& respond) {
  JsonProblems problems;
  check_partner(changed.profile, problems);
  if (!problems.empty()) {
    return problem_with_members(ProblemKind::unprocessable, "The partner would break the profile rules.", {{"errors", problems.errors}});
  }
  if (auto taken = identity_taken(store, changed.profile)) return std::move(*taken);
  {
    partners::Store::Transaction tx(store);
    // The revision read with the ETag the client matched: another node's change in between is a 412.
    auto saved = partners::save_profile(store, changed.profile, changed.certificates, !create,
                                        create ? std::nullopt : std::optional<std::int64_t>(changed.summary.revision));
    if (!saved) {
      if (saved.error().code == ErrorCode::already_exists) {
        return problem(ProblemKind::conflict, "A partner named " + changed.profile.name + " exists.");
      }
      if (saved.error().code == ErrorCode::stale) {
        return problem(ProblemKind::precondition_failed,
                       "The partner changed while this change was made; read it again and reapply the change.");
      }
      return problem(saved.error());
    }
    auto audited = audit(store, caller, request, action, changed.profile.name, status);
    if (!audited) return problem(audited.error());
    tx.commit();
  }
  auto reloaded = load_partner(store, caller, changed.profile.name);
  if (auto* answered = std::get_if<Response>(&reloaded)) return std::move(*answered);
  const auto& now = std::get<LoadedPartner>(reloaded);
  Response response = with_etag(Response::json(status, respond(now)), now);
  if (create) response.set_header("Location", "/v1/partners/" + now.profile.name);
  return response;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= '0' && name[0] <= '9'))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; });
}

bool status_move_allowed(const std::string& from, const std::string& to) {
  if (from == to || to == "suspended") return true;
  if (from == "onboarding") return to == "test";
  if (from == "test") return to == "production";
  if (from == "production") return to == "test";
  if (from == "suspended") return to == "test" || to == "production";
  return false;
}

// A handler on one partner: loaded, in scope, with `permission`.
using PartnerHandler = std::function<Response(const Request&, const Caller&, partners::Store&, LoadedPartner&)>;

ApiHandler on_partner(Permission permission, PartnerHandler handler) {
  return [permission, handler = std::move(handler)](const Request& r, const Caller& c, partners::Store& s) -> Response {
    auto loaded = load_partner(s, c, std::string(r.param("partner")));
    if (auto* answered = std::get_if<Response>(&loaded)) return std::move(*answered);
    if (auto denied = require(c, permission)) return std::move(*denied);
    if (!r.query.empty() && r.method != Method::post) {
      QueryReader query(r, {});
      if (!query.ok()) return query.problem();
    }
    return handler(r, c, s, std::get<LoadedPartner>(loaded));
  };
}

Response list(const Request& r, const Caller& c, partners::Store& s) {
  QueryReader query(r, {"status", "page_size", "page_token"});
  const std::string status = query.one_of("status", {"onboarding", "test", "production", "suspended"});
  const auto page = query.page();
  if (!query.ok()) return query.problem();
  json items = json::array();
  std::optional<std::string> next;
  if (c.scoped()) {
    auto one = partners::find_partner(s, c.token.partner);
    if (!one) return problem(one.error());
    if ((status.empty() || one->status == status) && page.before_id == 0) items.push_back(partner_summary_json(*one));
    return Response::json(200, page_json(std::move(items), next));
  }
  auto partners_found = partners::partners_page(s, status, page.before_id, page.size + 1);
  if (!partners_found) return problem(partners_found.error());
  for (std::size_t i = 0; i < partners_found->size() && i < page.size; ++i) items.push_back(partner_summary_json((*partners_found)[i]));
  if (partners_found->size() > page.size) next = query.next_page_token((*partners_found)[page.size - 1].id);
  return Response::json(200, page_json(std::move(items), next));
}

Response create(const Request& r, const Caller& c, partners::Store& s) {
  if (auto denied = require(c, Permission::create_partner)) return std::move(*denied);
  auto body = json_body(r);
  if (auto* answered = std::get_if<Response>(&body)) return std::move(*answered);
  const json& b = std::get<json>(body);
  JsonProblems problems;
  LoadedPartner p;
  if (!b.is_object()) {
    problems.add("/", "is not a JSON object");
  } else {
    for (const auto& item : b.items()) {
      const std::string& k = item.key();
      if (k != "name" && k != "title" && k != "status" && k != "notes" && k != "contacts" && k != "identities" && k != "agreements") {
        problems.add("/" + k, k == "certificates" ? "certificates are uploaded one by one: POST /v1/partners/{partner}/certificates"
                                                  : "is not a member of a new partner");
      }
    }
    if (!b.contains("name") || !b["name"].is_string() || !valid_name(b["name"].get<std::string>())) {
      problems.add("/name", "is required: 1 to 64 of a-z, 0-9, '-' and '_', starting with a letter or digit");
    } else {
      p.profile.name = b["name"].get<std::string>();
    }
    const auto text = [&](const char* key, std::string& into, std::size_t max) {
      if (!b.contains(key) || b[key].is_null()) return;
      if (!b[key].is_string() || b[key].get_ref<const std::string&>().size() > max) {
        return problems.add(std::string("/") + key, "is not a string of at most " + std::to_string(max) + " characters");
      }
      into = b[key].get<std::string>();
    };
    text("title", p.profile.title, 256);
    text("notes", p.profile.notes, 4096);
    text("status", p.profile.status, 16);
    if (p.profile.status != "onboarding" && p.profile.status != "test") {
      problems.add("/status", "a new partner starts in onboarding or test");
    }
    if (b.contains("contacts")) read_contacts(b["contacts"], "/contacts", p.profile.contacts, problems);
    if (b.contains("identities")) read_identities(b["identities"], "/identities", p.profile, problems);
    if (b.contains("agreements")) {
      if (!b["agreements"].is_array()) {
        problems.add("/agreements", "is not an array");
      } else {
        for (std::size_t i = 0; i < b["agreements"].size(); ++i) {
          partners::Agreement a;
          read_agreement(b["agreements"][i], "/agreements/" + std::to_string(i), a, problems);
          p.profile.agreements.push_back(std::move(a));
        }
      }
    }
  }
  if (!problems.empty()) return problem_with_members(ProblemKind::bad_request, "The partner is not valid.", {{"errors", problems.errors}});
  return save(s, c, r, p, true, "partner.create", 201, representation);
}

Response read(const Request&, const Caller&, partners::Store&, LoadedPartner& p) {
  return with_etag(Response::json(200, representation(p)), p);
}

Response patch(const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
  if (auto failed = precondition(r, p)) return std::move(*failed);
  auto body = json_body(r);
  if (auto* answered = std::get_if<Response>(&body)) return std::move(*answered);
  const json& b = std::get<json>(body);
  JsonProblems problems;
  if (!b.is_object()) problems.add("/", "is not a JSON object");
  else {
    // JSON merge patch (RFC 7396) of the partner's own fields; identities, agreements, certificates and
    // status have their own resources.
    for (const auto& item : b.items()) {
      const std::string& k = item.key();
      const json& v = item.value();
      if (k == "title" || k == "notes") {
        const std::size_t max = k == "title" ? 256 : 4096;
        if (v.is_null()) (k == "title" ? p.profile.title : p.profile.notes).clear();
        else if (!v.is_string() || v.get_ref<const std::string&>().size() > max) {
          problems.add("/" + k, "is not a string of at most " + std::to_string(max) + " characters");
        } else {
          (k == "title" ? p.profile.title : p.profile.notes) = v.get<std::string>();
        }
      } else if (k == "contacts") {
        if (v.is_null()) p.profile.contacts.clear();
        else read_contacts(v, "/contacts", p.profile.contacts, problems);
      } else {
        problems.add("/" + k, k == "status" || k == "identities" || k == "agreements" || k == "certificates"
                                  ? "is changed through its own resource under /v1/partners/" + p.profile.name
                                  : "is not a member a patch may change (title, notes, contacts)");
      }
    }
  }
  if (!problems.empty()) return problem_with_members(ProblemKind::bad_request, "The patch is not valid.", {{"errors", problems.errors}});
  return save(s, c, r, p, false, "partner.update", 200, representation);
}

Response change_status(const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
  if (auto failed = precondition(r, p)) return std::move(*failed);
  auto body = json_body(r);
  if (auto* answered = std::get_if<Response>(&body)) return std::move(*answered);
  const json& b = std::get<json>(body);
  if (!b.is_object() || !b.contains("status") || !b["status"].is_string() || b.size() != 1) {
    return problem_with_members(ProblemKind::bad_request, "Send {\"status\": \"test\"} (onboarding, test, production, suspended).",
                                {{"errors", {{{"pointer", "/status"}, {"detail", "is required and the only member"}}}}});
  }
  const std::string to = b["status"].get<std::string>();
  if (to != "onboarding" && to != "test" && to != "production" && to != "suspended") {
    return problem_with_members(ProblemKind::bad_request, "Unknown status " + to + ".",
                                {{"errors", {{{"pointer", "/status"}, {"detail", "is not one of onboarding, test, production, suspended"}}}}});
  }
  if (!status_move_allowed(p.profile.status, to)) {
    return problem(ProblemKind::conflict, "A partner in " + p.profile.status + " cannot move to " + to +
                                              " (onboarding → test → production; any → suspended; suspended → test or production).");
  }
  p.profile.status = to;
  return save(s, c, r, p, false, "partner.status", 200, representation);
}

Response read_identities_route(const Request&, const Caller&, partners::Store&, LoadedPartner& p) {
  return with_etag(Response::json(200, identities_json(p.profile)), p);
}

Response put_identities(const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
  if (auto failed = precondition(r, p)) return std::move(*failed);
  auto body = json_body(r);
  if (auto* answered = std::get_if<Response>(&body)) return std::move(*answered);
  JsonProblems problems;
  read_identities(std::get<json>(body), "", p.profile, problems);
  if (!problems.empty()) return problem_with_members(ProblemKind::bad_request, "The identities are not valid.", {{"errors", problems.errors}});
  return save(s, c, r, p, false, "partner.identities", 200, [](const LoadedPartner& now) { return identities_json(now.profile); });
}

Response list_agreements(const Request&, const Caller&, partners::Store&, LoadedPartner& p) {
  json items = json::array();
  for (const auto& a : p.profile.agreements) items.push_back(agreement_json(a));
  return with_etag(Response::json(200, {{"items", std::move(items)}}), p);
}

Response put_agreement(const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
  if (auto failed = precondition(r, p)) return std::move(*failed);
  auto body = json_body(r);
  if (auto* answered = std::get_if<Response>(&body)) return std::move(*answered);
  const std::string document(r.param("document"));
  const std::string direction(r.param("direction"));
  JsonProblems problems;
  auto existing = std::find_if(p.profile.agreements.begin(), p.profile.agreements.end(),
                               [&](const auto& a) { return a.document == document && a.direction == direction; });
  const bool created = existing == p.profile.agreements.end();
  partners::Agreement a = created ? partners::Agreement{} : *existing;
  const json& b = std::get<json>(body);
  if (b.is_object()) {
    for (const char* fixed : {"document", "direction"}) {
      if (b.contains(fixed) && b[fixed] != (std::string_view(fixed) == "document" ? document : direction)) {
        problems.add(std::string("/") + fixed, "differs from the path");
      }
    }
  }
  read_agreement(b, "", a, problems);
  a.document = document;
  a.direction = direction;
  if (!problems.empty()) return problem_with_members(ProblemKind::bad_request, "The agreement is not valid.", {{"errors", problems.errors}});
  if (created) p.profile.agreements.push_back(a);
  else *existing = a;
  return save(s, c, r, p, false, created ? "agreement.create" : "agreement.update", created ? 201 : 200,
              [document, direction](const LoadedPartner& now) {
                for (const auto& x : now.profile.agreements) {
                  if (x.document == document && x.direction == direction) return agreement_json(x);
                }
                return json(nullptr);
              });
}

Response delete_agreement(const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
  const std::string document(r.param("document"));
  const std::string direction(r.param("direction"));
  const auto before = p.profile.agreements.size();
  std::erase_if(p.profile.agreements, [&](const auto& a) { return a.document == document && a.direction == direction; });
  if (p.profile.agreements.size() == before) return not_found("The " + direction + " " + document + " agreement of " + p.profile.name);
  Response saved = save(s, c, r, p, false, "agreement.delete", 204, [](const LoadedPartner&) { return json(nullptr); });
  if (saved.status == 204) saved.body.clear();
  return saved;
}

Response list_certificates(const Request&, const Caller&, partners::Store&, LoadedPartner& p) {
  json items = json::array();
  const std::string now = partners::utc_now();
  for (const auto& cert : p.certificates) items.push_back(certificate_json(cert, now));
  return with_etag(Response::json(200, {{"items", std::move(items)}}), p);
}

constexpr std::size_t max_certificate_size = 64 << 10;

Response add_certificate(const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
  QueryReader query(r, {"usage"});
  const std::string usage = query.one_of("usage", {"signing", "encryption", "tls"});
  if (!query.ok()) return query.problem();
  if (usage.empty()) {
    return problem_with_members(ProblemKind::bad_request, "Say what the certificate is for: ?usage=signing, encryption or tls.",
                                {{"errors", {{{"parameter", "usage"}, {"detail", "is required"}}}}});
  }
  const auto type = r.header("Content-Type");
  const std::string_view media = type ? type->substr(0, type->find(';')) : std::string_view();
  if (media != "application/x-pem-file" && media != "text/plain" && media != "application/pem-certificate-chain") {
    return problem(ProblemKind::unsupported_media_type, "Send the certificate as PEM (application/x-pem-file).");
  }
  if (r.body.size() > max_certificate_size) {
    return problem(ProblemKind::payload_too_large, "A certificate is at most 64 KiB of PEM.");
  }
  auto info = partners::read_certificate(r.body, "the uploaded certificate");
  if (!info) return problem(ProblemKind::unprocessable, info.error().message);
  info->usage = usage;
  for (const auto& existing : p.certificates) {
    if (existing.usage == usage && existing.sha256 == info->sha256) {
      return problem(ProblemKind::conflict, "This certificate is already the partner's " + usage + " certificate.");
    }
  }
  const std::string sha = info->sha256;
  p.certificates.push_back(std::move(*info));
  p.profile.certificates.push_back({usage, {}, {}});
  return save(s, c, r, p, false, "certificate.add", 201, [sha, usage](const LoadedPartner& now) {
    for (const auto& x : now.certificates) {
      if (x.sha256 == sha && x.usage == usage) return certificate_json(x, partners::utc_now());
    }
    return json(nullptr);
  });
}

Response delete_certificate(const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
  const std::string sha(r.param("sha256"));
  const auto before = p.certificates.size();
  std::erase_if(p.certificates, [&](const auto& x) { return x.sha256 == sha; });
  if (p.certificates.size() == before) return not_found("Certificate " + sha + " of " + p.profile.name);
  p.profile.certificates.resize(p.certificates.size());
  Response saved = save(s, c, r, p, false, "certificate.delete", 204, [](const LoadedPartner&) { return json(nullptr); });
  if (saved.status == 204) saved.body.clear();
  return saved;
}

}  // namespace

void add_partner_routes(Router& router, const std::shared_ptr<ApiState>& state) {
  const auto writes = [&state](PartnerHandler h) {
    // Changes of partners are made one at a time: read, compare the ETag, write.
    return authenticated(state, on_partner(Permission::onboard, [state, h = std::move(h)](const Request& r, const Caller& c,
                                                                                          partners::Store& s, LoadedPartner& p) {
      std::lock_guard<std::mutex> lock(state->actions);
      auto fresh = load_partner(s, c, p.profile.name);
      if (auto* answered = std::get_if<Response>(&fresh)) return std::move(*answered);
      return h(r, c, s, std::get<LoadedPartner>(fresh));
    }));
  };
  const auto reads = [&state](PartnerHandler h) { return authenticated(state, on_partner(Permission::read, std::move(h))); };
  router.add(Method::get, "/v1/partners", authenticated(state, list));
  router.add(Method::post, "/v1/partners", authenticated(state, [state](const Request& r, const Caller& c, partners::Store& s) {
               std::lock_guard<std::mutex> lock(state->actions);
               return create(r, c, s);
             }));
  router.add(Method::get, "/v1/partners/{partner}", reads(read));
  router.add(Method::patch, "/v1/partners/{partner}", writes(patch));
  router.add(Method::post, "/v1/partners/{partner}/status", writes(change_status));
  router.add(Method::get, "/v1/partners/{partner}/identities", reads(read_identities_route));
  router.add(Method::put, "/v1/partners/{partner}/identities", writes(put_identities));
  router.add(Method::get, "/v1/partners/{partner}/agreements", reads(list_agreements));
  router.add(Method::put, "/v1/partners/{partner}/agreements/{document}/{direction}", writes(put_agreement));
  router.add(Method::delete_, "/v1/partners/{partner}/agreements/{document}/{direction}",
             writes([](const Request& r, const Caller& c, partners::Store& s, LoadedPartner& p) {
               if (auto failed = precondition(r, p)) return std::move(*failed);
               return delete_agreement(r, c, s, p);
             }));
  router.add(Method::get, "/v1/partners/{partner}/certificates", reads(list_certificates));
  router.add(Method::post, "/v1/partners/{partner}/certificates", writes(add_certificate));
  router.add(Method::delete_, "/v1/partners/{partner}/certificates/{sha256}", writes(delete_certificate));
}

}  // namespace edigate::portal
