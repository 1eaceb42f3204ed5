// The HTTP inputs we parse ourselves (Beast parses the protocol): request targets split into path
// and query, percent-decoding, query parameters and the router's template matching; the portal API's
// typed query parameters, page tokens and timestamps, and the partner JSON it reads. Whatever the
// bytes: no crash, no undefined behaviour, and a decoded value never grows past its input.
#include "api/partner_json.hpp"
#include "api/query.hpp"

#include <edigate/portal/http.hpp>
#include <edigate/portal/router.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

const edigate::portal::Router& router() {
  static const edigate::portal::Router r = [] {
    edigate::portal::Router made;
    const auto ok = [](const edigate::portal::Request&) { return edigate::portal::Response::text(200, "ok"); };
    made.add(edigate::portal::Method::get, "/v1/health", ok);
    made.add(edigate::portal::Method::get, "/v1/partners/{name}", ok);
    made.add(edigate::portal::Method::get, "/v1/partners/new", ok);
    made.add(edigate::portal::Method::post, "/v1/outbound/{partner}", ok);
    made.add(edigate::portal::Method::get, "/v1/partners/{name}/agreements/{document}", ok);
    return made;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool plus : {false, true}) {
    if (auto decoded = edigate::portal::percent_decode(text, plus); decoded && decoded->size() > text.size()) std::abort();
  }
  edigate::portal::Request request;
  request.target = std::string(text);
  const auto q = text.find('?');
  request.path = std::string(text.substr(0, q));
  request.query = q == std::string_view::npos ? std::string() : std::string(text.substr(q + 1));
  for (const char* name : {"page_size", "page_token", "status", ""}) {
    if (auto v = request.query_param(name); v && v->size() > request.query.size()) std::abort();
  }
  for (auto method : {edigate::portal::Method::get, edigate::portal::Method::post, edigate::portal::Method::head}) {
    const auto match = router().match(method, request.path);
    for (const auto& [name, value] : match.params) {
      if (name.empty() || value.size() > request.path.size()) std::abort();
    }
  }
  request.route = "/v1/acknowledgments";
  edigate::portal::QueryReader query(request, {"partner", "status", "since", "page_size", "page_token"});
  (void)query.one_of("status", {"pending", "rejected"});
  (void)query.text("partner");
  if (auto at = query.timestamp("since"); !at.empty() && at.size() != 20) std::abort();
  (void)query.page();
  if (!query.ok()) (void)query.problem();
  if (auto normal = edigate::portal::normalize_timestamp(text); normal && !edigate::portal::normalize_timestamp(*normal)) std::abort();
  const nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_discarded()) {
    edigate::partners::Profile profile;
    edigate::portal::JsonProblems problems;
    edigate::portal::read_identities(body, "", profile, problems);
    edigate::partners::Agreement agreement;
    edigate::portal::read_agreement(body, "", agreement, problems);
    profile.agreements.push_back(agreement);
    edigate::portal::check_partner(profile, problems);
    std::vector<edigate::partners::Contact> contacts;
    edigate::portal::read_contacts(body, "", contacts, problems);
  }
  return 0;
}
