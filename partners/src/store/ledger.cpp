#include <edigate/partners/ledger.hpp>

#include "store/rows.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <chrono>
#include <ctime>
#include <map>
#include <random>

namespace edigate::partners {

namespace {

// RFC 3339 UTC `minutes` after `at`.
std::string plus_minutes(const std::string& at, unsigned minutes) {
  std::tm tm{};
  if (strptime(at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return {};
  std::time_t t = timegm(&tm) + static_cast<std::time_t>(minutes) * 60;
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &out);
  return buf;
}

// 128 random bits as hex: unique across nodes without coordination.
std::string new_correlation_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^
                                          static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace

Result<std::string> record_interchange(Store& store, std::int64_t partner_id, const LedgerInterchange& ic) {
  return guarded("recording interchange " + ic.control_number, [&]() -> Result<std::string> {
    soci::session& s = store.session();
    soci::transaction tx(s);
    const std::string correlation = new_correlation_id();
    const std::string at = ic.at.empty() ? utc_now() : ic.at;
    const long long partner = partner_id;
    s << "INSERT INTO interchanges (correlation_id, partner_id, direction, standard, control_number, sender, receiver, "
         "created_at, duplicate_of) VALUES (:c, :p, :d, :s, :n, :f, :t, :a, :u)",
        soci::use(correlation), soci::use(partner), soci::use(ic.direction), soci::use(ic.standard),
        soci::use(ic.control_number), soci::use(ic.sender), soci::use(ic.receiver), soci::use(at), soci::use(ic.duplicate_of);
    long long interchange = 0;
    s << "SELECT id FROM interchanges WHERE correlation_id = :c", soci::use(correlation), soci::into(interchange);
    const std::string due = ic.direction == "outbound" && ic.ack_deadline_minutes > 0 ? plus_minutes(at, ic.ack_deadline_minutes) : "";
    for (const LedgerSet& set : ic.sets) {
      const std::string acked_at = set.ack_kind.empty() ? "" : at;
      s << "INSERT INTO transaction_sets (interchange_id, group_control, set_type, control_number, document, due_at, ack_kind, "
           "ack_status, acked_at) VALUES (:i, :g, :t, :n, :d, :u, :k, :s, :a)",
          soci::use(interchange), soci::use(set.group_control), soci::use(set.set_type), soci::use(set.control_number),
          soci::use(set.document), soci::use(due), soci::use(set.ack_kind), soci::use(set.ack_status), soci::use(acked_at);
      long long set_id = 0;
      s << "SELECT MAX(id) FROM transaction_sets WHERE interchange_id = :i", soci::use(interchange), soci::into(set_id);
      for (const auto& [name, value] : set.keys) {
        s << "INSERT INTO business_keys (set_id, key_name, key_value) VALUES (:s, :n, :v) ON CONFLICT DO NOTHING",
            soci::use(set_id), soci::use(name), soci::use(value);
      }
    }
    tx.commit();
    return correlation;
  });
}

Result<std::optional<std::string>> earlier_interchange(Store& store, std::int64_t partner_id, std::string_view direction,
                                                       std::string_view control_number, std::string_view since) {
  return guarded("checking for a duplicate interchange", [&]() -> Result<std::optional<std::string>> {
    soci::session& s = store.session();
    const long long partner = partner_id;
    const std::string d(direction), c(control_number), t(since);
    std::string correlation;
    s << "SELECT correlation_id FROM interchanges WHERE partner_id = :p AND direction = :d AND control_number = :c "
         "AND created_at >= :t AND duplicate_of = '' ORDER BY id LIMIT 1",
        soci::use(partner), soci::use(d), soci::use(c), soci::use(t), soci::into(correlation);
    if (!s.got_data()) return std::optional<std::string>();
    return std::optional<std::string>(correlation);
  });
}

Result<std::optional<std::string>> earlier_set(Store& store, std::int64_t partner_id, std::string_view direction,
                                               std::string_view group_control, std::string_view set_control,
                                               std::string_view since) {
  return guarded("checking for a duplicate set", [&]() -> Result<std::optional<std::string>> {
    soci::session& s = store.session();
    const long long partner = partner_id;
    const std::string d(direction), g(group_control), c(set_control), t(since);
    std::string correlation;
    s << "SELECT i.correlation_id FROM transaction_sets x JOIN interchanges i ON i.id = x.interchange_id "
         "WHERE i.partner_id = :p AND i.direction = :d AND x.group_control = :g AND x.control_number = :c "
         "AND i.created_at >= :t AND i.duplicate_of = '' ORDER BY x.id LIMIT 1",
        soci::use(partner), soci::use(d), soci::use(g), soci::use(c), soci::use(t), soci::into(correlation);
    if (!s.got_data()) return std::optional<std::string>();
    return std::optional<std::string>(correlation);
  });
}

Result<ReconcileSummary> reconcile(Store& store, std::int64_t partner_id, const std::vector<AckResult>& results,
                                   const std::string& received_at) {
  return guarded("reconciling acknowledgments", [&]() -> Result<ReconcileSummary> {
    soci::session& s = store.session();
    soci::transaction tx(s);
    const std::string at = received_at.empty() ? utc_now() : received_at;
    const long long partner = partner_id;
    ReconcileSummary summary;
    // Set-level results first: a group-level result then only fills in the sets no AK2/UCM named.
    std::vector<const AckResult*> ordered;
    for (const auto& r : results) if (!r.set_control.empty()) ordered.push_back(&r);
    for (const auto& r : results) if (r.set_control.empty()) ordered.push_back(&r);
    for (const AckResult* r : ordered) {
      const std::string details = nlohmann::json(r->details).dump();
      long long touched = 0;
      if (r->kind == "TA1" || (r->group_control.empty() && r->set_control.empty() && !r->interchange_control.empty())) {
        // The interchange layer (TA1, CONTRL UCI) is kept apart from the sets' status.
        soci::statement st = (s.prepare << "UPDATE interchanges SET ta1_status = :s, ta1_at = :a WHERE partner_id = :p AND "
                                           "direction = 'outbound' AND control_number = :c",
                              soci::use(r->status), soci::use(at), soci::use(partner), soci::use(r->interchange_control));
        st.execute(true);
        touched = st.get_affected_rows();
      } else if (!r->set_control.empty()) {
        soci::statement st =
            // From the set's numbers to its interchange (CROSS JOIN fixes that order in SQLite): the
            // other way round costs one probe per interchange ever sent to the partner.
            (s.prepare << "UPDATE transaction_sets SET ack_kind = :k, ack_status = :s, acked_at = :a, ack_details = :d "
                          "WHERE id IN (SELECT t.id FROM transaction_sets t CROSS JOIN interchanges i "
                          "WHERE t.group_control = :g AND t.control_number = :n AND i.id = t.interchange_id "
                          "AND i.partner_id = :p AND i.direction = 'outbound')",
             soci::use(r->kind), soci::use(r->status), soci::use(at), soci::use(details), soci::use(r->group_control),
             soci::use(r->set_control), soci::use(partner));
        st.execute(true);
        touched = st.get_affected_rows();
      } else {
        // A group answered as a whole: its sets not named on their own are accepted unless the
        // group is rejected; the group's own status is kept beside theirs.
        const std::string set_status = r->status == "rejected" ? "rejected" : "accepted";
        soci::statement named = (s.prepare << "UPDATE transaction_sets SET group_status = :s WHERE group_control = :g AND "
                                              "interchange_id IN (SELECT id FROM interchanges WHERE partner_id = :p AND direction = 'outbound')",
                                 soci::use(r->status), soci::use(r->group_control), soci::use(partner));
        named.execute(true);
        touched = named.get_affected_rows();
        soci::statement rest =
            (s.prepare << "UPDATE transaction_sets SET ack_kind = :k, ack_status = :s, acked_at = :a, ack_details = :d "
                          "WHERE group_control = :g AND (ack_status = '' OR acked_at < :a2) AND interchange_id IN "
                          "(SELECT id FROM interchanges WHERE partner_id = :p AND direction = 'outbound')",
             soci::use(r->kind), soci::use(set_status), soci::use(at), soci::use(details), soci::use(r->group_control),
             soci::use(at), soci::use(partner));
        rest.execute(true);
      }
      if (touched > 0) ++summary.matched;
      else ++summary.unmatched;
    }
    tx.commit();
    return summary;
  });
}

Result<std::vector<SetState>> list_sets(Store& store, const SetFilter& f, const std::string& now_text) {
  return guarded("listing acknowledgments", [&]() -> Result<std::vector<SetState>> {
    soci::session& s = store.session();
    const std::string now = now_text.empty() ? utc_now() : now_text;
    // Only fixed fragments are joined; every value is bound.
    std::string sql =
        "SELECT * FROM (SELECT t.id AS id, i.correlation_id AS correlation_, COALESCE(p.name, '') AS name_, "
        "i.direction AS direction_, i.standard AS standard_, i.control_number AS interchange_, t.group_control AS group_, "
        "t.set_type AS type_, t.control_number AS set_, t.document AS document_, i.created_at AS created_, t.due_at AS due_, "
        "t.acked_at AS acked_, t.ack_kind AS ack_kind_, t.ack_status AS ack_status_, t.group_status AS group_status_, "
        "i.ta1_status AS ta1_, t.ack_details AS details_, "
        "CASE WHEN i.direction = 'inbound' THEN CASE WHEN t.ack_status = '' THEN 'received' ELSE t.ack_status END "
        "     WHEN t.ack_status = '' AND t.due_at = '' THEN 'sent' "
        "     WHEN t.ack_status = '' AND t.due_at < :now THEN 'overdue' "
        "     WHEN t.ack_status = '' THEN 'pending' "
        "     WHEN t.due_at <> '' AND t.acked_at > t.due_at THEN 'late' "
        "     ELSE t.ack_status END AS status "
        "FROM transaction_sets t JOIN interchanges i ON i.id = t.interchange_id LEFT JOIN partners p ON p.id = i.partner_id) x "
        "WHERE 1 = 1";
    // Filters on stored columns go inside, where the indexes are; the computed status outside.
    std::string inner;
    std::vector<std::string> values;
    const auto where = [&](std::string& into, const char* fragment, const std::string& value) {
      into += std::string(" AND ") + fragment + std::to_string(values.size());
      values.push_back(value);
    };
    if (!f.partner.empty()) where(inner, "p.name = :v", f.partner);
    if (!f.direction.empty()) where(inner, "i.direction = :v", f.direction);
    if (!f.since.empty()) where(inner, "i.created_at >= :v", f.since);
    if (!f.key_value.empty()) {
      where(inner, "t.id IN (SELECT set_id FROM business_keys WHERE key_value = :v", f.key_value);
      inner += ")";
    }
    if (f.status == "overdue") where(inner, "t.ack_status = '' AND t.due_at <> '' AND t.due_at < :v", now);
    std::string outer;
    if (!f.status.empty()) where(outer, "x.status = :v", f.status);
    const auto from_at = sql.find(") x WHERE 1 = 1");
    sql.insert(from_at, " WHERE 1 = 1" + inner);
    sql += outer;
    sql += " ORDER BY x.id DESC LIMIT " + std::to_string(f.limit == 0 ? 1000 : f.limit);
    soci::statement st = (s.prepare << sql);
    std::string now_bound = now;
    st.exchange(soci::use(now_bound, "now"));
    for (std::size_t i = 0; i < values.size(); ++i) st.exchange(soci::use(values[i], "v" + std::to_string(i)));
    soci::row row;
    st.exchange(soci::into(row));
    st.define_and_bind();
    st.execute(false);
    std::vector<SetState> out;
    std::vector<long long> ids;
    while (st.fetch()) {
      SetState x;
      ids.push_back(detail::integer_at(row, 0));
      x.correlation_id = row.get<std::string>(1);
      x.partner = row.get<std::string>(2);
      x.direction = row.get<std::string>(3);
      x.standard = row.get<std::string>(4);
      x.interchange_control = row.get<std::string>(5);
      x.group_control = row.get<std::string>(6);
      x.set_type = row.get<std::string>(7);
      x.set_control = row.get<std::string>(8);
      x.document = row.get<std::string>(9);
      x.created_at = row.get<std::string>(10);
      x.due_at = row.get<std::string>(11);
      x.acked_at = row.get<std::string>(12);
      x.ack_kind = row.get<std::string>(13);
      x.ack_status = row.get<std::string>(14);
      x.group_status = row.get<std::string>(15);
      x.ta1_status = row.get<std::string>(16);
      x.details = row.get<std::string>(17);
      x.status = row.get<std::string>(18);
      out.push_back(std::move(x));
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
      soci::rowset<soci::row> keys = (s.prepare << "SELECT key_name, key_value FROM business_keys WHERE set_id = :s ORDER BY key_name, key_value",
                                      soci::use(ids[i]));
      for (const soci::row& k : keys) out[i].keys.emplace_back(k.get<std::string>(0), k.get<std::string>(1));
    }
    return out;
  });
}

}  // namespace edigate::partners
