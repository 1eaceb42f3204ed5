#pragma once
// Reading SOCI rows the same way on both databases.
#include <soci/soci.h>

#include <cstddef>

namespace edigate::partners::detail {

// An integer column: SQLite reports INTEGER as long long, PostgreSQL INTEGER as int.
inline long long integer_at(const soci::row& row, std::size_t i) {
  return row.get_properties(i).get_data_type() == soci::dt_long_long ? row.get<long long>(i)
                                                                      : static_cast<long long>(row.get<int>(i));
}

}  // namespace edigate::partners::detail
