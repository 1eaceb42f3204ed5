#pragma once
// A schema file as a tree of elements (edigate/xml.hpp), validated against edigate-schema.xsd on the way in.
#include <edigate/result.hpp>
#include <edigate/xml.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edigate::schema::detail {

using XmlNode = xml::Element;

Result<XmlNode> read_xml(const std::filesystem::path& file, const std::filesystem::path& xsd);

// An invalid_schema error at `node` in `file`.
Error schema_error(const std::string& file, const XmlNode& node, std::string message);

// Attribute helpers that turn a bad value into an invalid_schema error.
Result<std::uint32_t> count_attribute(const std::string& file, const XmlNode& node, std::string_view key,
                                      std::uint32_t fallback);

}  // namespace edigate::schema::detail
