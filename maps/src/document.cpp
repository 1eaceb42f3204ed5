#include <edigate/maps/document.hpp>

#include <algorithm>

namespace edigate::maps {

Node Node::value(std::string text, Scalar scalar) {
  Node n;
  n.set(std::move(text), scalar);
  return n;
}

Node Node::object() {
  Node n;
  n.kind_ = Kind::object;
  return n;
}

Node Node::array() {
  Node n;
  n.kind_ = Kind::array;
  return n;
}

void Node::set(std::string text, Scalar scalar) {
  kind_ = Kind::value;
  scalar_ = scalar;
  text_ = std::move(text);
  fields_.clear();
  items_.clear();
}

const Node* Node::find(std::string_view name) const noexcept {
  for (const auto& [key, child] : fields_) {
    if (key == name) return &child;
  }
  return nullptr;
}

Node* Node::find(std::string_view name) noexcept {
  for (auto& [key, child] : fields_) {
    if (key == name) return &child;
  }
  return nullptr;
}

Node& Node::operator[](std::string_view name) {
  if (kind_ == Kind::null) kind_ = Kind::object;
  if (Node* found = find(name)) return *found;
  fields_.emplace_back(std::string(name), Node());
  return fields_.back().second;
}

bool Node::erase(std::string_view name) {
  const auto it = std::find_if(fields_.begin(), fields_.end(), [&](const Field& f) { return f.first == name; });
  if (it == fields_.end()) return false;
  fields_.erase(it);
  return true;
}

Node& Node::append() { return append(Node()); }

Node& Node::append(Node item) {
  if (kind_ == Kind::null) kind_ = Kind::array;
  items_.push_back(std::move(item));
  return items_.back();
}

bool Node::empty() const noexcept {
  switch (kind_) {
    case Kind::null: return true;
    case Kind::value: return text_.empty();
    case Kind::object:
      return std::all_of(fields_.begin(), fields_.end(), [](const Field& f) { return f.second.empty(); });
    case Kind::array: return std::all_of(items_.begin(), items_.end(), [](const Node& n) { return n.empty(); });
  }
  return true;
}

bool operator==(const Node& a, const Node& b) noexcept {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Node::Kind::null: return true;
    case Node::Kind::value: return a.text_ == b.text_ && a.scalar_ == b.scalar_;
    case Node::Kind::object: return a.fields_ == b.fields_;
    case Node::Kind::array: return a.items_ == b.items_;
  }
  return false;
}

}  // namespace edigate::maps
