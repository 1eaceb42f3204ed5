// EDIFACT CONTRL, syntax 3 and 4: UCI → (UCM → (UCS → UCD*)*)* → (UCF → (UCM → (UCS → UCD*)*)*)*.
// Syntax 4 only adds trailing elements (S011 repetition, security references) that the same element
// positions read or ignore, so one reader serves both.
#include "ack/ack_reading.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace edigate::ack::detail {
namespace {

class ContrlReader {
 public:
  explicit ContrlReader(AckReading& reading) : reading_(reading) {}

  void read(const edi::TransactionSet& set) {
    const std::size_t body_end = set.trailer ? set.segments.size() - 1 : set.segments.size();
    for (std::size_t i = 1; i < body_end; ++i)
      on_segment(At{set.segments[i], static_cast<std::uint32_t>(i + 1)});
    if (!reading_.ack().interchange) reading_.error(At{set.header, 1}, "the CONTRL has no UCI");
  }

 private:
  void on_segment(const At& at) {
    const std::string_view tag = at.segment.tag();
    if (tag == "UCI") return on_uci(at);
    if (tag == "UCF") return on_ucf(at);
    if (tag == "UCM") return on_ucm(at);
    if (tag == "UCS") return on_ucs(at);
    if (tag == "UCD") return on_ucd(at);
    reading_.error(at, fmt::format("{} does not belong in a CONTRL", tag));
  }

  // A status from 0083; 8 ("interchange received") is defined for the UCI alone.
  std::optional<AckStatus> action(const At& at, std::uint16_t pos, std::string& raw) {
    const std::string field = fmt::format("{} 0083 (action)", at.segment.tag());
    auto s = reading_.status(at, pos, field, CodeList::contrl_action, raw);
    if (s && raw == "8" && at.segment.tag() != "UCI") {
      reading_.error(at, fmt::format("{} '8' (interchange received) is for the UCI only", field), pos);
      return std::nullopt;
    }
    return s;
  }

  std::string error_code(const At& at, std::uint16_t pos, bool required) {
    return reading_.code(at, pos, fmt::format("{} 0085 (syntax error)", at.segment.tag()),
                         CodeList::contrl_error, required);
  }

  // UCI: 0020, S002, S003, 0083, 0085, 0013, S011.
  void on_uci(const At& at) {
    if (reading_.ack().interchange) return reading_.error(at, "second UCI");
    if (group_ != nullptr || !reading_.ack().sets.empty()) reading_.error(at, "UCI after UCM or UCF");
    InterchangeNote n;
    n.control_number = reading_.text(at, 1, "UCI 0020 (interchange control reference)", true);
    n.sender_id = reading_.text(at, 2, "UCI S002 0004 (interchange sender)", true, 1);
    n.sender_qualifier = reading_.text(at, 2, "UCI S002 0007", false, 2);
    n.recipient_id = reading_.text(at, 3, "UCI S003 0010 (interchange recipient)", true, 1);
    n.recipient_qualifier = reading_.text(at, 3, "UCI S003 0007", false, 2);
    n.status = action(at, 4, n.status_code);
    n.error_code = error_code(at, 5, false);
    n.service_segment = reading_.text(at, 6, "UCI 0013 (service segment tag)", false);
    n.element = reading_.position(at, 7, "UCI S011", false);
    reading_.ack().interchange = std::move(n);
  }

  // UCF: 0048, S006, S007, 0083, 0085, 0013, S011.
  void on_ucf(const At& at) {
    if (!reading_.ack().interchange) reading_.error(at, "UCF before UCI");
    GroupNote g;
    g.control_number = reading_.text(at, 1, "UCF 0048 (group reference number)", true);
    g.sender_id = reading_.text(at, 2, "UCF S006 0040 (application sender)", false, 1);
    g.sender_qualifier = reading_.text(at, 2, "UCF S006 0007", false, 2);
    g.recipient_id = reading_.text(at, 3, "UCF S007 0044 (application recipient)", false, 1);
    g.recipient_qualifier = reading_.text(at, 3, "UCF S007 0007", false, 2);
    g.status = action(at, 4, g.status_code);
    std::string code = error_code(at, 5, false);
    if (!code.empty()) g.error_codes.push_back(std::move(code));
    g.service_segment = reading_.text(at, 6, "UCF 0013 (service segment tag)", false);
    g.element = reading_.position(at, 7, "UCF S011", false);
    reading_.ack().groups.push_back(std::move(g));
    group_ = &reading_.ack().groups.back();
    set_ = nullptr;
    segment_ = nullptr;
  }

  // UCM: 0062, S009, 0083, 0085, 0013, S011. Inside the last UCF when there is one.
  void on_ucm(const At& at) {
    if (!reading_.ack().interchange) reading_.error(at, "UCM before UCI");
    SetNote s;
    s.control_number = reading_.text(at, 1, "UCM 0062 (message reference number)", true);
    s.type = reading_.text(at, 2, "UCM S009 0065 (message type)", true, 1);
    for (std::uint16_t c = 2; c <= 5; ++c) {
      const std::string part = at.segment.value(2, c);
      if (part.empty()) continue;
      if (!s.version.empty()) s.version += ':';
      s.version += part;
    }
    s.status = action(at, 3, s.status_code);
    std::string code = error_code(at, 4, false);
    if (!code.empty()) s.error_codes.push_back(std::move(code));
    s.service_segment = reading_.text(at, 5, "UCM 0013 (service segment tag)", false);
    s.element = reading_.position(at, 6, "UCM S011", false);
    auto& sets = group_ != nullptr ? group_->sets : reading_.ack().sets;
    sets.push_back(std::move(s));
    set_ = &sets.back();
    segment_ = nullptr;
  }

  // UCS: 0096, 0085.
  void on_ucs(const At& at) {
    if (set_ == nullptr) {
      reading_.error(at, "UCS outside a UCM");
      segment_ = nullptr;
      orphan_segment_ = true;
      return;
    }
    orphan_segment_ = false;
    SegmentNote n;
    n.position = reading_.number(at, 1, "UCS 0096 (segment position in message body)", true).value_or(0);
    n.code = error_code(at, 2, false);
    set_->segments.push_back(std::move(n));
    segment_ = &set_->segments.back();
  }

  // UCD: 0085, S011.
  void on_ucd(const At& at) {
    if (segment_ == nullptr) {
      if (!orphan_segment_) reading_.error(at, "UCD outside a UCS");  // one problem per lost UCS
      return;
    }
    ElementNote n;
    n.code = error_code(at, 1, true);
    n.position = reading_.position(at, 2, "UCD S011", true);
    segment_->elements.push_back(std::move(n));
  }

  AckReading& reading_;
  GroupNote* group_ = nullptr;      // the last UCF
  SetNote* set_ = nullptr;          // the last UCM
  SegmentNote* segment_ = nullptr;  // the last UCS
  bool orphan_segment_ = false;     // the last UCS stood outside a UCM (its UCDs say nothing more)
};

}  // namespace

void read_contrl(AckReading& reading, const edi::TransactionSet& set) {
  ContrlReader(reading).read(set);
}

}  // namespace edigate::ack::detail
