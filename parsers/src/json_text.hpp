#pragma once
// JSON strings are Unicode; EDI bytes need not be UTF-8 (UNOC is ISO 8859-1). An interchange whose
// bytes are valid UTF-8 is carried as text; any other is carried byte for byte as code points
// U+0000..U+00FF ("latin-1"), which is also the right reading of ISO 8859-1 data.
#include <optional>
#include <string>
#include <string_view>

namespace edigate::edi::detail {

bool valid_utf8(std::string_view bytes) noexcept;

struct TextCodec {
  bool latin1 = false;
  // EDI bytes -> a UTF-8 JSON string.
  std::string text(std::string_view bytes) const;
  // A UTF-8 JSON string -> EDI bytes; nullopt when a character has no latin-1 byte (or bad UTF-8).
  std::optional<std::string> bytes(std::string_view text) const;
};

}  // namespace edigate::edi::detail
