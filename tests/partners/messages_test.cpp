// The transport layer of the ledger (messages and their MDNs), outstanding control numbers, and
// interchanges of many sets with their keys, on SQLite and PostgreSQL.
#include "partners/ledger_env.hpp"
#include "partners/store_env.hpp"

#include <edigate/partners/control_numbers.hpp>
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/partners/partner_store.hpp>

#include <map>

namespace edigate::testing {
namespace {

using partners::ControlKind;
using partners::Direction;
using partners::LedgerInterchange;
using partners::LedgerSet;
using partners::Store;

std::int64_t add(Store& store, const std::string& name) { return add_named_partner(store, name); }

LedgerSet set(const std::string& group, const std::string& control, const std::string& po) {
  return keyed_set(group, control, po, "810", "invoice", "invoice", "INV-");
}

TEST_P(StoreTest, TheMdnIsATransportLayerApartFromTheSetsStatus) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add(*store, "retailer");
  partners::LedgerMessage m;
  m.direction = "outbound";
  m.transport = "as2";
  m.transport_id = "<edigate-20261125-1@gateway.example>";
  m.size = 1234;
  m.sha256 = std::string(64, 'a');
  m.at = "2026-11-25T10:00:00Z";
  m.mdn_requested = "async";
  m.mdn_deadline_minutes = 30;
  auto message = partners::record_message(*store, retailer, m);
  ASSERT_TRUE(message) << message.error().describe();

  LedgerInterchange sent;
  sent.standard = "x12";
  sent.control_number = "000000301";
  sent.at = m.at;
  sent.ack_deadline_minutes = 120;
  sent.message_correlation = *message;
  sent.sets.push_back(set("301", "0001", "4500012345"));
  auto correlation = partners::record_interchange(*store, retailer, sent);
  ASSERT_TRUE(correlation) << correlation.error().describe();
  EXPECT_EQ(*correlation, *message);  // one correlation id from the message down to the set

  auto pending = partners::find_message(*store, *message, "2026-11-25T10:10:00Z");
  ASSERT_TRUE(pending && pending->has_value());
  EXPECT_EQ((*pending)->transport_status, "mdn_pending");
  EXPECT_EQ((*pending)->mdn_due_at, "2026-11-25T10:30:00Z");
  EXPECT_EQ((*partners::find_message(*store, *message, "2026-11-25T11:00:00Z"))->transport_status, "mdn_overdue");
  auto by_id = partners::message_by_transport_id(*store, "as2", "outbound", m.transport_id);
  ASSERT_TRUE(by_id && by_id->has_value());
  EXPECT_EQ(**by_id, *message);
  EXPECT_FALSE(partners::message_by_transport_id(*store, "as2", "inbound", m.transport_id)->has_value());

  auto recorded = partners::record_mdn(*store, *message, {"processed", "kC8qf8H0dPnm+Ckx0pOb6Q==, sha-256", "", "2026-11-25T10:01:00Z"});
  ASSERT_TRUE(recorded && *recorded);
  EXPECT_FALSE(*partners::record_mdn(*store, "no-such-message", {"processed", "", "", ""}));
  auto done = partners::find_message(*store, *message, "2026-11-25T11:00:00Z");
  EXPECT_EQ((*done)->transport_status, "processed");
  EXPECT_EQ((*done)->mdn_mic, "kC8qf8H0dPnm+Ckx0pOb6Q==, sha-256");

  // The set still waits for its 997: the MDN says the bytes arrived, not that the EDI was accepted.
  partners::SetFilter f;
  f.key_value = "4500012345";
  auto sets = partners::list_sets(*store, f, "2026-11-25T10:30:00Z");
  ASSERT_TRUE(sets && sets->size() == 1);
  EXPECT_EQ(sets->front().status, "pending");
  EXPECT_EQ(sets->front().transport, "as2");
  EXPECT_EQ(sets->front().mdn_status, "processed");
  EXPECT_EQ(sets->front().correlation_id, *message);
}

TEST_P(StoreTest, MessagesMoveThroughTheirStatesAndAreFoundBySourceAndOrigin) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add(*store, "retailer");
  partners::LedgerMessage in;
  in.transport = "folder";
  in.transport_id = "order-1.edi";
  in.state = "stored";
  in.at = "2026-11-25T10:00:00Z";
  auto inbound = partners::record_message(*store, retailer, in);
  ASSERT_TRUE(inbound) << inbound.error().describe();
  // A drop-folder name used again for new content: the name finds the latest message.
  partners::LedgerMessage reused = in;
  reused.state = "processed";
  auto later = partners::record_message(*store, retailer, reused);
  ASSERT_TRUE(later);
  auto by_name = partners::message_by_transport_id(*store, "folder", "inbound", "order-1.edi");
  ASSERT_TRUE(by_name && by_name->has_value());
  EXPECT_EQ(**by_name, *later);
  auto waiting = partners::messages_in_state(*store, "inbound", "stored", 10, "2026-11-25T10:00:01Z");
  ASSERT_TRUE(waiting) << waiting.error().describe();
  ASSERT_EQ(waiting->size(), 1u);
  EXPECT_EQ(waiting->front().correlation_id, *inbound);
  // A retry later: not due before its time, counted as an attempt.
  ASSERT_TRUE(partners::set_message_state(*store, *inbound, "stored", "ERP folder not writable", "2026-11-25T10:05:00Z"));
  EXPECT_TRUE(partners::messages_in_state(*store, "inbound", "stored", 10, "2026-11-25T10:01:00Z")->empty());
  auto due = partners::messages_in_state(*store, "inbound", "stored", 10, "2026-11-25T10:05:00Z");
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().attempts, 1u);
  EXPECT_EQ(due->front().last_error, "ERP folder not writable");
  ASSERT_TRUE(partners::set_message_state(*store, *inbound, "processed"));
  EXPECT_EQ((*partners::find_message(*store, *inbound))->state, "processed");
  EXPECT_FALSE(partners::set_message_state(*store, "no-such", "processed"));

  partners::LedgerMessage ack;
  ack.direction = "outbound";
  ack.transport = "folder";
  ack.origin = *inbound;
  ack.state = "queued";
  ASSERT_TRUE(partners::record_message(*store, retailer, ack));
  partners::LedgerMessage doc;
  doc.direction = "outbound";
  doc.transport = "folder";
  doc.source_sha256 = std::string(64, 'b');
  auto sent = partners::record_message(*store, retailer, doc);
  ASSERT_TRUE(sent);
  auto answers = partners::messages_by_origin(*store, *inbound);
  ASSERT_TRUE(answers && answers->size() == 1);
  EXPECT_EQ(answers->front().state, "queued");
  auto again = partners::message_by_source(*store, retailer, std::string(64, 'b'));
  ASSERT_TRUE(again && again->has_value());
  EXPECT_EQ((*again)->correlation_id, *sent);
  EXPECT_FALSE(partners::message_by_source(*store, retailer, std::string(64, 'c'))->has_value());
}

TEST_P(StoreTest, NumbersNoRecordedInterchangeUsedAreOutstanding) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add(*store, "retailer");
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(partners::next_control_number(*store, retailer, Direction::outbound, ControlKind::isa));
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(partners::next_control_number(*store, retailer, Direction::outbound, ControlKind::gs));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(partners::next_control_number(*store, retailer, Direction::outbound, ControlKind::st));
  EXPECT_EQ(partners::outstanding_control_numbers(*store, retailer)->size(), 7u);

  LedgerInterchange sent;  // used ISA 1, GS 1, ST 1 and 2 (written zero-padded, as on the wire)
  sent.standard = "x12";
  sent.control_number = "000000001";
  sent.sets = {set("1", "0001", "1"), set("1", "0002", "2")};
  ASSERT_TRUE(partners::record_interchange(*store, retailer, sent));

  auto left = partners::outstanding_control_numbers(*store, retailer);
  ASSERT_TRUE(left) << left.error().describe();
  std::map<std::string, std::uint64_t> gaps;
  for (const auto& n : *left) gaps[n.kind] = n.value;
  EXPECT_EQ(gaps, (std::map<std::string, std::uint64_t>{{"gs", 2}, {"isa", 2}, {"st", 3}}));
  // Numbers still being used by a send in progress are not gaps yet.
  EXPECT_TRUE(partners::outstanding_control_numbers(*store, retailer, "2000-01-01T00:00:00Z")->empty());

  auto states = partners::control_number_states(*store, retailer);
  ASSERT_TRUE(states);
  std::map<std::string, std::uint64_t> last;
  for (const auto& s : *states) last[s.kind] = s.last_value;
  EXPECT_EQ(last, (std::map<std::string, std::uint64_t>{{"gs", 2}, {"isa", 2}, {"st", 3}}));
}

TEST_P(StoreTest, AnInterchangeOfManySetsKeepsEachSetsKeys) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add(*store, "retailer");
  LedgerInterchange sent;
  sent.standard = "x12";
  sent.control_number = "000000777";
  sent.ack_deadline_minutes = 60;
  // More sets than one multi-row statement carries, so the chunks meet.
  for (int i = 1; i <= 250; ++i) sent.sets.push_back(set("77", std::to_string(10000 + i), "PO" + std::to_string(i)));
  ASSERT_TRUE(partners::record_interchange(*store, retailer, sent));
  partners::SetFilter all;
  all.limit = 1000;
  auto sets = partners::list_sets(*store, all);
  ASSERT_TRUE(sets) << sets.error().describe();
  ASSERT_EQ(sets->size(), 250u);
  for (const auto& s : *sets) {
    const std::string n = std::to_string(std::stoi(s.set_control) - 10000);
    EXPECT_EQ(s.keys, (std::vector<std::pair<std::string, std::string>>{{"invoice", "INV-" + s.set_control}, {"po", "PO" + n}}))
        << s.set_control;
  }
  partners::SetFilter one;
  one.key_value = "PO199";
  auto found = partners::list_sets(*store, one);
  ASSERT_TRUE(found && found->size() == 1);
  EXPECT_EQ(found->front().set_control, "10199");
}

}  // namespace
}  // namespace edigate::testing
