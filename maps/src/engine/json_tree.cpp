#include "engine/json_tree.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <vector>

namespace edigate::maps::engine {

namespace {

class Builder : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return put(Node()); }
  bool boolean(bool val) override { return put(Node::value(val ? "true" : "false", Scalar::boolean)); }
  bool number_integer(number_integer_t val) override { return put(Node::value(std::to_string(val), Scalar::number)); }
  bool number_unsigned(number_unsigned_t val) override { return put(Node::value(std::to_string(val), Scalar::number)); }
  bool number_float(number_float_t, const string_t& s) override {
    if (s.find_first_of("eE") != string_t::npos) {
      problem = "number " + s + " uses an exponent; write it as a plain decimal";
      return false;
    }
    return put(Node::value(s, Scalar::number));
  }
  bool string(string_t& val) override { return put(Node::value(std::move(val), Scalar::string)); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return open(Node::object()); }
  bool key(string_t& val) override {
    keys_.back() = std::move(val);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Node::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    offset = position;
    if (problem.empty()) problem = ex.what();
    return false;
  }

  Node root;
  std::string problem;
  std::size_t offset = 0;

 private:
  bool put(Node value) {
    if (stack_.empty()) {
      root = std::move(value);
      return true;
    }
    Node& parent = *stack_.back();
    if (parent.is_object()) {
      if (parent.find(keys_.back()) != nullptr) {
        problem = "field \"" + keys_.back() + "\" appears twice";
        return false;
      }
      parent[keys_.back()] = std::move(value);
    } else {
      parent.append(std::move(value));
    }
    return true;
  }

  bool open(Node container) {
    if (stack_.size() >= max_json_depth) {
      problem = "nested deeper than " + std::to_string(max_json_depth) + " levels";
      return false;
    }
    Node* placed = nullptr;
    if (stack_.empty()) {
      root = std::move(container);
      placed = &root;
    } else {
      Node& parent = *stack_.back();
      if (parent.is_object()) {
        if (parent.find(keys_.back()) != nullptr) {
          problem = "field \"" + keys_.back() + "\" appears twice";
          return false;
        }
        placed = &(parent[keys_.back()] = std::move(container));
      } else {
        placed = &parent.append(std::move(container));
      }
    }
    stack_.push_back(placed);
    keys_.emplace_back();
    return true;
  }

  bool close() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }

  std::vector<Node*> stack_;
  std::vector<std::string> keys_;
};

void quote(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void write(std::string& out, const Node& node, bool pretty, int depth) {
  const auto newline = [&](int d) {
    if (!pretty) return;
    out += '\n';
    out.append(static_cast<std::size_t>(d) * 2, ' ');
  };
  switch (node.kind()) {
    case Node::Kind::null: out += "null"; return;
    case Node::Kind::value:
      if (node.scalar() == Scalar::string) quote(out, node.text());
      else out += node.text();
      return;
    case Node::Kind::object: {
      if (node.fields().empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [key, child] : node.fields()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        quote(out, key);
        out += pretty ? ": " : ":";
        write(out, child, pretty, depth + 1);
      }
      newline(depth);
      out += '}';
      return;
    }
    case Node::Kind::array: {
      if (node.items().empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const Node& child : node.items()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        write(out, child, pretty, depth + 1);
      }
      newline(depth);
      out += ']';
      return;
    }
  }
}

}  // namespace

Result<Node> parse_json(std::string_view text, const std::string& name) {
  Builder builder;
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const nlohmann::json::exception& e) {
    builder.problem = e.what();
  }
  if (!ok) {
    Error err;
    err.code = ErrorCode::invalid_document;
    err.where.file = name;
    err.where.offset = builder.offset;
    err.message = "not valid JSON: " + builder.problem;
    return err;
  }
  return std::move(builder.root);
}

std::string write_json(const Node& node, bool pretty) {
  std::string out;
  write(out, node, pretty, 0);
  if (pretty) out += '\n';
  return out;
}

}  // namespace edigate::maps::engine
