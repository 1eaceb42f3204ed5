// edigate from-json FILE: EDI bytes back from the JSON form that to-json writes.
#include "cli/commands.hpp"
#include "cli/io.hpp"

#include <edigate/edi/syntax_json.hpp>

#include <fmt/format.h>

#include <memory>
#include <string>

namespace edigate::cli {
namespace {

int run_from_json(const std::string& file, const std::string& out) {
  auto text = read_input(file);
  if (!text) {
    fmt::print(stderr, "{}\n", text.error().describe());
    return exit_input_errors;
  }
  auto bytes = edi::from_json_text(*text, input_name(file));
  if (!bytes) {
    fmt::print(stderr, "{}\n", bytes.error().describe());
    return exit_input_errors;
  }
  if (auto written = write_output(out, *bytes); !written) {
    fmt::print(stderr, "{}\n", written.error().describe());
    return exit_input_errors;
  }
  return exit_ok;
}

}  // namespace

void add_from_json(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("from-json", "Write EDI from the JSON syntax tree that to-json produces");
  auto file = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("file", *file, "JSON file ('-' for standard input)")->required();
  cmd->add_option("--out,-o", *out, "Write the EDI here instead of standard output");
  cmd->callback([file, out, &result] { result = run_from_json(*file, *out); });
}

}  // namespace edigate::cli
