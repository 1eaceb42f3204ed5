#pragma once
#include <cstdint>
#include <string_view>

namespace edigate::edi {

enum class Standard : std::uint8_t { x12, edifact };
std::string_view to_string(Standard standard) noexcept;

// The service characters of one interchange. Zero means "not used" (X12 before 00402 has no
// repetition separator, X12 has no release character).
struct Delimiters {
  char segment = '~';
  char element = '*';
  char component = ':';
  char repetition = 0;
  char release = 0;
  char decimal = '.';

  static constexpr Delimiters x12() noexcept { return {'~', '*', ':', 0, 0, '.'}; }
  static constexpr Delimiters x12_00501() noexcept { return {'~', '*', ':', '^', 0, '.'}; }
  // ISO 9735 level A defaults when no UNA is given (syntax 4 adds '*' as repetition separator).
  static constexpr Delimiters edifact() noexcept { return {'\'', '+', ':', 0, '?', '.'}; }
  // Level B (UNOB) defaults: information separators IS1..IS4.
  static constexpr Delimiters edifact_level_b() noexcept { return {'\x1C', '\x1D', '\x1F', 0, 0, '.'}; }

  // True when c must be escaped (EDIFACT) or cannot appear (X12) in a value.
  constexpr bool is_service(char c) const noexcept {
    return c == segment || c == element || c == component || (repetition != 0 && c == repetition) ||
           (release != 0 && c == release);
  }
  friend constexpr bool operator==(const Delimiters&, const Delimiters&) = default;
};

}  // namespace edigate::edi
