#include "engine/values.hpp"

#include "model/scalar.hpp"

#include <algorithm>

namespace edigate::maps::engine {

namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Node& step_into(Node& node, const PathStep& step) {
  Node& child = node[step.name];
  if (step.index < 0) return child;
  if (!child.is_array()) child = Node::array();
  while (child.items().size() <= static_cast<std::size_t>(step.index)) child.append(Node());
  return child.items()[static_cast<std::size_t>(step.index)];
}

// ---- dates and times

std::string iso_date(std::string_view ccyymmdd) {
  return std::string(ccyymmdd.substr(0, 4)) + "-" + std::string(ccyymmdd.substr(4, 2)) + "-" +
         std::string(ccyymmdd.substr(6, 2));
}

Converted date_in(std::string_view text) {
  std::string iso;
  if (text.size() == 8 && all_digits(text)) {
    iso = iso_date(text);
  } else if (text.size() == 6 && all_digits(text)) {
    // YYMMDD: 00-49 are this century, 50-99 the last (the window X12 tools commonly use).
    const std::string century = text.substr(0, 2) < "50" ? "20" : "19";
    iso = iso_date(century + std::string(text));
  } else {
    return {false, {}, "\"" + std::string(text) + "\" is not a date (CCYYMMDD or YYMMDD)"};
  }
  if (!valid_date(iso)) return {false, {}, "\"" + std::string(text) + "\" is not a calendar date"};
  return {true, iso, {}};
}

Converted time_in(std::string_view text) {
  if ((text.size() != 4 && text.size() < 6) || text.size() > 8 || !all_digits(text)) {
    return {false, {}, "\"" + std::string(text) + "\" is not a time (HHMM[SS[dd]])"};
  }
  std::string iso = std::string(text.substr(0, 2)) + ":" + std::string(text.substr(2, 2));
  if (text.size() >= 6) iso += ":" + std::string(text.substr(4, 2));
  if (!valid_time(iso)) return {false, {}, "\"" + std::string(text) + "\" is not a time of day"};
  return {true, iso, {}};
}

Converted datetime_in(std::string_view text) {
  if ((text.size() != 12 && text.size() != 14) || !all_digits(text)) {
    return {false, {}, "\"" + std::string(text) + "\" is not a date and time (CCYYMMDDHHMM[SS])"};
  }
  std::string iso = iso_date(text.substr(0, 8)) + "T" + std::string(text.substr(8, 2)) + ":" + std::string(text.substr(10, 2));
  if (text.size() == 14) iso += ":" + std::string(text.substr(12, 2));
  if (!valid_datetime(iso)) return {false, {}, "\"" + std::string(text) + "\" is not a valid date and time"};
  return {true, iso, {}};
}

std::string strip(std::string_view iso, std::string_view drop) {
  std::string out;
  for (const char c : iso) {
    if (drop.find(c) == std::string_view::npos) out += c;
  }
  return out;
}

Converted convert_in(const Rule& rule, std::string_view text, char decimal_mark, std::string_view format) {
  switch (rule.convert) {
    case Convert::none: return {true, std::string(text), {}};
    case Convert::date:
    case Convert::date6: return date_in(text);
    case Convert::time: return time_in(text);
    case Convert::datetime: return datetime_in(text);
    case Convert::dtm:
      if (format == "102" || (format.empty() && text.size() == 8)) return date_in(text);
      if (format == "101" || (format.empty() && text.size() == 6)) return date_in(text);
      if (format == "203" || format == "204" || (format.empty() && (text.size() == 12 || text.size() == 14))) {
        auto dt = datetime_in(text);
        if (dt.ok && rule.field != nullptr && rule.field->type == FieldType::date) dt.value.resize(10);
        return dt;
      }
      return {false, {}, "date format " + std::string(format) + " is not supported (102, 101, 203, 204)"};
    case Convert::decimal: {
      if (decimal_mark == '.' && canonical_decimal(text)) return {true, std::string(text), {}};
      std::string t(text);
      if (decimal_mark != '.') std::replace(t.begin(), t.end(), decimal_mark, '.');
      const auto d = Decimal::parse(t);
      if (!d) return {false, {}, "\"" + std::string(text) + "\" is not a number"};
      return {true, d->to_string(), {}};
    }
    case Convert::implied: {
      const auto d = Decimal::parse_implied(text, rule.implied);
      if (!d) return {false, {}, "\"" + std::string(text) + "\" is not a number with " + std::to_string(rule.implied) + " implied decimals"};
      return {true, d->to_string(), {}};
    }
    case Convert::integer: {
      const auto d = Decimal::parse(text);
      if (!d || d->scale() != 0) return {false, {}, "\"" + std::string(text) + "\" is not a whole number"};
      return {true, d->to_string(), {}};
    }
    case Convert::upper: {
      std::string t(text);
      std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return {true, t, {}};
    }
    case Convert::trim: {
      const auto b = text.find_first_not_of(' ');
      if (b == std::string_view::npos) return {true, {}, {}};
      return {true, std::string(text.substr(b, text.find_last_not_of(' ') - b + 1)), {}};
    }
  }
  return {true, std::string(text), {}};
}

Converted convert_out(const Rule& rule, std::string_view text, std::string* format) {
  switch (rule.convert) {
    case Convert::none:
    case Convert::upper:
    case Convert::trim: return convert_in(rule, text, '.', {});
    case Convert::date:
      if (!valid_date(text)) return {false, {}, "\"" + std::string(text) + "\" is not a date (YYYY-MM-DD)"};
      return {true, strip(text, "-"), {}};
    case Convert::date6:
      if (!valid_date(text)) return {false, {}, "\"" + std::string(text) + "\" is not a date (YYYY-MM-DD)"};
      return {true, strip(text, "-").substr(2), {}};
    case Convert::time:
      if (!valid_time(text)) return {false, {}, "\"" + std::string(text) + "\" is not a time (HH:MM[:SS])"};
      return {true, strip(text, ":"), {}};
    case Convert::datetime:
      if (!valid_datetime(text)) return {false, {}, "\"" + std::string(text) + "\" is not a date and time"};
      return {true, strip(text, "-:T"), {}};
    case Convert::dtm:
      if (valid_date(text)) {
        if (format != nullptr) *format = "102";
        return {true, strip(text, "-"), {}};
      }
      if (valid_datetime(text)) {
        const std::string digits = strip(text, "-:T");
        if (format != nullptr) *format = digits.size() == 14 ? "204" : "203";
        return {true, digits, {}};
      }
      return {false, {}, "\"" + std::string(text) + "\" is not a date or date and time"};
    case Convert::decimal:
    case Convert::integer: {
      const auto d = Decimal::parse(text);
      if (!d || (rule.convert == Convert::integer && d->scale() != 0)) {
        return {false, {}, "\"" + std::string(text) + "\" is not a " + (rule.convert == Convert::integer ? "whole number" : "number")};
      }
      return {true, d->to_string(), {}};
    }
    case Convert::implied: {
      const auto d = Decimal::parse(text);
      if (!d) return {false, {}, "\"" + std::string(text) + "\" is not a number"};
      return {true, d->to_implied(rule.implied), {}};
    }
  }
  return {true, std::string(text), {}};
}

const Node* list_at(const Node& context, const Node& root, const Path& path, std::size_t steps) {
  const Node* node = path.absolute ? &root : &context;
  for (std::size_t i = 0; i < steps && node != nullptr; ++i) {
    node = node->is_object() ? node->find(path.steps[i].name) : nullptr;
  }
  return node != nullptr && node->is_array() ? node : nullptr;
}

// What goes into the canonical document must be a value of its field's type: a map that binds a
// free-text element to a number field reports the bad input instead of writing a broken document.
Converted checked(const Rule& rule, Converted c) {
  if (rule.field == nullptr || valid_scalar(rule.field->type, c.value)) return c;
  return {false, {}, "\"" + c.value + "\" is not a valid " + std::string(to_string(rule.field->type)) +
                         std::string(scalar_hint(rule.field->type)) + " for " + rule.field->name};
}

}  // namespace

std::string join_path(const std::string& base, const std::string& step) {
  if (step.empty() || step == ".") return base;
  if (step[0] == '/') return step.substr(1);
  return base.empty() ? step : base + "." + step;
}

std::vector<OutContext> out_contexts(const Rule& rule, unsigned min, const OutContext& context, const Node& root,
                                     const Node& empty) {
  std::vector<OutContext> out;
  if (!rule.each.empty()) {
    const Node* list = find(*context.node, root, rule.each);
    if (list == nullptr || !list->is_array()) return out;
    const std::string base = join_path(context.path, rule.each.text);
    for (std::size_t i = 0; i < list->items().size(); ++i) {
      const Node& item = list->items()[i];
      const std::string item_path = base + "[" + std::to_string(i) + "]";
      if (rule.bind.empty()) {
        out.push_back({&item, item_path});
      } else if (const Node* inner = find(item, root, rule.bind); inner != nullptr && inner->is_object()) {
        out.push_back({inner, join_path(item_path, rule.bind.text)});
      }
    }
    return out;
  }
  if (!rule.bind.empty()) {
    const Node* inner = find(*context.node, root, rule.bind);
    if (inner != nullptr && inner->is_object()) out.push_back({inner, join_path(context.path, rule.bind.text)});
    else if (min > 0) out.push_back({&empty, join_path(context.path, rule.bind.text)});
    return out;
  }
  out.push_back(context);
  return out;
}

Node& object_at(Node& context, Node& root, const Path& path) {
  Node* node = path.absolute ? &root : &context;
  for (const PathStep& step : path.steps) node = &step_into(*node, step);
  if (node->is_null()) *node = Node::object();
  return *node;
}

Node& new_item(Node& context, Node& root, const Path& each) {
  Node* node = each.absolute ? &root : &context;
  for (std::size_t i = 0; i + 1 < each.steps.size(); ++i) node = &step_into(*node, each.steps[i]);
  Node& list = (*node)[each.steps.back().name];
  if (!list.is_array()) list = Node::array();
  return list.append(Node::object());
}

void set_value(Node& context, Node& root, const Path& path, std::string text, Scalar scalar) {
  Node* node = path.absolute ? &root : &context;
  for (const PathStep& step : path.steps) node = &step_into(*node, step);
  node->set(std::move(text), scalar);
}

const Node* find(const Node& context, const Node& root, const Path& path) {
  const Node* node = path.absolute ? &root : &context;
  for (const PathStep& step : path.steps) {
    if (!node->is_object()) return nullptr;
    node = node->find(step.name);
    if (node == nullptr) return nullptr;
    if (step.index >= 0) {
      if (!node->is_array() || node->items().size() <= static_cast<std::size_t>(step.index)) return nullptr;
      node = &node->items()[static_cast<std::size_t>(step.index)];
    }
  }
  return node;
}

Node* find(Node& context, Node& root, const Path& path) {
  return const_cast<Node*>(find(static_cast<const Node&>(context), static_cast<const Node&>(root), path));
}

Converted to_canonical(const Rule& rule, std::string_view external, char decimal_mark, std::string_view format) {
  Converted c = convert_in(rule, external, decimal_mark, format);
  if (c.ok && rule.codes == nullptr && !c.value.empty()) return checked(rule, std::move(c));
  if (!c.ok || rule.codes == nullptr || c.value.empty()) return c;
  if (const std::string* v = rule.codes->to_canonical(c.value)) {
    c.value = *v;
    return checked(rule, std::move(c));
  }
  switch (rule.codes->other) {
    case CodeTable::Other::keep: return checked(rule, std::move(c));
    case CodeTable::Other::drop: return {true, {}, {}, true};
    case CodeTable::Other::error: break;
  }
  return {false, {}, "code \"" + c.value + "\" is not in code table " + rule.codes->name};
}

Converted to_external(const Rule& rule, std::string_view canonical, std::string* format) {
  std::string value(canonical);
  if (rule.codes != nullptr && !value.empty()) {
    if (const std::string* e = rule.codes->to_external(value)) {
      value = *e;
    } else if (rule.codes->other == CodeTable::Other::drop) {
      return {true, {}, {}, true};
    } else if (rule.codes->other == CodeTable::Other::error) {
      return {false, {}, "\"" + value + "\" has no code in code table " + rule.codes->name};
    }
  }
  return convert_out(rule, value, format);
}

std::string compute(const Rule& rule, const Node& context, const Node& root) {
  const Compute& c = rule.compute;
  if (c.kind == ComputeKind::count) {
    const Node* list = list_at(context, root, c.path, c.path.steps.size());
    return std::to_string(list == nullptr ? 0 : list->items().size());
  }
  if (c.kind == ComputeKind::sum) {
    const Node* list = list_at(context, root, c.path, c.list_steps);
    if (list == nullptr) return {};
    Path rest;
    rest.steps.assign(c.path.steps.begin() + static_cast<std::ptrdiff_t>(c.list_steps), c.path.steps.end());
    Decimal total;
    bool any = false;
    for (const Node& item : list->items()) {
      const Node* v = find(item, root, rest);
      if (v == nullptr || !v->is_value()) continue;
      const auto d = Decimal::parse(v->text());
      if (!d) continue;
      const auto sum = add(total, *d);
      if (!sum) return {};
      total = *sum;
      any = true;
    }
    return any ? total.to_string() : std::string();
  }
  return {};
}

Scalar canonical_scalar(const Rule& rule) noexcept {
  return rule.field == nullptr ? Scalar::string : json_scalar(rule.field->type);
}

void order_like_model(Node& node, const TypeDef& type) {
  if (!node.is_object()) return;
  auto& fields = node.fields();
  // Each field's model position, looked up once; objects a map filled in model order (most) stay as they are.
  std::vector<std::pair<std::size_t, const FieldDef*>> rank(fields.size(), {type.fields.size(), nullptr});
  bool sorted = true;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    for (std::size_t m = 0; m < type.fields.size(); ++m) {
      if (type.fields[m].name == fields[i].first) {
        rank[i] = {m, &type.fields[m]};
        break;
      }
    }
    if (i > 0 && rank[i].first < rank[i - 1].first) sorted = false;
  }
  if (!sorted) {
    std::vector<std::size_t> order(fields.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank[a].first < rank[b].first; });
    std::vector<Node::Field> moved;
    moved.reserve(fields.size());
    std::vector<std::pair<std::size_t, const FieldDef*>> moved_rank;
    moved_rank.reserve(fields.size());
    for (const std::size_t i : order) {
      moved.push_back(std::move(fields[i]));
      moved_rank.push_back(rank[i]);
    }
    fields = std::move(moved);
    rank = std::move(moved_rank);
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldDef* f = rank[i].second;
    if (f == nullptr || f->object == nullptr) continue;
    Node& child = fields[i].second;
    if (child.is_array()) {
      for (Node& item : child.items()) order_like_model(item, *f->object);
    } else {
      order_like_model(child, *f->object);
    }
  }
}

void prune(Node& node) {
  if (node.is_object()) {
    auto& fields = node.fields();
    for (auto& f : fields) prune(f.second);
    fields.erase(std::remove_if(fields.begin(), fields.end(), [](const Node::Field& f) { return f.second.empty(); }),
                 fields.end());
  } else if (node.is_array()) {
    auto& items = node.items();
    for (auto& i : items) prune(i);
    items.erase(std::remove_if(items.begin(), items.end(), [](const Node& n) { return n.empty(); }), items.end());
  }
}

}  // namespace edigate::maps::engine
