#include <edigate/portal/openapi.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace edigate::portal {
namespace {

// The fixed fields of an OpenAPI 3.1 path item that are operations.
constexpr std::array<std::string_view, 8> operation_keys = {"get",     "put",  "post",  "delete",
                                                            "options", "head", "patch", "trace"};

std::size_t indent_of(std::string_view line) {
  const auto first = line.find_first_not_of(' ');
  return first == std::string_view::npos ? line.size() : first;
}

// The line without a trailing comment and trailing blanks.
std::string_view without_comment(std::string_view text) {
  const auto comment = text.find(" #");
  if (comment != std::string_view::npos) text = text.substr(0, comment);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "key:" or "key: value" → "key", without quotes around it; "" when the text is no mapping key.
std::string_view mapping_key(std::string_view text) {
  text = without_comment(text);
  if (text.empty()) return {};
  const auto colon = text.back() == ':' ? text.size() - 1 : text.find(": ");
  if (colon == std::string_view::npos) return {};
  auto key = text.substr(0, colon);
  if (key.size() >= 2 && (key.front() == '\'' || key.front() == '"') && key.back() == key.front()) {
    key = key.substr(1, key.size() - 2);
  }
  return key;
}

// "key:" alone: the value is the indented block below (as opposed to "key: {...}" or "key: $ref").
bool opens_a_block(std::string_view text) {
  text = without_comment(text);
  return !text.empty() && text.back() == ':';
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> openapi_operations(std::string_view document) {
  std::vector<std::pair<std::string, std::string>> operations;
  bool in_paths = false;
  std::string path;  // the path item the scan is in; "" outside one (or in one written inline)
  while (!document.empty()) {
    const auto end = document.find('\n');
    auto line = document.substr(0, end);
    document.remove_prefix(end == std::string_view::npos ? document.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    const auto indent = indent_of(line);
    if (indent == line.size() || line[indent] == '#') continue;  // blank or comment
    if (indent == 0) {
      // Another top-level key ends the block; `paths:` may come anywhere among them.
      in_paths = mapping_key(line) == "paths" && opens_a_block(line);
      path.clear();
      continue;
    }
    if (!in_paths) continue;
    const auto text = line.substr(indent);
    if (indent == 2) {
      const auto key = mapping_key(text);
      path = !key.empty() && key.front() == '/' && opens_a_block(text) ? std::string(key) : std::string();
    } else if (indent == 4 && !path.empty()) {
      const auto key = mapping_key(text);
      if (std::find(operation_keys.begin(), operation_keys.end(), key) != operation_keys.end()) {
        operations.emplace_back(upper(key), path);
      }
    }
  }
  return operations;
}

std::vector<std::pair<std::string, std::string>> openapi_operations() {
  return openapi_operations(openapi_document());
}

}  // namespace edigate::portal
