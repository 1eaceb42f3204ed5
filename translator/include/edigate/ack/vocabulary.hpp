#pragma once
// The code lists of X12 997/999/TA1 and EDIFACT CONTRL acknowledgments, with a short phrase for each
// code (../shared/reference/ack-codes.md). The ack reader and the validator word their messages
// from here, so one code reads the same everywhere.
#include <cstdint>
#include <string_view>

namespace edigate::ack {

enum class CodeList : std::uint8_t {
  ta1_status,     // I17 TA104: A E R
  ta1_note,       // I18 TA105: 000-031, always three digits
  set_status,     // DE 717 AK501/IK501: A E M R W X
  group_status,   // DE 715 AK901: DE 717 plus P
  set_error,      // DE 718 AK502-506/IK502-506
  group_error,    // DE 716 AK905-909
  segment_error,  // DE 720 AK304/IK304, with the 999's I codes
  element_error,  // DE 723 AK403/IK403, with 12, 13 and the 999's I codes
  contrl_action,  // EDIFACT 0083: 4 7 8
  contrl_error,   // EDIFACT 0085, the current list
};

// Short lower-case phrase for `code` in `list` ("invalid code value", "required segment missing");
// empty when the list has no such code. Codes are matched exactly as they are written in an
// acknowledgment: X12 and CONTRL numbers without leading zeros ("7", not "07"), TA1 notes with three
// digits ("006", not "6").
std::string_view describe_code(CodeList list, std::string_view code) noexcept;

// The list's name in the standards ("DE 720", "I18", "0085"), for messages about unknown codes.
std::string_view to_string(CodeList list) noexcept;

}  // namespace edigate::ack
