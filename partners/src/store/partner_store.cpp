#include <edigate/partners/partner_store.hpp>

#include "store/rows.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <limits>
#include <optional>

#include <fstream>
#include <sstream>

namespace edigate::partners {

namespace {

using json = nlohmann::json;

Error not_found(std::string_view name) {
  Error err;
  err.code = ErrorCode::not_found;
  err.message = "no partner named " + std::string(name);
  return err;
}

json envelope_json(const X12Identity& x) {
  return {{"qualifier", x.qualifier}, {"id", x.id}, {"application", x.application}, {"our_qualifier", x.our_qualifier},
          {"our_id", x.our_id}, {"our_application", x.our_application}, {"version", x.version},
          {"element", std::string(1, x.element)}, {"component", std::string(1, x.component)},
          {"segment", std::string(1, x.segment)}, {"repetition", std::string(1, x.repetition)},
          {"line_breaks", x.line_breaks}, {"test", x.test}, {"ack_requested", x.ack_requested}};
}

json envelope_json(const EdifactIdentity& x) {
  return {{"qualifier", x.qualifier}, {"id", x.id}, {"our_qualifier", x.our_qualifier}, {"our_id", x.our_id},
          {"version", x.version}, {"syntax", x.syntax}, {"syntax_version", x.syntax_version},
          {"association", x.association}, {"element", std::string(1, x.element)},
          {"component", std::string(1, x.component)}, {"segment", std::string(1, x.segment)},
          {"release", std::string(1, x.release)}, {"line_breaks", x.line_breaks}, {"test", x.test}};
}

char first(const json& j, const char* key) { return j.at(key).get<std::string>().front(); }

X12Identity x12_from(const json& j) {
  X12Identity x;
  x.qualifier = j.at("qualifier");
  x.id = j.at("id");
  x.application = j.at("application");
  x.our_qualifier = j.at("our_qualifier");
  x.our_id = j.at("our_id");
  x.our_application = j.at("our_application");
  x.version = j.at("version");
  x.element = first(j, "element");
  x.component = first(j, "component");
  x.segment = first(j, "segment");
  x.repetition = first(j, "repetition");
  x.line_breaks = j.at("line_breaks");
  x.test = j.at("test");
  x.ack_requested = j.at("ack_requested");
  return x;
}

EdifactIdentity edifact_from(const json& j) {
  EdifactIdentity x;
  x.qualifier = j.at("qualifier");
  x.id = j.at("id");
  x.our_qualifier = j.at("our_qualifier");
  x.our_id = j.at("our_id");
  x.version = j.at("version");
  x.syntax = j.at("syntax");
  x.syntax_version = j.at("syntax_version");
  x.association = j.at("association");
  x.element = first(j, "element");
  x.component = first(j, "component");
  x.segment = first(j, "segment");
  x.release = first(j, "release");
  x.line_breaks = j.at("line_breaks");
  x.test = j.at("test");
  return x;
}

// agreements.settings: {"as2": {...}} or {"sftp": {...}}, {} for other transports. An SFTP key is
// stored as its file's path only.
std::string settings_json(const Agreement& a) {
  json j = json::object();
  if (a.as2) {
    const As2Settings& s = *a.as2;
    j["as2"] = {{"sign", s.sign}, {"encrypt", s.encrypt}, {"compress", s.compress}, {"mdn", s.mdn},
                {"mdn_signed", s.mdn_signed}, {"mdn_url", s.mdn_url}};
  }
  if (a.sftp) {
    const SftpSettings& s = *a.sftp;
    j["sftp"] = {{"host", s.host}, {"port", s.port}, {"user", s.user}, {"path", s.path}, {"key", s.key.string()},
                 {"host_key_sha256", s.host_key_sha256}};
  }
  return j.dump();
}

// Missing members take the defaults, so rows written before a member existed still read.
void read_settings(const std::string& text, Agreement& a) {
  const json j = json::parse(text.empty() ? std::string("{}") : text);
  if (const auto as2 = j.find("as2"); as2 != j.end()) {
    As2Settings s;
    s.sign = as2->value("sign", s.sign);
    s.encrypt = as2->value("encrypt", s.encrypt);
    s.compress = as2->value("compress", s.compress);
    s.mdn = as2->value("mdn", s.mdn);
    s.mdn_signed = as2->value("mdn_signed", s.mdn_signed);
    s.mdn_url = as2->value("mdn_url", s.mdn_url);
    a.as2 = std::move(s);
  } else if (a.transport == "as2") {
    a.as2 = As2Settings{};  // imported before agreements had settings: what load_profile would give
  }
  if (const auto sftp = j.find("sftp"); sftp != j.end()) {
    SftpSettings s;
    s.host = sftp->value("host", s.host);
    s.port = sftp->value("port", s.port);
    s.user = sftp->value("user", s.user);
    s.path = sftp->value("path", s.path);
    s.key = sftp->value("key", std::string());
    s.host_key_sha256 = sftp->value("host_key_sha256", s.host_key_sha256);
    a.sftp = std::move(s);
  }
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

PartnerSummary summary_row(soci::session& s, long long id) {
  PartnerSummary out;
  out.id = id;
  long long revision = 0;
  s << "SELECT name, title, status, created_at, updated_at, revision FROM partners WHERE id = :id", soci::use(id),
      soci::into(out.name), soci::into(out.title), soci::into(out.status), soci::into(out.created_at), soci::into(out.updated_at),
      soci::into(revision);
  out.revision = revision;
  long long n = 0;
  s << "SELECT COUNT(*) FROM partner_identities WHERE partner_id = :id", soci::use(id), soci::into(n);
  out.identities = static_cast<std::size_t>(n);
  s << "SELECT COUNT(*) FROM agreements WHERE partner_id = :id", soci::use(id), soci::into(n);
  out.agreements = static_cast<std::size_t>(n);
  s << "SELECT COUNT(*) FROM certificates WHERE partner_id = :id", soci::use(id), soci::into(n);
  out.certificates = static_cast<std::size_t>(n);
  soci::indicator ind = soci::i_null;
  s << "SELECT MIN(not_after) FROM certificates WHERE partner_id = :id", soci::use(id), soci::into(out.first_expiry, ind);
  if (ind != soci::i_ok) out.first_expiry.clear();
  return out;
}

std::optional<long long> partner_id(soci::session& s, std::string_view name) {
  long long id = 0;
  const std::string n(name);
  s << "SELECT id FROM partners WHERE name = :n", soci::use(n), soci::into(id);
  if (!s.got_data()) return std::nullopt;
  return id;
}

void add_identity(soci::session& s, long long id, const char* kind, const std::string& qualifier, const std::string& value,
                  const std::string& routing = {}) {
  if (value.empty()) return;
  const std::string k(kind);
  s << "INSERT INTO partner_identities (partner_id, kind, qualifier, value, routing) VALUES (:p, :k, :q, :v, :r)",
      soci::use(id), soci::use(k), soci::use(qualifier), soci::use(value), soci::use(routing);
}

}  // namespace

Result<std::int64_t> import_profile(Store& store, const Profile& p, bool replace) {
  // Certificates are read first: a bad file stops the import before anything is written.
  std::vector<CertificateInfo> certs;
  for (const CertificateFile& c : p.certificates) {
    auto info = read_certificate(slurp(c.file), c.file.string());
    if (!info) return std::move(info).error();
    info->usage = c.usage;
    info->private_key_path = c.private_key.string();
    certs.push_back(std::move(*info));
  }
  return save_profile(store, p, certs, replace);
}

Result<std::int64_t> save_profile(Store& store, const Profile& p, const std::vector<CertificateInfo>& certs, bool replace,
                                  std::optional<std::int64_t> expected_revision) {
  return guarded("importing partner " + p.name, [&]() -> Result<std::int64_t> {
    soci::session& s = store.session();
    Store::Transaction tx(store);
    const std::string now = utc_now();
    long long id = 0;
    if (auto existing = partner_id(s, p.name)) {
      if (!replace) {
        Error err;
        err.code = ErrorCode::already_exists;
        err.message = "partner " + p.name + " exists (import --replace replaces it)";
        return err;
      }
      id = *existing;
      const long long expected = expected_revision.value_or(-1);
      soci::statement update =
          (s.prepare << "UPDATE partners SET title = :t, status = :s, notes = :n, updated_at = :u, revision = revision + 1 "
                        "WHERE id = :id AND (:e1 < 0 OR revision = :e2)",
           soci::use(p.title), soci::use(p.status), soci::use(p.notes), soci::use(now), soci::use(id), soci::use(expected),
           soci::use(expected));
      update.execute(true);
      if (update.get_affected_rows() == 0) {
        Error err;
        err.code = ErrorCode::stale;
        err.message = "partner " + p.name + " changed since revision " + std::to_string(expected) + " was read";
        return err;
      }
      for (const char* table : {"partner_contacts", "partner_identities", "agreements", "certificates", "partner_envelopes",
                                "map_overlays"}) {
        s << std::string("DELETE FROM ") + table + " WHERE partner_id = :id", soci::use(id);
      }
    } else {
      s << "INSERT INTO partners (name, title, status, notes, created_at, updated_at) VALUES (:n, :t, :s, :o, :c, :u)",
          soci::use(p.name), soci::use(p.title), soci::use(p.status), soci::use(p.notes), soci::use(now), soci::use(now);
      const auto got = partner_id(s, p.name);
      id = got.value_or(0);
    }
    if (p.x12) {
      add_identity(s, id, "x12_isa", p.x12->qualifier, p.x12->id);
      add_identity(s, id, "x12_gs", "", p.x12->application);
      const std::string settings = envelope_json(*p.x12).dump();
      s << "INSERT INTO partner_envelopes (partner_id, standard, settings) VALUES (:p, 'x12', :s)", soci::use(id), soci::use(settings);
    }
    if (p.edifact) {
      add_identity(s, id, "edifact_unb", p.edifact->qualifier, p.edifact->id);
      const std::string settings = envelope_json(*p.edifact).dump();
      s << "INSERT INTO partner_envelopes (partner_id, standard, settings) VALUES (:p, 'edifact', :s)", soci::use(id), soci::use(settings);
    }
    if (!p.as2_id.empty()) {
      add_identity(s, id, "as2", "", p.as2_id);
      const std::string settings = json{{"id", p.as2_id}, {"url", p.as2_url}}.dump();
      s << "INSERT INTO partner_envelopes (partner_id, standard, settings) VALUES (:p, 'as2', :s)", soci::use(id), soci::use(settings);
    }
    for (const Contact& c : p.contacts) {
      s << "INSERT INTO partner_contacts (partner_id, role, name, email, phone) VALUES (:p, :r, :n, :e, :t)", soci::use(id),
          soci::use(c.role), soci::use(c.name), soci::use(c.email), soci::use(c.phone);
    }
    for (const Agreement& a : p.agreements) {
      const int deadline = static_cast<int>(a.ack_deadline_minutes);
      const int test = a.test ? 1 : 0;
      const int window = static_cast<int>(a.duplicate_window_days);
      const std::string overlay;
      const std::string settings = settings_json(a);
      s << "INSERT INTO agreements (partner_id, document, direction, standard, version, guide, overlay, ack_kind, ack_when, "
           "ack_deadline_minutes, test_indicator, transport, endpoint, settings, duplicate_window_days) VALUES "
           "(:p, :d, :r, :s, :v, :g, :o, :k, :w, :m, :t, :x, :e, :j, :u)",
          soci::use(id), soci::use(a.document), soci::use(a.direction), soci::use(a.standard), soci::use(a.version),
          soci::use(a.guide), soci::use(overlay), soci::use(a.ack), soci::use(a.ack_when), soci::use(deadline), soci::use(test),
          soci::use(a.transport), soci::use(a.endpoint), soci::use(settings), soci::use(window);
    }
    for (const CertificateInfo& c : certs) {
      s << "INSERT INTO certificates (partner_id, usage, pem, subject, issuer, serial, sha256, not_before, not_after, "
           "private_key_path) VALUES (:p, :u, :m, :s, :i, :n, :h, :b, :a, :k)",
          soci::use(id), soci::use(c.usage), soci::use(c.pem), soci::use(c.subject), soci::use(c.issuer), soci::use(c.serial),
          soci::use(c.sha256), soci::use(c.not_before), soci::use(c.not_after), soci::use(c.private_key_path);
    }
    for (const MapOverlay& o : p.overlays) {
      const std::string path = o.overlay.string();
      s << "INSERT INTO map_overlays (partner_id, base_map, overlay_path) VALUES (:p, :b, :o)", soci::use(id), soci::use(o.base),
          soci::use(path);
    }
    tx.commit();
    return static_cast<std::int64_t>(id);
  });
}

Result<std::vector<CertificateInfo>> certificates_of(Store& store, std::int64_t partner) {
  return guarded("reading certificates", [&]() -> Result<std::vector<CertificateInfo>> {
    soci::session& s = store.session();
    const long long id = partner;
    soci::rowset<soci::row> rows = (s.prepare << "SELECT usage, pem, subject, issuer, serial, sha256, not_before, not_after, "
                                                 "private_key_path FROM certificates WHERE partner_id = :p ORDER BY id",
                                    soci::use(id));
    std::vector<CertificateInfo> out;
    for (const soci::row& r : rows) {
      CertificateInfo c;
      c.usage = r.get<std::string>(0);
      c.pem = r.get<std::string>(1);
      c.subject = r.get<std::string>(2);
      c.issuer = r.get<std::string>(3);
      c.serial = r.get<std::string>(4);
      c.sha256 = r.get<std::string>(5);
      c.not_before = r.get<std::string>(6);
      c.not_after = r.get<std::string>(7);
      c.private_key_path = r.get<std::string>(8);
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<Profile> export_profile(Store& store, std::string_view name, std::vector<CertificateInfo>* certificates) {
  return guarded("exporting partner " + std::string(name), [&]() -> Result<Profile> {
    soci::session& s = store.session();
    const auto id = partner_id(s, name);
    if (!id) return not_found(name);
    Profile p;
    p.name = std::string(name);
    const long long pid = *id;
    s << "SELECT title, status, notes FROM partners WHERE id = :id", soci::use(pid), soci::into(p.title), soci::into(p.status),
        soci::into(p.notes);
    {
      soci::rowset<soci::row> rows = (s.prepare << "SELECT standard, settings FROM partner_envelopes WHERE partner_id = :p", soci::use(pid));
      for (const soci::row& r : rows) {
        const std::string standard = r.get<std::string>(0);
        const json j = json::parse(r.get<std::string>(1));
        if (standard == "x12") p.x12 = x12_from(j);
        else if (standard == "edifact") p.edifact = edifact_from(j);
        else if (standard == "as2") {
          p.as2_id = j.at("id");
          p.as2_url = j.at("url");
        }
      }
    }
    {
      soci::rowset<soci::row> rows = (s.prepare << "SELECT role, name, email, phone FROM partner_contacts WHERE partner_id = :p ORDER BY id",
                                      soci::use(pid));
      for (const soci::row& r : rows) p.contacts.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3)});
    }
    {
      soci::rowset<soci::row> rows =
          (s.prepare << "SELECT document, direction, standard, version, guide, ack_kind, ack_when, ack_deadline_minutes, "
                        "test_indicator, transport, endpoint, duplicate_window_days, settings FROM agreements WHERE partner_id = :p "
                        "ORDER BY id",
           soci::use(pid));
      for (const soci::row& r : rows) {
        Agreement a;
        a.document = r.get<std::string>(0);
        a.direction = r.get<std::string>(1);
        a.standard = r.get<std::string>(2);
        a.version = r.get<std::string>(3);
        a.guide = r.get<std::string>(4);
        a.ack = r.get<std::string>(5);
        a.ack_when = r.get<std::string>(6);
        const auto number = [&](std::size_t i) { return detail::integer_at(r, i); };
        a.ack_deadline_minutes = static_cast<unsigned>(number(7));
        a.test = number(8) != 0;
        a.transport = r.get<std::string>(9);
        a.endpoint = r.get<std::string>(10);
        a.duplicate_window_days = static_cast<unsigned>(number(11));
        read_settings(r.get<std::string>(12), a);
        p.agreements.push_back(std::move(a));
      }
    }
    {
      soci::rowset<soci::row> rows = (s.prepare << "SELECT base_map, overlay_path FROM map_overlays WHERE partner_id = :p ORDER BY base_map",
                                      soci::use(pid));
      for (const soci::row& r : rows) p.overlays.push_back({r.get<std::string>(0), r.get<std::string>(1)});
    }
    auto certs = certificates_of(store, pid);
    if (!certs) return std::move(certs).error();
    for (const auto& c : *certs) p.certificates.push_back({c.usage, {}, c.private_key_path});
    if (certificates != nullptr) *certificates = std::move(*certs);
    return p;
  });
}

Result<std::vector<PartnerSummary>> list_partners(Store& store, const std::string& status) {
  return guarded("listing partners", [&]() -> Result<std::vector<PartnerSummary>> {
    soci::session& s = store.session();
    std::vector<long long> ids;
    const auto collect = [&](soci::rowset<soci::row>& rows) {
      for (const soci::row& r : rows) {
        ids.push_back(detail::integer_at(r, 0));
      }
    };
    if (status.empty()) {
      soci::rowset<soci::row> rows = (s.prepare << "SELECT id FROM partners ORDER BY name");
      collect(rows);
    } else {
      soci::rowset<soci::row> rows = (s.prepare << "SELECT id FROM partners WHERE status = :s ORDER BY name", soci::use(status));
      collect(rows);
    }
    std::vector<PartnerSummary> out;
    for (const long long id : ids) out.push_back(summary_row(s, id));
    return out;
  });
}

Result<std::vector<PartnerSummary>> partners_page(Store& store, const std::string& status, std::int64_t before_id,
                                                  std::size_t limit) {
  return guarded("listing partners", [&]() -> Result<std::vector<PartnerSummary>> {
    soci::session& s = store.session();
    const long long before = before_id > 0 ? before_id : std::numeric_limits<long long>::max();
    const long long n = static_cast<long long>(limit == 0 ? 50 : limit);
    std::vector<long long> ids;
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id FROM partners WHERE id < :b AND (:s1 = '' OR status = :s2) ORDER BY id DESC LIMIT :n",
         soci::use(before), soci::use(status), soci::use(status), soci::use(n));
    for (const soci::row& r : rows) ids.push_back(detail::integer_at(r, 0));
    std::vector<PartnerSummary> out;
    for (const long long id : ids) out.push_back(summary_row(s, id));
    return out;
  });
}

Result<PartnerSummary> find_partner(Store& store, std::string_view name) {
  return guarded("reading partner " + std::string(name), [&]() -> Result<PartnerSummary> {
    soci::session& s = store.session();
    const auto id = partner_id(s, name);
    if (!id) return not_found(name);
    return summary_row(s, *id);
  });
}

Result<void> set_partner_status(Store& store, std::string_view name, std::string_view status) {
  if (status != "onboarding" && status != "test" && status != "production" && status != "suspended") {
    Error err;
    err.code = ErrorCode::usage;
    err.message = "status \"" + std::string(status) + "\": expected onboarding, test, production or suspended";
    return err;
  }
  return guarded("setting the status of " + std::string(name), [&]() -> Result<void> {
    soci::session& s = store.session();
    const auto id = partner_id(s, name);
    if (!id) return not_found(name);
    const std::string st(status);
    const std::string now = utc_now();
    const long long pid = *id;
    s << "UPDATE partners SET status = :s, updated_at = :u, revision = revision + 1 WHERE id = :id", soci::use(st), soci::use(now),
        soci::use(pid);
    return {};
  });
}

Result<void> remove_partner(Store& store, std::string_view name) {
  return guarded("removing partner " + std::string(name), [&]() -> Result<void> {
    soci::session& s = store.session();
    const auto id = partner_id(s, name);
    if (!id) return not_found(name);
    const long long pid = *id;
    s << "DELETE FROM partners WHERE id = :id", soci::use(pid);  // the rest follows by ON DELETE CASCADE
    return {};
  });
}

Result<std::optional<PartnerSummary>> partner_by_identity(Store& store, std::string_view kind, std::string_view qualifier,
                                                          std::string_view value) {
  return guarded("looking up an identity", [&]() -> Result<std::optional<PartnerSummary>> {
    soci::session& s = store.session();
    const std::string k(kind);
    const std::string q(qualifier);
    const std::string v(value);
    long long id = 0;
    s << "SELECT partner_id FROM partner_identities WHERE kind = :k AND qualifier = :q AND value = :v", soci::use(k),
        soci::use(q), soci::use(v), soci::into(id);
    if (!s.got_data()) return std::optional<PartnerSummary>();
    return std::optional<PartnerSummary>(summary_row(s, id));
  });
}

}  // namespace edigate::partners
