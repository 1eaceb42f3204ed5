// edigate validate FILE: every problem in the standard's own vocabulary, and the acknowledgment.
#include "cli/commands.hpp"
#include "cli/io.hpp"

#include <edigate/ack/generate.hpp>
#include <edigate/edi/reader.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/codes.hpp>
#include <edigate/validate/validator.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace edigate::cli {
namespace {

using validate::Finding;
using validate::GroupReport;
using validate::InterchangeReport;
using validate::SetReport;

struct ValidateOptions {
  std::string file;
  std::vector<std::string> guides;
  std::string schemas;
  std::string ack = "none";
  std::string ack_out;
  std::string ack_when = "always";
  bool no_accepted_sets = false;
  bool json = false;
  std::size_t max_errors = 100;
  bool reject_guide_errors = false;
  std::uint64_t control_start = 1;
};

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

void print_report(const InterchangeReport& ic) {
  for (const Finding& f : ic.findings) fmt::print("{}\n", sentence(f, ic, nullptr, nullptr));
  std::size_t sets = 0;
  std::size_t rejected = 0;
  std::size_t with_errors = 0;
  for (const GroupReport& g : ic.groups) {
    for (const Finding& f : g.findings) fmt::print("{}\n", sentence(f, ic, &g, nullptr));
    for (const SetReport& s : g.sets) {
      ++sets;
      rejected += s.status == validate::AckStatus::rejected ? 1 : 0;
      with_errors += s.status == validate::AckStatus::accepted_with_errors ? 1 : 0;
      for (const Finding& f : s.findings) fmt::print("{}\n", sentence(f, ic, &g, &s));
      if (s.suppressed != 0) fmt::print("  ... and {} more in set {}\n", s.suppressed, s.control_number);
    }
  }
  fmt::print("interchange {} ({} {} from {}): {}; {} set{}: {} accepted, {} with errors, {} rejected\n", ic.index,
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

int run_validate(const ValidateOptions& o) {
  schema::SchemaRegistry registry(o.schemas.empty() ? schema::SchemaRegistry::default_directory()
                                                   : std::filesystem::path(o.schemas));
  for (const std::string& guide : o.guides) {
    if (auto used = registry.use_guide(guide); !used) {
      fmt::print(stderr, "{}\n", used.error().describe());
      return exit_usage;
    }
  }
  std::unique_ptr<edi::ByteSource> source;
  if (o.file == "-") {
    source = edi::from_fd(STDIN_FILENO, "<stdin>");
  } else {
    auto opened = edi::open_file(o.file);
    if (!opened) {
      fmt::print(stderr, "{}\n", opened.error().describe());
      return exit_input_errors;
    }
    source = std::move(*opened);
  }
  const bool want_ack = o.ack != "none" || !o.ack_out.empty();
  ack::AckPolicy policy;
  policy.kind = o.ack == "997"      ? ack::AckRequest::fa997
                : o.ack == "999"    ? ack::AckRequest::ia999
                : o.ack == "ta1"    ? ack::AckRequest::ta1
                : o.ack == "contrl" ? ack::AckRequest::contrl
                                    : ack::AckRequest::automatic;
  policy.functional = o.ack_when == "errors" ? ack::When::on_errors
                      : o.ack_when == "requested" ? ack::When::requested
                                                  : ack::When::always;
  policy.list_accepted_sets = !o.no_accepted_sets;
  std::uint64_t counters[3] = {o.control_start, o.control_start, o.control_start};
  const ack::ControlNumberAllocator next = [&counters](ack::ControlLevel level) {
    return counters[static_cast<int>(level)]++;
  };
  const ack::AckClock clock = clock_now();

  validate::ValidationOptions options;
  options.max_findings_per_set = o.max_errors;
  options.reject_implementation_errors = o.reject_guide_errors;
  validate::Validator validator(registry, options);
  edi::SegmentReader reader(std::move(source));
  bool rejected = false;
  std::size_t interchanges = 0;
  std::string acks;
  nlohmann::json out = nlohmann::json::array();
  int result = exit_ok;
  validator.run(reader, [&](InterchangeReport& ic) {
    ++interchanges;
    rejected = rejected || ic.rejected();
    nlohmann::json j = o.json ? report_json(ic) : nlohmann::json();
    if (!o.json) print_report(ic);
    if (want_ack) {
      auto generated = ack::generate(ic, policy, next, clock);
      if (!generated) {
        fmt::print(stderr, "{}\n", generated.error().describe());
        result = exit_usage;
      } else {
        for (const auto& a : *generated) {
          acks += a.text;
          if (o.json) j["acknowledgments"].push_back({{"kind", std::string(ack::to_string(a.kind))}, {"text", a.text}});
        }
      }
    }
    if (o.json) out.push_back(std::move(j));
  });
  for (const Error& e : validator.file_errors()) fmt::print(stderr, "{}\n", e.describe());
  if (o.json) fmt::print("{}\n", out.dump(2));
  if (want_ack && !acks.empty()) {
    if (o.ack_out.empty() && !o.json) fmt::print("{}", acks);
    if (!o.ack_out.empty()) {
      if (auto written = write_output(o.ack_out, acks); !written) {
        fmt::print(stderr, "{}\n", written.error().describe());
        return exit_input_errors;
      }
    }
  }
  if (result != exit_ok) return result;
  const bool file_errors = std::any_of(validator.file_errors().begin(), validator.file_errors().end(),
                                       [](const Error& e) { return e.severity == Severity::error; });
  return rejected || file_errors || interchanges == 0 ? exit_input_errors : exit_ok;
}

}  // namespace

void add_validate(CLI::App& app, int& result) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("validate", "Validate against the transaction-set schemas; write acknowledgments");
  cmd->add_option("file", options->file, "EDI file (- for standard input)")->required();
  cmd->add_option("--guide", options->guides, "Implementation-guide overlay (XML); may be repeated");
  cmd->add_option("--schemas", options->schemas, "Schema directory (default: $EDIGATE_SCHEMAS or the shipped set)");
  cmd->add_option("--ack", options->ack, "GeneratedAck to write")
      ->check(CLI::IsMember({"none", "auto", "997", "999", "ta1", "contrl"}));
  cmd->add_option("--ack-out", options->ack_out, "Write the acknowledgment here (- for standard output)");
  cmd->add_option("--ack-when", options->ack_when, "always, errors (only when something is wrong), requested")
      ->check(CLI::IsMember({"always", "errors", "requested"}));
  cmd->add_flag("--no-accepted-sets", options->no_accepted_sets, "Leave AK2/UCM out for accepted sets");
  cmd->add_option("--max-errors", options->max_errors, "Findings kept per set (more are counted)");
  cmd->add_flag("--reject-guide-errors", options->reject_guide_errors,
                "Reject sets that break only the guide (default: accepted with errors)");
  cmd->add_option("--control-start", options->control_start, "First control number of our acknowledgments");
  cmd->add_flag("--json", options->json, "Machine-readable report");
  cmd->callback([options, &result] { result = run_validate(*options); });
}

}  // namespace edigate::cli
