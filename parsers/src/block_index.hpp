#pragma once
// Stage 1 of the batch reader: for each 64-byte block of the window, bit masks of the bytes that can
// end a segment (terminator, CR, LF) and of the element separators, with bytes escaped by the
// EDIFACT release character removed. Built once per block, it lets stage 2 find every segment of the
// block with a bit scan instead of rescanning bytes.
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace edigate::edi::detail {

struct BlockMasks {
  std::uint64_t stop = 0;     // terminator, CR or LF
  std::uint64_t element = 0;  // element separator
};

class BlockIndex {
 public:
  void reset(char terminator, char element, char release) noexcept {
    terminator_ = terminator;
    element_ = element;
    release_ = release;
    clear();
  }
  // The window moved or the bytes changed meaning: forget every block.
  void clear() noexcept {
    blocks_.clear();
    first_ = 0;
    carry_ = false;
  }

  // Masks of block k (bytes [64k, 64k + 64)) of the window [base, base + size); bits of bytes outside
  // the window are zero. Null when block k is not in the window. The caller clears the index
  // whenever the window changes, so a block is built once per window.
  const BlockMasks* get(std::uint64_t k, const char* data, std::uint64_t base, std::uint64_t size) {
    const std::uint64_t slot = k - first_;  // wraps around (huge) when k < first_
    if (slot < blocks_.size()) return &blocks_[static_cast<std::size_t>(slot)];
    const std::uint64_t end = base + size;
    if (blocks_.empty()) {
      // Start where the caller is, not at the window's start: the bytes before are already read.
      first_ = k < (base >> 6) ? (base >> 6) : k;
      carry_ = false;
    }
    if (k < first_) return nullptr;
    // Blocks are built in order: the escape state flows from one block into the next.
    while (first_ + blocks_.size() <= k) {
      const std::uint64_t j = first_ + blocks_.size();
      if ((j << 6) >= end) return nullptr;
      blocks_.push_back(build(j, data, base, end));
    }
    return &blocks_[static_cast<std::size_t>(k - first_)];
  }

 private:
  BlockMasks build(std::uint64_t k, const char* data, std::uint64_t base, std::uint64_t end) {
    const std::uint64_t begin = k << 6;
    const char* p;
    alignas(16) char staged[64];
    std::uint64_t live = ~std::uint64_t{0};
    if (begin >= base && begin + 64 <= end) {
      p = data + (begin - base);
    } else {
      // The block reaches past the window: work on a copy and drop the bits of absent bytes.
      std::memset(staged, 0, sizeof staged);
      const std::uint64_t from = begin < base ? base : begin;
      const std::uint64_t to = begin + 64 < end ? begin + 64 : end;
      std::memcpy(staged + (from - begin), data + (from - base), static_cast<std::size_t>(to - from));
      const unsigned lo = static_cast<unsigned>(from - begin);
      const unsigned hi = static_cast<unsigned>(to - begin);
      live = (hi == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << hi) - 1)) & (~std::uint64_t{0} << lo);
      p = staged;
    }
    BlockMasks m;
    std::uint64_t release = 0;
    std::uint64_t terminators = 0;
    std::uint64_t line_breaks = 0;
#if defined(__SSE2__)
    const __m128i vt = _mm_set1_epi8(terminator_);
    const __m128i vcr = _mm_set1_epi8('\r');
    const __m128i vlf = _mm_set1_epi8('\n');
    const __m128i ve = _mm_set1_epi8(element_);
    const __m128i vr = _mm_set1_epi8(release_);
    for (int i = 0; i < 4; ++i) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      const __m128i breaks = _mm_or_si128(_mm_cmpeq_epi8(x, vcr), _mm_cmpeq_epi8(x, vlf));
      const int shift = 16 * i;
      terminators |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, vt))))
                     << shift;
      line_breaks |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(breaks))) << shift;
      m.element |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, ve))))
                   << shift;
      if (release_ != 0) {
        release |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, vr))))
                   << shift;
      }
    }
#else
    for (unsigned i = 0; i < 64; ++i) {
      const char c = p[i];
      const std::uint64_t bit = std::uint64_t{1} << i;
      if (c == terminator_) terminators |= bit;
      if (c == '\r' || c == '\n') line_breaks |= bit;
      if (c == element_) m.element |= bit;
      if (release_ != 0 && c == release_) release |= bit;
    }
#endif
    terminators &= live;
    line_breaks &= live;
    m.element &= live;
    release &= live;
    // A release character that is not itself released makes the next byte literal.
    std::uint64_t escaped = carry_ ? 1U : 0U;
    carry_ = false;
    while (release != 0) {
      const int i = __builtin_ctzll(release);
      release &= release - 1;
      if ((escaped >> i) & 1U) continue;
      if (i == 63) {
        carry_ = true;
      } else {
        escaped |= std::uint64_t{1} << (i + 1);
      }
    }
    // Line breaks always stop stage 2 (the one-segment path treats them as layout, never as escaped).
    m.stop = (terminators & ~escaped) | line_breaks;
    m.element &= ~escaped;
    return m;
  }

  char terminator_ = '~';
  char element_ = '*';
  char release_ = 0;
  std::vector<BlockMasks> blocks_;
  std::uint64_t first_ = 0;  // block number of blocks_[0]
  bool carry_ = false;       // the last built block ends in an unreleased release character
};

}  // namespace edigate::edi::detail
