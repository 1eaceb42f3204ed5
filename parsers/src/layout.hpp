#pragma once
// The bytes of an interchange that its segment views do not hold: line breaks inside hard-wrapped
// segments, the whitespace between UNA and UNB, and what stands between interchanges. The writer
// and the JSON form both need them to give the input back byte for byte.
#include <edigate/edi/interchange.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::edi::detail {

// Line-break bytes that stood before `position` of the segment's written text (raw + terminator).
struct Break {
  std::size_t position = 0;
  std::string bytes;
  friend bool operator==(const Break&, const Break&) = default;
};

struct InterchangeLayout {
  std::string service_string_gap;          // after UNA, before UNB
  std::vector<std::vector<Break>> breaks;  // one list per Interchange::segments entry
};

// Exact when `source` holds the bytes the offsets refer to; inferred otherwise.
InterchangeLayout layout_of(const Interchange& interchange, std::string_view source);

// Bytes of `source` before interchange `index` that belong to no interchange (BOM, junk).
std::string_view leading_bytes(std::span<const Interchange> interchanges, std::size_t index,
                               std::string_view source) noexcept;
// Bytes after the last interchange.
std::string_view trailing_bytes(std::span<const Interchange> interchanges, std::string_view source) noexcept;

// raw + terminator with the breaks put back.
void append_with_breaks(std::string& out, std::string_view raw, char terminator,
                        std::span<const Break> breaks);

// Carriage returns, line feeds, spaces and tabs only.
bool is_blank_text(std::string_view text) noexcept;

}  // namespace edigate::edi::detail
