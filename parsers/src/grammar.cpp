#include "grammar.hpp"

#include <boost/spirit/home/x3.hpp>

namespace edigate::edi::detail {
namespace x3 = boost::spirit::x3;

namespace {

auto const tag_rule = x3::char_('A', 'Z') >> x3::repeat(1, 2)[x3::char_('A', 'Z') | x3::char_('0', '9')];
auto const count_rule = x3::omit[*x3::lit(' ')] >> x3::uint_parser<std::uint64_t>{} >> x3::omit[*x3::lit(' ')];

template <class Range>
std::string_view view_of(const Range& r) {
  return std::string_view(&*r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
}

}  // namespace

std::optional<IsaHeader> parse_isa(std::string_view text) {
  if (text.size() < 4 || text.substr(0, 3) != "ISA") return std::nullopt;
  IsaHeader h;
  const char s = text[3];
  h.element = s;
  std::size_t index = 0;
  auto store = [&h, &index](auto& ctx) { h.fields[index++] = view_of(x3::_attr(ctx)); };
  char terminator = 0;
  auto keep_terminator = [&terminator](auto& ctx) { terminator = x3::_attr(ctx); };
  auto fixed = [&](int width) { return x3::omit[x3::raw[x3::repeat(width)[~x3::char_(s)]][store]]; };
  auto free_width = x3::omit[x3::raw[*~x3::char_(s)][store]];
  auto single = x3::omit[x3::raw[x3::char_][store]];
  auto end = x3::omit[x3::char_[keep_terminator]];

  static constexpr std::array<int, 15> widths = {2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1};
  const char* first = text.data();
  const char* last = text.data() + text.size();

  auto strict = x3::lit("ISA") >> x3::lit(s) >> fixed(widths[0]) >> x3::lit(s) >> fixed(widths[1]) >>
                x3::lit(s) >> fixed(widths[2]) >> x3::lit(s) >> fixed(widths[3]) >> x3::lit(s) >>
                fixed(widths[4]) >> x3::lit(s) >> fixed(widths[5]) >> x3::lit(s) >> fixed(widths[6]) >>
                x3::lit(s) >> fixed(widths[7]) >> x3::lit(s) >> fixed(widths[8]) >> x3::lit(s) >>
                fixed(widths[9]) >> x3::lit(s) >> fixed(widths[10]) >> x3::lit(s) >> fixed(widths[11]) >>
                x3::lit(s) >> fixed(widths[12]) >> x3::lit(s) >> fixed(widths[13]) >> x3::lit(s) >>
                fixed(widths[14]) >> x3::lit(s) >> single >> end;
  const char* it = first;
  if (x3::parse(it, last, strict)) {
    h.fixed_length = true;
  } else {
    index = 0;
    it = first;
    auto loose = x3::lit("ISA") >> x3::repeat(15)[x3::lit(s) >> free_width] >> x3::lit(s) >> single >> end;
    if (!x3::parse(it, last, loose)) return std::nullopt;
    h.fixed_length = false;
  }
  if (index != 16 || h.fields[15].size() != 1) return std::nullopt;
  h.component = h.fields[15][0];
  h.terminator = terminator;
  h.length = static_cast<std::size_t>(it - first);
  return h;
}

std::optional<ServiceString> parse_una(std::string_view text) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  std::string chars;
  if (!x3::parse(first, last, x3::lit("UNA") >> x3::repeat(6)[x3::char_], chars) || chars.size() != 6) {
    return std::nullopt;
  }
  return ServiceString{chars[0], chars[1], chars[2], chars[3], chars[4], chars[5]};
}

bool is_segment_tag(std::string_view tag) noexcept {
  const char* first = tag.data();
  const char* last = tag.data() + tag.size();
  return x3::parse(first, last, tag_rule) && first == last;
}

std::optional<std::uint64_t> parse_count(std::string_view text) noexcept {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  std::uint64_t value = 0;
  if (text.empty() || text.size() > 18) return std::nullopt;
  if (x3::parse(first, last, count_rule, value) && first == last) return value;
  return std::nullopt;
}

}  // namespace edigate::edi::detail
