#pragma once
// Sending an ERP document to a partner: mapped to canonical, written in the standard and version of
// the partner's outbound agreement with its envelope and our control numbers from the store,
// validated, put into the partner's outbox folder, and recorded as a queued message and as an
// interchange that waits for the partner's acknowledgment. Sending the same ERP document again is a
// replay: the earlier file and numbers are reported, nothing is allocated or written.
#include <edigate/maps/map.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/validator.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace edigate::pipeline {

struct SendOptions {
  std::filesystem::path outbox = "outbox";  // files go to <outbox>/<partner>/
  // A copy of each file sent is kept in <archive>/<partner>/ (the transport empties the outbox): the
  // message points at it, replays and resends read it. Empty: "outgoing" beside the outbox.
  std::filesystem::path archive;
  std::string input_map;  // the map that reads the ERP document (one that no <detect> recognises)
  // RFC 3339 UTC recorded in the ledger; the envelope dates are its CCYYMMDDHHMM. Empty: now
  // (EDIGATE_NOW=CCYYMMDDHHMM pins it).
  std::string at;
  bool force_new = false;  // send again with new control numbers although this document was sent
  validate::ValidationOptions validation;
};

struct SentSet {
  std::string document;                                   // canonical model: invoice, order, ...
  std::string set_type;                                   // 810 / ORDERS
  std::string group_control;                              // GS06; empty for EDIFACT (no UNG)
  std::string control_number;                             // ST02 / UNH 0062
  std::vector<std::pair<std::string, std::string>> keys;  // ("invoice", "INV-1001"), ...
};

struct SendResult {
  std::string partner;
  std::string standard;             // x12 | edifact
  std::string version;              // 005010 / D96A: the agreement's
  std::string interchange_control;  // ISA13 / UNB 0020 as written
  std::vector<SentSet> sets;
  std::filesystem::path file;       // in the outbox
  std::filesystem::path archived;   // the kept copy
  std::string message_correlation;  // the queued message; the interchange shares it
  std::string message_state;        // queued, sent, exception
  std::string ack;                  // the acknowledgment expected (997, 999, TA1, CONTRL); empty: none
  std::string due_at;               // RFC 3339; empty when no acknowledgment is expected
  bool replay = false;              // sent before: nothing new was allocated or written
};

// One ERP file (or canonical JSON/XML) becomes one interchange in one file. Errors say what is wrong
// and leave nothing queued: an unknown partner, a document without an outbound agreement, documents
// whose agreements need different standards or versions, a mapping error (nothing allocated); a
// generated interchange the validator rejects (its numbers are given back: they, the message and the
// ledger commit together); a replay whose earlier file is missing or changed.
Result<SendResult> send_file(partners::Store& store, const std::filesystem::path& erp_file,
                             const std::string& partner, const maps::MapLibrary& maps,
                             schema::SchemaRegistry& schemas, const SendOptions& options);

// Puts a message sent before back in the partner's outbox from its kept copy: the same bytes, the
// same control numbers (an operator's resend; `edigate replay` of an outbound message).
Result<std::filesystem::path> requeue_sent(partners::Store& store, const std::string& correlation,
                                           const std::filesystem::path& outbox);

}  // namespace edigate::pipeline
