// EDI in: the segments of one transaction set are placed on the template (the way the validator
// places them on a schema) and every bound element writes its canonical field.
#include "engine/template.hpp"
#include "engine/values.hpp"

#include <edigate/maps/map.hpp>

#include <algorithm>

namespace edigate::maps {

namespace {

using engine::Condition;
using engine::NodeKind;
using engine::Plan;
using engine::Position;
using engine::TemplateNode;

std::string read_at(const edi::SegmentView& segment, const Position& pos) {
  edi::ElementView element = segment.element(pos.element);
  if (pos.repetition > 0) element = element.repetition(pos.repetition + 1u);
  else if (element.repetition_count() > 1) element = element.repetition(1);
  const std::string_view raw = element.component(pos.component == 0 ? 1u : pos.component);
  const char release = segment.delimiters().release;
  return release == 0 || raw.find(release) == std::string_view::npos ? std::string(raw) : edi::unescape(raw, release);
}

bool matches(const edi::SegmentView& segment, const std::vector<Condition>& when) {
  for (const Condition& c : when) {
    const std::string v = read_at(segment, c.pos);
    if (std::find(c.values.begin(), c.values.end(), v) == c.values.end()) return false;
  }
  return true;
}

// The conditions a node puts on its start segment: a loop's own and its start segment's.
bool node_matches(const TemplateNode& node, const edi::SegmentView& segment) {
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
  Placer(const Plan& plan, Document& doc, const EdiPlace& place) : plan_(plan), doc_(doc), place_(place) {
    frames_.push_back({&plan.root, 0, &doc.root});
  }

  Result<void> place(const edi::SegmentView& segment, std::uint32_t set_position) {
    const std::string_view tag = segment.tag();
    for (std::size_t f = frames_.size(); f-- > 0;) {
      const Frame& frame = frames_[f];
      const auto& children = frame.container->children;
      const std::size_t first = frame.container->kind == NodeKind::loop ? 1 : 0;
      std::size_t best = children.size();
      int best_rank = -1;  // 3: specific at/after cursor, 2: specific before, 1: generic at/after, 0: generic before
      for (std::size_t i = first; i < children.size(); ++i) {
        const TemplateNode& node = children[i];
        if ((node.kind != NodeKind::segment && node.kind != NodeKind::loop) || node.tag != tag) continue;
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
        if (node.kind == NodeKind::skip && std::find(node.skip_tags.begin(), node.skip_tags.end(), tag) != node.skip_tags.end()) {
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

  Result<void> enter(const TemplateNode& node, const edi::SegmentView& segment, std::uint32_t set_position) {
    Node& target = *frames_.back().target;
    if (node.kind == NodeKind::loop) {
      Node& context = context_for(node, target);
      frames_.push_back({&node, 0, &context});
      return apply(node.children.front(), segment, context_for(node.children.front(), context), set_position);
    }
    return apply(node, segment, context_for(node, target), set_position);
  }

  Error fail(const TemplateNode& node, const edi::SegmentView& segment, std::uint32_t set_position,
             const Position& pos, const std::string& reason) const {
    Error err;
    err.code = ErrorCode::mapping_failed;
    err.where.file = place_.file;
    err.where.interchange = place_.interchange;
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

  Result<void> value(const TemplateNode& node, const Position& pos, const edi::SegmentView& segment,
                     Node& context, std::uint32_t set_position) {
    const engine::Rule& rule = node.rule;
    if (rule.bind.empty() || rule.constant) return {};
    std::string text = read_at(segment, pos);
    if (text.empty()) {
      if (rule.default_value) {
        engine::set_value(context, doc_.root, rule.bind, *rule.default_value, engine::canonical_scalar(rule));
      } else if (rule.required) {
        return fail(node, segment, set_position, pos, "required value is missing");
      }
      return {};
    }
    std::string format;
    if (rule.convert == engine::Convert::dtm) {
      Position fpos = pos;
      fpos.component = 3;
      format = read_at(segment, fpos);
    }
    engine::Converted c = engine::to_canonical(rule, text, segment.delimiters().decimal, format);
    if (!c.ok) return fail(node, segment, set_position, pos, c.reason);
    if (!c.value.empty()) engine::set_value(context, doc_.root, rule.bind, std::move(c.value), engine::canonical_scalar(rule));
    return {};
  }

  Result<void> apply(const TemplateNode& node, const edi::SegmentView& segment, Node& context, std::uint32_t set_position) {
    for (const TemplateNode& child : node.children) {
      if (child.kind == NodeKind::element) {
        if (auto r = value(child, child.pos, segment, context, set_position); !r) return r;
      } else if (child.kind == NodeKind::pairs) {
        for (std::uint16_t k = 0; k < child.pairs_count; ++k) {
          const Position qpos{static_cast<std::uint16_t>(child.pairs_from + 2 * k), 0, 0};
          const std::string qualifier = read_at(segment, qpos);
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
  std::vector<Frame> frames_;
};

bool is_envelope(std::string_view tag) { return tag == "ST" || tag == "SE" || tag == "UNH" || tag == "UNT"; }

}  // namespace

Result<Document> edi_to_canonical(const CompiledMap& map, std::span<const edi::SegmentView> segments,
                                  const EdiPlace& place, MapStats* stats) {
  const auto& plan = static_cast<const Plan&>(map);
  Document doc;
  doc.model = plan.model_def->name;
  Placer placer(plan, doc, place);
  std::uint32_t position = 0;
  for (const edi::SegmentView& segment : segments) {
    ++position;
    if (is_envelope(segment.tag())) continue;
    if (auto r = placer.place(segment, position); !r) return r.error();
  }
  engine::prune(doc.root);
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
