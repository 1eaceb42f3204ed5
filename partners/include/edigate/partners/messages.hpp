#pragma once
// Transport messages: what arrived or left over AS2, SFTP or a folder, recorded before any EDI in it is
// read, and the MDN that acknowledged it (the transport layer, kept apart from TA1 and 997/CONTRL).
#include <edigate/partners/store.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace edigate::partners {

struct LedgerMessage {
  std::string direction = "inbound";  // inbound | outbound
  std::string transport;              // as2, sftp, folder, file
  std::string transport_id;           // AS2 Message-ID, file name
  std::uint64_t size = 0;
  std::string sha256;                 // of the bytes as received / sent (hex)
  std::string stored_path;            // where the raw bytes are kept
  std::string at;                     // RFC 3339 UTC; empty: now
  std::string mdn_requested;          // '', sync, async
  unsigned mdn_deadline_minutes = 0;  // outbound async MDN: how long the partner has
  // inbound: stored (bytes kept, not yet processed) -> processed | exception;
  // outbound: queued -> sent | exception. Commands that do everything at once record "processed".
  std::string state = "processed";
  std::string source_sha256;  // outbound: the ERP document it was made from
  std::string origin;         // outbound acknowledgment: the inbound message's correlation id
};

// What a message's bytes are: their size and SHA-256 (hex), read in chunks.
struct ContentDigest {
  std::uint64_t size = 0;
  std::string sha256;
};
Result<ContentDigest> digest_file(const std::filesystem::path& file);

// Records a message; returns its correlation id, which the interchanges it carries share.
// `partner_id` 0: not known (yet).
Result<std::string> record_message(Store& store, std::int64_t partner_id, const LedgerMessage& message);

// The latest message sent or received under this transport id (an AS2 Message-ID seen again is a
// resend; a drop-folder file name may be reused for new content).
Result<std::optional<std::string>> message_by_transport_id(Store& store, std::string_view transport,
                                                           std::string_view direction, std::string_view transport_id);

// What an MDN says (RFC 3798 / RFC 4130 7.4): the disposition, and the MIC the partner computed.
struct MdnReceipt {
  std::string status;   // processed, processed/warning, failed, error (the disposition's type)
  std::string mic;      // Received-Content-MIC: "base64, sha-256"
  std::string details;  // the modifier or human-readable text, e.g. "decryption-failed"
  std::string at;       // RFC 3339 UTC; empty: now
};

// For an outbound message: the MDN the partner returned. For an inbound one: the MDN we sent.
// False when no message has that correlation id.
Result<bool> record_mdn(Store& store, std::string_view correlation_id, const MdnReceipt& mdn);

struct MessageState {
  std::string correlation_id, partner, direction, transport, transport_id, sha256, stored_path, created_at;
  std::uint64_t size = 0;
  std::string mdn_requested, mdn_due_at, mdn_status, mdn_at, mdn_mic, mdn_details;
  std::string transport_status;  // received, sent, mdn_pending, mdn_overdue, processed, processed/warning, failed, error
  std::string state, last_error, next_attempt_at, source_sha256, origin;
  std::string state_at;  // when it moved to its state (RFC 3339 UTC); empty: recorded so, or before migration 7
  unsigned attempts = 0;
};

Result<std::optional<MessageState>> find_message(Store& store, std::string_view correlation_id,
                                                 const std::string& now = {});

// The pipeline's work list: messages of a direction in a state whose next attempt is due (oldest first).
Result<std::vector<MessageState>> messages_in_state(Store& store, std::string_view direction, std::string_view state,
                                                    std::size_t limit = 100, const std::string& now = {});
// Moves a message on; `error` and `next_attempt_at` (RFC 3339, empty: now) go with a retry or an
// exception; each call with an error counts an attempt.
Result<void> set_message_state(Store& store, std::string_view correlation_id, std::string_view state,
                               const std::string& error = {}, const std::string& next_attempt_at = {});
// The latest outbound message made from the same ERP document for the partner (sending it again is a replay).
Result<std::optional<MessageState>> message_by_source(Store& store, std::int64_t partner_id, std::string_view source_sha256);
struct MessageFilter {
  std::string direction;  // inbound | outbound; empty: both
  std::string state;      // stored, processed, exception, queued, sent; empty: any
  std::string partner;    // name
  std::size_t limit = 100;
};
// Newest first: the exception queue is `state = exception`.
Result<std::vector<MessageState>> list_messages(Store& store, const MessageFilter& filter);

// Outbound messages that answer an inbound one (our acknowledgments), oldest first.
Result<std::vector<MessageState>> messages_by_origin(Store& store, std::string_view origin);

}  // namespace edigate::partners
