#pragma once
// Finding one transaction set in a stored message: the file is streamed interchange by interchange
// (memory stays one interchange) until the interchange and set a SetLocator names.
#include <edigate/edi/interchange.hpp>
#include <edigate/pipeline/documents.hpp>
#include <edigate/result.hpp>

#include <functional>

namespace edigate::pipeline {

// The set's place while the reader holds it: the views die when `use` returns.
struct StoredSet {
  const edi::Interchange& interchange;
  const edi::FunctionalGroup& group;
  const edi::TransactionSet& set;
};

// Calls `use` with the set `locator` names and returns what it returns. Not there: not_found naming
// the file, the interchange and the set (and the first problem of a damaged file). A file over
// locator.max_size, missing or unreadable: io_error; a locator without a known standard: usage.
Result<void> with_stored_set(const SetLocator& locator,
                             const std::function<Result<void>(const StoredSet&)>& use);

}  // namespace edigate::pipeline
