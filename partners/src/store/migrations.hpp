#pragma once
// The store's schema, as forward-only migrations. SQL is written once; {id} and {bigint} become each
// dialect's spelling. Timestamps are RFC 3339 UTC text (sortable, readable in both databases).
#include <edigate/partners/store.hpp>

#include <string>
#include <vector>

namespace edigate::partners::detail {

struct Migration {
  int version;
  const char* name;
  std::vector<const char*> statements;
};

const std::vector<Migration>& migrations();

// The statement for `dialect`: {id} is an auto-numbered primary key.
std::string for_dialect(const char* sql, Dialect dialect);

}  // namespace edigate::partners::detail
