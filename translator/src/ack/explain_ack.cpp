// An Acknowledgment in plain words: one line for what it acknowledges, one per group, set, segment
// and element note below it, indented by level. Each line ends with the segment and raw codes it
// came from ("[AK4 7]") so a reader can find them in the file.
#include <edigate/ack/ack_report.hpp>
#include <edigate/ack/vocabulary.hpp>

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

namespace edigate::ack {
namespace {

struct Words {
  std::string_view group_tag, set_tag, segment_tag, element_tag;  // where each note came from
  std::string_view set_noun;                                      // "set" / "message"
  CodeList set_status, group_status, set_error, group_error, segment_error, element_error;
};

Words words_for(AckKind kind) {
  switch (kind) {
    case AckKind::contrl:
      return {"UCF",
              "UCM",
              "UCS",
              "UCD",
              "message",
              CodeList::contrl_action,
              CodeList::contrl_action,
              CodeList::contrl_error,
              CodeList::contrl_error,
              CodeList::contrl_error,
              CodeList::contrl_error};
    case AckKind::x12_999:
      return {"AK9",
              "IK5",
              "IK3",
              "IK4",
              "set",
              CodeList::set_status,
              CodeList::group_status,
              CodeList::set_error,
              CodeList::group_error,
              CodeList::segment_error,
              CodeList::element_error};
    default:
      return {"AK9",
              "AK5",
              "AK3",
              "AK4",
              "set",
              CodeList::set_status,
              CodeList::group_status,
              CodeList::set_error,
              CodeList::group_error,
              CodeList::segment_error,
              CodeList::element_error};
  }
}

std::string phrase(CodeList list, std::string_view code) {
  const std::string_view p = describe_code(list, code);
  return p.empty() ? fmt::format("unknown code {}", code) : std::string(p);
}

std::string status_words(const std::optional<AckStatus>& status, const std::string& raw, CodeList list) {
  if (!status) return raw.empty() ? "no status" : fmt::format("status {} not understood", raw);
  if (list == CodeList::contrl_action && raw == "8") return "received";
  switch (*status) {
    case AckStatus::accepted:
      return "accepted";
    case AckStatus::accepted_with_errors:
      return "accepted with errors";
    case AckStatus::partially_accepted:
      return "partially accepted";
    case AckStatus::rejected: {
      // M, W and X say why (a security failure); R says nothing more than "rejected".
      const std::string_view p = describe_code(list, raw);
      return p.starts_with("rejected, ") ? std::string(p) : std::string("rejected");
    }
  }
  return "unknown";
}

// " — why; why" for error codes, or nothing.
std::string reasons(CodeList list, const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? " — " : "; ") + phrase(list, c);
  return out;
}

// "[AK5 R 5]": the segment tag and every raw code on it.
std::string source(std::string_view tag, const std::string& status, const std::vector<std::string>& codes) {
  std::string out = fmt::format("[{}", tag);
  if (!status.empty()) out += " " + status;
  for (const auto& c : codes) out += " " + c;
  return out + "]";
}

std::string position_words(const ElementPosition& p) {
  if (p.element == 0) return "element (position not given)";
  std::string out = fmt::format("element {:02}", p.element);
  if (p.component != 0) out += fmt::format("-{}", p.component);
  if (p.repetition != 0) out += fmt::format(" repetition {}", p.repetition);
  return out;
}

// ", at UNB element 03-1" for the CONTRL fields naming a service segment in error.
std::string service_place(const std::string& tag, const ElementPosition& element) {
  if (tag.empty() && element.empty()) return {};
  std::string out = ", at";
  if (!tag.empty()) out += " " + tag;
  if (!element.empty()) out += " " + position_words(element);
  return out;
}

std::string party(const std::string& id, const std::string& qualifier) {
  if (id.empty()) return "(not given)";
  return qualifier.empty() ? id : fmt::format("{} ({})", id, qualifier);
}

std::string plural(std::uint32_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

class Explainer {
 public:
  explicit Explainer(const Acknowledgment& ack) : ack_(ack), words_(words_for(ack.kind)) {}

  std::string run() {
    header();
    for (const auto& g : ack_.groups) {
      if (ack_.kind == AckKind::contrl) contrl_group(g);
      for (const auto& s : g.sets) set(s, ack_.kind == AckKind::contrl ? 2 : 1);
    }
    for (const auto& s : ack_.sets) set(s, 1);
    for (const auto& p : ack_.problems) {
      std::string element = p.where.element != 0 ? fmt::format(" element {:02}", p.where.element) : "";
      line(1, fmt::format("{}: segment {} {}{}: {}", to_string(p.severity), p.where.segment, p.where.tag,
                          element, p.message));
    }
    return out_;
  }

 private:
  void line(int depth, const std::string& text) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }

  std::string from() const {
    const auto& e = ack_.envelope;
    return fmt::format("{} from {} (interchange {})", to_string(ack_.kind),
                       e.sender_id.empty() ? "?" : e.sender_id, e.interchange_control);
  }

  void header() {
    if (ack_.kind == AckKind::ta1) return ta1_header();
    if (ack_.kind == AckKind::contrl) return contrl_header();
    if (ack_.groups.empty()) return line(0, from() + " acknowledges no group");
    const GroupNote& g = ack_.groups.front();
    std::string text = fmt::format("{} acknowledges group {} {}", from(), g.functional_id, g.control_number);
    if (!g.version.empty()) text += " version " + g.version;
    text += ": " + status_words(g.status, g.status_code, words_.group_status);
    if (g.counts) {
      text += fmt::format(", {} included, {} received, {} accepted", plural(g.counts->included, "set"),
                          g.counts->received, g.counts->accepted);
    }
    text += reasons(words_.group_error, g.error_codes);
    line(0, text + " " + source(words_.group_tag, g.status_code, g.error_codes));
  }

  void ta1_header() {
    if (!ack_.interchange) return line(0, from() + " acknowledges nothing");
    const InterchangeNote& n = *ack_.interchange;
    std::string text =
        fmt::format("{} acknowledges interchange {} of {} {}: {}", from(), n.control_number, n.date, n.time,
                    status_words(n.status, n.status_code, CodeList::ta1_status));
    if (!n.error_code.empty() && n.error_code != "000")
      text += " — " + phrase(CodeList::ta1_note, n.error_code);
    std::vector<std::string> codes;
    if (!n.error_code.empty()) codes.push_back(n.error_code);
    line(0, text + " " + source("TA1", n.status_code, codes));
  }

  void contrl_header() {
    if (!ack_.interchange) return line(0, from() + " acknowledges no interchange");
    const InterchangeNote& n = *ack_.interchange;
    std::string text =
        fmt::format("{} acknowledges interchange {} from {} to {}: {}", from(), n.control_number,
                    party(n.sender_id, n.sender_qualifier), party(n.recipient_id, n.recipient_qualifier),
                    status_words(n.status, n.status_code, CodeList::contrl_action));
    std::vector<std::string> codes;
    if (!n.error_code.empty()) codes.push_back(n.error_code);
    text += reasons(CodeList::contrl_error, codes) + service_place(n.service_segment, n.element);
    line(0, text + " " + source("UCI", n.status_code, codes));
  }

  void contrl_group(const GroupNote& g) {
    std::string text = fmt::format("group {}", g.control_number);
    if (!g.sender_id.empty() || !g.recipient_id.empty()) {
      text += fmt::format(" from {} to {}", party(g.sender_id, g.sender_qualifier),
                          party(g.recipient_id, g.recipient_qualifier));
    }
    text += ": " + status_words(g.status, g.status_code, CodeList::contrl_action) +
            reasons(CodeList::contrl_error, g.error_codes) + service_place(g.service_segment, g.element);
    line(1, text + " " + source("UCF", g.status_code, g.error_codes));
  }

  void set(const SetNote& s, int depth) {
    std::string text = fmt::format("{} {} {}", words_.set_noun, s.type, s.control_number);
    if (!s.version.empty()) text += fmt::format(" ({})", s.version);
    text += ": " + status_words(s.status, s.status_code, words_.set_status) +
            reasons(words_.set_error, s.error_codes) + service_place(s.service_segment, s.element);
    line(depth, text + " " + source(words_.set_tag, s.status_code, s.error_codes));
    for (const auto& seg : s.segments) segment(seg, depth + 1);
  }

  void segment(const SegmentNote& n, int depth) {
    std::string text = fmt::format("segment {}", n.position);
    if (!n.tag.empty()) text += " " + n.tag;
    if (!n.loop_id.empty()) text += fmt::format(" (loop {})", n.loop_id);
    if (!n.code.empty()) text += ": " + phrase(words_.segment_error, n.code);
    std::vector<std::string> codes;
    if (!n.code.empty()) codes.push_back(n.code);
    line(depth, text + " " + source(words_.segment_tag, {}, codes));
    for (const auto& c : n.contexts) line(depth + 1, "context: " + c);
    for (const auto& e : n.elements) element(e, depth + 1);
  }

  void element(const ElementNote& n, int depth) {
    std::string text = position_words(n.position);
    if (!n.reference.empty()) text += fmt::format(" ({})", n.reference);
    text += ": " + phrase(words_.element_error, n.code);
    if (!n.bad_value.empty()) text += fmt::format(" (\"{}\")", n.bad_value);
    line(depth, text + " " + source(words_.element_tag, {}, {n.code}));
    for (const auto& c : n.contexts) line(depth + 1, "context: " + c);
  }

  const Acknowledgment& ack_;
  Words words_;
  std::string out_;
};

}  // namespace

std::string explain(const Acknowledgment& ack) {
  return Explainer(ack).run();
}

}  // namespace edigate::ack
