// edigate ack read FILE: what the acknowledgments in a file say about what we sent.
#include "cli/commands.hpp"
#include "cli/io.hpp"

#include <edigate/ack/ack_report.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace edigate::cli {
namespace {

int run_ack_read(const std::string& path, bool json) {
  auto input = read_and_parse(path);
  if (!input) {
    fmt::print(stderr, "{}\n", input.error().describe());
    return exit_input_errors;
  }
  const auto& document = (*input)->document;
  const std::string& name = (*input)->name;
  std::vector<ack::Acknowledgment> acks;
  for (const auto& interchange : document.interchanges) {
    for (auto& a : ack::read_acknowledgments(interchange, name)) acks.push_back(std::move(a));
  }

  int result = document.has_errors() ? exit_input_errors : exit_ok;
  std::vector<Error> problems = document.diagnostics;
  for (const auto& a : acks) {
    problems.insert(problems.end(), a.problems.begin(), a.problems.end());
    if (!a.read_cleanly()) result = exit_input_errors;
  }
  if (acks.empty() && !document.interchanges.empty()) {
    Error e;
    e.code = ErrorCode::invalid_acknowledgment;
    e.where.file = name;
    e.message = "not an acknowledgment: no TA1, 997, 999 or CONTRL in the input";
    problems.push_back(std::move(e));
  }
  if (acks.empty()) result = exit_input_errors;

  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : acks) out.push_back(ack::to_json(a));
    fmt::print("{}\n", out.dump(2));
  } else {
    for (const auto& a : acks) fmt::print("{}", ack::explain(a));
  }
  std::fflush(stdout);
  print_diagnostics(problems, 0, name);
  return result;
}

}  // namespace

void add_ack(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("ack", "Acknowledgments: TA1, 997, 999 and EDIFACT CONTRL");
  cmd->require_subcommand(1);
  auto* read = cmd->add_subcommand("read", "Explain what received acknowledgments say about what was sent");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  read->add_option("file", *file, "X12 or EDIFACT file ('-' for standard input)")->required();
  read->add_flag("--json", *json, "Machine-readable output: a JSON array, one object per acknowledgment");
  read->callback([file, json, &result] { result = run_ack_read(*file, *json); });
}

}  // namespace edigate::cli
