#include <edigate/partners/store.hpp>

#include "store/migrations.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

namespace edigate::partners {

namespace detail {

Error store_error(std::string_view what, const std::exception& e) {
  Error err;
  err.code = ErrorCode::store_error;
  err.message = std::string(what) + ": " + e.what();
  while (!err.message.empty() && (err.message.back() == '\n' || err.message.back() == ' ')) err.message.pop_back();
  return err;
}

}  // namespace detail

namespace {

// The URL is not echoed whole: it may hold a password.
Error bad_url(std::string_view url, std::string why) {
  Error err;
  err.code = ErrorCode::invalid_store_url;
  err.where.file = "--db";
  const auto scheme = url.find("://");
  err.message = "\"" + std::string(url.substr(0, scheme == std::string_view::npos ? url.size() : scheme + 3)) +
                (scheme == std::string_view::npos ? "" : "...") + "\": " + std::move(why);
  return err;
}

// libpq keyword values are quoted so that spaces and quotes in them cannot start another keyword.
std::string pq_value(std::string_view v) {
  std::string out = "'";
  for (const char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// URL parts may percent-encode reserved characters (a password holding '@' or '/').
std::string percent_decoded(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size() && hex_digit(v[i + 1]) >= 0 && hex_digit(v[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(v[i + 1]) * 16 + hex_digit(v[i + 2]));
      i += 2;
      continue;
    }
    out += v[i];
  }
  return out;
}

}  // namespace

Result<StoreUrl> parse_store_url(std::string_view url) {
  StoreUrl out;
  if (url.substr(0, 7) == "sqlite:") {
    std::string_view path = url.substr(7);
    if (path.substr(0, 2) == "//") path.remove_prefix(2);  // sqlite://PATH is accepted too
    if (path.empty()) return bad_url(url, "no file after sqlite:");
    out.dialect = Dialect::sqlite;
    // SOCI's sqlite3 backend reads "db=..." up to the next space unless quoted.
    out.connect = "db=\"" + std::string(path) + "\" timeout=30 shared_cache=false";
    out.display = "sqlite:" + std::string(path);
    return out;
  }
  std::string_view rest;
  if (url.substr(0, 13) == "postgresql://") rest = url.substr(13);
  else if (url.substr(0, 11) == "postgres://") rest = url.substr(11);
  else return bad_url(url, "expected sqlite:PATH or postgresql://user@host:port/dbname");
  out.dialect = Dialect::postgresql;
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 >= rest.size()) return bad_url(url, "no database name after the host");
  const std::string dbname = percent_decoded(rest.substr(slash + 1));
  std::string_view authority = rest.substr(0, slash);
  std::string user;
  std::string password;
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = credentials.find(':');
    user = percent_decoded(credentials.substr(0, colon));
    if (colon != std::string_view::npos) password = percent_decoded(credentials.substr(colon + 1));
  }
  std::string host(authority);
  std::string port;
  if (const auto colon = authority.rfind(':'); colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    host = std::string(authority.substr(0, colon));
    port = std::string(authority.substr(colon + 1));
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos) return bad_url(url, "the port is not a number");
  }
  if (host.empty()) return bad_url(url, "no host");
  out.connect = "host=" + pq_value(host) + " dbname=" + pq_value(dbname);
  if (!port.empty()) out.connect += " port=" + port;
  if (!user.empty()) out.connect += " user=" + pq_value(user);
  if (!password.empty()) out.connect += " password=" + pq_value(password);
  for (std::size_t start = 0; start < query.size();) {
    const auto end = query.find('&', start);
    const std::string_view pair = query.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && (pair.substr(0, eq) == "sslmode" || pair.substr(0, eq) == "connect_timeout" ||
                                         pair.substr(0, eq) == "application_name")) {
      out.connect += " " + std::string(pair.substr(0, eq)) + "=" + pq_value(percent_decoded(pair.substr(eq + 1)));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (out.connect.find("connect_timeout") == std::string::npos) out.connect += " connect_timeout=10";
  out.display = "postgresql://" + (user.empty() ? "" : user + "@") + std::string(authority) + "/" + dbname;
  return out;
}

std::string default_store_url() {
  const char* env = std::getenv("EDIGATE_DB");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string("sqlite:edigate.db");
}

std::string utc_shift(const std::string& at, long long minutes) {
  std::tm tm{};
  if (strptime(at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return {};
  const std::time_t t = timegm(&tm) + static_cast<std::time_t>(minutes) * 60;
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &out);
  return buf;
}

std::string utc_now() {
  if (const char* pinned = std::getenv("EDIGATE_NOW"); pinned != nullptr && std::string_view(pinned).size() == 12) {
    const std::string_view p(pinned);
    return std::string(p.substr(0, 4)) + "-" + std::string(p.substr(4, 2)) + "-" + std::string(p.substr(6, 2)) + "T" +
           std::string(p.substr(8, 2)) + ":" + std::string(p.substr(10, 2)) + ":00Z";
  }
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Store::Impl {
  Dialect dialect = Dialect::sqlite;
  std::string display;
  soci::session session;
  int open_transactions = 0;
};

Store::Transaction::Transaction(Store& store) : store_(store), outermost_(store.impl_->open_transactions == 0) {
  if (outermost_) store_.impl_->session.begin();
  ++store_.impl_->open_transactions;
}

Store::Transaction::~Transaction() {
  --store_.impl_->open_transactions;
  if (outermost_ && !done_) {
    try {
      store_.impl_->session.rollback();
    } catch (...) {
      // The connection is gone: so is the transaction.
    }
  }
}

void Store::Transaction::commit() {
  if (outermost_ && !done_) store_.impl_->session.commit();
  done_ = true;
}

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Dialect Store::dialect() const noexcept { return impl_->dialect; }
const std::string& Store::display_url() const noexcept { return impl_->display; }
soci::session& Store::session() noexcept { return impl_->session; }
int Store::latest_version() noexcept { return detail::migrations().back().version; }

Result<Store> Store::open(std::string_view url, bool apply_migrations) {
  auto parsed = parse_store_url(url);
  if (!parsed) return std::move(parsed).error();
  Store store;
  store.impl_->dialect = parsed->dialect;
  store.impl_->display = parsed->display;
  auto opened = guarded("cannot open the store", [&]() -> Result<void> {
    soci::session& s = store.impl_->session;
    if (parsed->dialect == Dialect::sqlite) {
      s.open(soci::sqlite3, parsed->connect);
      // WAL lets readers work beside the one writer; foreign keys are off by default in SQLite.
      s << "PRAGMA journal_mode = WAL";
      s << "PRAGMA foreign_keys = ON";
      s << "PRAGMA busy_timeout = 30000";
      s << "PRAGMA synchronous = NORMAL";
    } else {
      s.open(soci::postgresql, parsed->connect);
      s << "SET client_min_messages = warning";
    }
    return {};
  });
  if (!opened) {
    Error err = opened.error();
    // libpq messages may quote the connection string; never show a password.
    if (const auto p = err.message.find("password="); p != std::string::npos) err.message.resize(p);
    err.where.file = parsed->display;
    return err;
  }
  if (apply_migrations) {
    if (auto m = store.migrate(); !m) return std::move(m).error();
  }
  return store;
}

Result<int> Store::migrate() {
  soci::session& s = impl_->session;
  return guarded("migrating " + impl_->display, [&]() -> Result<int> {
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
    int applied = 0;
    for (const detail::Migration& m : detail::migrations()) {
      // One node migrates at a time: the others wait here and then find the version applied.
      soci::transaction tx(s);
      if (impl_->dialect == Dialect::postgresql) {
        s << "SELECT pg_advisory_xact_lock(4206942)";
      } else {
        s << "UPDATE schema_migrations SET version = version WHERE 0 = 1";  // takes the write lock now
      }
      int count = 0;
      s << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(m.version), soci::into(count);
      if (count > 0) {
        tx.rollback();
        continue;
      }
      for (const char* statement : m.statements) s << detail::for_dialect(statement, impl_->dialect);
      const std::string now = utc_now();
      const std::string name = m.name;
      s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)", soci::use(m.version),
          soci::use(name), soci::use(now);
      tx.commit();
      ++applied;
    }
    int newest = 0;
    soci::indicator ind = soci::i_ok;
    s << "SELECT MAX(version) FROM schema_migrations", soci::into(newest, ind);
    if (ind == soci::i_ok && newest > latest_version()) {
      Error err;
      err.code = ErrorCode::store_schema_newer;
      err.message = impl_->display + " is at schema version " + std::to_string(newest) + "; this edigate knows up to " +
                    std::to_string(latest_version());
      return err;
    }
    return applied;
  });
}

Result<std::vector<MigrationState>> Store::status() {
  soci::session& s = impl_->session;
  return guarded("reading the schema version of " + impl_->display, [&]() -> Result<std::vector<MigrationState>> {
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
    std::vector<MigrationState> out;
    for (const detail::Migration& m : detail::migrations()) {
      MigrationState st;
      st.version = m.version;
      st.name = m.name;
      std::string at;
      soci::indicator ind = soci::i_null;
      s << "SELECT applied_at FROM schema_migrations WHERE version = :v", soci::use(m.version), soci::into(at, ind);
      st.applied = s.got_data() && ind == soci::i_ok;
      if (st.applied) st.applied_at = at;
      out.push_back(std::move(st));
    }
    return out;
  });
}

}  // namespace edigate::partners
