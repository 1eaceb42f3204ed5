// Portal API tokens and the audit on SQLite and PostgreSQL: a token works until revoked or expired and
// is kept only as its hash; an idempotency key is taken once per token.
#include "partners/ledger_env.hpp"
#include "partners/store_env.hpp"

#include <edigate/partners/api_audit.hpp>
#include <edigate/partners/api_tokens.hpp>
#include <edigate/partners/partner_store.hpp>

#include <soci/soci.h>

namespace edigate::testing {
namespace {

using partners::Store;

TEST_P(StoreTest, ATokenWorksUntilRevokedOrExpiredAndOnlyItsHashIsKept) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  add_named_partner(*store, "retailer");
  partners::ApiTokenRequest request;
  request.role = partners::ApiRole::operator_;
  request.partner = "retailer";
  request.name = "desk";
  request.expires_days = 30;
  auto created = partners::create_api_token(*store, request);
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_EQ(created->secret.rfind("edg_", 0), 0u);
  EXPECT_EQ(created->secret.size(), 4u + 43u);
  EXPECT_EQ(created->token.partner, "retailer");

  auto found = partners::authenticate_api_token(*store, created->secret);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->role, partners::ApiRole::operator_);
  EXPECT_EQ((*found)->partner, "retailer");
  auto later = partners::authenticate_api_token(*store, created->secret, partners::utc_shift(created->token.created_at, 31 * 24 * 60));
  ASSERT_TRUE(later);
  EXPECT_FALSE(*later);  // expired
  auto wrong = partners::authenticate_api_token(*store, created->secret + "x");
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(*wrong);

  int with_secret = -1;
  store->session() << "SELECT COUNT(*) FROM api_tokens WHERE token_sha256 = :s", soci::use(created->secret), soci::into(with_secret);
  EXPECT_EQ(with_secret, 0);

  auto revoked = partners::revoke_api_token(*store, created->token.id);
  ASSERT_TRUE(revoked && *revoked);
  auto after = partners::authenticate_api_token(*store, created->secret);
  ASSERT_TRUE(after);
  EXPECT_FALSE(*after);
  auto missing = partners::revoke_api_token(*store, 424242);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);

  request.partner = "nobody";
  auto unknown = partners::create_api_token(*store, request);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

TEST_P(StoreTest, AnIdempotencyKeyIsTakenOncePerToken) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  partners::AuditEntry entry;
  entry.token_id = 0;
  entry.action = "document.resend";
  entry.target = "document 7";
  entry.status = 202;
  entry.response = R"({"action":"resend"})";
  partners::ApiTokenRequest request;
  auto token = partners::create_api_token(*store, request);
  ASSERT_TRUE(token);
  entry.token_id = token->token.id;
  entry.idempotency_key = "k-1";
  ASSERT_TRUE(partners::record_audit(*store, entry));
  auto again = partners::record_audit(*store, entry);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::already_exists) << again.error().describe();
  auto earlier = partners::audit_by_key(*store, token->token.id, "k-1");
  ASSERT_TRUE(earlier && *earlier);
  EXPECT_EQ((*earlier)->response, entry.response);
  EXPECT_EQ((*earlier)->status, 202u);
  // Without a key, entries are only the audit: as many as there are changes.
  entry.idempotency_key.clear();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(partners::record_audit(*store, entry));
  auto first = partners::list_audit(*store, 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  auto rest = partners::list_audit(*store, 10, first->back().id);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->size(), 2u);
}

TEST_P(StoreTest, AChangeMadeFromAnOldRevisionIsRefused) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  add_named_partner(*store, "retailer");
  auto read = partners::find_partner(*store, "retailer");
  ASSERT_TRUE(read);
  auto profile = partners::export_profile(*store, "retailer");
  ASSERT_TRUE(profile);
  profile->title = "Retailer Inc.";
  ASSERT_TRUE(partners::save_profile(*store, *profile, {}, true, read->revision));
  auto after = partners::find_partner(*store, "retailer");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->revision, read->revision + 1);
  // A second writer that read the same revision.
  profile->title = "Lost update";
  auto stale = partners::save_profile(*store, *profile, {}, true, read->revision);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::stale);
  auto kept = partners::find_partner(*store, "retailer");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->title, "Retailer Inc.");
  ASSERT_TRUE(partners::set_partner_status(*store, "retailer", "test"));
  EXPECT_EQ(partners::find_partner(*store, "retailer")->revision, read->revision + 2);
}

}  // namespace
}  // namespace edigate::testing
