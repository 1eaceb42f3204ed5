#pragma once
// What every format adapter shares: walking canonical paths, converting values both ways, code
// tables, computed values.
#include "engine/template.hpp"

#include <string>
#include <vector>
#include <string_view>

namespace edigate::maps::engine {

// ---------------------------------------------------------------- canonical paths
// In: the object a container's bind/each names, created on the way. `root` serves absolute paths.
Node& object_at(Node& context, Node& root, const Path& path);
Node& new_item(Node& context, Node& root, const Path& each);
void set_value(Node& context, Node& root, const Path& path, std::string text, Scalar scalar);
// Out: the node a path names, or nullptr.
const Node* find(const Node& context, const Node& root, const Path& path);
Node* find(Node& context, Node& root, const Path& path);

// Out: a canonical object a template node stands for, with its path for messages ("lines[2]").
struct OutContext {
  const Node* node;
  std::string path;
};
// "lines[2]" + "quantity" -> "lines[2].quantity"; an absolute step replaces the base.
std::string join_path(const std::string& base, const std::string& step);
// The objects a container node is written for: one per item of `each`, the object `bind` names (or,
// for a mandatory node without one, `empty`), else the context itself.
std::vector<OutContext> out_contexts(const Rule& rule, unsigned min, const OutContext& context, const Node& root,
                                     const Node& empty);

// ---------------------------------------------------------------- values
struct Converted {
  bool ok = true;
  std::string value;   // empty: nothing to write (absent, or a code table drops it)
  std::string reason;  // when !ok
  // A code table with other="drop" had no entry: the value, and the list item it belongs to, are left out.
  bool dropped = false;
};

// External text to canonical text: conversion, then code table. `decimal_mark` is the input's
// (EDIFACT UNA may declare ','). For dtm, `format` is the C507 format code.
Converted to_canonical(const Rule& rule, std::string_view external, char decimal_mark = '.',
                       std::string_view format = {});
// Canonical text to external text: code table, then conversion. For dtm, `format` receives the
// C507 format code to write.
Converted to_external(const Rule& rule, std::string_view canonical, std::string* format = nullptr);

// count()/sum() over the canonical document; empty when the list is absent.
std::string compute(const Rule& rule, const Node& context, const Node& root);

// Canonical scalar kind of a bound field.
Scalar canonical_scalar(const Rule& rule) noexcept;

// Empty values, objects and lists are removed so a canonical document never holds "" or {}.
void prune(Node& node);

// Fields in the order the model declares them, at every level: the same business content gives the
// same canonical document whichever format and map it came from.
void order_like_model(Node& node, const TypeDef& type);

}  // namespace edigate::maps::engine
