#include "canonical/problems.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace edigate::maps::canonical {

namespace {

bool same_step(const Step& a, const Step& b) {
  return a.is_index == b.is_index && (a.is_index ? a.index == b.index : a.name == b.name);
}

bool is_prefix(const Path& prefix, const Path& path) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin(), same_step);
}

std::string_view json_kind(const Node& value) {
  switch (value.scalar()) {
    case Scalar::string: return "a JSON string";
    case Scalar::number: return "a JSON number";
    case Scalar::boolean: return "a JSON boolean";
  }
  return "a value";
}

bool has_exponent(std::string_view number) { return number.find_first_of("eE") != std::string_view::npos; }

}  // namespace

std::string json_pointer(const Path& path) {
  std::string out;
  for (const Step& step : path) {
    out += '/';
    if (step.is_index) {
      out += std::to_string(step.index);
      continue;
    }
    for (const char c : step.name) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

std::string xpath(std::string_view root, const Path& path) {
  std::string out = "/";
  out += root;
  for (const Step& step : path) {
    if (step.is_index) {
      out += fmt::format("[{}]", step.index + 1);
    } else {
      out += '/';
      out += step.name;
    }
  }
  return out;
}

Path parse_check_path(std::string_view path) {
  Path out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) break;
      out.push_back(Step{{}, std::strtoull(std::string(path.substr(i + 1, close - i - 1)).c_str(), nullptr, 10), true});
      i = close + 1;
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    const std::size_t stop = end == std::string_view::npos ? path.size() : end;
    out.push_back(Step{std::string(path.substr(i, stop - i)), 0, false});
    i = stop;
  }
  return out;
}

void Problems::add_check(const std::vector<ModelProblem>& found, const Path& base) {
  const std::size_t own = list_.size();
  for (const ModelProblem& problem : found) {
    Path path = base;
    for (Step& step : parse_check_path(problem.path)) path.push_back(std::move(step));
    const bool known = std::any_of(list_.begin(), list_.begin() + static_cast<std::ptrdiff_t>(own),
                                   [&](const Problem& p) { return is_prefix(p.path, path); });
    if (!known) add(std::move(path), problem.message);
  }
}

Error make_error(const std::string& name, std::string_view what, const std::vector<std::string>& problems) {
  // A document a generator got systematically wrong can break a rule on every line; the first
  // few dozen say what is wrong, the rest only repeat it.
  constexpr std::size_t shown = 25;
  Error err;
  err.code = ErrorCode::invalid_document;
  err.where.file = name;
  if (problems.size() == 1) {
    err.message = problems.front();
    return err;
  }
  err.message = fmt::format("{} problems in {}: ", problems.size(), what);
  for (std::size_t i = 0; i < problems.size() && i < shown; ++i) {
    if (i != 0) err.message += "; ";
    err.message += problems[i];
  }
  if (problems.size() > shown) err.message += fmt::format("; and {} more", problems.size() - shown);
  return err;
}

bool canonical_decimal(std::string_view text) noexcept {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const std::size_t point = text.find('.');
  const auto digits = [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (point == std::string_view::npos) return digits(text);
  return digits(text.substr(0, point)) && digits(text.substr(point + 1));
}

std::string plain_decimal(std::string_view number) {
  std::size_t i = 0;
  std::string sign;
  if (i < number.size() && (number[i] == '-' || number[i] == '+')) {
    if (number[i] == '-') sign = "-";
    ++i;
  }
  std::string digits;
  long point = 0;
  for (; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i) digits += number[i];
  point = static_cast<long>(digits.size());
  if (i < number.size() && number[i] == '.') {
    for (++i; i < number.size() && number[i] >= '0' && number[i] <= '9'; ++i) digits += number[i];
  }
  if (digits.empty() || i >= number.size() || (number[i] != 'e' && number[i] != 'E')) return {};
  const std::string_view exponent = number.substr(i + 1);
  if (exponent.empty() || exponent.size() > 4) return {};
  char* end = nullptr;
  const std::string exp_text(exponent);
  const long shift = std::strtol(exp_text.c_str(), &end, 10);
  if (end != exp_text.c_str() + exp_text.size() || shift > 60 || shift < -60) return {};
  point += shift;
  std::string whole;
  std::string fraction;
  if (point <= 0) {
    whole = "0";
    fraction = std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (static_cast<std::size_t>(point) >= digits.size()) {
    whole = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    whole = digits.substr(0, static_cast<std::size_t>(point));
    fraction = digits.substr(static_cast<std::size_t>(point));
  }
  const std::size_t first = whole.find_first_not_of('0');
  whole = first == std::string::npos ? "0" : whole.substr(first);
  return sign + whole + (fraction.empty() ? "" : "." + fraction);
}

std::string scalar_problem(FieldType type, const Node& value) {
  const std::string& text = value.text();
  if (value.scalar() == Scalar::string && text.empty()) {
    return "an empty string: leave the field out (canonical documents hold no empty values)";
  }
  switch (type) {
    case FieldType::string:
    case FieldType::code:
    case FieldType::date:
    case FieldType::time:
    case FieldType::datetime:
      if (value.scalar() != Scalar::string) {
        return fmt::format("{} where a {} belongs: write it as a JSON string", json_kind(value), to_string(type));
      }
      return {};
    case FieldType::decimal:
      if (value.scalar() == Scalar::boolean) return "a JSON boolean where a decimal belongs";
      if (value.scalar() == Scalar::number && has_exponent(text)) {
        const std::string plain = plain_decimal(text);
        return plain.empty() ? fmt::format("{} has an exponent: a canonical decimal is written out in digits", text)
                             : fmt::format("{} has an exponent: a canonical decimal is written out, \"{}\"", text,
                                           plain);
      }
      return {};
    case FieldType::integer:
      if (value.scalar() != Scalar::number) {
        return fmt::format("{} where an integer belongs: write it as a JSON number without quotes",
                           json_kind(value));
      }
      if (text.find_first_of(".eE") != std::string::npos) return fmt::format("{} is not an integer", text);
      return {};
    case FieldType::boolean:
      if (value.scalar() != Scalar::boolean) {
        return fmt::format("{} where a boolean belongs: write true or false", json_kind(value));
      }
      return {};
    case FieldType::object:
      return "a value where an object belongs";
  }
  return {};
}

}  // namespace edigate::maps::canonical
