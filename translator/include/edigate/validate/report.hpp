#pragma once
// What validation found, shaped like the acknowledgments that report it: interchange → groups →
// sets, each with its findings and its status.
#include <edigate/edi/interchange.hpp>
#include <edigate/error.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace edigate::validate {

// One vocabulary for what we decide about a set, group or interchange and for what a partner's
// acknowledgment says (edigate/ack/ack_report.hpp), so the two can be reconciled.
enum class AckStatus : std::uint8_t { accepted, accepted_with_errors, partially_accepted, rejected };
std::string_view to_string(AckStatus status) noexcept;  // identifier: "accepted_with_errors"
std::string_view status_words(AckStatus status) noexcept;  // for people: "accepted with errors"
// 997/999 AK501/AK901 and TA104 letter: A E P R.
char status_letter(AckStatus status) noexcept;

// One problem. `error` carries code, place (segment, set position, tag, element, component,
// repetition) and the sentence; the rest is what acknowledgments need besides.
struct Finding {
  Error error;
  std::string loop_id;      // AK303 / IK303: loop the segment is in
  std::string element_ref;  // AK404 / IK404: data element reference number
  std::string bad_value;    // AK404 / IK404: copy of the bad data (at most 99 characters)
  bool implementation = false;  // found by a guide's rule rather than the standard's
};

struct SetReport {
  std::string id;                  // ST01 / UNH S009 0065
  std::string control_number;      // ST02 / UNH 0062
  std::string implementation_ref;  // ST03 (5010)
  std::string message_identifier;  // EDIFACT UNH S009 as written: ORDERS:D:96A:UN
  std::string guide;               // implementation guide applied, if any
  std::uint32_t header_segment = 0;  // ordinal of ST/UNH in the interchange
  std::uint32_t segment_count = 0;   // segments seen, ST..SE
  AckStatus status = AckStatus::accepted;
  std::vector<Finding> findings;
  std::size_t suppressed = 0;      // findings over the limit: counted, not kept
};

struct GroupReport {
  bool has_header = false;         // EDIFACT messages without UNG have none
  std::string functional_id;       // GS01 / UNG 0038
  std::string sender;              // GS02
  std::string receiver;            // GS03
  std::string control_number;      // GS06 / UNG 0048
  std::string version;             // GS08 / UNG S008
  std::uint32_t header_segment = 0;
  std::uint32_t declared_sets = 0; // GE01 (sets included), 0 when the trailer is missing
  AckStatus status = AckStatus::accepted;
  std::vector<Finding> findings;   // group-level (AK905)
  std::vector<SetReport> sets;
  std::uint32_t accepted_sets() const noexcept;
};

struct InterchangeReport {
  std::uint32_t index = 0;
  edi::InterchangeInfo info;
  std::string file;
  AckStatus status = AckStatus::accepted;  // TA104 / UCI 0083
  std::vector<Finding> findings;           // interchange level (TA105, UCI)
  std::vector<GroupReport> groups;
  std::size_t suppressed = 0;
  // True when anything at any level was rejected.
  bool rejected() const noexcept;
};

}  // namespace edigate::validate
