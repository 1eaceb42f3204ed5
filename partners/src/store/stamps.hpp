#pragma once
// Times and ids the ledger writes: shared by interchanges and messages.
#include <string>

namespace edigate::partners::detail {

// RFC 3339 UTC `minutes` after `at`; empty when `at` is not such a time.
std::string plus_minutes(const std::string& at, unsigned minutes);

// 128 random bits as hex: unique across nodes without coordination.
std::string new_correlation_id();

}  // namespace edigate::partners::detail
