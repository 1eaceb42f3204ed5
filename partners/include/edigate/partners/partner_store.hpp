#pragma once
// Trading partners in the store: a profile file in, the same profile out, and what B2B teams ask
// (who is this envelope from, which certificates expire soon).
#include <edigate/partners/profile.hpp>
#include <edigate/partners/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace edigate::partners {

struct CertificateInfo {
  std::string usage;
  std::string subject, issuer, serial, sha256;
  std::string not_before, not_after;  // RFC 3339 UTC
  std::string private_key_path;
  std::string pem;
};

// The public facts of a PEM certificate. A PEM that holds a private key is refused: keys are never
// stored, only the path of their file.
Result<CertificateInfo> read_certificate(std::string_view pem, const std::string& name);

struct PartnerSummary {
  std::int64_t id = 0;
  std::string name, title, status;
  std::size_t identities = 0, agreements = 0, certificates = 0;
  std::string first_expiry;  // the earliest certificate not_after, empty without certificates
  std::string created_at, updated_at;  // RFC 3339 UTC
  std::int64_t revision = 0;           // one more with every change
};

// Creates the partner, or with `replace` replaces everything known about it, in one transaction.
Result<std::int64_t> import_profile(Store& store, const Profile& profile, bool replace);
// The same with the certificates already read (the profile's certificate files are not opened): how
// the portal API writes a partner it changed. With `expected_revision`, replacing fails with
// ErrorCode::stale unless the stored partner is still at that revision.
Result<std::int64_t> save_profile(Store& store, const Profile& profile, const std::vector<CertificateInfo>& certificates,
                                  bool replace, std::optional<std::int64_t> expected_revision = std::nullopt);
// The stored partner as a profile; certificates are written beside `directory` by the caller.
Result<Profile> export_profile(Store& store, std::string_view name, std::vector<CertificateInfo>* certificates = nullptr);
Result<std::vector<PartnerSummary>> list_partners(Store& store, const std::string& status = {});
Result<PartnerSummary> find_partner(Store& store, std::string_view name);
// Newest first; `before_id` > 0 continues after that partner; `status` empty: any.
Result<std::vector<PartnerSummary>> partners_page(Store& store, const std::string& status, std::int64_t before_id,
                                                  std::size_t limit);
Result<void> set_partner_status(Store& store, std::string_view name, std::string_view status);
Result<void> remove_partner(Store& store, std::string_view name);
// The partner behind an envelope identity: kind x12_isa / x12_gs / edifact_unb / as2. One indexed query.
Result<std::optional<PartnerSummary>> partner_by_identity(Store& store, std::string_view kind, std::string_view qualifier,
                                                          std::string_view value);
Result<std::vector<CertificateInfo>> certificates_of(Store& store, std::int64_t partner_id);

}  // namespace edigate::partners
