#pragma once
// Times and ids the ledger writes: shared by interchanges and messages.
#include <string>

namespace edigate::partners::detail {

// 128 random bits as hex: unique across nodes without coordination.
std::string new_correlation_id();

}  // namespace edigate::partners::detail
