#include "structure.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace edigate::validate::detail {

using schema::Requirement;
using schema::StructureNode;
using schema::Usage;

namespace {
const std::string top_level;
}

void SetStructure::start(const schema::Transaction& transaction) {
  if (t_ != &transaction) {
    // Which loops have anything to check when they close: most have neither required children nor
    // guide minimums, and closing them is then free.
    checks_.assign(transaction.nodes.size(), 0);
    for (std::size_t i = 0; i < transaction.nodes.size(); ++i) {
      for (std::uint32_t child : transaction.nodes[i].children) {
        const StructureNode& n = transaction.nodes[child];
        if (n.requirement == Requirement::mandatory || n.usage == Usage::required) checks_[i] |= has_required;
        if (n.min > 1) checks_[i] |= has_minimum;
      }
    }
  }
  t_ = &transaction;
  frames_.clear();
  counts_.clear();
  push(0);  // the root's first child, ST / UNH, is the set header itself
}

void SetStructure::push(std::uint32_t node) {
  const auto offset = static_cast<std::uint32_t>(counts_.size());
  counts_.resize(counts_.size() + t_->nodes[node].children.size(), 0);
  counts_[offset] = 1;  // the segment that starts the repetition
  frames_.push_back({node, 0, offset});
}

const schema::SegmentRules* SetStructure::header_rules() const noexcept {
  return t_->nodes[t_->nodes[0].children.front()].rules;
}

std::string SetStructure::tag_of(const StructureNode& node) const {
  return t_->dictionary->segments[static_cast<std::size_t>(node.segment)].tag;
}

std::string SetStructure::describe(const StructureNode& node) const {
  const auto& segment = t_->dictionary->segments[static_cast<std::size_t>(node.segment)];
  if (node.kind == StructureNode::Kind::segment) return fmt::format("segment {} ({})", segment.tag, segment.name);
  std::string out = fmt::format("loop {}", node.loop_id);
  if (node.discriminator) {
    const auto& d = *node.discriminator;
    std::string values;
    for (const auto& v : d.values) values += (values.empty() ? "" : "|") + v;
    out += fmt::format(" \"{}\" ({}{:02}{} = {})", node.variant, segment.tag, d.position,
                       d.component != 0 ? fmt::format("-{}", d.component) : std::string(), values);
  }
  return out;
}

bool SetStructure::discriminates(const StructureNode& loop, const edi::SegmentView& view) const {
  const auto& d = *loop.discriminator;
  const edi::ElementView element = view.element(d.position);
  const std::string value = d.component != 0 ? edi::unescape(element.component(d.component), view.delimiters().release)
                                             : element.value();
  return std::find(d.values.begin(), d.values.end(), value) != d.values.end();
}

bool SetStructure::same_group(std::uint32_t parent, std::uint32_t a, std::uint32_t b) const {
  const auto& children = t_->nodes[parent].children;
  const StructureNode& x = t_->nodes[children[a]];
  const StructureNode& y = t_->nodes[children[b]];
  return x.kind == StructureNode::Kind::loop && y.kind == StructureNode::Kind::loop && !x.variant.empty() &&
         !y.variant.empty() && x.loop_id == y.loop_id;
}

std::uint32_t SetStructure::group_start(const Frame& frame) const {
  std::uint32_t start = frame.cur;
  while (start > 0 && same_group(frame.node, start - 1, frame.cur)) --start;
  return start;
}

std::uint32_t SetStructure::first_unchecked(const Frame& frame) const {
  const std::uint32_t start = group_start(frame);
  return start < frame.cur || same_group(frame.node, frame.cur, frame.cur) ? start : frame.cur + 1;
}

SetStructure::Match SetStructure::find(const Frame& frame, int segment, const edi::SegmentView& view) const {
  const auto& children = t_->nodes[frame.node].children;
  // Variants of one loop may come in any order: search from the first of the group.
  const std::uint32_t start = group_start(frame);
  Match match;
  for (std::uint32_t j = std::max<std::uint32_t>(start, 1); j < children.size(); ++j) {
    const StructureNode& child = t_->nodes[children[j]];
    if (child.segment != segment) continue;
    if (child.kind == StructureNode::Kind::loop && child.discriminator && !discriminates(child, view)) {
      if (match.fallback_loop < 0) match.fallback_loop = static_cast<int>(children[j]);
      continue;
    }
    match.child = static_cast<int>(j);
    match.fallback_loop = -1;
    return match;
  }
  return match;
}

void SetStructure::report_missing(const Frame& frame, std::uint32_t from, std::uint32_t to, int except_group_of,
                                  StructureSink& sink) {
  const auto& children = t_->nodes[frame.node].children;
  for (std::uint32_t k = from; k < to && k < children.size(); ++k) {
    if (counts_[frame.counts + k] > 0) continue;
    const StructureNode& n = t_->nodes[children[k]];
    const bool mandatory = n.requirement == Requirement::mandatory;
    if (!mandatory && n.usage != Usage::required) continue;
    if (except_group_of >= 0 && same_group(frame.node, k, static_cast<std::uint32_t>(except_group_of))) continue;
    StructureProblem p{ErrorCode::required_segment_missing, tag_of(n),
                       n.kind == StructureNode::Kind::loop ? n.loop_id : t_->nodes[frame.node].loop_id,
                       fmt::format("required {} is missing{}", describe(n),
                                   mandatory ? "" : " (the implementation guide requires it)"),
                       !mandatory};
    if (frame.node == 0 && n.kind == StructureNode::Kind::segment) p.loop_id.clear();
    sink.structure_problem(std::move(p));
  }
}

void SetStructure::close(const Frame& frame, bool trailer_seen, StructureSink& sink) {
  const auto& children = t_->nodes[frame.node].children;
  std::uint32_t end = static_cast<std::uint32_t>(children.size());
  if (!trailer_seen && frame.node == 0) --end;  // the reader reports a missing SE / UNT itself
  if ((checks_[frame.node] & has_required) != 0) report_missing(frame, first_unchecked(frame), end, -1, sink);
  if ((checks_[frame.node] & has_minimum) == 0) return;
  for (std::uint32_t k = 0; k < children.size(); ++k) {
    const std::uint32_t count = counts_[frame.counts + k];
    const StructureNode& n = t_->nodes[children[k]];
    if (count == 0 || count >= n.min) continue;
    const bool loop = n.kind == StructureNode::Kind::loop;
    StructureProblem p{loop ? ErrorCode::loop_under_min : ErrorCode::segment_under_min, tag_of(n),
                       loop ? n.loop_id : (frame.node == 0 ? std::string() : t_->nodes[frame.node].loop_id),
                       fmt::format("{} occurs {} times, the implementation guide asks for at least {}", describe(n),
                                   count, n.min),
                       true};
    sink.structure_problem(std::move(p));
  }
}

void SetStructure::finish(bool trailer_seen, StructureSink& sink) {
  while (!frames_.empty()) {
    close(frames_.back(), trailer_seen, sink);
    frames_.pop_back();
  }
  counts_.clear();
}

SetStructure::Placement SetStructure::place(const edi::SegmentView& view, StructureSink& sink) {
  const int segment = t_->dictionary->segment_index(view.tag());
  auto problem = [&](ErrorCode code, std::string message) {
    sink.structure_problem({code, std::string(view.tag()),
                            frames_.back().node == 0 ? std::string() : t_->nodes[frames_.back().node].loop_id,
                            std::move(message)});
  };
  if (segment < 0) {
    problem(ErrorCode::unrecognized_segment,
            fmt::format("{} is not a segment of {} {}", view.tag(), to_string(t_->standard), t_->version));
    return {};
  }
  if (!t_->in_set[static_cast<std::size_t>(segment)]) {
    problem(ErrorCode::segment_not_in_set, fmt::format("segment {} is not used in {} ({})", view.tag(), t_->id, t_->name));
    return {};
  }
  for (std::size_t depth = frames_.size(); depth-- > 0;) {
    const Match m = find(frames_[depth], segment, view);
    if (m.child < 0 && m.fallback_loop < 0) continue;
    while (frames_.size() > depth + 1) {
      close(frames_.back(), true, sink);
      counts_.resize(frames_.back().counts);
      frames_.pop_back();
    }
    Frame& f = frames_[depth];
    const auto& children = t_->nodes[f.node].children;
    if (m.child < 0) {
      // Every variant of the loop refused the segment: say so, then follow the loop's structure
      // (without counting the repetition) so that what follows is still checked in place.
      const StructureNode& refused = t_->nodes[static_cast<std::size_t>(m.fallback_loop)];
      const auto& d = *refused.discriminator;
      std::uint32_t group = 0;
      while (children[group] != static_cast<std::uint32_t>(m.fallback_loop)) ++group;
      if (group > f.cur && !same_group(f.node, f.cur, group)) report_missing(f, first_unchecked(f), group, static_cast<int>(group), sink);
      if (group > f.cur) f.cur = group;
      StructureProblem p{ErrorCode::code_not_in_guide, std::string(view.tag()), refused.loop_id,
                         fmt::format("{}{:02} \"{}\" selects none of the implementation guide's {} loops", view.tag(),
                                     d.position, view.element(d.position).value(), refused.loop_id),
                         true};
      p.element = d.position;
      p.component = d.component;
      sink.structure_problem(std::move(p));
      push(static_cast<std::uint32_t>(m.fallback_loop));
      return {t_->nodes[refused.children.front()].rules, &refused.loop_id, &refused};
    }
    const auto j = static_cast<std::uint32_t>(m.child);
    if (j > f.cur && !same_group(f.node, f.cur, j)) report_missing(f, first_unchecked(f), j, static_cast<int>(j), sink);
    f.cur = j;
    const StructureNode& n = t_->nodes[children[j]];
    const std::uint32_t count = ++counts_[f.counts + j];
    const std::string& loop_id = f.node == 0 ? top_level : t_->nodes[f.node].loop_id;
    if (n.kind == StructureNode::Kind::segment) {
      if (count == n.max + 1U) {
        problem(ErrorCode::segment_over_max, fmt::format("{} may occur {} times at most here", describe(n), n.max));
      } else if (n.usage == Usage::not_used && count == 1) {
        sink.structure_problem({ErrorCode::not_used_segment_present, tag_of(n), loop_id,
                                fmt::format("{} is present, but the implementation guide does not use it", describe(n)),
                                true});
      }
      return {n.rules, &loop_id, nullptr};
    }
    if (count == n.max + 1U) {
      sink.structure_problem({ErrorCode::loop_over_max, tag_of(n), n.loop_id,
                              fmt::format("{} may repeat {} times at most", describe(n), n.max)});
    } else if (n.usage == Usage::not_used && count == 1) {
      sink.structure_problem({ErrorCode::not_used_segment_present, tag_of(n), n.loop_id,
                              fmt::format("{} is present, but the implementation guide does not use it", describe(n)),
                              true});
    }
    const std::uint32_t loop_node = children[j];
    push(loop_node);
    const StructureNode& loop = t_->nodes[loop_node];
    return {t_->nodes[loop.children.front()].rules, &loop.loop_id, &loop};
  }
  // Nowhere ahead: earlier in some enclosing loop means out of sequence, else it is just unexpected.
  bool earlier = false;
  for (const Frame& f : frames_) {
    const auto& children = t_->nodes[f.node].children;
    for (std::uint32_t k = 0; k <= f.cur && k < children.size() && !earlier; ++k) {
      earlier = t_->nodes[children[k]].segment == segment;
    }
  }
  if (earlier) {
    problem(ErrorCode::segment_out_of_order, fmt::format("segment {} is out of sequence: its place is earlier", view.tag()));
  } else {
    problem(ErrorCode::unexpected_segment, fmt::format("segment {} is not expected here", view.tag()));
  }
  return {};
}

}  // namespace edigate::validate::detail
