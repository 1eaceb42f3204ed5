#include <edigate/partners/api_audit.hpp>

#include "store/rows.hpp"

#include <soci/soci.h>

#include <limits>

namespace edigate::partners {
namespace {

constexpr const char* audit_columns =
    "SELECT id, at, token_id, token_name, role, action, target, idempotency_key, request_id, status, response "
    "FROM api_audit ";

AuditEntry entry_from(const soci::row& r) {
  AuditEntry e;
  e.id = detail::integer_at(r, 0);
  e.at = r.get<std::string>(1);
  // A column, not an expression: SQLite reports no type for expressions, so SOCI could not read one.
  e.token_id = r.get_indicator(2) == soci::i_null ? 0 : detail::integer_at(r, 2);
  e.token_name = r.get<std::string>(3);
  e.role = r.get<std::string>(4);
  e.action = r.get<std::string>(5);
  e.target = r.get<std::string>(6);
  e.idempotency_key = r.get<std::string>(7);
  e.request_id = r.get<std::string>(8);
  e.status = static_cast<unsigned>(detail::integer_at(r, 9));
  e.response = r.get<std::string>(10);
  return e;
}

}  // namespace

Result<std::int64_t> record_audit(Store& store, const AuditEntry& entry) {
  if (!entry.idempotency_key.empty()) {
    auto earlier = audit_by_key(store, entry.token_id, entry.idempotency_key);
    if (!earlier) return std::move(earlier).error();
    if (*earlier) {
      Error e;
      e.code = ErrorCode::already_exists;
      e.message = "idempotency key " + entry.idempotency_key + " was used before by this token";
      return e;
    }
  }
  return guarded("recording an audit entry", [&]() -> Result<std::int64_t> {
    soci::session& s = store.session();
    Store::Transaction tx(store);
    const std::string at = entry.at.empty() ? utc_now() : entry.at;
    long long token = entry.token_id;
    soci::indicator token_ind = entry.token_id == 0 ? soci::i_null : soci::i_ok;
    const int status = static_cast<int>(entry.status);
    long long id = 0;
    s << "INSERT INTO api_audit (at, token_id, token_name, role, action, target, idempotency_key, request_id, status, response) "
         "VALUES (:a, :t, :n, :r, :c, :g, :k, :q, :s, :b) RETURNING id",
        soci::use(at), soci::use(token, token_ind), soci::use(entry.token_name), soci::use(entry.role), soci::use(entry.action),
        soci::use(entry.target), soci::use(entry.idempotency_key), soci::use(entry.request_id), soci::use(status),
        soci::use(entry.response), soci::into(id);
    tx.commit();
    return static_cast<std::int64_t>(id);
  });
}

Result<std::optional<AuditEntry>> audit_by_key(Store& store, std::int64_t token_id, const std::string& key) {
  return guarded("reading the audit", [&]() -> Result<std::optional<AuditEntry>> {
    soci::session& s = store.session();
    const long long token = token_id;
    soci::row r;
    s << std::string(audit_columns) + "WHERE token_id = :t AND idempotency_key = :k", soci::use(token), soci::use(key), soci::into(r);
    if (!s.got_data()) return std::optional<AuditEntry>{};
    return std::optional<AuditEntry>{entry_from(r)};
  });
}

Result<std::vector<AuditEntry>> list_audit(Store& store, std::size_t limit, std::int64_t before_id) {
  return guarded("reading the audit", [&]() -> Result<std::vector<AuditEntry>> {
    soci::session& s = store.session();
    const long long before = before_id > 0 ? before_id : std::numeric_limits<long long>::max();
    const long long n = static_cast<long long>(limit == 0 ? 50 : limit);
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(audit_columns) + "WHERE id < :b ORDER BY id DESC LIMIT :n", soci::use(before), soci::use(n));
    std::vector<AuditEntry> out;
    for (const soci::row& r : rows) out.push_back(entry_from(r));
    return out;
  });
}

}  // namespace edigate::partners
