#pragma once
// JSON text to a Node tree and back, keeping every number's exact digits (nlohmann-json's SAX
// interface hands us the original text; binary floating point never holds a value).
#include <edigate/maps/document.hpp>
#include <edigate/result.hpp>

#include <string>
#include <string_view>

namespace edigate::maps::engine {

inline constexpr std::size_t max_json_depth = 64;

// `name` is what errors call the text. Errors carry code invalid_document and the byte offset.
Result<Node> parse_json(std::string_view text, const std::string& name);

// Pretty (two-space indent) or compact JSON; numbers and booleans are written from their text (a
// text that is not one is written as a string), strings as valid UTF-8 (bad bytes become U+FFFD).
std::string write_json(const Node& node, bool pretty);
void write_json(const Node& node, bool pretty, std::size_t depth, std::string& out);
void write_json_string(std::string_view text, std::string& out);

}  // namespace edigate::maps::engine
