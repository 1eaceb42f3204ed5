// dictionary.xml → Dictionary. The XSD has checked shapes and keys; this checks what an XSD cannot
// (references resolve, syntax notes name real positions) and merges EDIFACT's service dictionary.
#include "loading.hpp"
#include "xml_tree.hpp"

#include <edigate/schema/registry.hpp>

#include <fmt/format.h>

namespace edigate::schema {

using detail::XmlNode;

namespace {

ElementType element_type(const std::string& text, std::uint8_t& decimals) {
  decimals = 0;
  if (text == "AN" || text == "an") return ElementType::text;
  if (text == "a") return ElementType::alphabetic;
  if (text == "ID") return ElementType::identifier;
  if (text == "R") return ElementType::decimal;
  if (text == "DT") return ElementType::date;
  if (text == "TM") return ElementType::time;
  if (text == "B") return ElementType::binary;
  if (text.size() == 2 && text[0] == 'N') decimals = static_cast<std::uint8_t>(text[1] - '0');
  return ElementType::numeric;  // N, N0-N9, n (the XSD allows nothing else)
}

Requirement requirement(const std::string& text) {
  if (text == "M") return Requirement::mandatory;
  if (text == "O") return Requirement::optional;
  return Requirement::conditional;
}

Result<SyntaxNote> syntax_note(const std::string& file, const XmlNode& node, std::size_t positions) {
  SyntaxNote note;
  note.text = node.attribute_or("rule", "");
  note.rule = note.text.empty() ? 'P' : note.text[0];
  for (std::size_t i = 1; i + 1 < note.text.size(); i += 2) {
    const int pos = (note.text[i] - '0') * 10 + (note.text[i + 1] - '0');
    if (pos < 1 || static_cast<std::size_t>(pos) > positions) {
      return detail::schema_error(file, node, fmt::format("syntax note {} names position {:02}, but there are {}",
                                                          note.text, pos, positions));
    }
    note.positions.push_back(static_cast<std::uint8_t>(pos));
    if (pos < 64) note.mask |= std::uint64_t{1} << pos;
  }
  return note;
}

Result<ElementReference> reference(const std::string& file, const XmlNode& node, const Dictionary& dictionary,
                                   const std::unordered_map<std::string, std::uint32_t>& composites) {
  ElementReference ref;
  const std::string id = node.attribute_or("ref", "");
  ref.requirement = requirement(node.attribute_or("use", "O"));
  auto repeat = detail::count_attribute(file, node, "repeat", 1);
  if (!repeat) return std::move(repeat).error();
  ref.max_repeat = *repeat;
  if (node.name == "composite") {
    const auto it = composites.find(id);
    if (it == composites.end()) return detail::schema_error(file, node, "unknown composite " + id);
    ref.composite = true;
    ref.index = it->second;
    return ref;
  }
  const ElementDefinition* element = dictionary.find_element(id);
  if (element == nullptr) return detail::schema_error(file, node, "unknown data element " + id);
  ref.index = static_cast<std::uint32_t>(element - dictionary.elements.data());
  return ref;
}

Result<void> read_dictionary(const std::string& file, const XmlNode& root, Dictionary& dictionary) {
  // Elements first (composites and segments refer to them), then composites, then segments.
  for (const XmlNode& node : root.children) {
    if (node.name != "element") continue;
    ElementDefinition element;
    element.id = node.attribute_or("id", "");
    element.name = node.attribute_or("name", "");
    element.type = element_type(node.attribute_or("type", "AN"), element.decimals);
    auto min = detail::count_attribute(file, node, "min", 0);
    auto max = detail::count_attribute(file, node, "max", 0);
    if (!min) return std::move(min).error();
    if (!max) return std::move(max).error();
    element.min_length = *min;
    element.max_length = *max;
    if (element.min_length > element.max_length) {
      return detail::schema_error(file, node, fmt::format("element {}: min {} is above max {}", element.id,
                                                          element.min_length, element.max_length));
    }
    element.codes_closed = node.attribute_or("codes", "closed") == "closed";
    for (const XmlNode& code : node.children) {
      const std::string value = code.attribute_or("value", "");
      element.codes.add(value);
      std::string title = code.attribute_or("title", "");
      if (!title.empty()) element.code_titles.emplace(value, std::move(title));
    }
    if (element.codes.empty()) element.codes_closed = false;
    dictionary.elements.push_back(std::move(element));
  }
  dictionary.index();
  std::unordered_map<std::string, std::uint32_t> composite_ids;
  for (const XmlNode& node : root.children) {
    if (node.name != "composite") continue;
    CompositeDefinition composite;
    composite.id = node.attribute_or("id", "");
    composite.name = node.attribute_or("name", "");
    for (const XmlNode& child : node.children) {
      if (child.name == "component") {
        auto ref = reference(file, child, dictionary, composite_ids);
        if (!ref) return std::move(ref).error();
        composite.components.push_back(*ref);
      }
    }
    for (const XmlNode& child : node.children) {
      if (child.name != "note") continue;
      auto note = syntax_note(file, child, composite.components.size());
      if (!note) return std::move(note).error();
      composite.notes.push_back(std::move(*note));
    }
    composite_ids.emplace(composite.id, static_cast<std::uint32_t>(dictionary.composites.size()));
    dictionary.composites.push_back(std::move(composite));
  }
  for (const XmlNode& node : root.children) {
    if (node.name != "segment") continue;
    SegmentDefinition segment;
    segment.tag = node.attribute_or("id", "");
    segment.name = node.attribute_or("name", "");
    for (const XmlNode& child : node.children) {
      if (child.name == "element" || child.name == "composite") {
        auto ref = reference(file, child, dictionary, composite_ids);
        if (!ref) return std::move(ref).error();
        segment.elements.push_back(*ref);
      }
    }
    for (const XmlNode& child : node.children) {
      if (child.name != "note") continue;
      auto note = syntax_note(file, child, segment.elements.size());
      if (!note) return std::move(note).error();
      segment.notes.push_back(std::move(*note));
    }
    dictionary.segments.push_back(std::move(segment));
  }
  dictionary.index();
  return {};
}

}  // namespace

Result<std::shared_ptr<Dictionary>> load_dictionary(const std::filesystem::path& file,
                                                    const std::filesystem::path& xsd) {
  auto root = detail::read_xml(file, xsd);
  if (!root) return std::move(root).error();
  const std::string name = file.string();
  if (root->name != "dictionary") {
    return detail::schema_error(name, *root, "expected a <dictionary>, found <" + root->name + ">");
  }
  auto dictionary = std::make_shared<Dictionary>();
  dictionary->standard = root->attribute_or("standard", "x12") == "edifact" ? Standard::edifact : Standard::x12;
  dictionary->version = root->attribute_or("version", "");
  dictionary->file = name;
  if (auto done = read_dictionary(name, *root, *dictionary); !done) return done.error();
  return dictionary;
}

// EDIFACT service segments (UNB, UNH, UCI, ...) live in their own dictionary: copy them into a
// version's dictionary so a message's UNH/UNT and CONTRL's UCx segments resolve there.
void merge_service(Dictionary& into, const Dictionary& service) {
  std::vector<std::uint32_t> element_map(service.elements.size());
  std::vector<std::uint32_t> composite_map(service.composites.size());
  for (std::size_t i = 0; i < service.elements.size(); ++i) {
    const ElementDefinition* existing = into.find_element(service.elements[i].id);
    if (existing != nullptr) {
      element_map[i] = static_cast<std::uint32_t>(existing - into.elements.data());
    } else {
      element_map[i] = static_cast<std::uint32_t>(into.elements.size());
      into.elements.push_back(service.elements[i]);
    }
  }
  auto remap = [&](ElementReference ref) {
    ref.index = ref.composite ? composite_map[ref.index] : element_map[ref.index];
    return ref;
  };
  for (std::size_t i = 0; i < service.composites.size(); ++i) {
    const CompositeDefinition* existing = into.find_composite(service.composites[i].id);
    if (existing != nullptr) {
      composite_map[i] = static_cast<std::uint32_t>(existing - into.composites.data());
      continue;
    }
    composite_map[i] = static_cast<std::uint32_t>(into.composites.size());
    CompositeDefinition copy = service.composites[i];
    for (auto& ref : copy.components) ref = remap(ref);
    into.composites.push_back(std::move(copy));
  }
  for (const SegmentDefinition& segment : service.segments) {
    if (into.find_segment(segment.tag) != nullptr) continue;
    SegmentDefinition copy = segment;
    for (auto& ref : copy.elements) ref = remap(ref);
    into.segments.push_back(std::move(copy));
  }
  into.index();
}

}  // namespace edigate::schema
