// Finds the acknowledgments in an interchange (TA1 segments, 997/999/CONTRL sets) and reads each.
#include "ack/ack_reading.hpp"

#include <algorithm>

namespace edigate::ack {

std::string_view to_string(AckKind kind) noexcept {
  switch (kind) {
    case AckKind::ta1:
      return "TA1";
    case AckKind::x12_997:
      return "997";
    case AckKind::x12_999:
      return "999";
    case AckKind::contrl:
      return "CONTRL";
  }
  return "unknown";
}

bool Acknowledgment::read_cleanly() const noexcept {
  return std::none_of(problems.begin(), problems.end(),
                      [](const Error& e) { return e.severity == Severity::error; });
}

namespace detail {
namespace {

// Problems are found as loops close (a missing AK5 shows at the next AK2); report them in file order.
void sort_problems(Acknowledgment& ack) {
  std::stable_sort(ack.problems.begin(), ack.problems.end(),
                   [](const Error& a, const Error& b) { return a.where.segment < b.where.segment; });
}

}  // namespace

// TA1: TA101 control number, TA102 date, TA103 time, TA104 status (I17), TA105 note (I18).
void read_ta1(AckReading& reading, const edi::SegmentView& ta1) {
  const At at{ta1, 0};
  InterchangeNote n;
  n.control_number = reading.text(at, 1, "TA101 (interchange control number)", true);
  n.date = reading.text(at, 2, "TA102 (interchange date)", true);
  n.time = reading.text(at, 3, "TA103 (interchange time)", true);
  n.status =
      reading.status(at, 4, "TA104 (interchange acknowledgment code)", CodeList::ta1_status, n.status_code);
  n.error_code = reading.code(at, 5, "TA105 (interchange note code)", CodeList::ta1_note, true);
  reading.ack().interchange = std::move(n);
}

}  // namespace detail

std::vector<Acknowledgment> read_acknowledgments(const edi::Interchange& interchange,
                                                 const std::string& file) {
  std::vector<Acknowledgment> out;
  const bool x12 = interchange.info.standard == edi::Standard::x12;
  if (x12) {
    for (const auto& segment : interchange.service_segments) {
      if (segment.tag() != "TA1") continue;
      Acknowledgment ack;
      ack.kind = AckKind::ta1;
      ack.envelope = detail::envelope_of(interchange, nullptr, nullptr);
      detail::AckReading reading(interchange, file, ack);
      detail::read_ta1(reading, segment);
      out.push_back(std::move(ack));
    }
  }
  for (const auto& group : interchange.groups) {
    for (const auto& set : group.sets) {
      const std::string_view type = set.type();
      Acknowledgment ack;
      if (x12 && type == "997") {
        ack.kind = AckKind::x12_997;
      } else if (x12 && type == "999") {
        ack.kind = AckKind::x12_999;
      } else if (!x12 && type == "CONTRL") {
        ack.kind = AckKind::contrl;
      } else {
        continue;
      }
      ack.envelope = detail::envelope_of(interchange, &group, &set);
      detail::AckReading reading(interchange, file, ack);
      if (ack.kind == AckKind::contrl) {
        detail::read_contrl(reading, set);
      } else {
        detail::read_x12_ack(reading, set, ack.kind == AckKind::x12_999);
      }
      detail::sort_problems(ack);
      out.push_back(std::move(ack));
    }
  }
  return out;
}

}  // namespace edigate::ack
