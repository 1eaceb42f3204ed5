#pragma once
// Byte scanning for the hot loops: find the next stop byte 16 bytes at a time.
#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace edigate::edi::detail {

// Three stop bytes with their SIMD broadcasts made once (per interchange), not once per search.
class ByteSet3 {
 public:
  ByteSet3(char a, char b, char c) noexcept : a_(a), b_(b), c_(c) {
#if defined(__SSE2__)
    va_ = _mm_set1_epi8(a);
    vb_ = _mm_set1_epi8(b);
    vc_ = _mm_set1_epi8(c);
#endif
  }
  // First byte in [p, end) of the set; end when none.
  const char* find(const char* p, const char* end) const noexcept {
#if defined(__SSE2__)
    while (end - p >= 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i hit =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va_), _mm_cmpeq_epi8(x, vb_)), _mm_cmpeq_epi8(x, vc_));
      const int mask = _mm_movemask_epi8(hit);
      if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
      p += 16;
    }
#endif
    for (; p < end; ++p) {
      if (*p == a_ || *p == b_ || *p == c_) return p;
    }
    return end;
  }

 private:
  char a_, b_, c_;
#if defined(__SSE2__)
  __m128i va_, vb_, vc_;
#endif
};

inline const char* find_byte(const char* p, const char* end, char c) noexcept {
  if (p == end) return end;  // also covers a null view: memchr must not see a null pointer
  const void* hit = std::memchr(p, static_cast<unsigned char>(c), static_cast<std::size_t>(end - p));
  return hit == nullptr ? end : static_cast<const char*>(hit);
}

// True when the byte at `at` is escaped: an odd number of release characters directly before it.
inline bool is_released(const char* begin, const char* at, char release) noexcept {
  if (release == 0) return false;
  std::size_t n = 0;
  while (at > begin && at[-1] == release) {
    --at;
    ++n;
  }
  return (n & 1U) != 0;
}

}  // namespace edigate::edi::detail
