#pragma once
// Where each syntax-layer problem lands in the acknowledgment vocabularies (TA1 note codes, 997/999
// AK5/IK5 and AK9 syntax error codes, EDIFACT CONTRL 0085), per ../shared/reference/ack-codes.md.
// Empty means the problem has no code at that level.
#include <edigate/error.hpp>

#include <string_view>

namespace edigate::edi {

struct AckCodes {
  std::string_view ta1;     // TA105 (I18), interchange level
  std::string_view set;     // AK502 / IK502 (DE 718), transaction-set level
  std::string_view group;   // AK905 (DE 716), functional-group level
  std::string_view contrl;  // CONTRL 0085 syntax error
};

// `tag` disambiguates codes that depend on the segment (a bad count in SE, GE or IEA).
AckCodes ack_codes(ErrorCode code, std::string_view tag) noexcept;

}  // namespace edigate::edi
