// edigate to-json FILE: the lossless JSON form of every interchange (docs/json-form.md).
#include "cli/commands.hpp"
#include "cli/io.hpp"

#include <edigate/edi/reader.hpp>
#include <edigate/edi/syntax_json.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace edigate::cli {
namespace {

using Json = nlohmann::ordered_json;

// One line with the spaces dump(2) would put after ',' and ':'.
void dump_line(const Json& j, std::string& out) {
  if (!j.is_structured()) {
    out += j.dump(-1, ' ', false, Json::error_handler_t::strict);
    return;
  }
  out += j.is_object() ? '{' : '[';
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    if (j.is_object()) out += Json(it.key()).dump() + ": ";
    dump_line(*it, out);
  }
  out += j.is_object() ? '}' : ']';
}

// Indented like dump(2), except that each segment object stays on one line: a file reads (and
// diffs) one segment per line, as EDI people expect.
void dump_readable(const Json& j, std::size_t depth, std::string& out) {
  if (!j.is_structured() || j.empty() || (j.is_object() && j.contains("tag"))) {
    dump_line(j, out);
    return;
  }
  const std::string pad(2 * (depth + 1), ' ');
  out += j.is_object() ? "{\n" : "[\n";
  std::size_t i = 0;
  for (auto it = j.begin(); it != j.end(); ++it, ++i) {
    out += pad;
    if (j.is_object()) out += Json(it.key()).dump() + ": ";
    dump_readable(*it, depth + 1, out);
    out += i + 1 == j.size() ? "\n" : ",\n";
  }
  out.append(2 * depth, ' ');
  out += j.is_object() ? '}' : ']';
}

int run_to_json(const std::string& file, const std::string& out, bool compact) {
  auto input = read_and_parse(file);
  if (!input) {
    fmt::print(stderr, "{}\n", input.error().describe());
    return exit_input_errors;
  }
  const std::string& name = (*input)->name;
  const std::string& bytes = (*input)->bytes;
  const edi::ParsedDocument& doc = (*input)->document;
  std::string text;
  try {
    const Json j = edi::to_json(doc.interchanges, bytes);
    if (compact) {
      text = j.dump();
    } else {
      dump_readable(j, 0, text);
    }
    text += '\n';
  } catch (const nlohmann::json::exception& e) {
    fmt::print(stderr, "{}: cannot write JSON: {}\n", name, e.what());
    return exit_input_errors;
  }
  if (auto written = write_output(out, text); !written) {
    fmt::print(stderr, "{}\n", written.error().describe());
    return exit_input_errors;
  }
  print_diagnostics(doc.diagnostics, 0, name);
  return doc.has_errors() ? exit_input_errors : exit_ok;
}

}  // namespace

void add_to_json(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("to-json", "Write an EDI file as its lossless JSON syntax tree");
  auto file = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto compact = std::make_shared<bool>(false);
  cmd->add_option("file", *file, "X12 or EDIFACT file ('-' for standard input)")->required();
  cmd->add_option("--out,-o", *out, "Write the JSON here instead of standard output");
  cmd->add_flag("--compact", *compact, "One line instead of indented JSON");
  cmd->callback([file, out, compact, &result] { result = run_to_json(*file, *out, *compact); });
}

}  // namespace edigate::cli
