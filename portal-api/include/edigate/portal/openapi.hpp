#pragma once
// The portal API's OpenAPI 3.1 document (portal-api/openapi.yaml), built into the binary at build time
// so a server always describes the contract it was built with.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edigate::portal {

inline constexpr std::string_view openapi_content_type = "application/yaml";

// portal-api/openapi.yaml byte for byte, as it was when the binary was built.
std::string_view openapi_document() noexcept;

// (method, path template) of every operation in the built-in document, in document order: methods in
// upper case ("GET"), templates as the document writes them ("/v1/partners/{partner}"). Lets tests
// check that a router and the document agree.
std::vector<std::pair<std::string, std::string>> openapi_operations();

// The same for any document in openapi.yaml's layout: not a YAML parser but a line scan of the
// top-level `paths:` block, which relies on two-space indentation with path keys at column 2 and
// operation keys at column 4 (the layout the top of openapi.yaml asks editors to keep). Path items
// written inline (`/x: {...}`) or as a $ref are not looked into.
std::vector<std::pair<std::string, std::string>> openapi_operations(std::string_view document);

}  // namespace edigate::portal
