#pragma once
// Interchange, group and set control numbers, handed out atomically per partner, direction and kind
// from the store: several processes (or gateway nodes on one PostgreSQL) never get the same number.
#include <edigate/partners/store.hpp>

#include <cstdint>
#include <string_view>

namespace edigate::partners {

enum class Direction : std::uint8_t { inbound, outbound };
std::string_view to_string(Direction direction) noexcept;

// isa: ISA13, gs: GS06, st: ST02, unb: UNB 0020, unh: UNH 0062.
enum class ControlKind : std::uint8_t { isa, gs, st, unb, unh };
std::string_view to_string(ControlKind kind) noexcept;
// The largest number the field can carry; the next after it is 1 again.
std::uint64_t max_control_number(ControlKind kind) noexcept;

// The next number for (partner, direction, kind): 1 first, then one more each call, 1 again after
// max_control_number. One UPDATE ... RETURNING, so concurrent callers serialise on the row.
Result<std::uint64_t> next_control_number(Store& store, std::int64_t partner_id, Direction direction, ControlKind kind);

// Sets the last number handed out (so the next is value + 1), e.g. to continue a partner's sequence
// from another system.
Result<void> set_control_number(Store& store, std::int64_t partner_id, Direction direction, ControlKind kind,
                                std::uint64_t last_value);

}  // namespace edigate::partners
