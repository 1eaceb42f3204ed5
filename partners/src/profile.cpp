#include <edigate/partners/profile.hpp>
#include <edigate/xml.hpp>

#include <algorithm>
#include <set>

namespace edigate::partners {

namespace {

char char_attribute(const xml::Element& e, std::string_view key, char fallback) {
  const std::string* v = e.attribute(key);
  return v != nullptr && v->size() == 1 ? (*v)[0] : fallback;
}

bool bool_attribute(const xml::Element& e, std::string_view key, bool fallback = false) {
  const std::string* v = e.attribute(key);
  if (v == nullptr) return fallback;
  return *v == "true" || *v == "1";
}

unsigned count_attribute(const xml::Element& e, std::string_view key, unsigned fallback) {
  const std::string* v = e.attribute(key);
  if (v == nullptr || v->empty() || v->size() > 9) return fallback;
  return static_cast<unsigned>(std::stoul(*v));  // the XSD made it digits
}

// A TCP port, or 0 when the value is not one (the XSD only made it a non-negative integer).
unsigned port_attribute(const xml::Element& e, std::string_view key, unsigned fallback) {
  const std::string* v = e.attribute(key);
  if (v == nullptr) return fallback;
  std::string digits = *v;
  if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty() || digits.size() > 5) return 0;
  // Out of range stays as written (at most 99999) so the problem names it; sftp_settings_problems says so.
  return static_cast<unsigned>(std::stoul(digits));
}

std::string attr(std::string_view key, const std::string& value) {
  return value.empty() ? std::string() : " " + std::string(key) + "=\"" + xml::escape(value) + "\"";
}

std::string attr(std::string_view key, char value, char fallback) {
  return value == fallback ? std::string() : attr(key, std::string(1, value));
}

std::string path_in(const std::filesystem::path& path, const std::filesystem::path& directory) {
  if (path.empty()) return {};
  const auto rel = path.lexically_relative(directory);
  return !rel.empty() && rel.native().substr(0, 2) != ".." ? rel.string() : path.string();
}

}  // namespace

const MapOverlay* Profile::overlay_for(std::string_view base_map) const noexcept {
  for (const MapOverlay& o : overlays) {
    if (o.base == base_map) return &o;
  }
  return nullptr;
}

std::vector<std::string> x12_identity_problems(const X12Identity& x) {
  std::vector<std::string> out;
  if (x.id.empty() || x.our_id.empty()) out.emplace_back("an X12 identity needs the partner's and our ISA IDs");
  if (x.id.size() > 15 || x.our_id.size() > 15) out.emplace_back("an ISA sender or receiver ID has at most 15 characters");
  if (x.qualifier.size() > 2 || x.our_qualifier.size() > 2) out.emplace_back("an ISA ID qualifier has at most 2 characters");
  if (x.application.size() > 15 || x.our_application.size() > 15) out.emplace_back("a GS application code has at most 15 characters");
  if (x.version.size() < 6 || x.version.substr(0, 2) != "00") out.emplace_back("X12 version \"" + x.version + "\" is not like 004010 or 005010");
  const std::set<char> delims = {x.element, x.component, x.segment, x.repetition};
  if (delims.size() != 4) out.emplace_back("the X12 delimiters must differ from each other");
  return out;
}

std::vector<std::string> edifact_identity_problems(const EdifactIdentity& x) {
  std::vector<std::string> out;
  if (x.id.empty() || x.our_id.empty()) out.emplace_back("an EDIFACT identity needs the partner's and our UNB IDs");
  if (x.id.size() > 35 || x.our_id.size() > 35) out.emplace_back("a UNB sender or recipient ID has at most 35 characters");
  if (x.version.size() != 4 || x.version[0] != 'D') out.emplace_back("EDIFACT version \"" + x.version + "\" is not like D96A");
  if (x.syntax.size() != 4 || x.syntax.substr(0, 3) != "UNO") out.emplace_back("EDIFACT syntax \"" + x.syntax + "\" is not like UNOC");
  if (x.syntax_version.size() != 1 || x.syntax_version[0] < '1' || x.syntax_version[0] > '4') {
    out.emplace_back("EDIFACT syntax version \"" + x.syntax_version + "\" is not 1 to 4");
  }
  return out;
}

std::vector<std::string> agreement_problems(const Agreement& a, bool has_x12, bool has_edifact) {
  std::vector<std::string> out;
  const auto one_of = [&](const std::string& value, std::initializer_list<const char*> allowed, const char* what) {
    for (const char* v : allowed) if (value == v) return;
    std::string list;
    for (const char* v : allowed) list += (list.empty() ? "" : ", ") + std::string(v);
    out.push_back(std::string(what) + " \"" + value + "\" is not one of " + list);
  };
  one_of(a.document, {"order", "order_response", "ship_notice", "invoice"}, "document");
  one_of(a.direction, {"inbound", "outbound"}, "direction");
  one_of(a.standard, {"x12", "edifact"}, "standard");
  one_of(a.ack, {"none", "997", "999", "ta1", "contrl"}, "ack");
  one_of(a.ack_when, {"always", "errors", "requested"}, "ack-when");
  const bool x12 = a.standard == "x12";
  if (x12 && a.ack == "contrl") out.emplace_back("CONTRL acknowledges EDIFACT, not X12");
  if (!x12 && (a.ack == "997" || a.ack == "999" || a.ack == "ta1")) out.push_back(a.ack + " acknowledges X12, not EDIFACT");
  if (x12 && (a.version.size() < 6 || a.version.substr(0, 2) != "00")) out.push_back("X12 version \"" + a.version + "\" is not like 004010 or 005010");
  if (!x12 && (a.version.size() != 4 || a.version[0] != 'D')) out.push_back("EDIFACT version \"" + a.version + "\" is not like D96A");
  if (x12 && !has_x12) out.emplace_back("an X12 agreement needs the partner's <x12> identity");
  if (!x12 && !has_edifact) out.emplace_back("an EDIFACT agreement needs the partner's <edifact> identity");
  if (a.direction == "outbound" && a.ack != "none" && a.ack_deadline_minutes == 0) {
    out.emplace_back("an outbound agreement that expects an acknowledgment needs ack-deadline-minutes");
  }
  return out;
}

std::vector<std::string> as2_settings_problems(const As2Settings& s, std::string_view direction) {
  std::vector<std::string> out;
  const auto one_of = [&](const std::string& value, std::initializer_list<const char*> allowed, const char* what) {
    for (const char* v : allowed) if (value == v) return;
    out.push_back(std::string("AS2 ") + what + " \"" + value + "\" is not supported");
  };
  one_of(s.sign, {"none", "sha1", "sha256", "sha384", "sha512"}, "sign");
  one_of(s.encrypt, {"none", "des3", "aes128-cbc", "aes192-cbc", "aes256-cbc", "aes128-gcm", "aes256-gcm"}, "encrypt");
  one_of(s.mdn, {"none", "sync", "async"}, "mdn");
  if (s.mdn == "async" && s.mdn_url.empty()) out.emplace_back("mdn=\"async\" needs mdn-url, where the partner returns the MDN");
  // Inbound we may have to accept what a partner sends; what we send ourselves is never in clear.
  if (direction == "outbound" && s.sign == "none" && s.encrypt == "none") {
    out.emplace_back("unsigned and unencrypted AS2 is refused: an outbound agreement signs or encrypts");
  }
  return out;
}

std::vector<std::string> sftp_settings_problems(const SftpSettings& s) {
  std::vector<std::string> out;
  if (s.host.empty()) out.emplace_back("<sftp> needs the server's host");
  if (s.path.empty()) out.emplace_back("<sftp> needs the remote directory (path)");
  if (s.port == 0 || s.port > 65535) out.push_back("SFTP port \"" + std::to_string(s.port) + "\" is not in 1..65535");
  return out;
}

Result<Profile> load_profile(const std::filesystem::path& file) {
  xml::ReadOptions options;
  options.xsd = std::filesystem::path(EDIGATE_PARTNER_SCHEMA_DIR) / "profile.xsd";
  options.target_namespace = "urn:edigate:partner:1";
  options.invalid = ErrorCode::invalid_document;
  options.missing = ErrorCode::io_error;
  auto root = xml::read_file(file, options);
  if (!root) return std::move(root).error();
  const auto dir = file.parent_path();
  std::vector<std::string> problems;
  const auto problem = [&](const xml::Element& at, std::string message) {
    problems.push_back("line " + std::to_string(at.line) + ": " + std::move(message));
  };

  Profile p;
  p.file = file;
  p.name = root->attribute_or("name", "");
  p.title = root->attribute_or("title", "");
  p.status = root->attribute_or("status", "onboarding");
  p.notes = root->attribute_or("notes", "");
  std::set<std::string> agreement_keys;
  std::set<std::string> bases;
  for (const xml::Element& e : root->children) {
    if (e.name == "x12") {
      X12Identity x;
      x.qualifier = e.attribute_or("qualifier", "");
      x.id = e.attribute_or("id", "");
      x.application = e.attribute_or("application", x.id);
      x.our_qualifier = e.attribute_or("our-qualifier", "");
      x.our_id = e.attribute_or("our-id", "");
      x.our_application = e.attribute_or("our-application", x.our_id);
      x.version = e.attribute_or("version", "005010");
      x.element = char_attribute(e, "element", '*');
      x.component = char_attribute(e, "component", ':');
      x.segment = char_attribute(e, "segment", '~');
      x.repetition = char_attribute(e, "repetition", '^');
      x.line_breaks = bool_attribute(e, "line-breaks", true);
      x.test = bool_attribute(e, "test");
      x.ack_requested = bool_attribute(e, "ack-requested");
      for (auto& m : x12_identity_problems(x)) problem(e, std::move(m));
      p.x12 = std::move(x);
    } else if (e.name == "edifact") {
      EdifactIdentity x;
      x.qualifier = e.attribute_or("qualifier", "");
      x.id = e.attribute_or("id", "");
      x.our_qualifier = e.attribute_or("our-qualifier", "");
      x.our_id = e.attribute_or("our-id", "");
      x.version = e.attribute_or("version", "D96A");
      x.syntax = e.attribute_or("syntax", "UNOC");
      x.syntax_version = e.attribute_or("syntax-version", "3");
      x.association = e.attribute_or("association", "");
      x.element = char_attribute(e, "element", '+');
      x.component = char_attribute(e, "component", ':');
      x.segment = char_attribute(e, "segment", '\'');
      x.release = char_attribute(e, "release", '?');
      x.line_breaks = bool_attribute(e, "line-breaks", true);
      x.test = bool_attribute(e, "test");
      for (auto& m : edifact_identity_problems(x)) problem(e, std::move(m));
      p.edifact = std::move(x);
    } else if (e.name == "as2") {
      p.as2_id = e.attribute_or("id", "");
      p.as2_url = e.attribute_or("url", "");
      if (p.as2_id.size() > 128) problem(e, "an AS2 identifier has at most 128 characters (RFC 4130)");
    } else if (e.name == "contact") {
      p.contacts.push_back({e.attribute_or("role", ""), e.attribute_or("name", ""), e.attribute_or("email", ""),
                            e.attribute_or("phone", "")});
    } else if (e.name == "agreement") {
      Agreement a;
      a.document = e.attribute_or("document", "");
      a.direction = e.attribute_or("direction", "");
      a.standard = e.attribute_or("standard", "");
      a.version = e.attribute_or("version", "");
      // An implementation guide is a file beside the profile, like overlays and certificates.
      if (const std::string guide = e.attribute_or("guide", ""); !guide.empty()) {
        a.guide = (dir / guide).lexically_normal().string();
        std::error_code guide_ec;
        if (!std::filesystem::is_regular_file(a.guide, guide_ec)) problem(e, "implementation guide " + a.guide + " does not exist");
      }
      a.ack = e.attribute_or("ack", "none");
      a.ack_when = e.attribute_or("ack-when", "always");
      a.ack_deadline_minutes = count_attribute(e, "ack-deadline-minutes", 0);
      a.test = bool_attribute(e, "test");
      a.transport = e.attribute_or("transport", "");
      a.endpoint = e.attribute_or("endpoint", "");
      a.duplicate_window_days = count_attribute(e, "duplicate-window-days", 30);
      if (!agreement_keys.insert(a.document + "/" + a.direction).second) {
        problem(e, "a second " + a.direction + " agreement for " + a.document);
      }
      for (auto& m : agreement_problems(a, root->child("x12") != nullptr, root->child("edifact") != nullptr)) problem(e, std::move(m));
      for (const xml::Element& t : e.children) {
        if (t.name == "as2") {
          if (a.transport != "as2") {
            problem(t, "<as2> settings need transport=\"as2\", not \"" + a.transport + "\"");
          }
          As2Settings s;
          s.sign = t.attribute_or("sign", s.sign);
          s.encrypt = t.attribute_or("encrypt", s.encrypt);
          s.compress = bool_attribute(t, "compress", s.compress);
          s.mdn = t.attribute_or("mdn", s.mdn);
          s.mdn_signed = bool_attribute(t, "mdn-signed", s.mdn_signed);
          s.mdn_url = t.attribute_or("mdn-url", "");
          for (auto& m : as2_settings_problems(s, a.direction)) problem(t, std::move(m));
          a.as2 = std::move(s);
        } else if (t.name == "sftp") {
          if (a.transport != "sftp") {
            problem(t, "<sftp> settings need transport=\"sftp\", not \"" + a.transport + "\"");
          }
          SftpSettings s;
          s.host = t.attribute_or("host", "");
          s.port = port_attribute(t, "port", s.port);
          s.user = t.attribute_or("user", "");
          s.path = t.attribute_or("path", "");
          if (const std::string* key = t.attribute("key")) s.key = dir / *key;
          s.host_key_sha256 = t.attribute_or("host-key-sha256", "");
          for (auto& m : sftp_settings_problems(s)) problem(t, std::move(m));
          std::error_code ec;
          if (!s.key.empty() && !std::filesystem::is_regular_file(s.key, ec)) {
            problem(t, "SFTP key file " + s.key.string() + " does not exist");
          }
          a.sftp = std::move(s);
        }
      }
      // The store always holds the algorithms of an AS2 agreement, even when the file leaves them implicit.
      if (a.transport == "as2" && !a.as2) a.as2 = As2Settings{};
      if (a.transport == "sftp" && !a.sftp) {
        problem(e, "transport=\"sftp\" needs an <sftp> child with host and path");
      }
      p.agreements.push_back(std::move(a));
    } else if (e.name == "certificate") {
      CertificateFile c;
      c.usage = e.attribute_or("usage", "");
      c.file = dir / e.attribute_or("file", "");
      if (const std::string* key = e.attribute("private-key")) c.private_key = dir / *key;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(c.file, ec)) problem(e, "certificate file " + c.file.string() + " does not exist");
      if (!c.private_key.empty() && !std::filesystem::is_regular_file(c.private_key, ec)) {
        problem(e, "private key file " + c.private_key.string() + " does not exist");
      }
      p.certificates.push_back(std::move(c));
    } else if (e.name == "map") {
      MapOverlay o;
      o.base = e.attribute_or("base", "");
      o.overlay = dir / e.attribute_or("overlay", "");
      std::error_code ec;
      if (!std::filesystem::is_regular_file(o.overlay, ec)) problem(e, "overlay file " + o.overlay.string() + " does not exist");
      if (!bases.insert(o.base).second) problem(e, "a second overlay for map " + o.base);
      p.overlays.push_back(std::move(o));
    }
  }
  if (!problems.empty()) {
    Error err;
    err.code = ErrorCode::invalid_document;
    err.where.file = file.string();
    err.message = std::to_string(problems.size()) + " problem(s) in partner " + p.name + ":";
    for (const auto& m : problems) err.message += "\n  " + m;
    return err;
  }
  return p;
}

std::string write_profile(const Profile& p, const std::filesystem::path& directory) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<partner xmlns=\"urn:edigate:partner:1\"" + attr("name", p.name) + attr("title", p.title) +
         attr("status", p.status) + attr("notes", p.notes) + ">\n";
  if (p.x12) {
    const X12Identity& x = *p.x12;
    out += "  <x12" + attr("qualifier", x.qualifier) + " id=\"" + xml::escape(x.id) + "\"" +
           attr("application", x.application == x.id ? std::string() : x.application) +
           " our-qualifier=\"" + xml::escape(x.our_qualifier) + "\" our-id=\"" + xml::escape(x.our_id) + "\"" +
           attr("our-application", x.our_application == x.our_id ? std::string() : x.our_application) +
           attr("version", x.version) + attr("element", x.element, '*') + attr("component", x.component, ':') +
           attr("segment", x.segment, '~') + attr("repetition", x.repetition, '^') +
           (x.line_breaks ? "" : " line-breaks=\"false\"") + (x.test ? " test=\"true\"" : "") +
           (x.ack_requested ? " ack-requested=\"true\"" : "") + "/>\n";
  }
  if (p.edifact) {
    const EdifactIdentity& x = *p.edifact;
    out += "  <edifact" + attr("qualifier", x.qualifier) + " id=\"" + xml::escape(x.id) + "\"" +
           attr("our-qualifier", x.our_qualifier) + " our-id=\"" + xml::escape(x.our_id) + "\"" + attr("version", x.version) +
           attr("syntax", x.syntax) + attr("syntax-version", x.syntax_version) + attr("association", x.association) +
           attr("element", x.element, '+') + attr("component", x.component, ':') + attr("segment", x.segment, '\'') +
           attr("release", x.release, '?') + (x.line_breaks ? "" : " line-breaks=\"false\"") +
           (x.test ? " test=\"true\"" : "") + "/>\n";
  }
  if (!p.as2_id.empty()) out += "  <as2" + attr("id", p.as2_id) + attr("url", p.as2_url) + "/>\n";
  for (const Contact& c : p.contacts) {
    out += "  <contact" + attr("role", c.role) + attr("name", c.name) + attr("email", c.email) + attr("phone", c.phone) + "/>\n";
  }
  for (const Agreement& a : p.agreements) {
    out += "  <agreement" + attr("document", a.document) + attr("direction", a.direction) + attr("standard", a.standard) +
           attr("version", a.version) + attr("guide", path_in(a.guide, directory)) + (a.ack == "none" ? "" : attr("ack", a.ack)) +
           (a.ack_when == "always" ? "" : attr("ack-when", a.ack_when)) +
           (a.ack_deadline_minutes == 0 ? "" : attr("ack-deadline-minutes", std::to_string(a.ack_deadline_minutes))) +
           (a.test ? " test=\"true\"" : "") + attr("transport", a.transport) + attr("endpoint", a.endpoint) +
           (a.duplicate_window_days == 30 ? "" : attr("duplicate-window-days", std::to_string(a.duplicate_window_days)));
    // Every algorithm is written, defaults too: an exported profile shows what is in effect.
    if (a.as2) {
      const As2Settings& s = *a.as2;
      out += ">\n    <as2" + attr("sign", s.sign) + attr("encrypt", s.encrypt) +
             " compress=\"" + (s.compress ? "true" : "false") + "\"" + attr("mdn", s.mdn) +
             " mdn-signed=\"" + (s.mdn_signed ? "true" : "false") + "\"" + attr("mdn-url", s.mdn_url) +
             "/>\n  </agreement>\n";
    } else if (a.sftp) {
      const SftpSettings& s = *a.sftp;
      out += ">\n    <sftp" + attr("host", s.host) + attr("port", std::to_string(s.port)) + attr("user", s.user) +
             attr("path", s.path) + attr("key", path_in(s.key, directory)) + attr("host-key-sha256", s.host_key_sha256) +
             "/>\n  </agreement>\n";
    } else {
      out += "/>\n";
    }
  }
  for (const CertificateFile& c : p.certificates) {
    out += "  <certificate" + attr("usage", c.usage) + attr("file", path_in(c.file, directory)) +
           attr("private-key", path_in(c.private_key, directory)) + "/>\n";
  }
  for (const MapOverlay& o : p.overlays) {
    out += "  <map" + attr("base", o.base) + attr("overlay", path_in(o.overlay, directory)) + "/>\n";
  }
  out += "</partner>\n";
  return out;
}

}  // namespace edigate::partners
