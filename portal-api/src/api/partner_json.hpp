#pragma once
// Partners in the API's JSON, both ways. Reading is strict: an unknown member or a value of the wrong
// type is a problem with its JSON Pointer, so a misspelt field is never silently ignored.
#include <edigate/partners/partner_store.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace edigate::portal {

struct JsonProblems {
  nlohmann::json errors = nlohmann::json::array();  // [{"pointer": "/agreements/0/ack", "detail": "..."}]
  void add(std::string pointer, std::string detail) {
    errors.push_back({{"pointer", std::move(pointer)}, {"detail", std::move(detail)}});
  }
  bool empty() const { return errors.empty(); }
};

nlohmann::json partner_summary_json(const partners::PartnerSummary& summary);
nlohmann::json partner_json(const partners::Profile& profile, const partners::PartnerSummary& summary,
                            const std::vector<partners::CertificateInfo>& certificates, const std::string& now);
nlohmann::json identities_json(const partners::Profile& profile);
nlohmann::json agreement_json(const partners::Agreement& agreement);
nlohmann::json certificate_json(const partners::CertificateInfo& certificate, const std::string& now);
nlohmann::json contacts_json(const std::vector<partners::Contact>& contacts);

// Each reads what the JSON gives into `into`; what is wrong goes to `problems` under `pointer`.
void read_identities(const nlohmann::json& body, const std::string& pointer, partners::Profile& into, JsonProblems& problems);
void read_agreement(const nlohmann::json& body, const std::string& pointer, partners::Agreement& into, JsonProblems& problems);
void read_contacts(const nlohmann::json& body, const std::string& pointer, std::vector<partners::Contact>& into,
                   JsonProblems& problems);
// The profile rules (partners/profile.hpp) over the whole partner, reported under their pointers.
void check_partner(const partners::Profile& profile, JsonProblems& problems);

}  // namespace edigate::portal
