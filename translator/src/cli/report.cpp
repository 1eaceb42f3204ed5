#include "cli/report.hpp"

#include <edigate/validate/codes.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <string>

namespace edigate::cli {

namespace {

using validate::Finding;
using validate::GroupReport;
using validate::InterchangeReport;
using validate::SetReport;

// The acknowledgment line and code a finding becomes, e.g. "AK4 7", "IK3 I4", "TA1 006", "CONTRL 12".
std::string ack_label(const Finding& f, const InterchangeReport& ic, const GroupReport* group) {
  const auto codes = validate::codes_for(f.error.code, f.error.where.tag, f.error.where.element);
  if (ic.info.standard == edi::Standard::edifact) return codes.contrl.empty() ? "" : fmt::format("CONTRL {}", codes.contrl);
  const bool x999 = group != nullptr && group->version.rfind("005", 0) == 0;
  const bool v4010 = group == nullptr || group->version.rfind("004", 0) == 0;
  auto form = [&](std::string_view code, bool element) {
    return x999 ? std::string(code) : std::string(validate::code_for_997(code, element, v4010));
  };
  if (!codes.element.empty()) return fmt::format("{} {}", x999 ? "IK4" : "AK4", form(codes.element, true));
  if (!codes.segment.empty()) return fmt::format("{} {}", x999 ? "IK3" : "AK3", form(codes.segment, false));
  if (!codes.set.empty() && group != nullptr) return fmt::format("{} {}", x999 ? "IK5" : "AK5", form(codes.set, false));
  if (!codes.group.empty() && group != nullptr) return fmt::format("AK9 {}", codes.group);
  if (!codes.ta1.empty()) return fmt::format("TA1 {}", codes.ta1);
  return "";
}

std::string sentence(const Finding& f, const InterchangeReport& ic, const GroupReport* group, const SetReport* set) {
  const Location& w = f.error.where;
  std::string out = fmt::format("{}: interchange {}", w.file.empty() ? "<input>" : w.file, ic.index);
  if (set != nullptr) {
    out += fmt::format(", set {} ({})", set->control_number, set->id);
    if (w.set_segment != 0) out += fmt::format(", segment {} {}", w.set_segment, w.tag);
  } else {
    if (group != nullptr && group->has_header) out += fmt::format(", group {} ({})", group->control_number, group->functional_id);
    if (w.segment != 0) out += fmt::format(", segment {} {}", w.segment, w.tag);
  }
  if (w.element != 0) {
    out += fmt::format(", element {:02}", w.element);
    if (w.component != 0) out += fmt::format("-{}", w.component);
    if (w.repetition != 0) out += fmt::format(" repetition {}", w.repetition);
  }
  if (w.line != 0) out += fmt::format(" (line {})", w.line);
  out += ": ";
  if (f.error.severity == Severity::warning) out += "warning: ";
  out += f.error.message;
  const std::string label = ack_label(f, ic, group);
  out += label.empty() ? fmt::format(" [{}]", to_string(f.error.code)) : fmt::format(" [{}]", label);
  return out;
}

nlohmann::json finding_json(const Finding& f, const InterchangeReport& ic, const GroupReport* group) {
  const Location& w = f.error.where;
  nlohmann::json j = {{"code", std::string(to_string(f.error.code))},
                      {"severity", std::string(to_string(f.error.severity))},
                      {"message", f.error.message},
                      {"segment", w.segment},
                      {"set_segment", w.set_segment},
                      {"tag", w.tag},
                      {"offset", w.offset},
                      {"line", w.line},
                      {"ack", ack_label(f, ic, group)}};
  if (w.element != 0) j["element"] = w.element;
  if (w.component != 0) j["component"] = w.component;
  if (w.repetition != 0) j["repetition"] = w.repetition;
  if (!f.loop_id.empty()) j["loop"] = f.loop_id;
  if (!f.element_ref.empty()) j["element_ref"] = f.element_ref;
  if (!f.bad_value.empty()) j["value"] = f.bad_value;
  if (f.implementation) j["implementation"] = true;
  return j;
}

}  // namespace

nlohmann::json report_json(const InterchangeReport& ic) {
  nlohmann::json groups = nlohmann::json::array();
  auto findings = [&](const std::vector<Finding>& list, const GroupReport* g) {
    nlohmann::json out = nlohmann::json::array();
    for (const Finding& f : list) out.push_back(finding_json(f, ic, g));
    return out;
  };
  for (const GroupReport& g : ic.groups) {
    nlohmann::json sets = nlohmann::json::array();
    for (const SetReport& s : g.sets) {
      nlohmann::json set = {{"id", s.id},
                            {"control_number", s.control_number},
                            {"status", std::string(validate::status_words(s.status))},
                            {"segments", s.segment_count},
                            {"findings", findings(s.findings, &g)}};
      if (!s.guide.empty()) set["guide"] = s.guide;
      if (s.suppressed != 0) set["suppressed"] = s.suppressed;
      sets.push_back(std::move(set));
    }
    groups.push_back({{"functional_id", g.functional_id},
                      {"control_number", g.control_number},
                      {"version", g.version},
                      {"status", std::string(validate::status_words(g.status))},
                      {"sets_included", g.declared_sets},
                      {"sets_received", g.sets.size()},
                      {"sets_accepted", g.accepted_sets()},
                      {"findings", findings(g.findings, &g)},
                      {"sets", sets}});
  }
  return {{"index", ic.index},
          {"standard", std::string(edi::to_string(ic.info.standard))},
          {"sender", ic.info.sender_id},
          {"receiver", ic.info.receiver_id},
          {"control_number", ic.info.control_number},
          {"status", std::string(validate::status_words(ic.status))},
          {"findings", findings(ic.findings, nullptr)},
          {"groups", groups}};
}

void print_report(const InterchangeReport& ic, std::FILE* out) {
  for (const Finding& f : ic.findings) fmt::print(out, "{}\n", sentence(f, ic, nullptr, nullptr));
  std::size_t sets = 0;
  std::size_t rejected = 0;
  std::size_t with_errors = 0;
  for (const GroupReport& g : ic.groups) {
    for (const Finding& f : g.findings) fmt::print(out, "{}\n", sentence(f, ic, &g, nullptr));
    for (const SetReport& s : g.sets) {
      ++sets;
      rejected += s.status == validate::AckStatus::rejected ? 1 : 0;
      with_errors += s.status == validate::AckStatus::accepted_with_errors ? 1 : 0;
      for (const Finding& f : s.findings) fmt::print(out, "{}\n", sentence(f, ic, &g, &s));
      if (s.suppressed != 0) fmt::print(out, "  ... and {} more in set {}\n", s.suppressed, s.control_number);
    }
  }
  fmt::print(out, "interchange {} ({} {} from {}): {}; {} set{}: {} accepted, {} with errors, {} rejected\n", ic.index,
             ic.info.standard == edi::Standard::x12 ? "ISA" : "UNB", ic.info.control_number, ic.info.sender_id,
             validate::status_words(ic.status), sets, sets == 1 ? "" : "s", sets - rejected - with_errors, with_errors,
             rejected);
}


ack::AckClock clock_now() {
  // EDIGATE_NOW=CCYYMMDDHHMM pins the acknowledgments' dates (reproducible tests and replays).
  if (const char* pinned = std::getenv("EDIGATE_NOW"); pinned != nullptr && std::string_view(pinned).size() == 12) {
    return {std::string(pinned, 8), std::string(pinned + 8, 4)};
  }
  return ack::AckClock::now();
}

}  // namespace edigate::cli
