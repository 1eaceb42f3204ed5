// The store on SQLite and PostgreSQL: URLs, migrations, control numbers (also from several processes
// at once).
#include "partners/store_env.hpp"

#include <edigate/partners/control_numbers.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <set>

namespace edigate::testing {
namespace {

using partners::ControlKind;
using partners::Direction;
using partners::Store;

std::int64_t add_partner(Store& store, const std::string& name) {
  long long id = 0;
  const std::string now = partners::utc_now();
  store.session() << "INSERT INTO partners (name, created_at, updated_at) VALUES (:n, :c, :u)", soci::use(name),
      soci::use(now), soci::use(now);
  store.session() << "SELECT id FROM partners WHERE name = :n", soci::use(name), soci::into(id);
  return id;
}

TEST(StoreUrl, SqliteAndPostgresqlUrls) {
  auto sqlite = partners::parse_store_url("sqlite:/var/lib/edigate/edigate.db");
  ASSERT_TRUE(sqlite);
  EXPECT_EQ(sqlite->dialect, partners::Dialect::sqlite);
  EXPECT_EQ(sqlite->display, "sqlite:/var/lib/edigate/edigate.db");
  auto pg = partners::parse_store_url("postgresql://gate:s%40cret@127.0.0.1:5433/edigate?sslmode=disable");
  ASSERT_TRUE(pg);
  EXPECT_EQ(pg->dialect, partners::Dialect::postgresql);
  EXPECT_EQ(pg->display, "postgresql://gate@127.0.0.1:5433/edigate");  // no password
  EXPECT_NE(pg->connect.find("password='s@cret'"), std::string::npos);
  EXPECT_NE(pg->connect.find("sslmode='disable'"), std::string::npos);
  // A value cannot smuggle in another libpq keyword.
  auto sneaky = partners::parse_store_url("postgresql://u@h/db%20host=evil");
  ASSERT_TRUE(sneaky);
  EXPECT_NE(sneaky->connect.find("dbname='db host=evil'"), std::string::npos);
  for (const char* bad : {"mysql://h/db", "sqlite:", "postgresql://host", "postgresql://h:x/db", "edigate.db"}) {
    auto r = partners::parse_store_url(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_store_url);
  }
}

TEST_P(StoreTest, MigratesOnceAndReportsItsVersion) {
  auto store = Store::open(url_, false);
  ASSERT_TRUE(store) << store.error().describe();
  auto before = store->status();
  ASSERT_TRUE(before) << before.error().describe();
  EXPECT_FALSE(before->front().applied);
  auto applied = store->migrate();
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(*applied, Store::latest_version());
  auto again = store->migrate();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  auto after = store->status();
  ASSERT_TRUE(after);
  EXPECT_TRUE(std::all_of(after->begin(), after->end(), [](const auto& m) { return m.applied; }));
}

TEST_P(StoreTest, ForeignKeysAndUniqueIdentitiesAreEnforced) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  auto orphan = partners::guarded("orphan", [&]() -> Result<void> {
    store->session() << "INSERT INTO partner_identities (partner_id, kind, value) VALUES (4242, 'as2', 'X')";
    return {};
  });
  EXPECT_FALSE(orphan);
  const auto id = add_partner(*store, "acme");
  const long long pid = id;
  store->session() << "INSERT INTO partner_identities (partner_id, kind, qualifier, value) VALUES (:p, 'x12_isa', 'ZZ', 'ACME')",
      soci::use(pid);
  auto twice = partners::guarded("twice", [&]() -> Result<void> {
    store->session() << "INSERT INTO partner_identities (partner_id, kind, qualifier, value) VALUES (:p, 'x12_isa', 'ZZ', 'ACME')",
        soci::use(pid);
    return {};
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::store_error);
}

TEST_P(StoreTest, ControlNumbersCountPerPartnerDirectionAndKindAndWrap) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto acme = add_partner(*store, "acme");
  const auto zenith = add_partner(*store, "zenith");
  for (std::uint64_t expected = 1; expected <= 3; ++expected) {
    auto n = partners::next_control_number(*store, acme, Direction::outbound, ControlKind::isa);
    ASSERT_TRUE(n) << n.error().describe();
    EXPECT_EQ(*n, expected);
  }
  EXPECT_EQ(*partners::next_control_number(*store, acme, Direction::outbound, ControlKind::gs), 1u);
  EXPECT_EQ(*partners::next_control_number(*store, acme, Direction::inbound, ControlKind::isa), 1u);
  EXPECT_EQ(*partners::next_control_number(*store, zenith, Direction::outbound, ControlKind::isa), 1u);
  ASSERT_TRUE(partners::set_control_number(*store, acme, Direction::outbound, ControlKind::isa, 999999998));
  EXPECT_EQ(*partners::next_control_number(*store, acme, Direction::outbound, ControlKind::isa), 999999999u);
  EXPECT_EQ(*partners::next_control_number(*store, acme, Direction::outbound, ControlKind::isa), 1u);  // wraps
  auto missing = partners::next_control_number(*store, 987654, Direction::outbound, ControlKind::isa);
  EXPECT_FALSE(missing);
}

// Several processes allocate at once; together they must get 1..N*M, each number exactly once.
TEST_P(StoreTest, ConcurrentProcessesNeverShareANumber) {
  std::int64_t partner = 0;
  {
    auto store = Store::open(url_);
    ASSERT_TRUE(store) << store.error().describe();
    partner = add_partner(*store, "busy");
  }
  constexpr int processes = 4;
  constexpr int each = 50;
  std::vector<pid_t> children;
  std::vector<int> pipes;
  for (int p = 0; p < processes; ++p) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      auto store = Store::open(url_);
      if (!store) ::_exit(3);
      for (int i = 0; i < each; ++i) {
        auto n = partners::next_control_number(*store, partner, Direction::outbound, ControlKind::isa);
        if (!n) ::_exit(4);
        const std::uint64_t v = *n;
        if (::write(fds[1], &v, sizeof v) != static_cast<ssize_t>(sizeof v)) ::_exit(5);
      }
      ::close(fds[1]);
      ::_exit(0);
    }
    ::close(fds[1]);
    children.push_back(pid);
    pipes.push_back(fds[0]);
  }
  std::multiset<std::uint64_t> got;
  for (int fd : pipes) {
    std::uint64_t v = 0;
    while (::read(fd, &v, sizeof v) == static_cast<ssize_t>(sizeof v)) got.insert(v);
    ::close(fd);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child exit " << WEXITSTATUS(status);
  }
  ASSERT_EQ(got.size(), static_cast<std::size_t>(processes * each));
  std::uint64_t expected = 1;
  for (const auto v : got) EXPECT_EQ(v, expected++);  // no duplicate, no gap
}

INSTANTIATE_TEST_SUITE_P(On, StoreTest, ::testing::ValuesIn(store_kinds()), store_case_name);

}  // namespace
}  // namespace edigate::testing
