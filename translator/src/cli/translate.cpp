// edigate translate IN --to FORMAT: EDI, canonical and ERP documents into each other.
#include "cli/commands.hpp"

#include <edigate/maps/map.hpp>
#include <edigate/partners/profile.hpp>
#include <edigate/translate/translate.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

namespace edigate::cli {
namespace {

struct TranslateArgs {
  std::string input;
  std::string to;
  std::string partner;
  std::string out;
  std::string out_dir;
  std::string from;
  std::string map;
  std::string maps_dir;
  std::uint64_t control_number = 1;
};

Result<maps::MapLibrary> open_library(const std::string& dir) {
  if (dir.empty()) return maps::MapLibrary::load_default();
  auto models = maps::ModelSet::load(std::filesystem::path(dir) / "models" / "canonical.xml");
  if (!models) return std::move(models).error();
  return maps::MapLibrary::load(std::filesystem::path(dir) / "definitions",
                                std::make_shared<const maps::ModelSet>(std::move(*models)));
}

int run_translate(const TranslateArgs& args) {
  const auto target = translate::parse_target(args.to);
  if (!target) {
    fmt::print(stderr, "edigate translate: --to {}: expected canonical-json, canonical-xml, idoc, d365, netsuite, csv, x12 or edifact\n", args.to);
    return exit_usage;
  }
  auto library = open_library(args.maps_dir);
  if (!library) {
    fmt::print(stderr, "{}\n", library.error().describe());
    return exit_input_errors;
  }
  std::optional<partners::Profile> profile;
  if (!args.partner.empty()) {
    auto loaded = partners::load_profile(args.partner);
    if (!loaded) {
      fmt::print(stderr, "{}\n", loaded.error().describe());
      return exit_input_errors;
    }
    profile = std::move(*loaded);
  }
  translate::Options options;
  options.target = *target;
  options.partner = profile ? &*profile : nullptr;
  options.input_map = args.from;
  options.output_map = args.map;
  options.control_number = args.control_number;
  if (const char* now = std::getenv("EDIGATE_NOW"); now != nullptr) options.now = now;

  const bool per_document = !args.out_dir.empty();
  if (per_document) std::filesystem::create_directories(args.out_dir);
  std::FILE* out = stdout;
  std::string tmp_path;
  if (!args.out.empty() && !per_document) {
    // Written beside the target and renamed at the end: a failed run leaves no half file.
    tmp_path = args.out + ".part";
    out = std::fopen(tmp_path.c_str(), "wb");
    if (out == nullptr) {
      fmt::print(stderr, "{}\n", io_error(args.out, "cannot create").describe());
      return exit_input_errors;
    }
  }
  std::size_t written = 0;
  auto sink = [&](translate::Written&& w) -> Result<void> {
    if (per_document) {
      ++written;
      const auto path = std::filesystem::path(args.out_dir) /
                        fmt::format("{}.{}", w.suggested_name, translate::extension(*target));
      std::ofstream file(path, std::ios::binary);
      file << w.text;
      if (!file) return io_error(path.string(), "cannot write");
      return {};
    }
    if (std::fwrite(w.text.data(), 1, w.text.size(), out) != w.text.size()) return io_error(args.out, "cannot write");
    return {};
  };
  auto summary = translate::translate_file(args.input, *library, options, per_document, sink);
  if (out != stdout) std::fclose(out);
  if (!summary) {
    if (!tmp_path.empty()) std::remove(tmp_path.c_str());
    fmt::print(stderr, "{}\n", summary.error().describe());
    return exit_input_errors;
  }
  if (!tmp_path.empty()) std::filesystem::rename(tmp_path, args.out);
  std::fflush(stdout);
  if (summary->acknowledgments_skipped > 0) {
    fmt::print(stderr, "{}: {} acknowledgment set(s) skipped: they are not business documents (read them with edigate ack read)\n",
               args.input, summary->acknowledgments_skipped);
  }
  if (summary->documents == 0) {
    fmt::print(stderr, "{}: no documents to translate\n", args.input);
    return exit_input_errors;
  }
  return exit_ok;
}

}  // namespace

void add_translate(CLI::App& app, int& result) {
  auto args = std::make_shared<TranslateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "translate", "Translate EDI, canonical and ERP documents into each other through the canonical model");
  cmd->add_option("input", args->input, "X12/EDIFACT, canonical JSON/XML, or an ERP document (detected)")->required();
  cmd->add_option("--to", args->to, "canonical-json | canonical-xml | idoc | d365 | netsuite | csv | x12 | edifact")->required();
  cmd->add_option("--partner", args->partner, "Partner profile file: identities, delimiters, version, map overlays");
  cmd->add_option("--out", args->out, "Write here instead of standard output");
  cmd->add_option("--out-dir", args->out_dir, "Write one file per document into this folder");
  cmd->add_option("--from", args->from, "The map that reads the input (an ERP document nothing detects)");
  cmd->add_option("--map", args->map, "The map that writes the output (instead of the default for the format)");
  cmd->add_option("--maps", args->maps_dir, "Folder with models/ and definitions/ (default: $EDIGATE_MAPS or shipped)");
  cmd->add_option("--control-number", args->control_number, "First interchange/group control number of EDI output")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{999999999}));
  cmd->callback([args, &result] { result = run_translate(*args); });
}

}  // namespace edigate::cli
