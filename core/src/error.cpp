#include <edigate/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace edigate {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
#define EDIGATE_CODE(name) \
  case ErrorCode::name:    \
    return #name;
    EDIGATE_CODE(io_error)
    EDIGATE_CODE(usage)
    EDIGATE_CODE(no_interchange)
    EDIGATE_CODE(junk_before_interchange)
    EDIGATE_CODE(premature_end)
    EDIGATE_CODE(segment_too_long)
    EDIGATE_CODE(invalid_isa)
    EDIGATE_CODE(invalid_una)
    EDIGATE_CODE(invalid_interchange_header)
    EDIGATE_CODE(unsupported_syntax)
    EDIGATE_CODE(invalid_control_number)
    EDIGATE_CODE(invalid_segment_tag)
    EDIGATE_CODE(invalid_segment_terminator)
    EDIGATE_CODE(invalid_element_separator)
    EDIGATE_CODE(invalid_component_separator)
    EDIGATE_CODE(interchange_trailer_missing)
    EDIGATE_CODE(interchange_control_mismatch)
    EDIGATE_CODE(interchange_count_mismatch)
    EDIGATE_CODE(group_trailer_missing)
    EDIGATE_CODE(group_control_mismatch)
    EDIGATE_CODE(group_count_mismatch)
    EDIGATE_CODE(set_trailer_missing)
    EDIGATE_CODE(set_control_mismatch)
    EDIGATE_CODE(set_count_mismatch)
    EDIGATE_CODE(invalid_count_value)
    EDIGATE_CODE(segment_outside_set)
    EDIGATE_CODE(set_outside_group)
    EDIGATE_CODE(unexpected_trailer)
    EDIGATE_CODE(groups_and_messages_mixed)
    EDIGATE_CODE(invalid_json)
    EDIGATE_CODE(unwritable_value)
    EDIGATE_CODE(invalid_delimiters)
    EDIGATE_CODE(invalid_schema)
    EDIGATE_CODE(schema_not_found)
    EDIGATE_CODE(unrecognized_segment)
    EDIGATE_CODE(unexpected_segment)
    EDIGATE_CODE(required_segment_missing)
    EDIGATE_CODE(loop_over_max)
    EDIGATE_CODE(segment_over_max)
    EDIGATE_CODE(segment_not_in_set)
    EDIGATE_CODE(segment_out_of_order)
    EDIGATE_CODE(not_used_segment_present)
    EDIGATE_CODE(loop_under_min)
    EDIGATE_CODE(segment_under_min)
    EDIGATE_CODE(required_element_missing)
    EDIGATE_CODE(conditional_element_missing)
    EDIGATE_CODE(too_many_elements)
    EDIGATE_CODE(element_too_short)
    EDIGATE_CODE(element_too_long)
    EDIGATE_CODE(invalid_character)
    EDIGATE_CODE(invalid_code_value)
    EDIGATE_CODE(invalid_date)
    EDIGATE_CODE(invalid_time)
    EDIGATE_CODE(exclusion_violated)
    EDIGATE_CODE(too_many_repetitions)
    EDIGATE_CODE(too_many_components)
    EDIGATE_CODE(code_not_in_guide)
    EDIGATE_CODE(not_used_element_present)
    EDIGATE_CODE(too_few_repetitions)
    EDIGATE_CODE(pattern_mismatch)
    EDIGATE_CODE(invalid_hierarchy)
    EDIGATE_CODE(set_not_supported)
    EDIGATE_CODE(set_type_mismatch)
    EDIGATE_CODE(duplicate_set_control)
    EDIGATE_CODE(group_not_supported)
    EDIGATE_CODE(group_version_not_supported)
    EDIGATE_CODE(duplicate_group_control)
    EDIGATE_CODE(duplicate_interchange_control)
    EDIGATE_CODE(invalid_envelope_value)
    EDIGATE_CODE(invalid_acknowledgment)
    EDIGATE_CODE(invalid_model)
    EDIGATE_CODE(invalid_map)
    EDIGATE_CODE(map_not_found)
    EDIGATE_CODE(invalid_document)
    EDIGATE_CODE(mapping_failed)
    EDIGATE_CODE(unknown_format)
    EDIGATE_CODE(invalid_store_url)
    EDIGATE_CODE(store_error)
    EDIGATE_CODE(store_schema_newer)
    EDIGATE_CODE(not_found)
    EDIGATE_CODE(already_exists)
    EDIGATE_CODE(stale)
#undef EDIGATE_CODE
  }
  return "unknown";
}

std::string_view to_string(Severity severity) noexcept {
  return severity == Severity::error ? "error" : "warning";
}

std::string Error::describe() const {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  out += ": ";
  std::string place;
  auto add = [&place](const std::string& part) {
    if (!place.empty()) place += ", ";
    place += part;
  };
  if (where.interchange != 0) add(fmt::format("interchange {}", where.interchange));
  if (where.segment != 0) {
    add(where.tag.empty() ? fmt::format("segment {}", where.segment)
                          : fmt::format("segment {} {}", where.segment, where.tag));
  }
  if (where.element != 0) {
    std::string e = fmt::format("element {:02}", where.element);
    if (where.component != 0) e += fmt::format("-{}", where.component);
    if (where.repetition != 0) e += fmt::format(" repetition {}", where.repetition);
    add(e);
  }
  if (where.offset != 0 || (where.line != 0 && where.column == 0)) add(fmt::format("byte {}", where.offset));
  if (where.line != 0) add(fmt::format("line {}", where.line));
  if (where.column != 0) add(fmt::format("column {}", where.column));
  if (!place.empty()) out += place + ": ";
  out += fmt::format("{}: {} [{}]", to_string(severity), message, to_string(code));
  return out;
}

Error io_error(std::string file, const std::string& what) {
  Error e;
  e.code = ErrorCode::io_error;
  e.where.file = std::move(file);
  e.message = what + ": " + std::strerror(errno);
  return e;
}

}  // namespace edigate
