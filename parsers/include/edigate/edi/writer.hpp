#pragma once
// Writing X12 and EDIFACT: the inverse of the readers, in three layers.
//   1. SegmentWriter appends one segment built from unescaped values, with chosen delimiters.
//   2. write(InterchangeDraft) wraps segments in ISA/GS/ST (UNA/UNB/UNG/UNH) envelopes and computes
//      every count and trailer control number.
//   3. rewrite(Interchange) writes a parsed interchange back byte for byte (gaps, UNA, wraps kept).
#include <edigate/edi/delimiters.hpp>
#include <edigate/edi/interchange.hpp>
#include <edigate/result.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::edi {

// ---------------------------------------------------------------- values

// One data element: repetitions, each a list of components. Values are UNESCAPED.
struct Element {
  std::vector<std::vector<std::string>> repetitions;

  Element() = default;
  Element(std::string value) : repetitions{{std::move(value)}} {}  // NOLINT(google-explicit-constructor)
  Element(std::string_view value)
      : repetitions{{std::string(value)}} {}                         // NOLINT(google-explicit-constructor)
  Element(const char* value) : repetitions{{std::string(value)}} {}  // NOLINT(google-explicit-constructor)

  static Element composite(std::vector<std::string> components);
  static Element repeated(std::vector<std::vector<std::string>> repetitions);
  // True when writing it produces no characters.
  bool empty() const noexcept;
};

struct Segment {
  std::string tag;
  std::vector<Element> elements;
};

// What follows each segment terminator.
enum class LineBreaks : std::uint8_t {
  as_found,  // rewrite(): the whitespace the input had; elsewhere the same as none
  none,
  lf,
  crlf,
};
std::string_view line_break_text(LineBreaks breaks) noexcept;

struct SegmentOptions {
  // Trailing empty elements, components and repetitions are left out unless kept here.
  bool keep_trailing_empty = false;
  LineBreaks line_breaks = LineBreaks::none;
};

// ---------------------------------------------------------------- layer 1: segments

// Appends `value` to `out`: EDIFACT service characters get the release character; a value that
// cannot be carried (X12 value holding a delimiter, any line break, no release character) is an
// Error and nothing is appended.
Result<void> append_value(std::string& out, std::string_view value, const Delimiters& d);

// True when the service characters can delimit a document: set, distinct, no letters or digits.
Result<void> check_delimiters(const Delimiters& d, Standard standard);

class SegmentWriter {
 public:
  SegmentWriter(std::string& out, const Delimiters& d, SegmentOptions options = {}) noexcept
      : out_(&out), delims_(d), options_(options) {}

  // Appends tag, elements, terminator and line break. On error `out` is left unchanged.
  Result<void> write(const Segment& segment);
  Result<void> write(std::string_view tag, std::span<const Element> elements);
  // Appends text that is already escaped (a SegmentView::raw()) and the terminator.
  void write_raw(std::string_view raw);

  std::size_t segments_written() const noexcept { return count_; }
  const Delimiters& delimiters() const noexcept { return delims_; }

 private:
  std::string* out_;
  Delimiters delims_;
  SegmentOptions options_;
  std::size_t count_ = 0;
};

// The segment without its terminator.
Result<std::string> format_segment(const Segment& segment, const Delimiters& d, SegmentOptions options = {});
Result<void> write_segment(std::ostream& out, const Segment& segment, const Delimiters& d,
                           SegmentOptions options = {});

// ---------------------------------------------------------------- layer 2: envelopes

struct SetDraft {
  Segment header;             // ST*850*0001 / UNH+1+ORDERS:D:96A:UN; SE/UNT are computed
  std::vector<Segment> body;  // the segments between header and trailer
};

struct GroupDraft {
  std::optional<Segment> header;  // GS / UNG; none for EDIFACT messages sent without groups
  std::vector<SetDraft> sets;
};

enum class ServiceStringAdvice : std::uint8_t {
  automatic,  // UNA when the delimiters differ from what a reader assumes without one
  always,
  never,  // non-default delimiters are then an Error
};

// The interchange header as values; ISA fields are padded to their fixed widths.
struct InterchangeDraft {
  Standard standard = Standard::x12;
  Delimiters delimiters = Delimiters::x12_00501();
  std::string version = "00501";               // ISA12, or UNB S001 0002 ("3", "4")
  std::string syntax_identifier = "UNOC";      // UNB S001 0001
  std::string authorization_qualifier = "00";  // ISA01
  std::string authorization;                   // ISA02
  std::string security_qualifier = "00";       // ISA03
  std::string security;                        // ISA04
  std::string sender_qualifier;                // ISA05 / UNB S002 0007 (may be empty for EDIFACT)
  std::string sender_id;                       // ISA06 / UNB S002 0004
  std::string receiver_qualifier;              // ISA07 / UNB S003 0007
  std::string receiver_id;                     // ISA08 / UNB S003 0010
  std::string date;                            // ISA09 YYMMDD / UNB S004 0017
  std::string time;                            // ISA10 HHMM / UNB S004 0019
  std::string control_number;                  // ISA13 (zero-padded to 9 digits) / UNB 0020
  bool ack_requested = false;                  // ISA14 / UNB 0031
  bool test = false;                           // ISA15 T|P / UNB 0035
  std::string application_reference;           // UNB 0026
  std::vector<Segment> service_segments;       // written right after the header (TA1)
  std::vector<GroupDraft> groups;
};

struct DraftOptions {
  LineBreaks line_breaks = LineBreaks::none;
  bool keep_trailing_empty = false;
  ServiceStringAdvice service_string = ServiceStringAdvice::automatic;
};

// Writes the whole interchange: SE01/UNT 0074 = segments from header to trailer, GE01/UNE 0060 =
// sets in the group, IEA01/UNZ 0036 = groups (or messages when EDIFACT has no UNG); trailer control
// numbers copy their header's.
Result<std::string> write(const InterchangeDraft& draft, const DraftOptions& options = {});

// The UNA string that declares `d` ("UNA:+.? '").
std::string service_string_for(const Delimiters& d);
// The delimiters a reader assumes for an EDIFACT interchange without UNA.
Delimiters default_edifact_delimiters(bool level_b, std::string_view syntax_version) noexcept;

// ---------------------------------------------------------------- layer 3: rewriting parsed input

struct RewriteOptions {
  LineBreaks line_breaks = LineBreaks::as_found;
  // The bytes the interchange was read from (its offsets refer to them). With them, segments the
  // input hard-wrapped and the whitespace between UNA and UNB come back exactly; without them they
  // are inferred from offsets and line numbers (fixed-width wrapping is recognised).
  std::string_view source;
};

// Unchanged parsed input comes back byte for byte when line_breaks is as_found: UNA, each segment's
// raw() + terminator + gap. A missing final terminator is added.
void rewrite(const Interchange& interchange, std::string& out, const RewriteOptions& options = {});
std::string rewrite(const Interchange& interchange, const RewriteOptions& options = {});
// Every interchange; with a source also the bytes before, between and after them (a BOM, junk).
std::string rewrite(std::span<const Interchange> interchanges, const RewriteOptions& options = {});

}  // namespace edigate::edi
