// <transaction> → Transaction: the structure tree, each segment bound to its dictionary rules.
#include "loading.hpp"
#include "xml_tree.hpp"

#include <edigate/schema/registry.hpp>

#include <fmt/format.h>

namespace edigate::schema {

using detail::XmlNode;

SegmentRules standard_rules(const Dictionary& dictionary, const SegmentDefinition& segment) {
  auto value_rule = [&](const ElementReference& ref) {
    ValueRule rule;
    rule.element = &dictionary.elements[ref.index];
    rule.requirement = ref.requirement;
    rule.standard_codes = rule.element->codes.empty() ? nullptr : &rule.element->codes;
    rule.codes = rule.element->codes_closed ? &rule.element->codes : nullptr;
    rule.min_length = rule.element->min_length;
    rule.max_length = rule.element->max_length;
    return rule;
  };
  SegmentRules rules;
  rules.definition = &segment;
  for (const ElementReference& ref : segment.elements) {
    PositionRule position;
    position.max_repeat = ref.max_repeat;
    if (ref.composite) {
      position.composite = &dictionary.composites[ref.index];
      position.value.requirement = ref.requirement;
      for (const ElementReference& component : position.composite->components) {
        position.components.push_back(value_rule(component));
      }
    } else {
      position.value = value_rule(ref);
    }
    rules.positions.push_back(std::move(position));
  }
  return rules;
}

namespace {

class StructureBuilder {
 public:
  StructureBuilder(std::string file, Transaction& transaction, std::vector<const SegmentRules*>& rules)
      : file_(std::move(file)), transaction_(transaction), rules_(rules) {}

  // Adds the children of `node` (a <transaction> or <loop>) under structure node `parent`.
  Result<void> add_children(const XmlNode& node, std::uint32_t parent) {
    for (const XmlNode& child : node.children) {
      if (child.name == "segment") {
        auto added = add_segment(child, parent);
        if (!added) return added;
      } else if (child.name == "loop") {
        auto added = add_loop(child, parent);
        if (!added) return added;
      } else if (child.name == "hierarchy") {
        transaction_.nodes[parent].hierarchy = hierarchy(child);
      }
    }
    return {};
  }

 private:
  Result<std::uint32_t> new_node(const XmlNode& node, std::uint32_t parent, StructureNode::Kind kind) {
    StructureNode s;
    s.kind = kind;
    s.parent = parent;
    const std::string use = node.attribute_or("use", "O");
    s.requirement = use == "M" ? Requirement::mandatory : Requirement::optional;
    auto max = detail::count_attribute(file_, node, "max", 1);
    if (!max) return std::move(max).error();
    s.max = *max;
    const auto index = static_cast<std::uint32_t>(transaction_.nodes.size());
    transaction_.nodes.push_back(std::move(s));
    transaction_.nodes[parent].children.push_back(index);
    return index;
  }

  Result<void> add_segment(const XmlNode& node, std::uint32_t parent) {
    const std::string tag = node.attribute_or("ref", "");
    const int segment = transaction_.dictionary->segment_index(tag);
    if (segment < 0) {
      return detail::schema_error(file_, node, fmt::format("segment {} is not in the {} dictionary ({})", tag,
                                                           transaction_.version, transaction_.dictionary->file));
    }
    auto index = new_node(node, parent, StructureNode::Kind::segment);
    if (!index) return std::move(index).error();
    StructureNode& s = transaction_.nodes[*index];
    s.segment = segment;
    s.rules = rules_[static_cast<std::size_t>(segment)];
    transaction_.in_set[static_cast<std::size_t>(segment)] = true;
    return {};
  }

  Result<void> add_loop(const XmlNode& node, std::uint32_t parent) {
    auto index = new_node(node, parent, StructureNode::Kind::loop);
    if (!index) return std::move(index).error();
    transaction_.nodes[*index].loop_id = node.attribute_or("id", "");
    if (auto added = add_children(node, *index); !added) return added;
    const StructureNode& loop = transaction_.nodes[*index];
    if (loop.children.empty() || transaction_.nodes[loop.children.front()].kind != StructureNode::Kind::segment) {
      return detail::schema_error(file_, node, "loop " + loop.loop_id + " must begin with a segment");
    }
    transaction_.nodes[*index].segment = transaction_.nodes[loop.children.front()].segment;
    return {};
  }

  static std::shared_ptr<const Hierarchy> hierarchy(const XmlNode& node) {
    auto h = std::make_shared<Hierarchy>();
    auto position = [&](std::string_view key, std::uint16_t fallback) {
      const std::string* v = node.attribute(key);
      return v == nullptr ? fallback : static_cast<std::uint16_t>(std::stoi(*v));
    };
    h->id_position = position("id-position", 1);
    h->parent_position = position("parent-position", 2);
    h->level_position = position("level-position", 3);
    for (const XmlNode& level : node.children) {
      Hierarchy::Level l;
      l.code = level.attribute_or("code", "");
      const std::string parents = level.attribute_or("parents", "");
      std::size_t start = 0;
      while (start < parents.size()) {
        std::size_t end = parents.find(' ', start);
        if (end == std::string::npos) end = parents.size();
        if (end > start) l.parents.push_back(parents.substr(start, end - start));
        start = end + 1;
      }
      h->levels.push_back(std::move(l));
    }
    return h;
  }

  std::string file_;
  Transaction& transaction_;
  std::vector<const SegmentRules*>& rules_;
};

}  // namespace

Result<std::shared_ptr<Transaction>> load_transaction(const std::filesystem::path& file,
                                                      const std::filesystem::path& xsd,
                                                      std::shared_ptr<const Dictionary> dictionary,
                                                      const Guide* guide) {
  auto root = detail::read_xml(file, xsd);
  if (!root) return std::move(root).error();
  const std::string name = file.string();
  if (root->name != "transaction") {
    return detail::schema_error(name, *root, "expected a <transaction>, found <" + root->name + ">");
  }
  auto transaction = std::make_shared<Transaction>();
  transaction->standard = root->attribute_or("standard", "x12") == "edifact" ? Standard::edifact : Standard::x12;
  transaction->version = root->attribute_or("version", "");
  transaction->id = root->attribute_or("id", "");
  transaction->name = root->attribute_or("name", "");
  transaction->group = root->attribute_or("group", "");
  transaction->file = name;
  transaction->dictionary = std::move(dictionary);
  const Dictionary& dict = *transaction->dictionary;
  transaction->in_set.assign(dict.segments.size(), false);
  // Standard rules per dictionary segment, built once and shared by every place that segment is used.
  std::vector<const SegmentRules*> rules(dict.segments.size(), nullptr);
  for (std::size_t i = 0; i < dict.segments.size(); ++i) {
    transaction->rules_storage.push_back(std::make_unique<SegmentRules>(standard_rules(dict, dict.segments[i])));
    rules[i] = transaction->rules_storage.back().get();
  }
  transaction->nodes.emplace_back();
  transaction->nodes[0].kind = StructureNode::Kind::loop;
  transaction->nodes[0].requirement = Requirement::mandatory;
  transaction->nodes[0].loop_id = transaction->id;
  StructureBuilder builder(name, *transaction, rules);
  if (auto built = builder.add_children(*root, 0); !built) return built.error();
  if (transaction->nodes[0].children.empty()) return detail::schema_error(name, *root, "transaction has no segments");
  transaction->nodes[0].segment = transaction->nodes[transaction->nodes[0].children.front()].segment;
  if (guide != nullptr) {
    if (auto applied = apply_guide(*transaction, *guide); !applied) return applied.error();
  }
  return transaction;
}

}  // namespace edigate::schema
