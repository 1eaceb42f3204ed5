#pragma once
// An exact decimal number: a 128-bit integer significand and a count of fraction digits. Amounts,
// prices and quantities are computed with it; binary floating point never touches them.
#include <edigate/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edigate::maps {

class Decimal {
 public:
  Decimal() = default;
  static Decimal from_integer(std::int64_t value) noexcept;

  // "-12.50", "+3", ".5", "7." (X12 R); no exponent, no grouping, at most 30 digits.
  static std::optional<Decimal> parse(std::string_view text) noexcept;
  // X12 Nn: `digits` with `implied` fraction digits ("12345", 2 -> 123.45); a sign is allowed.
  static std::optional<Decimal> parse_implied(std::string_view digits, unsigned implied) noexcept;

  // Plain notation with every kept fraction digit: 123.40 stays "123.40".
  std::string to_string() const;
  // At most `max_scale` fraction digits (rounded half away from zero), trailing zeros removed.
  std::string to_string_trimmed(unsigned max_scale = 6) const;
  // X12 Nn: the value rounded to `implied` fraction digits, written without a point ("123.45" -> "12345").
  std::string to_implied(unsigned implied) const;

  Decimal rounded(unsigned scale) const noexcept;  // half away from zero
  unsigned scale() const noexcept { return scale_; }
  bool is_zero() const noexcept { return significand_ == 0; }
  bool negative() const noexcept { return significand_ < 0; }

  // Nullopt when the result does not fit (more than 36 significant digits).
  friend std::optional<Decimal> add(const Decimal& a, const Decimal& b) noexcept;
  friend std::optional<Decimal> multiply(const Decimal& a, const Decimal& b) noexcept;
  friend int compare(const Decimal& a, const Decimal& b) noexcept;  // -1, 0, 1 by value
  friend bool operator==(const Decimal& a, const Decimal& b) noexcept { return compare(a, b) == 0; }

 private:
  __extension__ using Int = __int128;  // GCC and clang; -Wpedantic would flag the bare keyword
  Int significand_ = 0;
  unsigned scale_ = 0;
};

}  // namespace edigate::maps
