// next_batch() must yield exactly what next() yields, segment for segment, diagnostic for diagnostic,
// whatever the batch size and the chunk size (the batch path has its own fast scan).
#include "parsers/corpus.hpp"

#include <edigate/edi/reader.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::edi {
namespace {

std::unique_ptr<ByteSource> from_memory_copying(const std::string& bytes) {
  return std::make_unique<testing::ShortReads>(bytes, 97);
}

std::string describe(const SegmentEvent& e) {
  std::ostringstream s;
  s << e.interchange << '/' << e.group << '/' << e.set << '/' << e.set_position << ' '
    << static_cast<int>(e.role) << " #" << e.segment.ordinal << " @" << e.segment.offset << " L"
    << e.segment.line << " [" << e.segment.raw() << "] gap=" << e.segment.gap.size()
    << (e.segment.unwrapped ? " unwrapped" : "") << " elements=";
  e.segment.for_each_element([&s](std::string_view v) { s << v.size() << ','; });
  return s.str();
}

struct Trace {
  std::vector<std::string> events;
  std::vector<std::string> diagnostics;
};

Trace with_next(const std::string& bytes, std::size_t chunk) {
  ReaderOptions options;
  options.chunk_size = chunk;
  SegmentReader reader(from_memory_copying(bytes), options);
  Trace t;
  SegmentEvent e;
  while (reader.next(e)) t.events.push_back(describe(e));
  for (const auto& d : reader.diagnostics()) t.diagnostics.push_back(d.describe());
  return t;
}

Trace with_batches(const std::string& bytes, std::size_t chunk, std::size_t batch) {
  ReaderOptions options;
  options.chunk_size = chunk;
  SegmentReader reader(from_memory_copying(bytes), options);
  Trace t;
  std::vector<SegmentEvent> events(batch);
  while (std::size_t n = reader.next_batch(events)) {
    for (std::size_t i = 0; i < n; ++i) t.events.push_back(describe(events[i]));
  }
  for (const auto& d : reader.diagnostics()) t.diagnostics.push_back(d.describe());
  return t;
}

class BatchReader : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(BatchReader, SameEventsAsOneAtATime) {
  const std::string bytes = testing::slurp(GetParam());
  for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{300}}) {
    const Trace expected = with_next(bytes, chunk);
    for (std::size_t batch : {1, 7, 256}) {
      SCOPED_TRACE("chunk " + std::to_string(chunk) + " batch " + std::to_string(batch));
      const Trace got = with_batches(bytes, chunk, batch);
      ASSERT_EQ(got.events.size(), expected.events.size());
      for (std::size_t i = 0; i < got.events.size(); ++i) ASSERT_EQ(got.events[i], expected.events[i]) << i;
      EXPECT_EQ(got.diagnostics, expected.diagnostics);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BatchReader, ::testing::ValuesIn(testing::all_corpus_files()),
                         [](const auto& param_info) { return testing::case_name(param_info.param); });

}  // namespace
}  // namespace edigate::edi
