#include <edigate/edi/ack_codes.hpp>
#include <edigate/validate/codes.hpp>

namespace edigate::validate {

namespace {

// TA105 note for a bad ISA element, by position (ISA01..ISA16).
std::string_view isa_note(std::uint16_t element) noexcept {
  static constexpr std::string_view notes[] = {"",    "010", "011", "012", "013", "005", "006", "007", "008",
                                               "014", "015", "016", "017", "018", "019", "020", "027"};
  return element < std::size(notes) ? notes[element] : "024";
}

}  // namespace

FindingCodes codes_for(ErrorCode code, std::string_view tag, std::uint16_t element) noexcept {
  using E = ErrorCode;
  switch (code) {
    // segments: AK304 / IK304
    case E::unrecognized_segment: return {"1", "", "5", "", "", "15"};
    case E::unexpected_segment: return {"2", "", "5", "", "", "15"};
    case E::required_segment_missing: return {"3", "", "5", "", "", "13"};
    case E::loop_over_max: return {"4", "", "5", "", "", "36"};
    case E::segment_over_max: return {"5", "", "5", "", "", "35"};
    case E::segment_not_in_set: return {"6", "", "5", "", "", "15"};
    case E::segment_out_of_order: return {"7", "", "5", "", "", "15"};
    case E::not_used_segment_present: return {"I4", "", "I5", "", "", "15"};
    case E::loop_under_min: return {"I7", "", "I5", "", "", "13"};
    case E::segment_under_min: return {"I8", "", "I5", "", "", "13"};
    // elements: AK403 / IK403 (the segment gets AK304 8)
    case E::required_element_missing: return {"8", "1", "5", "", "", "13"};
    case E::conditional_element_missing: return {"8", "2", "5", "", "", "13"};
    case E::too_many_elements: return {"8", "3", "5", "", "", "16"};
    case E::element_too_short: return {"8", "4", "5", "", "", "40"};
    case E::element_too_long: return {"8", "5", "5", "", "", "39"};
    case E::invalid_character: return {"8", "6", "5", "", "", "21"};
    case E::invalid_code_value:
      // UNB S001 (syntax identifier and version): the syntax level or version is not supported.
      if (tag == "UNB" && element == 1) return {"8", "7", "5", "", "", "2"};
      return {"8", "7", "5", "", "", "12"};
    case E::invalid_date: return {"8", "8", "5", "", "", "12"};
    case E::invalid_time: return {"8", "9", "5", "", "", "12"};
    case E::exclusion_violated: return {"8", "10", "5", "", "", "12"};
    case E::too_many_repetitions: return {"8", "12", "5", "", "", "16"};
    case E::too_many_components: return {"8", "13", "5", "", "", "16"};
    case E::code_not_in_guide: return {"8", "I6", "I5", "", "", "12"};
    case E::not_used_element_present: return {"8", "I10", "I5", "", "", "15"};
    case E::too_few_repetitions: return {"8", "I11", "I5", "", "", "13"};
    case E::pattern_mismatch: return {"8", "I12", "I5", "", "", "12"};
    case E::invalid_hierarchy: return {"8", "7", "5", "", "", "12"};
    // sets, groups, interchanges
    case E::set_not_supported: return {"", "", "1", "", "", "14"};
    case E::set_type_mismatch: return {"", "", "6", "", "", "14"};
    case E::duplicate_set_control: return {"", "", "23", "", "", "26"};
    case E::group_not_supported: return {"", "", "", "1", "024", "14"};
    case E::group_version_not_supported: return {"", "", "", "2", "", "2"};
    case E::duplicate_group_control: return {"", "", "", "19", "", "26"};
    case E::duplicate_interchange_control: return {"", "", "", "", "025", "26"};
    case E::invalid_envelope_value: return {"", "", "", "", tag == "ISA" ? isa_note(element) : "024", "12"};
    default: break;
  }
  const edi::AckCodes envelope = edi::ack_codes(code, tag);
  return {"", "", envelope.set, envelope.group, envelope.ta1, envelope.contrl};
}

std::string_view code_for_997(std::string_view code_999, bool element_level, bool version_4010) noexcept {
  if (element_level) {
    if (code_999 == "I6") return "7";    // code not used by the guide: an invalid code to a 997
    if (code_999 == "I10") return "3";   // element the guide does not use: one too many
    if (code_999 == "I11") return "1";
    if (code_999 == "I12") return "6";
    if (version_4010 && (code_999 == "12" || code_999 == "13")) return "3";
    return code_999;
  }
  if (code_999 == "I4") return "2";
  if (code_999 == "I7" || code_999 == "I8") return "3";
  if (code_999 == "I5") return "5";
  return code_999;
}

}  // namespace edigate::validate
