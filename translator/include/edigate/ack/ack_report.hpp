#pragma once
// Inbound acknowledgments — X12 997 and 999, TA1, EDIFACT CONTRL — read into plain values: which of
// our interchanges, groups and sets they speak about, what they say of each, and every error note,
// so they can be reconciled against what we sent. Codes are kept raw beside the interpreted status;
// their meaning is in vocabulary.hpp.
#include <edigate/edi/interchange.hpp>
#include <edigate/error.hpp>
#include <edigate/validate/report.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::ack {

enum class AckKind : std::uint8_t { ta1, x12_997, x12_999, contrl };
std::string_view to_string(AckKind kind) noexcept;  // "TA1", "997", "999", "CONTRL"

// X12 A/E/P/R (M, W and X are rejections), TA1 A/E/R, CONTRL 0083 7/4. CONTRL 8 ("interchange
// received", a technical CONTRL) reports no rejection and reads as accepted; the raw code says more.
using validate::AckStatus;  // to_string() gives "accepted", "accepted_with_errors", ...

// The acknowledgment's own envelope, to tell who sent it and under which control numbers.
struct AckEnvelope {
  edi::Standard standard = edi::Standard::x12;
  std::uint32_t interchange_index = 0;  // 1-based position of its interchange in the input
  std::string sender_qualifier;         // ISA05 / UNB S002 0007
  std::string sender_id;                // ISA06 / UNB S002 0004
  std::string receiver_qualifier;       // ISA07 / UNB S003 0007
  std::string receiver_id;              // ISA08 / UNB S003 0010
  std::string date;                     // ISA09 / UNB S004 0017
  std::string time;                     // ISA10 / UNB S004 0019
  std::string interchange_control;      // ISA13 / UNB 0020
  std::string group_control;            // GS06 / UNG 0048; empty for TA1 and CONTRL without UNG
  std::string set_control;              // ST02 / UNH 0062; empty for TA1
  std::string version;                  // ST03, else GS08 (X12) / UNH S009 "D:3:UN"; empty for TA1
};

// Where an error sits inside a segment: C030 of AK4/IK4, S011 of UCD/UCI/UCF/UCM. 1-based, 0 = not given.
struct ElementPosition {
  std::uint16_t element = 0;
  std::uint16_t component = 0;
  std::uint16_t repetition = 0;
  bool empty() const noexcept { return element == 0 && component == 0 && repetition == 0; }
};

// AK4 / IK4 / UCD: one data element in error.
struct ElementNote {
  ElementPosition position;           // AK401/IK401 / UCD S011
  std::string reference;              // AK402/IK402 data element reference number (X12 only)
  std::string code;                   // AK403/IK403 (DE 723) / UCD 0085
  std::string bad_value;              // AK404/IK404 copy of the bad data element (X12 only)
  std::vector<std::string> contexts;  // 999 CTX after the IK4, each as its raw elements text
};

// AK3 / IK3 / UCS: one segment in error.
struct SegmentNote {
  std::string tag;                    // AK301/IK301; empty for UCS
  std::uint32_t position = 0;         // AK302/IK302 / UCS 0096: position in the set (ST/UNH = 1)
  std::string loop_id;                // AK303/IK303
  std::string code;                   // AK304/IK304 (DE 720) / UCS 0085; may be empty
  std::vector<std::string> contexts;  // 999 CTX after the IK3 (segment context, business unit)
  std::vector<ElementNote> elements;
};

// AK2…AK5 / AK2…IK5 / UCM: one transaction set (message) we sent.
struct SetNote {
  std::string type;                      // AK201 / UCM S009 0065
  std::string control_number;            // AK202 / UCM 0062
  std::string version;                   // AK203 (999) / UCM S009 0052:0054:0051[:0057]
  std::optional<AckStatus> status;       // absent when the ack left it out (a problem says so)
  std::string status_code;               // AK501/IK501 / UCM 0083
  std::vector<std::string> error_codes;  // AK502-506/IK502-506 (DE 718) / UCM 0085
  std::string service_segment;           // UCM 0013 (EDIFACT): the service segment in error
  ElementPosition element;               // UCM S011 (EDIFACT)
  std::vector<SegmentNote> segments;
};

struct SetCounts {
  std::uint32_t included = 0;  // AK902
  std::uint32_t received = 0;  // AK903
  std::uint32_t accepted = 0;  // AK904
};

// AK1…AK9 / UCF: one functional group we sent.
struct GroupNote {
  std::string functional_id;             // AK101 (GS01)
  std::string control_number;            // AK102 (GS06) / UCF 0048
  std::string version;                   // AK103 (GS08, 5010)
  std::string sender_qualifier;          // UCF S006 0007
  std::string sender_id;                 // UCF S006 0040 (application sender)
  std::string recipient_qualifier;       // UCF S007 0007
  std::string recipient_id;              // UCF S007 0044 (application recipient)
  std::optional<AckStatus> status;       // absent when the ack left it out (a problem says so)
  std::string status_code;               // AK901 / UCF 0083
  std::vector<std::string> error_codes;  // AK905-909 (DE 716) / UCF 0085
  std::string service_segment;           // UCF 0013
  ElementPosition element;               // UCF S011
  std::optional<SetCounts> counts;       // AK902-904 (X12)
  std::vector<SetNote> sets;
};

// TA1 / UCI: one interchange we sent.
struct InterchangeNote {
  std::string control_number;       // TA101 / UCI 0020
  std::string date;                 // TA102 (X12)
  std::string time;                 // TA103 (X12)
  std::string sender_qualifier;     // UCI S002 0007 (EDIFACT): the sender of the interchange acknowledged
  std::string sender_id;            // UCI S002 0004
  std::string recipient_qualifier;  // UCI S003 0007
  std::string recipient_id;         // UCI S003 0010
  std::optional<AckStatus> status;  // absent when the ack left it out (a problem says so)
  std::string status_code;          // TA104 / UCI 0083
  std::string error_code;           // TA105 note (I18) / UCI 0085
  std::string service_segment;      // UCI 0013
  ElementPosition element;          // UCI S011
};

struct Acknowledgment {
  AckKind kind = AckKind::x12_997;
  AckEnvelope envelope;
  std::optional<InterchangeNote> interchange;  // TA1; CONTRL UCI
  std::vector<GroupNote> groups;               // 997/999: the AK1 group; CONTRL: each UCF
  std::vector<SetNote> sets;                   // CONTRL UCMs outside any UCF
  // Where the acknowledgment breaks its own rules (invalid_acknowledgment): errors for structure and
  // status codes, warnings for error codes outside the lists (private codes are kept raw).
  std::vector<Error> problems;

  bool read_cleanly() const noexcept;  // no problem of severity error
};

// One Acknowledgment per 997, 999 and CONTRL set and per TA1 segment, in input order; other sets are
// not acknowledgments and are skipped. `file` goes into the problems' locations.
std::vector<Acknowledgment> read_acknowledgments(const edi::Interchange& interchange,
                                                 const std::string& file = {});

nlohmann::json to_json(const Acknowledgment& ack);

// Plain words, one line per note, indented by level; ends with a newline.
std::string explain(const Acknowledgment& ack);

}  // namespace edigate::ack
