#pragma once
// A transaction set the gateway received or sent, shown from the bytes it kept: the interchange as
// stored, the set's segments named by the schema dictionaries, and the set as its canonical document.
// Each reads the stored file again, interchange by interchange, to the one set named.
#include <edigate/maps/map.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/result.hpp>
#include <edigate/schema/registry.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace edigate::pipeline {

struct SetLocator {
  std::filesystem::path stored_path;  // the raw bytes as kept: inbound inbox copy, or outbound archived copy
  std::string standard;               // "x12" | "edifact"
  std::string interchange_control;    // ISA13 / UNB 0020 of the interchange that carried the set
  std::string group_control;          // GS06 / UNG 0048; "" when the EDIFACT interchange has no groups
  std::string set_control;            // ST02 / UNH 0062
  std::string set_type;               // "850", "ORDERS", ...
  std::string partner;                // partner name ("" = unknown): selects its map overlay
  std::string direction;              // "inbound" | "outbound"
  std::uint64_t max_size = 256ull << 20;  // refuse stored files larger than this
};

// The bytes of the interchange (ISA..IEA / UNA?UNB..UNZ) that carried the set, exactly as stored
// (an interchange cut short by the end of the file: its bytes up to there).
Result<std::string> interchange_text(const SetLocator& set);

// The set's segments (ST..SE / UNH..UNT) with names from the schema dictionaries:
// {"standard", "version", "set_type", "complete" (false when the file ends before SE/UNT),
//  "segments": [{"position": 1, "tag": "BEG", "name": ..., "elements": [{"position": "01", "id": "353",
//  "name": ..., "value": "00", "code_name": "Original" (when the dictionary names the code)}, ...]}]}.
// A composite has "components" ([{"position", "id", "name", "value", "code_name"?}]) in place of a
// value; a repeated element has "repetitions" ([{"value"...} or {"components"...}]). Segments and
// elements the dictionary does not know have "name": null (and "id": null); empty elements and
// components are left out, positions stay true.
Result<nlohmann::json> segment_view(const SetLocator& set, schema::SchemaRegistry& schemas);

// The set mapped to its canonical JSON ({"model": ..., "document": {...}}) the way the pipeline maps
// a received set: the map for the set's standard, version and type, with the partner's overlay from
// the store. A set type no map reads (an acknowledgment, say) is not_found; a set the file cuts
// short is invalid_document. `schemas` is not needed by mapping today (maps read segments on their own).
Result<nlohmann::json> canonical_view(const SetLocator& set, partners::Store& store,
                                      schema::SchemaRegistry& schemas, const maps::MapLibrary& maps);

}  // namespace edigate::pipeline
