#include "xml_tree.hpp"

#include <edigate/schema/dictionary.hpp>

#include <charconv>

namespace edigate::schema::detail {

Result<XmlNode> read_xml(const std::filesystem::path& file, const std::filesystem::path& xsd) {
  xml::ReadOptions options;
  options.xsd = xsd;
  options.target_namespace = "urn:edigate:schema:1";
  return xml::read_file(file, options);
}

Error schema_error(const std::string& file, const XmlNode& node, std::string message) {
  return xml::error_at(ErrorCode::invalid_schema, file, node, std::move(message));
}

Result<std::uint32_t> count_attribute(const std::string& file, const XmlNode& node, std::string_view key,
                                      std::uint32_t fallback) {
  const std::string* text = node.attribute(key);
  if (text == nullptr) return fallback;
  if (*text == "unbounded") return unbounded;
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return schema_error(file, node, std::string(key) + "=\"" + *text + "\" is not a count");
  }
  return value;
}

}  // namespace edigate::schema::detail
