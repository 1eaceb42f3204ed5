#pragma once
// Shared by the 997/999, TA1 and CONTRL readers: reading one element of an acknowledgment segment
// as a required value, a number, a status or a listed code, and recording a problem (with the
// segment's place) when it is not what the acknowledgment's rules say.
#include <edigate/ack/ack_report.hpp>
#include <edigate/ack/vocabulary.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::ack::detail {

// One segment of the acknowledgment being read, with where it stands.
struct At {
  const edi::SegmentView& segment;
  std::uint32_t set_position = 0;  // ST/UNH = 1; 0 for TA1
};

class AckReading {
 public:
  AckReading(const edi::Interchange& interchange, const std::string& file, Acknowledgment& ack)
      : interchange_(interchange), file_(file), ack_(ack) {}

  Acknowledgment& ack() noexcept { return ack_; }

  void error(const At& at, std::string message, std::uint16_t element = 0);
  void warning(const At& at, std::string message, std::uint16_t element = 0);

  // Element `pos` (component `component` when not 0), unescaped; an error when `required` and empty.
  // `field` names it in messages, e.g. "AK102 (group control number)".
  std::string text(const At& at, std::uint16_t pos, std::string_view field, bool required,
                   std::uint16_t component = 0);
  // A non-negative number; nullopt (and an error when required or not a number) otherwise.
  std::optional<std::uint32_t> number(const At& at, std::uint16_t pos, std::string_view field, bool required,
                                      std::uint16_t component = 0);
  // A status code from `list` (ta1_status, set_status, group_status or contrl_action); an unknown or
  // missing code is an error. `raw` receives the code as written.
  std::optional<AckStatus> status(const At& at, std::uint16_t pos, std::string_view field, CodeList list,
                                  std::string& raw);
  // An error code from `list`, kept as written; empty when absent. A code outside the list is a
  // warning only: partners use private codes (Azure's AK304 511, CONTRL 70+).
  std::string code(const At& at, std::uint16_t pos, std::string_view field, CodeList list, bool required);
  // The S011/C030 composite at element `pos`: element, component, repetition positions.
  ElementPosition position(const At& at, std::uint16_t pos, std::string_view field, bool required);

 private:
  void add(Severity severity, const At& at, std::string message, std::uint16_t element);
  const edi::Interchange& interchange_;
  const std::string& file_;
  Acknowledgment& ack_;
};

// The interpreted status of a listed status code; nullopt when the list does not hold it.
std::optional<AckStatus> status_of(CodeList list, std::string_view code) noexcept;

// The ack's own envelope facts; the set (ST/UNH) and group are absent for a TA1.
AckEnvelope envelope_of(const edi::Interchange& interchange, const edi::FunctionalGroup* group,
                        const edi::TransactionSet* set);

// Elements text after the tag, as written (CTX contexts are kept this way).
std::string_view elements_text(const edi::SegmentView& segment) noexcept;

void read_x12_ack(AckReading& reading, const edi::TransactionSet& set, bool is_999);
void read_contrl(AckReading& reading, const edi::TransactionSet& set);
void read_ta1(AckReading& reading, const edi::SegmentView& ta1);

}  // namespace edigate::ack::detail
