#pragma once
// The acknowledgment ledger: what we sent and whether the partner acknowledged it in time, what we
// received and what we acknowledged back. Business keys (PO, shipment, invoice numbers) make sets
// findable the way customer service asks ("did they send their 997 for PO 4500012345?").
#include <edigate/partners/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edigate::partners {

struct LedgerSet {
  std::string group_control;   // GS06 / UNG 0048 (empty without groups)
  std::string set_type;        // 850 / ORDERS
  std::string control_number;  // ST02 / UNH 0062
  std::string document;        // canonical model: order, invoice, ...
  std::vector<std::pair<std::string, std::string>> keys;  // ("po", "4500012345"), ...
  // Inbound: the acknowledgment we sent for it ("997", "accepted").
  std::string ack_kind;
  std::string ack_status;
};

struct LedgerInterchange {
  std::string direction = "outbound";  // inbound | outbound
  std::string standard;                // x12 | edifact
  std::string control_number;          // ISA13 / UNB 0020
  std::string sender, receiver;
  std::string at;                      // RFC 3339 UTC; empty: now
  unsigned ack_deadline_minutes = 0;   // outbound: 0 = no acknowledgment expected
  std::string duplicate_of;            // inbound: the correlation id of the earlier copy, recorded, never processed
  std::string message_correlation;     // the transport message that carried it (messages.hpp): its correlation id is shared
  std::vector<LedgerSet> sets;
};

// Duplicate checks for inbound interchanges: the correlation id of an interchange (or of the one
// holding the group/set) already recorded for this partner and direction at or after `since`.
Result<std::optional<std::string>> earlier_interchange(Store& store, std::int64_t partner_id, std::string_view direction,
                                                       std::string_view control_number, std::string_view since);
// `exclude` (a correlation id) leaves out the rows of a message being processed again.
Result<std::optional<std::string>> earlier_group(Store& store, std::int64_t partner_id, std::string_view direction,
                                                 std::string_view group_control, std::string_view since,
                                                 std::string_view exclude = {});
Result<std::optional<std::string>> earlier_set(Store& store, std::int64_t partner_id, std::string_view direction,
                                               std::string_view group_control, std::string_view set_control,
                                               std::string_view since);

// Records an interchange and its sets in one transaction; returns its correlation id. An outbound
// interchange's control numbers stop being outstanding (control_numbers.hpp).
Result<std::string> record_interchange(Store& store, std::int64_t partner_id, const LedgerInterchange& interchange);

// What a partner's acknowledgment says about something we sent.
struct AckResult {
  std::string kind;                 // 997, 999, TA1, CONTRL
  std::string interchange_control;  // the interchange acknowledged (TA1, CONTRL UCI); empty for 997/999
  std::string group_control;        // AK1 / UCF: the group acknowledged
  std::string set_control;          // AK2 / UCM: empty = the group (or interchange) as a whole
  std::string status;               // accepted, accepted_with_errors, partially_accepted, rejected
  std::vector<std::string> details; // the decoded errors, in words
};

struct ReconcileSummary {
  std::size_t matched = 0;    // results that found what they acknowledge
  std::size_t unmatched = 0;  // results about nothing we recorded sending
};

Result<ReconcileSummary> reconcile(Store& store, std::int64_t partner_id, const std::vector<AckResult>& results,
                                   const std::string& received_at = {});

struct SetState {
  std::int64_t id = 0;  // the set's row: stable, and the order of recording
  std::string correlation_id, partner, direction, standard, interchange_control, group_control, set_type, set_control;
  std::string document, created_at, due_at, acked_at, ack_kind, ack_status, group_status, ta1_status;
  std::string transport, mdn_status;  // the transport layer: as2 + processed, ... (empty: not recorded)
  std::string status;  // sent, pending, overdue, accepted, accepted_with_errors, partially_accepted, rejected, late
  std::string details; // JSON array of the decoded errors
  std::vector<std::pair<std::string, std::string>> keys;
};

struct SetFilter {
  std::string partner;    // name
  std::string status;     // as in SetState::status
  std::string key_value;  // a PO, shipment or invoice number
  std::string key_name;   // with key_value: only that kind of number (po, shipment, invoice); empty: any
  std::string since;      // RFC 3339: created at or after
  std::string until;      // RFC 3339: created before
  std::string direction;  // inbound | outbound
  std::string document;   // canonical model: order, invoice, ...
  std::string set_type;   // 850, ORDERS, ...
  std::string interchange_control;  // ISA13 / UNB 0020
  std::string group_control;        // GS06 / UNG 0048
  std::string set_control;          // ST02 / UNH 0062
  std::int64_t id = 0;              // one set
  std::int64_t before_id = 0;       // the next page: sets recorded before this one
  std::size_t limit = 1000;
};

// Newest first. `now` decides pending vs overdue (RFC 3339 UTC; empty: the clock).
Result<std::vector<SetState>> list_sets(Store& store, const SetFilter& filter, const std::string& now = {});
// One set by its id.
Result<std::optional<SetState>> find_set(Store& store, std::int64_t id, const std::string& now = {});

}  // namespace edigate::partners
