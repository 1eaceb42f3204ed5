#pragma once
// What the ledger tests share: a partner with nothing but a name, and a set with its keys.
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/partner_store.hpp>

#include <gtest/gtest.h>

#include <string>

namespace edigate::testing {

inline std::int64_t add_named_partner(partners::Store& store, const std::string& name) {
  partners::Profile p;
  p.name = name;
  auto id = partners::import_profile(store, p, false);
  EXPECT_TRUE(id) << id.error().describe();
  return id ? *id : 0;
}

// A set of `type` for `document`, keyed by its PO and by a second key named `key` ("SH-" / "INV-"
// and its control number).
inline partners::LedgerSet keyed_set(const std::string& group, const std::string& control, const std::string& po,
                                     const std::string& type = "856", const std::string& document = "ship_notice",
                                     const std::string& key = "shipment", const std::string& prefix = "SH-") {
  partners::LedgerSet s;
  s.group_control = group;
  s.set_type = type;
  s.control_number = control;
  s.document = document;
  s.keys = {{"po", po}, {key, prefix + control}};
  return s;
}

}  // namespace edigate::testing
