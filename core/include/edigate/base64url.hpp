#pragma once
// RFC 4648 §5 base64url without padding: tokens and page cursors that travel in URLs and headers.
#include <optional>
#include <string>
#include <string_view>

namespace edigate {

std::string base64url_encode(std::string_view bytes);
// nullopt for a character outside the alphabet.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace edigate
