#include <edigate/pipeline/acknowledgments.hpp>

#include "pipeline/inbound_steps.hpp"

#include <edigate/ack/ack_report.hpp>

#include <fmt/format.h>

namespace edigate::pipeline {

namespace {

// AK3/AK4 (IK3/IK4, UCS/UCD) decoded into words customer service can read.
std::vector<std::string> words_of(const ack::SetNote& set) {
  std::vector<std::string> out;
  for (const auto& code : set.error_codes) out.push_back("set error " + code);
  for (const auto& seg : set.segments) {
    std::string line = fmt::format("segment {} {}", seg.position, seg.tag);
    if (!seg.code.empty()) line += " (code " + seg.code + ")";
    for (const auto& el : seg.elements) {
      line += fmt::format("; element {:02d}", el.position.element);
      if (!el.code.empty()) line += " code " + el.code;
      if (!el.bad_value.empty()) line += " value \"" + el.bad_value + "\"";
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

bool is_acknowledgment(std::string_view type) {
  return type == "997" || type == "999" || type == "CONTRL" || type == "APERAK" || type == "TA1";
}

std::vector<partners::AckResult> acknowledgment_results(const edi::Interchange& interchange, const std::string& file) {
  std::vector<partners::AckResult> results;
  for (const ack::Acknowledgment& k : ack::read_acknowledgments(interchange, file)) {
    const std::string kind(ack::to_string(k.kind));
    if (k.interchange && k.interchange->status) {
      results.push_back({kind, k.interchange->control_number, "", "", std::string(validate::to_string(*k.interchange->status)),
                         k.interchange->error_code.empty() ? std::vector<std::string>{}
                                                           : std::vector<std::string>{"note " + k.interchange->error_code}});
    }
    for (const ack::GroupNote& g : k.groups) {
      for (const ack::SetNote& s : g.sets) {
        if (s.status) results.push_back({kind, "", g.control_number, s.control_number, std::string(validate::to_string(*s.status)), words_of(s)});
      }
      if (g.status) {
        std::vector<std::string> codes;
        for (const auto& c : g.error_codes) codes.push_back("group error " + c);
        results.push_back({kind, "", g.control_number, "", std::string(validate::to_string(*g.status)), codes});
      }
    }
    for (const ack::SetNote& s : k.sets) {
      if (s.status) results.push_back({kind, "", "", s.control_number, std::string(validate::to_string(*s.status)), words_of(s)});
    }
  }
  return results;
}

}  // namespace edigate::pipeline
