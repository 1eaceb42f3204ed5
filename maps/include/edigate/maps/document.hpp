#pragma once
// A business document as an ordered tree: the canonical order, order response, ship notice and
// invoice, and the ERP documents they are written to and read from. Scalars keep their exact text
// (amounts are never turned into binary floating point); `Scalar` says how JSON writes them.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edigate::maps {

enum class Scalar : std::uint8_t { string, number, boolean };

class Node {
 public:
  enum class Kind : std::uint8_t { null, value, object, array };
  using Field = std::pair<std::string, Node>;

  Node() = default;
  static Node value(std::string text, Scalar scalar = Scalar::string);
  static Node object();
  static Node array();

  Kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == Kind::null; }
  bool is_value() const noexcept { return kind_ == Kind::value; }
  bool is_object() const noexcept { return kind_ == Kind::object; }
  bool is_array() const noexcept { return kind_ == Kind::array; }

  // value
  const std::string& text() const noexcept { return text_; }
  Scalar scalar() const noexcept { return scalar_; }
  void set(std::string text, Scalar scalar = Scalar::string);

  // object: fields keep their insertion order
  const std::vector<Field>& fields() const noexcept { return fields_; }
  std::vector<Field>& fields() noexcept { return fields_; }
  const Node* find(std::string_view name) const noexcept;
  Node* find(std::string_view name) noexcept;
  Node& operator[](std::string_view name);  // finds or appends (turns a null node into an object)
  bool erase(std::string_view name);

  // array
  const std::vector<Node>& items() const noexcept { return items_; }
  std::vector<Node>& items() noexcept { return items_; }
  Node& append(Node item);  // turns a null node into an array
  Node& append();           // an empty (null) element

  // True for null, an empty value, and objects and arrays holding only empty nodes.
  bool empty() const noexcept;

  friend bool operator==(const Node& a, const Node& b) noexcept;

 private:
  Kind kind_ = Kind::null;
  Scalar scalar_ = Scalar::string;
  std::string text_;
  std::vector<Field> fields_;
  std::vector<Node> items_;
};

// A canonical document names its model ("order", "order_response", "ship_notice", "invoice").
struct Document {
  std::string model;
  Node root = Node::object();
};

}  // namespace edigate::maps
