#pragma once
// Receiving a file of EDI from a partner: the message is recorded before anything is read from it,
// each interchange is validated, checked against what the partner sent before (duplicates are
// recorded and answered, never processed twice), recorded in the ledger with its business keys and
// the acknowledgment we send, and acknowledged with our own control numbers from the store.
#include <edigate/ack/generate.hpp>
#include <edigate/maps/map.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/report.hpp>
#include <edigate/validate/validator.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace edigate::pipeline {

struct ReceiveOptions {
  std::string partner;            // name; empty: each interchange's sender identity finds it
  std::string transport = "file"; // as2, sftp, folder, file
  std::string transport_id;       // AS2 Message-ID or file name; empty: the file's name
  std::string stored_path;        // where the raw bytes are kept; empty: the file itself
  std::string at;                 // RFC 3339 UTC; empty: now (EDIGATE_NOW pins it)
  ack::AckClock clock = ack::AckClock::now();
  validate::ValidationOptions validation;
};

struct ReceivedInterchange {
  std::uint32_t index = 0;
  std::string correlation_id;
  std::string partner;
  std::string standard;             // x12 | edifact
  std::string control_number;       // ISA13 / UNB 0020
  std::string duplicate_of;         // the correlation id of the copy received before, if any
  validate::InterchangeReport report;  // with the store's duplicate findings added
  std::vector<ack::GeneratedAck> acknowledgments;  // to send to the partner
  std::string ack_control_number;   // our ISA13 / UNB 0020 on them (empty: none sent)
  std::vector<std::string> notes;   // what was decided without an agreement, and similar
  // An interchange of acknowledgments (TA1, 997, 999, CONTRL) is reconciled with what we sent, not
  // acknowledged itself.
  bool carried_acknowledgments = false;
  std::size_t results_matched = 0, results_unmatched = 0;
};

struct ReceiveResult {
  std::string message_correlation;
  std::vector<ReceivedInterchange> interchanges;
  std::vector<Error> problems;  // the file's own (unreadable, no interchange) and the partner lookups'
  bool rejected() const noexcept;  // anything rejected, a duplicate, or a problem
};

// Fails only when the store cannot be written (then nothing may be acknowledged); everything wrong
// with the input is in the result.
Result<ReceiveResult> receive_file(partners::Store& store, const std::filesystem::path& file,
                                   schema::SchemaRegistry& schemas, const maps::MapLibrary& maps,
                                   const ReceiveOptions& options);

}  // namespace edigate::pipeline
