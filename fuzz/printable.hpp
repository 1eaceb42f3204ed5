#pragma once
// Input bytes made readable for a fuzz failure message.
#include <cstdio>
#include <string>
#include <string_view>

namespace edigate::fuzz {

// Printable ASCII as is, anything else as \xNN; cut after `limit` bytes.
inline std::string shown(std::string_view s, std::size_t limit = 120) {
  std::string out;
  for (char c : s.substr(0, limit)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      out.push_back(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", u);
      out += hex;
    }
  }
  if (s.size() > limit) out += "...";
  return out;
}

}  // namespace edigate::fuzz
