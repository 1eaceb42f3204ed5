#pragma once
// A lossless JSON form of the syntax tree (docs/json-form.md, docs/syntax-tree.schema.json):
// values unescaped, delimiters explicit, envelope structure nested, and every byte the segments do not
// hold (gaps, UNA, wraps, what stands between interchanges) recorded, so that
// from_json(to_json(x)) gives the input back byte for byte.
#include <edigate/edi/interchange.hpp>
#include <edigate/result.hpp>

#include <nlohmann/json_fwd.hpp>

#include <span>
#include <string>
#include <string_view>

namespace edigate::edi {

// One interchange object. `source`, when given, is the input the interchange's offsets refer to: it
// makes hard-wrapped segments and the whitespace after UNA exact instead of inferred.
nlohmann::ordered_json to_json(const Interchange& interchange, std::string_view source = {});
// {"interchanges": [...]}; with a source, bytes before, between and after interchanges are kept too.
nlohmann::ordered_json to_json(std::span<const Interchange> interchanges, std::string_view source = {});

// The EDI bytes of a document ({"interchanges": [...]}) or of one interchange object. A wrong shape is
// an Error (code invalid_json) whose message starts with the path in the JSON, e.g.
// "interchanges[0].groups[1].sets[0].segments[2].elements[3]: ...". `name` goes into Error::where.file.
Result<std::string> from_json(const nlohmann::json& value, const std::string& name = {});
Result<std::string> from_json(const nlohmann::ordered_json& value, const std::string& name = {});
// Parses JSON text first (a syntax error is an Error with its byte position).
Result<std::string> from_json_text(std::string_view text, const std::string& name = {});

}  // namespace edigate::edi
