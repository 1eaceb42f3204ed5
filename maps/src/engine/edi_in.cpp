// EDI in: the segments of one transaction set are placed on the template (the way the validator
// places them on a schema) and every bound element writes its canonical field.
#include "engine/template.hpp"
#include "engine/values.hpp"

#include <edigate/maps/map.hpp>

#include <algorithm>
#include <array>

namespace edigate::maps {

namespace {

using engine::Condition;
using engine::NodeKind;
using engine::Plan;
using engine::Position;
using engine::TemplateNode;

// A segment split into its elements once, so that each value read is a lookup, not a scan.
struct Split {
  explicit Split(const edi::SegmentView& v) : view(v) {
    v.for_each_element([this](std::string_view e) {
      if (count < elements.size()) elements[count] = e;
      ++count;
    });
  }
  const edi::SegmentView& view;
  std::array<std::string_view, 128> elements{};
  std::size_t count = 0;
  const edi::Delimiters& delimiters() const noexcept { return view.delimiters(); }
  edi::ElementView element(std::size_t pos) const noexcept {
    if (pos == 0 || pos > count) return {};
    if (pos > elements.size()) return view.element(pos);
    return edi::ElementView(elements[pos - 1], view.delimiters());
  }
};

// The unescaped value at `pos`; a view into the segment unless the release character had to be
// removed, in which case `scratch` holds the text.
std::string_view read_at(const Split& segment, const Position& pos, std::string& scratch) {
  edi::ElementView element = segment.element(pos.element);
  if (pos.repetition > 0) element = element.repetition(pos.repetition + 1u);
  else if (segment.delimiters().repetition != 0 && element.repetition_count() > 1) element = element.repetition(1);
  const std::string_view raw = pos.component <= 1 && (segment.delimiters().component == 0 ||
                                                       element.raw().find(segment.delimiters().component) == std::string_view::npos)
                                   ? element.raw()
                                   : element.component(pos.component == 0 ? 1u : pos.component);
  const char release = segment.delimiters().release;
  if (release == 0 || raw.find(release) == std::string_view::npos) return raw;
  scratch = edi::unescape(raw, release);
  return scratch;
}

bool matches(const Split& segment, const std::vector<Condition>& when) {
  std::string scratch;
  for (const Condition& c : when) {
    const std::string_view v = read_at(segment, c.pos, scratch);
    if (std::find(c.values.begin(), c.values.end(), v) == c.values.end()) return false;
  }
  return true;
}

// The conditions a node puts on its start segment: a loop's own and its start segment's.
bool node_matches(const TemplateNode& node, const Split& segment) {
  if (!matches(segment, node.rule.when)) return false;
  if (node.kind == NodeKind::loop) return matches(segment, node.children.front().rule.when);
  return true;
}

bool has_conditions(const TemplateNode& node) {
  if (!node.rule.when.empty()) return true;
  return node.kind == NodeKind::loop && !node.children.front().rule.when.empty();
}

struct Frame {
  const TemplateNode* container;
  std::size_t cursor;
  Node* target;
};

class Placer {
 public:
  Placer(const Plan& plan, Document& doc, const EdiPlace& place)
      : plan_(plan), doc_(doc), place_(place), latin1_(place.syntax == "UNOC") {
    frames_.push_back({&plan.root, 0, &doc.root});
  }

  Result<void> place(const edi::SegmentView& view, std::uint32_t set_position) {
    const std::uint32_t key = engine::tag_key(view.tag());
    const Split segment(view);
    for (std::size_t f = frames_.size(); f-- > 0;) {
      const Frame& frame = frames_[f];
      const auto& children = frame.container->children;
      const std::size_t first = frame.container->kind == NodeKind::loop ? 1 : 0;
      std::size_t best = children.size();
      int best_rank = -1;  // 3: specific at/after cursor, 2: specific before, 1: generic at/after, 0: generic before
      for (std::size_t i = first; i < children.size(); ++i) {
        const TemplateNode& node = children[i];
        if (node.key != key || (node.kind != NodeKind::segment && node.kind != NodeKind::loop) || !node.rule.reads()) continue;
        if (!node_matches(node, segment)) continue;
        const int rank = (has_conditions(node) ? 2 : 0) + (i >= frame.cursor ? 1 : 0);
        if (rank > best_rank) {
          best_rank = rank;
          best = i;
        }
      }
      if (best < children.size()) {
        frames_.resize(f + 1);
        frames_.back().cursor = best;
        return enter(children[best], segment, set_position);
      }
      for (const TemplateNode& node : children) {
        if (node.kind == NodeKind::skip && std::find(node.skip_keys.begin(), node.skip_keys.end(), key) != node.skip_keys.end()) {
          ++unmapped;
          return {};
        }
      }
    }
    ++unmapped;
    return {};
  }

  std::size_t unmapped = 0;

 private:
  Node& context_for(const TemplateNode& node, Node& target) {
    if (!node.rule.each.empty()) {
      Node& item = engine::new_item(target, doc_.root, node.rule.each);
      return node.rule.bind.empty() ? item : engine::object_at(item, doc_.root, node.rule.bind);
    }
    if (!node.rule.bind.empty()) return engine::object_at(target, doc_.root, node.rule.bind);
    return target;
  }

  Result<void> enter(const TemplateNode& node, const Split& segment, std::uint32_t set_position) {
    Node& target = *frames_.back().target;
    dropped_ = false;
    if (node.kind == NodeKind::loop) {
      Node& context = context_for(node, target);
      frames_.push_back({&node, 0, &context});
      auto r = apply(node.children.front(), segment, context_for(node.children.front(), context), set_position);
      if (r && dropped_) forget(node, target);
      return r;
    }
    auto r = apply(node, segment, context_for(node, target), set_position);
    if (r && dropped_) forget(node, target);
    return r;
  }

  // A code table dropped a value: the list item the node added goes too (in a loop, the rest of the
  // occurrence then finds no home and is skipped).
  void forget(const TemplateNode& node, Node& target) {
    dropped_ = false;
    if (node.rule.each.empty()) return;
    if (node.kind == NodeKind::loop) frames_.pop_back();
    Node* list = engine::find(target, doc_.root, node.rule.each);
    if (list != nullptr && list->is_array() && !list->items().empty()) list->items().pop_back();
    ++unmapped;
  }

  Error fail(const TemplateNode& node, const Split& split, std::uint32_t set_position,
             const Position& pos, const std::string& reason) const {
    Error err;
    err.code = ErrorCode::mapping_failed;
    err.where.file = place_.file;
    err.where.interchange = place_.interchange;
    const edi::SegmentView& segment = split.view;
    err.where.segment = segment.ordinal;
    err.where.set_segment = set_position;
    err.where.offset = segment.offset;
    err.where.line = segment.line;
    err.where.tag = std::string(segment.tag());
    err.where.element = pos.element;
    err.where.component = pos.component;
    std::string target = node.rule.bind.text.empty() ? "" : " -> " + node.rule.bind.text;
    err.message = plan_.where(node) + target + ": " + reason;
    if (!place_.set_control.empty()) err.message += " (set " + place_.set_control + ")";
    return err;
  }

  Result<void> value(const TemplateNode& node, const Position& pos, const Split& segment,
                     Node& context, std::uint32_t set_position) {
    const engine::Rule& rule = node.rule;
    if (rule.bind.empty() || rule.constant || !rule.reads()) return {};
    std::string scratch;
    const std::string_view text = read_at(segment, pos, scratch);
    if (text.empty()) {
      if (rule.default_value) {
        engine::set_value(context, doc_.root, rule.bind, *rule.default_value, engine::canonical_scalar(rule));
      } else if (rule.required) {
        return fail(node, segment, set_position, pos, "required value is missing");
      }
      return {};
    }
    std::string format_scratch;
    std::string_view format;
    if (rule.convert == engine::Convert::dtm) {
      Position fpos = pos;
      fpos.component = 3;
      format = read_at(segment, fpos, format_scratch);
    }
    std::string utf8;
    if (latin1_ && std::any_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; })) {
      for (const char ch : text) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80) {
          utf8 += ch;
        } else {
          utf8 += static_cast<char>(0xC0 | (b >> 6));
          utf8 += static_cast<char>(0x80 | (b & 0x3F));
        }
      }
    }
    engine::Converted c = engine::to_canonical(rule, utf8.empty() ? text : std::string_view(utf8),
                                               segment.delimiters().decimal, format);
    if (!c.ok) return fail(node, segment, set_position, pos, c.reason);
    if (c.dropped) dropped_ = true;
    if (!c.value.empty()) engine::set_value(context, doc_.root, rule.bind, std::move(c.value), engine::canonical_scalar(rule));
    return {};
  }

  Result<void> apply(const TemplateNode& node, const Split& segment, Node& context, std::uint32_t set_position) {
    for (const TemplateNode& child : node.children) {
      if (child.kind == NodeKind::element) {
        if (auto r = value(child, child.pos, segment, context, set_position); !r) return r;
      } else if (child.kind == NodeKind::pairs) {
        for (std::uint16_t k = 0; k < child.pairs_count; ++k) {
          const Position qpos{static_cast<std::uint16_t>(child.pairs_from + 2 * k), 0, 0};
          std::string scratch;
          const std::string_view qualifier = read_at(segment, qpos, scratch);
          if (qualifier.empty()) continue;
          for (const TemplateNode& pair : child.children) {
            if (std::find(pair.qualifiers.begin(), pair.qualifiers.end(), qualifier) == pair.qualifiers.end()) continue;
            const Position vpos{static_cast<std::uint16_t>(qpos.element + 1), 0, 0};
            if (auto r = value(pair, vpos, segment, context, set_position); !r) return r;
            break;
          }
        }
      }
    }
    return {};
  }

  const Plan& plan_;
  Document& doc_;
  const EdiPlace& place_;
  bool latin1_;
  bool dropped_ = false;
  std::vector<Frame> frames_;
};

bool is_envelope(std::string_view tag) { return tag == "ST" || tag == "SE" || tag == "UNH" || tag == "UNT"; }

}  // namespace

Result<Document> edi_to_canonical(const CompiledMap& map, std::span<const edi::SegmentView> segments,
                                  const EdiPlace& place, MapStats* stats) {
  const auto& plan = static_cast<const Plan&>(map);
  Document doc;
  doc.model = plan.model_def->name;
  // Placement keeps pointers to open loop objects; the root never grows beyond its model's fields, so
  // values written with absolute paths from inside a loop cannot move the objects those point to.
  doc.root.fields().reserve(plan.model_def->root.fields.size());
  Placer placer(plan, doc, place);
  std::uint32_t position = 0;
  for (const edi::SegmentView& segment : segments) {
    ++position;
    if (is_envelope(segment.tag())) continue;
    if (auto r = placer.place(segment, position); !r) return r.error();
  }
  engine::prune(doc.root);
  engine::order_like_model(doc.root, plan.model_def->root);
  if (stats != nullptr) {
    stats->segments += segments.size();
    stats->unmapped += placer.unmapped;
  }
  // Fields the model requires must have come from somewhere.
  for (const FieldDef& field : plan.model_def->root.fields) {
    if (!field.required || doc.root.find(field.name) != nullptr) continue;
    Error err;
    err.code = ErrorCode::mapping_failed;
    err.where.file = place.file;
    err.where.interchange = place.interchange;
    err.message = "map " + plan.map_info.name + ": the " + plan.model_def->name + "'s required field " + field.name +
                  " got no value" + (place.set_control.empty() ? "" : " (set " + place.set_control + ")");
    return err;
  }
  return doc;
}

}  // namespace edigate::maps
