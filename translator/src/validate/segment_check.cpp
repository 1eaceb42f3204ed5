#include "segment_check.hpp"

#include <edigate/edi/segment.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <regex>

namespace edigate::validate::detail {

using schema::ElementType;
using schema::Requirement;
using schema::Usage;

namespace {

constexpr std::string_view unoa_specials = " .,-()/='+:?!\"%&*;<>";

bool all_digits(std::string_view v) noexcept {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int two_digits(std::string_view v, std::size_t at) noexcept { return (v[at] - '0') * 10 + (v[at + 1] - '0'); }

bool valid_date(std::string_view v) noexcept {
  if (!all_digits(v) || (v.size() != 6 && v.size() != 8)) return false;
  const std::size_t m = v.size() - 4;
  const int month = two_digits(v, m);
  const int day = two_digits(v, m + 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > days[month - 1]) return false;
  if (month == 2 && day == 29) {
    // Six-digit dates carry no century; any year divisible by four may be a leap year then.
    const int year = v.size() == 8 ? two_digits(v, 0) * 100 + two_digits(v, 2) : two_digits(v, 0);
    const bool leap = v.size() == 8 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) : year % 4 == 0;
    if (!leap) return false;
  }
  return true;
}

bool valid_time(std::string_view v) noexcept {
  if (!all_digits(v) || v.size() < 4 || v.size() > 8 || v.size() == 5) return false;
  if (two_digits(v, 0) > 23 || two_digits(v, 2) > 59) return false;
  return v.size() < 6 || two_digits(v, 4) <= 59;
}

std::string quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value.substr(0, 60)) {
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  if (value.size() > 60) out += "...";
  return out + "\"";
}

std::string_view note_rule_words(char rule) noexcept {
  switch (rule) {
    case 'P': return "if any of them is present, all are required";
    case 'R': return "at least one of them is required";
    case 'E': return "only one of them may be present";
    case 'C': return "if the first is present, all are required";
    case 'L': return "if the first is present, at least one of the others is required";
    default: return "";
  }
}

}  // namespace

std::string element_label(const schema::ElementDefinition& definition) {
  return fmt::format("{} ({})", definition.name, definition.id);
}

CharClasses::CharClasses(const edi::InterchangeInfo& info) : delimiters_(info.delimiters), standard_(info.standard) {
  const std::string& charset = info.syntax_identifier;
  for (int c = 0; c < 256; ++c) {
    bool ok = c >= 0x20 && c != 0x7F;
    if (info.standard == edi::Standard::edifact) {
      if (charset == "UNOA") {
        ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             unoa_specials.find(static_cast<char>(c)) != std::string_view::npos;
      } else if (charset == "UNOB") {
        ok = c >= 0x20 && c < 0x7F;
      } else if (charset.size() == 4 && charset[3] >= 'C' && charset[3] <= 'K') {
        ok = (c >= 0x20 && c < 0x7F) || c >= 0xA0;  // ISO 8859 parts
      }
    }
    std::uint8_t bits = ok ? 0 : invalid;
    if (c >= '0' && c <= '9') bits |= digit;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) bits |= letter;
    bits_[static_cast<std::size_t>(c)] = bits;
  }
  utf8_ = info.standard == edi::Standard::edifact && (charset == "UNOW" || charset == "UNOY");
  if (utf8_) {
    for (int c = 0x80; c < 0xC0; ++c) bits_[static_cast<std::size_t>(c)] |= continuation;
  }
  auto mark = [this](char c, std::uint8_t bit) {
    if (c == 0) return;
    auto& b = bits_[static_cast<unsigned char>(c)];
    b = static_cast<std::uint8_t>((b & ~invalid) | bit);
  };
  mark(info.delimiters.component, component);
  mark(info.delimiters.repetition, repetition);
  if (info.standard == edi::Standard::edifact) mark(info.delimiters.release, release);
}

void SegmentChecker::check_value(const schema::ValueRule& rule, std::string_view raw, std::uint16_t element,
                                 std::uint16_t component, std::uint16_t repetition, ProblemSink& sink) {
  const std::uint8_t flags = classes_.scan(raw);
  check_scanned(rule, raw, flags, element, component, repetition, sink);
}

void SegmentChecker::check_scanned(const schema::ValueRule& rule, std::string_view raw, std::uint8_t flags,
                                   std::uint16_t element, std::uint16_t component, std::uint16_t repetition,
                                   ProblemSink& sink) {
  const schema::ElementDefinition& d = *rule.element;
  std::string_view value = raw;
  if ((flags & CharClasses::release) != 0) {
    scratch_ = edi::unescape(raw, classes_.delimiters().release);
    value = scratch_;
  }
  auto report = [&](ErrorCode code, std::string message, bool implementation = false) {
    sink.element_problem({code, element, component, repetition, &d, raw, std::move(message), implementation});
  };
  std::size_t length = value.size();
  if (classes_.utf8() && (flags & CharClasses::continuation) != 0) {
    length = static_cast<std::size_t>(std::count_if(value.begin(), value.end(), [this](char c) {
      return (classes_[c] & CharClasses::continuation) == 0;
    }));
  }
  if ((flags & CharClasses::invalid) != 0) {
    const auto bad = std::find_if(value.begin(), value.end(), [this](char c) {
      return (classes_[c] & CharClasses::invalid) != 0;
    });
    const char c = bad == value.end() ? '?' : *bad;
    report(ErrorCode::invalid_character,
           fmt::format("{} holds a character its character set does not allow (byte 0x{:02X})", quoted(value),
                       static_cast<unsigned char>(c)));
    return;
  }
  switch (d.type) {
    case ElementType::numeric:
    case ElementType::decimal: {
      // Lengths of numbers count digits only: not the sign, not the decimal mark.
      std::size_t digits = 0;
      int marks = 0;
      bool ok = !value.empty();
      for (std::size_t i = 0; i < value.size() && ok; ++i) {
        const char c = value[i];
        if (c >= '0' && c <= '9') {
          ++digits;
        } else if (c == '-' && i == 0) {
        } else if ((c == '.' || (c == ',' && classes_.standard() == edi::Standard::edifact)) &&
                   (d.type == ElementType::decimal || classes_.standard() == edi::Standard::edifact)) {
          ok = ++marks == 1;
        } else {
          ok = false;
        }
      }
      if (!ok || digits == 0) {
        report(ErrorCode::invalid_character,
               fmt::format("{} is not a {} number", quoted(value), d.type == ElementType::decimal ? "decimal" : "whole"));
        return;
      }
      length = digits;
      break;
    }
    case ElementType::date:
      if (!valid_date(value)) {
        report(ErrorCode::invalid_date, fmt::format("{} is not a valid date ({})", quoted(value),
                                                    d.max_length == 6 ? "YYMMDD" : "CCYYMMDD"));
        return;
      }
      break;
    case ElementType::time:
      if (!valid_time(value)) {
        report(ErrorCode::invalid_time, fmt::format("{} is not a valid time (HHMM[SS[d..]])", quoted(value)));
        return;
      }
      break;
    case ElementType::alphabetic:
      if ((flags & CharClasses::digit) != 0) {
        report(ErrorCode::invalid_character, fmt::format("{} holds digits, but {} is alphabetic", quoted(value),
                                                         element_label(d)));
        return;
      }
      break;
    default:
      break;
  }
  if (length < rule.min_length) {
    report(ErrorCode::element_too_short, fmt::format("{} is too short for {}: {} characters, at least {}", quoted(value),
                                                     element_label(d), length, rule.min_length),
           rule.min_length != d.min_length);
    return;
  }
  if (length > rule.max_length) {
    report(ErrorCode::element_too_long, fmt::format("{} is too long for {}: {} characters, at most {}", quoted(value),
                                                    element_label(d), length, rule.max_length),
           rule.max_length != d.max_length);
    return;
  }
  if (rule.codes != nullptr && !rule.codes->contains(value)) {
    const bool standard_knows = rule.standard_codes != nullptr && rule.standard_codes->contains(value);
    const bool standard_open = rule.standard_codes == nullptr || !d.codes_closed;
    if (rule.guide_codes && (standard_knows || standard_open)) {
      report(ErrorCode::code_not_in_guide,
             fmt::format("{} is a {} the implementation guide does not use", quoted(value), element_label(d)), true);
    } else {
      report(ErrorCode::invalid_code_value, fmt::format("{} is not a valid {}", quoted(value), element_label(d)));
    }
    return;
  }
  if (rule.pattern >= 0 && patterns_ != nullptr &&
      !std::regex_match(value.begin(), value.end(), (*patterns_)[static_cast<std::size_t>(rule.pattern)])) {
    report(ErrorCode::pattern_mismatch,
           fmt::format("{} does not match the pattern the implementation guide gives for {}", quoted(value),
                       element_label(d)),
           true);
  }
}

void SegmentChecker::check_composite(const schema::PositionRule& rule, std::string_view raw, std::uint16_t element,
                                     std::uint16_t repetition, ProblemSink& sink) {
  const auto& d = classes_.delimiters();
  edi::Splitter components(raw, d.component, classes_.standard() == edi::Standard::edifact ? d.release : '\0');
  std::string_view piece;
  std::uint16_t at = 0;
  std::uint64_t present = 0;
  while (components.next(piece)) {
    ++at;
    if (piece.empty()) continue;
    if (at > rule.components.size()) {
      sink.element_problem({ErrorCode::too_many_components, element, at, repetition, nullptr, piece,
                            fmt::format("{} has {} components at most; component {} holds {}",
                                        rule.composite->id, rule.components.size(), at, quoted(piece))});
      continue;
    }
    if (at < 64) present |= std::uint64_t{1} << at;
    const schema::ValueRule& component = rule.components[at - 1U];
    if (component.usage == Usage::not_used) {
      sink.element_problem({ErrorCode::not_used_element_present, element, at, repetition, component.element, piece,
                            fmt::format("{} is present, but the implementation guide does not use it",
                                        element_label(*component.element)),
                            true});
      continue;
    }
    check_value(component, piece, element, at, repetition, sink);
  }
  for (std::size_t i = 0; i < rule.components.size(); ++i) {
    const schema::ValueRule& component = rule.components[i];
    const bool missing = (present & (std::uint64_t{1} << (i + 1))) == 0;
    if (!missing) continue;
    const bool mandatory = component.requirement == Requirement::mandatory;
    if (mandatory || component.usage == Usage::required) {
      sink.element_problem({ErrorCode::required_element_missing, element, static_cast<std::uint16_t>(i + 1), repetition,
                            component.element, {},
                            fmt::format("required component {} is missing{}", element_label(*component.element),
                                        mandatory ? "" : " (the implementation guide requires it)"),
                            !mandatory});
    }
  }
  check_notes(rule.composite->notes, present, element, rule.composite->id, sink);
}

void SegmentChecker::check_position(const schema::PositionRule& rule, std::string_view raw, std::uint16_t element,
                                    ProblemSink& sink) {
  const schema::ValueRule& value = rule.value;
  if (value.usage == Usage::not_used) {
    sink.element_problem({ErrorCode::not_used_element_present, element, 0, 0, value.element, raw,
                          "the element is present, but the implementation guide does not use it", true});
    return;
  }
  const std::uint8_t flags = classes_.scan(raw);
  const auto& d = classes_.delimiters();
  const char release = classes_.standard() == edi::Standard::edifact ? d.release : '\0';
  auto one = [&](std::string_view piece, std::uint16_t repetition, std::uint8_t piece_flags) {
    if (rule.composite != nullptr) {
      check_composite(rule, piece, element, repetition, sink);
    } else if ((piece_flags & CharClasses::component) != 0 && d.component != 0 &&
               edi::ElementView(piece, d).component_count() > 1) {
      sink.element_problem({ErrorCode::too_many_components, element, 0, repetition, value.element, piece,
                            fmt::format("{} is a simple element, but {} has components",
                                        element_label(*value.element), quoted(piece))});
    } else {
      check_scanned(value, piece, piece_flags, element, 0, repetition, sink);
    }
  };
  if ((flags & CharClasses::repetition) == 0 || d.repetition == 0) {
    one(raw, 0, flags);
    if (rule.min_repeat > 1) {
      sink.element_problem({ErrorCode::too_few_repetitions, element, 0, 0, value.element, raw,
                            fmt::format("1 repetition, the implementation guide asks for at least {}", rule.min_repeat),
                            true});
    }
    return;
  }
  edi::Splitter repetitions(raw, d.repetition, release);
  std::string_view piece;
  std::uint16_t count = 0;
  while (repetitions.next(piece)) {
    ++count;
    if (count > rule.max_repeat) {
      sink.element_problem({ErrorCode::too_many_repetitions, element, 0, count, value.element, piece,
                            fmt::format("{} repetitions allowed at most; repetition {} is one too many",
                                        rule.max_repeat, count)});
      break;
    }
    if (piece.empty()) continue;
    one(piece, count, classes_.scan(piece));
  }
  if (count < rule.min_repeat) {
    sink.element_problem({ErrorCode::too_few_repetitions, element, 0, 0, value.element, raw,
                          fmt::format("{} repetitions, the implementation guide asks for at least {}", count,
                                      rule.min_repeat),
                          true});
  }
}

void SegmentChecker::check_notes(const std::vector<schema::SyntaxNote>& notes, std::uint64_t present,
                                 std::uint16_t element, const std::string& owner, ProblemSink& sink) {
  for (const schema::SyntaxNote& note : notes) {
    auto has = [present](std::uint8_t pos) { return (present & (std::uint64_t{1} << pos)) != 0; };
    const std::uint64_t here = present & note.mask;
    // Most notes are satisfied: decide that with bit operations before looking closer.
    if (here == 0 && note.rule != 'R') continue;
    if (here == note.mask && note.rule != 'E') continue;
    const auto count = static_cast<std::size_t>(__builtin_popcountll(here));
    const bool first = has(note.positions.front());
    const std::size_t n = note.positions.size();
    std::uint8_t blame = 0;
    ErrorCode code = ErrorCode::conditional_element_missing;
    switch (note.rule) {
      case 'P':
        if (count != 0 && count != n) {
          blame = *std::find_if(note.positions.begin(), note.positions.end(), [&](std::uint8_t p) { return !has(p); });
        }
        break;
      case 'R':
        if (count == 0) blame = note.positions.front();
        break;
      case 'E':
        if (count > 1) {
          code = ErrorCode::exclusion_violated;
          // The second one present, in the note's order, is the one too many.
          std::size_t seen = 0;
          for (std::uint8_t p : note.positions) {
            if (has(p) && ++seen == 2) {
              blame = p;
              break;
            }
          }
        }
        break;
      case 'C':
        if (first && count != n) {
          blame = *std::find_if(note.positions.begin(), note.positions.end(), [&](std::uint8_t p) { return !has(p); });
        }
        break;
      case 'L':
        if (first && count == 1 && n > 1) blame = note.positions[1];
        break;
      default:
        break;
    }
    if (blame == 0) continue;
    // Inside a composite the note names components; on a segment, elements.
    const bool composite = element != 0;
    sink.element_problem({code, composite ? element : static_cast<std::uint16_t>(blame),
                          composite ? static_cast<std::uint16_t>(blame) : std::uint16_t{0}, 0, nullptr, {},
                          fmt::format("{} syntax note {}: {}", owner, note.text, note_rule_words(note.rule))});
  }
}

void SegmentChecker::check(const schema::SegmentRules& rules, const edi::SegmentView& segment, ProblemSink& sink) {
  const auto& positions = rules.positions;
  std::uint64_t present = 0;
  std::uint16_t at = 0;
  segment.for_each_element([&](std::string_view raw) {
    ++at;
    if (raw.empty()) return;
    if (at > positions.size()) {
      sink.element_problem({ErrorCode::too_many_elements, at, 0, 0, nullptr, raw,
                            fmt::format("{} has {} elements at most; element {:02} holds {}", rules.definition->tag,
                                        positions.size(), at, quoted(raw))});
      return;
    }
    if (at < 64) present |= std::uint64_t{1} << at;
    check_position(positions[at - 1U], raw, at, sink);
  });
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if ((present & (std::uint64_t{1} << (i + 1))) != 0 || i + 1 >= 64) continue;
    const schema::ValueRule& value = positions[i].value;
    const bool mandatory = value.requirement == Requirement::mandatory;
    if (!mandatory && value.usage != Usage::required) continue;
    const std::string what = positions[i].composite != nullptr
                                 ? fmt::format("{} {}", positions[i].composite->id, positions[i].composite->name)
                                 : element_label(*value.element);
    sink.element_problem({ErrorCode::required_element_missing, static_cast<std::uint16_t>(i + 1), 0, 0, value.element,
                          {},
                          fmt::format("required element {} is missing{}", what,
                                      mandatory ? "" : " (the implementation guide requires it)"),
                          !mandatory});
  }
  check_notes(rules.definition->notes, present, 0, rules.definition->tag, sink);
}

}  // namespace edigate::validate::detail
