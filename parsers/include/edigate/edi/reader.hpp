#pragma once
// Streaming readers. SegmentReader is the pull parser (one segment at a time, bounded memory, every
// envelope check); InterchangeReader builds one whole Interchange at a time on top of it.
#include <edigate/edi/interchange.hpp>
#include <edigate/edi/source.hpp>
#include <edigate/error.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::edi {

struct ReaderOptions {
  std::size_t chunk_size = 1 << 20;          // bytes read from the source at a time
  std::size_t max_segment_size = 1 << 20;    // a longer "segment" is an error (hostile input)
  std::size_t max_diagnostics = 1000;        // further diagnostics are counted, not kept
};

enum class SegmentRole : std::uint8_t {
  interchange_header,  // ISA, UNB
  interchange_trailer, // IEA, UNZ
  group_header,        // GS, UNG
  group_trailer,       // GE, UNE
  set_header,          // ST, UNH
  set_trailer,         // SE, UNT
  set_body,            // a data segment inside a set
  service,             // TA1 between envelopes
  stray,               // a segment where none may stand (reported)
};

struct SegmentEvent {
  SegmentView segment;
  SegmentRole role = SegmentRole::stray;
  std::uint32_t interchange = 0;   // 1-based index in the input
  std::uint32_t group = 0;         // 1-based within the interchange; 0 outside a group
  std::uint32_t set = 0;           // 1-based within the interchange; 0 outside a set
  std::uint32_t set_position = 0;  // 1-based position inside the set (ST/UNH = 1); 0 outside
};

class SegmentReader {
 public:
  explicit SegmentReader(std::unique_ptr<ByteSource> source, ReaderOptions options = {});
  ~SegmentReader();
  SegmentReader(SegmentReader&&) noexcept;
  SegmentReader& operator=(SegmentReader&&) noexcept;

  // The next segment, or false at the end of input. The event's views stay valid until the next call.
  bool next(SegmentEvent& event);
  // Up to events.size() segments at once: the fast way to stream. Returns how many were filled,
  // 0 at the end of input. Their views stay valid until the next call to next() or next_batch().
  std::size_t next_batch(std::span<SegmentEvent> events);
  // Facts of the interchange the last segment belongs to.
  const InterchangeInfo& interchange() const noexcept;

  // Problems found so far (errors and warnings), in input order.
  const std::vector<Error>& diagnostics() const noexcept;
  std::size_t suppressed_diagnostics() const noexcept;
  bool has_errors() const noexcept;
  std::uint64_t bytes_consumed() const noexcept;
  const std::string& source_name() const noexcept;
  std::uint64_t source_size() const noexcept;

  class Impl;

 private:
  friend class InterchangeReader;
  std::unique_ptr<Impl> impl_;
};

class InterchangeReader {
 public:
  explicit InterchangeReader(std::unique_ptr<ByteSource> source, ReaderOptions options = {});
  ~InterchangeReader();
  InterchangeReader(InterchangeReader&&) noexcept;
  InterchangeReader& operator=(InterchangeReader&&) noexcept;

  // The next interchange, or false at the end. Its views stay valid until the next call; memory
  // held is the size of one interchange plus one chunk.
  bool next(Interchange& interchange);
  const std::vector<Error>& diagnostics() const noexcept;
  std::size_t suppressed_diagnostics() const noexcept;
  bool has_errors() const noexcept;
  std::uint64_t bytes_consumed() const noexcept;
  const std::string& source_name() const noexcept;
  std::uint64_t source_size() const noexcept;
  // Storage of segments the input hard-wrapped (their unwrapped copies).
  std::shared_ptr<const void> reader_arena() const;

 private:
  void watch_moves();
  SegmentReader reader_;
  SegmentEvent pending_;
  bool has_pending_ = false;
  std::vector<SegmentEvent> events_;
};

// Convenience for small inputs held in memory: every interchange plus every diagnostic.
struct ParsedDocument {
  std::vector<Interchange> interchanges;  // views into the caller's bytes
  std::vector<Error> diagnostics;
  std::shared_ptr<const void> storage;  // keeps unwrapped segment copies alive
  bool has_errors() const noexcept;
};
ParsedDocument parse(std::string_view bytes, std::string name = "<memory>", ReaderOptions options = {});

}  // namespace edigate::edi
