#pragma once
// What the canonical JSON and XML readers share: paths into a document, the problems found at them,
// ModelSet::check's problems brought into the same form, and the one Error that reports them all.
#include <edigate/error.hpp>
#include <edigate/maps/model.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::maps::canonical {

// A field name, or an index into the list (or, in XML, the repeated element) just named.
struct Step {
  std::string name;
  std::size_t index = 0;
  bool is_index = false;
};
using Path = std::vector<Step>;

inline Path child(Path path, std::string name) {
  path.push_back(Step{std::move(name), 0, false});
  return path;
}
inline Path item(Path path, std::size_t index) {
  path.push_back(Step{{}, index, true});
  return path;
}

// "/document/lines/2/quantity" (RFC 6901, 0-based)
std::string json_pointer(const Path& path);
// "/order/lines[3]/quantity" (XPath, 1-based); `root` is the root element's name.
std::string xpath(std::string_view root, const Path& path);

struct Problem {
  Path path;
  std::string message;
};

class Problems {
 public:
  void add(Path path, std::string message) { list_.push_back(Problem{std::move(path), std::move(message)}); }
  // ModelSet::check's problems, below `base`; one at or below a path already reported is dropped
  // (the reader's own message about that place is the more precise one).
  void add_check(const std::vector<ModelProblem>& found, const Path& base);
  bool empty() const noexcept { return list_.empty(); }
  const std::vector<Problem>& list() const noexcept { return list_; }

 private:
  std::vector<Problem> list_;
};

// "lines[2].quantity" -> lines, [2], quantity
Path parse_check_path(std::string_view path);

// One invalid_document error listing `problems` (a few dozen at most), each "PATH: reason".
Error make_error(const std::string& name, std::string_view what, const std::vector<std::string>& problems);

// The problem with a scalar written in JSON (kind of token) or XML (always text) for `type`, or "".
std::string scalar_problem(FieldType type, const Node& value);

// -?digits[.digits]: the one way a canonical decimal is written (no "+", ".5", "7." or exponent).
bool canonical_decimal(std::string_view text) noexcept;

// A "1.5e3" decimal written out ("1500"), or "" when the exponent is absurd.
std::string plain_decimal(std::string_view number);

// Calls `emit(code_point, bytes)` for each character of `text`, with every byte that is not part of
// well-formed UTF-8 given as U+FFFD. Values come from EDI files that may hold Latin-1 or broken
// bytes; the JSON and XML written must stay well-formed whatever they hold.
template <class Emit>
void for_each_code_point(std::string_view text, Emit&& emit) {
  static constexpr std::string_view replacement = "\xEF\xBF\xBD";
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      emit(static_cast<char32_t>(b), text.substr(i, 1));
      ++i;
      continue;
    }
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
      cp = b & 0x1F;
      min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3;
      cp = b & 0x0F;
      min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4;
      cp = b & 0x07;
      min = 0x10000;
    }
    bool ok = length != 0 && i + length <= n;
    for (std::size_t k = 1; ok && k < length; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (p[i + k] & 0x3F);
      }
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (ok && (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) ok = false;
    if (ok) {
      emit(cp, text.substr(i, length));
      i += length;
    } else {
      emit(char32_t{0xFFFD}, replacement);
      ++i;  // one replacement per bad byte: resynchronises on the next lead byte
    }
  }
}

}  // namespace edigate::maps::canonical
