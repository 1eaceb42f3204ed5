// edigate split FILE --by interchange|group|transaction --out DIR: one complete, valid interchange per
// file (edi::split). Files are DIR/<stem>.<n>.edi, n counted from 1 over the whole input and
// zero-padded to the width of the number of pieces (at least 3 digits).
#include "cli/commands.hpp"
#include "cli/io.hpp"

#include <edigate/edi/reader.hpp>
#include <edigate/edi/split.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace edigate::cli {
namespace {

namespace fs = std::filesystem;

int run_split(const std::string& file, const std::string& by_name, const std::string& dir, bool force) {
  edi::SplitBy by = edi::SplitBy::interchange;
  if (by_name == "group") {
    by = edi::SplitBy::group;
  } else if (by_name == "transaction") {
    by = edi::SplitBy::transaction;
  }
  auto input = read_and_parse(file);
  if (!input) {
    fmt::print(stderr, "{}\n", input.error().describe());
    return exit_input_errors;
  }
  const std::string& name = (*input)->name;
  const std::string& bytes = (*input)->bytes;
  const edi::ParsedDocument& doc = (*input)->document;
  print_diagnostics(doc.diagnostics, 0, name);
  if (doc.has_errors()) {
    fmt::print(stderr, "{}: not split: the input has errors\n", name);
    return exit_input_errors;
  }
  std::vector<std::string> pieces;
  for (const auto& ic : doc.interchanges) {
    for (auto& piece : edi::split(ic, by, bytes)) pieces.push_back(std::move(piece));
  }
  const std::string stem = file == "-" ? std::string("stdin") : fs::path(file).stem().string();
  const std::size_t width = std::max<std::size_t>(3, std::to_string(pieces.size()).size());
  std::vector<fs::path> paths;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    paths.push_back(fs::path(dir) / fmt::format("{}.{:0{}}.edi", stem, i + 1, width));
    std::error_code ec;
    if (!force && fs::exists(paths.back(), ec)) {
      fmt::print(stderr, "{}: already exists (use --force to overwrite)\n", paths.back().string());
      return exit_usage;
    }
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    fmt::print(stderr, "{}: cannot create directory: {}\n", dir, ec.message());
    return exit_input_errors;
  }
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (auto written = write_output(paths[i].string(), pieces[i]); !written) {
      fmt::print(stderr, "{}\n", written.error().describe());
      return exit_input_errors;
    }
    fmt::print("{}\n", paths[i].string());
  }
  return exit_ok;
}

}  // namespace

void add_split(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("split", "Split an EDI file into one complete interchange per file");
  auto file = std::make_shared<std::string>();
  auto by = std::make_shared<std::string>();
  auto dir = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  cmd->add_option("file", *file, "X12 or EDIFACT file ('-' for standard input)")->required();
  cmd->add_option("--by", *by, "What each piece holds: interchange, group or transaction")
      ->required()
      ->check(CLI::IsMember({"interchange", "group", "transaction"}));
  cmd->add_option("--out", *dir, "Directory for the pieces, named <stem>.<n>.edi (created when missing)")
      ->required();
  cmd->add_flag("--force", *force, "Overwrite existing files");
  cmd->callback([file, by, dir, force, &result] { result = run_split(*file, *by, *dir, *force); });
}

}  // namespace edigate::cli
