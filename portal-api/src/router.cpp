#include <edigate/portal/router.hpp>

#include <algorithm>
#include <cassert>

namespace edigate::portal {
namespace {

// "/a/b" → {"a", "b"}; "/" → {""}. A path without its leading "/" gives nothing (no route matches).
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path.front() != '/') return parts;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

}  // namespace

void Router::add(Method method, std::string_view pattern, Handler handler) {
  assert(!pattern.empty() && pattern.front() == '/' && "route templates start with /");
  Route route{method, std::string(pattern), {}, std::move(handler)};
  for (auto part : split_path(pattern)) {
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      segment.capture = true;
      part = part.substr(1, part.size() - 2);
    }
    segment.text = std::string(part);
    route.segments.push_back(std::move(segment));
  }
  for (auto& existing : routes_) {
    if (existing.method == method && existing.pattern == route.pattern) {
      existing = std::move(route);
      return;
    }
  }
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  RouteMatch result;
  // Per matching template: its literal mask (more literals to the left is more specific), the
  // captures, and the methods it is registered for.
  struct Candidate {
    std::vector<bool> literal;
    const Route* route;
    std::vector<std::pair<std::string, std::string>> params;
  };
  std::vector<Candidate> candidates;
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    Candidate candidate{{}, &route, {}};
    bool matches = true;
    for (std::size_t i = 0; i < parts.size() && matches; ++i) {
      const auto& segment = route.segments[i];
      if (!segment.capture) {
        matches = segment.text == parts[i];
        candidate.literal.push_back(true);
        continue;
      }
      auto value = percent_decode(parts[i]);
      matches = value.has_value() && !value->empty();
      if (matches) candidate.params.emplace_back(segment.text, std::move(*value));
      candidate.literal.push_back(false);
    }
    if (matches) candidates.push_back(std::move(candidate));
  }
  if (candidates.empty()) return result;

  // The most specific template wins; methods are looked up on it alone, so a GET on
  // /v1/partners/new never falls through to /v1/partners/{name}.
  const auto& best_mask =
      std::max_element(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.literal < b.literal;
      })->literal;
  const Candidate* chosen = nullptr;
  const Candidate* get_route = nullptr;
  for (const auto& candidate : candidates) {
    if (candidate.literal != best_mask) continue;
    if (candidate.route->method == method) chosen = &candidate;
    if (candidate.route->method == Method::get) get_route = &candidate;
    result.allowed.push_back(candidate.route->method);
  }
  if (chosen == nullptr && method == Method::head) chosen = get_route;
  if (chosen == nullptr) {
    if (get_route != nullptr &&
        std::find(result.allowed.begin(), result.allowed.end(), Method::head) == result.allowed.end()) {
      result.allowed.push_back(Method::head);
    }
    std::sort(result.allowed.begin(), result.allowed.end());
    result.outcome = RouteMatch::Outcome::method_not_allowed;
    result.route = candidates.front().route->pattern;
    for (const auto& candidate : candidates) {
      if (candidate.literal == best_mask) {
        result.route = candidate.route->pattern;
        break;
      }
    }
    return result;
  }
  result.outcome = RouteMatch::Outcome::found;
  result.handler = &chosen->route->handler;
  result.route = chosen->route->pattern;
  result.params = chosen->params;
  result.allowed.clear();
  return result;
}

}  // namespace edigate::portal
