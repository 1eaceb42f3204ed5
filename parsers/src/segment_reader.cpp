#include "reader_impl.hpp"

#include "grammar.hpp"
#include "scan.hpp"
#include "stop_scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace edigate::edi {
namespace {

bool is_alnum(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_blank(char c) noexcept { return c == '\r' || c == '\n' || c == ' ' || c == '\t'; }

bool is_upper_or_digit(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The fast form of the X3 tag rule (grammar.cpp), which still decides when this one says no.
bool is_tag(std::string_view tag) noexcept {
  if ((tag.size() == 2 || tag.size() == 3) && tag[0] >= 'A' && tag[0] <= 'Z' && is_upper_or_digit(tag[1]) &&
      (tag.size() == 2 || is_upper_or_digit(tag[2]))) {
    return true;
  }
  return detail::is_segment_tag(tag);
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return std::string(s);
}

std::string printable(char c) {
  if (c >= 0x21 && c <= 0x7E) return fmt::format("'{}'", c);
  return fmt::format("0x{:02X}", static_cast<unsigned char>(c));
}

// " 000000905" for a control number, nothing when it is empty.
std::string labelled(const std::string& control) { return control.empty() ? std::string() : " " + control; }

std::string character_set_name(std::string_view syntax) {
  static constexpr std::pair<std::string_view, std::string_view> names[] = {
      {"UNOA", "ISO 646 upper case (level A)"}, {"UNOB", "ISO 646 mixed case (level B)"},
      {"UNOC", "ISO 8859-1"},  {"UNOD", "ISO 8859-2"},  {"UNOE", "ISO 8859-5"},
      {"UNOF", "ISO 8859-7"},  {"UNOG", "ISO 8859-3"},  {"UNOH", "ISO 8859-4"},
      {"UNOI", "ISO 8859-6"},  {"UNOJ", "ISO 8859-8"},  {"UNOK", "ISO 8859-9"},
      {"UNOL", "ISO 8859-15"}, {"UNOW", "UTF-8"},       {"UNOX", "ISO 2022 (with escape sequences)"},
      {"UNOY", "ISO 10646-1 (UCS)"}};
  for (const auto& [id, name] : names) {
    if (id == syntax) return std::string(name);
  }
  if (syntax.size() == 4 && syntax.substr(0, 3) == "UNO") return "declared as " + std::string(syntax);
  return {};
}

}  // namespace

SegmentReader::Impl::Impl(std::unique_ptr<ByteSource> source, ReaderOptions options)
    : source_(std::move(source)),
      options_(options),
      name_(source_->name()),
      source_size_(source_->size_hint()),
      arena_(std::make_shared<std::deque<std::string>>()) {
  options_.chunk_size = std::max<std::size_t>(options_.chunk_size, 256);
  if (auto bytes = source_->whole()) {
    data_ = bytes->data();
    size_ = bytes->size();
    eof_ = true;
    in_memory_ = true;
  }
}

// ---------------------------------------------------------------- buffer window

bool SegmentReader::Impl::more(std::uint64_t keep_from) {
  if (eof_) return false;
  if (retain_ != no_retention) keep_from = std::min(keep_from, retain_);
  if (batch_keep_ != no_retention) keep_from = std::min(keep_from, batch_keep_);
  keep_from = std::max(keep_from, base_);
  const std::size_t keep = static_cast<std::size_t>(keep_from - base_);
  const std::size_t live = size_ - keep;
  const std::size_t needed = live + options_.chunk_size;
  const char* old_data = data_;
  const std::uint64_t old_base = base_;
  if (needed > capacity_) {
    // Grow only as needed, but geometrically so a large retained interchange is copied O(n) times.
    const std::size_t capacity = std::max(needed, capacity_ + capacity_ / 2);
    std::unique_ptr<char[]> fresh(new char[capacity]);  // no zero-fill: every byte is read before use
    if (live != 0) std::memcpy(fresh.get(), data_ + keep, live);
    storage_ = std::move(fresh);
    capacity_ = capacity;
  } else if (keep != 0 && live != 0) {
    std::memmove(storage_.get(), storage_.get() + keep, live);
  }
  data_ = storage_.get();
  size_ = live;
  base_ = keep_from;
  index_.clear();
  if (on_move && old_data != nullptr) {
    const auto delta = static_cast<std::ptrdiff_t>(
        (reinterpret_cast<std::uintptr_t>(data_) - base_) - (reinterpret_cast<std::uintptr_t>(old_data) - old_base));
    if (delta != 0) on_move(delta);
  }
  if (batch_filled_ != 0 && old_data != nullptr) {
    // Events already filled in this next_batch() call point into the old buffer.
    const auto delta = static_cast<std::ptrdiff_t>(
        (reinterpret_cast<std::uintptr_t>(data_) - base_) - (reinterpret_cast<std::uintptr_t>(old_data) - old_base));
    for (std::size_t i = 0; i < batch_filled_; ++i) detail::ViewAccess::shift(batch_events_[i].segment, delta);
  }
  std::size_t got = 0;
  while (got == 0) {
    auto n = source_->read(storage_.get() + size_, capacity_ - size_);
    if (!n.ok()) {
      Error e = n.error();
      e.where.offset = end_offset();
      diagnostics_.push_back(std::move(e));
      ++error_count_;
      eof_ = true;
      return false;
    }
    if (*n == 0) {
      eof_ = true;
      return false;
    }
    got = *n;
  }
  size_ += got;
  index_.clear();
  return true;
}

bool SegmentReader::Impl::ensure(std::uint64_t offset, std::size_t count) {
  while (end_offset() < offset + count) {
    if (!more(offset)) return false;
  }
  return true;
}

void SegmentReader::Impl::retain_from(std::uint64_t offset, std::uint32_t interchange) {
  retain_ = offset;
  retain_interchange_ = interchange;
  if (in_memory_) return;
  while (!arena_owner_.empty() && arena_owner_.front() < interchange) {
    arena_owner_.pop_front();
    arena_->pop_front();
  }
}

// ---------------------------------------------------------------- diagnostics

void SegmentReader::Impl::report(ErrorCode code, Severity severity, std::uint32_t ordinal, std::uint64_t offset,
                                 std::uint64_t line, std::string_view tag, std::string message) {
  if (severity == Severity::error) ++error_count_;
  if (diagnostics_.size() >= options_.max_diagnostics) {
    ++suppressed_;
    return;
  }
  Error e;
  e.code = code;
  e.severity = severity;
  e.where.file = name_;
  e.where.interchange = interchange_index_;
  e.where.segment = ordinal;
  e.where.offset = offset;
  e.where.line = line;
  e.where.tag = std::string(tag);
  e.message = std::move(message);
  diagnostics_.push_back(std::move(e));
}

void SegmentReader::Impl::report_at(ErrorCode code, const Open& where, std::string message) {
  report(code, Severity::error, where.ordinal, where.offset, where.line, where.tag, std::move(message));
}

void SegmentReader::Impl::report_at(ErrorCode code, const SegmentView& where, std::string message,
                                    Severity severity) {
  report(code, severity, where.ordinal, where.offset, where.line, where.tag(), std::move(message));
}

// ---------------------------------------------------------------- interchange boundaries

SegmentReader::Impl::Header SegmentReader::Impl::header_at(std::uint64_t offset) {
  if (offset < end_offset()) {
    const char first = *at(offset);
    if (first != 'I' && first != 'U') return Header::none;
  }
  if (!ensure(offset, 4)) {
    if (end_offset() - offset >= 3 && std::memcmp(at(offset), "UNA", 3) == 0) return Header::una;
    return Header::none;
  }
  const char* p = at(offset);
  if (p[0] == 'I' && p[1] == 'S' && p[2] == 'A' && !is_alnum(p[3]) && !is_blank(p[3])) return Header::isa;
  if (p[0] == 'U' && p[1] == 'N') {
    if (p[2] == 'A') return Header::una;
    if (p[2] == 'B' && !is_alnum(p[3]) && !is_blank(p[3])) return Header::unb;
  }
  return Header::none;
}

// Skips bytes up to the next ISA/UNA/UNB. Returns false at the end of input.
bool SegmentReader::Impl::skip_to_header(bool warn) {
  const std::uint64_t junk_start = cursor_;
  const std::uint64_t junk_line = line_;
  for (;;) {
    if (cursor_ >= end_offset() && !more(cursor_)) break;
    const char* p = at(cursor_);
    const char* end = data_ + size_;
    static const detail::ByteSet3 header_starts('I', 'U', '\n');  // ISA, UNA/UNB, or count a line
    const char* hit = header_starts.find(p, end);
    line_ += static_cast<std::uint64_t>(std::count(p, hit, '\n'));
    cursor_ += static_cast<std::uint64_t>(hit - p);
    if (hit == end) continue;
    if (*hit == '\n') {
      ++line_;
      ++cursor_;
      continue;
    }
    if (header_at(cursor_) != Header::none) {
      if (warn && cursor_ != junk_start) {
        const auto saved = interchange_index_;
        interchange_index_ = saved + 1;
        report(ErrorCode::junk_before_interchange, Severity::warning, 0, junk_start, junk_line, {},
               fmt::format("skipped {} bytes that are not EDI before the interchange", cursor_ - junk_start));
        interchange_index_ = saved;
      }
      return true;
    }
    ++cursor_;
  }
  if (!found_any_) {
    report(ErrorCode::no_interchange, Severity::error, 0, 0, 0, {},
           "no interchange found: the input has no ISA, UNA or UNB header");
  } else if (warn && cursor_ != junk_start) {
    report(ErrorCode::junk_before_interchange, Severity::warning, 0, junk_start, junk_line, {},
           fmt::format("skipped {} bytes that are not EDI after the last interchange", cursor_ - junk_start));
  }
  return false;
}

void SegmentReader::Impl::skip_blank() {
  for (;;) {
    if (cursor_ >= end_offset() && !more(cursor_)) return;
    const char c = *at(cursor_);
    if (!is_blank(c)) return;
    if (c == '\n') ++line_;
    ++cursor_;
  }
}

bool SegmentReader::Impl::begin_interchange() {
  for (;;) {
    if (cursor_ == 0 && ensure(0, 3) && std::memcmp(at(0), "\xEF\xBB\xBF", 3) == 0) cursor_ = 3;
    skip_blank();  // blank lines and spaces between interchanges are not junk
    const bool warn = !quiet_resync_;
    quiet_resync_ = false;
    if (header_at(cursor_) == Header::none && !skip_to_header(warn)) return false;
    const Header header = header_at(cursor_);
    ++interchange_index_;
    found_any_ = true;
    interchange_start_ = cursor_;
    info_ = InterchangeInfo{};
    interchange_ = Open{};
    group_ = Open{};
    set_ = Open{};
    ordinal_ = 0;
    group_index_ = 0;
    set_index_ = 0;
    direct_messages_ = 0;
    groups_seen_ = 0;
    const bool ok = header == Header::isa ? start_x12() : start_edifact();
    if (ok) {
      in_interchange_ = true;
      on_delimiters();
      return true;
    }
    // The header was unusable: look for the next one.
    if (!resume_here_) ++cursor_;
    resume_here_ = false;
    if (header_at(cursor_) == Header::none && !skip_to_header(false)) return false;
  }
}

bool SegmentReader::Impl::start_x12() {
  ensure(cursor_, 240);
  const std::size_t available = static_cast<std::size_t>(end_offset() - cursor_);
  std::string_view text(at(cursor_), std::min<std::size_t>(available, 240));
  auto isa = detail::parse_isa(text);
  std::string unwrapped;
  if (!isa || !isa->fixed_length) {
    // A hard-wrapped file may break the ISA itself: read it again without the line breaks.
    for (char c : text) {
      if (c != '\r' && c != '\n') unwrapped.push_back(c);
    }
    auto again = detail::parse_isa(unwrapped);
    if (again && again->fixed_length) isa = again;
  }
  if (!isa) {
    report(ErrorCode::invalid_isa, Severity::error, 1, cursor_, line_, "ISA",
           "ISA header is malformed: it must have 16 elements followed by a segment terminator");
    return false;
  }
  // A variable-width ISA whose separators make no sense is a broken ISA, not a choice of delimiters.
  const bool trusted = isa->fixed_length;
  auto reject = [&](ErrorCode code, std::string message) {
    report(trusted ? code : ErrorCode::invalid_isa, Severity::error, 1, cursor_, line_, "ISA",
           trusted ? std::move(message)
                   : "ISA header is malformed: " + message + " (fields are not at their fixed widths)");
    return false;
  };
  Delimiters d;
  d.element = isa->element;
  d.component = isa->component;
  d.segment = isa->terminator;
  d.release = 0;
  // NUL is refused as any delimiter: no partner uses it and it ends C strings in every tool downstream.
  if (is_alnum(d.element) || is_blank(d.element) || d.element == '\0') {
    return reject(ErrorCode::invalid_element_separator,
                  fmt::format("{} cannot be the element separator", printable(d.element)));
  }
  if (is_alnum(d.component) || d.component == d.element || d.component == ' ' || d.component == '\0') {
    return reject(ErrorCode::invalid_component_separator,
                  fmt::format("ISA16 {} cannot be the component separator", printable(d.component)));
  }
  if (is_alnum(d.segment) || d.segment == d.element || d.segment == d.component || d.segment == ' ' ||
      d.segment == '\0') {
    return reject(ErrorCode::invalid_segment_terminator,
                  fmt::format("{} after ISA16 cannot be the segment terminator", printable(d.segment)));
  }
  const auto& f = isa->fields;
  info_.standard = Standard::x12;
  info_.version = std::string(f[11]);
  const std::string_view isa11 = f[10];
  if (info_.version >= "00402" && isa11.size() == 1 && !is_alnum(isa11[0]) && isa11[0] != ' ' &&
      !d.is_service(isa11[0])) {
    d.repetition = isa11[0];
  }
  info_.delimiters = d;
  info_.sender_qualifier = trimmed(f[4]);
  info_.sender_id = trimmed(f[5]);
  info_.receiver_qualifier = trimmed(f[6]);
  info_.receiver_id = trimmed(f[7]);
  info_.date = std::string(f[8]);
  info_.time = std::string(f[9]);
  info_.control_number = std::string(f[12]);
  info_.ack_requested = f[13] == "1";
  info_.test = f[14] == "T";
  info_.character_set = "ASCII";
  if (!isa->fixed_length) {
    report(ErrorCode::invalid_isa, Severity::warning, 1, cursor_, line_, "ISA",
           "ISA fields are not at their fixed widths (read by element separators instead)");
  }
  if (f[12].size() != 9 || !std::all_of(f[12].begin(), f[12].end(), [](char c) { return c >= '0' && c <= '9'; })) {
    report(ErrorCode::invalid_control_number, Severity::error, 1, cursor_, line_, "ISA",
           fmt::format("ISA13 \"{}\" is not a 9-digit interchange control number", f[12]));
  }
  return true;
}

bool SegmentReader::Impl::start_edifact() {
  info_.standard = Standard::edifact;
  Delimiters d = Delimiters::edifact();
  if (header_at(cursor_) == Header::una) {
    const std::uint64_t una_offset = cursor_;
    const std::uint64_t una_line = line_;
    ensure(cursor_, 9);
    const std::size_t available = static_cast<std::size_t>(end_offset() - cursor_);
    std::string_view text(at(cursor_), std::min<std::size_t>(available, 9));
    auto una = detail::parse_una(text);
    bool valid = una.has_value();
    if (valid) {
      const char service[] = {una->component, una->element, una->terminator};
      for (char c : service) valid = valid && !is_alnum(c) && c != ' ' && c != '\0';
      valid = valid && una->release != '\0' && una->repetition != '\0';  // 0 means "not used" here
      valid = valid && una->component != una->element && una->component != una->terminator &&
              una->element != una->terminator && (una->decimal == '.' || una->decimal == ',');
      if (una->release != ' ') {
        valid = valid && !is_alnum(una->release) && una->release != una->component &&
                una->release != una->element && una->release != una->terminator;
      }
      if (una->repetition != ' ') {
        valid = valid && !is_alnum(una->repetition) && una->repetition != una->component &&
                una->repetition != una->element && una->repetition != una->terminator &&
                una->repetition != una->release;
      }
    }
    info_.has_service_string = true;
    if (valid) {
      d.component = una->component;
      d.element = una->element;
      d.decimal = una->decimal;
      d.release = una->release == ' ' ? 0 : una->release;
      d.repetition = una->repetition == ' ' ? 0 : una->repetition;
      d.segment = una->terminator;
      info_.service_string = std::string(text);
      cursor_ += 9;
    } else {
      report(ErrorCode::invalid_una, Severity::error, 0, una_offset, una_line, "UNA",
             "UNA service string advice is malformed: it needs six distinct service characters");
      // Read a UNB within the next few bytes with the default service characters; without one, go on
      // right after "UNA". The look-ahead is a fixed distance, so the chunk size cannot change the result.
      ensure(cursor_, 19);
      const std::uint64_t last_start = cursor_ + 16;  // a UNB may start up to 16 bytes after "UNA"
      std::uint64_t p = cursor_ + 3;
      while (p <= last_start && p + 3 <= end_offset() && std::memcmp(at(p), "UNB", 3) != 0) ++p;
      if (p > last_start || p + 3 > end_offset()) {
        cursor_ += 3;
        resume_here_ = true;
        return false;
      }
      info_.service_string = std::string(at(cursor_), static_cast<std::size_t>(p - cursor_));
      cursor_ = p;
    }
    skip_blank();
    if (header_at(cursor_) != Header::unb) {
      if (valid) {
        report(ErrorCode::invalid_interchange_header, Severity::error, 0, una_offset, una_line, "UNA",
               "UNA is not followed by a UNB interchange header");
      }
      // Go on from here (the buffer may no longer hold the UNA): whatever follows may be a header.
      resume_here_ = true;
      return false;
    }
    info_.delimiters = d;
    return true;
  }
  // No UNA: the byte after "UNB" tells level A from level B defaults.
  const char separator = *at(cursor_ + 3);
  if (separator == '\x1D') {
    d = Delimiters::edifact_level_b();
  } else if (separator != '+') {
    report(ErrorCode::invalid_interchange_header, Severity::error, 1, cursor_, line_, "UNB",
           fmt::format("UNB without UNA must use the default element separator '+', found {}",
                       printable(separator)));
    return false;
  }
  info_.delimiters = d;
  return true;
}

// Line breaks and spaces between segments are layout, unless the interchange uses one as a delimiter.
void SegmentReader::Impl::on_delimiters() {
  stops_ = detail::ByteSet3(info_.delimiters.segment, '\r', '\n');
  index_.reset(info_.delimiters.segment, info_.delimiters.element, info_.delimiters.release);
  batch_ok_ = info_.delimiters.segment != '\n' && info_.delimiters.segment != '\r';
  gap_byte_.fill(false);
  const Delimiters& d = info_.delimiters;
  for (char c : {'\r', '\n', ' ', '\t'}) {
    const bool service = c == d.element || c == d.component || (d.repetition != 0 && c == d.repetition) ||
                         (d.release != 0 && c == d.release);
    gap_byte_[static_cast<unsigned char>(c)] = !service;
  }
}

void SegmentReader::Impl::close_set_missing() {
  if (!set_.open) return;
  report_at(ErrorCode::set_trailer_missing, set_,
            fmt::format("{}{} has no {} trailer", set_.tag, labelled(set_.control), set_.tag == "ST" ? "SE" : "UNT"));
  set_.open = false;
}

void SegmentReader::Impl::close_group_missing() {
  if (!group_.open) return;
  report_at(ErrorCode::group_trailer_missing, group_,
            fmt::format("{}{} has no {} trailer", group_.tag, labelled(group_.control),
                        group_.tag == "GS" ? "GE" : "UNE"));
  group_.open = false;
}

// The interchange ended without its trailer (next header or end of input came first).
void SegmentReader::Impl::close_interchange() {
  close_set_missing();
  close_group_missing();
  if (interchange_.open) {
    report_at(ErrorCode::interchange_trailer_missing, interchange_,
              fmt::format("{}{} has no {} trailer before {}", interchange_.tag, labelled(interchange_.control),
                          interchange_.tag == "ISA" ? "IEA" : "UNZ",
                          cursor_ >= end_offset() && eof_ ? "the end of the input" : "the next interchange"));
  }
  interchange_.open = false;
  in_interchange_ = false;
}

void SegmentReader::Impl::abandon_interchange() {
  set_.open = false;
  group_.open = false;
  interchange_.open = false;
  in_interchange_ = false;
}

// ---------------------------------------------------------------- segments

void SegmentReader::Impl::skip_gap(Scanned& out) {
  out.gap_start = out.next;
  for (;;) {
    const char* p = at(out.next);
    const char* end = data_ + size_;
    while (p < end && gap_byte_[static_cast<unsigned char>(*p)]) {
      out.newlines += *p == '\n' ? 1U : 0U;
      ++p;
    }
    out.next = base_ + static_cast<std::uint64_t>(p - data_);
    if (p < end || !more(out.start)) break;
  }
  out.gap_length = static_cast<std::size_t>(out.next - out.gap_start);
}

// Finds the segment starting at cursor_. False when the input ends before any byte of it.
bool SegmentReader::Impl::scan(Scanned& out) {
  const Delimiters& d = info_.delimiters;
  const char term = d.segment;
  const bool newline_terminator = term == '\n' || term == '\r';
  out.start = cursor_;
  out.unwrapped = false;
  out.terminated = true;
  out.newlines = 0;
  out.gap_length = 0;
  if (cursor_ >= end_offset() && !more(cursor_)) return false;
  std::uint64_t search = cursor_;
  for (;;) {
    const char* begin = at(out.start);
    const char* end = data_ + size_;
    const char* hit = detail::find_stop(stops_, at(search), end);
    while (hit != end) {
      if (*hit == term) {
        if (!detail::is_released(begin, hit, d.release)) break;
      } else if (!newline_terminator) {
        return scan_wrapped(out);  // a line break inside a segment: the file is hard-wrapped
      }
      hit = detail::find_stop(stops_, hit + 1, end);
    }
    if (hit != end) {
      out.text = begin;
      out.length = static_cast<std::size_t>(hit - begin);
      if (term == '\n') {
        ++out.newlines;
        if (out.length != 0 && begin[out.length - 1] == '\r') --out.length;
      }
      out.next = static_cast<std::uint64_t>(hit - begin) + out.start + 1;
      break;
    }
    const std::size_t length = static_cast<std::size_t>(end - begin);
    if (length > options_.max_segment_size) {
      return false;  // reported by the caller (segment_too_long)
    }
    search = end_offset();
    if (!more(out.start)) {
      // The input ends inside this segment.
      out.text = at(out.start);
      out.length = static_cast<std::size_t>(end_offset() - out.start);
      if (term == '\n' && out.length != 0 && out.text[out.length - 1] == '\r') --out.length;
      out.terminated = false;
      out.next = end_offset();
      out.gap_start = out.next;
      return true;
    }
  }
  skip_gap(out);
  // skip_gap may have refilled the buffer: point the text at the current window.
  out.text = at(out.start);
  return true;
}

// Slow path: copy the segment without its line breaks into the arena.
bool SegmentReader::Impl::scan_wrapped(Scanned& out) {
  const Delimiters& d = info_.delimiters;
  std::string text;
  std::uint64_t p = out.start;
  bool released = false;
  for (;;) {
    if (p >= end_offset() && !more(out.start)) {
      out.terminated = false;
      break;
    }
    const char c = *at(p);
    ++p;
    if (c == '\r' || c == '\n') {
      if (c == '\n') ++out.newlines;
      continue;
    }
    if (!released && c == d.segment) break;
    released = !released && d.release != 0 && c == d.release;
    text.push_back(c);
    if (text.size() > options_.max_segment_size) return false;
  }
  arena_->push_back(std::move(text));
  arena_owner_.push_back(interchange_index_);
  arena_in_use_ = true;
  out.unwrapped = true;
  out.text = arena_->back().data();
  out.length = arena_->back().size();
  out.next = p;
  if (out.terminated) skip_gap(out);
  return true;
}

SegmentReader::Impl::Kind SegmentReader::Impl::kind_of(std::string_view tag) const noexcept {
  if (tag.size() == 2) {
    if (info_.standard != Standard::x12) return Kind::other;
    if (tag[0] == 'G') return tag[1] == 'S' ? Kind::gs : tag[1] == 'E' ? Kind::ge : Kind::other;
    if (tag[0] == 'S') return tag[1] == 'T' ? Kind::st : tag[1] == 'E' ? Kind::se : Kind::other;
    return Kind::other;
  }
  if (tag.size() != 3) return Kind::other;
  if (info_.standard == Standard::x12) {
    if (tag == "ISA") return Kind::isa;
    if (tag == "IEA") return Kind::iea;
    if (tag == "TA1") return Kind::ta1;
    return Kind::other;
  }
  if (tag[0] != 'U' || tag[1] != 'N') return Kind::other;
  switch (tag[2]) {
    case 'B': return Kind::unb;
    case 'Z': return Kind::unz;
    case 'G': return Kind::ung;
    case 'E': return Kind::une;
    case 'H': return Kind::unh;
    case 'T': return Kind::unt;
    default: return Kind::other;
  }
}

void SegmentReader::Impl::check_trailer(const Open& opened, const SegmentView& trailer, std::uint32_t counted,
                                        ErrorCode count_code, ErrorCode control_code,
                                        std::string_view count_name) {
  const std::string_view declared = trailer[1];
  const auto count = detail::parse_count(declared);
  if (!count) {
    report_at(ErrorCode::invalid_count_value, trailer,
              fmt::format("{} \"{}\" is not a number", count_name, declared));
  } else if (*count != counted) {
    report_at(count_code, trailer, fmt::format("{} says {}, counted {}", count_name, *count, counted));
  }
  const std::string_view control = trailer[2];
  if (control != opened.control) {
    report_at(control_code, trailer,
              fmt::format("{} control number \"{}\" does not match {} \"{}\"", trailer.tag(), control,
                          opened.tag, opened.control));
  }
}

void SegmentReader::Impl::on_edifact_header(const SegmentView& unb) {
  const std::string syntax = unb.value(1, 1);
  info_.syntax_identifier = syntax;
  info_.version = unb.value(1, 2);
  info_.character_set = character_set_name(syntax);
  info_.sender_id = unb.value(2, 1);
  info_.sender_qualifier = unb.value(2, 2);
  info_.receiver_id = unb.value(3, 1);
  info_.receiver_qualifier = unb.value(3, 2);
  info_.date = unb.value(4, 1);
  info_.time = unb.value(4, 2);
  info_.control_number = unb.value(5);
  info_.ack_requested = unb[9] == "1";
  info_.test = unb[11] == "1";
  const bool known = syntax.size() == 4 && syntax.compare(0, 3, "UNO") == 0 && syntax[3] >= 'A' && syntax[3] <= 'Y';
  if (!known && !syntax.empty()) {
    report_at(ErrorCode::unsupported_syntax, unb,
              fmt::format("syntax identifier \"{}\" is not one of UNOA to UNOY", syntax));
  }
  if (!info_.has_service_string && info_.version == "4") {
    info_.delimiters.repetition = info_.delimiters.segment == '\x1C' ? '\x19' : '*';
    on_delimiters();
  }
  std::string missing;
  auto need = [&missing](const std::string& value, std::string_view what) {
    if (value.empty()) missing += missing.empty() ? std::string(what) : ", " + std::string(what);
  };
  need(syntax, "syntax identifier (S001)");
  need(info_.version, "syntax version (0002)");
  need(info_.sender_id, "sender (S002)");
  need(info_.receiver_id, "recipient (S003)");
  need(info_.date, "date (0017)");
  need(info_.time, "time (0019)");
  need(info_.control_number, "control reference (0020)");
  if (!missing.empty()) {
    report_at(ErrorCode::invalid_interchange_header, unb, "UNB lacks mandatory " + missing);
  }
}

void SegmentReader::Impl::on_segment(SegmentEvent& event, Kind kind) {
  const SegmentView& seg = event.segment;
  auto open_here = [&seg](Open& o, std::string control) {
    o.open = true;
    o.ordinal = seg.ordinal;
    o.offset = seg.offset;
    o.line = seg.line;
    o.tag = std::string(seg.tag());
    o.control = std::move(control);
    o.count = 0;
  };
  const bool x12 = info_.standard == Standard::x12;
  switch (kind) {
    case Kind::isa:
    case Kind::unb:
      if (seg.ordinal == 1) {
        event.role = SegmentRole::interchange_header;
        if (kind == Kind::unb) on_edifact_header(seg);
        open_here(interchange_, info_.control_number);
        return;
      }
      break;  // cannot happen: headers are found before scanning
    case Kind::iea:
    case Kind::unz: {
      close_set_missing();
      close_group_missing();
      event.role = SegmentRole::interchange_trailer;
      if (!interchange_.open) {
        report_at(ErrorCode::unexpected_trailer, seg, "interchange trailer without its header");
        return;
      }
      std::uint32_t counted = x12 || groups_seen_ != 0 ? groups_seen_ : direct_messages_;
      check_trailer(interchange_, seg, counted, ErrorCode::interchange_count_mismatch,
                    ErrorCode::interchange_control_mismatch,
                    x12 ? "IEA01 (number of groups)" : groups_seen_ != 0 ? "UNZ 0036 (number of groups)"
                                                                         : "UNZ 0036 (number of messages)");
      interchange_.open = false;
      in_interchange_ = false;
      return;
    }
    case Kind::gs:
    case Kind::ung: {
      close_set_missing();
      close_group_missing();
      if (kind == Kind::ung && direct_messages_ != 0) {
        report_at(ErrorCode::groups_and_messages_mixed, seg,
                  "UNG functional group in an interchange that already has messages outside groups");
      }
      event.role = SegmentRole::group_header;
      open_here(group_, std::string(x12 ? seg[6] : seg[5]));
      ++groups_seen_;
      event.group = ++group_index_;
      return;
    }
    case Kind::ge:
    case Kind::une: {
      close_set_missing();
      event.role = SegmentRole::group_trailer;
      if (!group_.open) {
        report_at(ErrorCode::unexpected_trailer, seg,
                  fmt::format("{} without an open {}", seg.tag(), x12 ? "GS" : "UNG"));
        return;
      }
      event.group = group_index_;
      check_trailer(group_, seg, group_.count, ErrorCode::group_count_mismatch, ErrorCode::group_control_mismatch,
                    x12 ? "GE01 (number of transaction sets)" : "UNE 0060 (number of messages)");
      group_.open = false;
      return;
    }
    case Kind::st:
    case Kind::unh: {
      close_set_missing();
      event.role = SegmentRole::set_header;
      if (group_.open) {
        ++group_.count;
        event.group = group_index_;
      } else if (x12) {
        report_at(ErrorCode::set_outside_group, seg, "ST transaction set outside a GS functional group");
      } else if (groups_seen_ != 0) {
        report_at(ErrorCode::groups_and_messages_mixed, seg,
                  "UNH message outside a UNG group in an interchange that uses groups");
      } else {
        ++direct_messages_;
      }
      open_here(set_, std::string(seg[x12 ? 2 : 1]));
      set_.count = 1;
      event.set = ++set_index_;
      event.set_position = 1;
      return;
    }
    case Kind::se:
    case Kind::unt: {
      event.role = SegmentRole::set_trailer;
      if (!set_.open) {
        report_at(ErrorCode::unexpected_trailer, seg,
                  fmt::format("{} without an open {}", seg.tag(), x12 ? "ST" : "UNH"));
        return;
      }
      ++set_.count;
      event.set = set_index_;
      event.group = group_.open ? group_index_ : 0;
      event.set_position = set_.count;
      check_trailer(set_, seg, set_.count, ErrorCode::set_count_mismatch, ErrorCode::set_control_mismatch,
                    x12 ? "SE01 (number of segments)" : "UNT 0074 (number of segments)");
      set_.open = false;
      return;
    }
    case Kind::ta1:
      if (!set_.open && !group_.open) {
        event.role = SegmentRole::service;
        return;
      }
      break;
    case Kind::other:
      break;
  }
  if (set_.open) {
    event.role = SegmentRole::set_body;
    event.set = set_index_;
    event.group = group_.open ? group_index_ : 0;
    event.set_position = ++set_.count;
    return;
  }
  event.role = SegmentRole::stray;
  report_at(ErrorCode::segment_outside_set, seg,
            fmt::format("{} segment outside a {}", seg.tag(), x12 ? "transaction set (ST..SE)" : "message (UNH..UNT)"));
}

void SegmentReader::Impl::release_arena() {
  // Streaming: the unwrapped copies handed out by the previous call are no longer referenced.
  if (arena_in_use_ && retain_ == no_retention && !in_memory_) {
    arena_->clear();
    arena_owner_.clear();
    arena_in_use_ = false;
  }
}

bool SegmentReader::Impl::next(SegmentEvent& event) {
  release_arena();
  return next_one(event);
}

std::size_t SegmentReader::Impl::next_batch(std::span<SegmentEvent> events) {
  release_arena();
  // Every segment of the batch must stay readable until the call returns: keep their bytes and
  // shift their views if the window moves.
  batch_keep_ = cursor_;
  batch_events_ = events.data();
  std::size_t n = 0;
  while (n < events.size()) {
    if (in_interchange_ && ordinal_ != 0 && batch_ok_) {
      n = body_run(events.data(), n, events.size());
      if (n == events.size()) break;
    }
    batch_filled_ = n;
    if (!next_one(events[n])) break;
    ++n;
  }
  batch_keep_ = no_retention;
  batch_events_ = nullptr;
  batch_filled_ = 0;
  return n;
}

// Stage 2 of the batch reader: from cursor_, fill events[n..] with data segments of the open set,
// finding each segment's end with the block index. The hot state lives in locals and is written
// back once. It stops, having consumed nothing of it, at the first segment it does not handle —
// envelope segments, a line break inside a segment, the end of the window, a bad tag — which
// next_one() then reads.
std::size_t SegmentReader::Impl::body_run(SegmentEvent* events, std::size_t n, std::size_t capacity) {
  if (!set_.open) return n;
  const Delimiters d = info_.delimiters;
  const char* const data = data_;
  const std::uint64_t base = base_;
  const std::uint64_t end = base_ + size_;
  const char* const limit = data_ + size_;
  const std::uint32_t interchange = interchange_index_;
  const std::uint32_t group = group_.open ? group_index_ : 0;
  const std::uint32_t set = set_index_;
  std::uint64_t cursor = cursor_;
  std::uint64_t line = line_;
  std::uint32_t ordinal = ordinal_;
  std::uint32_t position = set_.count;
  while (n < capacity) {
    const std::uint64_t start = cursor;
    const std::uint64_t first_block = start >> 6;
    std::uint64_t k = first_block;
    const detail::BlockMasks* block = index_.get(k, data, base, size_);
    if (block == nullptr) break;
    // Separators of the segment's first two blocks: enough for any segment of up to 64 bytes.
    const std::uint64_t first_separators = block->element;
    std::uint64_t next_separators = 0;
    std::uint64_t bits = block->stop & (~std::uint64_t{0} << (start & 63U));
    while (bits == 0 && block != nullptr) {
      block = index_.get(++k, data, base, size_);
      if (block == nullptr) break;
      bits = block->stop;
      if (k == first_block + 1) next_separators = block->element;
    }
    if (block == nullptr) break;
    const std::uint64_t stop = (k << 6) + static_cast<std::uint64_t>(__builtin_ctzll(bits));
    if (stop >= end) break;
    const char* text = data + (start - base);
    const std::size_t length = static_cast<std::size_t>(stop - start);
    if (text[length] != d.segment || length < 4) break;
    // Layout after the terminator: usually one line break.
    const char* p = text + length + 1;
    std::uint32_t newlines = 0;
    while (p < limit && gap_byte_[static_cast<unsigned char>(*p)]) {
      newlines += *p == '\n' ? 1U : 0U;
      ++p;
    }
    if (p == limit && !eof_) break;
    SegmentEvent& event = events[n];
    event.segment = SegmentView(std::string_view(text, length), d);
    SegmentView& view = event.segment;
    const std::string_view tag = view.tag();
    if (!is_tag(tag)) break;
    const char t0 = tag[0];
    // Envelope segments, and a header of either standard starting the next interchange (what header_at
    // finds), are the one-segment path's.
    if ((t0 == 'U' || t0 == 'I' || t0 == 'G' || t0 == 'S' || t0 == 'T') &&
        (kind_of(tag) != Kind::other || tag == "ISA" || tag == "UNA" || tag == "UNB")) {
      break;
    }
    if (length <= 64) {
      const unsigned shift = static_cast<unsigned>(start & 63U);
      std::uint64_t separators = first_separators >> shift;
      if (shift != 0) separators |= next_separators << (64 - shift);
      if (length < 64) separators &= (std::uint64_t{1} << length) - 1;
      detail::ViewAccess::set_separator_bits(view, separators);
    }
    view.offset = start;
    view.line = line;
    view.ordinal = ++ordinal;
    view.unwrapped = false;
    const std::size_t gap = static_cast<std::size_t>(p - text) - length - 1;
    view.gap = gap != 0 ? std::string_view(text + length + 1, gap) : std::string_view();
    event.role = SegmentRole::set_body;
    event.interchange = interchange;
    event.group = group;
    event.set = set;
    event.set_position = ++position;
    cursor = start + static_cast<std::uint64_t>(p - text);
    line += newlines;
    ++n;
  }
  cursor_ = cursor;
  line_ = line;
  ordinal_ = ordinal;
  set_.count = position;
  return n;
}

bool SegmentReader::Impl::next_one(SegmentEvent& event) {
  for (;;) {
    if (!in_interchange_) {
      if (!begin_interchange()) return false;
    } else {
      if (cursor_ >= end_offset() && !more(cursor_)) {
        close_interchange();
        continue;
      }
      const char first = *at(cursor_);
      if ((first == 'I' || first == 'U') && ordinal_ != 0 && header_at(cursor_) != Header::none) {
        close_interchange();
        continue;
      }
    }
    Scanned s;
    if (!scan_fast(s) && !scan(s)) {
      if (cursor_ < end_offset() || more(cursor_)) {
        report(ErrorCode::segment_too_long, Severity::error, ordinal_ + 1, cursor_, line_, {},
               fmt::format("no segment terminator {} within {} bytes", printable(info_.delimiters.segment),
                           options_.max_segment_size));
        abandon_interchange();
        ++cursor_;
        quiet_resync_ = true;
        continue;
      }
      close_interchange();
      continue;
    }
    emit(event, s);
    return true;
  }
}

// The common case, kept short: the terminator is in the window, unescaped, and the layout after it
// (line breaks) ends in the window too. Anything else goes to scan().
bool SegmentReader::Impl::scan_fast(Scanned& out) {
  const Delimiters& d = info_.delimiters;
  if (d.segment == '\n' || d.segment == '\r') return false;
  const char* begin = at(cursor_);
  const char* end = data_ + size_;
  const char* hit = detail::find_stop(stops_, begin, end);
  if (hit == end || *hit != d.segment || (d.release != 0 && hit != begin && hit[-1] == d.release)) return false;
  const char* p = hit + 1;
  std::uint32_t newlines = 0;
  while (p < end && gap_byte_[static_cast<unsigned char>(*p)]) {
    newlines += *p == '\n' ? 1U : 0U;
    ++p;
  }
  if (p == end && !eof_) return false;
  out.start = cursor_;
  out.text = begin;
  out.length = static_cast<std::size_t>(hit - begin);
  out.unwrapped = false;
  out.terminated = true;
  out.newlines = newlines;
  out.gap_start = cursor_ + out.length + 1;
  out.gap_length = static_cast<std::size_t>(p - hit - 1);
  out.next = cursor_ + static_cast<std::uint64_t>(p - begin);
  return true;
}

void SegmentReader::Impl::emit(SegmentEvent& event, const Scanned& s) {
  event.role = SegmentRole::stray;
  event.group = 0;
  event.set = 0;
  event.set_position = 0;
  event.interchange = interchange_index_;
  event.segment = SegmentView(std::string_view(s.text, s.length), info_.delimiters);
  SegmentView& view = event.segment;
  view.offset = s.start;
  view.line = line_;
  view.ordinal = ++ordinal_;
  view.unwrapped = s.unwrapped;
  view.gap = s.gap_length != 0 ? std::string_view(at(s.gap_start), s.gap_length) : std::string_view();
  cursor_ = s.next;
  line_ += s.newlines;
  const std::string_view tag = view.tag();
  if (!is_tag(tag)) {
    report_at(ErrorCode::invalid_segment_tag, view,
              fmt::format("\"{}\" is not a segment tag (2-3 upper-case letters or digits)",
                          tag.substr(0, std::min<std::size_t>(tag.size(), 12))));
  }
  if (!s.terminated) {
    report_at(ErrorCode::premature_end, view, "the input ends inside this segment (no segment terminator)",
              Severity::warning);
  }
  // Envelope tags start with I, G, S, T (X12) or U (EDIFACT); everything else is data.
  const char t0 = tag.empty() ? '\0' : tag[0];
  const Kind kind = (t0 == 'U' || t0 == 'I' || t0 == 'G' || t0 == 'S' || t0 == 'T') ? kind_of(tag) : Kind::other;
  if (kind == Kind::other && set_.open) {
    event.role = SegmentRole::set_body;
    event.set = set_index_;
    event.group = group_.open ? group_index_ : 0;
    event.set_position = ++set_.count;
    return;
  }
  on_segment(event, kind);
  if (kind == Kind::unb) {
    // UNB may have changed the delimiters (syntax 4 repetition separator without UNA).
    SegmentView refreshed(view.raw(), info_.delimiters);
    refreshed.offset = view.offset;
    refreshed.line = view.line;
    refreshed.ordinal = view.ordinal;
    refreshed.gap = view.gap;
    refreshed.unwrapped = view.unwrapped;
    view = refreshed;
  }
}

// ---------------------------------------------------------------- public face

SegmentReader::SegmentReader(std::unique_ptr<ByteSource> source, ReaderOptions options)
    : impl_(std::make_unique<Impl>(std::move(source), options)) {}
SegmentReader::~SegmentReader() = default;
SegmentReader::SegmentReader(SegmentReader&&) noexcept = default;
SegmentReader& SegmentReader::operator=(SegmentReader&&) noexcept = default;
bool SegmentReader::next(SegmentEvent& event) { return impl_->next(event); }
std::size_t SegmentReader::next_batch(std::span<SegmentEvent> events) { return impl_->next_batch(events); }
const InterchangeInfo& SegmentReader::interchange() const noexcept { return impl_->info(); }
const std::vector<Error>& SegmentReader::diagnostics() const noexcept { return impl_->diagnostics(); }
std::size_t SegmentReader::suppressed_diagnostics() const noexcept { return impl_->suppressed(); }
bool SegmentReader::has_errors() const noexcept { return impl_->has_errors(); }
std::uint64_t SegmentReader::bytes_consumed() const noexcept { return impl_->consumed(); }
const std::string& SegmentReader::source_name() const noexcept { return impl_->name(); }
std::uint64_t SegmentReader::source_size() const noexcept { return impl_->size(); }

}  // namespace edigate::edi
