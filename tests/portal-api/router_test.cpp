#include <edigate/portal/http.hpp>
#include <edigate/portal/router.hpp>

#include <gtest/gtest.h>

namespace edigate::portal {
namespace {

Handler named(std::string name) {
  return [name](const Request&) { return Response::text(200, name); };
}

std::string call(const RouteMatch& match) {
  EXPECT_EQ(match.outcome, RouteMatch::Outcome::found);
  if (match.handler == nullptr) return {};
  return (*match.handler)(Request{}).body;
}

TEST(Router, MatchesLiteralsAndCaptures) {
  Router router;
  router.add(Method::get, "/v1/partners", named("list"));
  router.add(Method::get, "/v1/partners/{name}", named("one"));
  router.add(Method::get, "/v1/partners/{name}/agreements/{id}", named("agreement"));

  EXPECT_EQ(call(router.match(Method::get, "/v1/partners")), "list");
  auto one = router.match(Method::get, "/v1/partners/northwind");
  EXPECT_EQ(call(one), "one");
  EXPECT_EQ(one.route, "/v1/partners/{name}");
  ASSERT_EQ(one.params.size(), 1U);
  EXPECT_EQ(one.params[0], (std::pair<std::string, std::string>{"name", "northwind"}));

  auto agreement = router.match(Method::get, "/v1/partners/acme/agreements/7");
  EXPECT_EQ(call(agreement), "agreement");
  ASSERT_EQ(agreement.params.size(), 2U);
  EXPECT_EQ(agreement.params[1].second, "7");
}

TEST(Router, CapturesArePercentDecodedAndHoldEncodedSlashes) {
  Router router;
  router.add(Method::get, "/v1/partners/{name}", named("one"));
  auto match = router.match(Method::get, "/v1/partners/north%20wind%2Fretail");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::found);
  EXPECT_EQ(match.params[0].second, "north wind/retail");
  // Badly encoded or empty captures match nothing.
  EXPECT_EQ(router.match(Method::get, "/v1/partners/bad%zz").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(router.match(Method::get, "/v1/partners/").outcome, RouteMatch::Outcome::not_found);
}

TEST(Router, UnknownPathsAreNotFound) {
  Router router;
  router.add(Method::get, "/v1/health", named("health"));
  EXPECT_EQ(router.match(Method::get, "/v1/healthz").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(router.match(Method::get, "/v1/health/").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(router.match(Method::get, "/v1").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(router.match(Method::get, "v1/health").outcome, RouteMatch::Outcome::not_found);
  EXPECT_EQ(router.match(Method::get, "").outcome, RouteMatch::Outcome::not_found);
}

TEST(Router, LiteralSegmentBeatsCapture) {
  Router router;
  router.add(Method::get, "/v1/partners/{name}", named("one"));
  router.add(Method::get, "/v1/partners/new", named("form"));
  router.add(Method::get, "/v1/{kind}/new", named("generic"));
  EXPECT_EQ(call(router.match(Method::get, "/v1/partners/new")), "form");
  EXPECT_EQ(call(router.match(Method::get, "/v1/partners/acme")), "one");
  EXPECT_EQ(call(router.match(Method::get, "/v1/maps/new")), "generic");
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
  Router router;
  router.add(Method::get, "/v1/partners/{name}", named("get"));
  router.add(Method::delete_, "/v1/partners/{name}", named("delete"));
  auto match = router.match(Method::post, "/v1/partners/acme");
  EXPECT_EQ(match.outcome, RouteMatch::Outcome::method_not_allowed);
  EXPECT_EQ(match.route, "/v1/partners/{name}");
  EXPECT_EQ(match.allowed, (std::vector<Method>{Method::get, Method::head, Method::delete_}));
}

TEST(Router, HeadFallsBackToGet) {
  Router router;
  router.add(Method::get, "/v1/health", named("health"));
  EXPECT_EQ(call(router.match(Method::head, "/v1/health")), "health");
}

TEST(Router, AddingTheSameRouteAgainReplacesIt) {
  Router router;
  router.add(Method::get, "/v1/health", named("old"));
  router.add(Method::get, "/v1/health", named("new"));
  EXPECT_EQ(call(router.match(Method::get, "/v1/health")), "new");
}

TEST(Http, PercentDecode) {
  EXPECT_EQ(percent_decode("a%20b%2fc"), "a b/c");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%"), std::nullopt);
  EXPECT_EQ(percent_decode("%2"), std::nullopt);
  EXPECT_EQ(percent_decode("%g0"), std::nullopt);
  EXPECT_EQ(percent_decode("100%25"), "100%");
}

TEST(Http, QueryParameters) {
  Request request;
  request.query = "status=overdue&partner=north+wind&po=45%2F001&empty=&flag";
  EXPECT_EQ(request.query_param("status"), "overdue");
  EXPECT_EQ(request.query_param("partner"), "north wind");
  EXPECT_EQ(request.query_param("po"), "45/001");
  EXPECT_EQ(request.query_param("empty"), "");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_EQ(request.query_param("missing"), std::nullopt);
}

TEST(Http, HeadersAreCaseInsensitive) {
  Request request;
  request.headers = {{"X-Request-Id", "abc"}, {"Accept", "application/json"}};
  EXPECT_EQ(request.header("x-request-id"), "abc");
  EXPECT_EQ(request.header("Content-Type"), std::nullopt);

  Response response = Response::text(200, "hi");
  response.set_header("content-type", "text/csv");
  EXPECT_EQ(response.headers.size(), 1U);
  EXPECT_EQ(response.header("Content-Type"), "text/csv");
}

TEST(Http, Methods) {
  EXPECT_EQ(parse_method("DELETE"), Method::delete_);
  EXPECT_EQ(parse_method("get"), Method::other);  // methods are case-sensitive
  EXPECT_EQ(to_string(Method::patch), "PATCH");
}

}  // namespace
}  // namespace edigate::portal
