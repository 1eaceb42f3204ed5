#pragma once
// Spirit X3 grammars of the envelope syntax. Declared here, defined in grammar.cpp, so Spirit stays
// out of every other translation unit.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace edigate::edi::detail {

struct IsaHeader {
  bool fixed_length = true;               // all 16 fields at their standard widths
  std::array<std::string_view, 16> fields; // ISA01..ISA16
  char element = 0;
  char component = 0;                      // ISA16
  char terminator = 0;                     // the byte after ISA16
  std::size_t length = 0;                  // bytes from "ISA" through the terminator
};
// `text` starts with "ISA". Tries the fixed-width grammar first, then a variable-width one.
std::optional<IsaHeader> parse_isa(std::string_view text);

struct ServiceString {  // UNA
  char component, element, decimal, release, repetition, terminator;
};
std::optional<ServiceString> parse_una(std::string_view text);

// 2-3 characters: an upper-case letter, then upper-case letters or digits.
bool is_segment_tag(std::string_view tag) noexcept;

// A whole unsigned decimal number (leading spaces and zeros allowed, as partners send them).
std::optional<std::uint64_t> parse_count(std::string_view text) noexcept;

}  // namespace edigate::edi::detail
