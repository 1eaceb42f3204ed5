#pragma once
// `edigate translate`: any supported document in, any supported format out, through the canonical
// model. EDI input streams interchange by interchange; documents are written as they are mapped.
#include <edigate/maps/map.hpp>
#include <edigate/partners/profile.hpp>
#include <edigate/result.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::translate {

enum class Target : std::uint8_t { canonical_json, canonical_xml, idoc, d365, netsuite, csv, x12, edifact };
std::optional<Target> parse_target(std::string_view name) noexcept;
std::string_view to_string(Target target) noexcept;
// "json", "xml", "csv", "edi": the file extension of a target.
std::string_view extension(Target target) noexcept;

// The envelope levels a control number is needed for: ISA13 / UNB 0020, GS06, ST02 / UNH 0062.
enum class ControlLevel : std::uint8_t { interchange, group, set };
// Hands out the next control number of a level (the store does, per partner); an error stops the write.
using ControlNumberSource = std::function<Result<std::uint64_t>(ControlLevel)>;

struct Options {
  Target target = Target::canonical_json;
  const partners::Profile* partner = nullptr;  // envelope values and map overlays
  std::string input_map;   // --from MAP: the map that reads the input (ERP documents without <detect>)
  std::string output_map;  // --map MAP: the map that writes the output
  std::string now;         // CCYYMMDDHHMM for envelope dates; empty: the clock (UTC)
  std::uint64_t control_number = 1;  // first ISA13/GS06 (UNB 0020); sets count from 1
  // When set, every interchange, group and set number comes from it instead (control_number is
  // unused). It is called only once the documents have been mapped, so a mapping error uses none.
  ControlNumberSource control_numbers;
  std::size_t max_document_size = 64u << 20;  // JSON, XML and CSV inputs are read whole
};

// One written unit: the whole output, or one document's when the caller writes each separately.
struct Written {
  std::string text;
  std::string suggested_name;  // "order-4500012345" (business key), for --out-dir
};

struct Summary {
  std::size_t documents = 0;
  std::size_t unmapped_segments = 0;
  std::size_t acknowledgments_skipped = 0;  // 997, 999, CONTRL, APERAK sets in EDI input
};

// Reads `input`, maps it, and hands the output to `sink`: once (everything in one text), or once per
// document when `per_document` (XML targets and --out-dir). Errors name the file, the map rule and
// the input place.
Result<Summary> translate_file(const std::filesystem::path& input, const maps::MapLibrary& library,
                               const Options& options, bool per_document,
                               const std::function<Result<void>(Written&&)>& sink);

// The canonical documents in a file that is not EDI: an ERP document (its map detected, or
// options.input_map), canonical JSON (one document or an array) or canonical XML. EDI input is a
// usage error: translate_file reads it.
Result<std::vector<maps::Document>> read_documents(const std::filesystem::path& input, const maps::MapLibrary& library,
                                                   const Options& options);

// Canonical documents as one X12 or EDIFACT interchange (options.target) for options.partner: the
// map per model, the set headers, the group and interchange envelopes with the partner's identities
// and delimiters.
Result<std::string> write_interchange(const maps::MapLibrary& library, const Options& options,
                                      std::span<const maps::Document> documents);

}  // namespace edigate::translate
