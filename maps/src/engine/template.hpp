#pragma once
// A compiled map: the template tree of the external document with each node's canonical binding
// resolved against the model. Built once by compile.cpp; read-only afterwards.
#include <edigate/maps/decimal.hpp>
#include <edigate/maps/map.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::maps::engine {

// Element 3, component 3.2, repetition 3#2, 3#2.1. Zero component: the element's first component.
struct Position {
  std::uint16_t element = 0;
  std::uint16_t component = 0;
  std::uint16_t repetition = 0;  // 0: the first
  std::string text() const;
};

// `1=ST|BT`: in, the value at `pos` (or child `name`) is one of `values`; out, values[0] is written.
struct Condition {
  Position pos;
  std::string name;  // JSON field / XML child element path for tree formats
  std::vector<std::string> values;
};

enum class Convert : std::uint8_t { none, date, date6, time, datetime, dtm, decimal, implied, integer, upper, trim };

struct CodeTable {
  enum class Other : std::uint8_t { error, keep, drop };
  std::string name;
  Other other = Other::error;
  std::vector<std::pair<std::string, std::string>> entries;  // external code, canonical value
  const std::string* to_canonical(std::string_view external) const noexcept;
  const std::string* to_external(std::string_view canonical) const noexcept;
};

struct PathStep {
  std::string name;
  int index = -1;  // [n]; -1 when none
};

struct Path {
  std::vector<PathStep> steps;
  bool absolute = false;
  std::string text;
  bool empty() const noexcept { return steps.empty() && !absolute; }
};

enum class ComputeKind : std::uint8_t { none, count, sum, hl_id, hl_parent, hl_children };

struct Compute {
  ComputeKind kind = ComputeKind::none;
  Path path;          // count(lines): the list; sum(lines.quantity): list then field
  std::size_t list_steps = 0;  // how many steps of `path` lead to the list (sum)
};

enum class Direction : std::uint8_t { both, in, out };

// What a node says about its canonical side.
struct Rule {
  Path bind;
  Path each;
  std::vector<Condition> when;
  const CodeTable* codes = nullptr;
  Convert convert = Convert::none;
  unsigned implied = 0;
  std::optional<std::string> default_value;
  std::optional<std::string> constant;
  Compute compute;
  bool required = false;
  Direction direction = Direction::both;
  std::optional<Position> with;     // EDI: the constant goes with the element at this position
  std::string with_name;            // XML/JSON: ... with this sibling
  bool reads() const noexcept { return direction != Direction::out; }
  bool writes() const noexcept { return direction != Direction::in; }
  const FieldDef* field = nullptr;  // the canonical field of a value node
  Scalar external = Scalar::string; // JSON type of the external value
  bool has_value() const noexcept {
    return !bind.empty() || constant.has_value() || compute.kind != ComputeKind::none || default_value.has_value();
  }
};

enum class NodeKind : std::uint8_t { root, segment, loop, element, pairs, pair, skip, object, array, field, attribute, column };

// A segment tag packed into an integer: placement compares tags for every segment it places.
inline std::uint32_t tag_key(std::string_view tag) noexcept {
  std::uint32_t key = 0;
  for (std::size_t i = 0; i < tag.size() && i < 4; ++i) key = (key << 8) | static_cast<unsigned char>(tag[i]);
  return key;
}

struct TemplateNode {
  NodeKind kind = NodeKind::segment;
  std::string tag;   // segment and loop
  std::uint32_t key = 0;  // tag_key(tag)
  std::string name;  // JSON field, XML element or attribute, CSV column
  Position pos;      // EDI element
  std::vector<std::string> qualifiers;  // pair
  std::uint16_t pairs_from = 0;
  std::uint16_t pairs_count = 0;
  std::vector<std::string> skip_tags;
  std::vector<std::uint32_t> skip_keys;
  Rule rule;
  bool hierarchical = false;
  unsigned min = 0;
  std::string id;
  std::vector<TemplateNode> children;
  // Where the node comes from, for error messages: "x12-850 BEG/05 (850.xml:23)".
  std::uint32_t line = 0;
  std::string label;
};

struct Detect {
  std::string path;
  std::optional<std::string> value;
  std::string header;
};

struct Plan final : CompiledMap {
  MapInfo map_info;
  const ModelDef* model_def = nullptr;
  const ModelSet* models = nullptr;
  std::shared_ptr<const ModelSet> models_owner;
  TemplateNode root;                 // kind root; children are the top-level nodes
  std::deque<CodeTable> tables;      // stable addresses: rules point into it
  std::vector<Detect> detect;
  // CSV
  char separator = ',';
  bool header = true;
  Path rows;                          // each="lines"
  std::string key_column;

  const MapInfo& info() const noexcept override { return map_info; }
  const ModelDef& model() const noexcept override { return *model_def; }
  std::string where(const TemplateNode& node) const;  // "map x12-850 BEG/05 (x12/850.xml:23)"
};

}  // namespace edigate::maps::engine
