#include <edigate/ack/generate.hpp>
#include <edigate/edi/writer.hpp>
#include <edigate/validate/codes.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace edigate::ack {

using edi::Element;
using edi::Segment;
using validate::AckStatus;
using validate::Finding;
using validate::FindingCodes;
using validate::GroupReport;
using validate::InterchangeReport;
using validate::SetReport;

namespace {

bool wanted(When when, bool requested, bool has_errors) {
  switch (when) {
    case When::always: return true;
    case When::requested: return requested || has_errors;
    case When::on_errors: return has_errors;
  }
  return false;
}

// Findings of one segment, in the order found: AK3/IK3 (or UCS) and its AK4/IK4 (UCD) lines.
struct SegmentErrors {
  std::uint32_t position = 0;
  std::string tag;
  std::string loop_id;
  std::string code;  // AK304 in 999 form
  std::vector<const Finding*> elements;
  const Finding* first = nullptr;
};

std::vector<SegmentErrors> by_segment(const SetReport& set) {
  std::vector<SegmentErrors> out;
  for (const Finding& f : set.findings) {
    const FindingCodes codes = validate::codes_for(f.error.code, f.error.where.tag, f.error.where.element);
    if (codes.segment.empty()) continue;
    const bool element = !codes.element.empty();
    auto it = std::find_if(out.begin(), out.end(), [&](const SegmentErrors& s) {
      return s.position == f.error.where.set_segment && s.tag == f.error.where.tag && s.code == codes.segment;
    });
    if (it == out.end()) {
      out.push_back({f.error.where.set_segment, f.error.where.tag, f.loop_id, std::string(codes.segment), {}, &f});
      it = out.end() - 1;
    }
    if (element) it->elements.push_back(&f);
  }
  return out;
}

std::vector<std::string> set_codes(const SetReport& set, bool x999) {
  std::vector<std::string> codes;
  for (const Finding& f : set.findings) {
    std::string code(validate::codes_for(f.error.code, f.error.where.tag, f.error.where.element).set);
    if (code.empty()) continue;
    if (!x999) code = std::string(validate::code_for_997(code, false, false));
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  // A set with ordinary errors is "5", not also "I5".
  if (std::find(codes.begin(), codes.end(), "5") != codes.end()) {
    codes.erase(std::remove(codes.begin(), codes.end(), "I5"), codes.end());
  }
  if (codes.size() > 5) codes.resize(5);
  return codes;
}

std::string count_text(std::size_t n) { return std::to_string(n); }

std::string x12_set_control(std::uint64_t n) { return fmt::format("{:04}", n % 1000000000ULL); }

class X12Builder {
 public:
  X12Builder(const InterchangeReport& report, bool x999, bool version_4010)
      : report_(report), x999_(x999), v4010_(version_4010) {}

  edi::SetDraft functional_ack(const GroupReport& group, const AckPolicy& policy, std::uint64_t control) {
    edi::SetDraft set;
    set.header = Segment{"ST", {x999_ ? "999" : "997", x12_set_control(control)}};
    if (x999_) set.header.elements.emplace_back("005010X231A1");
    std::vector<Element> ak1{group.functional_id, group.control_number};
    if (x999_) ak1.emplace_back(group.version);
    set.body.push_back(Segment{"AK1", ak1});
    for (const SetReport& s : group.sets) {
      if (!policy.list_accepted_sets && s.status == AckStatus::accepted) continue;
      std::vector<Element> ak2{s.id, s.control_number};
      if (x999_ && !s.implementation_ref.empty()) ak2.emplace_back(s.implementation_ref);
      set.body.push_back(Segment{"AK2", ak2});
      for (const SegmentErrors& e : by_segment(s)) segment_lines(set, e);
      std::vector<Element> ak5{std::string(1, validate::status_letter(s.status))};
      for (const std::string& code : set_codes(s, x999_)) ak5.emplace_back(code);
      set.body.push_back(Segment{x999_ ? "IK5" : "AK5", ak5});
    }
    std::vector<Element> ak9{std::string(1, validate::status_letter(group.status)),
                             count_text(group.declared_sets != 0 ? group.declared_sets : group.sets.size()),
                             count_text(group.sets.size()), count_text(group.accepted_sets())};
    std::vector<std::string> codes;
    for (const Finding& f : group.findings) {
      const std::string code(validate::codes_for(f.error.code, f.error.where.tag).group);
      if (!code.empty() && std::find(codes.begin(), codes.end(), code) == codes.end() && codes.size() < 5) {
        codes.push_back(code);
      }
    }
    for (const std::string& code : codes) ak9.emplace_back(code);
    set.body.push_back(Segment{"AK9", ak9});
    return set;
  }

 private:
  void segment_lines(edi::SetDraft& set, const SegmentErrors& e) {
    const std::string code = x999_ ? e.code : std::string(validate::code_for_997(e.code, false, v4010_));
    set.body.push_back(Segment{x999_ ? "IK3" : "AK3", {e.tag, std::to_string(e.position), e.loop_id, code}});
    for (const Finding* f : e.elements) {
      const auto& w = f->error.where;
      std::vector<std::string> position{std::to_string(w.element)};
      if (w.component != 0 || w.repetition != 0) position.push_back(w.component != 0 ? std::to_string(w.component) : "");
      if (w.repetition != 0) position.push_back(std::to_string(w.repetition));
      std::string element_code(validate::codes_for(f->error.code, w.tag, w.element).element);
      if (!x999_) element_code = std::string(validate::code_for_997(element_code, true, v4010_));
      std::vector<Element> ak4{Element::composite(position), f->element_ref, element_code};
      // A copy of the bad data, as long as it can be carried by our delimiters.
      const auto& d = report_.info.delimiters;
      std::string bad = f->bad_value;
      if (bad.find_first_of(std::string{d.element, d.component, d.segment, d.repetition}) != std::string::npos) bad.clear();
      if (!bad.empty()) ak4.emplace_back(bad);
      set.body.push_back(Segment{x999_ ? "IK4" : "AK4", ak4});
    }
  }

  const InterchangeReport& report_;
  bool x999_;
  bool v4010_;
};

edi::InterchangeDraft turned_round(const InterchangeReport& report, const ControlNumberAllocator& next,
                                   const AckClock& clock) {
  const auto& info = report.info;
  edi::InterchangeDraft d;
  d.standard = info.standard;
  d.delimiters = info.delimiters;
  // What we echo must be writable: a header too broken to repeat gets the standard's defaults.
  auto all_of = [](const std::string& v, std::string_view allowed, std::size_t size) {
    return v.size() == size && v.find_first_not_of(allowed) == std::string::npos;
  };
  if (info.standard == edi::Standard::x12) {
    d.version = all_of(info.version, "0123456789", 5) ? info.version : "00401";
  } else {
    d.version = all_of(info.version, "1234", 1) ? info.version : "3";
    // Only what our own reader accepts (UNOA to UNOY) is echoed: an acknowledgment must parse.
    const bool known = info.syntax_identifier.size() == 4 && info.syntax_identifier.rfind("UNO", 0) == 0 &&
                       info.syntax_identifier[3] >= 'A' && info.syntax_identifier[3] <= 'Y';
    d.syntax_identifier = known ? info.syntax_identifier : "UNOC";
  }
  d.sender_qualifier = info.receiver_qualifier;
  d.sender_id = info.receiver_id;
  d.receiver_qualifier = info.sender_qualifier;
  d.receiver_id = info.sender_id;
  const bool short_date = info.standard == edi::Standard::x12 || info.version != "4";
  d.date = short_date ? clock.date.substr(2) : clock.date;
  d.time = clock.time;
  d.control_number = std::to_string(next(ControlLevel::interchange));
  d.test = info.test;
  return d;
}

Result<std::vector<GeneratedAck>> generate_x12(const InterchangeReport& report, const AckPolicy& policy,
                                                 const ControlNumberAllocator& next, const AckClock& clock) {
  std::vector<GeneratedAck> out;
  edi::InterchangeDraft draft = turned_round(report, next, clock);
  const bool rejected = report.status == AckStatus::rejected;
  GeneratedAck ack;
  if (policy.kind == AckRequest::ta1 || wanted(policy.interchange, report.info.ack_requested, !report.findings.empty())) {
    std::string note = "000";
    for (const Finding& f : report.findings) {
      const auto code = validate::codes_for(f.error.code, f.error.where.tag, f.error.where.element).ta1;
      if (!code.empty() && f.error.severity == Severity::error) {
        note = std::string(code);
        break;
      }
    }
    const char status = rejected ? 'R' : (note != "000" ? 'E' : 'A');
    draft.service_segments.push_back(Segment{"TA1", {report.info.control_number, report.info.date, report.info.time,
                                                     std::string(1, status), note}});
    ack.has_ta1 = true;
    ack.kind = AckRequest::ta1;
  }
  // A rejected interchange is answered by its TA1 alone: nothing in it was processed.
  if (!rejected && policy.kind != AckRequest::ta1) {
    std::vector<edi::SetDraft> sets;
    bool x999 = false;
    std::string version;
    for (const GroupReport& g : report.groups) {
      const bool has_errors = g.status != AckStatus::accepted;
      if (!g.has_header || !wanted(policy.functional, false, has_errors)) continue;
      if (g.functional_id == "FA") continue;  // acknowledgments are not acknowledged
      const bool five = g.version.rfind("005", 0) == 0;
      x999 = policy.kind == AckRequest::ia999 || (policy.kind == AckRequest::automatic && five);
      version = x999 ? "005010X231A1" : (five ? "005010" : "004010");
      X12Builder builder(report, x999, !five);
      sets.push_back(builder.functional_ack(g, policy, next(ControlLevel::set)));
    }
    if (!sets.empty()) {
      edi::GroupDraft group;
      const GroupReport& first = *std::find_if(report.groups.begin(), report.groups.end(),
                                               [](const GroupReport& g) { return g.has_header; });
      group.header = Segment{"GS", {"FA", first.receiver, first.sender, clock.date, clock.time,
                                    std::to_string(next(ControlLevel::group)), "X", version}};
      group.sets = std::move(sets);
      draft.groups.push_back(std::move(group));
      ack.kind = x999 ? AckRequest::ia999 : AckRequest::fa997;
    }
  }
  if (draft.groups.empty() && draft.service_segments.empty()) return out;
  auto text = edi::write(draft, {edi::LineBreaks::lf});
  if (!text) return std::move(text).error();
  ack.text = std::move(*text);
  out.push_back(std::move(ack));
  return out;
}

Result<std::vector<GeneratedAck>> generate_contrl(const InterchangeReport& report, const AckPolicy& policy,
                                                    const ControlNumberAllocator& next, const AckClock& clock) {
  std::vector<GeneratedAck> out;
  const bool has_errors = report.status != AckStatus::accepted ||
                          std::any_of(report.groups.begin(), report.groups.end(),
                                      [](const GroupReport& g) { return g.status != AckStatus::accepted; });
  if (!wanted(policy.functional, report.info.ack_requested, has_errors) && policy.kind != AckRequest::contrl) return out;
  const auto& info = report.info;
  edi::InterchangeDraft draft = turned_round(report, next, clock);
  std::vector<Segment> body;
  std::vector<Element> uci{info.control_number,
                           Element::composite({info.sender_id, info.sender_qualifier}),
                           Element::composite({info.receiver_id, info.receiver_qualifier}),
                           report.status == AckStatus::rejected ? "4" : "7"};
  for (const Finding& f : report.findings) {
    const auto code = validate::codes_for(f.error.code, f.error.where.tag, f.error.where.element).contrl;
    if (code.empty() || f.error.severity != Severity::error) continue;
    uci.emplace_back(std::string(code));
    uci.emplace_back(f.error.where.tag);
    if (f.error.where.element != 0) {
      uci.push_back(f.error.where.component != 0
                        ? Element::composite({std::to_string(f.error.where.element), std::to_string(f.error.where.component)})
                        : Element(std::to_string(f.error.where.element)));
    }
    break;
  }
  body.push_back(Segment{"UCI", uci});
  if (report.status != AckStatus::rejected) {
    for (const GroupReport& g : report.groups) {
      for (const SetReport& s : g.sets) {
        if (!policy.list_accepted_sets && s.status == AckStatus::accepted) continue;
        std::vector<std::string> identifier;
        edi::Splitter parts(s.message_identifier, info.delimiters.component, info.delimiters.release);
        std::string_view piece;
        while (parts.next(piece)) identifier.push_back(edi::unescape(piece, info.delimiters.release));
        std::vector<Element> ucm{s.control_number, Element::composite(identifier),
                                 s.status == AckStatus::rejected ? "4" : "7"};
        // The message-level error: the first finding that has no segment of its own.
        for (const Finding& f : s.findings) {
          const auto codes = validate::codes_for(f.error.code, f.error.where.tag, f.error.where.element);
          if (codes.segment.empty() && !codes.contrl.empty()) {
            ucm.emplace_back(std::string(codes.contrl));
            ucm.emplace_back(f.error.where.tag);
            break;
          }
        }
        body.push_back(Segment{"UCM", ucm});
        for (const SegmentErrors& e : by_segment(s)) {
          const auto codes = validate::codes_for(e.first->error.code, e.tag);
          if (e.elements.empty()) {
            body.push_back(Segment{"UCS", {std::to_string(e.position), std::string(codes.contrl)}});
            continue;
          }
          body.push_back(Segment{"UCS", {std::to_string(e.position)}});
          for (const Finding* f : e.elements) {
            const auto& w = f->error.where;
            std::vector<std::string> position{std::to_string(w.element)};
            if (w.component != 0) position.push_back(std::to_string(w.component));
            body.push_back(Segment{"UCD", {std::string(validate::codes_for(f->error.code, w.tag, w.element).contrl),
                                           Element::composite(position)}});
          }
        }
      }
    }
  }
  const bool syntax4 = info.version == "4";
  edi::GroupDraft group;
  edi::SetDraft set;
  set.header = Segment{"UNH", {std::to_string(next(ControlLevel::set)),
                               Element::composite(syntax4 ? std::vector<std::string>{"CONTRL", "4", "1", "UN"}
                                                          : std::vector<std::string>{"CONTRL", "D", "3", "UN"})}};
  set.body = std::move(body);
  group.sets.push_back(std::move(set));
  draft.groups.push_back(std::move(group));
  auto text = edi::write(draft, {edi::LineBreaks::lf});
  if (!text) return std::move(text).error();
  out.push_back({AckRequest::contrl, false, std::move(*text)});
  return out;
}

}  // namespace

AckClock AckClock::now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[16];
  char time[8];
  std::strftime(date, sizeof date, "%Y%m%d", &tm);
  std::strftime(time, sizeof time, "%H%M", &tm);
  return {date, time};
}

std::string_view to_string(AckRequest kind) noexcept {
  switch (kind) {
    case AckRequest::automatic: return "auto";
    case AckRequest::fa997: return "997";
    case AckRequest::ia999: return "999";
    case AckRequest::ta1: return "ta1";
    case AckRequest::contrl: return "contrl";
  }
  return "auto";
}

Result<std::vector<GeneratedAck>> generate(const InterchangeReport& report, const AckPolicy& policy,
                                             const ControlNumberAllocator& next_control, const AckClock& clock) {
  if (report.info.sender_id.empty() || report.info.receiver_id.empty()) {
    Error e;
    e.code = ErrorCode::unwritable_value;
    e.where.file = report.file;
    e.where.interchange = report.index;
    e.message = "no acknowledgment: the interchange header does not say who sent it and to whom";
    return e;
  }
  if (report.info.standard == edi::Standard::edifact) {
    if (policy.kind != AckRequest::automatic && policy.kind != AckRequest::contrl) {
      Error e;
      e.code = ErrorCode::usage;
      e.message = fmt::format("an EDIFACT interchange is acknowledged with CONTRL, not {}", to_string(policy.kind));
      return e;
    }
    return generate_contrl(report, policy, next_control, clock);
  }
  if (policy.kind == AckRequest::contrl) {
    Error e;
    e.code = ErrorCode::usage;
    e.message = "an X12 interchange is acknowledged with TA1, 997 or 999, not CONTRL";
    return e;
  }
  return generate_x12(report, policy, next_control, clock);
}

}  // namespace edigate::ack
