// Canonical XML: the root element is the model, every field an element in the model's order, every
// list item an element under its field's name. Read with Xerces against canonical.xsd; the problems
// the XSD finds are then described again from the document itself, so that each names its path.
#include <edigate/maps/canonical.hpp>
#include <edigate/xml.hpp>

#include "canonical/problems.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace edigate::maps {

namespace {

using canonical::Path;
using canonical::Problems;

// ---------------------------------------------------------------------------------------- writing

// XML 1.0 cannot carry most control characters, even as references; they become U+FFFD, the same
// as bytes that are not UTF-8. A carriage return is written as a reference so that the reader's
// line-end normalisation does not turn it into a line feed.
void write_text(std::string_view text, std::string& out) {
  canonical::for_each_code_point(text, [&out](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case U'&': out += "&amp;"; return;
      case U'<': out += "&lt;"; return;
      case U'>': out += "&gt;"; return;
      case U'\r': out += "&#13;"; return;
      case U'\t':
      case U'\n': out += bytes; return;
      default: break;
    }
    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
      out += "\xEF\xBF\xBD";
    } else {
      out += bytes;
    }
  });
}

void write_element(std::string_view name, const Node& node, const TypeDef* type, std::size_t depth, std::string& out);

void write_field(std::string_view name, const Node& node, const TypeDef* type, std::size_t depth, std::string& out) {
  if (node.is_array()) {
    for (const Node& item : node.items()) write_field(name, item, type, depth, out);
  } else {
    write_element(name, node, type, depth, out);
  }
}

void write_fields(const Node& node, const TypeDef* type, std::size_t depth, std::string& out) {
  if (type != nullptr) {
    for (const FieldDef& field : type->fields) {
      if (const Node* child = node.find(field.name)) write_field(field.name, *child, field.object, depth, out);
    }
  }
  for (const auto& [name, child] : node.fields()) {
    if (type == nullptr || type->field(name) == nullptr) write_field(name, child, nullptr, depth, out);
  }
}

void write_element(std::string_view name, const Node& node, const TypeDef* type, std::size_t depth, std::string& out) {
  out.append(2 * depth, ' ');
  out += '<';
  out += name;
  if (node.is_value()) {
    out += '>';
    write_text(node.text(), out);
  } else if (node.is_object() && !node.fields().empty()) {
    out += ">\n";
    write_fields(node, type, depth + 1, out);
    out.append(2 * depth, ' ');
  } else {
    out += "/>\n";
    return;
  }
  out += "</";
  out += name;
  out += ">\n";
}

// ---------------------------------------------------------------------------------------- reading

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The XML tree taken into a Node tree under the model, with what the XML gets wrong (unknown or
// repeated elements, order, text where elements belong and the reverse) reported on the way.
class Builder {
 public:
  explicit Builder(Problems& problems) : problems_(problems) {}

  void object(const xml::Element& element, const TypeDef& type, Node& out, const Path& path) {
    out = Node::object();
    if (!blank(element.text)) problems_.add(path, "text in an element that holds fields");
    std::vector<std::size_t> seen(type.fields.size(), 0);
    const FieldDef* last = nullptr;  // the field of the previous child, for the order check
    std::vector<std::pair<std::string, std::size_t>> unknown;
    for (const xml::Element& child : element.children) {
      const FieldDef* field = type.field(child.name);
      if (field == nullptr) {
        const std::size_t n = count(unknown, child.name);
        problems_.add(n == 0 ? canonical::child(path, child.name) : canonical::item(canonical::child(path, child.name), n),
                      fmt::format("unknown element ({} has no field {})", type.name, child.name));
        continue;
      }
      const auto index = static_cast<std::size_t>(field - type.fields.data());
      const std::size_t occurrence = seen[index]++;
      Path at = canonical::child(path, child.name);
      if (field->list || occurrence != 0) at = canonical::item(std::move(at), occurrence);
      if (last != nullptr && field != last && field < last) {
        problems_.add(at, fmt::format("out of order: {} comes before {} in canonical XML (the model's order)",
                                      child.name, last->name));
      } else if (last != nullptr && field != last && field->list && occurrence != 0) {
        problems_.add(at, fmt::format("the items of {} are not together", child.name));
      }
      last = field;
      if (!field->list && occurrence != 0) {
        problems_.add(at, fmt::format("{} holds one value; the element appears again", child.name));
        continue;
      }
      Node value;
      if (!single(child, *field, value, at)) {
        // A bad list item still takes its place, so that the next items keep their positions.
        if (!field->list) continue;
        value = field->type == FieldType::object ? Node::object() : Node::value("x", json_scalar(field->type));
      }
      if (field->list) {
        Node& list = out[child.name];
        if (!list.is_array()) list = Node::array();
        list.append(std::move(value));
      } else {
        out[child.name] = std::move(value);
      }
    }
  }

 private:
  static std::size_t count(std::vector<std::pair<std::string, std::size_t>>& names, const std::string& name) {
    for (auto& [n, c] : names) {
      if (n == name) return c++;
    }
    names.emplace_back(name, 1);
    return 0;
  }

  bool single(const xml::Element& element, const FieldDef& field, Node& out, const Path& path) {
    if (field.type == FieldType::object) {
      if (element.children.empty()) {
        problems_.add(path, blank(element.text)
                                ? "an empty element: leave the field out (canonical documents hold no empty values)"
                                : fmt::format("text where the fields of a {} belong", field.object->name));
        return false;
      }
      object(element, *field.object, out, path);
      return true;
    }
    if (!element.children.empty()) {
      problems_.add(path, fmt::format("elements where a {} value belongs", to_string(field.type)));
      return false;
    }
    if (element.text.empty()) {
      problems_.add(path, "an empty element: leave the field out (canonical documents hold no empty values)");
      return false;
    }
    if (field.type == FieldType::decimal && !canonical::canonical_decimal(element.text)) {
      problems_.add(path, fmt::format("\"{}\" is not a canonical decimal (digits, a point and digits: 12.50, -3, 0.5)",
                                      element.text));
      return false;
    }
    out = Node::value(element.text, json_scalar(field.type));
    return true;
  }

  Problems& problems_;
};

// The element a problem's path names, for its line and column.
const xml::Element* find(const xml::Element& root, const Path& path) {
  const xml::Element* at = &root;
  const xml::Element* parent = nullptr;
  std::string_view name;
  for (const canonical::Step& step : path) {
    if (!step.is_index) {
      parent = at;
      name = step.name;
      at = parent->child(name);
    } else if (parent != nullptr) {
      std::size_t n = 0;
      at = nullptr;
      for (const xml::Element& c : parent->children) {
        if (c.name == name && n++ == step.index) {
          at = &c;
          break;
        }
      }
    }
    if (at == nullptr) return parent;
  }
  return at;
}

// The last element that starts at or before a position: where Xerces was when it complained.
const xml::Element* near(const xml::Element& element, std::uint64_t line, std::uint32_t column, Path& path,
                         Path& best_path, const xml::Element* best) {
  if (element.line < line || (element.line == line && element.column <= column)) {
    best = &element;
    best_path = path;
  }
  std::vector<std::pair<std::string_view, std::size_t>> seen;
  for (const xml::Element& c : element.children) {
    std::size_t n = 0;
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == c.name; });
    if (it == seen.end()) {
      seen.emplace_back(c.name, 1);
    } else {
      n = it->second++;
    }
    path.push_back(canonical::Step{c.name, 0, false});
    path.push_back(canonical::Step{{}, n, true});
    best = near(c, line, column, path, best_path, best);
    path.pop_back();
    path.pop_back();
  }
  return best;
}

Result<Document> build(const xml::Element& root, const ModelSet& models, const std::string& name) {
  Problems problems;
  const ModelDef* model = models.model(root.name);
  if (model == nullptr) {
    std::string known;
    for (const std::string& m : models.model_names()) known += (known.empty() ? "" : ", ") + m;
    return canonical::make_error(name, "", {fmt::format("/{}: unknown model (the root element is one of {})", root.name, known)});
  }
  Document document;
  document.model = model->name;
  Builder(problems).object(root, model->root, document.root, {});
  problems.add_check(models.check(document), {});
  if (problems.empty()) return document;
  std::vector<std::string> lines;
  for (const auto& p : problems.list()) lines.push_back(canonical::xpath(root.name, p.path) + ": " + p.message);
  Error err = canonical::make_error(name, "the " + model->name, lines);
  if (const xml::Element* at = find(root, problems.list().front().path)) {
    err.where.line = at->line;
    err.where.column = at->column;
  }
  return err;
}

}  // namespace

std::filesystem::path canonical_xsd_path(const ModelSet& models) {
  return models.file().parent_path() / "canonical.xsd";
}

std::string to_xml(const Document& document, const ModelSet& models) {
  const ModelDef* model = models.model(document.model);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<";
  out += document.model;
  out += " xmlns=\"";
  out += canonical_namespace;
  out += "\">\n";
  write_fields(document.root, model != nullptr ? &model->root : nullptr, 1, out);
  out += "</";
  out += document.model;
  out += '>';
  return out;
}

Result<Document> from_xml(std::string_view text, const ModelSet& models, const std::string& name) {
  // Canonical XML has no use for a DTD, and a DTD is how entities reach files and the network.
  if (text.find("<!DOCTYPE") != std::string_view::npos) {
    return canonical::make_error(name, "", {"canonical XML has no DOCTYPE"});
  }
  const std::filesystem::path xsd = canonical_xsd_path(models);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(xsd, ec)) {
    Error err;
    err.code = ErrorCode::schema_not_found;
    err.where.file = xsd.string();
    err.message = "canonical.xsd is not beside the model file (edigate model xsd --out " + xsd.string() + ")";
    return err;
  }
  xml::ReadOptions options;
  options.xsd = xsd;
  options.target_namespace = std::string(canonical_namespace);
  options.invalid = ErrorCode::invalid_document;
  options.keep_text = true;
  auto valid = xml::read_text(text, name, options);
  if (valid) return build(*valid, models, name);

  // Well-formed but not valid: read it again without the XSD and say what is wrong, field by field.
  xml::ReadOptions plain;
  plain.invalid = ErrorCode::invalid_document;
  plain.keep_text = true;
  auto tree = xml::read_text(text, name, plain);
  if (!tree) return std::move(tree).error();
  auto described = build(*tree, models, name);
  if (!described) return described;
  // What only the XSD sees (a namespace, an attribute): its message, at the nearest element's path.
  Error err = std::move(valid).error();
  Path path;
  Path best_path;
  if (near(*tree, err.where.line, err.where.column, path, best_path, nullptr) != nullptr) {
    // near() gives every step an index; a field seen once reads better without "[1]".
    Path shown;
    for (std::size_t i = 0; i < best_path.size(); i += 2) {
      shown.push_back(best_path[i]);
      if (best_path[i + 1].index != 0) shown.push_back(best_path[i + 1]);
    }
    err.message = canonical::xpath(tree->name, shown) + ": " + err.message;
  }
  return err;
}

}  // namespace edigate::maps
