// The JSON form of an Acknowledgment: identities and statuses always present, optional details only
// when the acknowledgment carried them, every code beside its description.
#include <edigate/ack/ack_report.hpp>
#include <edigate/ack/vocabulary.hpp>

#include <string>
#include <vector>

namespace edigate::ack {
namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

json code_json(CodeList list, const std::string& code) {
  return {{"code", code}, {"description", std::string(describe_code(list, code))}};
}

json codes_json(CodeList list, const std::vector<std::string>& codes) {
  json out = json::array();
  for (const auto& c : codes) out.push_back(code_json(list, c));
  return out;
}

void put_position(json& j, const char* key, const ElementPosition& p) {
  if (p.empty()) return;
  json pos = {{"element", p.element}};
  if (p.component != 0) pos["component"] = p.component;
  if (p.repetition != 0) pos["repetition"] = p.repetition;
  j[key] = pos;
}

void put_party(json& j, const char* key, const std::string& qualifier, const std::string& id) {
  if (qualifier.empty() && id.empty()) return;
  j[key] = {{"qualifier", qualifier}, {"id", id}};
}

void put_status(json& j, const std::optional<AckStatus>& status, const std::string& raw) {
  j["status"] = status ? json(std::string(to_string(*status))) : json(nullptr);
  j["status_code"] = raw;
}

void put_contexts(json& j, const std::vector<std::string>& contexts) {
  if (!contexts.empty()) j["contexts"] = contexts;
}

// X12 notes use the X12 lists; CONTRL notes all use 0085.
struct Lists {
  CodeList set_status, group_status, set_error, group_error, segment_error, element_error;
};

Lists lists_for(AckKind kind) {
  if (kind == AckKind::contrl) {
    return {CodeList::contrl_action, CodeList::contrl_action, CodeList::contrl_error,
            CodeList::contrl_error,  CodeList::contrl_error,  CodeList::contrl_error};
  }
  return {CodeList::set_status,  CodeList::group_status,  CodeList::set_error,
          CodeList::group_error, CodeList::segment_error, CodeList::element_error};
}

json element_json(const ElementNote& n, const Lists& lists) {
  json j = json::object();
  put_position(j, "position", n.position);
  put(j, "reference", n.reference);
  j["error"] = code_json(lists.element_error, n.code);
  put(j, "bad_value", n.bad_value);
  put_contexts(j, n.contexts);
  return j;
}

json segment_json(const SegmentNote& n, const Lists& lists) {
  json j = json::object();
  put(j, "tag", n.tag);
  j["position"] = n.position;
  put(j, "loop_id", n.loop_id);
  if (!n.code.empty()) j["error"] = code_json(lists.segment_error, n.code);
  put_contexts(j, n.contexts);
  json elements = json::array();
  for (const auto& e : n.elements) elements.push_back(element_json(e, lists));
  j["elements"] = elements;
  return j;
}

json set_json(const SetNote& n, const Lists& lists) {
  json j = {{"type", n.type}, {"control_number", n.control_number}};
  put(j, "version", n.version);
  put_status(j, n.status, n.status_code);
  j["errors"] = codes_json(lists.set_error, n.error_codes);
  put(j, "service_segment", n.service_segment);
  put_position(j, "element", n.element);
  json segments = json::array();
  for (const auto& s : n.segments) segments.push_back(segment_json(s, lists));
  j["segments"] = segments;
  return j;
}

json sets_json(const std::vector<SetNote>& sets, const Lists& lists) {
  json out = json::array();
  for (const auto& s : sets) out.push_back(set_json(s, lists));
  return out;
}

json group_json(const GroupNote& n, const Lists& lists) {
  json j = json::object();
  put(j, "functional_id", n.functional_id);
  j["control_number"] = n.control_number;
  put(j, "version", n.version);
  put_party(j, "sender", n.sender_qualifier, n.sender_id);
  put_party(j, "recipient", n.recipient_qualifier, n.recipient_id);
  put_status(j, n.status, n.status_code);
  j["errors"] = codes_json(lists.group_error, n.error_codes);
  put(j, "service_segment", n.service_segment);
  put_position(j, "element", n.element);
  if (n.counts) {
    j["counts"] = {
        {"included", n.counts->included}, {"received", n.counts->received}, {"accepted", n.counts->accepted}};
  }
  j["sets"] = sets_json(n.sets, lists);
  return j;
}

json interchange_json(const InterchangeNote& n, AckKind kind) {
  json j = {{"control_number", n.control_number}};
  put(j, "date", n.date);
  put(j, "time", n.time);
  put_party(j, "sender", n.sender_qualifier, n.sender_id);
  put_party(j, "recipient", n.recipient_qualifier, n.recipient_id);
  put_status(j, n.status, n.status_code);
  if (!n.error_code.empty()) {
    j["error"] = code_json(kind == AckKind::ta1 ? CodeList::ta1_note : CodeList::contrl_error, n.error_code);
  }
  put(j, "service_segment", n.service_segment);
  put_position(j, "element", n.element);
  return j;
}

json envelope_json(const AckEnvelope& e) {
  json j = {{"standard", std::string(edi::to_string(e.standard))},
            {"interchange_index", e.interchange_index},
            {"sender", {{"qualifier", e.sender_qualifier}, {"id", e.sender_id}}},
            {"receiver", {{"qualifier", e.receiver_qualifier}, {"id", e.receiver_id}}},
            {"date", e.date},
            {"time", e.time},
            {"interchange_control", e.interchange_control}};
  put(j, "group_control", e.group_control);
  put(j, "set_control", e.set_control);
  put(j, "version", e.version);
  return j;
}

json problem_json(const Error& e) {
  json j = {{"severity", std::string(to_string(e.severity))},
            {"code", std::string(to_string(e.code))},
            {"message", e.message},
            {"interchange", e.where.interchange},
            {"segment", e.where.segment},
            {"tag", e.where.tag},
            {"offset", e.where.offset},
            {"line", e.where.line}};
  if (e.where.set_segment != 0) j["set_segment"] = e.where.set_segment;
  if (e.where.element != 0) j["element"] = e.where.element;
  return j;
}

}  // namespace

nlohmann::json to_json(const Acknowledgment& ack) {
  const Lists lists = lists_for(ack.kind);
  json j = {{"kind", std::string(to_string(ack.kind))}, {"envelope", envelope_json(ack.envelope)}};
  if (ack.interchange) j["interchange"] = interchange_json(*ack.interchange, ack.kind);
  if (ack.kind != AckKind::ta1) {
    json groups = json::array();
    for (const auto& g : ack.groups) groups.push_back(group_json(g, lists));
    j["groups"] = groups;
  }
  if (ack.kind == AckKind::contrl) j["sets"] = sets_json(ack.sets, lists);
  json problems = json::array();
  for (const auto& p : ack.problems) problems.push_back(problem_json(p));
  j["problems"] = problems;
  return j;
}

}  // namespace edigate::ack
