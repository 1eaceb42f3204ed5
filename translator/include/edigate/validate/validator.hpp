#pragma once
// Streaming validation on top of the SegmentReader: envelopes, segment order and loops, elements,
// guides. Memory is one interchange's reports (findings are capped per set), never the input.
#include <edigate/edi/reader.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/report.hpp>

#include <functional>
#include <memory>

namespace edigate::validate {

struct ValidationOptions {
  std::size_t max_findings_per_set = 100;  // further findings are counted, not kept
  std::size_t max_findings_per_interchange = 1000;
  // Findings of a guide's rules (the 999 I-codes) mark a set "accepted with errors" unless this is set.
  bool reject_implementation_errors = false;
};

class Validator {
 public:
  explicit Validator(schema::SchemaRegistry& registry, ValidationOptions options = {});
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  // Reads `reader` to the end. `done` receives each interchange as soon as its trailer (or the end
  // of input) has been read.
  void run(edi::SegmentReader& reader, const std::function<void(InterchangeReport&)>& done);

  // Problems that belong to no interchange (unreadable file, no interchange at all).
  const std::vector<Error>& file_errors() const noexcept;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace edigate::validate
