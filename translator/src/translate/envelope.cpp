// Canonical documents to one interchange for a partner.
#include <edigate/edi/writer.hpp>
#include <edigate/translate/translate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

namespace edigate::translate {

namespace {

// GS01 functional identifier of each X12 transaction set we write.
std::string functional_id(std::string_view set) {
  static const std::map<std::string_view, std::string_view> ids = {
      {"850", "PO"}, {"855", "PR"}, {"856", "SH"}, {"810", "IN"}, {"860", "PC"}, {"865", "CA"}, {"846", "IB"},
      {"997", "FA"}, {"999", "FA"}};
  const auto it = ids.find(set);
  return it == ids.end() ? std::string() : std::string(it->second);
}

// CCYYMMDDHHMM now (UTC), or the pinned value.
std::string timestamp(const Options& options) {
  if (options.now.size() == 12) return options.now;
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M", &tm);
  return buf;
}

Error failure(std::string message) {
  Error err;
  err.code = ErrorCode::mapping_failed;
  err.message = std::move(message);
  return err;
}

Result<std::shared_ptr<const maps::CompiledMap>> map_for(const maps::MapLibrary& library, const Options& options,
                                                         std::string_view standard, std::string_view version,
                                                         const std::string& model) {
  Result<std::shared_ptr<const maps::CompiledMap>> found = failure("");
  if (!options.output_map.empty()) {
    found = library.by_name(options.output_map);
  } else {
    const std::string_view base = standard == "x12" && version.size() > 6 ? version.substr(0, 6) : version;
    bool any = false;
    for (const maps::MapInfo& info : library.maps()) {
      if (info.format != maps::MapFormat::edi || info.standard != standard || info.model != model) continue;
      if (std::find(info.versions.begin(), info.versions.end(), base) == info.versions.end()) continue;
      found = library.by_name(info.name);
      any = true;
      break;
    }
    if (!any) {
      Error err;
      err.code = ErrorCode::map_not_found;
      err.message = "no " + std::string(standard) + " " + std::string(version) + " map writes " + model + " documents";
      return err;
    }
  }
  if (!found || options.partner == nullptr) return found;
  if (const partners::MapOverlay* o = options.partner->overlay_for((*found)->info().name)) return library.with_overlay(o->overlay);
  return found;
}

// UTF-8 text to ISO 8859-1 for a UNOC interchange; a character outside Latin-1 is an error.
Result<void> to_latin1(std::vector<edi::Segment>& segments, const std::string& model) {
  for (edi::Segment& segment : segments) {
    for (edi::Element& element : segment.elements) {
      for (auto& repetition : element.repetitions) {
        for (std::string& value : repetition) {
          std::string out;
          bool changed = false;
          for (std::size_t i = 0; i < value.size(); ++i) {
            const auto b = static_cast<unsigned char>(value[i]);
            if (b < 0x80) {
              out += value[i];
              continue;
            }
            changed = true;
            if ((b == 0xC2 || b == 0xC3) && i + 1 < value.size()) {
              out += static_cast<char>(((b & 0x03) << 6) | (static_cast<unsigned char>(value[i + 1]) & 0x3F));
              ++i;
              continue;
            }
            return failure("the " + model + "'s " + segment.tag + " value \"" + value +
                           "\" holds a character that UNOC (ISO 8859-1) cannot carry; use a UNOW or UNOY partner profile");
          }
          if (changed) value = std::move(out);
        }
      }
    }
  }
  return {};
}

}  // namespace

Result<std::string> write_interchange(const maps::MapLibrary& library, const Options& options,
                                      std::span<const maps::Document> documents) {
  const bool x12 = options.target == Target::x12;
  const std::string stamp = timestamp(options);
  edi::InterchangeDraft draft;
  edi::DraftOptions draft_options;

  partners::X12Identity x12_id;
  partners::EdifactIdentity edifact_id;
  if (options.partner != nullptr && options.partner->x12) x12_id = *options.partner->x12;
  else { x12_id.qualifier = "ZZ"; x12_id.id = x12_id.application = "PARTNER"; x12_id.our_qualifier = "ZZ"; x12_id.our_id = x12_id.our_application = "EDIGATE"; }
  if (options.partner != nullptr && options.partner->edifact) edifact_id = *options.partner->edifact;
  else { edifact_id.id = "PARTNER"; edifact_id.our_id = "EDIGATE"; }
  if (x12 && (options.partner != nullptr && !options.partner->x12)) {
    return failure("partner " + options.partner->name + " has no X12 identity in its profile");
  }
  if (!x12 && (options.partner != nullptr && !options.partner->edifact)) {
    return failure("partner " + options.partner->name + " has no EDIFACT identity in its profile");
  }

  const std::string version = x12 ? x12_id.version : edifact_id.version;
  if (x12) {
    draft.standard = edi::Standard::x12;
    const bool repetition = version.substr(0, 6) >= "004020";
    draft.delimiters = {x12_id.segment, x12_id.element, x12_id.component, repetition ? x12_id.repetition : '\0', 0, '.'};
    draft.version = "00" + version.substr(2, 3);
    draft.sender_qualifier = x12_id.our_qualifier;
    draft.sender_id = x12_id.our_id;
    draft.receiver_qualifier = x12_id.qualifier;
    draft.receiver_id = x12_id.id;
    draft.date = stamp.substr(2, 6);
    draft.time = stamp.substr(8, 4);
    draft.ack_requested = x12_id.ack_requested;
    draft.test = x12_id.test;
    draft_options.line_breaks = x12_id.line_breaks ? edi::LineBreaks::lf : edi::LineBreaks::none;
  } else {
    draft.standard = edi::Standard::edifact;
    draft.delimiters = {edifact_id.segment, edifact_id.element, edifact_id.component, 0, edifact_id.release, '.'};
    draft.version = edifact_id.syntax_version;
    draft.syntax_identifier = edifact_id.syntax;
    draft.sender_qualifier = edifact_id.our_qualifier;
    draft.sender_id = edifact_id.our_id;
    draft.receiver_qualifier = edifact_id.qualifier;
    draft.receiver_id = edifact_id.id;
    draft.date = edifact_id.syntax_version == "4" ? stamp.substr(0, 8) : stamp.substr(2, 6);
    draft.time = stamp.substr(8, 4);
    draft.test = edifact_id.test;
    draft_options.line_breaks = edifact_id.line_breaks ? edi::LineBreaks::lf : edi::LineBreaks::none;
  }

  // Every document is mapped before any control number is taken: a document that cannot be
  // written leaves no gap in the partner's numbers.
  struct MappedSet {
    std::string set;   // 810, ORDERS
    std::string gs01;  // X12 functional identifier
    std::vector<edi::Segment> body;
  };
  std::vector<MappedSet> mapped;
  mapped.reserve(documents.size());
  for (const maps::Document& doc : documents) {
    auto map = map_for(library, options, x12 ? "x12" : "edifact", version, doc.model);
    if (!map) return std::move(map).error();
    auto body = maps::canonical_to_edi(**map, doc);
    if (!body) return std::move(body).error();
    MappedSet m{(*map)->info().set, {}, std::move(*body)};
    if (x12) {
      m.gs01 = functional_id(m.set);
      if (m.gs01.empty()) return failure("no functional group identifier known for X12 " + m.set);
    } else if (edifact_id.syntax == "UNOC") {
      if (auto r = to_latin1(m.body, doc.model); !r) return r.error();
    }
    mapped.push_back(std::move(m));
  }

  // Numbers: from the caller's source when it has one, else counted from options.control_number.
  const auto number = [&](ControlLevel level, std::uint64_t counted) -> Result<std::uint64_t> {
    if (options.control_numbers) return options.control_numbers(level);
    return counted;
  };
  auto interchange_number = number(ControlLevel::interchange, options.control_number);
  if (!interchange_number) return std::move(interchange_number).error();
  draft.control_number = std::to_string(*interchange_number);

  std::map<std::string, std::size_t> group_of;  // GS01 -> index in draft.groups
  std::size_t set_number = 0;
  for (MappedSet& m : mapped) {
    ++set_number;
    edi::SetDraft sd;
    if (x12) {
      auto it = group_of.find(m.gs01);
      if (it == group_of.end()) {
        auto group_number = number(ControlLevel::group, options.control_number + group_of.size());
        if (!group_number) return std::move(group_number).error();
        edi::GroupDraft g;
        g.header = edi::Segment{"GS", {m.gs01, x12_id.our_application, x12_id.application, stamp.substr(0, 8),
                                       stamp.substr(8, 4), std::to_string(*group_number), "X", version}};
        draft.groups.push_back(std::move(g));
        it = group_of.emplace(m.gs01, draft.groups.size() - 1).first;
      }
      auto st02 = number(ControlLevel::set, set_number);
      if (!st02) return std::move(st02).error();
      sd.header = {"ST", {m.set, fmt::format("{:04}", *st02)}};
      if (version.size() > 6) sd.header.elements.emplace_back(version);  // ST03: the implementation guide
      sd.body = std::move(m.body);
      draft.groups[it->second].sets.push_back(std::move(sd));
    } else {
      auto unh = number(ControlLevel::set, set_number);
      if (!unh) return std::move(unh).error();
      std::vector<std::string> id = {m.set, version.substr(0, 1), version.substr(1), "UN"};
      if (!edifact_id.association.empty()) id.push_back(edifact_id.association);
      sd.header = {"UNH", {std::to_string(*unh), edi::Element::composite(std::move(id))}};
      sd.body = std::move(m.body);
      if (draft.groups.empty()) draft.groups.emplace_back();
      draft.groups.front().sets.push_back(std::move(sd));
    }
  }
  return edi::write(draft, draft_options);
}

}  // namespace edigate::translate
