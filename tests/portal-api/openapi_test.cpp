// The built-in OpenAPI document: what the route serves, that it is the file in the source tree byte for
// byte, the generator that embeds it, and the scan that lists its operations.
#include <edigate/portal/builtin_routes.hpp>
#include <edigate/portal/openapi.hpp>
#include <edigate/portal/router.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

namespace edigate::portal {
namespace testing {
// Generated from tests/data/portal-api/embed_edge_cases.txt (tests/CMakeLists.txt).
std::string_view embedded_edge_cases() noexcept;
}  // namespace testing

namespace {

using Operations = std::vector<std::pair<std::string, std::string>>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t count_lines_starting(std::string_view text, std::string_view prefix) {
  std::size_t count = 0;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0) ++count;
  }
  return count;
}

TEST(OpenApi, EmbeddedDocumentIsTheFileInTheSourceTree) {
  const auto on_disk = read_file(EDIGATE_OPENAPI_YAML);
  ASSERT_GT(on_disk.size(), 1000U);
  EXPECT_EQ(openapi_document(), on_disk);
}

TEST(OpenApi, DeclaresOpenApi31) {
  const auto document = openapi_document();
  EXPECT_EQ(document.substr(0, document.find('\n')), "openapi: 3.1.0");
}

TEST(OpenApi, RouteServesTheDocumentAsYaml) {
  Router router;
  add_openapi_route(router);
  const auto match = router.match(Method::get, "/v1/openapi.yaml");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::found);
  ASSERT_NE(match.handler, nullptr);
  Request request;
  request.target = request.path = "/v1/openapi.yaml";
  const auto response = (*match.handler)(request);
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(response.header("Content-Type"), "application/yaml");
  EXPECT_EQ(response.body, openapi_document());
  EXPECT_EQ(router.match(Method::post, "/v1/openapi.yaml").outcome, RouteMatch::Outcome::method_not_allowed);
}

// The generator's delimiter, escapes, CMake syntax, UTF-8 cut into 64-byte literals, no final newline.
TEST(OpenApi, EmbeddingKeepsEveryByte) {
  const auto on_disk = read_file(EDIGATE_TEST_DATA "/portal-api/embed_edge_cases.txt");
  ASSERT_NE(on_disk.find(")embed\""), std::string::npos);
  ASSERT_NE(on_disk.find(")embed1\""), std::string::npos);
  ASSERT_NE(on_disk.find("${NOT_A_VARIABLE}"), std::string::npos);
  ASSERT_NE(on_disk.back(), '\n');
  EXPECT_EQ(testing::embedded_edge_cases(), on_disk);
}

TEST(OpenApi, OperationsOfTheDocument) {
  const auto operations = openapi_operations();
  // Every operation has an operationId line at six spaces: a count the scan does not use.
  EXPECT_EQ(operations.size(), count_lines_starting(openapi_document(), "      operationId: "));
  EXPECT_EQ(operations.size(), 28U);
  EXPECT_EQ(std::set(operations.begin(), operations.end()).size(), operations.size()) << "duplicates";

  const auto has = [&](std::string method, std::string path) {
    return std::find(operations.begin(), operations.end(), std::pair{method, path}) != operations.end();
  };
  EXPECT_TRUE(has("GET", "/v1/health"));
  EXPECT_TRUE(has("GET", "/metrics"));
  EXPECT_TRUE(has("GET", "/v1/openapi.yaml"));
  EXPECT_TRUE(has("PATCH", "/v1/partners/{partner}"));
  EXPECT_TRUE(has("PUT", "/v1/partners/{partner}/agreements/{document}/{direction}"));
  EXPECT_TRUE(has("DELETE", "/v1/partners/{partner}/agreements/{document}/{direction}"));
  EXPECT_TRUE(has("DELETE", "/v1/partners/{partner}/certificates/{sha256}"));
  EXPECT_TRUE(has("GET", "/v1/acknowledgments/overdue"));
  EXPECT_TRUE(has("POST", "/v1/documents/{id}/resend"));
  EXPECT_TRUE(has("POST", "/v1/outbound/{partner}"));
  // Path-level `parameters:` is no operation.
  for (const auto& [method, path] : operations) {
    EXPECT_NE(method, "PARAMETERS") << path;
    EXPECT_EQ(path.front(), '/') << method << " " << path;
  }
}

// The built-in routes and the document agree on the three public operations they share.
TEST(OpenApi, BuiltInRoutesAreInTheDocument) {
  Router router;
  add_health_routes(router);
  add_metrics_route(router);
  add_openapi_route(router);
  std::size_t routed = 0;
  for (const auto& [method, path] : openapi_operations()) {
    if (router.match(parse_method(method), path).outcome == RouteMatch::Outcome::found) ++routed;
  }
  EXPECT_EQ(routed, 3U);
}

TEST(OpenApi, OperationScanFollowsTheLayout) {
  const std::string_view document =
      "openapi: 3.1.0\n"
      "info:\n"
      "  title: paths and get here are not in the paths block\n"
      "  get:\n"
      "paths:   # the block\n"
      "  /v1/a:\n"
      "    parameters:\n"
      "      - name: get\n"
      "    get:\n"
      "      summary: A\n"
      "      responses:\n"
      "        post:\n"
      "\n"
      "    # a comment between operations\n"
      "    delete:   # trailing comment\n"
      "  '/v1/b/{id}':\n"
      "    Post:\n"
      "    patch:\n"
      "  /v1/inline: {$ref: '#/components/pathItems/X'}\n"
      "    put:\n"
      "  x-extension:\n"
      "    get:\n"
      "components:\n"
      "  /v1/c:\n"
      "    get:\n";
  EXPECT_EQ(openapi_operations(document),
            (Operations{{"GET", "/v1/a"}, {"DELETE", "/v1/a"}, {"PATCH", "/v1/b/{id}"}}));
  EXPECT_TRUE(openapi_operations("").empty());
  EXPECT_TRUE(openapi_operations("openapi: 3.1.0\npaths: {}\n").empty());
  EXPECT_EQ(openapi_operations("paths:\r\n  /v1/crlf:\r\n    get:\r\n"), (Operations{{"GET", "/v1/crlf"}}));
}

}  // namespace
}  // namespace edigate::portal
