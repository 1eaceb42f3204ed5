// edigate pretty FILE: one segment per line for people, optionally indented by envelope level.
#include "cli/commands.hpp"
#include "cli/io.hpp"

#include <edigate/edi/reader.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

namespace edigate::cli {
namespace {

std::size_t level_of(const edi::SegmentEvent& e) {
  const std::size_t in_group = e.group != 0 ? 1 : 0;
  switch (e.role) {
    case edi::SegmentRole::interchange_header:
    case edi::SegmentRole::interchange_trailer:
      return 0;
    case edi::SegmentRole::group_header:
    case edi::SegmentRole::group_trailer:
    case edi::SegmentRole::service:
    case edi::SegmentRole::stray:
      return 1;
    case edi::SegmentRole::set_header:
    case edi::SegmentRole::set_trailer:
      return 1 + in_group;
    case edi::SegmentRole::set_body:
      return 2 + in_group;
  }
  return 0;
}

int run_pretty(const std::string& file, bool indent) {
  auto source = edi::open_file(file);
  if (!source) {
    fmt::print(stderr, "{}\n", source.error().describe());
    return exit_input_errors;
  }
  // Streams: memory stays at one chunk whatever the file size.
  edi::SegmentReader reader(std::move(*source));
  edi::SegmentEvent event;
  std::string line;
  while (reader.next(event)) {
    line.clear();
    const auto& info = reader.interchange();
    if (event.role == edi::SegmentRole::interchange_header && info.has_service_string) {
      line += info.service_string;
      line += '\n';
    }
    if (indent) line.append(2 * level_of(event), ' ');
    line += event.segment.raw();
    line += info.delimiters.segment;
    if (info.delimiters.segment != '\n') line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  std::fflush(stdout);
  print_diagnostics(reader.diagnostics(), reader.suppressed_diagnostics(), reader.source_name());
  return reader.has_errors() ? exit_input_errors : exit_ok;
}

}  // namespace

void add_pretty(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("pretty", "Print one segment per line, for people");
  auto file = std::make_shared<std::string>();
  auto indent = std::make_shared<bool>(false);
  cmd->add_option("file", *file, "X12 or EDIFACT file ('-' for standard input)")->required();
  cmd->add_flag("--indent", *indent, "Indent segments by envelope level (interchange, group, set, body)");
  cmd->callback([file, indent, &result] { result = run_pretty(*file, *indent); });
}

}  // namespace edigate::cli
