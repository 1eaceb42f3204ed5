// libFuzzer harness of the streaming readers, built twice (fuzz_x12_reader, fuzz_edifact_reader): the
// code is the same, the seed corpus and dictionary differ (see fuzz/CMakeLists.txt and fuzz/run.sh).
//
// Every input goes, untransformed, through:
//   A  SegmentReader over memory (the reader's zero-copy path)                  -> reference trace
//   B  SegmentReader over a source handing out 1..64-byte reads, chunk 64       == A
//   C  SegmentReader over a source handing out 1..4096-byte reads, chunk 4096   == A
//   D  InterchangeReader, 1..64-byte reads, chunk 64: segments in order         == A
//   E  InterchangeReader, 1..4096-byte reads, chunk 4096                        == A
//   F  parse() (InterchangeReader over memory)                                  == A
//   G  SegmentReader with max_segment_size 300 and short reads (segment_too_long and resync paths)
//   H  SegmentReader::next_batch(7 events), 1..64-byte reads, chunk 64            == A
//   I  SegmentReader::next_batch(256 events) over memory                          == A
// Small chunks and short reads make the reader refill, compact and grow its buffer at every possible
// offset, and make InterchangeReader and next_batch move their views. In A, D, F and H every element, repetition
// and component is visited and unescaped; every run copies every segment's bytes for the comparison. Besides the sanitizers, the harness aborts when
//   - the segments or diagnostics of B..F differ from A (results must not depend on chunking),
//   - SegmentView::element(i) differs from the i-th piece of for_each_element / Splitter,
//   - unescape(escape(v)) != v.
#include <edigate/edi/interchange.hpp>
#include <edigate/edi/reader.hpp>
#include "printable.hpp"
#include <edigate/edi/segment.hpp>
#include <edigate/edi/source.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace edi = edigate::edi;
using edigate::fuzz::shown;

// A source that never exposes its bytes at once and hands them out in short, varying reads.
class ChunkedSource final : public edi::ByteSource {
 public:
  ChunkedSource(std::string_view bytes, std::size_t max_read)
      : bytes_(bytes), max_read_(max_read), state_(static_cast<std::uint32_t>(bytes.size()) * 2654435761U + 1U) {}

  edigate::Result<std::size_t> read(char* destination, std::size_t capacity) override {
    state_ = state_ * 1103515245U + 12345U;
    const std::size_t step = 1 + (state_ >> 8) % max_read_;
    const std::size_t n = std::min({capacity, step, bytes_.size() - position_});
    if (n != 0) std::memcpy(destination, bytes_.data() + position_, n);
    position_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }
  std::uint64_t size_hint() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t max_read_;
  std::size_t position_ = 0;
  std::uint32_t state_;
  std::string name_ = "<fuzz>";
};

[[noreturn]] void fail(const char* what, std::size_t index, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "\n*** edigate fuzz invariant broken: %s at #%zu\n  expected: %s\n  actual:   %s\n", what, index,
               a.c_str(), b.c_str());
  std::abort();
}

void check(bool ok, const char* what) {
  if (!ok) fail(what, 0, "true", "false");
}

// What a reader said about one segment, copied so it outlives the reader's buffer.
struct Record {
  std::string raw;
  std::string gap;
  std::uint64_t offset = 0;
  std::uint64_t line = 0;
  std::uint32_t ordinal = 0;
  bool unwrapped = false;
  // Only SegmentReader reports these; InterchangeReader records leave them unset.
  int role = -1;
  std::uint32_t interchange = 0;
  std::uint32_t group = 0;
  std::uint32_t set = 0;
  std::uint32_t set_position = 0;

  std::string describe() const {
    return "raw=\"" + shown(raw) + "\" gap=\"" + shown(gap) + "\" offset=" + std::to_string(offset) +
           " line=" + std::to_string(line) + " ordinal=" + std::to_string(ordinal) +
           " unwrapped=" + std::to_string(unwrapped) + " role=" + std::to_string(role) +
           " ic=" + std::to_string(interchange) + " group=" + std::to_string(group) + " set=" + std::to_string(set) +
           " pos=" + std::to_string(set_position);
  }
};

Record record_of(const edi::SegmentView& s) {
  Record r;
  r.raw = std::string(s.raw());
  r.gap = std::string(s.gap);
  r.offset = s.offset;
  r.line = s.line;
  r.ordinal = s.ordinal;
  r.unwrapped = s.unwrapped;
  return r;
}

Record record_of(const edi::SegmentEvent& e) {
  Record r = record_of(e.segment);
  r.role = static_cast<int>(e.role);
  r.interchange = e.interchange;
  r.group = e.group;
  r.set = e.set;
  r.set_position = e.set_position;
  return r;
}

std::string describe(const edigate::Error& e) {
  return std::string(edigate::to_string(e.code)) + "/" + std::string(edigate::to_string(e.severity)) + " " +
         e.describe();
}

struct Trace {
  std::vector<Record> records;
  std::vector<std::string> diagnostics;
  std::size_t suppressed = 0;
  bool has_errors = false;
  std::uint64_t consumed = 0;
};

volatile std::size_t g_sink = 0;

// Pieces of `text` split at `sep` (release honoured) through the public Splitter.
std::vector<std::string_view> pieces(std::string_view text, char sep, char release) {
  std::vector<std::string_view> out;
  if (sep == 0) {
    out.push_back(text);
    return out;
  }
  edi::Splitter split(text, sep, release);
  std::string_view piece;
  while (split.next(piece)) out.push_back(piece);
  return out;
}

void touch_value(std::string_view raw, const edi::Delimiters& d) {
  const std::string value = edi::unescape(raw, d.release);
  const std::string escaped = edi::escape(value, d);
  const std::string again = edi::unescape(escaped, d.release);
  if (again != value) fail("unescape(escape(v)) == v", 0, shown(value), shown(again));
  g_sink = g_sink + value.size() + escaped.size();
}

// Visits every element, repetition and component, and checks the indexed accessors against the
// splitters on the first few positions (indexed access is linear, so all positions would be quadratic).
void touch_segment(const edi::SegmentView& seg) {
  const edi::Delimiters& d = seg.delimiters();
  std::size_t n = 0;
  std::vector<std::string_view> elements;
  seg.for_each_element([&](std::string_view element) {
    ++n;
    if (elements.size() < 8) elements.push_back(element);
    for (std::string_view rep : pieces(element, d.repetition, d.release)) {
      const edi::ElementView rv(rep, d);
      g_sink = g_sink + rv.raw().size();
      for (std::string_view component : pieces(rep, d.component, d.release)) touch_value(component, d);
    }
  });
  const std::size_t count = seg.element_count();
  if (count != n) fail("element_count() == for_each_element pieces", n, std::to_string(n), std::to_string(count));
  const std::string_view tag = seg.tag();
  check(tag.size() <= seg.raw().size() && tag.data() == seg.raw().data(), "tag() is a prefix of raw()");
  // The tag ends at the first element separator (or with the segment).
  if (tag.find(d.element) != std::string_view::npos ||
      (tag.size() < seg.raw().size() && seg.raw()[tag.size()] != d.element)) {
    fail("tag() ends at the first element separator", 0, shown(seg.raw()), shown(tag));
  }
  for (std::size_t i = 1; i <= std::min<std::size_t>(n, 8); ++i) {
    const edi::ElementView e = seg.element(i);
    if (e.raw() != elements[i - 1]) fail("element(i) == for_each_element piece i", i, shown(elements[i - 1]), shown(e.raw()));
    if (seg[i] != e.raw()) fail("seg[i] == element(i)", i, shown(e.raw()), shown(seg[i]));
    const std::size_t reps = e.repetition_count();
    const auto rep_pieces = pieces(e.raw(), d.repetition, d.release);
    if (reps != rep_pieces.size()) fail("repetition_count()", i, std::to_string(rep_pieces.size()), std::to_string(reps));
    for (std::size_t r = 1; r <= std::min<std::size_t>(reps, 4) + 1; ++r) {
      const edi::ElementView rep = e.repetition(r);
      const std::string_view want = r <= reps ? rep_pieces[r - 1] : std::string_view();
      if (rep.raw() != want) fail("repetition(r)", r, shown(want), shown(rep.raw()));
    }
    const std::size_t comps = e.component_count();
    const auto comp_pieces = pieces(e.raw(), d.component, d.release);
    if (comps != comp_pieces.size()) fail("component_count()", i, std::to_string(comp_pieces.size()), std::to_string(comps));
    for (std::size_t c = 1; c <= std::min<std::size_t>(comps, 4) + 1; ++c) {
      const std::string_view want = c <= comps ? comp_pieces[c - 1] : std::string_view();
      if (e.component(c) != want) fail("component(c)", c, shown(want), shown(e.component(c)));
      if (seg(i, c) != want) fail("seg(i, c)", c, shown(want), shown(seg(i, c)));
      g_sink = g_sink + seg.value(i, c).size();
    }
    g_sink = g_sink + e.value().size() + seg.value(i).size();
  }
  check(seg.element(n + 1).raw().empty(), "element past the end is empty");
  check(seg.element(0).raw().empty(), "element(0) is empty (positions are 1-based)");
}

void touch_info(const edi::InterchangeInfo& info) {
  g_sink = g_sink + info.service_string.size() + info.version.size() + info.syntax_identifier.size() +
           info.character_set.size() + info.sender_qualifier.size() + info.sender_id.size() +
           info.receiver_qualifier.size() + info.receiver_id.size() + info.date.size() + info.time.size() +
           info.control_number.size() + static_cast<std::size_t>(info.test) + edi::to_string(info.standard).size();
}

template <class Reader>
void finish(Trace& t, const Reader& reader) {
  for (const auto& e : reader.diagnostics()) t.diagnostics.push_back(describe(e));
  t.suppressed = reader.suppressed_diagnostics();
  t.has_errors = reader.has_errors();
  t.consumed = reader.bytes_consumed();
  g_sink = g_sink + reader.source_name().size() + reader.source_size();
}

// deep: visit every element, repetition and component (copying the raw text into the record reads
// every byte of the view anyway, so the other runs only count elements).
Trace run_segments(std::unique_ptr<edi::ByteSource> source, edi::ReaderOptions options, bool deep) {
  Trace t;
  edi::SegmentReader reader(std::move(source), options);
  edi::SegmentEvent event;
  while (reader.next(event)) {
    t.records.push_back(record_of(event));
    if (deep) {
      touch_segment(event.segment);
    } else {
      std::size_t n = 0;
      event.segment.for_each_element([&n](std::string_view) { ++n; });
      if (n != event.segment.element_count()) fail("element_count() == for_each_element pieces", n, "", "");
    }
    touch_info(reader.interchange());
  }
  finish(t, reader);
  return t;
}

// next_batch(): the block-index fast path. Every event of a batch is checked before the next call.
Trace run_batches(std::unique_ptr<edi::ByteSource> source, edi::ReaderOptions options, std::size_t batch, bool deep) {
  Trace t;
  edi::SegmentReader reader(std::move(source), options);
  std::vector<edi::SegmentEvent> events(batch);
  for (;;) {
    const std::size_t n = reader.next_batch(std::span<edi::SegmentEvent>(events));
    if (n == 0) break;
    if (n > batch) fail("next_batch() fills at most events.size()", n, std::to_string(batch), std::to_string(n));
    for (std::size_t i = 0; i < n; ++i) {
      t.records.push_back(record_of(events[i]));
      if (deep) {
        touch_segment(events[i].segment);
      } else {
        std::size_t count = 0;
        events[i].segment.for_each_element([&count](std::string_view) { ++count; });
        if (count != events[i].segment.element_count()) fail("element_count() == for_each_element pieces", i, "", "");
      }
    }
    touch_info(reader.interchange());
  }
  finish(t, reader);
  return t;
}

void touch_interchange(const edi::Interchange& ic, std::vector<Record>& out, bool deep) {
  touch_info(ic.info);
  check(ic.offset <= ic.end_offset || ic.segments.empty(), "interchange offset <= end_offset");
  for (const auto& s : ic.segments) {
    out.push_back(record_of(s));
    if (deep) touch_segment(s);
  }
  g_sink = g_sink + ic.header.raw().size() + ic.service_segments.size() + ic.set_count();
  if (ic.trailer) g_sink = g_sink + ic.trailer->raw().size();
  for (const auto& g : ic.groups) {
    g_sink = g_sink + g.control_number().size() + g.functional_id().size() + g.version().size();
    if (g.trailer) touch_segment(*g.trailer);
    for (const auto& set : g.sets) {
      g_sink = g_sink + set.type().size() + set.control_number().size() + set.version().size() + set.segments.size();
      touch_segment(set.header);
      if (set.trailer) touch_segment(*set.trailer);
      // The set's views must be the interchange's views (same bytes), not stale copies.
      for (const auto& s : set.segments) g_sink = g_sink + s.raw().size();
    }
  }
}

Trace run_interchanges(std::unique_ptr<edi::ByteSource> source, edi::ReaderOptions options, bool deep) {
  Trace t;
  edi::InterchangeReader reader(std::move(source), options);
  edi::Interchange ic;
  while (reader.next(ic)) touch_interchange(ic, t.records, deep);
  finish(t, reader);
  return t;
}

void compare(const char* name, const Trace& want, const Trace& got, bool with_events) {
  const std::size_t n = std::min(want.records.size(), got.records.size());
  for (std::size_t i = 0; i < n; ++i) {
    Record a = want.records[i];
    Record b = got.records[i];
    if (!with_events) {
      a.role = b.role;
      a.interchange = b.interchange;
      a.group = b.group;
      a.set = b.set;
      a.set_position = b.set_position;
    }
    if (a.raw != b.raw || a.gap != b.gap || a.offset != b.offset || a.line != b.line || a.ordinal != b.ordinal ||
        a.unwrapped != b.unwrapped || a.role != b.role || a.interchange != b.interchange || a.group != b.group ||
        a.set != b.set || a.set_position != b.set_position) {
      std::fprintf(stderr, "\n*** %s: segment #%zu differs from the in-memory SegmentReader\n", name, i);
      fail("same segment", i, a.describe(), b.describe());
    }
  }
  if (want.records.size() != got.records.size()) {
    std::fprintf(stderr, "\n*** %s: segment count differs from the in-memory SegmentReader\n", name);
    fail("same number of segments", n, std::to_string(want.records.size()), std::to_string(got.records.size()));
  }
  const std::size_t m = std::min(want.diagnostics.size(), got.diagnostics.size());
  for (std::size_t i = 0; i < m; ++i) {
    if (want.diagnostics[i] != got.diagnostics[i]) {
      std::fprintf(stderr, "\n*** %s: diagnostic #%zu differs from the in-memory SegmentReader\n", name, i);
      fail("same diagnostic", i, want.diagnostics[i], got.diagnostics[i]);
    }
  }
  if (want.diagnostics.size() != got.diagnostics.size() || want.suppressed != got.suppressed ||
      want.has_errors != got.has_errors) {
    std::fprintf(stderr, "\n*** %s: diagnostics differ from the in-memory SegmentReader\n", name);
    const auto& extra = want.diagnostics.size() > got.diagnostics.size() ? want.diagnostics : got.diagnostics;
    fail("same diagnostics", m, std::to_string(want.diagnostics.size()) + " (+" + std::to_string(want.suppressed) + ")",
         std::to_string(got.diagnostics.size()) + " (+" + std::to_string(got.suppressed) + "); first extra: " +
             (m < extra.size() ? extra[m] : std::string("-")));
  }
  if (want.consumed != got.consumed) fail("same bytes_consumed", 0, std::to_string(want.consumed), std::to_string(got.consumed));
}

edi::ReaderOptions with_chunk(std::size_t chunk) {
  edi::ReaderOptions o;
  o.chunk_size = chunk;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Copy into an exactly-sized heap block so ASan sees any read past the input.
  std::unique_ptr<char[]> copy(new char[size == 0 ? 1 : size]);
  if (size != 0) std::memcpy(copy.get(), data, size);
  const std::string_view bytes(copy.get(), size);

  const Trace a = run_segments(edi::from_memory(bytes, "<fuzz>"), {}, true);
  compare("B SegmentReader chunk 64", a,
          run_segments(std::make_unique<ChunkedSource>(bytes, 64), with_chunk(64), false), true);
  compare("C SegmentReader chunk 4096", a,
          run_segments(std::make_unique<ChunkedSource>(bytes, 4096), with_chunk(4096), false), true);
  compare("H next_batch(7) chunk 64", a,
          run_batches(std::make_unique<ChunkedSource>(bytes, 64), with_chunk(64), 7, true), true);
  compare("I next_batch(256) memory", a, run_batches(edi::from_memory(bytes, "<fuzz>"), {}, 256, false), true);
  compare("D InterchangeReader chunk 64", a,
          run_interchanges(std::make_unique<ChunkedSource>(bytes, 64), with_chunk(64), true), false);
  compare("E InterchangeReader chunk 4096", a,
          run_interchanges(std::make_unique<ChunkedSource>(bytes, 4096), with_chunk(4096), false), false);

  {
    edi::ParsedDocument doc = edi::parse(bytes, "<fuzz>");
    Trace f;
    for (const auto& ic : doc.interchanges) touch_interchange(ic, f.records, true);
    for (const auto& e : doc.diagnostics) f.diagnostics.push_back(describe(e));
    f.suppressed = a.suppressed;
    f.has_errors = a.has_errors;
    f.consumed = a.consumed;
    compare("F parse()", a, f, false);
    check(doc.has_errors() == std::any_of(doc.diagnostics.begin(), doc.diagnostics.end(),
                                          [](const edigate::Error& e) { return e.severity == edigate::Severity::error; }),
          "ParsedDocument::has_errors()");
  }
  {
    edi::ReaderOptions small = with_chunk(64);
    small.max_segment_size = 300;
    small.max_diagnostics = 16;
    (void)run_segments(std::make_unique<ChunkedSource>(bytes, 64), small, false);
    (void)run_interchanges(std::make_unique<ChunkedSource>(bytes, 64), small, false);
  }
  return 0;
}
