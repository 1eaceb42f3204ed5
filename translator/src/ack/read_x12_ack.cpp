// 997 (4010/5010) and 999 (5010): AK1 → (AK2 → (AK3|IK3 → CTX* → (AK4|IK4 → CTX*)*)* → AK5|IK5)* → AK9.
#include "ack/ack_reading.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace edigate::ack::detail {
namespace {

// Nesting depth of each loop segment: a segment's children are skipped silently once the segment
// itself was refused, so one misplaced AK2 is one problem, not one per AK3/AK4 under it.
enum Level : int {
  none = 0,
  group_level = 1,
  set_level = 2,
  segment_level = 3,
  element_level = 4,
  context_level = 5
};

class X12AckReader {
 public:
  X12AckReader(AckReading& reading, bool is_999) : reading_(reading), is_999_(is_999) {}

  void read(const edi::TransactionSet& set) {
    // segments[0] is the ST; the SE (when present) is last.
    const std::size_t body_end = set.trailer ? set.segments.size() - 1 : set.segments.size();
    for (std::size_t i = 1; i < body_end; ++i) {
      const At at{set.segments[i], static_cast<std::uint32_t>(i + 1)};
      on_segment(at);
    }
    const edi::SegmentView& last = set.trailer ? *set.trailer : set.header;
    const At end{last, static_cast<std::uint32_t>(set.trailer ? set.segments.size() : 1)};
    close_set();
    if (!group_seen_) {
      reading_.error(end, fmt::format("the {} has no AK1", kind()));
    } else if (!ak9_seen_) {
      reading_.error(end, fmt::format("the {} has no AK9", kind()));
    }
  }

 private:
  std::string_view kind() const noexcept { return is_999_ ? "999" : "997"; }
  GroupNote& group() { return reading_.ack().groups.front(); }

  void on_segment(const At& at) {
    const std::string_view tag = at.segment.tag();
    const int level = level_of(tag);
    if (level == none) {
      reading_.error(at, fmt::format("{} does not belong in a {}", tag, kind()));
      return;
    }
    if (skip_below_ != none && level > skip_below_) return;
    skip_below_ = none;
    if (level == context_level) return on_ctx(at);
    if (tag == "AK1") return on_ak1(at);
    if (tag == "AK2") return on_ak2(at);
    if (tag == "AK9") return on_ak9(at);
    if (tag == "AK3" || tag == "IK3") return on_segment_note(at);
    if (tag == "AK4" || tag == "IK4") return on_element_note(at);
    on_set_status(at);  // AK5 / IK5
  }

  // A 997 uses AK3/AK4/AK5, a 999 IK3/IK4/IK5 and CTX; anything else is not part of either.
  int level_of(std::string_view tag) const noexcept {
    if (tag == "AK1") return group_level;
    if (tag == "AK2" || tag == "AK9") return set_level;
    const std::string_view p = is_999_ ? "IK" : "AK";
    if (tag.size() == 3 && tag.substr(0, 2) == p) {
      if (tag[2] == '3' || tag[2] == '5') return segment_level;
      if (tag[2] == '4') return element_level;
    }
    if (is_999_ && tag == "CTX") return context_level;
    return none;
  }

  // Refuses the segment: an error, and its children are skipped.
  void refuse(const At& at, int level, std::string message) {
    reading_.error(at, std::move(message));
    skip_below_ = level;
  }

  void on_ak1(const At& at) {
    if (group_seen_)
      return refuse(at, group_level, fmt::format("second AK1: a {} acknowledges one group", kind()));
    group_seen_ = true;
    GroupNote g;
    g.functional_id = reading_.text(at, 1, "AK101 (functional identifier code)", true);
    g.control_number = reading_.text(at, 2, "AK102 (group control number)", true);
    g.version = reading_.text(at, 3, "AK103 (version)", false);
    reading_.ack().groups.push_back(std::move(g));
  }

  void on_ak2(const At& at) {
    close_set();
    if (!group_seen_) return refuse(at, set_level, "AK2 before AK1");
    if (ak9_seen_) return refuse(at, set_level, "AK2 after AK9");
    SetNote s;
    s.type = reading_.text(at, 1, "AK201 (transaction set identifier code)", true);
    s.control_number = reading_.text(at, 2, "AK202 (transaction set control number)", true);
    s.version = reading_.text(at, 3, "AK203 (implementation convention reference)", false);
    group().sets.push_back(std::move(s));
    set_ = &group().sets.back();
    set_header_.emplace(at);
    status_seen_ = false;
    segment_ = nullptr;
    element_ = nullptr;
  }

  void on_segment_note(const At& at) {
    const std::string tag(at.segment.tag());
    if (set_ == nullptr) return refuse(at, segment_level, fmt::format("{} outside an AK2 loop", tag));
    if (status_seen_) return refuse(at, segment_level, fmt::format("{} after {}5", tag, tag.substr(0, 2)));
    SegmentNote n;
    n.tag = reading_.text(at, 1, tag + "01 (segment ID code)", true);
    n.position = reading_.number(at, 2, tag + "02 (segment position in transaction set)", true).value_or(0);
    n.loop_id = reading_.text(at, 3, tag + "03 (loop identifier code)", false);
    n.code = reading_.code(at, 4, tag + "04 (segment syntax error code)", CodeList::segment_error, false);
    set_->segments.push_back(std::move(n));
    segment_ = &set_->segments.back();
    element_ = nullptr;
  }

  void on_element_note(const At& at) {
    const std::string tag(at.segment.tag());
    if (segment_ == nullptr) {
      return refuse(at, element_level, fmt::format("{} outside an {}3 loop", tag, tag.substr(0, 2)));
    }
    ElementNote n;
    n.position = reading_.position(at, 1, tag + "01 (position in segment)", true);
    n.reference = reading_.text(at, 2, tag + "02 (data element reference number)", false);
    n.code = reading_.code(at, 3, tag + "03 (data element syntax error code)", CodeList::element_error, true);
    n.bad_value = reading_.text(at, 4, tag + "04 (copy of bad data element)", false);
    segment_->elements.push_back(std::move(n));
    element_ = &segment_->elements.back();
  }

  // 999 CTX: the context of the IK4 (element context) or IK3 (segment context) it follows.
  void on_ctx(const At& at) {
    if (segment_ == nullptr) return reading_.error(at, "CTX outside an IK3 loop");
    auto& contexts = element_ != nullptr ? element_->contexts : segment_->contexts;
    contexts.emplace_back(elements_text(at.segment));
  }

  void on_set_status(const At& at) {
    const std::string tag(at.segment.tag());
    if (set_ == nullptr) return refuse(at, segment_level, fmt::format("{} outside an AK2 loop", tag));
    if (status_seen_) return refuse(at, segment_level, fmt::format("second {} for one AK2", tag));
    status_seen_ = true;
    segment_ = nullptr;
    element_ = nullptr;
    set_->status = reading_.status(at, 1, tag + "01 (transaction set acknowledgment code)",
                                   CodeList::set_status, set_->status_code);
    for (std::uint16_t e = 2; e <= 6; ++e) {
      std::string c = reading_.code(at, e, fmt::format("{}{:02} (transaction set syntax error code)", tag, e),
                                    CodeList::set_error, false);
      if (!c.empty()) set_->error_codes.push_back(std::move(c));
    }
  }

  void on_ak9(const At& at) {
    close_set();
    if (!group_seen_) return refuse(at, set_level, "AK9 before AK1");
    if (ak9_seen_) return refuse(at, set_level, "second AK9");
    ak9_seen_ = true;
    GroupNote& g = group();
    g.status = reading_.status(at, 1, "AK901 (functional group acknowledge code)", CodeList::group_status,
                               g.status_code);
    const auto included = reading_.number(at, 2, "AK902 (number of transaction sets included)", true);
    const auto received = reading_.number(at, 3, "AK903 (number of received transaction sets)", true);
    const auto accepted = reading_.number(at, 4, "AK904 (number of accepted transaction sets)", true);
    if (included && received && accepted) g.counts = SetCounts{*included, *received, *accepted};
    for (std::uint16_t e = 5; e <= 9; ++e) {
      std::string c = reading_.code(at, e, fmt::format("AK9{:02} (functional group syntax error code)", e),
                                    CodeList::group_error, false);
      if (!c.empty()) g.error_codes.push_back(std::move(c));
    }
  }

  // An AK2 loop ends at the next AK2, the AK9 or the end of the set; it must have had its AK5/IK5.
  void close_set() {
    if (set_ != nullptr && !status_seen_ && set_header_) {
      reading_.error(At{set_header_->segment, set_header_->set_position},
                     fmt::format("AK2 loop has no {}5", is_999_ ? "IK" : "AK"));
    }
    set_ = nullptr;
    segment_ = nullptr;
    element_ = nullptr;
    set_header_.reset();
  }

  AckReading& reading_;
  bool is_999_;
  bool group_seen_ = false;
  bool ak9_seen_ = false;
  bool status_seen_ = false;
  int skip_below_ = none;
  SetNote* set_ = nullptr;          // the open AK2 loop
  SegmentNote* segment_ = nullptr;  // the open AK3/IK3 loop
  ElementNote* element_ = nullptr;  // the open IK4 loop (for CTX)
  std::optional<At> set_header_;    // where the open AK2 stands
};

}  // namespace

void read_x12_ack(AckReading& reading, const edi::TransactionSet& set, bool is_999) {
  X12AckReader(reading, is_999).read(set);
}

}  // namespace edigate::ack::detail
