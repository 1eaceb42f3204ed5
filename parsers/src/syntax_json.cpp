// The JSON form: to_json walks the segments in input order and nests them by their envelope tags;
// from_json writes them back in the same order. The shape is documented in docs/json-form.md.
#include <edigate/edi/syntax_json.hpp>

#include <edigate/edi/writer.hpp>

#include "json_text.hpp"
#include "layout.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace edigate::edi {
namespace {

using Json = nlohmann::ordered_json;

// ---------------------------------------------------------------- the envelope tree of one interchange

enum class Kind : std::uint8_t {
  interchange_trailer,
  group_header,
  group_trailer,
  set_header,
  set_trailer,
  other
};

Kind kind_of(std::string_view tag, Standard standard) noexcept {
  if (standard == Standard::x12) {
    if (tag == "IEA") return Kind::interchange_trailer;
    if (tag == "GS") return Kind::group_header;
    if (tag == "GE") return Kind::group_trailer;
    if (tag == "ST") return Kind::set_header;
    if (tag == "SE") return Kind::set_trailer;
    return Kind::other;
  }
  if (tag == "UNZ") return Kind::interchange_trailer;
  if (tag == "UNG") return Kind::group_header;
  if (tag == "UNE") return Kind::group_trailer;
  if (tag == "UNH") return Kind::set_header;
  if (tag == "UNT") return Kind::set_trailer;
  return Kind::other;
}

// Indices into Interchange::segments. Segments that stand outside the structure where they occur
// (TA1, strays) are "loose" and kept in the list before the next node, so the order is the input's.
struct SetNode {
  std::vector<std::size_t> before;
  std::vector<std::size_t> segments;
};

struct GroupNode {
  std::vector<std::size_t> before;
  std::optional<std::size_t> header;
  std::vector<SetNode> sets;
  std::vector<std::size_t> after_sets;
  std::optional<std::size_t> trailer;
};

struct Tree {
  std::vector<std::size_t> service_segments;
  std::vector<GroupNode> groups;
  std::vector<std::size_t> after_groups;
  std::optional<std::size_t> trailer;
};

Tree build_tree(const Interchange& ic) {
  Tree tree;
  std::vector<std::size_t> loose_top;
  std::vector<std::size_t> loose_group;
  bool group_open = false;  // groups.back() takes sets (a GS group or a header-less one)
  bool set_open = false;
  auto take = [](std::vector<std::size_t>& from) {
    std::vector<std::size_t> out;
    out.swap(from);
    return out;
  };
  auto close_group = [&] {
    set_open = false;
    if (!group_open) return;
    tree.groups.back().after_sets = take(loose_group);
    group_open = false;
  };
  auto open_group = [&](std::optional<std::size_t> header) {
    GroupNode g;
    if (tree.groups.empty()) {
      tree.service_segments = take(loose_top);
    } else {
      g.before = take(loose_top);
    }
    g.header = header;
    tree.groups.push_back(std::move(g));
    group_open = true;
  };
  const std::size_t n = ic.segments.size();
  for (std::size_t k = 1; k < n; ++k) {
    const Kind kind = kind_of(ic.segments[k].tag(), ic.info.standard);
    bool loose = false;
    switch (kind) {
      case Kind::interchange_trailer:
        if (k + 1 == n) {
          close_group();
          tree.trailer = k;
        } else {
          loose = !set_open;
          if (set_open) tree.groups.back().sets.back().segments.push_back(k);
        }
        break;
      case Kind::group_header:
        close_group();
        open_group(k);
        break;
      case Kind::group_trailer:
        set_open = false;
        if (group_open && tree.groups.back().header) {
          tree.groups.back().trailer = k;
          close_group();
        } else {
          loose = true;
        }
        break;
      case Kind::set_header:
        set_open = false;
        if (!group_open) open_group(std::nullopt);
        tree.groups.back().sets.push_back(SetNode{take(loose_group), {k}});
        set_open = true;
        break;
      case Kind::set_trailer:
      case Kind::other:
        if (set_open) {
          tree.groups.back().sets.back().segments.push_back(k);
          if (kind == Kind::set_trailer) set_open = false;
        } else {
          loose = true;
        }
        break;
    }
    if (loose) (group_open ? loose_group : loose_top).push_back(k);
  }
  close_group();
  if (tree.groups.empty()) {
    tree.service_segments = take(loose_top);
  } else {
    tree.after_groups = take(loose_top);
  }
  return tree;
}

// ---------------------------------------------------------------- to_json

class JsonWriter {
 public:
  JsonWriter(const Interchange& ic, const detail::InterchangeLayout& layout, detail::TextCodec codec)
      : ic_(ic), layout_(layout), codec_(codec), d_(ic.info.delimiters) {
    std::map<std::string_view, std::size_t> counts;
    for (const auto& s : ic.segments) ++counts[s.gap];
    std::size_t best = 0;
    for (const auto& [gap, count] : counts) {
      if (count > best) {
        best = count;
        default_gap_ = gap;
      }
    }
  }

  std::string_view default_gap() const noexcept { return default_gap_; }

  Json segment(std::size_t k) const {
    const SegmentView& s = ic_.segments[k];
    const bool verbatim = k == 0 && ic_.info.standard == Standard::x12;
    Json elements = Json::array();
    s.for_each_element(
        [&](std::string_view raw) { elements.push_back(verbatim ? Json(codec_.text(raw)) : element(raw)); });
    Json j = Json::object();
    j["tag"] = codec_.text(s.tag());
    j["elements"] = std::move(elements);
    if (s.gap != default_gap_) j["gap"] = std::string(s.gap);
    if (!layout_.breaks[k].empty()) {
      Json breaks = Json::array();
      for (const auto& b : layout_.breaks[k]) breaks.push_back(Json::array({b.position, b.bytes}));
      j["breaks"] = std::move(breaks);
    }
    return j;
  }

  Json segments(const std::vector<std::size_t>& indices) const {
    Json out = Json::array();
    for (std::size_t k : indices) out.push_back(segment(k));
    return out;
  }

 private:
  // A value whose input escaping is not what the writer produces keeps its exact text.
  Json value(std::string_view raw) const {
    const std::string unescaped = unescape(raw, d_.release);
    std::string back;
    if (append_value(back, unescaped, d_).ok() && back == raw) return codec_.text(unescaped);
    Json j = Json::object();
    j["raw"] = codec_.text(raw);
    return j;
  }

  Json repetition(std::string_view raw) const {
    std::vector<std::string_view> components;
    Splitter split(raw, d_.component, d_.release);
    std::string_view piece;
    while (split.next(piece)) components.push_back(piece);
    if (components.size() == 1) return value(components.front());
    Json out = Json::array();
    for (auto c : components) out.push_back(value(c));
    return out;
  }

  Json element(std::string_view raw) const {
    if (d_.repetition == 0) return repetition(raw);
    std::vector<std::string_view> repetitions;
    Splitter split(raw, d_.repetition, d_.release);
    std::string_view piece;
    while (split.next(piece)) repetitions.push_back(piece);
    if (repetitions.size() == 1) return repetition(repetitions.front());
    Json list = Json::array();
    for (auto r : repetitions) list.push_back(repetition(r));
    Json out = Json::object();
    out["repetitions"] = std::move(list);
    return out;
  }

  const Interchange& ic_;
  const detail::InterchangeLayout& layout_;
  detail::TextCodec codec_;
  Delimiters d_;
  std::string_view default_gap_;
};

Json delimiter_json(char c, const detail::TextCodec& codec) {
  if (c == 0) return nullptr;
  return codec.text(std::string_view(&c, 1));
}

Json interchange_json(const Interchange& ic, std::string_view source, std::string_view leading,
                      std::string_view trailing) {
  const detail::InterchangeLayout layout = detail::layout_of(ic, source);
  bool utf8 = detail::valid_utf8(leading) && detail::valid_utf8(trailing) &&
              detail::valid_utf8(ic.info.service_string);
  for (const auto& s : ic.segments) utf8 = utf8 && detail::valid_utf8(s.raw());
  const Delimiters& service = ic.info.delimiters;
  for (char c : {service.segment, service.element, service.component, service.repetition, service.release,
                 service.decimal}) {
    utf8 = utf8 && static_cast<unsigned char>(c) < 0x80;
  }
  const detail::TextCodec codec{!utf8};
  const Delimiters& d = ic.info.delimiters;
  const JsonWriter writer(ic, layout, codec);
  const Tree tree = build_tree(ic);

  Json j = Json::object();
  j["standard"] = std::string(to_string(ic.info.standard));
  if (!utf8) j["encoding"] = "latin-1";
  if (!leading.empty()) j["leading"] = codec.text(leading);
  j["delimiters"] = {
      {"segment", delimiter_json(d.segment, codec)},     {"element", delimiter_json(d.element, codec)},
      {"component", delimiter_json(d.component, codec)}, {"repetition", delimiter_json(d.repetition, codec)},
      {"release", delimiter_json(d.release, codec)},     {"decimal", delimiter_json(d.decimal, codec)}};
  if (ic.info.has_service_string) {
    j["service_string"] = codec.text(ic.info.service_string);
    if (!layout.service_string_gap.empty()) j["service_string_gap"] = layout.service_string_gap;
  }
  if (!writer.default_gap().empty()) j["gap"] = std::string(writer.default_gap());
  if (!ic.segments.empty()) j["header"] = writer.segment(0);
  if (!tree.service_segments.empty()) j["service_segments"] = writer.segments(tree.service_segments);
  Json groups = Json::array();
  for (const GroupNode& g : tree.groups) {
    Json group = Json::object();
    if (!g.before.empty()) group["before"] = writer.segments(g.before);
    if (g.header) group["header"] = writer.segment(*g.header);
    Json sets = Json::array();
    for (const SetNode& s : g.sets) {
      Json set = Json::object();
      if (!s.before.empty()) set["before"] = writer.segments(s.before);
      set["segments"] = writer.segments(s.segments);
      sets.push_back(std::move(set));
    }
    group["sets"] = std::move(sets);
    if (!g.after_sets.empty()) group["after_sets"] = writer.segments(g.after_sets);
    if (g.trailer) group["trailer"] = writer.segment(*g.trailer);
    groups.push_back(std::move(group));
  }
  j["groups"] = std::move(groups);
  if (!tree.after_groups.empty()) j["after_groups"] = writer.segments(tree.after_groups);
  if (tree.trailer) j["trailer"] = writer.segment(*tree.trailer);
  if (!trailing.empty()) j["trailing"] = codec.text(trailing);
  return j;
}

}  // namespace

Json to_json(const Interchange& interchange, std::string_view source) {
  return interchange_json(interchange, source, {}, {});
}

Json to_json(std::span<const Interchange> interchanges, std::string_view source) {
  Json list = Json::array();
  for (std::size_t i = 0; i < interchanges.size(); ++i) {
    const std::string_view trailing =
        i + 1 == interchanges.size() ? detail::trailing_bytes(interchanges, source) : std::string_view();
    list.push_back(
        interchange_json(interchanges[i], source, detail::leading_bytes(interchanges, i, source), trailing));
  }
  Json out = Json::object();
  out["interchanges"] = std::move(list);
  return out;
}

}  // namespace edigate::edi
