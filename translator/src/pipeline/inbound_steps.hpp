#pragma once
// The steps of processing an inbound message that have side effects outside the ledger's own rows:
// our acknowledgment (sent once) and the deliveries to ERP connectors (each set once). Each step finds
// what an earlier attempt did and only does the rest.
#include <edigate/ack/generate.hpp>
#include <edigate/edi/interchange.hpp>
#include <edigate/partners/deliveries.hpp>
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/pipeline/receive.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edigate::pipeline {

// The stored bytes of a message, read back whole (they were capped when stored).
Result<std::string> read_stored(const std::string& path);

// The ledger's record of an interchange's envelope (its sets are added by the caller).
partners::LedgerInterchange ledger_record_of(const edi::Interchange& ic, std::string direction, const std::string& at,
                                             const std::string& message);

struct AnswerContext {
  PipelineContext& context;
  std::int64_t partner_id;
  std::string partner;
  std::string message;  // the inbound message's correlation id
  std::string at;
};

// Sends our acknowledgment of interchange `index` unless an earlier attempt did (then that one is
// put in the outbox if it never got there). `generate` false: the policy asks for none. Returns true
// when it was sent before.
Result<bool> send_acknowledgment(const AnswerContext& answer, std::uint32_t index, const ack::AckPolicy& policy, bool generate,
                                 const std::vector<partners::MessageState>& answered, ReceivedInterchange& out);

// A set of the interchange with its canonical document (none when it could not be mapped).
struct MappedSet {
  std::size_t group = 0, set = 0;
  std::optional<maps::Document> document;
};

// The message's deliveries so far, by delivery_id().
using DeliveriesByKey = std::map<std::string, partners::DeliveryState>;
std::string delivery_id(const partners::DeliveryKey& key);

struct DeliveryContext {
  PipelineContext& context;
  std::string partner;
  std::string message;
  const DeliveriesByKey& before;
  std::string& retry_reason;      // set when waiting may help
  std::string& exception_reason;  // set when it cannot
};

// Delivers the accepted sets of `ic` (the rejected ones never) to every connector that takes their
// document and has not had them yet.
Result<void> deliver_accepted(const DeliveryContext& delivery, const edi::Interchange& ic, const std::vector<MappedSet>& mapped,
                              const partners::LedgerInterchange& record, ReceivedInterchange& out);

bool is_acknowledgment(std::string_view type);

}  // namespace edigate::pipeline
