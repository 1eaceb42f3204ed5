#pragma once
// A transaction set ready for validation: the standard's structure with an implementation guide (if
// any) applied, every segment bound to the rules of its elements at that place.
#include <edigate/schema/dictionary.hpp>
#include <edigate/schema/guide.hpp>

#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace edigate::schema {

// A simple element or a component as used at one place in a transaction.
struct ValueRule {
  const ElementDefinition* element = nullptr;
  Requirement requirement = Requirement::optional;
  Usage usage = Usage::standard;
  const CodeSet* codes = nullptr;           // enforced codes; null when none are
  const CodeSet* standard_codes = nullptr;  // the standard's list, to tell "not in guide" from "invalid"
  bool guide_codes = false;                 // `codes` comes from a guide
  std::uint32_t min_length = 0;
  std::uint32_t max_length = 0;
  int pattern = -1;                         // index into Transaction::patterns
};

struct PositionRule {
  ValueRule value;                          // the simple element (value.element null for composites)
  const CompositeDefinition* composite = nullptr;
  std::vector<ValueRule> components;        // composites only
  std::uint32_t max_repeat = 1;
  std::uint32_t min_repeat = 0;
};

struct SegmentRules {
  const SegmentDefinition* definition = nullptr;
  std::vector<PositionRule> positions;
};

struct Hierarchy {
  std::uint16_t id_position = 1;
  std::uint16_t parent_position = 2;
  std::uint16_t level_position = 3;
  struct Level {
    std::string code;
    std::vector<std::string> parents;  // empty: any parent, or none
  };
  std::vector<Level> levels;  // empty: any level
};

struct StructureNode {
  enum class Kind : std::uint8_t { segment, loop };
  Kind kind = Kind::segment;
  int segment = -1;             // dictionary segment index (for loops: the first segment's)
  Requirement requirement = Requirement::optional;
  Usage usage = Usage::standard;
  std::uint32_t min = 0;        // implementation minimum (guides)
  std::uint32_t max = 1;
  std::string loop_id;          // loops
  std::string variant;          // loops split by a discriminator
  std::optional<Discriminator> discriminator;
  std::shared_ptr<const Hierarchy> hierarchy;
  const SegmentRules* rules = nullptr;  // segments
  std::vector<std::uint32_t> children;  // loops and the root
  std::uint32_t parent = 0;
};

class Transaction {
 public:
  Standard standard = Standard::x12;
  std::string version;
  std::string id;     // 850, ORDERS
  std::string name;
  std::string group;  // GS01 functional identifier
  std::string file;
  std::string guide;  // id of the applied guide, empty when none
  std::shared_ptr<const Dictionary> dictionary;
  std::vector<StructureNode> nodes;  // nodes[0] is the root; its children are the set's top level
  std::vector<std::regex> patterns;
  std::vector<bool> in_set;          // by dictionary segment index: used anywhere in this set

  // Storage for rules and code lists that a guide narrowed (nodes point into them).
  std::vector<std::unique_ptr<SegmentRules>> rules_storage;
  std::vector<std::unique_ptr<CodeSet>> codes_storage;
};

// Rules of a segment exactly as the dictionary defines it.
SegmentRules standard_rules(const Dictionary& dictionary, const SegmentDefinition& segment);

}  // namespace edigate::schema
