#pragma once
// A version's dictionary: data elements, composites and segments as the standard defines them.
// Loaded from dictionary.xml (see docs/schemas.md); immutable once built.
#include <edigate/edi/delimiters.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace edigate::schema {

using edi::Standard;

inline constexpr std::uint32_t unbounded = std::numeric_limits<std::uint32_t>::max();

enum class ElementType : std::uint8_t {
  text,        // X12 AN, EDIFACT an
  alphabetic,  // EDIFACT a
  identifier,  // X12 ID
  numeric,     // X12 N / Nn, EDIFACT n
  decimal,     // X12 R
  date,        // X12 DT
  time,        // X12 TM
  binary,      // X12 B
};

// M, O, and the conditional forms (X12 X, EDIFACT C), which behave as optional plus syntax notes.
enum class Requirement : std::uint8_t { mandatory, optional, conditional };

// Allowed values of one element. Membership is the hot path of validation: codes of up to eight
// bytes are packed into integers and binary-searched.
class CodeSet {
 public:
  void add(std::string_view code);
  bool contains(std::string_view code) const noexcept;
  bool empty() const noexcept { return packed_.empty() && long_.empty(); }
  std::size_t size() const noexcept { return packed_.size() + long_.size(); }

 private:
  std::vector<std::uint64_t> packed_;  // sorted
  std::vector<std::string> long_;      // sorted
};

struct ElementDefinition {
  std::string id;  // "353", "I05", "2005"
  std::string name;
  ElementType type = ElementType::text;
  std::uint8_t decimals = 0;  // X12 Nn: implied decimal places
  std::uint32_t min_length = 0;
  std::uint32_t max_length = 0;
  CodeSet codes;
  bool codes_closed = false;  // a value outside `codes` is an error
  // What the dictionary calls each code ("00" → "Original"), for showing values to people; codes
  // without a title are absent.
  std::map<std::string, std::string, std::less<>> code_titles;
};

// An element or composite at one position of a segment (or a component of a composite).
struct ElementReference {
  std::uint32_t index = 0;  // into Dictionary::elements or, when composite, Dictionary::composites
  bool composite = false;
  Requirement requirement = Requirement::optional;
  std::uint32_t max_repeat = 1;
};

// An X12 syntax note (P R E C L) over 1-based element positions; EDIFACT uses the same forms.
struct SyntaxNote {
  char rule = 'P';
  std::vector<std::uint8_t> positions;
  std::uint64_t mask = 0;  // bit n: position n is named by the note
  std::string text;  // as written: "P0405"
};

struct CompositeDefinition {
  std::string id;
  std::string name;
  std::vector<ElementReference> components;
  std::vector<SyntaxNote> notes;
};

struct SegmentDefinition {
  std::string tag;
  std::string name;
  std::vector<ElementReference> elements;
  std::vector<SyntaxNote> notes;
};

class Dictionary {
 public:
  Standard standard = Standard::x12;
  std::string version;
  std::string file;
  std::vector<ElementDefinition> elements;
  std::vector<CompositeDefinition> composites;
  std::vector<SegmentDefinition> segments;

  const ElementDefinition* find_element(std::string_view id) const noexcept;
  const CompositeDefinition* find_composite(std::string_view id) const noexcept;
  const SegmentDefinition* find_segment(std::string_view tag) const noexcept;
  // Index in `segments`, or -1. The hot path: tags are packed into integers.
  int segment_index(std::string_view tag) const noexcept {
    if (tag.empty() || tag.size() > 4) return -1;
    std::uint32_t packed = 0;
    for (char c : tag) packed = (packed << 8) | static_cast<unsigned char>(c);
    const auto it = packed_segments_.find(packed);
    return it == packed_segments_.end() ? -1 : static_cast<int>(it->second);
  }

  // Builds the lookup tables; call after filling the vectors.
  void index();

 private:
  std::unordered_map<std::string, std::uint32_t> element_index_;
  std::unordered_map<std::string, std::uint32_t> composite_index_;
  std::unordered_map<std::uint32_t, std::uint32_t> packed_segments_;
};

}  // namespace edigate::schema
