#include "api/views.hpp"

namespace edigate::portal {

nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text); }

nlohmann::json acknowledgment_json(const partners::SetState& s) {
  using nlohmann::json;
  json keys = json::array();
  for (const auto& [name, value] : s.keys) keys.push_back({{"name", name == "shipment" ? "asn" : name}, {"value", value}});
  json errors = json::array();
  if (!s.details.empty()) {
    json parsed = json::parse(s.details, nullptr, false);
    if (parsed.is_array()) {
      for (const auto& e : parsed) {
        if (e.is_string()) errors.push_back(e);
      }
    }
  }
  json out = {{"id", std::to_string(s.id)},
              {"correlation_id", s.correlation_id},
              {"partner", text_or_null(s.partner)},
              {"direction", s.direction},
              {"standard", s.standard},
              {"document", text_or_null(s.document)},
              {"set_type", s.set_type},
              {"interchange_control", s.interchange_control},
              {"group_control", text_or_null(s.group_control)},
              {"set_control", s.set_control},
              {"created_at", s.created_at},
              {"due_at", text_or_null(s.due_at)},
              {"status", s.status},
              {"keys", std::move(keys)}};
  if (s.direction == "outbound") {
    out["functional"] = {{"kind", text_or_null(s.ack_kind)},
                         {"status", text_or_null(s.ack_status)},
                         {"group_status", text_or_null(s.group_status)},
                         {"at", text_or_null(s.acked_at)},
                         {"errors", std::move(errors)}};
  } else {
    // A received set's ack columns hold what we answered: that is our_acknowledgment, not theirs.
    out["functional"] = {{"kind", nullptr}, {"status", nullptr}, {"group_status", nullptr}, {"at", nullptr}, {"errors", json::array()}};
    out["our_acknowledgment"] = {{"kind", text_or_null(s.ack_kind)}, {"status", text_or_null(s.ack_status)}};
  }
  out["interchange"] = {{"kind", s.standard == "edifact" ? "CONTRL" : "TA1"}, {"status", text_or_null(s.ta1_status)}};
  out["transport"] = {{"kind", text_or_null(s.transport)}, {"mdn_status", text_or_null(s.mdn_status)}};
  return out;
}

nlohmann::json page_json(nlohmann::json items, const std::optional<std::string>& next_page_token) {
  nlohmann::json out = {{"items", std::move(items)}};
  if (next_page_token) out["next_page_token"] = *next_page_token;
  return out;
}

}  // namespace edigate::portal
