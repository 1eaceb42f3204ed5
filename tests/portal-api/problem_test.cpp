#include <edigate/portal/problem.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace edigate::portal {
namespace {

TEST(Problem, BodyFollowsRfc9457) {
  const Response response = problem(ProblemKind::not_found, "no partner named acme", "/v1/partners/acme");
  EXPECT_EQ(response.status, 404U);
  EXPECT_EQ(response.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(response.body,
            R"({"type":"https://edigate.dev/problems/not-found","title":"Not found","status":404,)"
            R"("detail":"no partner named acme","instance":"/v1/partners/acme"})");
}

TEST(Problem, EmptyDetailAndInstanceAreLeftOut) {
  const auto body = nlohmann::json::parse(problem(ProblemKind::internal).body);
  EXPECT_EQ(body, (nlohmann::json{{"type", "https://edigate.dev/problems/internal"},
                                  {"title", "Internal server error"},
                                  {"status", 500}}));
}

TEST(Problem, TypesAreStablePerKind) {
  EXPECT_EQ(problem_type(ProblemKind::bad_request), "https://edigate.dev/problems/bad-request");
  EXPECT_EQ(problem_type(ProblemKind::payload_too_large), "https://edigate.dev/problems/payload-too-large");
  EXPECT_EQ(problem_type(ProblemKind::method_not_allowed), "https://edigate.dev/problems/method-not-allowed");
  EXPECT_EQ(problem_type(ProblemKind::header_too_large), "https://edigate.dev/problems/header-too-large");
  EXPECT_EQ(problem_status(ProblemKind::header_too_large), 431U);
  EXPECT_EQ(problem_status(ProblemKind::unprocessable), 422U);
}

TEST(Problem, ExtensionMembersCannotReplaceStandardOnes) {
  const auto body = nlohmann::json::parse(
      problem_with_members(ProblemKind::unprocessable, "2 errors",
                           {{"errors", nlohmann::json::array({"a", "b"})}, {"status", 200}, {"type", "x"}})
          .body);
  EXPECT_EQ(body.at("status"), 422);
  EXPECT_EQ(body.at("type"), "https://edigate.dev/problems/unprocessable");
  EXPECT_EQ(body.at("errors").size(), 2U);
}

TEST(Problem, ErrorsMapToKindsAndInternalMessagesStayInside) {
  Error missing;
  missing.code = ErrorCode::not_found;
  missing.message = "no partner named acme";
  auto body = nlohmann::json::parse(problem(missing).body);
  EXPECT_EQ(body.at("status"), 404);
  EXPECT_EQ(body.at("detail"), "no partner named acme");
  EXPECT_EQ(body.at("code"), "not_found");

  Error taken;
  taken.code = ErrorCode::already_exists;
  EXPECT_EQ(problem(taken).status, 409U);

  Error store;
  store.code = ErrorCode::store_error;
  store.message = "duplicate key in table partners (postgresql://edigate@10.0.0.5/prod)";
  const Response hidden = problem(store);
  EXPECT_EQ(hidden.status, 500U);
  EXPECT_EQ(hidden.body.find("10.0.0.5"), std::string::npos);
  EXPECT_EQ(hidden.body.find("partners"), std::string::npos);

  Error document;
  document.code = ErrorCode::mapping_failed;
  EXPECT_EQ(problem(document).status, 422U);
}

}  // namespace
}  // namespace edigate::portal
