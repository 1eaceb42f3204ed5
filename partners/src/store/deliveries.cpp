#include <edigate/partners/deliveries.hpp>

#include "store/rows.hpp"

#include <soci/soci.h>

namespace edigate::partners {

namespace {

// The message's row id, or an error naming the correlation id.
Result<long long> message_row(soci::session& s, const std::string& correlation) {
  long long id = 0;
  s << "SELECT id FROM messages WHERE correlation_id = :c", soci::use(correlation), soci::into(id);
  if (!s.got_data()) {
    Error err;
    err.code = ErrorCode::not_found;
    err.message = "no message " + correlation;
    return err;
  }
  return id;
}

}  // namespace

Result<std::optional<DeliveryState>> find_delivery(Store& store, const DeliveryKey& key) {
  return guarded("reading a delivery", [&]() -> Result<std::optional<DeliveryState>> {
    soci::session& s = store.session();
    const int ic = static_cast<int>(key.interchange_index), set = static_cast<int>(key.set_index);
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT d.state, d.target, d.last_error, d.attempts, d.updated_at FROM deliveries d "
                      "JOIN messages m ON m.id = d.message_id WHERE m.correlation_id = :c AND d.interchange_index = :i "
                      "AND d.set_index = :s AND d.connector = :n",
         soci::use(key.message), soci::use(ic), soci::use(set), soci::use(key.connector));
    for (const soci::row& r : rows) {
      return std::optional<DeliveryState>(DeliveryState{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                                                        static_cast<unsigned>(detail::integer_at(r, 3)), r.get<std::string>(4)});
    }
    return std::optional<DeliveryState>();
  });
}

Result<void> record_delivery(Store& store, const DeliveryKey& key, std::string_view state, const std::string& target,
                             const std::string& error) {
  return guarded("recording a delivery", [&]() -> Result<void> {
    soci::session& s = store.session();
    auto message = message_row(s, key.message);
    if (!message) return std::move(message).error();
    const int ic = static_cast<int>(key.interchange_index), set = static_cast<int>(key.set_index);
    const std::string st(state), at = utc_now();
    const int counted = error.empty() ? 0 : 1;
    s << "INSERT INTO deliveries (message_id, interchange_index, set_index, connector, target, state, attempts, last_error, "
         "updated_at) VALUES (:m, :i, :s, :n, :t, :st, :a, :e, :u) "
         "ON CONFLICT (message_id, interchange_index, set_index, connector) DO UPDATE SET target = excluded.target, "
         "state = excluded.state, attempts = deliveries.attempts + excluded.attempts, last_error = excluded.last_error, "
         "updated_at = excluded.updated_at",
        soci::use(*message), soci::use(ic), soci::use(set), soci::use(key.connector), soci::use(target), soci::use(st),
        soci::use(counted), soci::use(error), soci::use(at);
    return {};
  });
}

Result<std::vector<DeliveryRow>> deliveries_of(Store& store, std::string_view message) {
  return guarded("listing deliveries", [&]() -> Result<std::vector<DeliveryRow>> {
    const std::string c(message);
    soci::rowset<soci::row> rows =
        (store.session().prepare << "SELECT d.interchange_index, d.set_index, d.connector, d.state, d.target, d.last_error, "
                                    "d.attempts, d.updated_at FROM deliveries d JOIN messages m ON m.id = d.message_id "
                                    "WHERE m.correlation_id = :c ORDER BY d.interchange_index, d.set_index, d.connector",
         soci::use(c));
    std::vector<DeliveryRow> out;
    for (const soci::row& r : rows) {
      DeliveryRow d;
      d.key = {c, static_cast<unsigned>(detail::integer_at(r, 0)), static_cast<unsigned>(detail::integer_at(r, 1)), r.get<std::string>(2)};
      d.state = {r.get<std::string>(3), r.get<std::string>(4), r.get<std::string>(5), static_cast<unsigned>(detail::integer_at(r, 6)),
                 r.get<std::string>(7)};
      out.push_back(std::move(d));
    }
    return out;
  });
}

Result<std::vector<RecordedInterchange>> interchanges_of_message(Store& store, std::string_view message) {
  return guarded("listing a message's interchanges", [&]() -> Result<std::vector<RecordedInterchange>> {
    const std::string c(message);
    soci::rowset<soci::row> rows =
        (store.session().prepare << "SELECT i.control_number, i.duplicate_of FROM interchanges i JOIN messages m ON m.id = i.message_id "
                                    "WHERE m.correlation_id = :c AND i.direction = 'inbound' ORDER BY i.id",
         soci::use(c));
    std::vector<RecordedInterchange> out;
    for (const soci::row& r : rows) out.push_back({r.get<std::string>(0), r.get<std::string>(1)});
    return out;
  });
}

}  // namespace edigate::partners
