#pragma once
// Zero-copy views of one segment and its elements. Every view points into the reader's buffer and
// stays valid as long as the reader's documentation says (until the next call, or for the interchange).
#include <edigate/edi/delimiters.hpp>
#include <edigate/edi/detail/split.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace edigate::edi {

namespace detail {
struct ViewAccess;
}

// Splits `text` at `sep`, honouring `release` (0 = none). Yields raw (still escaped) pieces.
class Splitter {
 public:
  Splitter(std::string_view text, char sep, char release) noexcept
      : rest_(text), sep_(sep), release_(release), done_(false) {}
  // Next piece; false once the text is exhausted. An empty text yields one empty piece.
  bool next(std::string_view& piece) noexcept;

 private:
  std::string_view rest_;
  char sep_;
  char release_;
  bool done_;
};

// One data element: may hold repetitions (X12 5010 ISA11, EDIFACT syntax 4) and components.
class ElementView {
 public:
  ElementView() = default;
  ElementView(std::string_view raw, const Delimiters& d) noexcept : raw_(raw), delims_(d) {}

  std::string_view raw() const noexcept { return raw_; }
  bool empty() const noexcept { return raw_.empty(); }
  std::size_t repetition_count() const noexcept;
  ElementView repetition(std::size_t pos) const noexcept;  // 1-based
  std::size_t component_count() const noexcept;
  std::string_view component(std::size_t pos) const noexcept;  // 1-based, raw
  // The value with EDIFACT release characters removed.
  std::string value() const;

 private:
  std::string_view raw_;
  Delimiters delims_;
};

class SegmentView {
 public:
  SegmentView() = default;
  SegmentView(std::string_view raw, const Delimiters& d) noexcept : raw_(raw), delims_(d) {
    const std::size_t limit = raw.size();
    std::size_t n = 0;
    // Nearly every tag has 2 or 3 characters: check those first.
    if (limit > 3 && raw[3] == d.element && raw[2] != d.element && raw[1] != d.element && raw[0] != d.element) {
      n = 3;
    } else if (limit > 2 && raw[2] == d.element && raw[1] != d.element && raw[0] != d.element) {
      n = 2;
    } else {
      while (n < limit && raw[n] != d.element) ++n;
    }
    tag_size_ = static_cast<std::uint32_t>(n);
  }

  // The segment text without its terminator: tag, separators, elements (escapes kept).
  std::string_view raw() const noexcept { return raw_; }
  const Delimiters& delimiters() const noexcept { return delims_; }
  std::string_view tag() const noexcept { return raw_.substr(0, tag_size_); }
  // Number of data elements after the tag (trailing empty elements count when written).
  std::size_t element_count() const noexcept;
  ElementView element(std::size_t pos) const noexcept;  // 1-based; empty view past the end
  // seg[3]: raw text of element 3; seg(3, 2): raw text of its second component.
  std::string_view operator[](std::size_t pos) const noexcept { return element(pos).raw(); }
  std::string_view operator()(std::size_t pos, std::size_t component) const noexcept {
    return element(pos).component(component);
  }
  std::string value(std::size_t pos, std::size_t component = 0) const;

  // Calls f(std::string_view raw_element) for each element after the tag, in order.
  template <class F>
  void for_each_element(F&& f) const {
    if (tag_size_ >= raw_.size()) return;
    if (has_separator_bits_) {
      // The reader already knows where the separators are (short segments): walk the bits.
      const char* base = raw_.data();
      std::size_t start = tag_size_ + 1;
      std::uint64_t bits = separator_bits_ & ~((std::uint64_t{2} << tag_size_) - 1);
      while (bits != 0) {
        const auto at = static_cast<std::size_t>(__builtin_ctzll(bits));
        f(std::string_view(base + start, at - start));
        start = at + 1;
        bits &= bits - 1;
      }
      f(std::string_view(base + start, raw_.size() - start));
      return;
    }
    detail::split_each(raw_.data() + tag_size_ + 1, raw_.data() + raw_.size(), delims_.element, delims_.release,
                       static_cast<F&&>(f));
  }

  // Where the segment was found. Zero when built by hand.
  std::uint64_t offset = 0;   // byte offset of the tag's first byte
  std::uint64_t line = 0;     // 1-based line of that byte
  std::uint32_t ordinal = 0;  // 1-based position within its interchange (ISA/UNB = 1)
  // Bytes that followed the terminator in the input (line breaks, spaces), kept for byte-exact rewrite.
  std::string_view gap;
  // True when the input hard-wrapped this segment across lines; raw() is then the unwrapped text.
  bool unwrapped = false;

 private:
  friend struct detail::ViewAccess;
  // Text after the tag and its separator; null when the segment has no elements.
  std::string_view elements_text() const noexcept {
    return tag_size_ >= raw_.size() ? std::string_view() : raw_.substr(tag_size_ + 1);
  }
  std::string_view raw_;
  Delimiters delims_;
  std::uint32_t tag_size_ = 0;
  bool has_separator_bits_ = false;
  std::uint64_t separator_bits_ = 0;  // bit i: raw_[i] is an unescaped element separator (size <= 64)
};

// Remove EDIFACT release characters from a raw value.
std::string unescape(std::string_view raw, char release);
// Add release characters before service characters (EDIFACT); X12 values are returned as is.
std::string escape(std::string_view value, const Delimiters& d);

}  // namespace edigate::edi
