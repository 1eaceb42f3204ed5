// <guide> → Guide, as written. Applying it to a transaction is guide_overlay.cpp's job.
#include "xml_tree.hpp"

#include <edigate/schema/registry.hpp>

namespace edigate::schema {

using detail::XmlNode;

namespace {

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(" \t\r\n", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Usage usage(const std::string& text) {
  if (text == "required") return Usage::required;
  if (text == "not-used") return Usage::not_used;
  return Usage::situational;
}

class GuideReader {
 public:
  explicit GuideReader(std::string file) : file_(std::move(file)) {}

  Result<void> limits(const XmlNode& node, std::optional<Usage>& use, std::optional<std::uint32_t>& min,
                      std::optional<std::uint32_t>& max) {
    if (const std::string* u = node.attribute("usage")) use = usage(*u);
    if (node.attribute("min") != nullptr) {
      auto v = detail::count_attribute(file_, node, "min", 0);
      if (!v) return std::move(v).error();
      min = *v;
    }
    if (node.attribute("max") != nullptr) {
      auto v = detail::count_attribute(file_, node, "max", 0);
      if (!v) return std::move(v).error();
      max = *v;
    }
    return {};
  }

  Result<GuideElement> element(const XmlNode& node) {
    GuideElement e;
    e.line = node.line;
    auto position = detail::count_attribute(file_, node, "position", 0);
    auto component = detail::count_attribute(file_, node, "component", 0);
    if (!position) return std::move(position).error();
    if (!component) return std::move(component).error();
    e.position = static_cast<std::uint16_t>(*position);
    e.component = static_cast<std::uint16_t>(*component);
    if (const std::string* u = node.attribute("usage")) e.usage = usage(*u);
    if (const std::string* c = node.attribute("codes")) e.codes = words(*c);
    if (const std::string* p = node.attribute("pattern")) e.pattern = *p;
    for (auto [key, slot] : {std::pair{"min", &e.min_length}, std::pair{"max", &e.max_length},
                             std::pair{"min-repeat", &e.min_repeat}}) {
      if (node.attribute(key) == nullptr) continue;
      auto v = detail::count_attribute(file_, node, key, 0);
      if (!v) return std::move(v).error();
      *slot = *v;
    }
    return e;
  }

  Result<GuideSegment> segment(const XmlNode& node) {
    GuideSegment s;
    s.line = node.line;
    s.path = node.attribute_or("path", "");
    if (auto ok = limits(node, s.usage, s.min, s.max); !ok) return ok.error();
    for (const XmlNode& child : node.children) {
      auto e = element(child);
      if (!e) return std::move(e).error();
      s.elements.push_back(std::move(*e));
    }
    return s;
  }

  Result<GuideLoop> loop(const XmlNode& node) {
    GuideLoop l;
    l.line = node.line;
    l.path = node.attribute_or("path", "");
    l.variant = node.attribute_or("variant", "");
    if (auto ok = limits(node, l.usage, l.min, l.max); !ok) return ok.error();
    auto added = children(node, l.segments, l.loops);
    if (!added) return added.error();
    for (const XmlNode& child : node.children) {
      if (child.name != "discriminator") continue;
      Discriminator d;
      auto position = detail::count_attribute(file_, child, "position", 0);
      auto component = detail::count_attribute(file_, child, "component", 0);
      if (!position) return std::move(position).error();
      if (!component) return std::move(component).error();
      d.position = static_cast<std::uint16_t>(*position);
      d.component = static_cast<std::uint16_t>(*component);
      d.values = words(child.attribute_or("values", ""));
      l.discriminator = std::move(d);
    }
    if (l.discriminator && l.variant.empty()) l.variant = l.discriminator->values.front();
    return l;
  }

  Result<void> children(const XmlNode& node, std::vector<GuideSegment>& segments, std::vector<GuideLoop>& loops) {
    for (const XmlNode& child : node.children) {
      if (child.name == "segment") {
        auto s = segment(child);
        if (!s) return std::move(s).error();
        segments.push_back(std::move(*s));
      } else if (child.name == "loop") {
        auto l = loop(child);
        if (!l) return std::move(l).error();
        loops.push_back(std::move(*l));
      }
    }
    return {};
  }

 private:
  std::string file_;
};

}  // namespace

Result<Guide> load_guide(const std::filesystem::path& file, const std::filesystem::path& xsd) {
  auto root = detail::read_xml(file, xsd);
  if (!root) return std::move(root).error();
  const std::string name = file.string();
  if (root->name != "guide") return detail::schema_error(name, *root, "expected a <guide>, found <" + root->name + ">");
  Guide guide;
  guide.standard = root->attribute_or("standard", "x12") == "edifact" ? Standard::edifact : Standard::x12;
  guide.version = root->attribute_or("version", "");
  guide.transaction = root->attribute_or("transaction", "");
  guide.id = root->attribute_or("id", "");
  guide.name = root->attribute_or("name", "");
  guide.file = name;
  GuideReader reader(name);
  if (auto ok = reader.children(*root, guide.segments, guide.loops); !ok) return ok.error();
  return guide;
}

}  // namespace edigate::schema
