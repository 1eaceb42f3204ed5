// Narrowing a transaction by an implementation guide: usage, repeats, element rules, and loops split
// into variants by a discriminator. A guide may narrow the standard, never widen it.
#include "loading.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace edigate::schema {

namespace {

class Overlay {
 public:
  Overlay(Transaction& transaction, const Guide& guide) : t_(transaction), guide_(guide) {}

  Result<void> apply(std::uint32_t level, const std::vector<GuideSegment>& segments,
                     const std::vector<GuideLoop>& loops) {
    for (const GuideSegment& s : segments) {
      auto node = find_segment(level, s.path);
      if (node < 0) return error(s.line, fmt::format("no segment {} in {}", s.path, where(level)));
      if (auto ok = narrow(static_cast<std::uint32_t>(node), s.usage, s.min, s.max, s.line); !ok) return ok;
      if (!s.elements.empty()) {
        if (auto ok = narrow_elements(static_cast<std::uint32_t>(node), s.elements); !ok) return ok;
      }
    }
    // Loops named by several guide entries with discriminators become variants, in guide order.
    std::map<std::string, std::vector<const GuideLoop*>> by_path;
    std::vector<std::string> order;
    for (const GuideLoop& l : loops) {
      if (!by_path.contains(l.path)) order.push_back(l.path);
      by_path[l.path].push_back(&l);
    }
    for (const std::string& path : order) {
      const auto& entries = by_path[path];
      const int base = find_loop(level, path);
      if (base < 0) return error(entries.front()->line, fmt::format("no loop {} in {}", path, where(level)));
      const bool split = std::any_of(entries.begin(), entries.end(), [](const GuideLoop* l) { return l->discriminator.has_value(); });
      if (!split) {
        for (const GuideLoop* l : entries) {
          if (auto ok = narrow_loop(static_cast<std::uint32_t>(base), *l); !ok) return ok;
        }
        continue;
      }
      std::vector<std::uint32_t> variants;
      for (const GuideLoop* l : entries) {
        if (!l->discriminator) {
          return error(l->line, fmt::format("loop {} is split into variants: every entry needs a <discriminator>", path));
        }
        const std::uint32_t copy = copy_subtree(static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(level));
        t_.nodes[copy].variant = l->variant;
        t_.nodes[copy].discriminator = l->discriminator;
        variants.push_back(copy);
        if (auto ok = narrow_loop(copy, *l); !ok) return ok;
      }
      auto& children = t_.nodes[static_cast<std::size_t>(level)].children;
      // copy_subtree appended the copies to the parent; put them where the base loop stood.
      children.erase(std::remove_if(children.begin(), children.end(),
                                    [&](std::uint32_t c) {
                                      return std::find(variants.begin(), variants.end(), c) != variants.end();
                                    }),
                     children.end());
      const auto at = std::find(children.begin(), children.end(), static_cast<std::uint32_t>(base));
      const auto pos = children.erase(at);
      children.insert(pos, variants.begin(), variants.end());
    }
    return {};
  }

 private:
  Result<void> narrow_loop(std::uint32_t node, const GuideLoop& l) {
    if (auto ok = narrow(node, l.usage, l.min, l.max, l.line); !ok) return ok;
    return apply(static_cast<std::uint32_t>(node), l.segments, l.loops);
  }

  Result<void> narrow(std::uint32_t node, std::optional<Usage> usage, std::optional<std::uint32_t> min,
                      std::optional<std::uint32_t> max, std::uint32_t line) {
    StructureNode& n = t_.nodes[node];
    if (usage) {
      if (*usage == Usage::not_used && n.requirement == Requirement::mandatory) {
        return error(line, "a guide cannot mark a mandatory segment or loop not-used");
      }
      n.usage = *usage;
      if (*usage == Usage::required) n.min = std::max<std::uint32_t>(n.min, 1);
    }
    if (max) {
      if (*max > n.max) return error(line, fmt::format("max {} is above the standard's {}", *max, n.max));
      n.max = *max;
    }
    if (min) {
      if (*min > n.max) return error(line, fmt::format("min {} is above max {}", *min, n.max));
      n.min = *min;
    }
    return {};
  }

  Result<void> narrow_elements(std::uint32_t node, const std::vector<GuideElement>& elements) {
    auto rules = std::make_unique<SegmentRules>(*t_.nodes[node].rules);
    for (const GuideElement& e : elements) {
      if (e.position == 0 || e.position > rules->positions.size()) {
        return error(e.line, fmt::format("segment {} has no element {:02}", rules->definition->tag, e.position));
      }
      PositionRule& position = rules->positions[e.position - 1U];
      ValueRule* value = &position.value;
      if (e.component != 0) {
        if (position.composite == nullptr || e.component > position.components.size()) {
          return error(e.line, fmt::format("element {}{:02} has no component {}", rules->definition->tag, e.position,
                                           e.component));
        }
        value = &position.components[e.component - 1U];
      }
      if (e.usage) {
        if (*e.usage == Usage::not_used && value->requirement == Requirement::mandatory) {
          return error(e.line, "a guide cannot mark a mandatory element not-used");
        }
        value->usage = *e.usage;
      }
      if (e.codes) {
        auto codes = std::make_unique<CodeSet>();
        for (const std::string& code : *e.codes) codes->add(code);
        value->codes = codes.get();
        value->guide_codes = true;
        t_.codes_storage.push_back(std::move(codes));
      }
      if (e.min_length) value->min_length = *e.min_length;
      if (e.max_length) value->max_length = *e.max_length;
      if (value->min_length > value->max_length) return error(e.line, "min length above max length");
      if (e.pattern) {
        try {
          t_.patterns.emplace_back(*e.pattern, std::regex::ECMAScript | std::regex::optimize);
        } catch (const std::regex_error& x) {
          return error(e.line, fmt::format("pattern \"{}\" is not a regular expression: {}", *e.pattern, x.what()));
        }
        value->pattern = static_cast<int>(t_.patterns.size() - 1);
      }
      if (e.min_repeat) position.min_repeat = *e.min_repeat;
    }
    t_.nodes[node].rules = rules.get();
    t_.rules_storage.push_back(std::move(rules));
    return {};
  }

  int find_segment(std::uint32_t level, const std::string& path) const {
    std::string tag = path;
    int occurrence = 1;
    if (const auto at = path.find('@'); at != std::string::npos) {
      tag = path.substr(0, at);
      occurrence = std::max(1, std::atoi(path.c_str() + at + 1));
    }
    for (std::uint32_t child : t_.nodes[level].children) {
      const StructureNode& n = t_.nodes[child];
      if (n.kind == StructureNode::Kind::segment && t_.dictionary->segments[static_cast<std::size_t>(n.segment)].tag == tag &&
          --occurrence == 0) {
        return static_cast<int>(child);
      }
    }
    return -1;
  }

  int find_loop(std::uint32_t level, const std::string& id) const {
    for (std::uint32_t child : t_.nodes[level].children) {
      const StructureNode& n = t_.nodes[child];
      if (n.kind == StructureNode::Kind::loop && n.loop_id == id) return static_cast<int>(child);
    }
    return -1;
  }

  std::uint32_t copy_subtree(std::uint32_t source, std::uint32_t parent) {
    StructureNode copy = t_.nodes[source];
    copy.parent = parent;
    copy.children.clear();
    const auto index = static_cast<std::uint32_t>(t_.nodes.size());
    t_.nodes.push_back(std::move(copy));
    t_.nodes[parent].children.push_back(index);
    const std::vector<std::uint32_t> children = t_.nodes[source].children;
    for (std::uint32_t child : children) copy_subtree(child, index);
    return index;
  }

  std::string where(std::uint32_t level) const {
    return level == 0 ? "transaction " + t_.id : "loop " + t_.nodes[level].loop_id;
  }

  Error error(std::uint32_t line, std::string message) const {
    Error e;
    e.code = ErrorCode::invalid_schema;
    e.where.file = guide_.file;
    e.where.line = line;
    e.message = std::move(message);
    return e;
  }

  Transaction& t_;
  const Guide& guide_;
};

}  // namespace

Result<void> apply_guide(Transaction& transaction, const Guide& guide) {
  if (guide.transaction != transaction.id) {
    Error e;
    e.code = ErrorCode::invalid_schema;
    e.where.file = guide.file;
    e.message = fmt::format("guide {} is for transaction {}, not {}", guide.id, guide.transaction, transaction.id);
    return e;
  }
  Overlay overlay(transaction, guide);
  if (auto ok = overlay.apply(0, guide.segments, guide.loops); !ok) return ok;
  transaction.guide = guide.id;
  return {};
}

}  // namespace edigate::schema
