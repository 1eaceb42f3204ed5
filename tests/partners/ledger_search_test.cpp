// Searching the ledger the way the portal API does, on SQLite and PostgreSQL: by envelope numbers,
// document, set type, date range and business number of one kind, newest first, page after page.
#include "partners/ledger_env.hpp"
#include "partners/store_env.hpp"

#include <edigate/partners/ledger.hpp>

#include <set>

namespace edigate::testing {
namespace {

using partners::LedgerInterchange;
using partners::SetFilter;
using partners::Store;

std::vector<std::string> controls(Store& store, const SetFilter& filter) {
  auto sets = partners::list_sets(store, filter, "2026-11-26T00:00:00Z");
  EXPECT_TRUE(sets) << sets.error().describe();
  std::vector<std::string> out;
  if (sets) for (const auto& s : *sets) out.push_back(s.interchange_control + "/" + s.group_control + "/" + s.set_control);
  return out;
}

TEST_P(StoreTest, TheLedgerIsSearchedByNumbersDatesAndPages) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().describe();
  const auto retailer = add_named_partner(*store, "retailer");
  for (int i = 1; i <= 4; ++i) {
    LedgerInterchange ic;
    ic.standard = "x12";
    ic.control_number = "00000010" + std::to_string(i);
    ic.at = "2026-11-25T1" + std::to_string(i) + ":00:00Z";
    ic.ack_deadline_minutes = 60;
    auto a = keyed_set(std::to_string(i), "0001", "45000000" + std::to_string(i));
    a.set_type = "810";
    a.document = "invoice";
    a.keys = {{"invoice", "INV-" + std::to_string(i)}, {"po", "45000000" + std::to_string(i)}};
    auto b = keyed_set(std::to_string(i), "0002", "INV-" + std::to_string(i));  // a PO number that looks like an invoice's
    ic.sets = {a, b};
    ASSERT_TRUE(partners::record_interchange(*store, retailer, ic));
  }
  SetFilter by_interchange;
  by_interchange.interchange_control = "000000102";
  EXPECT_EQ(controls(*store, by_interchange), (std::vector<std::string>{"000000102/2/0002", "000000102/2/0001"}));
  SetFilter by_set;
  by_set.group_control = "3";
  by_set.set_control = "0001";
  EXPECT_EQ(controls(*store, by_set), (std::vector<std::string>{"000000103/3/0001"}));
  SetFilter invoices;
  invoices.document = "invoice";
  invoices.set_type = "810";
  EXPECT_EQ(controls(*store, invoices).size(), 4u);
  SetFilter window;
  window.since = "2026-11-25T12:00:00Z";
  window.until = "2026-11-25T14:00:00Z";
  EXPECT_EQ(controls(*store, window),
            (std::vector<std::string>{"000000103/3/0002", "000000103/3/0001", "000000102/2/0002", "000000102/2/0001"}));
  SetFilter invoice_number;
  invoice_number.key_value = "INV-2";
  EXPECT_EQ(controls(*store, invoice_number).size(), 2u);  // the invoice, and the set whose PO reads the same
  invoice_number.key_name = "invoice";
  EXPECT_EQ(controls(*store, invoice_number), (std::vector<std::string>{"000000102/2/0001"}));

  // Pages: newest first, each starting before the last one's id, together every set once.
  std::set<std::int64_t> seen;
  SetFilter page;
  page.limit = 3;
  for (int pages = 0; pages < 10; ++pages) {
    auto sets = partners::list_sets(*store, page, "2026-11-26T00:00:00Z");
    ASSERT_TRUE(sets);
    if (sets->empty()) break;
    for (std::size_t i = 0; i < sets->size(); ++i) {
      EXPECT_TRUE(seen.insert((*sets)[i].id).second);
      if (i > 0) {
        EXPECT_LT((*sets)[i].id, (*sets)[i - 1].id);
      }
    }
    page.before_id = sets->back().id;
  }
  EXPECT_EQ(seen.size(), 8u);
  auto one = partners::find_set(*store, *seen.begin());
  ASSERT_TRUE(one && *one);
  EXPECT_EQ((*one)->id, *seen.begin());
  auto none = partners::find_set(*store, 999999);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

}  // namespace
}  // namespace edigate::testing
