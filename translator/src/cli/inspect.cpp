// edigate inspect FILE...: what is in each interchange, and what is wrong with it.
#include "cli/commands.hpp"
#include "cli/progress.hpp"

#include <edigate/edi/ack_codes.hpp>
#include <edigate/edi/reader.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace edigate::cli {
namespace {

std::string show_char(char c) {
  if (c == 0) return "none";
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c >= 0x21 && c <= 0x7E) return std::string(1, c);
  return fmt::format("0x{:02X}", static_cast<unsigned char>(c));
}

nlohmann::json delimiters_json(const edi::Delimiters& d) {
  return {{"segment", show_char(d.segment)},     {"element", show_char(d.element)},
          {"component", show_char(d.component)}, {"repetition", show_char(d.repetition)},
          {"release", show_char(d.release)},     {"decimal", show_char(d.decimal)}};
}

nlohmann::json error_json(const Error& e) {
  nlohmann::json j = {{"severity", std::string(to_string(e.severity))},
                      {"code", std::string(to_string(e.code))},
                      {"message", e.message},
                      {"file", e.where.file},
                      {"interchange", e.where.interchange},
                      {"segment", e.where.segment},
                      {"tag", e.where.tag},
                      {"offset", e.where.offset},
                      {"line", e.where.line}};
  const auto ack = edi::ack_codes(e.code, e.where.tag);
  nlohmann::json codes = nlohmann::json::object();
  if (!ack.ta1.empty()) codes["ta1"] = std::string(ack.ta1);
  if (!ack.set.empty()) codes["ak5"] = std::string(ack.set);
  if (!ack.group.empty()) codes["ak9"] = std::string(ack.group);
  if (!ack.contrl.empty()) codes["contrl"] = std::string(ack.contrl);
  if (!codes.empty()) j["ack_codes"] = codes;
  return j;
}

nlohmann::json interchange_json(const edi::Interchange& ic) {
  const auto& info = ic.info;
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : ic.groups) {
    nlohmann::json sets = nlohmann::json::array();
    for (const auto& s : g.sets) {
      sets.push_back({{"type", std::string(s.type())},
                      {"control_number", std::string(s.control_number())},
                      {"version", std::string(s.version())},
                      {"segments", s.segments.size()},
                      {"complete", s.trailer.has_value()}});
    }
    nlohmann::json group = {{"sets", sets}};
    if (g.header) {
      group["functional_id"] = std::string(g.functional_id());
      group["control_number"] = std::string(g.control_number());
      group["version"] = std::string(g.version());
      group["complete"] = g.trailer.has_value();
    } else {
      group["implicit"] = true;
    }
    groups.push_back(group);
  }
  nlohmann::json j = {{"index", ic.index},
                      {"standard", std::string(edi::to_string(info.standard))},
                      {"version", info.version},
                      {"offset", ic.offset},
                      {"end_offset", ic.end_offset},
                      {"delimiters", delimiters_json(info.delimiters)},
                      {"sender", {{"qualifier", info.sender_qualifier}, {"id", info.sender_id}}},
                      {"receiver", {{"qualifier", info.receiver_qualifier}, {"id", info.receiver_id}}},
                      {"date", info.date},
                      {"time", info.time},
                      {"control_number", info.control_number},
                      {"ack_requested", info.ack_requested},
                      {"test", info.test},
                      {"segments", ic.segments.size()},
                      {"groups", groups},
                      {"complete", ic.trailer.has_value()}};
  if (info.standard == edi::Standard::edifact) {
    j["syntax_identifier"] = info.syntax_identifier;
    j["character_set"] = info.character_set;
    j["service_string_advice"] = info.has_service_string;
  }
  if (!ic.service_segments.empty()) j["service_segments"] = ic.service_segments.size();
  return j;
}

void print_text(const edi::Interchange& ic) {
  const auto& info = ic.info;
  fmt::print("interchange {}: {} {} control {}  from {} ({}) to {} ({})  {} {}{}\n", ic.index,
             edi::to_string(info.standard), info.version, info.control_number, info.sender_id,
             info.sender_qualifier, info.receiver_id, info.receiver_qualifier, info.date, info.time,
             info.test ? "  TEST" : "");
  const auto& d = info.delimiters;
  fmt::print("  delimiters: segment {} element {} component {} repetition {} release {}\n",
             show_char(d.segment), show_char(d.element), show_char(d.component), show_char(d.repetition),
             show_char(d.release));
  if (info.standard == edi::Standard::edifact) {
    fmt::print("  syntax {} ({}), UNA {}\n", info.syntax_identifier, info.character_set,
               info.has_service_string ? "present" : "absent");
  }
  for (const auto& g : ic.groups) {
    if (g.header) {
      fmt::print("  group {} {} version {}: {} set(s)\n", g.functional_id(), g.control_number(), g.version(),
                 g.sets.size());
    } else {
      fmt::print("  messages without group: {}\n", g.sets.size());
    }
    for (const auto& s : g.sets) {
      const std::string version = s.version().empty() ? std::string() : " " + std::string(s.version());
      fmt::print("    {} {}{}: {} segments{}\n", s.type(), s.control_number(), version, s.segments.size(),
                 s.trailer ? "" : " (no trailer)");
    }
  }
  fmt::print("  {} segments{}\n", ic.segments.size(), ic.trailer ? "" : ", no trailer");
}

int run_inspect(const std::vector<std::string>& files, bool json) {
  int result = exit_ok;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& file : files) {
    auto source = edi::open_file(file);
    if (!source) {
      fmt::print(stderr, "{}\n", source.error().describe());
      result = exit_input_errors;
      continue;
    }
    edi::InterchangeReader reader(std::move(*source));
    Progress progress(file, reader.source_size());
    edi::Interchange ic;
    nlohmann::json interchanges = nlohmann::json::array();
    if (!json) fmt::print("{}\n", file);
    while (reader.next(ic)) {
      progress.update(reader.bytes_consumed());
      if (json) {
        interchanges.push_back(interchange_json(ic));
      } else {
        print_text(ic);
      }
    }
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const auto& e : reader.diagnostics()) {
      if (json) diagnostics.push_back(error_json(e));
      fmt::print(stderr, "{}\n", e.describe());
    }
    if (reader.suppressed_diagnostics() != 0) {
      fmt::print(stderr, "{}: {} more diagnostics not shown\n", file, reader.suppressed_diagnostics());
    }
    if (reader.has_errors()) result = exit_input_errors;
    if (json) out.push_back({{"file", file}, {"interchanges", interchanges}, {"diagnostics", diagnostics}});
  }
  if (json) fmt::print("{}\n", out.dump(2));
  return result;
}

}  // namespace

void add_inspect(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("inspect", "Show the interchanges, groups and sets of EDI files, and their problems");
  auto files = std::make_shared<std::vector<std::string>>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("files", *files, "X12 or EDIFACT files ('-' for standard input)")->required();
  cmd->add_flag("--json", *json, "Machine-readable output");
  cmd->callback([files, json, &result] { result = run_inspect(*files, *json); });
}

}  // namespace edigate::cli
