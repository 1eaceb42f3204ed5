#include <edigate/edi/writer.hpp>

#include "layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

namespace edigate::edi {
namespace {

bool is_alnum(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string printable(char c) {
  if (c >= 0x21 && c <= 0x7E) return fmt::format("'{}'", c);
  return fmt::format("0x{:02X}", static_cast<unsigned char>(c));
}

Error unwritable(std::string message) {
  Error e;
  e.code = ErrorCode::unwritable_value;
  e.message = std::move(message);
  return e;
}

Error bad_delimiters(std::string message) {
  Error e;
  e.code = ErrorCode::invalid_delimiters;
  e.message = std::move(message);
  return e;
}

// Index one past the last part that writes something (trailing empty parts are dropped).
template <class Range, class IsEmpty>
std::size_t written_length(const Range& parts, bool keep, IsEmpty is_empty) {
  std::size_t n = parts.size();
  if (keep) return n;
  while (n != 0 && is_empty(parts[n - 1])) --n;
  return n;
}

bool repetition_empty(const std::vector<std::string>& components) {
  return std::all_of(components.begin(), components.end(), [](const std::string& c) { return c.empty(); });
}

std::string_view first_value(const Segment& s, std::size_t position) {
  if (position == 0 || position > s.elements.size()) return {};
  const Element& e = s.elements[position - 1];
  if (e.repetitions.empty() || e.repetitions.front().empty()) return {};
  return e.repetitions.front().front();
}

Error in_context(Error e, const std::string& context) {
  e.message = context + ": " + e.message;
  return e;
}

// ---------------------------------------------------------------- ISA / UNA / UNB

Result<void> append_isa_field(std::string& out, std::string_view name, std::string_view value,
                              std::size_t width, const Delimiters& d, bool exact) {
  if (value.size() > width || (exact && value.size() != width)) {
    return unwritable(
        fmt::format("{} \"{}\" must be {} {} characters", name, value, exact ? "exactly" : "at most", width));
  }
  out.push_back(d.element);
  auto appended = append_value(out, value, d);
  if (!appended) return in_context(appended.error(), std::string(name));
  out.append(width - value.size(), ' ');
  return {};
}

Result<std::string> isa_text(const InterchangeDraft& draft) {
  const Delimiters& d = draft.delimiters;
  const bool has_repetition = draft.version >= "00402";
  if (has_repetition && d.repetition == 0) {
    return bad_delimiters(fmt::format("X12 {} needs a repetition separator (ISA11)", draft.version));
  }
  if (!has_repetition && d.repetition != 0) {
    return bad_delimiters(
        fmt::format("X12 {} has no repetition separator: ISA11 is 'U' before 00402", draft.version));
  }
  std::string control = draft.control_number;
  if (control.empty() || control.size() > 9 ||
      !std::all_of(control.begin(), control.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return unwritable(fmt::format("ISA13 \"{}\" must be a number of at most 9 digits", control));
  }
  control.insert(0, 9 - control.size(), '0');
  std::string out = "ISA";
  struct Field {
    std::string_view name;
    std::string_view value;
    std::size_t width;
    bool exact;
  };
  const Field fields[] = {{"ISA01", draft.authorization_qualifier, 2, false},
                          {"ISA02", draft.authorization, 10, false},
                          {"ISA03", draft.security_qualifier, 2, false},
                          {"ISA04", draft.security, 10, false},
                          {"ISA05", draft.sender_qualifier, 2, false},
                          {"ISA06", draft.sender_id, 15, false},
                          {"ISA07", draft.receiver_qualifier, 2, false},
                          {"ISA08", draft.receiver_id, 15, false},
                          {"ISA09", draft.date, 6, true},
                          {"ISA10", draft.time, 4, true}};
  for (const Field& f : fields) {
    auto ok = append_isa_field(out, f.name, f.value, f.width, d, f.exact);
    if (!ok) return ok.error();
  }
  out.push_back(d.element);
  out.push_back(has_repetition ? d.repetition : 'U');
  auto version = append_isa_field(out, "ISA12", draft.version, 5, d, true);
  if (!version) return version.error();
  out.push_back(d.element);
  out += control;
  out.push_back(d.element);
  out.push_back(draft.ack_requested ? '1' : '0');
  out.push_back(d.element);
  out.push_back(draft.test ? 'T' : 'P');
  out.push_back(d.element);
  out.push_back(d.component);
  return out;
}

Segment unb_segment(const InterchangeDraft& draft) {
  auto party = [](const std::string& id, const std::string& qualifier) {
    return qualifier.empty() ? Element(id) : Element::composite({id, qualifier});
  };
  return Segment{
      "UNB",
      {Element::composite({draft.syntax_identifier, draft.version}),
       party(draft.sender_id, draft.sender_qualifier), party(draft.receiver_id, draft.receiver_qualifier),
       Element::composite({draft.date, draft.time}), draft.control_number, "", draft.application_reference,
       "", draft.ack_requested ? "1" : "", "", draft.test ? "1" : ""}};
}

Result<bool> wants_service_string(const InterchangeDraft& draft, ServiceStringAdvice advice) {
  const Delimiters& d = draft.delimiters;
  const bool level_b = d.element == '\x1D';
  const bool needed = d != default_edifact_delimiters(level_b, draft.version);
  switch (advice) {
    case ServiceStringAdvice::always:
      return true;
    case ServiceStringAdvice::never:
      if (needed) {
        return bad_delimiters(
            "these EDIFACT delimiters differ from the defaults and need a UNA service string");
      }
      return false;
    case ServiceStringAdvice::automatic:
      break;
  }
  return needed;
}

}  // namespace

// ---------------------------------------------------------------- values

Element Element::composite(std::vector<std::string> components) {
  Element e;
  e.repetitions.push_back(std::move(components));
  return e;
}

Element Element::repeated(std::vector<std::vector<std::string>> repetitions) {
  Element e;
  e.repetitions = std::move(repetitions);
  return e;
}

bool Element::empty() const noexcept {
  return std::all_of(repetitions.begin(), repetitions.end(), repetition_empty);
}

std::string_view line_break_text(LineBreaks breaks) noexcept {
  switch (breaks) {
    case LineBreaks::lf:
      return "\n";
    case LineBreaks::crlf:
      return "\r\n";
    case LineBreaks::as_found:
    case LineBreaks::none:
      break;
  }
  return {};
}

// ---------------------------------------------------------------- layer 1

Result<void> append_value(std::string& out, std::string_view value, const Delimiters& d) {
  for (char c : value) {
    if (c == '\r' || c == '\n') {
      // A reader takes a line break inside a segment for hard wrapping and drops it.
      return unwritable(fmt::format("value \"{}\" holds a line break, which no segment can carry", value));
    }
    if (d.release == 0 && d.is_service(c)) {
      return unwritable(fmt::format("value \"{}\" holds the delimiter {}, which cannot be escaped here",
                                    value, printable(c)));
    }
  }
  if (d.release == 0) {
    out += value;
  } else {
    out += escape(value, d);
  }
  return {};
}

Result<void> check_delimiters(const Delimiters& d, Standard standard) {
  if (d.segment == 0 || d.element == 0 || d.component == 0) {
    return bad_delimiters("the segment terminator, element and component separators must be set");
  }
  if (standard == Standard::x12 && d.release != 0) {
    return bad_delimiters("X12 has no release character");
  }
  const char set[] = {d.segment, d.element, d.component, d.repetition, d.release};
  for (std::size_t i = 0; i < std::size(set); ++i) {
    const char c = set[i];
    if (c == 0) continue;
    if (is_alnum(c) || c == ' ' || c == '\t') {
      return bad_delimiters(fmt::format("{} cannot be a delimiter", printable(c)));
    }
    if (i != 0 && (c == '\r' || c == '\n')) {
      return bad_delimiters("only the segment terminator may be a line break");
    }
    for (std::size_t j = i + 1; j < std::size(set); ++j) {
      if (set[j] == c) return bad_delimiters(fmt::format("{} is used for two delimiters", printable(c)));
    }
  }
  return {};
}

Result<void> SegmentWriter::write(const Segment& segment) {
  return write(segment.tag, segment.elements);
}

Result<void> SegmentWriter::write(std::string_view tag, std::span<const Element> elements) {
  std::string& out = *out_;
  const std::size_t start = out.size();
  auto fail = [&](Error e, std::size_t element, std::size_t repetition, std::size_t component) {
    out.resize(start);
    e.where.tag = std::string(tag);
    e.where.element = static_cast<std::uint16_t>(element);
    e.where.repetition = static_cast<std::uint16_t>(repetition);
    e.where.component = static_cast<std::uint16_t>(component);
    return e;
  };
  if (tag.empty() || std::any_of(tag.begin(), tag.end(), [this](char c) {
        return delims_.is_service(c) || c == '\r' || c == '\n' || c == ' ';
      })) {
    return fail(unwritable(fmt::format("\"{}\" cannot be a segment tag", tag)), 0, 0, 0);
  }
  out += tag;
  const bool keep = options_.keep_trailing_empty;
  const std::size_t element_count =
      written_length(elements, keep, [](const Element& e) { return e.empty(); });
  for (std::size_t i = 0; i < element_count; ++i) {
    out.push_back(delims_.element);
    const auto& repetitions = elements[i].repetitions;
    const std::size_t repetition_count =
        std::max<std::size_t>(written_length(repetitions, keep, repetition_empty), 1);
    if (repetition_count > 1 && delims_.repetition == 0) {
      return fail(unwritable(fmt::format("element has {} repetitions but these delimiters have no repetition "
                                         "separator",
                                         repetition_count)),
                  i + 1, 0, 0);
    }
    for (std::size_t r = 0; r < repetition_count && r < repetitions.size(); ++r) {
      if (r != 0) out.push_back(delims_.repetition);
      const auto& components = repetitions[r];
      const std::size_t component_count =
          written_length(components, keep, [](const std::string& c) { return c.empty(); });
      for (std::size_t c = 0; c < component_count; ++c) {
        if (c != 0) out.push_back(delims_.component);
        auto appended = append_value(out, components[c], delims_);
        if (!appended) {
          return fail(appended.error(), i + 1, repetition_count > 1 ? r + 1 : 0,
                      component_count > 1 ? c + 1 : 0);
        }
      }
    }
  }
  out.push_back(delims_.segment);
  out += line_break_text(options_.line_breaks);
  ++count_;
  return {};
}

void SegmentWriter::write_raw(std::string_view raw) {
  *out_ += raw;
  out_->push_back(delims_.segment);
  *out_ += line_break_text(options_.line_breaks);
  ++count_;
}

Result<std::string> format_segment(const Segment& segment, const Delimiters& d, SegmentOptions options) {
  options.line_breaks = LineBreaks::none;
  std::string out;
  SegmentWriter writer(out, d, options);
  auto ok = writer.write(segment);
  if (!ok) return ok.error();
  out.pop_back();
  return out;
}

Result<void> write_segment(std::ostream& out, const Segment& segment, const Delimiters& d,
                           SegmentOptions options) {
  std::string text;
  SegmentWriter writer(text, d, options);
  auto ok = writer.write(segment);
  if (!ok) return ok.error();
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return {};
}

// ---------------------------------------------------------------- layer 2

std::string service_string_for(const Delimiters& d) {
  std::string una = "UNA";
  una.push_back(d.component);
  una.push_back(d.element);
  una.push_back(d.decimal);
  una.push_back(d.release == 0 ? ' ' : d.release);
  una.push_back(d.repetition == 0 ? ' ' : d.repetition);
  una.push_back(d.segment);
  return una;
}

Delimiters default_edifact_delimiters(bool level_b, std::string_view syntax_version) noexcept {
  Delimiters d = level_b ? Delimiters::edifact_level_b() : Delimiters::edifact();
  if (syntax_version == "4") d.repetition = level_b ? '\x19' : '*';
  return d;
}

Result<std::string> write(const InterchangeDraft& draft, const DraftOptions& options) {
  const Delimiters& d = draft.delimiters;
  const bool x12 = draft.standard == Standard::x12;
  if (auto ok = check_delimiters(d, draft.standard); !ok) return ok.error();
  SegmentOptions segment_options;
  segment_options.keep_trailing_empty = options.keep_trailing_empty;
  segment_options.line_breaks = options.line_breaks;
  std::string out;
  SegmentWriter writer(out, d, segment_options);

  if (x12) {
    auto isa = isa_text(draft);
    if (!isa) return in_context(isa.error(), "ISA");
    writer.write_raw(*isa);
  } else {
    auto una = wants_service_string(draft, options.service_string);
    if (!una) return una.error();
    if (*una) {
      out += service_string_for(d);
      out += line_break_text(options.line_breaks);
    }
    SegmentWriter header_writer(out, d, SegmentOptions{false, options.line_breaks});
    if (auto ok = header_writer.write(unb_segment(draft)); !ok) return in_context(ok.error(), "UNB");
  }
  for (const Segment& s : draft.service_segments) {
    if (auto ok = writer.write(s); !ok) return in_context(ok.error(), "service segment");
  }

  const auto with_header = static_cast<std::size_t>(std::count_if(
      draft.groups.begin(), draft.groups.end(), [](const GroupDraft& g) { return g.header.has_value(); }));
  if (x12 && with_header != draft.groups.size()) {
    Error e = unwritable("every X12 transaction set needs a GS functional group header");
    e.code = ErrorCode::set_outside_group;
    return e;
  }
  if (with_header != 0 && with_header != draft.groups.size()) {
    Error e = unwritable("an EDIFACT interchange has either UNG groups or messages outside groups, not both");
    e.code = ErrorCode::groups_and_messages_mixed;
    return e;
  }
  const std::string_view group_tag = x12 ? "GS" : "UNG";
  const std::string_view set_tag = x12 ? "ST" : "UNH";
  std::size_t messages = 0;
  for (std::size_t g = 0; g < draft.groups.size(); ++g) {
    const GroupDraft& group = draft.groups[g];
    const std::string group_context = fmt::format("group {}", g + 1);
    if (group.header) {
      if (group.header->tag != group_tag) {
        return in_context(
            unwritable(fmt::format("the group header is {}, not {}", group.header->tag, group_tag)),
            group_context);
      }
      if (auto ok = writer.write(*group.header); !ok) return in_context(ok.error(), group_context);
    }
    for (std::size_t s = 0; s < group.sets.size(); ++s) {
      const SetDraft& set = group.sets[s];
      const std::string context = fmt::format("group {}, set {}", g + 1, s + 1);
      if (set.header.tag != set_tag) {
        return in_context(unwritable(fmt::format("the set header is {}, not {}", set.header.tag, set_tag)),
                          context);
      }
      if (auto ok = writer.write(set.header); !ok) return in_context(ok.error(), context);
      for (const Segment& body : set.body) {
        if (auto ok = writer.write(body); !ok) return in_context(ok.error(), context);
      }
      const std::string count = std::to_string(set.body.size() + 2);
      const Segment trailer{x12 ? "SE" : "UNT", {count, std::string(first_value(set.header, x12 ? 2 : 1))}};
      if (auto ok = writer.write(trailer); !ok) return in_context(ok.error(), context);
      ++messages;
    }
    if (group.header) {
      const Segment trailer{
          x12 ? "GE" : "UNE",
          {std::to_string(group.sets.size()), std::string(first_value(*group.header, x12 ? 6 : 5))}};
      if (auto ok = writer.write(trailer); !ok) return in_context(ok.error(), group_context);
    }
  }
  std::string control = draft.control_number;
  if (x12) control.insert(0, 9 - std::min<std::size_t>(9, control.size()), '0');
  const std::size_t count = x12 || with_header != 0 ? draft.groups.size() : messages;
  const Segment trailer{x12 ? "IEA" : "UNZ", {std::to_string(count), control}};
  if (auto ok = writer.write(trailer); !ok) return in_context(ok.error(), "interchange trailer");
  return out;
}

// ---------------------------------------------------------------- layer 3

void rewrite(const Interchange& ic, std::string& out, const RewriteOptions& options) {
  const bool as_found = options.line_breaks == LineBreaks::as_found;
  const std::string_view fixed = line_break_text(options.line_breaks);
  detail::InterchangeLayout layout;
  if (as_found) layout = detail::layout_of(ic, options.source);
  if (ic.info.has_service_string) {
    out += ic.info.service_string;
    out += as_found ? std::string_view(layout.service_string_gap) : fixed;
  }
  const char terminator = ic.info.delimiters.segment;
  for (std::size_t k = 0; k < ic.segments.size(); ++k) {
    const SegmentView& s = ic.segments[k];
    if (as_found) {
      detail::append_with_breaks(out, s.raw(), terminator, layout.breaks[k]);
      out += s.gap;
    } else {
      out += s.raw();
      out.push_back(terminator);
      out += fixed;
    }
  }
}

std::string rewrite(const Interchange& ic, const RewriteOptions& options) {
  std::string out;
  rewrite(ic, out, options);
  return out;
}

std::string rewrite(std::span<const Interchange> interchanges, const RewriteOptions& options) {
  std::string out;
  const bool keep_between = options.line_breaks == LineBreaks::as_found;
  for (std::size_t i = 0; i < interchanges.size(); ++i) {
    if (keep_between) out += detail::leading_bytes(interchanges, i, options.source);
    rewrite(interchanges[i], out, options);
  }
  if (keep_between) out += detail::trailing_bytes(interchanges, options.source);
  return out;
}

}  // namespace edigate::edi
