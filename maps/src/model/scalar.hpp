#pragma once
// Canonical scalar forms: what a valid date, time, decimal... looks like, shared by the model checks
// and the map conversions.
#include <edigate/maps/model.hpp>

#include <string_view>

namespace edigate::maps {

bool valid_date(std::string_view iso) noexcept;      // YYYY-MM-DD, a real calendar day
bool valid_time(std::string_view iso) noexcept;      // HH:MM or HH:MM:SS
bool valid_datetime(std::string_view iso) noexcept;  // YYYY-MM-DDTHH:MM[:SS]
bool valid_integer(std::string_view text) noexcept;  // -?digits
// " (expected YYYY-MM-DD)" and the like, for error messages.
std::string_view scalar_hint(FieldType type) noexcept;

}  // namespace edigate::maps
