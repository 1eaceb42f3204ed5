#include <edigate/edi/segment.hpp>

#include "scan.hpp"

namespace edigate::edi {

std::string_view to_string(Standard standard) noexcept {
  return standard == Standard::x12 ? "X12" : "EDIFACT";
}

bool Splitter::next(std::string_view& piece) noexcept {
  if (done_) return false;
  const char* begin = rest_.data();
  const char* end = begin + rest_.size();
  const char* p = begin;
  if (release_ == 0) {
    p = detail::find_byte(begin, end, sep_);
  } else {
    for (; p < end; ++p) {
      if (*p == release_) {
        ++p;  // the next byte is literal
        if (p == end) break;
      } else if (*p == sep_) {
        break;
      }
    }
    if (p > end) p = end;
  }
  piece = std::string_view(begin, static_cast<std::size_t>(p - begin));
  if (p >= end) {
    done_ = true;
  } else {
    rest_ = std::string_view(p + 1, static_cast<std::size_t>(end - p - 1));
  }
  return true;
}

namespace {

std::string_view nth_piece(std::string_view text, char sep, char release, std::size_t pos) noexcept {
  if (pos == 0 || sep == 0) return pos == 1 ? text : std::string_view();
  Splitter split(text, sep, release);
  std::string_view piece;
  for (std::size_t i = 1; split.next(piece); ++i) {
    if (i == pos) return piece;
  }
  return {};
}

std::size_t count_pieces(std::string_view text, char sep, char release) noexcept {
  if (sep == 0) return 1;
  Splitter split(text, sep, release);
  std::string_view piece;
  std::size_t n = 0;
  while (split.next(piece)) ++n;
  return n;
}

}  // namespace

std::size_t ElementView::repetition_count() const noexcept {
  return count_pieces(raw_, delims_.repetition, delims_.release);
}

ElementView ElementView::repetition(std::size_t pos) const noexcept {
  return ElementView(nth_piece(raw_, delims_.repetition, delims_.release, pos), delims_);
}

std::size_t ElementView::component_count() const noexcept {
  return count_pieces(raw_, delims_.component, delims_.release);
}

std::string_view ElementView::component(std::size_t pos) const noexcept {
  return nth_piece(raw_, delims_.component, delims_.release, pos);
}

std::string ElementView::value() const { return unescape(raw_, delims_.release); }

std::size_t SegmentView::element_count() const noexcept {
  std::string_view body = elements_text();
  if (body.data() == nullptr) return 0;
  return count_pieces(body, delims_.element, delims_.release);
}

ElementView SegmentView::element(std::size_t pos) const noexcept {
  std::string_view body = elements_text();
  if (body.data() == nullptr) return ElementView({}, delims_);
  return ElementView(nth_piece(body, delims_.element, delims_.release, pos), delims_);
}

std::string SegmentView::value(std::size_t pos, std::size_t component) const {
  ElementView e = element(pos);
  if (component == 0) return e.value();
  return unescape(e.component(component), delims_.release);
}

std::string unescape(std::string_view raw, char release) {
  if (release == 0 || raw.find(release) == std::string_view::npos) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == release && i + 1 < raw.size()) ++i;
    out.push_back(raw[i]);
  }
  return out;
}

std::string escape(std::string_view value, const Delimiters& d) {
  if (d.release == 0) return std::string(value);
  std::string out;
  out.reserve(value.size() + 4);
  for (char c : value) {
    if (d.is_service(c)) out.push_back(d.release);
    out.push_back(c);
  }
  return out;
}

}  // namespace edigate::edi
