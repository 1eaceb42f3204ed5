#include <edigate/edi/ack_codes.hpp>

namespace edigate::edi {

AckCodes ack_codes(ErrorCode code, std::string_view tag) noexcept {
  switch (code) {
    case ErrorCode::premature_end:
    case ErrorCode::interchange_trailer_missing:
      return {"023", "", "", "13"};
    case ErrorCode::segment_too_long:
    case ErrorCode::invalid_isa:
    case ErrorCode::unexpected_trailer:
      return {"022", "", "", "33"};
    case ErrorCode::invalid_una:
      return {"", "", "", "20"};
    case ErrorCode::invalid_interchange_header:
      return {"", "", "", "13"};
    case ErrorCode::unsupported_syntax:
      return {"", "", "", "2"};
    case ErrorCode::invalid_control_number:
      return {"018", "", "", "12"};
    case ErrorCode::invalid_segment_tag:
      return {"", "5", "", "15"};
    case ErrorCode::invalid_segment_terminator:
      return {"004", "", "", "22"};
    case ErrorCode::invalid_element_separator:
      return {"026", "", "", "22"};
    case ErrorCode::invalid_component_separator:
      return {"027", "", "", "22"};
    case ErrorCode::interchange_control_mismatch:
      return {"001", "", "", "28"};
    case ErrorCode::interchange_count_mismatch:
      return {"021", "", "", "29"};
    case ErrorCode::group_trailer_missing:
      return {"", "", "3", "13"};
    case ErrorCode::group_control_mismatch:
      return {"", "", "4", "28"};
    case ErrorCode::group_count_mismatch:
      return {"", "", "5", "29"};
    case ErrorCode::set_trailer_missing:
      return {"", "2", "", "13"};
    case ErrorCode::set_control_mismatch:
      return {"", "3", "", "28"};
    case ErrorCode::set_count_mismatch:
      return {"", "4", "", "29"};
    case ErrorCode::invalid_count_value:
      if (tag == "IEA") return {"021", "", "", ""};
      if (tag == "GE") return {"", "", "5", ""};
      if (tag == "SE") return {"", "4", "", ""};
      return {"", "", "", "29"};
    case ErrorCode::segment_outside_set:
      return {"024", "", "", "33"};
    case ErrorCode::set_outside_group:
      return {"024", "18", "", ""};
    case ErrorCode::groups_and_messages_mixed:
      return {"", "", "", "30"};
    case ErrorCode::io_error:
    case ErrorCode::usage:
    case ErrorCode::no_interchange:
    case ErrorCode::junk_before_interchange:
    case ErrorCode::invalid_json:
      break;
    default:
      break;
  }
  return {};
}

}  // namespace edigate::edi
