#include "engine/compile.hpp"

#include <charconv>
#include <map>
#include <sstream>

namespace edigate::maps::engine {

namespace {

constexpr int max_define_depth = 16;

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(sep, start);
    const auto piece = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    out.emplace_back(piece);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool parse_u16(std::string_view text, std::uint16_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "3", "3.2", "3#2", "3#2.1"
bool parse_position(std::string_view text, Position& pos) {
  std::string_view element = text;
  std::string_view component;
  std::string_view repetition;
  if (const auto dot = element.find('.'); dot != std::string_view::npos) {
    component = element.substr(dot + 1);
    element = element.substr(0, dot);
  }
  if (const auto hash = element.find('#'); hash != std::string_view::npos) {
    repetition = element.substr(hash + 1);
    element = element.substr(0, hash);
  }
  if (!parse_u16(element, pos.element) || pos.element == 0) return false;
  if (!component.empty() && (!parse_u16(component, pos.component) || pos.component == 0)) return false;
  if (!repetition.empty()) {
    if (!parse_u16(repetition, pos.repetition) || pos.repetition == 0) return false;
    --pos.repetition;
  }
  return true;
}

bool parse_path(std::string_view text, Path& path) {
  path.text = std::string(text);
  if (!text.empty() && text[0] == '/') {
    path.absolute = true;
    text.remove_prefix(1);
  }
  if (text.empty() || text == ".") return true;
  for (const std::string& step : split(text, '.')) {
    PathStep s;
    const auto bracket = step.find('[');
    s.name = step.substr(0, bracket);
    if (s.name.empty()) return false;
    if (bracket != std::string::npos) {
      if (step.back() != ']') return false;
      const std::string index = step.substr(bracket + 1, step.size() - bracket - 2);
      int v = 0;
      const auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), v);
      if (ec != std::errc() || end != index.data() + index.size() || v < 0 || v > 999) return false;
      s.index = v;
    }
    path.steps.push_back(std::move(s));
  }
  return true;
}

Convert convert_named(std::string_view name, unsigned& implied, bool& ok) {
  ok = true;
  if (name == "date") return Convert::date;
  if (name == "date6") return Convert::date6;
  if (name == "time") return Convert::time;
  if (name == "datetime") return Convert::datetime;
  if (name == "dtm") return Convert::dtm;
  if (name == "decimal") return Convert::decimal;
  if (name == "integer") return Convert::integer;
  if (name == "upper") return Convert::upper;
  if (name == "trim") return Convert::trim;
  if (name.size() == 8 && name.substr(0, 7) == "implied" && name[7] >= '0' && name[7] <= '6') {
    implied = static_cast<unsigned>(name[7] - '0');
    return Convert::implied;
  }
  ok = false;
  return Convert::none;
}

class Compiler {
 public:
  Compiler(Plan& plan, std::string file, const std::filesystem::path& definitions)
      : plan_(plan), file_(std::move(file)), definitions_(definitions) {}

  Result<void> run(const xml::Element& map) {
    if (auto r = read_tables(map); !r) return r;
    for (const xml::Element& child : map.children) {
      if (child.name == "define") defines_[child.attribute_or("name", "")] = &child;
      if (child.name == "detect") {
        Detect d;
        d.path = child.attribute_or("path", "");
        if (const std::string* v = child.attribute("value")) d.value = *v;
        d.header = child.attribute_or("header", "");
        plan_.detect.push_back(std::move(d));
      }
    }
    plan_.root.kind = NodeKind::root;
    plan_.root.label = plan_.map_info.name;
    const TypeDef* type = &plan_.model_def->root;
    if (plan_.map_info.format == MapFormat::csv) {
      if (const std::string* each = map.attribute("each")) {
        if (!parse_path(*each, plan_.rows)) return error(map, "each=\"" + *each + "\" is not a path");
        const FieldDef* f = plan_.models->resolve(*type, *each);
        if (f == nullptr || !f->list || f->object == nullptr) {
          return error(map, "each=\"" + *each + "\" is not a list of objects in model " + plan_.model_def->name);
        }
        type = f->object;
      }
      const std::string sep = map.attribute_or("separator", ",");
      if (sep.size() != 1) return error(map, "separator must be one character");
      plan_.separator = sep[0];
      plan_.header = map.attribute_or("header", "true") == "true";
      plan_.key_column = map.attribute_or("key", "");
    }
    return children(map, plan_.root, type, 0);
  }

 private:
  Error error(const xml::Element& node, std::string message) const {
    return xml::error_at(ErrorCode::invalid_map, file_, node, "map " + plan_.map_info.name + ": " + std::move(message));
  }

  Result<void> read_table(const xml::Element& node) {
    CodeTable table;
    table.name = node.attribute_or("name", "");
    const std::string other = node.attribute_or("other", "error");
    table.other = other == "keep" ? CodeTable::Other::keep
                  : other == "drop" ? CodeTable::Other::drop
                                    : CodeTable::Other::error;
    for (const xml::Element& c : node.children) {
      if (c.name == "code") table.entries.emplace_back(c.attribute_or("edi", ""), c.attribute_or("value", ""));
    }
    const bool prepend = node.attribute("_prepend") != nullptr;
    if (const auto it = tables_.find(table.name); it != tables_.end()) {
      if (!prepend) return error(node, "code table " + table.name + " is declared twice");
      it->second->entries.insert(it->second->entries.begin(), table.entries.begin(), table.entries.end());
      return {};
    }
    plan_.tables.push_back(std::move(table));
    tables_[plan_.tables.back().name] = &plan_.tables.back();
    return {};
  }

  Result<void> read_tables(const xml::Element& map) {
    for (const xml::Element& child : map.children) {
      if (child.name != "include") continue;
      const std::string name = child.attribute_or("codes", "");
      if (name.find("..") != std::string::npos || name.empty() || name[0] == '/') {
        return error(child, "include codes=\"" + name + "\" must name a file under codes/");
      }
      auto file = read_map_file(definitions_ / "codes" / name, definitions_);
      if (!file) return std::move(file).error();
      if (file->name != "codelists") return error(child, name + " is not a codelists file");
      for (const xml::Element& table : file->children) {
        if (auto r = read_table(table); !r) return r;
      }
    }
    for (const xml::Element& child : map.children) {
      if (child.name == "codes") {
        if (auto r = read_table(child); !r) return r;
      }
    }
    return {};
  }

  Result<void> parse_when(const xml::Element& node, std::string_view text, std::vector<Condition>& out) {
    for (const std::string& part : split(text, ';')) {
      const auto eq = part.find('=');
      if (eq == std::string::npos || eq == 0) return error(node, "when=\"" + std::string(text) + "\": expected POSITION=VALUE");
      Condition c;
      const std::string left = part.substr(0, eq);
      if (plan_.map_info.format == MapFormat::edi) {
        if (!parse_position(left, c.pos)) return error(node, "when=\"" + std::string(text) + "\": " + left + " is not an element position");
      } else {
        c.name = left;
      }
      c.values = split(std::string_view(part).substr(eq + 1), '|');
      out.push_back(std::move(c));
    }
    return {};
  }

  // A value node's canonical field, relative to `type` (or the model root when absolute).
  Result<const FieldDef*> value_field(const xml::Element& node, const Path& path, const TypeDef* type) {
    const TypeDef* from = path.absolute ? &plan_.model_def->root : type;
    std::string_view text = path.text;
    if (path.absolute) text.remove_prefix(1);
    const FieldDef* f = plan_.models->resolve(*from, text);
    if (f == nullptr) return error(node, "bind=\"" + path.text + "\": no such field in " + from->name);
    if (f->type == FieldType::object) return error(node, "bind=\"" + path.text + "\" is an object; a value belongs here");
    if (f->list && (path.steps.empty() || path.steps.back().index < 0)) {
      return error(node, "bind=\"" + path.text + "\" is a list; name one item (" + path.text + "[0])");
    }
    return f;
  }

  Result<void> parse_compute(const xml::Element& node, std::string_view text, const TypeDef* type, Compute& out) {
    if (text == "hl-id") { out.kind = ComputeKind::hl_id; return {}; }
    if (text == "hl-parent") { out.kind = ComputeKind::hl_parent; return {}; }
    if (text == "hl-children") { out.kind = ComputeKind::hl_children; return {}; }
    const auto open = text.find('(');
    if (open == std::string_view::npos || text.back() != ')') {
      return error(node, "compute=\"" + std::string(text) + "\": expected count(path), sum(path), hl-id, hl-parent or hl-children");
    }
    const std::string_view fn = text.substr(0, open);
    const std::string_view arg = text.substr(open + 1, text.size() - open - 2);
    if (!parse_path(arg, out.path)) return error(node, "compute=\"" + std::string(text) + "\": bad path");
    const TypeDef* from = out.path.absolute ? &plan_.model_def->root : type;
    const TypeDef* cur = from;
    const FieldDef* f = nullptr;
    std::size_t list_steps = 0;
    for (std::size_t i = 0; i < out.path.steps.size(); ++i) {
      f = cur == nullptr ? nullptr : cur->field(out.path.steps[i].name);
      if (f == nullptr) return error(node, "compute=\"" + std::string(text) + "\": no field " + out.path.steps[i].name);
      if (f->list) list_steps = i + 1;
      cur = f->object;
    }
    if (fn == "count") {
      if (f == nullptr || !f->list) return error(node, "compute=\"" + std::string(text) + "\": count() needs a list");
      out.kind = ComputeKind::count;
    } else if (fn == "sum") {
      if (f == nullptr || (f->type != FieldType::decimal && f->type != FieldType::integer) || list_steps == 0) {
        return error(node, "compute=\"" + std::string(text) + "\": sum() needs a number field inside a list");
      }
      out.kind = ComputeKind::sum;
    } else {
      return error(node, "compute=\"" + std::string(text) + "\": unknown function " + std::string(fn));
    }
    out.list_steps = list_steps;
    return {};
  }

  bool is_container(const xml::Element& e) const {
    if (e.name == "segment" || e.name == "loop" || e.name == "object" || e.name == "array") return true;
    if (e.name == "element" && plan_.map_info.format == MapFormat::xml) {
      if (e.attribute("use") != nullptr) return true;
      for (const auto& c : e.children) {
        if (c.name == "element" || c.name == "attribute") return true;
      }
    }
    return false;
  }

  std::string label_for(const xml::Element& e, const TemplateNode& node, const std::string& parent) const {
    auto with_when = [&](std::string base) {
      if (const std::string* w = e.attribute("when")) base += "[" + *w + "]";
      return base;
    };
    const std::string prefix = parent.empty() || parent == plan_.map_info.name ? "" : parent + "/";
    switch (node.kind) {
      case NodeKind::segment: return prefix + with_when(node.tag);
      case NodeKind::loop: return prefix + with_when("loop " + node.tag);
      case NodeKind::element: {
        if (plan_.map_info.format != MapFormat::edi) return prefix + with_when(node.name);
        std::string p = node.pos.element < 10 ? "0" + std::to_string(node.pos.element) : std::to_string(node.pos.element);
        if (node.pos.repetition > 0) p += "#" + std::to_string(node.pos.repetition + 1);
        if (node.pos.component > 0) p += "." + std::to_string(node.pos.component);
        return prefix + p;
      }
      case NodeKind::pairs: return prefix + "pairs " + std::to_string(node.pairs_from);
      case NodeKind::pair: return prefix + "pair " + e.attribute_or("qualifier", "");
      case NodeKind::array: return prefix + with_when(node.name) + "[]";
      case NodeKind::attribute: return prefix + "@" + node.name;
      default: return prefix + with_when(node.name);
    }
  }

  Result<void> node(const xml::Element& e, TemplateNode& parent, const TypeDef* type, int depth) {
    if (e.name == "define" || e.name == "codes" || e.name == "include" || e.name == "detect") return {};
    TemplateNode n;
    n.line = e.line;
    n.id = e.attribute_or("id", "");
    std::uint16_t min = 0;
    if (!parse_u16(e.attribute_or("min", "0"), min)) return error(e, "min= is too large");
    n.min = min;
    if (e.name == "segment") n.kind = NodeKind::segment;
    else if (e.name == "loop") n.kind = NodeKind::loop;
    else if (e.name == "element") n.kind = NodeKind::element;
    else if (e.name == "pairs") n.kind = NodeKind::pairs;
    else if (e.name == "pair") n.kind = NodeKind::pair;
    else if (e.name == "skip") n.kind = NodeKind::skip;
    else if (e.name == "object") n.kind = NodeKind::object;
    else if (e.name == "array") n.kind = NodeKind::array;
    else if (e.name == "field") n.kind = NodeKind::field;
    else if (e.name == "attribute") n.kind = NodeKind::attribute;
    else if (e.name == "column") n.kind = NodeKind::column;
    else return error(e, "unexpected <" + e.name + ">");

    const bool edi = plan_.map_info.format == MapFormat::edi;
    const bool edi_node = n.kind == NodeKind::segment || n.kind == NodeKind::loop || n.kind == NodeKind::pairs ||
                          n.kind == NodeKind::pair || n.kind == NodeKind::skip;
    if (edi_node && !edi) return error(e, "<" + e.name + "> belongs in EDI maps");
    if ((n.kind == NodeKind::object || n.kind == NodeKind::array || n.kind == NodeKind::field) &&
        plan_.map_info.format != MapFormat::json) {
      return error(e, "<" + e.name + "> belongs in JSON maps");
    }
    if (n.kind == NodeKind::attribute && plan_.map_info.format != MapFormat::xml) return error(e, "<attribute> belongs in XML maps");
    if (n.kind == NodeKind::column && plan_.map_info.format != MapFormat::csv) return error(e, "<column> belongs in CSV maps");

    n.tag = e.attribute_or("tag", "");
    n.key = tag_key(n.tag);
    n.name = e.attribute_or("name", "");
    n.hierarchical = e.attribute_or("hierarchical", "false") == "true";
    if (n.kind == NodeKind::element && edi) {
      const std::string* pos = e.attribute("pos");
      if (pos == nullptr || !parse_position(*pos, n.pos)) return error(e, "an EDI <element> needs pos=");
    }
    if (n.kind == NodeKind::element && !edi && n.name.empty()) return error(e, "an XML <element> needs name=");
    if (n.kind == NodeKind::skip) {
      n.skip_tags = words(e.attribute_or("tags", ""));
      for (const auto& t : n.skip_tags) n.skip_keys.push_back(tag_key(t));
    }
    if (n.kind == NodeKind::pairs) {
      std::uint16_t from = 0;
      std::uint16_t count = 0;
      parse_u16(e.attribute_or("from", "0"), from);
      parse_u16(e.attribute_or("count", "0"), count);
      n.pairs_from = from;
      n.pairs_count = count;
    }
    if (n.kind == NodeKind::pair) n.qualifiers = split(e.attribute_or("qualifier", ""), '|');
    n.label = label_for(e, n, parent.label);

    // Canonical side.
    Rule& r = n.rule;
    if (const std::string* w = e.attribute("when")) {
      if (auto res = parse_when(e, *w, r.when); !res) return res;
    }
    if (const std::string* t = e.attribute("type")) {
      r.external = *t == "number" ? Scalar::number : *t == "boolean" ? Scalar::boolean : Scalar::string;
    }
    if (const std::string* c = e.attribute("codes")) {
      const auto it = tables_.find(*c);
      if (it == tables_.end()) return error(e, "codes=\"" + *c + "\": no such code table");
      r.codes = it->second;
    }
    if (const std::string* c = e.attribute("convert")) {
      bool ok = false;
      r.convert = convert_named(*c, r.implied, ok);
      if (!ok) return error(e, "convert=\"" + *c + "\": unknown conversion");
    }
    if (const std::string* d = e.attribute("default")) r.default_value = *d;
    if (const std::string* v = e.attribute("value")) r.constant = *v;
    r.required = e.attribute_or("required", "false") == "true";
    const std::string direction = e.attribute_or("direction", "both");
    r.direction = direction == "in" ? Direction::in : direction == "out" ? Direction::out : Direction::both;
    if (const std::string* w = e.attribute("with")) {
      if (!r.constant) return error(e, "with= belongs on a value= constant");
      if (edi) {
        Position p;
        if (!parse_position(*w, p)) return error(e, "with=\"" + *w + "\" is not an element position");
        r.with = p;
      } else {
        r.with_name = *w;
      }
    }

    const bool container = is_container(e);
    const TypeDef* inner = type;
    if (const std::string* each = e.attribute("each")) {
      if (!container) return error(e, "each= belongs on a segment, loop, object, array or XML element with children");
      if (!parse_path(*each, r.each)) return error(e, "each=\"" + *each + "\" is not a path");
      const TypeDef* from = r.each.absolute ? &plan_.model_def->root : type;
      std::string_view text = r.each.text;
      if (r.each.absolute) text.remove_prefix(1);
      const FieldDef* f = plan_.models->resolve(*from, text);
      if (f == nullptr || !f->list || f->object == nullptr) {
        return error(e, "each=\"" + *each + "\" is not a list of objects in " + from->name);
      }
      inner = f->object;
    }
    if (const std::string* bind = e.attribute("bind")) {
      if (!parse_path(*bind, r.bind)) return error(e, "bind=\"" + *bind + "\" is not a path");
      if (container) {
        const TypeDef* from = r.bind.absolute ? &plan_.model_def->root : inner;
        std::string_view text = r.bind.text;
        if (r.bind.absolute) text.remove_prefix(1);
        if (!r.bind.steps.empty()) {
          const FieldDef* f = plan_.models->resolve(*from, text);
          if (f == nullptr || f->object == nullptr || (f->list && r.bind.steps.back().index < 0)) {
            return error(e, "bind=\"" + *bind + "\" is not an object in " + from->name);
          }
          inner = f->object;
        } else {
          inner = from;
        }
      } else {
        auto f = value_field(e, r.bind, type);
        if (!f) return std::move(f).error();
        r.field = *f;
      }
    }
    if (const std::string* c = e.attribute("compute")) {
      if (auto res = parse_compute(e, *c, type, r.compute); !res) return res;
    }
    if (r.required && !r.has_value() && !container) return error(e, "required= needs bind=, value=, default= or compute=");

    // Template children: a define first, then the node's own.
    if (const std::string* use = e.attribute("use")) {
      const auto it = defines_.find(*use);
      if (it == defines_.end()) return error(e, "use=\"" + *use + "\": no such define");
      if (depth >= max_define_depth) return error(e, "use=\"" + *use + "\": defines nest too deep (a cycle?)");
      if (auto res = children(*it->second, n, inner, depth + 1); !res) return res;
    }
    if (auto res = children(e, n, inner, depth); !res) return res;

    if (n.kind == NodeKind::loop) {
      // The first child describes the start segment; a loop without one gets an empty one.
      if (n.children.empty() || n.children.front().kind != NodeKind::segment || n.children.front().tag != n.tag) {
        TemplateNode start;
        start.kind = NodeKind::segment;
        start.tag = n.tag;
        start.key = n.key;
        start.line = n.line;
        start.label = n.label + "/" + n.tag;
        n.children.insert(n.children.begin(), std::move(start));
      }
    }
    if (n.kind == NodeKind::array && n.children.size() != 1) {
      return error(e, "an <array> holds exactly one template node (its items)");
    }
    parent.children.push_back(std::move(n));
    return {};
  }

  Result<void> children(const xml::Element& e, TemplateNode& parent, const TypeDef* type, int depth) {
    for (const xml::Element& c : e.children) {
      if (auto r = node(c, parent, type, depth); !r) return r;
    }
    return {};
  }

  Plan& plan_;
  std::string file_;
  std::filesystem::path definitions_;
  std::map<std::string, CodeTable*, std::less<>> tables_;
  std::map<std::string, const xml::Element*, std::less<>> defines_;
};

// Overlay helpers: find the node with an id anywhere under `root`, with its parent.
bool find_by_id(xml::Element& root, std::string_view id, xml::Element*& parent, std::size_t& index) {
  for (std::size_t i = 0; i < root.children.size(); ++i) {
    if (root.children[i].attribute_or("id", "") == id) {
      parent = &root;
      index = i;
      return true;
    }
    if (find_by_id(root.children[i], id, parent, index)) return true;
  }
  return false;
}

}  // namespace

std::string Position::text() const {
  std::string out = std::to_string(element);
  if (repetition > 0) out += "#" + std::to_string(repetition + 1);
  if (component > 0) out += "." + std::to_string(component);
  return out;
}

const std::string* CodeTable::to_canonical(std::string_view external) const noexcept {
  for (const auto& [edi, value] : entries) {
    if (edi == external) return &value;
  }
  return nullptr;
}

const std::string* CodeTable::to_external(std::string_view canonical) const noexcept {
  for (const auto& [edi, value] : entries) {
    if (value == canonical) return &edi;
  }
  return nullptr;
}

std::string Plan::where(const TemplateNode& node) const {
  std::string file = map_info.file.filename().string();
  if (map_info.file.has_parent_path()) file = map_info.file.parent_path().filename().string() + "/" + file;
  return "map " + map_info.name + " rule " + node.label + " (" + file + ":" + std::to_string(node.line) + ")";
}

Result<xml::Element> read_map_file(const std::filesystem::path& file, const std::filesystem::path& definitions) {
  xml::ReadOptions options;
  options.xsd = definitions / "map.xsd";
  options.target_namespace = "urn:edigate:map:1";
  options.invalid = ErrorCode::invalid_map;
  options.missing = ErrorCode::map_not_found;
  return xml::read_file(file, options);
}

MapInfo map_info(const xml::Element& map, const std::filesystem::path& file) {
  MapInfo info;
  info.name = map.attribute_or("name", "");
  info.model = map.attribute_or("model", "");
  info.title = map.attribute_or("title", "");
  const std::string format = map.attribute_or("format", "edi");
  info.format = format == "json" ? MapFormat::json : format == "xml" ? MapFormat::xml : format == "csv" ? MapFormat::csv : MapFormat::edi;
  info.standard = map.attribute_or("standard", "");
  info.set = map.attribute_or("set", "");
  info.versions = words(map.attribute_or("versions", ""));
  info.erp = map.attribute_or("erp", "");
  info.file = file;
  return info;
}

Result<void> apply_overlay(xml::Element& map, const xml::Element& overlay, const std::string& overlay_file) {
  auto fail = [&](const xml::Element& at, std::string message) {
    return xml::error_at(ErrorCode::invalid_map, overlay_file, at, "overlay " + overlay.attribute_or("name", "") + ": " + std::move(message));
  };
  for (const xml::Element& op : overlay.children) {
    if (op.name == "include") {
      // Placed before the map's own tables: included tables are read first.
      map.children.insert(map.children.begin(), op);
      continue;
    }
    if (op.name == "codes") {
      xml::Element table = op;
      table.attributes.emplace_back("_prepend", "true");
      bool local = false;
      for (xml::Element& c : map.children) {
        if (c.name == "codes" && c.attribute_or("name", "") == op.attribute_or("name", "")) {
          c.children.insert(c.children.begin(), op.children.begin(), op.children.end());
          local = true;
          break;
        }
      }
      if (!local) map.children.push_back(std::move(table));
      continue;
    }
    if (op.name == "define") {
      map.children.insert(map.children.begin(), op);
      continue;
    }
    const std::string ref = op.attribute_or(op.name == "insert" ? "" : "ref", "");
    if (op.name == "remove" || op.name == "replace") {
      xml::Element* parent = nullptr;
      std::size_t index = 0;
      if (!find_by_id(map, ref, parent, index)) return fail(op, "no node with id=\"" + ref + "\" in the base map");
      parent->children.erase(parent->children.begin() + static_cast<std::ptrdiff_t>(index));
      if (op.name == "replace") {
        parent->children.insert(parent->children.begin() + static_cast<std::ptrdiff_t>(index), op.children.begin(), op.children.end());
      }
      continue;
    }
    if (op.name == "insert") {
      const std::string* before = op.attribute("before");
      const std::string* after = op.attribute("after");
      const std::string* into = op.attribute("into");
      const int given = (before != nullptr) + (after != nullptr) + (into != nullptr);
      if (given != 1) return fail(op, "insert needs exactly one of before=, after=, into=");
      const std::string& target = before ? *before : after ? *after : *into;
      xml::Element* parent = nullptr;
      std::size_t index = 0;
      if (!find_by_id(map, target, parent, index)) return fail(op, "no node with id=\"" + target + "\" in the base map");
      if (into != nullptr) {
        xml::Element& host = parent->children[index];
        host.children.insert(host.children.end(), op.children.begin(), op.children.end());
      } else {
        const std::size_t at = before != nullptr ? index : index + 1;
        parent->children.insert(parent->children.begin() + static_cast<std::ptrdiff_t>(at), op.children.begin(), op.children.end());
      }
    }
  }
  return {};
}

Result<std::shared_ptr<const Plan>> compile(const xml::Element& map, const std::filesystem::path& file,
                                            const std::filesystem::path& definitions,
                                            std::shared_ptr<const ModelSet> models) {
  auto plan = std::make_shared<Plan>();
  plan->map_info = map_info(map, file);
  plan->models = models.get();
  plan->models_owner = models;
  plan->model_def = models->model(plan->map_info.model);
  if (plan->model_def == nullptr) {
    return xml::error_at(ErrorCode::invalid_map, file.string(), map, "map " + plan->map_info.name + ": unknown model \"" + plan->map_info.model + "\"");
  }
  if (plan->map_info.format == MapFormat::edi && (plan->map_info.standard.empty() || plan->map_info.set.empty())) {
    return xml::error_at(ErrorCode::invalid_map, file.string(), map, "map " + plan->map_info.name + ": an EDI map needs standard= and set=");
  }
  Compiler compiler(*plan, file.string(), definitions);
  if (auto r = compiler.run(map); !r) return r.error();
  return std::shared_ptr<const Plan>(std::move(plan));
}

}  // namespace edigate::maps::engine
