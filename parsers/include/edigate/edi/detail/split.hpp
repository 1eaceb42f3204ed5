#pragma once
// Inline splitting of a segment into elements (or an element into components), 16 bytes at a time.
// It sits in a header because it runs once per element in every hot loop and must inline into them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define EDIGATE_NO_OVERREAD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define EDIGATE_NO_OVERREAD 1
#endif
#endif

namespace edigate::edi::detail {

// A 16-byte load at p cannot fault when it stays within p's page; the bytes past `end` are masked off.
// Sanitizer builds take the byte loop instead, as they (rightly) flag any read past an allocation.
inline bool can_overread16(const char* p) noexcept {
#if defined(EDIGATE_NO_OVERREAD)
  (void)p;
  return false;
#else
  return (reinterpret_cast<std::uintptr_t>(p) & 4095U) <= 4096U - 16U;
#endif
}

// For each set bit of `mask` (a separator at p + bit), hands f the piece that ends there.
template <class F>
inline void emit_pieces(unsigned mask, const char* p, const char*& start, F& f) {
  while (mask != 0) {
    const char* at = p + __builtin_ctz(mask);
    f(std::string_view(start, static_cast<std::size_t>(at - start)));
    start = at + 1;
    mask &= mask - 1;
  }
}

// Calls f(piece) for every piece of [begin, end) separated by `sep`; a byte after `release`
// (0 = none) is literal. An empty range yields one empty piece.
template <class F>
inline void split_each(const char* begin, const char* end, char sep, char release, F&& f) {
  const char* start = begin;
  const char* p = begin;
  // Byte by byte up to `limit`: a released byte is skipped (which may step past `limit`).
  auto walk = [&](const char* limit) {
    while (p < limit) {
      if (release != 0 && *p == release) {
        if (end - p < 2) {
          p = end;
          return;
        }
        p += 2;
        continue;
      }
      if (*p == sep) {
        f(std::string_view(start, static_cast<std::size_t>(p - start)));
        start = p + 1;
      }
      ++p;
    }
  };
#if defined(__SSE2__)
  const __m128i separators = _mm_set1_epi8(sep);
  const __m128i releases = _mm_set1_epi8(release);
  while (end - p >= 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    if (release != 0 && _mm_movemask_epi8(_mm_cmpeq_epi8(block, releases)) != 0) {
      // Rare: an escape in this block. Walk it byte by byte; an escape may reach into the next block.
      walk(p + 16);
      continue;
    }
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, separators)));
    emit_pieces(mask, p, start, f);
    p += 16;
  }
  if (p < end && can_overread16(p)) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned live = (1U << static_cast<unsigned>(end - p)) - 1U;
    if (release == 0 || (static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, releases))) & live) == 0) {
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, separators))) & live;
      emit_pieces(mask, p, start, f);
      f(std::string_view(start, static_cast<std::size_t>(end - start)));
      return;
    }
  }
#endif
  walk(end);
  f(std::string_view(start, static_cast<std::size_t>(end - start)));
}

}  // namespace edigate::edi::detail
