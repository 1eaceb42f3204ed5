#pragma once
// The envelope model: an interchange holds groups, a group holds transaction sets (EDIFACT messages),
// a set holds segments. Segments are views into the reader's buffer.
#include <edigate/edi/delimiters.hpp>
#include <edigate/edi/segment.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edigate::edi {

// Envelope facts of one interchange, copied out of the header so they outlive the buffer.
struct InterchangeInfo {
  Standard standard = Standard::x12;
  Delimiters delimiters;
  bool has_service_string = false;  // EDIFACT UNA present
  std::string service_string;       // the 9 bytes of UNA, when present
  std::string version;              // ISA12 (00401) or UNB syntax version number (3)
  std::string syntax_identifier;    // EDIFACT UNB S001 0001 (UNOC)
  std::string character_set;        // readable name of the declared character set
  std::string sender_qualifier;     // ISA05 / UNB S002 0007
  std::string sender_id;            // ISA06 (trimmed) / UNB S002 0004
  std::string receiver_qualifier;   // ISA07 / UNB S003 0007
  std::string receiver_id;          // ISA08 (trimmed) / UNB S003 0010
  std::string date;                 // ISA09 / UNB S004 0017
  std::string time;                 // ISA10 / UNB S004 0019
  std::string control_number;       // ISA13 / UNB 0020
  bool ack_requested = false;       // ISA14 = 1 / UNB 0031 = 1
  bool test = false;                // ISA15 = T / UNB 0035 = 1
};

struct TransactionSet {
  SegmentView header;                 // ST / UNH
  std::optional<SegmentView> trailer; // SE / UNT; absent when the input left it out
  std::vector<SegmentView> segments;  // header, body and trailer in order
  std::string_view type() const noexcept;            // ST01 (850) / UNH S009 0065 (ORDERS)
  std::string_view control_number() const noexcept; // ST02 / UNH 0062
  std::string_view version() const noexcept;        // ST03 / UNH S009 after 0065, raw ("D:96A:UN:EAN008")
};

struct FunctionalGroup {
  std::optional<SegmentView> header;  // GS / UNG; absent for EDIFACT messages sent without groups
  std::optional<SegmentView> trailer; // GE / UNE
  std::vector<TransactionSet> sets;
  std::string_view control_number() const noexcept;
  std::string_view functional_id() const noexcept;  // GS01 (PO) / UNG 0038
  std::string_view version() const noexcept;        // GS08 (004010) / UNG S008
};

struct Interchange {
  std::uint32_t index = 0;         // 1-based position in the file
  std::uint64_t offset = 0;        // first byte (UNA, ISA or UNB)
  std::uint64_t end_offset = 0;    // one past the last byte of the trailer's terminator
  InterchangeInfo info;
  SegmentView header;                    // ISA / UNB
  std::optional<SegmentView> trailer;    // IEA / UNZ
  std::vector<SegmentView> segments;     // every segment in input order (UNA excluded)
  std::vector<SegmentView> service_segments;  // TA1 (X12) found between envelopes
  std::vector<FunctionalGroup> groups;   // EDIFACT messages without UNG sit in one header-less group

  std::size_t set_count() const noexcept;
};

}  // namespace edigate::edi
