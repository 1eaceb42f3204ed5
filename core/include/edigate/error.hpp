#pragma once
// The typed error that crosses module boundaries: a code, where it happened, and why in words.
#include <cstdint>
#include <string>
#include <string_view>

namespace edigate {

enum class Severity : std::uint8_t { warning, error };

// Codes are stable: their names appear in JSON output, golden files and acknowledgment mapping.
enum class ErrorCode : std::uint16_t {
  // input and I/O
  io_error,
  usage,
  no_interchange,
  junk_before_interchange,
  premature_end,
  segment_too_long,
  // envelope headers
  invalid_isa,
  invalid_una,
  invalid_interchange_header,
  unsupported_syntax,
  invalid_control_number,
  invalid_segment_tag,
  invalid_segment_terminator,
  invalid_element_separator,
  invalid_component_separator,
  // envelope structure
  interchange_trailer_missing,
  interchange_control_mismatch,
  interchange_count_mismatch,
  group_trailer_missing,
  group_control_mismatch,
  group_count_mismatch,
  set_trailer_missing,
  set_control_mismatch,
  set_count_mismatch,
  invalid_count_value,
  segment_outside_set,
  set_outside_group,
  unexpected_trailer,
  groups_and_messages_mixed,
  // conversions
  invalid_json,
  // writing
  unwritable_value,    // a value holds a character the delimiters cannot carry (X12) or is too long
  invalid_delimiters,  // service characters that clash or cannot be declared
  // schema files
  invalid_schema,      // a schema file that is not well-formed, breaks the XSD or refers to nothing
  schema_not_found,    // no definition for a standard, version or transaction set
  // transaction-set structure (997 AK304 / 999 IK304)
  unrecognized_segment,            // 1: tag unknown to the version's dictionary
  unexpected_segment,              // 2: known to the set, but not where it stands
  required_segment_missing,        // 3
  loop_over_max,                   // 4
  segment_over_max,                // 5
  segment_not_in_set,              // 6: in the dictionary but not in this transaction set
  segment_out_of_order,            // 7
  not_used_segment_present,        // I4
  loop_under_min,                  // I7
  segment_under_min,               // I8
  // data elements (997 AK403 / 999 IK403)
  required_element_missing,        // 1
  conditional_element_missing,     // 2
  too_many_elements,               // 3
  element_too_short,               // 4
  element_too_long,                // 5
  invalid_character,               // 6
  invalid_code_value,              // 7
  invalid_date,                    // 8
  invalid_time,                    // 9
  exclusion_violated,              // 10
  too_many_repetitions,            // 12
  too_many_components,             // 13
  code_not_in_guide,               // I6
  not_used_element_present,        // I10
  too_few_repetitions,             // I11
  pattern_mismatch,                // I12
  invalid_hierarchy,               // HL parent unknown, level not allowed under its parent
  // set, group and interchange level
  set_not_supported,               // AK5 1: no schema for the set (or its version)
  set_type_mismatch,               // AK5 6: ST01 does not belong in a group of this GS01
  duplicate_set_control,           // AK5 23
  group_not_supported,             // AK9 1
  group_version_not_supported,     // AK9 2
  duplicate_group_control,         // AK9 19
  duplicate_interchange_control,   // TA1 025
  invalid_envelope_value,          // an ISA/GS/UNB/UNH element breaks its definition
  // acknowledgments
  invalid_acknowledgment,  // an inbound 997/999/TA1/CONTRL that does not follow its own structure or codes
  // canonical models and maps
  invalid_model,     // a model file that is malformed or refers to an unknown type
  invalid_map,       // a map or overlay file that is malformed, breaks map.xsd or its model
  map_not_found,     // no map for a standard/version/set, an ERP format, or a name
  invalid_document,  // a canonical or ERP document that is malformed or breaks its model
  mapping_failed,    // a document that does not map: unknown code, bad value, missing required value
  unknown_format,    // an input whose format cannot be recognised
  // the store
  invalid_store_url,  // a --db / EDIGATE_DB value that names no supported database
  store_error,        // the database refused or failed a statement (its message says why)
  store_schema_newer, // the database was migrated by a newer edigate
  not_found,          // no such partner, agreement, certificate, ...
  already_exists,     // a name or identity that must be unique is taken
  stale,              // the record changed since the caller read it (an update based on an old copy)
};

std::string_view to_string(ErrorCode code) noexcept;
std::string_view to_string(Severity severity) noexcept;

// Where a problem is. Zero means "not applicable" for the numeric fields.
struct Location {
  std::string file;
  std::uint32_t interchange = 0;  // 1-based index of the interchange in the file
  std::uint32_t segment = 0;      // 1-based ordinal within the interchange (ISA/UNB = 1, UNA not counted)
  std::uint32_t set_segment = 0;  // 1-based position within the transaction set (ST/UNH = 1)
  std::uint64_t offset = 0;       // byte offset of the first byte of the segment tag
  std::uint64_t line = 0;         // 1-based line of that byte
  std::uint32_t column = 0;       // 1-based column (schema files)
  std::string tag;                // segment tag, empty when none
  std::uint16_t element = 0;      // 1-based element position
  std::uint16_t component = 0;    // 1-based component position
  std::uint16_t repetition = 0;   // 1-based repetition
};

struct Error {
  ErrorCode code = ErrorCode::io_error;
  Severity severity = Severity::error;
  Location where;
  std::string message;

  // "FILE: interchange 1, segment 23 SE, byte 1234, line 24: message [code]"
  std::string describe() const;
};

// An error about a file as a whole (no segment or element): the common case outside the parsers.
inline Error file_error(ErrorCode code, std::string file, std::string message) {
  Error e;
  e.code = code;
  e.where.file = std::move(file);
  e.message = std::move(message);
  return e;
}

// An io_error for `file` whose message is `what` followed by the system's reason (errno).
Error io_error(std::string file, const std::string& what);

}  // namespace edigate
