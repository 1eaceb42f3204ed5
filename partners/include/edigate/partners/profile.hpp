#pragma once
// A trading partner's profile file (partners/schemas/profile.xsd): its identities, how we write
// interchanges to it, and the map overlays its documents need.
#include <edigate/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace edigate::partners {

struct X12Identity {
  std::string qualifier, id, application;              // theirs: ISA07/08 and GS03 when we send
  std::string our_qualifier, our_id, our_application;  // ours: ISA05/06 and GS02
  std::string version = "005010";                      // GS08; ISA12 follows from it
  char element = '*', component = ':', segment = '~', repetition = '^';
  bool line_breaks = true;
  bool test = false;
  bool ack_requested = false;
};

struct EdifactIdentity {
  std::string qualifier, id, our_qualifier, our_id;
  std::string version = "D96A";
  std::string syntax = "UNOC";
  std::string syntax_version = "3";
  std::string association;  // UNH S009 0057 (EANCOM: EAN008 ...); empty: plain UN/EDIFACT
  char element = '+', component = ':', segment = '\'', release = '?';
  bool line_breaks = true;
  bool test = false;
};

struct MapOverlay {
  std::string base;                // base map name ("x12-850")
  std::filesystem::path overlay;   // absolute
};

struct Contact {
  std::string role, name, email, phone;
};

// RFC 4130 (AS2) and RFC 5751 (S/MIME) choices for one agreement. Inbound: what we require of the
// partner's messages and the MDN we return; outbound: how we send and which receipt we ask for.
struct As2Settings {
  std::string sign = "sha256";  // none, sha1, sha256, sha384, sha512
  // none, des3, aes128-cbc, aes192-cbc, aes256-cbc, aes128-gcm, aes256-gcm
  std::string encrypt = "aes256-cbc";
  bool compress = false;     // RFC 5402
  std::string mdn = "sync";  // none, sync, async
  bool mdn_signed = true;
  std::string mdn_url;  // where an async MDN is returned (required when mdn is "async")

  bool operator==(const As2Settings&) const = default;
};

struct SftpSettings {
  std::string host;
  unsigned port = 22;
  std::string user;
  std::string path;             // remote directory files are put into (outbound) or polled (inbound)
  std::filesystem::path key;    // private key file, absolute; only the path is ever stored
  std::string host_key_sha256;  // expected server host key fingerprint; empty: not pinned

  bool operator==(const SftpSettings&) const = default;
};

struct Agreement {
  std::string document;   // order, order_response, ship_notice, invoice
  std::string direction;  // inbound, outbound
  std::string standard;   // x12, edifact
  std::string version;    // 005010, D96A
  std::string guide;      // implementation guide file (absolute after loading; checked to exist)
  std::string ack = "none";        // none, 997, 999, ta1, contrl
  std::string ack_when = "always"; // always, errors, requested
  unsigned ack_deadline_minutes = 0;  // outbound: how long the partner has to acknowledge
  bool test = false;
  std::string transport;  // as2, sftp, folder
  std::string endpoint;   // URL or path
  unsigned duplicate_window_days = 30;
  std::optional<As2Settings> as2;    // set exactly when transport is "as2" (defaults if the file has none)
  std::optional<SftpSettings> sftp;  // set exactly when transport is "sftp"

  bool operator==(const Agreement&) const = default;
};

struct CertificateFile {
  std::string usage;                  // signing, encryption, tls
  std::filesystem::path file;         // absolute
  std::filesystem::path private_key;  // absolute or empty; only the path is ever stored
};

struct Profile {
  std::string name;
  std::string title;
  std::string status = "onboarding";
  std::string notes;
  std::optional<X12Identity> x12;
  std::optional<EdifactIdentity> edifact;
  std::string as2_id;
  std::string as2_url;
  std::vector<Contact> contacts;
  std::vector<Agreement> agreements;
  std::vector<CertificateFile> certificates;
  std::vector<MapOverlay> overlays;
  std::filesystem::path file;

  const MapOverlay* overlay_for(std::string_view base_map) const noexcept;
};

// The rules a profile's parts keep whatever they were read from (a profile file, the portal API's
// JSON); each problem is one sentence. A profile file's XSD checks its value lists before these run.
std::vector<std::string> x12_identity_problems(const X12Identity& identity);
std::vector<std::string> edifact_identity_problems(const EdifactIdentity& identity);
// `has_x12` / `has_edifact`: whether the partner has that identity.
std::vector<std::string> agreement_problems(const Agreement& agreement, bool has_x12, bool has_edifact);
std::vector<std::string> as2_settings_problems(const As2Settings& settings, std::string_view direction);
std::vector<std::string> sftp_settings_problems(const SftpSettings& settings);

// Reads and checks a profile file: the XSD first, then everything it refers to (overlay and
// certificate files, agreements that fit their standard, no duplicates). All problems come back in
// one error, one per line.
Result<Profile> load_profile(const std::filesystem::path& file);

// The profile as a file again (paths relative to `directory` where they lie below it).
std::string write_profile(const Profile& profile, const std::filesystem::path& directory);

}  // namespace edigate::partners
