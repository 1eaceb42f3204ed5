#pragma once
// What reached our ERP systems: one row per inbound set and ERP connector, so a set is delivered
// once however often its message is processed again (a restart, a replay).
#include <edigate/partners/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace edigate::partners {

struct DeliveryKey {
  std::string message;              // the inbound message's correlation id
  unsigned interchange_index = 0;   // 1-based, in the message
  unsigned set_index = 0;           // 0-based, in the interchange
  std::string connector;
};

struct DeliveryState {
  std::string state;  // pending, delivered, failed
  std::string target; // file written, URL answered
  std::string last_error;
  unsigned attempts = 0;
  std::string updated_at;
};

Result<std::optional<DeliveryState>> find_delivery(Store& store, const DeliveryKey& key);
// Creates or updates the row; an error counts an attempt.
Result<void> record_delivery(Store& store, const DeliveryKey& key, std::string_view state, const std::string& target,
                             const std::string& error = {});

struct DeliveryRow {
  DeliveryKey key;
  DeliveryState state;
};
Result<std::vector<DeliveryRow>> deliveries_of(Store& store, std::string_view message);

// The interchanges already recorded for a message, in the order they were recorded: processing a
// message again resumes after them instead of seeing them as duplicates of themselves.
struct RecordedInterchange {
  std::string control_number;
  std::string duplicate_of;
};
Result<std::vector<RecordedInterchange>> interchanges_of_message(Store& store, std::string_view message);

}  // namespace edigate::partners
