#pragma once
// Where each finding lands in the acknowledgment vocabularies (../shared/reference/ack-codes.md).
// Empty means "not reported at that level". Envelope codes come from edi::ack_codes().
#include <edigate/error.hpp>

#include <string_view>

namespace edigate::validate {

struct FindingCodes {
  std::string_view segment;      // 997 AK304 / 999 IK304 (DE 720), 999 form (I-codes included)
  std::string_view element;      // 997 AK403 / 999 IK403 (DE 723), 999 form
  std::string_view set;          // AK502 / IK502 (DE 718)
  std::string_view group;        // AK905 (DE 716)
  std::string_view ta1;          // TA105 (I18)
  std::string_view contrl;       // CONTRL 0085
};

FindingCodes codes_for(ErrorCode code, std::string_view tag = {}, std::uint16_t element = 0) noexcept;

// The 997 (4010) has neither the I-codes nor AK403 12/13: the nearest code it has.
std::string_view code_for_997(std::string_view code_999, bool element_level, bool version_4010) noexcept;

}  // namespace edigate::validate
