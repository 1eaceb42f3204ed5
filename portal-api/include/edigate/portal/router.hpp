#pragma once
// Routes from method + path template to handler.
//
//   router.add(Method::get, "/v1/partners/{name}", [](const Request& r) {
//     return Response::json(200, {{"name", r.param("name")}});
//   });
//
// A template is "/"-separated segments; "{name}" captures one whole segment (percent-decoded, so an
// encoded "/" stays inside it). Where a literal and a capture both match ("/v1/partners/new" and
// "/v1/partners/{name}"), the literal wins, segment by segment from the left.
#include <edigate/portal/http.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::portal {

// Handlers may throw: the server answers 500 and logs the exception, never sending its text.
using Handler = std::function<Response(const Request&)>;

struct RouteMatch {
  enum class Outcome : std::uint8_t { found, not_found, method_not_allowed };
  Outcome outcome = Outcome::not_found;
  const Handler* handler = nullptr;  // found
  std::string route;                 // the template (found, method_not_allowed)
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<Method> allowed;  // method_not_allowed: what the path accepts (HEAD wherever GET is)
};

class Router {
 public:
  // The same method and template again replaces the handler.
  void add(Method method, std::string_view pattern, Handler handler);

  // HEAD falls back to the GET route of the path (the server then sends no body).
  RouteMatch match(Method method, std::string_view path) const;

 private:
  struct Segment {
    bool capture = false;
    std::string text;  // literal text, or the capture's name
  };
  struct Route {
    Method method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace edigate::portal
