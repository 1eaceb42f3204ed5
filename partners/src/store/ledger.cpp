#include <edigate/partners/ledger.hpp>

#include "store/rows.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "store/stamps.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

namespace edigate::partners {

namespace {

// Rows per multi-row INSERT: few round trips (what PostgreSQL pays for) within SQLite's bound-parameter cap.
constexpr std::size_t rows_per_statement = 100;

// Runs `sql_head` + "(...), (...)" for `count` rows of `columns` bound values each, in chunks.
// `value(row, column)` gives each bound value.
template <typename Value>
void insert_rows(soci::session& s, const std::string& sql_head, const std::string& sql_tail, std::size_t count,
                 std::size_t columns, const Value& value) {
  for (std::size_t first = 0; first < count; first += rows_per_statement) {
    const std::size_t n = std::min(rows_per_statement, count - first);
    std::string sql = sql_head;
    for (std::size_t r = 0; r < n; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < columns; ++c) sql += (c == 0 ? ":v" : ", :v") + std::to_string(r * columns + c);
      sql += ")";
    }
    sql += sql_tail;
    std::vector<std::string> values;
    values.reserve(n * columns);
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t c = 0; c < columns; ++c) values.push_back(value(first + r, c));
    }
    soci::statement st = (s.prepare << sql);
    for (std::size_t i = 0; i < values.size(); ++i) st.exchange(soci::use(values[i], "v" + std::to_string(i)));
    st.define_and_bind();
    st.execute(true);
  }
}

// The numbers an outbound interchange carries are no longer outstanding.
void release_numbers(soci::session& s, long long partner, const LedgerInterchange& ic) {
  const bool x12 = ic.standard == "x12";
  std::vector<std::pair<const char*, std::string>> used;
  used.emplace_back(x12 ? "isa" : "unb", ic.control_number);
  for (const LedgerSet& set : ic.sets) {
    if (!set.group_control.empty()) used.emplace_back(x12 ? "gs" : "ung", set.group_control);
    used.emplace_back(x12 ? "st" : "unh", set.control_number);
  }
  // Numbers are written zero-padded ("000000123"); the log holds them as integers.
  std::map<std::string, std::set<long long>> by_kind;
  for (const auto& [kind, text] : used) {
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size()) by_kind[kind].insert(v);
  }
  for (const auto& [kind, numbers] : by_kind) {
    // Duplicates (a group's number once per set) bind once.
    std::vector<long long> values(numbers.begin(), numbers.end());
    for (std::size_t first = 0; first < values.size(); first += rows_per_statement) {
      const std::size_t n = std::min(rows_per_statement, values.size() - first);
      std::string sql = "DELETE FROM control_number_allocations WHERE partner_id = :p AND direction = 'outbound' AND kind = :k AND value IN (";
      for (std::size_t i = 0; i < n; ++i) sql += (i == 0 ? ":v" : ", :v") + std::to_string(i);
      sql += ")";
      soci::statement st = (s.prepare << sql);
      long long p = partner;
      std::string k = kind;
      std::vector<long long> bound(values.begin() + static_cast<std::ptrdiff_t>(first),
                                   values.begin() + static_cast<std::ptrdiff_t>(first + n));
      st.exchange(soci::use(p, "p"));
      st.exchange(soci::use(k, "k"));
      for (std::size_t i = 0; i < n; ++i) st.exchange(soci::use(bound[i], "v" + std::to_string(i)));
      st.define_and_bind();
      st.execute(true);
    }
  }
}

}  // namespace

Result<std::string> record_interchange(Store& store, std::int64_t partner_id, const LedgerInterchange& ic) {
  return guarded("recording interchange " + ic.control_number, [&]() -> Result<std::string> {
    soci::session& s = store.session();
    Store::Transaction tx(store);
    const std::string correlation = ic.message_correlation.empty() ? detail::new_correlation_id() : ic.message_correlation;
    const std::string at = ic.at.empty() ? utc_now() : ic.at;
    const long long partner = partner_id;
    long long message = 0;
    soci::indicator message_known = soci::i_null;
    if (!ic.message_correlation.empty()) {
      s << "SELECT id FROM messages WHERE correlation_id = :c", soci::use(ic.message_correlation), soci::into(message);
      if (s.got_data()) message_known = soci::i_ok;
    }
    long long interchange = 0;
    s << "INSERT INTO interchanges (correlation_id, partner_id, direction, standard, control_number, sender, receiver, "
         "created_at, duplicate_of, message_id) VALUES (:c, :p, :d, :s, :n, :f, :t, :a, :u, :m) RETURNING id",
        soci::use(correlation), soci::use(partner), soci::use(ic.direction), soci::use(ic.standard),
        soci::use(ic.control_number), soci::use(ic.sender), soci::use(ic.receiver), soci::use(at), soci::use(ic.duplicate_of),
        soci::use(message, message_known), soci::into(interchange);
    const std::string due = ic.direction == "outbound" && ic.ack_deadline_minutes > 0 ? utc_shift(at, ic.ack_deadline_minutes) : "";
    const std::string interchange_text = std::to_string(interchange);
    insert_rows(s,
                "INSERT INTO transaction_sets (interchange_id, group_control, set_type, control_number, document, due_at, "
                "ack_kind, ack_status, acked_at) VALUES ",
                "", ic.sets.size(), 9, [&](std::size_t row, std::size_t column) -> std::string {
                  const LedgerSet& set = ic.sets[row];
                  switch (column) {
                    case 0: return interchange_text;
                    case 1: return set.group_control;
                    case 2: return set.set_type;
                    case 3: return set.control_number;
                    case 4: return set.document;
                    case 5: return due;
                    case 6: return set.ack_kind;
                    case 7: return set.ack_status;
                    default: return set.ack_kind.empty() ? std::string() : at;
                  }
                });
    // Keys find their set by its numbers within this interchange: no id per set comes back.
    std::vector<std::array<const std::string*, 4>> keys;
    for (const LedgerSet& set : ic.sets) {
      for (const auto& [name, value] : set.keys) keys.push_back({&set.group_control, &set.control_number, &name, &value});
    }
    if (!keys.empty()) {
      insert_rows(s, "INSERT INTO business_keys (set_id, key_name, key_value) SELECT t.id, k.column3, k.column4 FROM (VALUES ",
                  ") k JOIN transaction_sets t ON t.interchange_id = " + interchange_text +
                      " AND t.group_control = k.column1 AND t.control_number = k.column2 WHERE true ON CONFLICT DO NOTHING",
                  keys.size(), 4, [&](std::size_t row, std::size_t column) { return *keys[row][column]; });
    }
    if (ic.direction == "outbound") release_numbers(s, partner, ic);
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

Result<std::optional<std::string>> earlier_group(Store& store, std::int64_t partner_id, std::string_view direction,
                                                 std::string_view group_control, std::string_view since,
                                                 std::string_view exclude) {
  return guarded("checking for a duplicate group", [&]() -> Result<std::optional<std::string>> {
    soci::session& s = store.session();
    const long long partner = partner_id;
    const std::string d(direction), g(group_control), t(since), x(exclude);
    std::string correlation;
    s << "SELECT i.correlation_id FROM transaction_sets x CROSS JOIN interchanges i "
         "WHERE x.group_control = :g AND i.id = x.interchange_id AND i.partner_id = :p AND i.direction = :d "
         "AND i.created_at >= :t AND i.duplicate_of = '' AND i.correlation_id <> :x ORDER BY x.id LIMIT 1",
        soci::use(g), soci::use(partner), soci::use(d), soci::use(t), soci::use(x), soci::into(correlation);
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
    Store::Transaction tx(store);
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
        // As above, from the group's number to its interchanges: "interchange_id IN (the partner's
        // outbound interchanges)" probed the group once per interchange ever sent to the partner.
        soci::statement named = (s.prepare << "UPDATE transaction_sets SET group_status = :s WHERE id IN (SELECT t.id FROM "
                                              "transaction_sets t CROSS JOIN interchanges i WHERE t.group_control = :g AND "
                                              "i.id = t.interchange_id AND i.partner_id = :p AND i.direction = 'outbound')",
                                 soci::use(r->status), soci::use(r->group_control), soci::use(partner));
        named.execute(true);
        touched = named.get_affected_rows();
        soci::statement rest =
            (s.prepare << "UPDATE transaction_sets SET ack_kind = :k, ack_status = :s, acked_at = :a, ack_details = :d "
                          "WHERE id IN (SELECT t.id FROM transaction_sets t CROSS JOIN interchanges i WHERE t.group_control = :g "
                          "AND (t.ack_status = '' OR t.acked_at < :a2) AND i.id = t.interchange_id AND i.partner_id = :p "
                          "AND i.direction = 'outbound')",
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
        "i.ta1_status AS ta1_, t.ack_details AS details_, COALESCE(m.transport, '') AS transport_, COALESCE(m.mdn_status, '') AS mdn_, "
        "CASE WHEN i.direction = 'inbound' THEN CASE WHEN t.ack_status = '' THEN 'received' ELSE t.ack_status END "
        "     WHEN t.ack_status = '' AND t.due_at = '' THEN 'sent' "
        "     WHEN t.ack_status = '' AND t.due_at < :now THEN 'overdue' "
        "     WHEN t.ack_status = '' THEN 'pending' "
        "     WHEN t.due_at <> '' AND t.acked_at > t.due_at THEN 'late' "
        "     ELSE t.ack_status END AS status "
        "FROM transaction_sets t {join} LEFT JOIN partners p ON p.id = i.partner_id "
        "LEFT JOIN messages m ON m.id = i.message_id WHERE i.id = t.interchange_id) x "
        "WHERE 1 = 1";
    // A number (PO, envelope numbers, an id) or a closed date range finds few sets through its index:
    // the planner chooses. Otherwise (a partner, a status, the newest page) the sets are walked newest
    // first until the page is full; CROSS JOIN keeps SQLite from collecting all of a partner's sets to
    // sort them (50,000 for one of 20 partners in a million-set ledger) for a page of 50.
    const bool selective = !f.key_value.empty() || !f.interchange_control.empty() || !f.group_control.empty() ||
                           !f.set_control.empty() || f.id > 0 || !f.until.empty();
    sql.replace(sql.find("{join}"), 6, selective ? "JOIN interchanges i ON i.id = t.interchange_id" : "CROSS JOIN interchanges i");
    // Filters on stored columns go inside, where the indexes are; the computed status outside.
    std::string inner;
    std::vector<std::string> values;
    const auto where = [&](std::string& into, const char* fragment, const std::string& value) {
      into += std::string(" AND ") + fragment + std::to_string(values.size());
      values.push_back(value);
    };
    if (!f.partner.empty()) {
      where(inner, "i.partner_id = (SELECT id FROM partners WHERE name = :v", f.partner);
      inner += ")";
    }
    if (!f.direction.empty()) where(inner, "i.direction = :v", f.direction);
    if (!f.since.empty()) where(inner, "i.created_at >= :v", f.since);
    if (!f.until.empty()) where(inner, "i.created_at < :v", f.until);
    if (!f.document.empty()) where(inner, "t.document = :v", f.document);
    if (!f.set_type.empty()) where(inner, "t.set_type = :v", f.set_type);
    if (!f.interchange_control.empty()) where(inner, "i.control_number = :v", f.interchange_control);
    if (!f.group_control.empty()) where(inner, "t.group_control = :v", f.group_control);
    if (!f.set_control.empty()) where(inner, "t.control_number = :v", f.set_control);
    if (f.id > 0) where(inner, "t.id = :v", std::to_string(f.id));
    if (f.before_id > 0) where(inner, "t.id < :v", std::to_string(f.before_id));
    if (!f.key_value.empty()) {
      where(inner, "t.id IN (SELECT set_id FROM business_keys WHERE key_value = :v", f.key_value);
      if (!f.key_name.empty()) where(inner, "key_name = :v", f.key_name);
      inner += ")";
    }
    if (f.status == "overdue") where(inner, "t.ack_status = '' AND t.due_at <> '' AND t.due_at < :v", now);
    std::string outer;
    if (!f.status.empty()) where(outer, "x.status = :v", f.status);
    const auto from_at = sql.find(") x WHERE 1 = 1");
    sql.insert(from_at, inner);
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
      x.id = detail::integer_at(row, 0);
      ids.push_back(x.id);
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
      x.transport = row.get<std::string>(18);
      x.mdn_status = row.get<std::string>(19);
      x.status = row.get<std::string>(20);
      out.push_back(std::move(x));
    }
    // The keys of a page of sets in one query per hundred, not one per set.
    std::map<long long, std::size_t> position;
    for (std::size_t i = 0; i < ids.size(); ++i) position[ids[i]] = i;
    for (std::size_t first = 0; first < ids.size(); first += rows_per_statement) {
      const std::size_t n = std::min(rows_per_statement, ids.size() - first);
      std::string keys_sql = "SELECT set_id, key_name, key_value FROM business_keys WHERE set_id IN (";
      for (std::size_t i = 0; i < n; ++i) keys_sql += (i == 0 ? ":s" : ", :s") + std::to_string(i);
      keys_sql += ") ORDER BY set_id, key_name, key_value";
      soci::statement keys = (s.prepare << keys_sql);
      for (std::size_t i = 0; i < n; ++i) keys.exchange(soci::use(ids[first + i], "s" + std::to_string(i)));
      soci::row k;
      keys.exchange(soci::into(k));
      keys.define_and_bind();
      keys.execute(false);
      while (keys.fetch()) {
        out[position[detail::integer_at(k, 0)]].keys.emplace_back(k.get<std::string>(1), k.get<std::string>(2));
      }
    }
    return out;
  });
}

Result<std::optional<SetState>> find_set(Store& store, std::int64_t id, const std::string& now) {
  SetFilter filter;
  filter.id = id;
  filter.limit = 1;
  auto found = list_sets(store, filter, now);
  if (!found) return std::move(found).error();
  if (found->empty()) return std::optional<SetState>{};
  return std::optional<SetState>{std::move(found->front())};
}

}  // namespace edigate::partners
