#pragma once
// Acknowledgments we send: TA1, 997 (4010), 999 (5010; no CTX yet), CONTRL — built from a validation
// report, with the envelope turned round (their receiver is our sender) and our control numbers
// taken from the caller, so that the store can own them.
#include <edigate/result.hpp>
#include <edigate/validate/report.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace edigate::ack {

enum class AckRequest : std::uint8_t {
  automatic,  // X12: 999 for 005010 groups, 997 otherwise; EDIFACT: CONTRL
  fa997,
  ia999,
  ta1,        // only the TA1
  contrl,
};

enum class When : std::uint8_t {
  requested,  // TA1 when ISA14 = 1 or the envelope is bad; CONTRL when UNB asks (0031 = 1)
  always,
  on_errors,  // only when something was rejected or accepted with errors
};

struct AckPolicy {
  AckRequest kind = AckRequest::automatic;
  When functional = When::always;  // 997 / 999 / CONTRL
  When interchange = When::requested;  // TA1
  bool list_accepted_sets = true;  // AK2 / UCM also for sets that were accepted
};

enum class ControlLevel : std::uint8_t { interchange, group, set };
// Returns our next control number for the level; the store provides one per partner later.
using ControlNumberAllocator = std::function<std::uint64_t(ControlLevel)>;

struct AckClock {
  std::string date;  // CCYYMMDD
  std::string time;  // HHMM
  static AckClock now();
};

struct GeneratedAck {
  AckRequest kind = AckRequest::fa997;  // what the interchange carries (ta1 when nothing else)
  bool has_ta1 = false;
  std::string text;  // one interchange, ready to send
};

// Nothing (an empty optional-like vector) when the policy asks for no acknowledgment.
Result<std::vector<GeneratedAck>> generate(const validate::InterchangeReport& report, const AckPolicy& policy,
                                             const ControlNumberAllocator& next_control, const AckClock& clock);

std::string_view to_string(AckRequest kind) noexcept;

}  // namespace edigate::ack
