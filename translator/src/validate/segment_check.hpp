#pragma once
// Element-level validation of one segment against the rules it has at its place in the set:
// requirement, length, type, date and time, codes, patterns, syntax notes, repetitions, components.
// The hot path of validation: no allocation unless something is wrong.
#include <edigate/edi/interchange.hpp>
#include <edigate/error.hpp>
#include <edigate/schema/transaction.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::validate::detail {

struct ElementProblem {
  ErrorCode code;
  std::uint16_t element = 0;
  std::uint16_t component = 0;
  std::uint16_t repetition = 0;
  const schema::ElementDefinition* definition = nullptr;  // null for composites
  std::string_view value;                                 // raw, as found
  std::string message;
  bool implementation = false;
};

class ProblemSink {
 public:
  virtual void element_problem(ElementProblem&& problem) = 0;

 protected:
  ~ProblemSink() = default;
};

// Character classes of one interchange: delimiters and what its character set allows.
class CharClasses {
 public:
  static constexpr std::uint8_t component = 1;
  static constexpr std::uint8_t repetition = 2;
  static constexpr std::uint8_t release = 4;
  static constexpr std::uint8_t invalid = 8;
  static constexpr std::uint8_t continuation = 16;  // UTF-8 continuation byte (not a character)
  static constexpr std::uint8_t digit = 32;
  static constexpr std::uint8_t letter = 64;

  explicit CharClasses(const edi::InterchangeInfo& info);
  std::uint8_t operator[](char c) const noexcept { return bits_[static_cast<unsigned char>(c)]; }
  // Every class that occurs in `text`, or-ed together.
  std::uint8_t scan(std::string_view text) const noexcept {
    std::uint8_t flags = 0;
    for (char c : text) flags = static_cast<std::uint8_t>(flags | (*this)[c]);
    return flags;
  }
  bool utf8() const noexcept { return utf8_; }
  const edi::Delimiters& delimiters() const noexcept { return delimiters_; }
  edi::Standard standard() const noexcept { return standard_; }

 private:
  std::array<std::uint8_t, 256> bits_{};
  bool utf8_ = false;
  edi::Delimiters delimiters_;
  edi::Standard standard_;
};

class SegmentChecker {
 public:
  SegmentChecker(const CharClasses& classes, const std::vector<std::regex>* patterns) noexcept
      : classes_(classes), patterns_(patterns) {}

  void check(const schema::SegmentRules& rules, const edi::SegmentView& segment, ProblemSink& sink);
  // One value against one rule (used for envelopes too). `raw` still has its release characters.
  void check_value(const schema::ValueRule& rule, std::string_view raw, std::uint16_t element,
                   std::uint16_t component, std::uint16_t repetition, ProblemSink& sink);

 private:
  // check_value once the value's character classes are known.
  void check_scanned(const schema::ValueRule& rule, std::string_view raw, std::uint8_t flags, std::uint16_t element,
                     std::uint16_t component, std::uint16_t repetition, ProblemSink& sink);
  void check_position(const schema::PositionRule& rule, std::string_view raw, std::uint16_t element,
                      ProblemSink& sink);
  void check_composite(const schema::PositionRule& rule, std::string_view raw, std::uint16_t element,
                       std::uint16_t repetition, ProblemSink& sink);
  void check_notes(const std::vector<schema::SyntaxNote>& notes, std::uint64_t present, std::uint16_t element,
                   const std::string& owner, ProblemSink& sink);

  const CharClasses& classes_;
  const std::vector<std::regex>* patterns_;
  std::string scratch_;
};

// "Transaction Set Purpose Code" → the words used in messages.
std::string element_label(const schema::ElementDefinition& definition);

}  // namespace edigate::validate::detail
