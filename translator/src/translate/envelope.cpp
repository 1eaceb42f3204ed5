#include "translate/envelope.hpp"

#include <edigate/edi/writer.hpp>

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

}  // namespace

Result<std::string> write_interchange(const maps::MapLibrary& library, const Options& options,
                                      std::span<const maps::Document> documents) {
  const bool x12 = options.target == Target::x12;
  const std::string stamp = timestamp(options);
  const std::string control = std::to_string(options.control_number);
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
  draft.control_number = control;

  std::map<std::string, std::size_t> group_of;  // GS01 -> index in draft.groups
  std::size_t set_number = 0;
  for (const maps::Document& doc : documents) {
    auto map = map_for(library, options, x12 ? "x12" : "edifact", version, doc.model);
    if (!map) return std::move(map).error();
    auto body = maps::canonical_to_edi(**map, doc);
    if (!body) return std::move(body).error();
    const std::string& set = (*map)->info().set;
    ++set_number;
    edi::SetDraft sd;
    if (x12) {
      char st02[16];
      std::snprintf(st02, sizeof st02, "%04zu", set_number);
      sd.header = {"ST", {set, std::string(st02)}};
      if (version.size() > 6) sd.header.elements.emplace_back(version);  // ST03: the implementation guide
      const std::string gs01 = functional_id(set);
      if (gs01.empty()) return failure("no functional group identifier known for X12 " + set);
      auto it = group_of.find(gs01);
      if (it == group_of.end()) {
        edi::GroupDraft g;
        g.header = edi::Segment{"GS", {gs01, x12_id.our_application, x12_id.application, stamp.substr(0, 8),
                                       stamp.substr(8, 4), std::to_string(options.control_number + group_of.size()),
                                       "X", version}};
        draft.groups.push_back(std::move(g));
        it = group_of.emplace(gs01, draft.groups.size() - 1).first;
      }
      sd.body = std::move(*body);
      draft.groups[it->second].sets.push_back(std::move(sd));
    } else {
      std::vector<std::string> id = {set, version.substr(0, 1), version.substr(1), "UN"};
      if (!edifact_id.association.empty()) id.push_back(edifact_id.association);
      sd.header = {"UNH", {std::to_string(set_number), edi::Element::composite(std::move(id))}};
      sd.body = std::move(*body);
      if (draft.groups.empty()) draft.groups.emplace_back();
      draft.groups.front().sets.push_back(std::move(sd));
    }
  }
  return edi::write(draft, draft_options);
}

}  // namespace edigate::translate
