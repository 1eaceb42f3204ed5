#pragma once
// The relational store (SOCI): SQLite by default, PostgreSQL when several gateway nodes share it.
// Opening a store applies the schema migrations it has not seen; every statement binds its values.
#include <edigate/result.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace edigate::partners {

enum class Dialect : std::uint8_t { sqlite, postgresql };

struct StoreUrl {
  Dialect dialect = Dialect::sqlite;
  std::string connect;  // SOCI connection string
  std::string display;  // the URL without its password, for messages and logs
};

// "sqlite:PATH" (a file; ":memory:" for a private in-memory database) or
// "postgresql://user[:password]@host[:port]/dbname[?sslmode=...]".
Result<StoreUrl> parse_store_url(std::string_view url);
// $EDIGATE_DB, else "sqlite:edigate.db".
std::string default_store_url();

struct MigrationState {
  int version = 0;
  std::string name;
  bool applied = false;
  std::string applied_at;  // RFC 3339 UTC, when applied
};

class Store {
 public:
  // Connects and, unless told not to, applies pending migrations (see migrate()).
  static Result<Store> open(std::string_view url, bool apply_migrations = true);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  Dialect dialect() const noexcept;
  const std::string& display_url() const noexcept;
  soci::session& session() noexcept;

  // Applies every migration newer than the database's, each in its own transaction, one node at a
  // time (an advisory lock on PostgreSQL, an immediate transaction on SQLite). Returns how many ran.
  Result<int> migrate();
  Result<std::vector<MigrationState>> status();
  static int latest_version() noexcept;

  // A unit of work: the store's own functions called while one is open join it instead of committing
  // on their own, so that several records land together or not at all. Rolled back unless committed.
  class Transaction {
   public:
    explicit Transaction(Store& store);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

   private:
    Store& store_;
    bool outermost_ = false;
    bool done_ = false;
  };

 private:
  Store();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs `work` and turns a SOCI/database exception into a store_error naming `what`.
template <class F>
auto guarded(std::string_view what, F&& work) -> decltype(work());

// Now as RFC 3339 UTC ("2026-11-25T17:20:00Z"); EDIGATE_NOW=CCYYMMDDHHMM pins it (tests).
std::string utc_now();
// RFC 3339 UTC `minutes` after (or, negative, before) `at`; empty when `at` is not such a time.
std::string utc_shift(const std::string& at, long long minutes);

}  // namespace edigate::partners

#include <edigate/partners/detail/guarded.hpp>
