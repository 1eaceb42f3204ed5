// The acknowledgment ledger on SQLite and PostgreSQL: five sets sent, acknowledged accepted, with
// errors, rejected, late and never; a group answered partly; TA1 kept as its own layer; sets found
// by PO number and by status.
#include "partners/ledger_env.hpp"
#include "partners/store_env.hpp"

#include <edigate/partners/ledger.hpp>
#include <edigate/partners/partner_store.hpp>

#include <map>

namespace edigate::testing {
namespace {

using partners::AckResult;
using partners::LedgerInterchange;
using partners::LedgerSet;
using partners::Store;

std::int64_t add(Store& store, const std::string& name) { return add_named_partner(store, name); }

LedgerSet set(const std::string& group, const std::string& control, const std::string& po) { return keyed_set(group, control, po); }

std::map<std::string, std::string> statuses(Store& store, const partners::SetFilter& filter, const std::string& now) {
  auto sets = partners::list_sets(store, filter, now);
  EXPECT_TRUE(sets) << sets.error().describe();
  std::map<std::string, std::string> out;
  if (sets) for (const auto& s : *sets) out[s.group_control + "/" + s.set_control] = s.status;
  return out;
}

TEST_P(StoreTest, EveryAcknowledgmentOutcomeGetsItsStatus) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add(*store, "retailer");
  const auto other = add(*store, "other");

  LedgerInterchange sent;
  sent.standard = "x12";
  sent.control_number = "000000101";
  sent.at = "2026-11-25T10:00:00Z";
  sent.ack_deadline_minutes = 60;
  for (int i = 1; i <= 5; ++i) sent.sets.push_back(set("100", "000" + std::to_string(i), "45000000" + std::to_string(i)));
  auto correlation = partners::record_interchange(*store, retailer, sent);
  ASSERT_TRUE(correlation) << correlation.error().describe();

  LedgerInterchange second = sent;
  second.control_number = "000000102";
  second.sets = {set("200", "0001", "4500000091"), set("200", "0002", "4500000092")};
  ASSERT_TRUE(partners::record_interchange(*store, retailer, second));
  // The same control numbers sent to another partner are another partner's business.
  ASSERT_TRUE(partners::record_interchange(*store, other, sent));

  const std::vector<AckResult> on_time = {
      {"997", "", "100", "0001", "accepted", {}},
      {"997", "", "100", "0002", "accepted_with_errors", {"segment 7 TD5: element 03 missing (code 1)"}},
      {"997", "", "100", "0003", "rejected", {"segment 12 HL: HL02 names no earlier HL (code 8)", "AK5 5: one or more segments in error"}},
      {"997", "", "200", "0002", "rejected", {"segment 4 PRF: PRF01 missing (code 1)"}},
      {"997", "", "200", "", "partially_accepted", {}},
      {"TA1", "000000101", "", "", "accepted", {}},
      {"997", "", "999", "0001", "accepted", {}},  // acknowledges nothing we sent
  };
  auto summary = partners::reconcile(*store, retailer, on_time, "2026-11-25T10:10:00Z");
  ASSERT_TRUE(summary) << summary.error().describe();
  EXPECT_EQ(summary->matched, 6u);
  EXPECT_EQ(summary->unmatched, 1u);
  ASSERT_TRUE(partners::reconcile(*store, retailer, {{"997", "", "100", "0004", "accepted", {}}}, "2026-11-25T12:00:00Z"));

  partners::SetFilter mine;
  mine.partner = "retailer";
  const auto at_1030 = statuses(*store, mine, "2026-11-25T10:30:00Z");
  EXPECT_EQ(at_1030.at("100/0001"), "accepted");
  EXPECT_EQ(at_1030.at("100/0002"), "accepted_with_errors");
  EXPECT_EQ(at_1030.at("100/0003"), "rejected");
  EXPECT_EQ(at_1030.at("100/0004"), "late");      // acknowledged at 12:00, due at 11:00
  EXPECT_EQ(at_1030.at("100/0005"), "pending");   // not yet due
  EXPECT_EQ(at_1030.at("200/0001"), "accepted");  // not named in a partially accepted group
  EXPECT_EQ(at_1030.at("200/0002"), "rejected");
  const auto at_1130 = statuses(*store, mine, "2026-11-25T11:30:00Z");
  EXPECT_EQ(at_1130.at("100/0005"), "overdue");

  partners::SetFilter overdue;
  overdue.status = "overdue";
  auto late_ones = partners::list_sets(*store, overdue, "2026-11-25T11:30:00Z");
  ASSERT_TRUE(late_ones);
  // The other partner never acknowledged anything: all five of its sets are overdue too.
  EXPECT_EQ(late_ones->size(), 6u);

  partners::SetFilter by_po;
  by_po.key_value = "450000003";
  by_po.partner = "retailer";
  auto found = partners::list_sets(*store, by_po, "2026-11-25T11:30:00Z");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  const auto& rejected = found->front();
  EXPECT_EQ(rejected.status, "rejected");
  EXPECT_EQ(rejected.ack_kind, "997");
  EXPECT_EQ(rejected.ta1_status, "accepted");  // the interchange layer, apart
  EXPECT_NE(rejected.details.find("HL02 names no earlier HL"), std::string::npos);
  EXPECT_EQ(rejected.keys.size(), 2u);
  partners::SetFilter by_po_of_retailer;
  by_po_of_retailer.partner = "retailer";
  by_po_of_retailer.key_value = "4500000091";
  by_po_of_retailer.limit = 10;
  auto group = partners::list_sets(*store, by_po_of_retailer, "2026-11-25T11:30:00Z");
  ASSERT_TRUE(group && group->size() == 1u);
  EXPECT_EQ(group->front().group_status, "partially_accepted");
}

TEST_P(StoreTest, InboundSetsRecordTheAcknowledgmentWeSent) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add(*store, "retailer");
  LedgerInterchange received;
  received.direction = "inbound";
  received.standard = "x12";
  received.control_number = "000004211";
  LedgerSet order;
  order.group_control = "4211";
  order.set_type = "850";
  order.control_number = "0001";
  order.document = "order";
  order.keys = {{"po", "4500012345"}};
  order.ack_kind = "997";
  order.ack_status = "accepted";
  received.sets.push_back(order);
  ASSERT_TRUE(partners::record_interchange(*store, retailer, received));
  partners::SetFilter f;
  f.key_value = "4500012345";
  auto sets = partners::list_sets(*store, f);
  ASSERT_TRUE(sets);
  ASSERT_EQ(sets->size(), 1u);
  EXPECT_EQ(sets->front().direction, "inbound");
  EXPECT_EQ(sets->front().status, "accepted");
  EXPECT_EQ(sets->front().ack_kind, "997");
}

TEST_P(StoreTest, AnInterchangeSeenAgainWithinTheWindowIsADuplicate) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add(*store, "retailer");
  const auto other = add(*store, "other");
  LedgerInterchange first;
  first.direction = "inbound";
  first.standard = "x12";
  first.control_number = "000004211";
  first.at = "2026-11-20T08:00:00Z";
  first.sets.push_back(set("4211", "0001", "4500012345"));
  auto original = partners::record_interchange(*store, retailer, first);
  ASSERT_TRUE(original);

  auto seen = partners::earlier_interchange(*store, retailer, "inbound", "000004211", "2026-10-26T00:00:00Z");
  ASSERT_TRUE(seen && seen->has_value());
  EXPECT_EQ(**seen, *original);
  auto set_seen = partners::earlier_set(*store, retailer, "inbound", "4211", "0001", "2026-10-26T00:00:00Z");
  ASSERT_TRUE(set_seen && set_seen->has_value());
  auto group_seen = partners::earlier_group(*store, retailer, "inbound", "4211", "2026-10-26T00:00:00Z");
  ASSERT_TRUE(group_seen && group_seen->has_value());
  EXPECT_EQ(**group_seen, *original);
  EXPECT_FALSE(partners::earlier_group(*store, retailer, "inbound", "4212", "2026-10-26T00:00:00Z")->has_value());
  EXPECT_FALSE(partners::earlier_group(*store, other, "inbound", "4211", "2026-10-26T00:00:00Z")->has_value());
  // Outside the window, from another partner, or in the other direction: not a duplicate.
  EXPECT_FALSE(partners::earlier_interchange(*store, retailer, "inbound", "000004211", "2026-11-21T00:00:00Z")->has_value());
  EXPECT_FALSE(partners::earlier_interchange(*store, other, "inbound", "000004211", "2026-10-26T00:00:00Z")->has_value());
  EXPECT_FALSE(partners::earlier_interchange(*store, retailer, "outbound", "000004211", "2026-10-26T00:00:00Z")->has_value());

  // The copy is recorded as such, and later checks still point at the original.
  LedgerInterchange copy = first;
  copy.at = "2026-11-25T08:00:00Z";
  copy.duplicate_of = *original;
  ASSERT_TRUE(partners::record_interchange(*store, retailer, copy));
  auto again = partners::earlier_interchange(*store, retailer, "inbound", "000004211", "2026-10-26T00:00:00Z");
  ASSERT_TRUE(again && again->has_value());
  EXPECT_EQ(**again, *original);
}

}  // namespace
}  // namespace edigate::testing
