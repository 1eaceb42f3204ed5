#include "json_text.hpp"

#include <cstdint>

namespace edigate::edi::detail {
namespace {

// Decodes one UTF-8 sequence at text[i]; returns its length, 0 when malformed (overlong, surrogate,
// beyond U+10FFFF, truncated).
std::size_t decode(std::string_view text, std::size_t i, std::uint32_t& code_point) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char first = byte(i);
  std::size_t length = 0;
  std::uint32_t minimum = 0;
  if (first < 0x80) {
    code_point = first;
    return 1;
  }
  if ((first & 0xE0) == 0xC0) {
    length = 2;
    code_point = first & 0x1F;
    minimum = 0x80;
  } else if ((first & 0xF0) == 0xE0) {
    length = 3;
    code_point = first & 0x0F;
    minimum = 0x800;
  } else if ((first & 0xF8) == 0xF0) {
    length = 4;
    code_point = first & 0x07;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
    return 0;
  return length;
}

}  // namespace

bool valid_utf8(std::string_view bytes) noexcept {
  std::uint32_t code_point = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = decode(bytes, i, code_point);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string TextCodec::text(std::string_view bytes) const {
  if (!latin1) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

std::optional<std::string> TextCodec::bytes(std::string_view text) const {
  if (!latin1) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::uint32_t code_point = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode(text, i, code_point);
    if (n == 0 || code_point > 0xFF) return std::nullopt;
    out.push_back(static_cast<char>(code_point));
    i += n;
  }
  return out;
}

}  // namespace edigate::edi::detail
