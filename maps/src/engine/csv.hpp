#pragma once
// RFC 4180 CSV: quoted fields may hold separators, quotes ("") and line breaks.
#include <edigate/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace edigate::maps::engine {

inline constexpr std::size_t max_csv_cells = 1u << 20;

Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text, char separator, const std::string& name);

}  // namespace edigate::maps::engine
