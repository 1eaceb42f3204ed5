#pragma once
// What was changed through the portal API and by whom. An action sent with an Idempotency-Key is
// recorded with its answer, so the same key sent again gets the same answer instead of a second action.
#include <edigate/partners/store.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edigate::partners {

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;  // RFC 3339 UTC; empty when recording: now
  std::int64_t token_id = 0;
  std::string token_name, role;
  std::string action;  // partner.create, document.resend, ...
  std::string target;  // what it acted on: a partner name, a document id
  std::string idempotency_key;
  std::string request_id;
  unsigned status = 0;    // the HTTP status answered
  std::string response;   // the body answered (kept for idempotent replays)
};

// Fails with already_exists when the token already used this idempotency key (a concurrent request
// won the race: the caller answers with what that one recorded).
Result<std::int64_t> record_audit(Store& store, const AuditEntry& entry);

// The entry an earlier request with this token and key recorded.
Result<std::optional<AuditEntry>> audit_by_key(Store& store, std::int64_t token_id, const std::string& idempotency_key);

// Newest first; `before_id` > 0 continues a page after that id.
Result<std::vector<AuditEntry>> list_audit(Store& store, std::size_t limit, std::int64_t before_id = 0);

}  // namespace edigate::partners
