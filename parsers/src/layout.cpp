#include "layout.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace edigate::edi::detail {
namespace {

bool is_break_char(char c) noexcept {
  return c == '\r' || c == '\n';
}

// Offsets that a hand-built interchange leaves at zero cannot locate anything.
bool offsets_usable(const Interchange& ic) noexcept {
  if (ic.segments.empty() || ic.end_offset <= ic.offset) return false;
  std::uint64_t previous = 0;
  for (std::size_t k = 0; k < ic.segments.size(); ++k) {
    const std::uint64_t offset = ic.segments[k].offset;
    if (offset < ic.offset || (k != 0 && offset <= previous)) return false;
    previous = offset;
  }
  return ic.end_offset > previous;
}

std::uint64_t next_offset(const Interchange& ic, std::size_t k) noexcept {
  return k + 1 < ic.segments.size() ? ic.segments[k + 1].offset : ic.end_offset;
}

// Input bytes the segment's raw text and terminator do not account for (negative when the input
// ended before the terminator).
std::int64_t missing_bytes(const Interchange& ic, std::size_t k) noexcept {
  const SegmentView& s = ic.segments[k];
  const auto span =
      static_cast<std::int64_t>(next_offset(ic, k) - s.offset) - static_cast<std::int64_t>(s.gap.size());
  return span - static_cast<std::int64_t>(s.raw().size() + 1);
}

// Walks the input span next to raw + terminator; what only the input has must be line breaks.
bool breaks_from_source(std::string_view original, std::string_view raw, char terminator,
                        std::vector<Break>& out) {
  const std::size_t length = raw.size() + 1;
  auto text_at = [&](std::size_t j) { return j < raw.size() ? raw[j] : terminator; };
  std::size_t j = 0;
  std::size_t i = 0;
  while (i < original.size()) {
    if (j < length && original[i] == text_at(j)) {
      ++i;
      ++j;
      continue;
    }
    if (!is_break_char(original[i])) return false;
    Break b;
    b.position = j;
    while (i < original.size() && is_break_char(original[i]) && !(j < length && original[i] == text_at(j))) {
      b.bytes.push_back(original[i++]);
    }
    out.push_back(std::move(b));
  }
  return j == length;
}

std::string guess_service_string_gap(const Interchange& ic, std::size_t n) {
  if (n == 0 || n > 64) return {};
  const SegmentView& unb = ic.header;
  if (unb.gap.size() == n) return std::string(unb.gap);
  if (ic.offset == 0 && unb.line >= 1) {
    const auto lf = static_cast<std::size_t>(unb.line - 1);
    if (lf == n) return std::string(n, '\n');
    if (lf * 2 == n) {
      std::string out;
      for (std::size_t i = 0; i < lf; ++i) out += "\r\n";
      return out;
    }
  }
  if (n == 2) return "\r\n";
  return std::string(n, '\n');
}

// ---------------------------------------------------------------- fixed-width inference

struct Wrap {
  std::size_t count = 0;  // line breaks inside the segment
  std::string style;      // bytes of each break
};

// Segments hard-wrapped at a fixed width W: a break before every W-th byte of a line. The model knows
// how many break bytes each segment lost (offsets) and how many were line feeds (line numbers), not
// where they stood; find the W (and the column the interchange starts at) that explains every count.
class WidthSearch {
 public:
  WidthSearch(const Interchange& ic, const std::vector<Wrap>& wraps) : ic_(ic), wraps_(wraps) {}

  bool fits(std::int64_t width, std::int64_t column, InterchangeLayout* emit) const {
    std::int64_t col = column;
    for (std::size_t k = 0; k < ic_.segments.size(); ++k) {
      const SegmentView& s = ic_.segments[k];
      const auto m = static_cast<std::int64_t>(s.raw().size() + 1);
      if (col >= width) return false;
      const std::int64_t got = (col + m - 1) / width;
      if (got != static_cast<std::int64_t>(wraps_[k].count)) return false;
      if (emit != nullptr) {
        for (std::int64_t i = width - col; i < m; i += width) {
          emit->breaks[k].push_back(Break{static_cast<std::size_t>(i), wraps_[k].style});
        }
      }
      col = col + m - got * width;
      const auto newline = s.gap.rfind('\n');
      if (newline != std::string_view::npos) {
        col = static_cast<std::int64_t>(s.gap.size() - newline - 1);
      } else {
        col += static_cast<std::int64_t>(s.gap.size());
      }
    }
    return true;
  }

  // The interchange starts where a file wrapped from its first byte would put it, or at a line start.
  std::array<std::int64_t, 2> start_columns(std::int64_t width, std::int64_t break_length) const {
    const SegmentView& h = ic_.header;
    const auto line = static_cast<std::int64_t>(h.line == 0 ? 1 : h.line);
    const std::int64_t column = static_cast<std::int64_t>(h.offset) - (line - 1) * (width + break_length);
    return {column, 0};
  }

 private:
  const Interchange& ic_;
  const std::vector<Wrap>& wraps_;
};

void infer_breaks(const Interchange& ic, InterchangeLayout& layout) {
  const std::size_t n = ic.segments.size();
  const char terminator = ic.info.delimiters.segment;
  std::vector<Wrap> wraps(n);
  std::vector<std::int64_t> missing(n);
  bool any_wrapped = false;
  bool crlf_seen = false;
  std::string common_style;
  for (std::size_t k = 0; k < n; ++k) {
    const SegmentView& s = ic.segments[k];
    missing[k] = missing_bytes(ic, k);
    if (s.gap.find("\r\n") != std::string_view::npos) crlf_seen = true;
    if (missing[k] <= 0) continue;
    if (!s.unwrapped) {
      // A newline terminator preceded by a carriage return the reader did not keep.
      if (terminator == '\n' && missing[k] == 1) layout.breaks[k].push_back(Break{s.raw().size(), "\r"});
      continue;
    }
    any_wrapped = true;
    if (k + 1 == n) continue;  // its line count is unknown; styled below
    const auto lines = static_cast<std::int64_t>(ic.segments[k + 1].line) -
                       static_cast<std::int64_t>(s.line) -
                       static_cast<std::int64_t>(std::count(s.gap.begin(), s.gap.end(), '\n'));
    if (lines > 0 && missing[k] == 2 * lines) {
      wraps[k].style = "\r\n";
    } else if (lines > 0 && missing[k] == lines) {
      wraps[k].style = "\n";
    } else if (lines == 0) {
      wraps[k].style = "\r";
    } else {
      return;  // mixed break styles: not a fixed-width wrap
    }
    if (common_style.empty()) common_style = wraps[k].style;
    if (wraps[k].style != common_style) return;  // one tool wraps with one kind of line break
  }
  if (!any_wrapped) return;
  if (common_style.empty()) common_style = crlf_seen ? "\r\n" : "\n";
  std::int64_t max_length = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const SegmentView& s = ic.segments[k];
    if (!s.unwrapped || missing[k] <= 0) continue;
    if (wraps[k].style.empty()) wraps[k].style = common_style;
    const auto length = static_cast<std::int64_t>(wraps[k].style.size());
    if (missing[k] % length != 0) return;
    wraps[k].count = static_cast<std::size_t>(missing[k] / length);
    max_length = std::max(max_length, static_cast<std::int64_t>(s.raw().size() + 1));
  }
  const WidthSearch search(ic, wraps);
  const auto break_length = static_cast<std::int64_t>(common_style.size());
  auto try_width = [&](std::int64_t width) {
    for (std::int64_t column : search.start_columns(width, break_length)) {
      if (column < 0 || column >= width) continue;
      if (search.fits(width, column, nullptr)) {
        search.fits(width, column, &layout);
        return true;
      }
    }
    return false;
  };
  // Widths wrapping tools use, then every width up to a bound that keeps hostile input cheap.
  static constexpr std::array<std::int64_t, 14> common = {80,  72,  64,  76,  78,  79,  100,
                                                          120, 128, 132, 255, 256, 512, 1024};
  for (std::int64_t width : common) {
    if (try_width(width)) return;
  }
  const std::int64_t limit = std::min<std::int64_t>(4096, 2 * max_length + 2);
  for (std::int64_t width = 2; width <= limit; ++width) {
    if (std::find(common.begin(), common.end(), width) != common.end()) continue;
    if (try_width(width)) return;
  }
}

}  // namespace

bool is_blank_text(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\t'; });
}

InterchangeLayout layout_of(const Interchange& ic, std::string_view source) {
  InterchangeLayout layout;
  layout.breaks.resize(ic.segments.size());
  if (!offsets_usable(ic)) return layout;
  const bool exact = source.size() >= ic.end_offset;
  if (ic.info.has_service_string) {
    const std::uint64_t from = ic.offset + ic.info.service_string.size();
    if (ic.header.offset > from) {
      const auto n = static_cast<std::size_t>(ic.header.offset - from);
      if (exact && is_blank_text(source.substr(from, n))) {
        layout.service_string_gap = std::string(source.substr(from, n));
      } else if (!exact) {
        layout.service_string_gap = guess_service_string_gap(ic, n);
      }
    }
  }
  if (!exact) {
    infer_breaks(ic, layout);
    return layout;
  }
  for (std::size_t k = 0; k < ic.segments.size(); ++k) {
    if (missing_bytes(ic, k) <= 0) continue;
    const SegmentView& s = ic.segments[k];
    const auto span = static_cast<std::size_t>(next_offset(ic, k) - s.offset) - s.gap.size();
    std::vector<Break> found;
    if (breaks_from_source(source.substr(s.offset, span), s.raw(), ic.info.delimiters.segment, found)) {
      layout.breaks[k] = std::move(found);
    }
  }
  return layout;
}

std::string_view leading_bytes(std::span<const Interchange> interchanges, std::size_t index,
                               std::string_view source) noexcept {
  const std::uint64_t from = index == 0 ? 0 : interchanges[index - 1].end_offset;
  const std::uint64_t to = interchanges[index].offset;
  if (to <= from || to > source.size()) return {};
  return source.substr(from, to - from);
}

std::string_view trailing_bytes(std::span<const Interchange> interchanges, std::string_view source) noexcept {
  if (interchanges.empty()) return {};
  const std::uint64_t from = interchanges.back().end_offset;
  if (from >= source.size()) return {};
  return source.substr(from);
}

void append_with_breaks(std::string& out, std::string_view raw, char terminator,
                        std::span<const Break> breaks) {
  std::size_t done = 0;
  auto copy_to = [&](std::size_t position) {
    const std::size_t stop = std::min(position, raw.size());
    if (stop > done) out.append(raw.substr(done, stop - done));
    done = std::max(done, stop);
  };
  for (const Break& b : breaks) {
    copy_to(b.position);
    out += b.bytes;
  }
  copy_to(raw.size());
  out.push_back(terminator);
}

}  // namespace edigate::edi::detail
