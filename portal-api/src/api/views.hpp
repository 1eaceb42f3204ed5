#pragma once
// How the ledger's records look in the API's JSON.
#include <edigate/partners/ledger.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace edigate::portal {

// The Acknowledgment schema: the set, its functional acknowledgment (997/999/CONTRL) with the decoded
// errors, the interchange layer (TA1 / CONTRL UCI) and the transport layer (MDN) kept apart.
nlohmann::json acknowledgment_json(const partners::SetState& set);

// {"items": [...], "next_page_token": ...}; the token is left out on the last page.
nlohmann::json page_json(nlohmann::json items, const std::optional<std::string>& next_page_token);

// "" → null: the API says "none" with null, never with an empty string.
nlohmann::json text_or_null(const std::string& text);

}  // namespace edigate::portal
