// Canonical JSON: {"model": NAME, "document": {...}} written by hand (numbers are written from their
// exact text, which nlohmann::json cannot hold) and read with nlohmann::json's SAX parser, whose
// number_float callback hands over the number's text, so no amount ever passes through a double.
#include <edigate/maps/canonical.hpp>

#include "canonical/problems.hpp"
#include "engine/json_tree.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <deque>
#include <string>
#include <vector>

namespace edigate::maps {

namespace {

using canonical::Path;
using canonical::Problems;

// ---------------------------------------------------------------------------------------- writing

// ---------------------------------------------------------------------------------------- reading

constexpr std::size_t max_depth = 64;

// Pass one: the JSON as a Node tree, scalars tagged with the kind of token they were written as
// (the model is applied afterwards, so "document" may come before "model").
class TreeBuilder {
 public:
  using Json = nlohmann::json;

  bool null() { return put(Node()); }
  bool boolean(bool value) { return put(Node::value(value ? "true" : "false", Scalar::boolean)); }
  bool number_integer(Json::number_integer_t value) { return put(Node::value(std::to_string(value), Scalar::number)); }
  bool number_unsigned(Json::number_unsigned_t value) { return put(Node::value(std::to_string(value), Scalar::number)); }
  bool number_float(Json::number_float_t, const std::string& text) { return put(Node::value(text, Scalar::number)); }
  bool string(std::string& value) { return put(Node::value(std::move(value), Scalar::string)); }
  bool binary(Json::binary_t&) { return false; }  // only the binary formats produce it

  bool start_object(std::size_t) { return open(Node::object()); }
  bool start_array(std::size_t) { return open(Node::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& name) {
    duplicate_ = stack_.back().node->find(name) != nullptr;
    key_ = std::move(name);
    if (duplicate_) problems.add(here(), "the field appears twice in the object");
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
    if (const auto bracket = what.find("] "); what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
      what.erase(0, bracket + 2);
    }
    syntax = "malformed JSON: " + what;
    syntax_offset = position;
    return false;
  }

  // Where the parser is: the open containers and the field or item about to be read.
  Path here() const {
    Path path;
    for (std::size_t i = 1; i < stack_.size(); ++i) path.push_back(stack_[i].step);
    if (!stack_.empty()) {
      const Node& top = *stack_.back().node;
      if (top.is_array()) {
        path.push_back(canonical::Step{{}, top.items().size(), true});
      } else if (!key_.empty()) {
        path.push_back(canonical::Step{key_, 0, false});
      }
    }
    return path;
  }

  Node root;
  Problems problems;
  std::string syntax;  // set when the text is not JSON (or nests too deep): nothing else is trusted
  std::size_t syntax_offset = 0;

 private:
  struct Open {
    Node* node;
    canonical::Step step;  // how the container was reached from its parent
  };

  Node& slot() {
    if (stack_.empty()) return root;
    Node& top = *stack_.back().node;
    if (top.is_array()) return top.append();
    if (duplicate_) {
      duplicate_ = false;
      return scratch_.emplace_back();  // parsed and dropped; the problem is already noted
    }
    return top.fields().emplace_back(key_, Node()).second;
  }

  canonical::Step next_step() const {
    if (stack_.empty()) return {};
    const Node& top = *stack_.back().node;
    if (top.is_array()) return canonical::Step{{}, top.items().size(), true};
    return canonical::Step{key_, 0, false};
  }

  bool put(Node value) {
    slot() = std::move(value);
    return true;
  }

  bool open(Node container) {
    if (stack_.size() >= max_depth) {
      syntax = fmt::format("JSON nested deeper than {} levels", max_depth);
      return false;
    }
    canonical::Step step = next_step();
    // The container's address stays valid while it is open: its parent gets no new child before
    // it closes, and the scratch nodes live in a deque.
    Node& node = slot();
    node = std::move(container);
    stack_.push_back(Open{&node, std::move(step)});
    key_.clear();
    return true;
  }

  bool close() {
    stack_.pop_back();
    key_.clear();
    return true;
  }

  std::vector<Open> stack_;
  std::string key_;
  bool duplicate_ = false;
  std::deque<Node> scratch_;
};

// Pass two: the model applied to the tree. Each scalar gets its model kind; what the JSON got wrong
// (kinds of token, nulls, empties, unknown fields) is reported here, where the JSON is still known,
// and the offending node is taken out so that ModelSet::check reports only what is left.
class Typer {
 public:
  explicit Typer(Problems& problems) : problems_(problems) {}

  void object(Node& node, const TypeDef& type, const Path& path) {
    auto& fields = node.fields();
    for (auto it = fields.begin(); it != fields.end();) {
      const FieldDef* field = type.field(it->first);
      const Path at = canonical::child(path, it->first);
      bool keep = false;
      if (field == nullptr) {
        problems_.add(at, fmt::format("unknown field ({} has no field {})", type.name, it->first));
      } else {
        keep = this->field(it->second, *field, at);
      }
      it = keep ? it + 1 : fields.erase(it);
    }
  }

 private:
  bool field(Node& node, const FieldDef& field, const Path& path) {
    if (node.is_null()) {
      problems_.add(path, "null: leave the field out (canonical documents hold no empty values)");
      return false;
    }
    if (!field.list) return single(node, field, path);
    if (!node.is_array()) {
      problems_.add(path, fmt::format("{} where a list belongs: write a JSON array", kind(node)));
      return false;
    }
    if (node.items().empty()) {
      problems_.add(path, "an empty array: leave the field out (canonical documents hold no empty values)");
      return false;
    }
    for (std::size_t i = 0; i < node.items().size(); ++i) {
      Node& item = node.items()[i];
      const Path at = canonical::item(path, i);
      // A bad item is emptied rather than erased so that the next items keep their indexes.
      if (item.is_null()) {
        problems_.add(at, "null in a list: leave it out");
        item = neutral(field);
      } else if (!single(item, field, at)) {
        item = neutral(field);
      }
    }
    return true;
  }

  bool single(Node& node, const FieldDef& field, const Path& path) {
    if (field.type == FieldType::object) {
      if (!node.is_object()) {
        problems_.add(path, fmt::format("{} where an object ({}) belongs", kind(node), field.object->name));
        return false;
      }
      if (node.fields().empty()) {
        problems_.add(path, "an empty object: leave the field out (canonical documents hold no empty values)");
        return false;
      }
      object(node, *field.object, path);
      return true;
    }
    if (!node.is_value()) {
      problems_.add(path, fmt::format("{} where a {} belongs", kind(node), to_string(field.type)));
      return false;
    }
    std::string problem = canonical::scalar_problem(field.type, node);
    if (problem.empty() && field.type == FieldType::decimal && !canonical::canonical_decimal(node.text())) {
      problem = fmt::format("\"{}\" is not a canonical decimal (digits, a point and digits: 12.50, -3, 0.5)",
                            node.text());
    }
    if (!problem.empty()) {
      problems_.add(path, std::move(problem));
      return false;
    }
    node.set(node.text(), json_scalar(field.type));
    return true;
  }

  static Node neutral(const FieldDef& field) {
    return field.type == FieldType::object ? Node::object() : Node::value("x", json_scalar(field.type));
  }

  static std::string_view kind(const Node& node) {
    switch (node.kind()) {
      case Node::Kind::null: return "null";
      case Node::Kind::object: return "an object";
      case Node::Kind::array: return "an array";
      case Node::Kind::value: break;
    }
    switch (node.scalar()) {
      case Scalar::string: return "a string";
      case Scalar::number: return "a number";
      case Scalar::boolean: return "a boolean";
    }
    return "a value";
  }

  Problems& problems_;
};

std::string model_list(const ModelSet& models) {
  std::string out;
  for (const std::string& name : models.model_names()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::vector<std::string> describe(const Problems& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems.list()) {
    const std::string where = canonical::json_pointer(p.path);
    out.push_back((where.empty() ? std::string("the JSON text") : where) + ": " + p.message);
  }
  return out;
}

}  // namespace

std::string to_json(const Document& document, bool pretty) {
  std::string out;
  out += pretty ? "{\n  \"model\": " : "{\"model\":";
  engine::write_json_string(document.model, out);
  out += pretty ? ",\n  \"document\": " : ",\"document\":";
  engine::write_json(document.root, pretty, 1, out);
  out += pretty ? "\n}" : "}";
  return out;
}

Result<Document> from_json(std::string_view text, const ModelSet& models, const std::string& name) {
  TreeBuilder builder;
  const bool parsed = nlohmann::json::sax_parse(text, &builder, nlohmann::json::input_format_t::json, true);
  if (!parsed || !builder.syntax.empty()) {
    const std::string where = canonical::json_pointer(builder.here());
    Error err = canonical::make_error(name, "", {(where.empty() ? std::string() : where + ": ") +
                                                    (builder.syntax.empty() ? "malformed JSON" : builder.syntax)});
    err.where.offset = builder.syntax_offset;
    return err;
  }
  Problems& problems = builder.problems;
  Node& envelope = builder.root;
  const ModelDef* model = nullptr;
  Document document;
  Node* body = nullptr;
  if (!envelope.is_object()) {
    problems.add({}, "a canonical JSON document is an object {\"model\": ..., \"document\": {...}}");
  } else {
    for (auto& [key, value] : envelope.fields()) {
      const Path at = canonical::child({}, key);
      if (key == "model") {
        if (!value.is_value() || value.scalar() != Scalar::string) {
          problems.add(at, "the model is a string (" + model_list(models) + ")");
        } else if ((model = models.model(value.text())) == nullptr) {
          problems.add(at, fmt::format("unknown model \"{}\" (known: {})", value.text(), model_list(models)));
        }
      } else if (key == "document") {
        if (!value.is_object()) {
          problems.add(at, "the document is an object");
        } else {
          body = &value;
        }
      } else {
        problems.add(at, "unknown field: a canonical JSON document holds \"model\" and \"document\"");
      }
    }
    if (envelope.find("model") == nullptr) problems.add(canonical::child({}, "model"), "missing");
    if (envelope.find("document") == nullptr) problems.add(canonical::child({}, "document"), "missing");
  }
  if (model != nullptr && body != nullptr) {
    const Path base = canonical::child({}, "document");
    Typer(problems).object(*body, model->root, base);
    document.model = model->name;
    document.root = std::move(*body);
    problems.add_check(models.check(document), base);
    problems.sort(model->root, base);
  }
  if (!problems.empty()) {
    return canonical::make_error(name, model != nullptr ? "the " + model->name : std::string("the document"),
                                 describe(problems));
  }
  return document;
}

}  // namespace edigate::maps
