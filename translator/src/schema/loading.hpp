#pragma once
// Pieces of schema loading shared between the file readers and the registry.
#include <edigate/result.hpp>
#include <edigate/schema/dictionary.hpp>
#include <edigate/schema/guide.hpp>
#include <edigate/schema/transaction.hpp>

namespace edigate::schema {

void merge_service(Dictionary& into, const Dictionary& service);

// Narrows `transaction` by `guide`; errors name the guide's file and line.
Result<void> apply_guide(Transaction& transaction, const Guide& guide);

}  // namespace edigate::schema
