#include <edigate/maps/decimal.hpp>

#include <algorithm>

namespace edigate::maps {

namespace {

__extension__ using Int = __int128;

constexpr unsigned max_digits = 36;  // 10^36 < 2^127: a sum of two such values cannot overflow

Int power10(unsigned n) noexcept {
  Int p = 1;
  for (unsigned i = 0; i < n; ++i) p *= 10;
  return p;
}

unsigned digit_count(Int v) noexcept {
  if (v < 0) v = -v;
  unsigned n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// Brings both operands to the larger scale; false when that would exceed the digit budget.
bool align(Int& a, unsigned& sa, Int& b, unsigned& sb) noexcept {
  if (sa < sb) {
    if (digit_count(a) + (sb - sa) > max_digits) return false;
    a *= power10(sb - sa);
    sa = sb;
  } else if (sb < sa) {
    if (digit_count(b) + (sa - sb) > max_digits) return false;
    b *= power10(sa - sb);
    sb = sa;
  }
  return true;
}

std::string digits_of(Int v) {
  if (v == 0) return "0";
  std::string out;
  while (v > 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

Decimal Decimal::from_integer(std::int64_t value) noexcept {
  Decimal d;
  d.significand_ = value;
  return d;
}

std::optional<Decimal> Decimal::parse(std::string_view text) noexcept {
  std::size_t i = 0;
  bool minus = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) minus = text[i++] == '-';
  Int value = 0;
  unsigned scale = 0;
  unsigned digits = 0;
  bool point = false;
  bool any = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any = true;
    if (value != 0 || c != '0') ++digits;
    if (digits > 30) return std::nullopt;
    value = value * 10 + (c - '0');
    if (point) ++scale;
  }
  if (!any) return std::nullopt;
  Decimal d;
  d.significand_ = minus ? -value : value;
  d.scale_ = scale;
  return d;
}

std::optional<Decimal> Decimal::parse_implied(std::string_view digits, unsigned implied) noexcept {
  if (digits.find('.') != std::string_view::npos) return std::nullopt;
  auto d = parse(digits);
  if (!d) return std::nullopt;
  d->scale_ += implied;
  return d;
}

std::string Decimal::to_string() const {
  const bool minus = significand_ < 0;
  std::string digits = digits_of(minus ? -significand_ : significand_);
  if (scale_ > 0) {
    if (digits.size() <= scale_) digits.insert(0, scale_ - digits.size() + 1, '0');
    digits.insert(digits.size() - scale_, 1, '.');
  }
  return minus ? "-" + digits : digits;
}

std::string Decimal::to_string_trimmed(unsigned max_scale) const {
  Decimal d = scale_ > max_scale ? rounded(max_scale) : *this;
  while (d.scale_ > 0 && d.significand_ % 10 == 0) {
    d.significand_ /= 10;
    --d.scale_;
  }
  return d.to_string();
}

std::string Decimal::to_implied(unsigned implied) const {
  Decimal d = rounded(implied);
  if (d.scale_ < implied) d.significand_ *= power10(implied - d.scale_);
  const bool minus = d.significand_ < 0;
  const std::string digits = digits_of(minus ? -d.significand_ : d.significand_);
  return minus ? "-" + digits : digits;
}

Decimal Decimal::rounded(unsigned scale) const noexcept {
  if (scale >= scale_) return *this;
  const Int divisor = power10(scale_ - scale);
  Int q = significand_ / divisor;
  const Int r = significand_ % divisor;
  if (r * 2 >= divisor) ++q;
  if (-r * 2 >= divisor) --q;
  Decimal d;
  d.significand_ = q;
  d.scale_ = scale;
  return d;
}

std::optional<Decimal> add(const Decimal& a, const Decimal& b) noexcept {
  Int x = a.significand_;
  Int y = b.significand_;
  unsigned sx = a.scale_;
  unsigned sy = b.scale_;
  if (!align(x, sx, y, sy)) return std::nullopt;
  Decimal d;
  d.significand_ = x + y;
  d.scale_ = sx;
  if (digit_count(d.significand_) > max_digits) return std::nullopt;
  return d;
}

std::optional<Decimal> multiply(const Decimal& a, const Decimal& b) noexcept {
  if (digit_count(a.significand_) + digit_count(b.significand_) > max_digits) return std::nullopt;
  Decimal d;
  d.significand_ = a.significand_ * b.significand_;
  d.scale_ = a.scale_ + b.scale_;
  return d;
}

int compare(const Decimal& a, const Decimal& b) noexcept {
  Int x = a.significand_;
  Int y = b.significand_;
  unsigned sx = a.scale_;
  unsigned sy = b.scale_;
  if (!align(x, sx, y, sy)) {
    // Cannot overflow in practice for parsed values; fall back to comparing signs and magnitudes.
    return (a.significand_ > 0) - (b.significand_ > 0);
  }
  return (x > y) - (x < y);
}

}  // namespace edigate::maps
