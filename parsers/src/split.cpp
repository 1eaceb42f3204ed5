#include <edigate/edi/split.hpp>

#include <edigate/edi/writer.hpp>

#include "layout.hpp"

#include <fmt/format.h>

#include <optional>

namespace edigate::edi {
namespace {

class PieceWriter {
 public:
  PieceWriter(const Interchange& ic, std::string_view source)
      : ic_(ic), layout_(detail::layout_of(ic, source)), x12_(ic.info.standard == Standard::x12) {}

  std::vector<std::string> split(SplitBy by) const {
    std::vector<std::string> pieces;
    for (const auto& group : ic_.groups) {
      if (by == SplitBy::group) {
        std::string piece = prefix(pieces.empty());
        append_group(piece, group, group.sets);
        // Messages outside UNG: UNZ counts messages.
        append_trailer(piece, ic_.trailer, group.header ? 1 : group.sets.size(), x12_ ? "IEA" : "UNZ",
                       ic_.info.control_number);
        pieces.push_back(std::move(piece));
        continue;
      }
      for (const auto& set : group.sets) {
        std::string piece = prefix(pieces.empty());
        append_group(piece, group, std::span(&set, 1));
        append_trailer(piece, ic_.trailer, 1, x12_ ? "IEA" : "UNZ", ic_.info.control_number);
        pieces.push_back(std::move(piece));
      }
    }
    return pieces;
  }

 private:
  // UNA, ISA/UNB and, in the first piece only so that nothing is duplicated, TA1 service segments.
  std::string prefix(bool first) const {
    std::string out;
    if (ic_.info.has_service_string) {
      out += ic_.info.service_string;
      out += layout_.service_string_gap;
    }
    append(out, ic_.header);
    if (first) {
      for (const auto& s : ic_.service_segments) append(out, s);
    }
    return out;
  }

  void append_group(std::string& out, const FunctionalGroup& group,
                    std::span<const TransactionSet> sets) const {
    if (group.header) append(out, *group.header);
    for (const auto& set : sets) {
      for (const auto& s : set.segments) append(out, s);
    }
    if (group.header)
      append_trailer(out, group.trailer, sets.size(), x12_ ? "GE" : "UNE", group.control_number());
  }

  // The trailer with its count replaced (the rest as found); built when the input had none.
  void append_trailer(std::string& out, const std::optional<SegmentView>& trailer, std::size_t count,
                      std::string_view tag, std::string_view control) const {
    const Delimiters& d = ic_.info.delimiters;
    if (!trailer) {
      out += fmt::format("{}{}{}{}{}{}", tag, d.element, count, d.element, control, d.segment);
      return;
    }
    const std::string_view raw = trailer->raw();
    const std::string_view old_count = (*trailer)[1];
    if (old_count.data() == nullptr) {
      out += raw;
      out += d.element;
      out += std::to_string(count);
    } else {
      const auto at = static_cast<std::size_t>(old_count.data() - raw.data());
      out += raw.substr(0, at);
      out += std::to_string(count);
      out += raw.substr(at + old_count.size());
    }
    out += d.segment;
    out += trailer->gap;
  }

  // A segment with its gap, and its line breaks when the input hard-wrapped it.
  void append(std::string& out, const SegmentView& s) const {
    const std::size_t k =
        s.ordinal >= 1 && s.ordinal <= ic_.segments.size() ? s.ordinal - 1 : ic_.segments.size();
    if (k < ic_.segments.size() && ic_.segments[k].offset == s.offset) {
      detail::append_with_breaks(out, s.raw(), ic_.info.delimiters.segment, layout_.breaks[k]);
    } else {
      out += s.raw();
      out += ic_.info.delimiters.segment;
    }
    out += s.gap;
  }

  const Interchange& ic_;
  detail::InterchangeLayout layout_;
  bool x12_;
};

}  // namespace

std::vector<std::string> split(const Interchange& interchange, SplitBy by, std::string_view source) {
  if (by == SplitBy::interchange || interchange.groups.empty()) {
    return {rewrite(interchange, RewriteOptions{LineBreaks::as_found, source})};
  }
  return PieceWriter(interchange, source).split(by);
}

}  // namespace edigate::edi
