#pragma once
// A schema file as a small tree of elements with their attributes and source positions. Read with
// Xerces-C++ SAX2, validated against edigate-schema.xsd on the way in.
#include <edigate/result.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edigate::schema::detail {

struct XmlNode {
  std::string name;  // local name, namespace dropped (the XSD already checked it)
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<XmlNode> children;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  const std::string* attribute(std::string_view key) const noexcept;
  std::string attribute_or(std::string_view key, std::string_view fallback) const;
};

Result<XmlNode> read_xml(const std::filesystem::path& file, const std::filesystem::path& xsd);

// An invalid_schema error at `node` in `file`.
Error schema_error(const std::string& file, const XmlNode& node, std::string message);

// Attribute helpers that turn a bad value into an invalid_schema error.
Result<std::uint32_t> count_attribute(const std::string& file, const XmlNode& node, std::string_view key,
                                      std::uint32_t fallback);

}  // namespace edigate::schema::detail
