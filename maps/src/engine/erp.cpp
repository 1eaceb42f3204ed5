// ERP documents (JSON, XML, CSV) in and out: the same bindings as EDI maps, over a tree.
#include "engine/csv.hpp"
#include "engine/json_tree.hpp"
#include "engine/template.hpp"
#include "engine/values.hpp"

#include <edigate/maps/map.hpp>
#include <edigate/xml.hpp>

#include <algorithm>
#include <map>

namespace edigate::maps {

namespace {

using engine::NodeKind;
using engine::Plan;
using engine::TemplateNode;

using engine::join_path;

// ---------------------------------------------------------------- shared value handling

class Values {
 public:
  Values(const Plan& plan, std::string name) : plan_(plan), name_(std::move(name)) {}

  Error fail(const TemplateNode& node, const std::string& place, const std::string& reason) const {
    Error err;
    err.code = ErrorCode::mapping_failed;
    err.where.file = name_;
    err.message = plan_.where(node) + (place.empty() ? "" : " at " + place) + ": " + reason;
    return err;
  }

  // In: writes an external value to the canonical document.
  Result<void> put(const TemplateNode& node, const std::string* external, Node& context, Node& root,
                   const std::string& place) const {
    const engine::Rule& r = node.rule;
    if (r.bind.empty() || r.constant || !r.reads()) return {};
    if (external == nullptr || external->empty()) {
      if (r.default_value) engine::set_value(context, root, r.bind, *r.default_value, engine::canonical_scalar(r));
      else if (r.required) return fail(node, place, "required value is missing");
      return {};
    }
    engine::Converted c = engine::to_canonical(r, *external);
    if (!c.ok) return fail(node, place, c.reason);
    if (c.dropped) dropped = true;
    if (!c.value.empty()) engine::set_value(context, root, r.bind, std::move(c.value), engine::canonical_scalar(r));
    return {};
  }

  // Out: the external text of a value node ("" when nothing is written); `content` is set when the
  // value came from the document rather than the map.
  Result<std::string> get(const TemplateNode& node, const Node& context, const Node& root, const std::string& path,
                          bool& content) const {
    const engine::Rule& r = node.rule;
    if (!r.writes()) return std::string();
    if (r.constant) return *r.constant;
    std::string canonical;
    if (r.compute.kind == engine::ComputeKind::count || r.compute.kind == engine::ComputeKind::sum) {
      canonical = engine::compute(r, context, root);
    } else if (!r.bind.empty()) {
      const Node* v = engine::find(context, root, r.bind);
      if (v != nullptr && v->is_value()) canonical = v->text();
    }
    if (canonical.empty()) {
      if (r.default_value) return *r.default_value;
      if (r.required) return fail(node, join_path(path, r.bind.text), "required value is missing");
      return std::string();
    }
    engine::Converted c = engine::to_external(r, canonical);
    if (!c.ok) return fail(node, join_path(path, r.bind.text), c.reason);
    if (c.dropped) dropped = true;
    // Values from the document, and counts and sums over a list that is there, make a segment worth writing.
    if (!c.value.empty() && (r.compute.kind == engine::ComputeKind::none ? !r.bind.empty() : c.value != "0")) content = true;
    return std::move(c.value);
  }

  // The canonical contexts a container node stands for when written out.
  std::vector<std::pair<const Node*, std::string>> contexts(const TemplateNode& node, const Node& context,
                                                            const Node& root, const std::string& path) const {
    std::vector<std::pair<const Node*, std::string>> out;
    for (auto& c : engine::out_contexts(node.rule, node.min, {&context, path}, root, empty_)) out.emplace_back(c.node, std::move(c.path));
    return out;
  }

  // Set when a code table with other="drop" had no entry: the container being read or written is
  // left out (an unknown qualifier would otherwise leave half an entry behind).
  mutable bool dropped = false;

  // In: after a container was read, the list item it added goes again when a code was dropped.
  void forget_dropped(const TemplateNode& node, Node& context, Node& root) const {
    if (dropped && !node.rule.each.empty()) {
      if (Node* list = engine::find(context, root, node.rule.each); list != nullptr && list->is_array() && !list->items().empty()) {
        list->items().pop_back();
      }
    }
    dropped = false;
  }

  // In: the canonical object a container node writes into.
  Node& context_for(const TemplateNode& node, Node& context, Node& root) const {
    if (!node.rule.each.empty()) {
      Node& item = engine::new_item(context, root, node.rule.each);
      return node.rule.bind.empty() ? item : engine::object_at(item, root, node.rule.bind);
    }
    if (!node.rule.bind.empty()) return engine::object_at(context, root, node.rule.bind);
    return context;
  }

 private:
  const Plan& plan_;
  std::string name_;
  const Node empty_ = Node::object();
};

// ---------------------------------------------------------------- JSON

class JsonIn {
 public:
  JsonIn(const Values& values, Node& root) : values_(values), root_(root) {}

  static bool accepts(const TemplateNode& node, const Node& external) {
    for (const engine::Condition& c : node.rule.when) {
      const Node* v = external.is_object() ? external.find(c.name) : nullptr;
      if (v == nullptr || !v->is_value() || std::find(c.values.begin(), c.values.end(), v->text()) == c.values.end()) return false;
    }
    return true;
  }

  Result<void> object(const TemplateNode& node, const Node& external, Node& context, const std::string& place) {
    for (const TemplateNode& child : node.children) {
      const Node* found = external.find(child.name);
      const std::string here = place + "/" + child.name;
      if (child.kind == NodeKind::field) {
        const std::string* text = found != nullptr && found->is_value() ? &found->text() : nullptr;
        if (auto r = values_.put(child, text, context, root_, here); !r) return r;
        continue;
      }
      if (found == nullptr) continue;
      if (child.kind == NodeKind::object) {
        if (!found->is_object() || !accepts(child, *found)) continue;
        Node& inner = values_.context_for(child, context, root_);
        if (auto r = object(child, *found, inner, here); !r) return r;
      } else if (child.kind == NodeKind::array) {
        if (!found->is_array()) continue;
        const TemplateNode& item_node = child.children.front();
        for (std::size_t i = 0; i < found->items().size(); ++i) {
          const Node& item = found->items()[i];
          if (!item.is_object() || !accepts(item_node, item)) continue;
          Node& inner = values_.context_for(child, context, root_);
          Node& item_ctx = values_.context_for(item_node, inner, root_);
          values_.dropped = false;
          if (auto r = object(item_node, item, item_ctx, here + "/" + std::to_string(i)); !r) return r;
          values_.forget_dropped(child, context, root_);
        }
      }
    }
    return {};
  }

 private:
  const Values& values_;
  Node& root_;
};

class JsonOut {
 public:
  JsonOut(const Values& values, const Node& root) : values_(values), root_(root) {}

  // Fills `out` (an object) from `node`'s children; true when a value came from the document.
  Result<bool> object(const TemplateNode& node, const Node& context, const std::string& path, Node& out) {
    bool content = false;
    for (const engine::Condition& c : node.rule.when) out[c.name] = Node::value(c.values.front());
    for (const TemplateNode& child : node.children) {
      if (child.kind == NodeKind::field) {
        auto v = values_.get(child, context, root_, path, content);
        if (!v) return std::move(v).error();
        if (v->empty()) continue;
        if (child.rule.external == Scalar::number) {
          // JSON numbers have no leading zeros or plus signs: "007" is written 7.
          const auto d = Decimal::parse(*v);
          if (!d || v->front() == '+') return values_.fail(child, join_path(path, child.rule.bind.text), "\"" + *v + "\" is not a JSON number");
          *v = d->to_string();
        } else if (child.rule.external == Scalar::boolean && *v != "true" && *v != "false") {
          return values_.fail(child, join_path(path, child.rule.bind.text), "\"" + *v + "\" is not true or false");
        }
        out[child.name] = Node::value(std::move(*v), child.rule.external);
      } else if (child.kind == NodeKind::object) {
        for (const auto& [inner, inner_path] : values_.contexts(child, context, root_, path)) {
          Node obj = Node::object();
          auto c = object(child, *inner, inner_path, obj);
          if (!c) return c;
          if (*c || child.min > 0) {
            out[child.name] = std::move(obj);
            content = content || *c;
          }
          break;  // an object field holds one object
        }
      } else if (child.kind == NodeKind::array) {
        Node list = Node::array();
        const TemplateNode& item_node = child.children.front();
        for (const auto& [inner, inner_path] : values_.contexts(child, context, root_, path)) {
          for (const auto& [item_ctx, item_path] : values_.contexts(item_node, *inner, root_, inner_path)) {
            Node obj = Node::object();
            const bool outer_dropped = values_.dropped;
            values_.dropped = false;
            auto c = object(item_node, *item_ctx, item_path, obj);
            if (!c) return c;
            const bool dropped = values_.dropped;
            values_.dropped = outer_dropped;
            if (*c && !dropped) list.append(std::move(obj));
          }
        }
        if (!list.items().empty() || child.min > 0) {
          content = content || !list.items().empty();
          out[child.name] = std::move(list);
        }
      }
    }
    // A constant that goes with a sibling (with=) stays only when that sibling was written.
    for (const TemplateNode& child : node.children) {
      if (child.kind == NodeKind::field && !child.rule.with_name.empty() && out.find(child.rule.with_name) == nullptr) {
        out.erase(child.name);
      }
    }
    return content;
  }

 private:
  const Values& values_;
  const Node& root_;
};

// ---------------------------------------------------------------- XML

std::string trimmed(const std::string& text) {
  const auto b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
}

bool is_value_element(const TemplateNode& node) {
  return std::none_of(node.children.begin(), node.children.end(), [](const TemplateNode& c) {
    return c.kind == NodeKind::element || c.kind == NodeKind::attribute;
  });
}

class XmlIn {
 public:
  XmlIn(const Values& values, Node& root) : values_(values), root_(root) {}

  static bool accepts(const TemplateNode& node, const xml::Element& e) {
    for (const engine::Condition& c : node.rule.when) {
      const xml::Element* child = e.child(c.name);
      const std::string* attr = e.attribute(c.name);
      const std::string v = child != nullptr ? trimmed(child->text) : attr != nullptr ? *attr : std::string();
      if (std::find(c.values.begin(), c.values.end(), v) == c.values.end()) return false;
    }
    return true;
  }

  // An element a qualified sibling (`when`) accepts belongs to that sibling, not to a generic one:
  // the same rule as for EDI segments.
  static bool claimed(const TemplateNode& parent, const xml::Element& e) {
    for (const TemplateNode& sibling : parent.children) {
      if (sibling.kind == NodeKind::element && sibling.name == e.name && !sibling.rule.when.empty() && accepts(sibling, e)) {
        return true;
      }
    }
    return false;
  }

  Result<void> element(const TemplateNode& node, const xml::Element& e, Node& context, const std::string& place) {
    for (const TemplateNode& child : node.children) {
      const std::string here = place + "/" + (child.kind == NodeKind::attribute ? "@" : "") + child.name;
      if (child.kind == NodeKind::attribute) {
        if (auto r = values_.put(child, e.attribute(child.name), context, root_, here); !r) return r;
        continue;
      }
      if (child.kind != NodeKind::element) continue;
      if (is_value_element(child)) {
        const xml::Element* found = e.child(child.name);
        const std::string text = found != nullptr ? trimmed(found->text) : std::string();
        if (auto r = values_.put(child, found != nullptr ? &text : nullptr, context, root_, here); !r) return r;
        continue;
      }
      std::size_t n = 0;
      for (const xml::Element& c : e.children) {
        if (c.name != child.name || !accepts(child, c)) continue;
        if (child.rule.when.empty() && claimed(node, c)) continue;
        ++n;
        Node& inner = values_.context_for(child, context, root_);
        values_.dropped = false;
        if (auto r = element(child, c, inner, here + "[" + std::to_string(n) + "]"); !r) return r;
        values_.forget_dropped(child, context, root_);
        if (child.rule.each.empty()) break;
      }
    }
    return {};
  }

 private:
  const Values& values_;
  Node& root_;
};

struct XmlOutNode {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;
  std::vector<XmlOutNode> children;
  bool value = false;
};

class XmlOut {
 public:
  XmlOut(const Values& values, const Node& root) : values_(values), root_(root) {}

  Result<bool> element(const TemplateNode& node, const Node& context, const std::string& path, XmlOutNode& out) {
    bool content = false;
    out.name = node.name;
    for (const TemplateNode& child : node.children) {
      if (child.kind == NodeKind::attribute) {
        auto v = values_.get(child, context, root_, path, content);
        if (!v) return std::move(v).error();
        if (!v->empty()) out.attributes.emplace_back(child.name, std::move(*v));
      }
    }
    // `when` conditions name child elements; written in template order among the others.
    for (const engine::Condition& c : node.rule.when) {
      XmlOutNode q;
      q.name = c.name;
      q.text = c.values.front();
      q.value = true;
      out.children.push_back(std::move(q));
    }
    for (const TemplateNode& child : node.children) {
      if (child.kind != NodeKind::element) continue;
      if (is_value_element(child)) {
        auto v = values_.get(child, context, root_, path, content);
        if (!v) return std::move(v).error();
        if (v->empty()) continue;
        XmlOutNode leaf;
        leaf.name = child.name;
        leaf.text = std::move(*v);
        leaf.value = true;
        out.children.push_back(std::move(leaf));
        continue;
      }
      for (const auto& [inner, inner_path] : values_.contexts(child, context, root_, path)) {
        XmlOutNode sub;
        const bool outer_dropped = values_.dropped;
        values_.dropped = false;
        auto c = element(child, *inner, inner_path, sub);
        if (!c) return c;
        const bool dropped = values_.dropped;
        values_.dropped = outer_dropped;
        if (dropped) continue;
        if (*c || child.min > 0) {
          content = content || *c;
          out.children.push_back(std::move(sub));
        }
      }
    }
    for (const TemplateNode& child : node.children) {
      if (child.kind != NodeKind::element || child.rule.with_name.empty()) continue;
      const auto has = [&](const std::string& name) {
        return std::any_of(out.children.begin(), out.children.end(), [&](const XmlOutNode& c) { return c.name == name; });
      };
      if (!has(child.rule.with_name)) {
        out.children.erase(std::remove_if(out.children.begin(), out.children.end(),
                                          [&](const XmlOutNode& c) { return c.name == child.name; }),
                           out.children.end());
      }
    }
    return content;
  }

  static void write(std::string& out, const XmlOutNode& node, int depth) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += "<" + node.name;
    for (const auto& [k, v] : node.attributes) out += " " + k + "=\"" + xml::escape(v) + "\"";
    if (node.value) {
      out += ">" + xml::escape(node.text) + "</" + node.name + ">\n";
      return;
    }
    if (node.children.empty()) {
      out += "/>\n";
      return;
    }
    out += ">\n";
    for (const XmlOutNode& c : node.children) write(out, c, depth + 1);
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += "</" + node.name + ">\n";
  }

 private:
  const Values& values_;
  const Node& root_;
};

const TemplateNode* top(const Plan& plan) {
  for (const TemplateNode& n : plan.root.children) {
    if (n.kind == NodeKind::object || n.kind == NodeKind::element) return &n;
  }
  return nullptr;
}

Error no_template(const Plan& plan) {
  Error err;
  err.code = ErrorCode::invalid_map;
  err.where.file = plan.map_info.file.string();
  err.message = "map " + plan.map_info.name + " has no top-level <object> or <element>";
  return err;
}

// ---------------------------------------------------------------- CSV

Result<std::vector<Document>> csv_in(const Plan& plan, std::string_view text, const std::string& name) {
  auto table = engine::parse_csv(text, plan.separator, name);
  if (!table) return std::move(table).error();
  Values values(plan, name);
  std::vector<const TemplateNode*> columns;
  for (const TemplateNode& n : plan.root.children) {
    if (n.kind == NodeKind::column) columns.push_back(&n);
  }
  std::vector<std::size_t> index(columns.size());
  std::size_t first_row = 0;
  if (plan.header) {
    if (table->empty()) return std::vector<Document>{};
    const auto& head = table->front();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto it = std::find(head.begin(), head.end(), columns[c]->name);
      index[c] = it == head.end() ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(it - head.begin());
    }
    first_row = 1;
  } else {
    for (std::size_t c = 0; c < columns.size(); ++c) index[c] = c;
  }
  std::size_t key_index = static_cast<std::size_t>(-1);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c]->name == plan.key_column) key_index = index[c];
  }
  std::vector<Document> docs;
  std::map<std::string, std::size_t> by_key;
  for (std::size_t r = first_row; r < table->size(); ++r) {
    const auto& row = (*table)[r];
    if (row.size() == 1 && row[0].empty()) continue;  // a blank line
    const std::string key = key_index < row.size() ? row[key_index] : std::string();
    std::size_t d = 0;
    if (const auto it = by_key.find(key); it != by_key.end() && !plan.key_column.empty()) {
      d = it->second;
    } else {
      d = docs.size();
      by_key[key] = d;
      docs.push_back(Document{plan.model_def->name, Node::object()});
    }
    Node& root = docs[d].root;
    Node& item = plan.rows.empty() ? root : engine::new_item(root, root, plan.rows);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const TemplateNode& col = *columns[c];
      const std::string* cell = index[c] < row.size() ? &row[index[c]] : nullptr;
      // Header fields repeat on every row: the first row of a document sets them.
      if (col.rule.bind.absolute && engine::find(root, root, col.rule.bind) != nullptr) continue;
      const std::string place = "row " + std::to_string(r + 1) + ", column " + col.name;
      if (auto res = values.put(col, cell, item, root, place); !res) return res.error();
    }
  }
  for (Document& doc : docs) {
    engine::prune(doc.root);
    engine::order_like_model(doc.root, plan.model_def->root);
  }
  return docs;
}

void csv_cell(std::string& out, const std::string& value, char sep) {
  if (value.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string::npos) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

Result<std::string> csv_out(const Plan& plan, std::span<const Document> documents) {
  Values values(plan, "");
  std::vector<const TemplateNode*> columns;
  for (const TemplateNode& n : plan.root.children) {
    if (n.kind == NodeKind::column) columns.push_back(&n);
  }
  std::string out;
  auto row = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += plan.separator;
      csv_cell(out, cells[i], plan.separator);
    }
    out += "\r\n";
  };
  if (plan.header) {
    std::vector<std::string> head;
    for (const auto* c : columns) head.push_back(c->name);
    row(head);
  }
  for (const Document& doc : documents) {
    std::vector<std::pair<const Node*, std::string>> items;
    if (plan.rows.empty()) {
      items.emplace_back(&doc.root, "");
    } else if (const Node* list = engine::find(doc.root, doc.root, plan.rows); list != nullptr && list->is_array()) {
      for (std::size_t i = 0; i < list->items().size(); ++i) items.emplace_back(&list->items()[i], plan.rows.text + "[" + std::to_string(i) + "]");
    }
    for (const auto& [item, path] : items) {
      std::vector<std::string> cells;
      bool content = false;
      for (const auto* c : columns) {
        auto v = values.get(*c, *item, doc.root, path, content);
        if (!v) return std::move(v).error();
        cells.push_back(std::move(*v));
      }
      row(cells);
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Document>> erp_to_canonical(const CompiledMap& map, std::string_view text, const std::string& name) {
  const auto& plan = static_cast<const Plan&>(map);
  if (plan.map_info.format == MapFormat::csv) return csv_in(plan, text, name);
  const TemplateNode* root_node = top(plan);
  if (root_node == nullptr) return no_template(plan);
  Document doc{plan.model_def->name, Node::object()};
  Values values(plan, name);
  if (plan.map_info.format == MapFormat::json) {
    auto tree = engine::parse_json(text, name);
    if (!tree) return std::move(tree).error();
    if (!tree->is_object()) return values.fail(*root_node, "/", "the document is not a JSON object");
    JsonIn in(values, doc.root);
    Node& ctx = values.context_for(*root_node, doc.root, doc.root);
    if (auto r = in.object(*root_node, *tree, ctx, ""); !r) return r.error();
  } else if (plan.map_info.format == MapFormat::xml) {
    xml::ReadOptions options;
    options.invalid = ErrorCode::invalid_document;
    options.keep_text = true;
    auto tree = xml::read_text(text, name, options);
    if (!tree) return std::move(tree).error();
    if (tree->name != root_node->name) {
      return values.fail(*root_node, "/" + tree->name, "expected root element <" + root_node->name + ">");
    }
    XmlIn in(values, doc.root);
    Node& ctx = values.context_for(*root_node, doc.root, doc.root);
    if (auto r = in.element(*root_node, *tree, ctx, "/" + tree->name); !r) return r.error();
  } else {
    Error err;
    err.code = ErrorCode::map_not_found;
    err.message = "map " + plan.map_info.name + " is an EDI map, not an ERP format";
    return err;
  }
  engine::prune(doc.root);
  engine::order_like_model(doc.root, plan.model_def->root);
  // A document that lacks what its model requires (a required field whose whole parent element
  // was absent, so no rule fired) is an error here, not a surprise downstream.
  if (plan.models != nullptr) {
    if (const auto problems = plan.models->check(doc); !problems.empty()) {
      Error err;
      err.code = ErrorCode::mapping_failed;
      err.where.file = name;
      err.message = "map " + plan.map_info.name + ": the " + doc.model + " read is incomplete: " + problems.front().path + ": " +
                    problems.front().message;
      if (problems.size() > 1) err.message += " (and " + std::to_string(problems.size() - 1) + " more)";
      return err;
    }
  }
  std::vector<Document> out;
  out.push_back(std::move(doc));
  return out;
}

Result<std::string> canonical_to_erp(const CompiledMap& map, std::span<const Document> documents) {
  const auto& plan = static_cast<const Plan&>(map);
  for (const Document& d : documents) {
    if (d.model != plan.model_def->name) {
      Error err;
      err.code = ErrorCode::mapping_failed;
      err.message = "map " + plan.map_info.name + " writes " + plan.model_def->name + " documents, not " + d.model;
      return err;
    }
  }
  if (plan.map_info.format == MapFormat::csv) return csv_out(plan, documents);
  if (documents.size() != 1) {
    Error err;
    err.code = ErrorCode::mapping_failed;
    err.message = "map " + plan.map_info.name + " writes one document at a time";
    return err;
  }
  const TemplateNode* root_node = top(plan);
  if (root_node == nullptr) return no_template(plan);
  const Document& doc = documents.front();
  Values values(plan, "");
  if (plan.map_info.format == MapFormat::json) {
    JsonOut out(values, doc.root);
    Node result = Node::object();
    for (const auto& [ctx, path] : values.contexts(*root_node, doc.root, doc.root, "")) {
      auto c = out.object(*root_node, *ctx, path, result);
      if (!c) return c.error();
    }
    return engine::write_json(result, true);
  }
  if (plan.map_info.format == MapFormat::xml) {
    XmlOut out(values, doc.root);
    XmlOutNode result;
    for (const auto& [ctx, path] : values.contexts(*root_node, doc.root, doc.root, "")) {
      auto c = out.element(*root_node, *ctx, path, result);
      if (!c) return c.error();
    }
    std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    XmlOut::write(text, result, 0);
    return text;
  }
  Error err;
  err.code = ErrorCode::map_not_found;
  err.message = "map " + plan.map_info.name + " is an EDI map, not an ERP format";
  return err;
}

Result<std::shared_ptr<const CompiledMap>> detect_erp(const MapLibrary& library, std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const char lead = first == std::string_view::npos ? '\0' : text[first];
  std::optional<Node> json;
  std::optional<xml::Element> tree;
  if (lead == '{') {
    auto parsed = engine::parse_json(text, "input");
    if (parsed) json = std::move(*parsed);
  } else if (lead == '<') {
    xml::ReadOptions options;
    options.invalid = ErrorCode::invalid_document;
    options.keep_text = true;
    auto parsed = xml::read_text(text, "input", options);
    if (parsed) tree = std::move(*parsed);
  }
  const std::string_view first_line = text.substr(0, text.find_first_of("\r\n"));
  for (const MapInfo& info : library.maps()) {
    if (info.format == MapFormat::edi) continue;
    auto map = library.by_name(info.name);
    if (!map) return std::move(map).error();
    const auto& plan = static_cast<const Plan&>(**map);
    if (plan.detect.empty()) continue;
    bool all = true;
    for (const engine::Detect& d : plan.detect) {
      bool ok = false;
      if (!d.header.empty()) {
        ok = info.format == MapFormat::csv && first_line.substr(0, d.header.size()) == d.header;
      } else if (json && info.format == MapFormat::json) {
        engine::Path p;
        const Node* node = &*json;
        std::string_view rest = d.path;
        while (node != nullptr && !rest.empty()) {
          const auto dot = rest.find('.');
          node = node->is_object() ? node->find(rest.substr(0, dot)) : nullptr;
          rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
        }
        ok = node != nullptr && (!d.value || (node->is_value() && node->text() == *d.value));
      } else if (tree && info.format == MapFormat::xml) {
        // "ORDERS05" or "ORDERS05/IDOC/EDI_DC40/MESTYP"
        std::string_view rest = d.path;
        const auto slash = rest.find('/');
        const xml::Element* e = rest.substr(0, slash) == tree->name ? &*tree : nullptr;
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        while (e != nullptr && !rest.empty()) {
          const auto s = rest.find('/');
          e = e->child(rest.substr(0, s));
          rest = s == std::string_view::npos ? std::string_view() : rest.substr(s + 1);
        }
        ok = e != nullptr && (!d.value || trimmed(e->text) == *d.value);
      }
      all = all && ok;
    }
    if (all) return *map;
  }
  return std::shared_ptr<const CompiledMap>();
}

}  // namespace edigate::maps
