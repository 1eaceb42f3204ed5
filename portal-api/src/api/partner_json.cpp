#include "api/partner_json.hpp"

#include "api/query.hpp"
#include "api/views.hpp"

#include <algorithm>
#include <initializer_list>

namespace edigate::portal {
namespace {

using nlohmann::json;

// The members of one JSON object, read with their types checked.
class Fields {
 public:
  Fields(const json& object, std::string pointer, JsonProblems& problems, std::initializer_list<const char*> known)
      : object_(object), pointer_(std::move(pointer)), problems_(problems) {
    if (!object.is_object()) {
      problems.add(pointer_.empty() ? "/" : pointer_, "is not a JSON object");
      valid_ = false;
      return;
    }
    for (const auto& item : object.items()) {
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return item.key() == k; })) {
        problems.add(pointer_ + "/" + item.key(), "is not a member of this object");
      }
    }
  }

  bool valid() const { return valid_; }
  const json* get(const char* name) const {
    if (!valid_) return nullptr;
    const auto it = object_.find(name);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string at(const char* name) const { return pointer_ + "/" + name; }

  void text(const char* name, std::string& into, std::size_t max_size = 256) {
    const json* v = get(name);
    if (v == nullptr) return;
    if (!v->is_string()) return problems_.add(at(name), "is not a string");
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > max_size) return problems_.add(at(name), "has more than " + std::to_string(max_size) + " characters");
    if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
      return problems_.add(at(name), "holds a control character");
    }
    into = s;
  }
  void boolean(const char* name, bool& into) {
    const json* v = get(name);
    if (v == nullptr) return;
    if (!v->is_boolean()) return problems_.add(at(name), "is not true or false");
    into = v->get<bool>();
  }
  void count(const char* name, unsigned& into, unsigned max) {
    const json* v = get(name);
    if (v == nullptr) return;
    if (!v->is_number_unsigned() || v->get<std::uint64_t>() > max) {
      return problems_.add(at(name), "is not a whole number from 0 to " + std::to_string(max));
    }
    into = v->get<unsigned>();
  }
  void character(const char* name, char& into) {
    std::string text_value(1, into);
    text(name, text_value, 1);
    if (text_value.size() != 1) return problems_.add(at(name), "is not one character");
    into = text_value[0];
  }

 private:
  const json& object_;
  std::string pointer_;
  JsonProblems& problems_;
  bool valid_ = true;
};

}  // namespace

json contacts_json(const std::vector<partners::Contact>& contacts) {
  json out = json::array();
  for (const auto& c : contacts) out.push_back({{"role", c.role}, {"name", c.name}, {"email", c.email}, {"phone", c.phone}});
  return out;
}

json partner_summary_json(const partners::PartnerSummary& p) {
  return {{"name", p.name},
          {"title", p.title},
          {"status", p.status},
          {"identities", p.identities},
          {"agreements", p.agreements},
          {"certificates", p.certificates},
          {"first_certificate_expiry", text_or_null(p.first_expiry)},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

json identities_json(const partners::Profile& p) {
  json out = json::object();
  if (p.x12) {
    const auto& x = *p.x12;
    out["x12"] = {{"qualifier", x.qualifier},
                  {"id", x.id},
                  {"application", x.application},
                  {"our_qualifier", x.our_qualifier},
                  {"our_id", x.our_id},
                  {"our_application", x.our_application},
                  {"version", x.version},
                  {"element", std::string(1, x.element)},
                  {"component", std::string(1, x.component)},
                  {"segment", std::string(1, x.segment)},
                  {"repetition", std::string(1, x.repetition)},
                  {"test", x.test},
                  {"ack_requested", x.ack_requested}};
  }
  if (p.edifact) {
    const auto& x = *p.edifact;
    out["edifact"] = {{"qualifier", x.qualifier},   {"id", x.id},           {"our_qualifier", x.our_qualifier},
                      {"our_id", x.our_id},         {"version", x.version}, {"syntax", x.syntax},
                      {"syntax_version", x.syntax_version}, {"association", x.association}, {"test", x.test}};
  }
  if (!p.as2_id.empty()) out["as2"] = {{"id", p.as2_id}, {"url", p.as2_url}};
  return out;
}

json agreement_json(const partners::Agreement& a) {
  json out = {{"document", a.document},
              {"direction", a.direction},
              {"standard", a.standard},
              {"version", a.version},
              {"ack", a.ack},
              {"ack_when", a.ack_when},
              {"ack_deadline_minutes", a.ack_deadline_minutes},
              {"test", a.test},
              {"transport", a.transport},
              {"endpoint", a.endpoint},
              {"duplicate_window_days", a.duplicate_window_days},
              // Where the guide lives on the server is not the client's business; that there is one is.
              {"guide", a.guide.empty() ? json(nullptr) : json(std::filesystem::path(a.guide).filename().string())}};
  if (a.as2) {
    out["as2"] = {{"sign", a.as2->sign},         {"encrypt", a.as2->encrypt},       {"compress", a.as2->compress},
                  {"mdn", a.as2->mdn},           {"mdn_signed", a.as2->mdn_signed}, {"mdn_url", a.as2->mdn_url}};
  }
  if (a.sftp) {
    // The key file's path stays on the server.
    out["sftp"] = {{"host", a.sftp->host}, {"port", a.sftp->port}, {"user", a.sftp->user}, {"path", a.sftp->path},
                   {"host_key_sha256", a.sftp->host_key_sha256}};
  }
  return out;
}

json certificate_json(const partners::CertificateInfo& c, const std::string& now) {
  const auto until = epoch_seconds(c.not_after);
  const auto at = epoch_seconds(now);
  json days_left = nullptr;
  bool expired = false;
  if (until && at) {
    const long long seconds = *until - *at;
    // Whole days, rounded down: a certificate that expires in 10 hours has 0 days left.
    days_left = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    expired = seconds <= 0;
  }
  return {{"usage", c.usage},       {"subject", c.subject},       {"issuer", c.issuer},
          {"serial", c.serial},     {"sha256", c.sha256},         {"not_before", c.not_before},
          {"not_after", c.not_after}, {"days_left", days_left},   {"expired", expired}};
}

json partner_json(const partners::Profile& p, const partners::PartnerSummary& summary,
                  const std::vector<partners::CertificateInfo>& certificates, const std::string& now) {
  json agreements = json::array();
  for (const auto& a : p.agreements) agreements.push_back(agreement_json(a));
  json certs = json::array();
  for (const auto& c : certificates) certs.push_back(certificate_json(c, now));
  return {{"name", p.name},
          {"title", p.title},
          {"status", p.status},
          {"notes", p.notes},
          {"contacts", contacts_json(p.contacts)},
          {"identities", identities_json(p)},
          {"agreements", std::move(agreements)},
          {"certificates", std::move(certs)},
          {"created_at", summary.created_at},
          {"updated_at", summary.updated_at}};
}

void read_identities(const json& body, const std::string& pointer, partners::Profile& into, JsonProblems& problems) {
  Fields f(body, pointer, problems, {"x12", "edifact", "as2"});
  if (!f.valid()) return;
  into.x12.reset();
  into.edifact.reset();
  into.as2_id.clear();
  into.as2_url.clear();
  if (const json* x = f.get("x12")) {
    partners::X12Identity id;
    Fields g(*x, f.at("x12"), problems,
             {"qualifier", "id", "application", "our_qualifier", "our_id", "our_application", "version", "element", "component",
              "segment", "repetition", "test", "ack_requested"});
    g.text("qualifier", id.qualifier, 2);
    g.text("id", id.id, 15);
    id.application = id.id;
    g.text("application", id.application, 15);
    g.text("our_qualifier", id.our_qualifier, 2);
    g.text("our_id", id.our_id, 15);
    id.our_application = id.our_id;
    g.text("our_application", id.our_application, 15);
    g.text("version", id.version, 12);
    g.character("element", id.element);
    g.character("component", id.component);
    g.character("segment", id.segment);
    g.character("repetition", id.repetition);
    g.boolean("test", id.test);
    g.boolean("ack_requested", id.ack_requested);
    into.x12 = std::move(id);
  }
  if (const json* x = f.get("edifact")) {
    partners::EdifactIdentity id;
    Fields g(*x, f.at("edifact"), problems,
             {"qualifier", "id", "our_qualifier", "our_id", "version", "syntax", "syntax_version", "association", "test"});
    g.text("qualifier", id.qualifier, 4);
    g.text("id", id.id, 35);
    g.text("our_qualifier", id.our_qualifier, 4);
    g.text("our_id", id.our_id, 35);
    g.text("version", id.version, 8);
    g.text("syntax", id.syntax, 4);
    g.text("syntax_version", id.syntax_version, 1);
    g.text("association", id.association, 35);
    g.boolean("test", id.test);
    into.edifact = std::move(id);
  }
  if (const json* x = f.get("as2")) {
    Fields g(*x, f.at("as2"), problems, {"id", "url"});
    g.text("id", into.as2_id, 128);
    g.text("url", into.as2_url, 2048);
    if (into.as2_id.empty()) problems.add(f.at("as2") + "/id", "is required");
  }
}

void read_agreement(const json& body, const std::string& pointer, partners::Agreement& a, JsonProblems& problems) {
  Fields f(body, pointer, problems,
           {"document", "direction", "standard", "version", "ack", "ack_when", "ack_deadline_minutes", "test", "transport",
            "endpoint", "duplicate_window_days", "as2", "sftp", "guide"});
  if (!f.valid()) return;
  f.text("document", a.document, 32);
  f.text("direction", a.direction, 16);
  f.text("standard", a.standard, 16);
  f.text("version", a.version, 12);
  f.text("ack", a.ack, 16);
  f.text("ack_when", a.ack_when, 16);
  f.count("ack_deadline_minutes", a.ack_deadline_minutes, 525600);
  f.boolean("test", a.test);
  f.text("transport", a.transport, 16);
  f.text("endpoint", a.endpoint, 2048);
  f.count("duplicate_window_days", a.duplicate_window_days, 3650);
  // The guide is a file on the server, named by the profile file: what a GET showed may come back
  // unchanged (a read-modify-write), anything else is refused.
  if (const json* guide = f.get("guide")) {
    const std::string current = a.guide.empty() ? std::string() : std::filesystem::path(a.guide).filename().string();
    if (!guide->is_string() || guide->get<std::string>() != current) {
      problems.add(f.at("guide"), "is set by the partner's profile file, not through the API");
    }
  }
  if (a.transport != "" && a.transport != "as2" && a.transport != "sftp" && a.transport != "folder") {
    problems.add(f.at("transport"), "is not one of as2, sftp, folder");
  }
  if (const json* x = f.get("as2")) {
    if (a.transport != "as2") problems.add(f.at("as2"), "needs transport \"as2\"");
    partners::As2Settings s;
    Fields g(*x, f.at("as2"), problems, {"sign", "encrypt", "compress", "mdn", "mdn_signed", "mdn_url"});
    g.text("sign", s.sign, 16);
    g.text("encrypt", s.encrypt, 16);
    g.boolean("compress", s.compress);
    g.text("mdn", s.mdn, 8);
    g.boolean("mdn_signed", s.mdn_signed);
    g.text("mdn_url", s.mdn_url, 2048);
    a.as2 = std::move(s);
  } else if (a.transport == "as2") {
    if (!a.as2) a.as2 = partners::As2Settings{};
  } else {
    a.as2.reset();
  }
  if (const json* x = f.get("sftp")) {
    if (a.transport != "sftp") problems.add(f.at("sftp"), "needs transport \"sftp\"");
    // A key file is named in the profile file on the server; the API keeps the one already there.
    partners::SftpSettings s = a.sftp.value_or(partners::SftpSettings{});
    Fields g(*x, f.at("sftp"), problems, {"host", "port", "user", "path", "host_key_sha256"});
    g.text("host", s.host, 253);
    g.count("port", s.port, 65535);
    g.text("user", s.user, 64);
    g.text("path", s.path, 1024);
    g.text("host_key_sha256", s.host_key_sha256, 128);
    a.sftp = std::move(s);
  } else if (a.transport != "sftp") {
    a.sftp.reset();
  } else if (!a.sftp) {
    problems.add(pointer, "transport \"sftp\" needs sftp settings with host and path");
  }
}

void read_contacts(const json& body, const std::string& pointer, std::vector<partners::Contact>& into, JsonProblems& problems) {
  if (!body.is_array()) return problems.add(pointer, "is not an array");
  if (body.size() > 50) return problems.add(pointer, "has more than 50 contacts");
  std::vector<partners::Contact> out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    partners::Contact c;
    Fields f(body[i], pointer + "/" + std::to_string(i), problems, {"role", "name", "email", "phone"});
    f.text("role", c.role, 64);
    f.text("name", c.name, 128);
    f.text("email", c.email, 254);
    f.text("phone", c.phone, 64);
    out.push_back(std::move(c));
  }
  into = std::move(out);
}

void check_partner(const partners::Profile& p, JsonProblems& problems) {
  if (p.x12) {
    for (auto& m : partners::x12_identity_problems(*p.x12)) problems.add("/identities/x12", std::move(m));
  }
  if (p.edifact) {
    for (auto& m : partners::edifact_identity_problems(*p.edifact)) problems.add("/identities/edifact", std::move(m));
  }
  for (std::size_t i = 0; i < p.agreements.size(); ++i) {
    const auto& a = p.agreements[i];
    const std::string at = "/agreements/" + std::to_string(i);
    for (auto& m : partners::agreement_problems(a, p.x12.has_value(), p.edifact.has_value())) problems.add(at, std::move(m));
    if (a.as2) {
      for (auto& m : partners::as2_settings_problems(*a.as2, a.direction)) problems.add(at + "/as2", std::move(m));
    }
    if (a.sftp) {
      for (auto& m : partners::sftp_settings_problems(*a.sftp)) problems.add(at + "/sftp", std::move(m));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (p.agreements[j].document == a.document && p.agreements[j].direction == a.direction) {
        problems.add(at, "a second " + a.direction + " agreement for " + a.document);
      }
    }
  }
}

}  // namespace edigate::portal
