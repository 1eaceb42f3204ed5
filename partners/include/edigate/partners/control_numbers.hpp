#pragma once
// Interchange, group and set control numbers, handed out atomically per partner, direction and kind
// from the store: several processes (or gateway nodes on one PostgreSQL) never get the same number.
#include <edigate/partners/store.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::partners {

enum class Direction : std::uint8_t { inbound, outbound };
std::string_view to_string(Direction direction) noexcept;

// isa: ISA13, gs: GS06, st: ST02, unb: UNB 0020, unh: UNH 0062.
enum class ControlKind : std::uint8_t { isa, gs, st, unb, unh };
std::string_view to_string(ControlKind kind) noexcept;
// The largest number the field can carry; the next after it is 1 again.
std::uint64_t max_control_number(ControlKind kind) noexcept;

// The next number for (partner, direction, kind): 1 first, then one more each call, 1 again after
// max_control_number. One UPDATE ... RETURNING, so concurrent callers serialise on the row. The
// number is also logged as outstanding until an interchange recorded in the ledger uses it.
Result<std::uint64_t> next_control_number(Store& store, std::int64_t partner_id, Direction direction, ControlKind kind);

// Sets the last number handed out (so the next is value + 1), e.g. to continue a partner's sequence
// from another system.
Result<void> set_control_number(Store& store, std::int64_t partner_id, Direction direction, ControlKind kind,
                                std::uint64_t last_value);

struct ControlNumberState {
  std::string direction, kind;
  std::uint64_t last_value = 0;
  std::uint64_t max_value = 0;
};
// The last number handed out for each direction and kind the partner has used.
Result<std::vector<ControlNumberState>> control_number_states(Store& store, std::int64_t partner_id);

// A number handed out that no recorded interchange has used (yet): a gap in what the partner will see
// when it stays that way.
struct OutstandingNumber {
  std::string direction, kind;
  std::uint64_t value = 0;
  std::string allocated_at;
};
// Oldest first; only those allocated before `allocated_before` (RFC 3339) when it is given, so that
// numbers of sends still in progress are not reported.
Result<std::vector<OutstandingNumber>> outstanding_control_numbers(Store& store, std::int64_t partner_id,
                                                                   std::string_view allocated_before = {});

}  // namespace edigate::partners
