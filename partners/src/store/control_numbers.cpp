#include <edigate/partners/control_numbers.hpp>

#include "store/rows.hpp"

#include <soci/soci.h>

namespace edigate::partners {

std::string_view to_string(Direction direction) noexcept {
  return direction == Direction::inbound ? "inbound" : "outbound";
}

std::string_view to_string(ControlKind kind) noexcept {
  switch (kind) {
    case ControlKind::isa: return "isa";
    case ControlKind::gs: return "gs";
    case ControlKind::st: return "st";
    case ControlKind::unb: return "unb";
    case ControlKind::unh: return "unh";
  }
  return "?";
}

std::uint64_t max_control_number(ControlKind kind) noexcept {
  switch (kind) {
    case ControlKind::isa: return 999999999;  // ISA13: 9 digits
    case ControlKind::gs: return 999999999;   // GS06: up to 9 digits
    case ControlKind::st: return 999999999;   // ST02: 4 to 9 characters (written zero-padded to 4)
    case ControlKind::unb: return 99999999999999;  // UNB 0020: an..14
    case ControlKind::unh: return 99999999999999;  // UNH 0062: an..14
  }
  return 999999999;
}

Result<std::uint64_t> next_control_number(Store& store, std::int64_t partner_id, Direction direction, ControlKind kind) {
  return guarded("allocating a control number", [&]() -> Result<std::uint64_t> {
    soci::session& s = store.session();
    const std::string dir(to_string(direction));
    const std::string k(to_string(kind));
    const auto max = static_cast<long long>(max_control_number(kind));
    const long long partner = partner_id;
    // The number and its log entry commit together: a crash never leaves a number handed out
    // without a trace.
    Store::Transaction tx(store);
    s << "INSERT INTO control_numbers (partner_id, direction, kind, last_value, max_value) "
         "VALUES (:p, :d, :k, 0, :m) ON CONFLICT (partner_id, direction, kind) DO NOTHING",
        soci::use(partner), soci::use(dir), soci::use(k), soci::use(max);
    long long value = 0;
    s << "UPDATE control_numbers SET last_value = CASE WHEN last_value >= max_value THEN 1 ELSE last_value + 1 END "
         "WHERE partner_id = :p AND direction = :d AND kind = :k RETURNING last_value",
        soci::use(partner), soci::use(dir), soci::use(k), soci::into(value);
    if (!s.got_data()) {
      Error err;
      err.code = ErrorCode::not_found;
      err.message = "no partner with id " + std::to_string(partner_id);
      return err;
    }
    const std::string at = utc_now();
    s << "INSERT INTO control_number_allocations (partner_id, direction, kind, value, allocated_at) VALUES (:p, :d, :k, :v, :a)",
        soci::use(partner), soci::use(dir), soci::use(k), soci::use(value), soci::use(at);
    tx.commit();
    return static_cast<std::uint64_t>(value);
  });
}

Result<void> set_control_number(Store& store, std::int64_t partner_id, Direction direction, ControlKind kind,
                                std::uint64_t last_value) {
  return guarded("setting a control number", [&]() -> Result<void> {
    soci::session& s = store.session();
    const std::string dir(to_string(direction));
    const std::string k(to_string(kind));
    const auto max = static_cast<long long>(max_control_number(kind));
    const auto value = static_cast<long long>(last_value > max_control_number(kind) ? 0 : last_value);
    const long long partner = partner_id;
    s << "INSERT INTO control_numbers (partner_id, direction, kind, last_value, max_value) VALUES (:p, :d, :k, :v, :m) "
         "ON CONFLICT (partner_id, direction, kind) DO UPDATE SET last_value = excluded.last_value",
        soci::use(partner), soci::use(dir), soci::use(k), soci::use(value), soci::use(max);
    return {};
  });
}

Result<std::vector<ControlNumberState>> control_number_states(Store& store, std::int64_t partner_id) {
  return guarded("reading control numbers", [&]() -> Result<std::vector<ControlNumberState>> {
    const long long partner = partner_id;
    soci::rowset<soci::row> rows = (store.session().prepare << "SELECT direction, kind, last_value, max_value FROM control_numbers "
                                                               "WHERE partner_id = :p ORDER BY direction, kind",
                                    soci::use(partner));
    std::vector<ControlNumberState> out;
    for (const soci::row& r : rows) {
      out.push_back({r.get<std::string>(0), r.get<std::string>(1), static_cast<std::uint64_t>(detail::integer_at(r, 2)),
                     static_cast<std::uint64_t>(detail::integer_at(r, 3))});
    }
    return out;
  });
}

Result<std::vector<OutstandingNumber>> outstanding_control_numbers(Store& store, std::int64_t partner_id,
                                                                   std::string_view allocated_before) {
  return guarded("reading outstanding control numbers", [&]() -> Result<std::vector<OutstandingNumber>> {
    const long long partner = partner_id;
    const std::string before = allocated_before.empty() ? std::string("9999") : std::string(allocated_before);
    soci::rowset<soci::row> rows =
        (store.session().prepare << "SELECT direction, kind, value, allocated_at FROM control_number_allocations "
                                    "WHERE partner_id = :p AND allocated_at < :b ORDER BY id",
         soci::use(partner), soci::use(before));
    std::vector<OutstandingNumber> out;
    for (const soci::row& r : rows) {
      out.push_back({r.get<std::string>(0), r.get<std::string>(1), static_cast<std::uint64_t>(detail::integer_at(r, 2)),
                     r.get<std::string>(3)});
    }
    return out;
  });
}

}  // namespace edigate::partners
