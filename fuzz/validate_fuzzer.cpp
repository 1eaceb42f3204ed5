// libFuzzer harness of validation and acknowledgments: reader → Validator (the shipped schemas) →
// generate() → the generated acknowledgment read back by the reader and read_acknowledgments().
// Besides the sanitizers, the harness aborts when
//   - an acknowledgment we generate does not parse cleanly (it must always be valid EDI),
//   - reading it back yields a different number of acknowledgments than we wrote.
#include <edigate/ack/ack_report.hpp>
#include <edigate/ack/generate.hpp>
#include <edigate/edi/reader.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/validator.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

edigate::schema::SchemaRegistry& registry() {
  static edigate::schema::SchemaRegistry shipped(edigate::schema::SchemaRegistry::default_directory());
  return shipped;
}

[[noreturn]] void broken(const char* what, const std::string& detail) {
  std::fprintf(stderr, "invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  edigate::edi::ReaderOptions options;
  options.chunk_size = 4096;
  options.max_segment_size = 4096;
  edigate::edi::SegmentReader reader(edigate::edi::from_memory(input, "fuzz"), options);
  edigate::validate::ValidationOptions limits;
  limits.max_findings_per_set = 20;
  edigate::validate::Validator validator(registry(), limits);
  std::uint64_t next = 1;
  const edigate::ack::ControlNumberAllocator allocate = [&next](edigate::ack::ControlLevel) { return next++; };
  const edigate::ack::AckClock clock{"20261125", "1200"};
  validator.run(reader, [&](edigate::validate::InterchangeReport& report) {
    edigate::ack::AckPolicy policy;
    auto acks = edigate::ack::generate(report, policy, allocate, clock);
    if (!acks) return;  // e.g. delimiters that cannot carry an acknowledgment: reported, not written
    for (const auto& ack : *acks) {
      const edigate::edi::ParsedDocument parsed = edigate::edi::parse(ack.text, "ack");
      if (parsed.has_errors()) broken("generated acknowledgment does not parse", ack.text);
      std::size_t read = 0;
      for (const auto& interchange : parsed.interchanges) {
        read += edigate::ack::read_acknowledgments(interchange).size();
      }
      if (read == 0) broken("generated acknowledgment reads back as nothing", ack.text);
    }
  });
  return 0;
}
