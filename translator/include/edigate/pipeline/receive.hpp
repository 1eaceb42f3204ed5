#pragma once
// Receiving EDI from a partner. The bytes are first kept durably in the data folder's inbox and
// recorded as a message ("stored"); processing a stored message then validates each interchange,
// checks it against what the partner sent before (duplicates are recorded and answered, never
// processed twice), records it in the ledger with its business keys and the acknowledgment we send,
// writes that acknowledgment to the partner's outbox with our control numbers, and delivers each
// accepted set to the ERP connectors. Processing is idempotent: after a crash, or on a replay, it
// resumes — nothing recorded twice, no set delivered twice, no acknowledgment sent twice.
#include <edigate/ack/generate.hpp>
#include <edigate/maps/map.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/pipeline/erp_connector.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/report.hpp>
#include <edigate/validate/validator.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace edigate::pipeline {

struct PipelineContext {
  PipelineContext(partners::Store& store_, schema::SchemaRegistry& schemas_, const maps::MapLibrary& maps_,
                  std::filesystem::path data_dir_)
      : store(store_), schemas(schemas_), maps(maps_), data_dir(std::move(data_dir_)) {}

  partners::Store& store;
  schema::SchemaRegistry& schemas;
  const maps::MapLibrary& maps;
  std::filesystem::path data_dir;  // inbox/ (raw bytes), outgoing/ (our acknowledgments), outbox/<partner>/
  std::vector<ErpConnector> erp;   // where accepted documents go; none: recorded only
  ack::AckClock clock = ack::AckClock::now();
  validate::ValidationOptions validation;
  std::string at;  // RFC 3339 UTC for what is recorded; empty: now (EDIGATE_NOW pins it)
  std::uint64_t max_message_size = 256ull << 20;
  // Maps compiled with a partner's overlay, by overlay file, kept for the context's life (an edited
  // overlay is read again by a new context: a restart of serve).
  std::map<std::string, std::shared_ptr<const maps::CompiledMap>> overlay_maps;
  // Schemas with a partner agreement's implementation guide applied, by guide file.
  std::map<std::string, std::unique_ptr<schema::SchemaRegistry>> guided_schemas;
};

struct InboundSource {
  std::string partner;             // name; empty: each interchange's sender identity finds it
  std::string transport = "file";  // as2, sftp, folder, file
  std::string transport_id;        // AS2 Message-ID or file name; empty: the file's name
};

// Copies `file` into the inbox (fsync'd) and records the message as "stored"; returns its
// correlation id. Nothing of it has been read yet.
Result<std::string> store_inbound(PipelineContext& context, const std::filesystem::path& file, const InboundSource& source);

struct DeliveredSet {
  std::string set_control, document, connector, target;
};

struct ReceivedInterchange {
  std::uint32_t index = 0;
  std::string correlation_id;
  std::string partner;
  std::string standard;             // x12 | edifact
  std::string control_number;       // ISA13 / UNB 0020
  std::string duplicate_of;         // the correlation id of the copy received before, if any
  validate::InterchangeReport report;  // with the store's duplicate findings added
  std::vector<ack::GeneratedAck> acknowledgments;  // generated now (empty when sent before)
  std::string ack_kind;             // 997, 999, TA1, CONTRL (what was or is sent)
  std::string ack_control_number;   // our ISA13 / UNB 0020 on it (empty: none)
  std::string ack_file;             // where it waits for the partner's transport
  std::vector<DeliveredSet> delivered;
  std::vector<std::string> notes;   // what was decided without an agreement, and similar
  // An interchange of acknowledgments (TA1, 997, 999, CONTRL) is reconciled with what we sent, not
  // acknowledged itself.
  bool carried_acknowledgments = false;
  std::size_t results_matched = 0, results_unmatched = 0;
  bool resumed = false;             // recorded by an earlier attempt
};

struct ReceiveResult {
  std::string message_correlation;
  std::string state;  // processed, stored (a retry is due), exception
  std::string reason; // why not processed
  std::vector<ReceivedInterchange> interchanges;
  std::vector<Error> problems;  // the file's own (unreadable, no interchange) and the partner lookups'
  bool rejected() const noexcept;  // anything rejected, a duplicate, or a problem
};

// Processes a stored message (again). Fails only when the store cannot be used; everything wrong
// with the input or the ERP side is in the result (state "exception" with the reason, or "stored"
// with a retry due when waiting can help).
Result<ReceiveResult> process_message(PipelineContext& context, const std::string& correlation);

// store_inbound, then process_message.
Result<ReceiveResult> receive_file(PipelineContext& context, const std::filesystem::path& file, const InboundSource& source);

}  // namespace edigate::pipeline
