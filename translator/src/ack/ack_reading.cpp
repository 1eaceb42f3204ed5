#include "ack/ack_reading.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>

namespace edigate::ack::detail {

void AckReading::add(Severity severity, const At& at, std::string message, std::uint16_t element) {
  Error e;
  e.code = ErrorCode::invalid_acknowledgment;
  e.severity = severity;
  e.where.file = file_;
  e.where.interchange = interchange_.index;
  e.where.segment = at.segment.ordinal;
  e.where.set_segment = at.set_position;
  e.where.offset = at.segment.offset;
  e.where.line = at.segment.line;
  e.where.tag = std::string(at.segment.tag());
  e.where.element = element;
  e.message = std::move(message);
  ack_.problems.push_back(std::move(e));
}

void AckReading::error(const At& at, std::string message, std::uint16_t element) {
  add(Severity::error, at, std::move(message), element);
}

void AckReading::warning(const At& at, std::string message, std::uint16_t element) {
  add(Severity::warning, at, std::move(message), element);
}

std::string AckReading::text(const At& at, std::uint16_t pos, std::string_view field, bool required,
                             std::uint16_t component) {
  std::string value = at.segment.value(pos, component);
  if (value.empty() && required) error(at, fmt::format("{} is missing", field), pos);
  return value;
}

std::optional<std::uint32_t> AckReading::number(const At& at, std::uint16_t pos, std::string_view field,
                                                bool required, std::uint16_t component) {
  const std::string value = text(at, pos, field, required, component);
  if (value.empty()) return std::nullopt;
  std::uint32_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size()) {
    error(at, fmt::format("{} is not a number: '{}'", field, value), pos);
    return std::nullopt;
  }
  return n;
}

std::optional<AckStatus> AckReading::status(const At& at, std::uint16_t pos, std::string_view field,
                                            CodeList list, std::string& raw) {
  raw = text(at, pos, field, true);
  if (raw.empty()) return std::nullopt;
  auto s = status_of(list, raw);
  if (!s) error(at, fmt::format("{} '{}' is not a {} code", field, raw, to_string(list)), pos);
  return s;
}

std::string AckReading::code(const At& at, std::uint16_t pos, std::string_view field, CodeList list,
                             bool required) {
  std::string value = text(at, pos, field, required);
  if (!value.empty() && describe_code(list, value).empty()) {
    warning(at, fmt::format("{} '{}' is not a {} code", field, value, to_string(list)), pos);
  }
  return value;
}

ElementPosition AckReading::position(const At& at, std::uint16_t pos, std::string_view field, bool required) {
  auto part = [&](std::uint16_t component, std::string_view name, bool needed) -> std::uint16_t {
    const auto n = number(at, pos, fmt::format("{} {}", field, name), needed, component);
    if (!n) return 0;
    if (*n > std::numeric_limits<std::uint16_t>::max()) {
      error(at, fmt::format("{} {} is out of range: {}", field, name, *n), pos);
      return 0;
    }
    return static_cast<std::uint16_t>(*n);
  };
  ElementPosition p;
  if (at.segment[pos].empty() && !required) return p;
  p.element = part(1, "element position", true);
  p.component = part(2, "component position", false);
  p.repetition = part(3, "repetition", false);
  return p;
}

std::optional<AckStatus> status_of(CodeList list, std::string_view code) noexcept {
  if (describe_code(list, code).empty()) return std::nullopt;
  switch (list) {
    case CodeList::ta1_status:
    case CodeList::set_status:
    case CodeList::group_status:
      if (code == "A") return AckStatus::accepted;
      if (code == "E") return AckStatus::accepted_with_errors;
      if (code == "P") return AckStatus::partially_accepted;
      return AckStatus::rejected;  // R, and the security rejections M, W, X
    case CodeList::contrl_action:
      return code == "4" ? AckStatus::rejected : AckStatus::accepted;  // 7 acknowledged, 8 received
    default:
      return std::nullopt;
  }
}

AckEnvelope envelope_of(const edi::Interchange& interchange, const edi::FunctionalGroup* group,
                        const edi::TransactionSet* set) {
  const auto& info = interchange.info;
  AckEnvelope e;
  e.standard = info.standard;
  e.interchange_index = interchange.index;
  e.sender_qualifier = info.sender_qualifier;
  e.sender_id = info.sender_id;
  e.receiver_qualifier = info.receiver_qualifier;
  e.receiver_id = info.receiver_id;
  e.date = info.date;
  e.time = info.time;
  e.interchange_control = info.control_number;
  if (group != nullptr && group->header)
    e.group_control = group->header->value(info.standard == edi::Standard::x12 ? 6 : 5);
  if (set == nullptr) return e;
  e.set_control = set->header.value(info.standard == edi::Standard::x12 ? 2 : 1);
  if (info.standard == edi::Standard::x12) {
    e.version = set->header.value(3);
    if (e.version.empty() && group != nullptr && group->header) e.version = group->header->value(8);
  } else {
    // UNH S009 after the message type: version, release, agency, association code.
    for (std::uint16_t c = 2; c <= 5; ++c) {
      const std::string part = set->header.value(2, c);
      if (part.empty()) continue;
      if (!e.version.empty()) e.version += ':';
      e.version += part;
    }
  }
  return e;
}

std::string_view elements_text(const edi::SegmentView& segment) noexcept {
  const std::string_view raw = segment.raw();
  const std::size_t skip = segment.tag().size() + 1;
  return skip >= raw.size() ? std::string_view() : raw.substr(skip);
}

}  // namespace edigate::ack::detail
