#include "engine/json_tree.hpp"

#include <nlohmann/json.hpp>

#include "canonical/problems.hpp"

#include <fmt/format.h>

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

bool plain_ascii(std::string_view text) noexcept {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void write_json_string(std::string_view text, std::string& out) {
  out += '"';
  if (plain_ascii(text)) {  // most values: nothing to escape or check
    out += text;
    out += '"';
    return;
  }
  canonical::for_each_code_point(text, [&out](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case U'"': out += "\\\""; return;
      case U'\\': out += "\\\\"; return;
      case U'\b': out += "\\b"; return;
      case U'\f': out += "\\f"; return;
      case U'\n': out += "\\n"; return;
      case U'\r': out += "\\r"; return;
      case U'\t': out += "\\t"; return;
      default: break;
    }
    if (cp < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
    } else {
      out += bytes;
    }
  });
  out += '"';
}

namespace {

// JSON's number grammar: what may be written without quotes.
bool json_number(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  const std::size_t start = i;
  const std::size_t whole = digits();
  if (whole == 0 || (whole > 1 && text[start] == '0')) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

}  // namespace

void write_json(const Node& node, bool pretty, std::size_t depth, std::string& out) {
  const auto newline = [&](std::size_t level) {
    if (!pretty) return;
    out += '\n';
    out.append(2 * level, ' ');
  };
  switch (node.kind()) {
    case Node::Kind::null:
      out += "null";
      return;
    case Node::Kind::value:
      // A value whose kind its text does not fit (a map's mistake) is still written as valid JSON.
      if ((node.scalar() == Scalar::number && json_number(node.text())) ||
          (node.scalar() == Scalar::boolean && (node.text() == "true" || node.text() == "false"))) {
        out += node.text();
      } else {
        write_json_string(node.text(), out);
      }
      return;
    case Node::Kind::object: {
      if (node.fields().empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [name, child] : node.fields()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        write_json_string(name, out);
        out += pretty ? ": " : ":";
        write_json(child, pretty, depth + 1, out);
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
        write_json(child, pretty, depth + 1, out);
      }
      newline(depth);
      out += ']';
      return;
    }
  }
}

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
  write_json(node, pretty, 0, out);
  if (pretty) out += '\n';
  return out;
}

}  // namespace edigate::maps::engine
