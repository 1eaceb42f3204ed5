#pragma once
// Internals of SegmentReader shared with InterchangeReader: the buffer window, the segment scanner
// and the envelope state machine.
#include <edigate/edi/reader.hpp>

#include "block_index.hpp"
#include "scan.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace edigate::edi {

namespace detail {
// Lets the reader move views when its buffer moves (InterchangeReader keeps views across refills).
struct ViewAccess {
  static void shift(SegmentView& view, std::ptrdiff_t delta) noexcept {
    if (!view.unwrapped && view.raw_.data() != nullptr) {
      view.raw_ = std::string_view(view.raw_.data() + delta, view.raw_.size());
    }
    if (!view.gap.empty()) view.gap = std::string_view(view.gap.data() + delta, view.gap.size());
  }
  static void set_separator_bits(SegmentView& view, std::uint64_t bits) noexcept {
    view.separator_bits_ = bits;
    view.has_separator_bits_ = true;
  }
};
}  // namespace detail

class SegmentReader::Impl {
 public:
  Impl(std::unique_ptr<ByteSource> source, ReaderOptions options);

  bool next(SegmentEvent& event);
  std::size_t next_batch(std::span<SegmentEvent> events);

  // InterchangeReader: keep every byte from `offset` on (until told otherwise) and be told of moves.
  static constexpr std::uint64_t no_retention = ~std::uint64_t{0};
  void retain_from(std::uint64_t offset, std::uint32_t interchange);
  std::function<void(std::ptrdiff_t)> on_move;
  std::shared_ptr<std::deque<std::string>> arena() const { return arena_; }

  const InterchangeInfo& info() const noexcept { return info_; }
  const std::vector<Error>& diagnostics() const noexcept { return diagnostics_; }
  std::size_t suppressed() const noexcept { return suppressed_; }
  bool has_errors() const noexcept { return error_count_ != 0; }
  std::uint64_t consumed() const noexcept { return cursor_; }
  const std::string& name() const noexcept { return name_; }
  std::uint64_t size() const noexcept { return source_size_; }
  std::uint64_t interchange_start() const noexcept { return interchange_start_; }

 private:
  // A structure left open until its trailer: where its header stood and what it declared.
  struct Open {
    bool open = false;
    std::uint32_t ordinal = 0;
    std::uint64_t offset = 0;
    std::uint64_t line = 0;
    std::string tag;
    std::string control;
    std::uint32_t count = 0;  // segments (set), sets (group), groups or messages (interchange)
  };
  enum class Kind : std::uint8_t { other, isa, iea, gs, ge, st, se, ta1, unb, unz, ung, une, unh, unt };
  enum class Header : std::uint8_t { none, isa, una, unb };

  // buffer window
  const char* at(std::uint64_t offset) const noexcept { return data_ + (offset - base_); }
  std::uint64_t end_offset() const noexcept { return base_ + size_; }
  bool more(std::uint64_t keep_from);
  bool ensure(std::uint64_t offset, std::size_t count);

  // interchange boundaries
  bool begin_interchange();
  void skip_blank();
  Header header_at(std::uint64_t offset);
  bool skip_to_header(bool warn);
  bool start_x12();
  bool start_edifact();
  void close_interchange();
  void abandon_interchange();

  // segments
  struct Scanned {
    std::uint64_t start = 0;
    const char* text = nullptr;
    std::size_t length = 0;
    bool unwrapped = false;
    bool terminated = true;
    std::uint32_t newlines = 0;     // line breaks inside and right after the segment
    std::uint64_t gap_start = 0;
    std::size_t gap_length = 0;
    std::uint64_t next = 0;
  };
  bool scan(Scanned& out);
  bool scan_fast(Scanned& out);
  bool next_one(SegmentEvent& event);
  std::size_t body_run(SegmentEvent* events, std::size_t n, std::size_t capacity);
  void release_arena();
  void emit(SegmentEvent& event, const Scanned& s);
  bool scan_wrapped(Scanned& out);
  void skip_gap(Scanned& out);
  void on_delimiters();
  Kind kind_of(std::string_view tag) const noexcept;
  void on_segment(SegmentEvent& event, Kind kind);
  void on_edifact_header(const SegmentView& segment);
  void check_trailer(const Open& opened, const SegmentView& trailer, std::uint32_t counted,
                     ErrorCode count_code, ErrorCode control_code, std::string_view count_name);
  void close_set_missing();
  void close_group_missing();

  // diagnostics
  void report(ErrorCode code, Severity severity, std::uint32_t ordinal, std::uint64_t offset,
              std::uint64_t line, std::string_view tag, std::string message);
  void report_at(ErrorCode code, const Open& where, std::string message);
  void report_at(ErrorCode code, const SegmentView& where, std::string message,
                 Severity severity = Severity::error);

  std::unique_ptr<ByteSource> source_;
  ReaderOptions options_;
  std::string name_;
  std::uint64_t source_size_ = 0;
  std::unique_ptr<char[]> storage_;
  std::size_t capacity_ = 0;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::uint64_t base_ = 0;
  bool eof_ = false;
  bool in_memory_ = false;
  std::uint64_t retain_ = no_retention;
  std::uint32_t retain_interchange_ = 0;
  std::shared_ptr<std::deque<std::string>> arena_;
  std::deque<std::uint32_t> arena_owner_;  // interchange index of each arena entry
  bool arena_in_use_ = false;

  std::uint64_t cursor_ = 0;  // offset of the next segment's tag (or of whatever comes next)
  std::uint64_t line_ = 1;    // line of cursor_
  std::array<bool, 256> gap_byte_{};
  detail::ByteSet3 stops_{'~', '\r', '\n'};
  detail::BlockIndex index_;
  bool batch_ok_ = false;
  std::uint64_t batch_keep_ = no_retention;  // start of the batch being filled
  SegmentEvent* batch_events_ = nullptr;
  std::size_t batch_filled_ = 0;  // the block index serves these delimiters (terminator not a line break)

  InterchangeInfo info_;
  bool in_interchange_ = false;
  bool found_any_ = false;
  bool quiet_resync_ = false;
  bool resume_here_ = false;  // a failed header left the cursor on what comes next
  std::uint64_t interchange_start_ = 0;
  std::uint32_t interchange_index_ = 0;
  std::uint32_t ordinal_ = 0;
  Open interchange_;
  Open group_;
  Open set_;
  std::uint32_t group_index_ = 0;
  std::uint32_t set_index_ = 0;
  std::uint32_t direct_messages_ = 0;  // EDIFACT UNH outside UNG
  std::uint32_t groups_seen_ = 0;

  std::vector<Error> diagnostics_;
  std::size_t suppressed_ = 0;
  std::size_t error_count_ = 0;
};

}  // namespace edigate::edi
