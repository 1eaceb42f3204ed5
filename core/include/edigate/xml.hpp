#pragma once
// An XML file or text as a small tree of elements with attributes, text and source positions, read
// with Xerces-C++ SAX2. Schema files, map files, model files and ERP XML documents all come through
// here; the first three are validated against our own XSDs on the way in.
#include <edigate/result.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edigate::xml {

struct Element {
  std::string name;  // local name; the namespace is dropped (an XSD, when given, already checked it)
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Element> children;
  std::string text;  // character data directly inside this element, whitespace kept
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  const std::string* attribute(std::string_view key) const noexcept;
  std::string attribute_or(std::string_view key, std::string_view fallback) const;
  const Element* child(std::string_view child_name) const noexcept;
};

struct ReadOptions {
  // Validate against this XSD for `target_namespace` (empty: well-formedness only). Documents cannot
  // name another schema: the location is ours, and external DTDs and entities are never loaded.
  std::filesystem::path xsd;
  std::string target_namespace;
  ErrorCode invalid = ErrorCode::invalid_schema;    // code for a malformed or invalid document
  ErrorCode missing = ErrorCode::schema_not_found;  // code for a file that does not exist
  bool keep_text = false;                           // collect character data (ERP documents)
};

Result<Element> read_file(const std::filesystem::path& file, const ReadOptions& options);
// `name` is what errors call the text (a file name, "stdin").
Result<Element> read_text(std::string_view text, const std::string& name, const ReadOptions& options);

// An error with `code` at `node` in `file`.
Error error_at(ErrorCode code, const std::string& file, const Element& node, std::string message);

// Text with &, <, >, " and ' escaped for element content and attribute values.
std::string escape(std::string_view text);

}  // namespace edigate::xml
