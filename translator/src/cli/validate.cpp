// edigate validate FILE: every problem in the standard's own vocabulary, and the acknowledgment.
#include "cli/commands.hpp"
#include "cli/io.hpp"
#include "cli/report.hpp"

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

using validate::InterchangeReport;

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
