// EDI out: the template is walked over the canonical document; `each` repeats a node per list item,
// and a segment is written when it carries a value (or is mandatory, or starts a loop that does).
#include "engine/template.hpp"
#include "engine/values.hpp"

#include <edigate/maps/map.hpp>

namespace edigate::maps {

namespace {

using engine::NodeKind;
using engine::Plan;
using engine::Position;
using engine::TemplateNode;

void put(edi::Segment& segment, const Position& pos, std::string value) {
  if (segment.elements.size() < pos.element) segment.elements.resize(pos.element);
  edi::Element& element = segment.elements[pos.element - 1u];
  if (element.repetitions.size() <= pos.repetition) element.repetitions.resize(pos.repetition + 1u);
  auto& components = element.repetitions[pos.repetition];
  const std::size_t c = pos.component == 0 ? 0 : pos.component - 1u;
  if (components.size() <= c) components.resize(c + 1);
  components[c] = std::move(value);
}

using Context = engine::OutContext;
using engine::join_path;

class Emitter {
 public:
  Emitter(const Plan& plan, const Document& doc) : plan_(plan), doc_(doc) {}

  Result<std::vector<edi::Segment>> run() {
    std::vector<edi::Segment> out;
    if (auto r = children(plan_.root, 0, {&doc_.root, ""}, out); !r) return r.error();
    return out;
  }

 private:
  Error fail(const TemplateNode& node, const std::string& path, const std::string& reason) const {
    Error err;
    err.code = ErrorCode::mapping_failed;
    err.message = plan_.where(node) + (path.empty() ? "" : " <- " + path) + ": " + reason;
    return err;
  }

  std::vector<Context> contexts(const TemplateNode& node, const Context& ctx) const {
    return engine::out_contexts(node.rule, node.min, ctx, doc_.root, empty_);
  }

  // The external text of a value node; `content` is set when it came from the document.
  Result<std::string> value(const TemplateNode& node, const Context& ctx, bool& content, std::string* format) {
    const engine::Rule& r = node.rule;
    if (r.constant) return *r.constant;
    std::string canonical;
    switch (r.compute.kind) {
      case engine::ComputeKind::hl_id: return std::to_string(hl_stack_.empty() ? 0 : hl_stack_.back());
      case engine::ComputeKind::hl_parent:
        return hl_stack_.size() < 2 ? std::string() : std::to_string(hl_stack_[hl_stack_.size() - 2]);
      case engine::ComputeKind::hl_children: return std::string(hl_has_children_ ? "1" : "0");
      case engine::ComputeKind::count:
      case engine::ComputeKind::sum:
        canonical = engine::compute(r, *ctx.node, doc_.root);
        break;
      case engine::ComputeKind::none:
        if (!r.bind.empty()) {
          const Node* v = engine::find(*ctx.node, doc_.root, r.bind);
          if (v != nullptr && v->is_value()) canonical = v->text();
        }
        break;
    }
    if (canonical.empty()) {
      if (r.default_value) return *r.default_value;
      if (r.required) return fail(node, join_path(ctx.path, r.bind.text), "required value is missing");
      return std::string();
    }
    engine::Converted c = engine::to_external(r, canonical, format);
    if (!c.ok) return fail(node, join_path(ctx.path, r.bind.text), c.reason);
    if (c.dropped) dropped_ = true;
    // Values from the document, and counts and sums over a list that is there, make a segment worth writing.
    if (!c.value.empty() && (r.compute.kind == engine::ComputeKind::none ? !r.bind.empty() : c.value != "0")) content = true;
    return std::move(c.value);
  }

  // Builds one segment for `node` in `ctx`; false when it carries nothing and need not be written.
  Result<bool> segment(const TemplateNode& node, const std::vector<engine::Condition>& extra, const Context& ctx,
                       edi::Segment& seg) {
    seg.tag = node.tag;
    bool content = false;
    for (const auto* when : {&extra, &node.rule.when}) {
      for (const engine::Condition& c : *when) put(seg, c.pos, c.values.front());
    }
    std::vector<const TemplateNode*> paired;  // constants that go with another element
    for (const TemplateNode& child : node.children) {
      if (!child.rule.writes()) continue;
      if (child.kind == NodeKind::element && child.rule.with) {
        paired.push_back(&child);
        continue;
      }
      if (child.kind == NodeKind::element) {
        std::string format;
        auto v = value(child, ctx, content, &format);
        if (!v) return std::move(v).error();
        if (v->empty()) continue;
        put(seg, child.pos, std::move(*v));
        if (child.rule.convert == engine::Convert::dtm && !format.empty()) {
          Position fpos = child.pos;
          fpos.component = 3;
          put(seg, fpos, format);
        }
      } else if (child.kind == NodeKind::pairs) {
        std::uint16_t k = 0;
        for (const TemplateNode& pair : child.children) {
          if (k >= child.pairs_count) break;
          bool pair_content = false;
          auto v = value(pair, ctx, pair_content, nullptr);
          if (!v) return std::move(v).error();
          if (v->empty() || !pair_content) continue;
          const auto q = static_cast<std::uint16_t>(child.pairs_from + 2 * k);
          put(seg, {q, 0, 0}, pair.qualifiers.front());
          put(seg, {static_cast<std::uint16_t>(q + 1), 0, 0}, std::move(*v));
          content = true;
          ++k;
        }
      }
    }
    for (const TemplateNode* child : paired) {
      const Position& w = *child->rule.with;
      const bool present = w.element <= seg.elements.size() && !seg.elements[w.element - 1u].empty();
      if (present) put(seg, child->pos, *child->rule.constant);
    }
    return content;
  }

  Result<void> emit(const TemplateNode& node, const Context& ctx, std::vector<edi::Segment>& out) {
    for (const Context& c : contexts(node, ctx)) {
      if (node.kind == NodeKind::segment) {
        edi::Segment seg;
        dropped_ = false;
        auto content = segment(node, {}, c, seg);
        if (!content) return content.error();
        if (dropped_) {  // a code the partner has no equivalent for: the whole occurrence goes
          dropped_ = false;
          continue;
        }
        if (*content || node.min > 0) out.push_back(std::move(seg));
        continue;
      }
      // A loop: its inner segments first (they decide whether the loop is written and, for HL,
      // whether it has children), then its start segment in front of them.
      const unsigned saved_counter = hl_counter_;
      if (node.hierarchical) hl_stack_.push_back(++hl_counter_);
      std::vector<edi::Segment> inner;
      if (auto r = children(node, 1, c, inner); !r) return r;
      bool has_children = false;
      if (node.hierarchical) has_children = hl_counter_ > hl_stack_.back();
      const bool outer_flag = hl_has_children_;
      hl_has_children_ = has_children;
      edi::Segment start;
      dropped_ = false;
      auto content = segment(node.children.front(), node.rule.when, c, start);
      hl_has_children_ = outer_flag;
      if (!content) return content.error();
      const bool dropped = dropped_;
      dropped_ = false;
      if (!dropped && (*content || !inner.empty() || node.min > 0)) {
        out.push_back(std::move(start));
        for (auto& s : inner) out.push_back(std::move(s));
      } else if (node.hierarchical) {
        hl_counter_ = saved_counter;
      }
      if (node.hierarchical) hl_stack_.pop_back();
    }
    return {};
  }

  Result<void> children(const TemplateNode& container, std::size_t first, const Context& ctx,
                        std::vector<edi::Segment>& out) {
    for (std::size_t i = first; i < container.children.size(); ++i) {
      const TemplateNode& node = container.children[i];
      if ((node.kind != NodeKind::segment && node.kind != NodeKind::loop) || !node.rule.writes()) continue;
      if (auto r = emit(node, ctx, out); !r) return r;
    }
    return {};
  }

  const Plan& plan_;
  const Document& doc_;
  const Node empty_ = Node::object();
  unsigned hl_counter_ = 0;
  std::vector<unsigned> hl_stack_;
  bool hl_has_children_ = false;
  bool dropped_ = false;
};

}  // namespace

Result<std::vector<edi::Segment>> canonical_to_edi(const CompiledMap& map, const Document& document) {
  const auto& plan = static_cast<const Plan&>(map);
  if (document.model != plan.model_def->name) {
    Error err;
    err.code = ErrorCode::mapping_failed;
    err.message = "map " + plan.map_info.name + " writes " + plan.model_def->name + " documents, not " + document.model;
    return err;
  }
  Emitter emitter(plan, document);
  return emitter.run();
}

}  // namespace edigate::maps
