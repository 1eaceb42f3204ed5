#pragma once
// The segment-terminator scan as a custom Spirit X3 primitive. It lives in a header so the reader's hot
// loop inlines it; only X3's core (not the whole library) is pulled in.
#include "scan.hpp"

#include <boost/spirit/home/x3/core/parse.hpp>
#include <boost/spirit/home/x3/core/parser.hpp>

namespace edigate::edi::detail {

// Matches everything up to (not including) the next byte equal to the terminator, CR or LF, scanning
// 16 bytes at a time: a character-by-character rule cannot reach the throughput the reader needs.
struct StopByteParser : boost::spirit::x3::parser<StopByteParser> {
  using attribute_type = boost::spirit::x3::unused_type;
  static bool const has_attribute = false;
  const ByteSet3& stops;
  explicit StopByteParser(const ByteSet3& s) : stops(s) {}

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext const&, Attribute&) const {
    const char* hit = stops.find(first, last);
    if (hit == last) return false;
    first = hit;
    return true;
  }
};

// The stop set is the segment terminator, CR and LF.
inline const char* find_stop(const ByteSet3& stops, const char* first, const char* last) noexcept {
  const char* it = first;
  if (boost::spirit::x3::parse(it, last, StopByteParser(stops))) return it;
  return last;
}

}  // namespace edigate::edi::detail
