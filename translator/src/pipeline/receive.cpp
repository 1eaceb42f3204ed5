#include <edigate/pipeline/receive.hpp>

#include <edigate/edi/reader.hpp>
#include <edigate/partners/control_numbers.hpp>
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/pipeline/acknowledgments.hpp>
#include <edigate/validate/validator.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

namespace edigate::pipeline {

namespace {

using validate::AckStatus;
using validate::Finding;

bool is_acknowledgment(std::string_view type) {
  return type == "997" || type == "999" || type == "CONTRL" || type == "APERAK" || type == "TA1";
}

// What the store knows of a partner that receiving needs: its profile (agreements, overlays).
struct PartnerContext {
  partners::PartnerSummary summary;
  partners::Profile profile;
};

const partners::Agreement* inbound_agreement(const partners::Profile& profile, std::string_view standard,
                                             std::string_view document) {
  const partners::Agreement* any = nullptr;
  for (const partners::Agreement& a : profile.agreements) {
    if (a.direction != "inbound" || a.standard != standard) continue;
    if (a.document == document) return &a;
    if (any == nullptr) any = &a;
  }
  return document.empty() ? any : nullptr;
}

ack::AckPolicy policy_of(const partners::Agreement* agreement, bool& none) {
  ack::AckPolicy policy;
  none = false;
  if (agreement == nullptr) return policy;  // the standard's own: 997/999 or CONTRL, always
  const std::string& kind = agreement->ack;
  policy.kind = kind == "997"      ? ack::AckRequest::fa997
                : kind == "999"    ? ack::AckRequest::ia999
                : kind == "ta1"    ? ack::AckRequest::ta1
                : kind == "contrl" ? ack::AckRequest::contrl
                                   : ack::AckRequest::automatic;
  policy.functional = agreement->ack_when == "errors"      ? ack::When::on_errors
                      : agreement->ack_when == "requested" ? ack::When::requested
                                                           : ack::When::always;
  // "none": no functional acknowledgment; a TA1 still answers what the envelope asks for or breaks.
  if (kind == "none") {
    policy.kind = ack::AckRequest::ta1;
    none = true;
  }
  return policy;
}

Finding duplicate_finding(ErrorCode code, const validate::InterchangeReport& report, std::uint32_t segment,
                          std::string_view tag, std::string message) {
  Finding f;
  f.error.code = code;
  f.error.where.file = report.file;
  f.error.where.interchange = report.index;
  f.error.where.segment = segment;
  f.error.where.tag = std::string(tag);
  f.error.message = std::move(message);
  return f;
}

void reject_group(validate::GroupReport& group) {
  group.status = AckStatus::rejected;
  for (validate::SetReport& set : group.sets) set.status = AckStatus::rejected;
}

// Marks in the report what the partner already sent within the agreement's window: the whole
// interchange (TA1 025 / CONTRL 26), else each group (AK9 19 / UCF 26). Returns the correlation id
// of the earlier interchange when the whole of it is a copy.
Result<std::string> mark_duplicates(partners::Store& store, std::int64_t partner, validate::InterchangeReport& report,
                                    const std::string& since, const std::string& partner_name) {
  const bool x12 = report.info.standard == edi::Standard::x12;
  auto earlier = partners::earlier_interchange(store, partner, "inbound", report.info.control_number, since);
  if (!earlier) return std::move(earlier).error();
  if (earlier->has_value()) {
    report.findings.push_back(duplicate_finding(
        ErrorCode::duplicate_interchange_control, report, 1, x12 ? "ISA" : "UNB",
        fmt::format("interchange control number {} was already received from {} (correlation {}): not processed again",
                    report.info.control_number, partner_name, **earlier)));
    report.status = AckStatus::rejected;
    for (validate::GroupReport& g : report.groups) reject_group(g);
    return **earlier;
  }
  for (validate::GroupReport& group : report.groups) {
    if (!group.has_header || group.control_number.empty()) continue;
    auto seen = partners::earlier_group(store, partner, "inbound", group.control_number, since);
    if (!seen) return std::move(seen).error();
    if (!seen->has_value()) continue;
    Finding f = duplicate_finding(ErrorCode::duplicate_group_control, report, group.header_segment, x12 ? "GS" : "UNG",
                                  fmt::format("group control number {} was already received from {} (correlation {}): "
                                              "its sets are not processed again",
                                              group.control_number, partner_name, **seen));
    group.findings.push_back(f);
    reject_group(group);
    for (validate::SetReport& set : group.sets) {
      Finding s = f;
      s.error.code = ErrorCode::duplicate_set_control;
      s.error.where.segment = set.header_segment;
      s.error.where.set_segment = 1;
      s.error.where.tag = x12 ? "ST" : "UNH";
      s.error.message = fmt::format("set {} of group {} was already received", set.control_number, group.control_number);
      set.findings.push_back(std::move(s));
    }
  }
  return std::string();
}

std::string kind_label(ack::AckRequest kind) {
  switch (kind) {
    case ack::AckRequest::fa997: return "997";
    case ack::AckRequest::ia999: return "999";
    case ack::AckRequest::contrl: return "CONTRL";
    case ack::AckRequest::ta1: return "TA1";
    case ack::AckRequest::automatic: break;
  }
  return "";
}

// The business keys (PO, shipment, invoice numbers) of a set, through its map; why not, when the
// set cannot be mapped.
std::optional<Error> add_keys(partners::LedgerSet& out, const maps::MapLibrary& maps, const partners::Profile& profile,
              const edi::Interchange& ic, const edi::FunctionalGroup& group, const edi::TransactionSet& set,
              const std::string& file) {
  const std::string standard = ic.info.standard == edi::Standard::x12 ? "x12" : "edifact";
  auto map = maps.for_set(standard, maps::set_version(set, group), set.type());
  if (!map) return std::move(map).error();
  if (const partners::MapOverlay* overlay = profile.overlay_for((*map)->info().name)) {
    auto layered = maps.with_overlay(overlay->overlay);
    if (!layered) return std::move(layered).error();
    map = std::move(layered);
  }
  out.document = (*map)->info().model;
  auto doc = maps::edi_to_canonical(**map, set.segments, maps::EdiPlace{file, ic.index, out.control_number, ic.info.syntax_identifier});
  if (!doc) return std::move(doc).error();
  out.keys = maps.models().keys(*doc);
  return std::nullopt;
}

}  // namespace

bool ReceiveResult::rejected() const noexcept {
  if (std::any_of(problems.begin(), problems.end(), [](const Error& e) { return e.severity == Severity::error; })) return true;
  return std::any_of(interchanges.begin(), interchanges.end(),
                     [](const ReceivedInterchange& r) { return !r.duplicate_of.empty() || r.report.rejected(); });
}

Result<ReceiveResult> receive_file(partners::Store& store, const std::filesystem::path& file,
                                   schema::SchemaRegistry& schemas, const maps::MapLibrary& maps,
                                   const ReceiveOptions& options) {
  auto digest = partners::digest_file(file);
  if (!digest) return std::move(digest).error();
  std::map<std::string, PartnerContext> known;  // by name
  const auto context_of = [&](const std::string& name) -> Result<const PartnerContext*> {
    if (auto it = known.find(name); it != known.end()) return &it->second;
    auto summary = partners::find_partner(store, name);
    if (!summary) return std::move(summary).error();
    auto profile = partners::export_profile(store, name);
    if (!profile) return std::move(profile).error();
    return &known.emplace(name, PartnerContext{std::move(*summary), std::move(*profile)}).first->second;
  };
  std::int64_t named_partner = 0;
  if (!options.partner.empty()) {
    auto named = context_of(options.partner);
    if (!named) return std::move(named).error();
    named_partner = (*named)->summary.id;
  }

  // The message first: whatever happens next, there is a record that these bytes arrived.
  ReceiveResult result;
  const std::string at = options.at.empty() ? partners::utc_now() : options.at;
  partners::LedgerMessage message;
  message.direction = "inbound";
  message.transport = options.transport;
  message.transport_id = options.transport_id.empty() ? file.filename().string() : options.transport_id;
  message.size = digest->size;
  message.sha256 = digest->sha256;
  message.stored_path = options.stored_path.empty() ? std::filesystem::absolute(file).string() : options.stored_path;
  message.at = at;
  auto correlation = partners::record_message(store, named_partner, message);
  if (!correlation) return std::move(correlation).error();
  result.message_correlation = *correlation;

  // Validation streams through the file once; the reports are small (findings are capped).
  std::vector<validate::InterchangeReport> reports;
  {
    auto source = edi::open_file(file.string());
    if (!source) return std::move(source).error();
    validate::Validator validator(schemas, options.validation);
    edi::SegmentReader reader(std::move(*source));
    validator.run(reader, [&](validate::InterchangeReport& report) { reports.push_back(std::move(report)); });
    result.problems = validator.file_errors();
  }

  auto source = edi::open_file(file.string());
  if (!source) return std::move(source).error();
  edi::InterchangeReader reader(std::move(*source));
  edi::Interchange ic;
  while (reader.next(ic)) {
    auto report_it = std::find_if(reports.begin(), reports.end(), [&](const auto& r) { return r.index == ic.index; });
    if (report_it == reports.end()) continue;  // nothing the validator could read: its problems say why
    ReceivedInterchange out;
    out.index = ic.index;
    out.standard = ic.info.standard == edi::Standard::x12 ? "x12" : "edifact";
    out.control_number = ic.info.control_number;
    out.report = std::move(*report_it);

    // The partner: named, or the one whose identity sent the interchange.
    std::string partner_name = options.partner;
    if (partner_name.empty()) {
      auto found = partners::partner_by_identity(store, out.standard == "x12" ? "x12_isa" : "edifact_unb",
                                                 ic.info.sender_qualifier, ic.info.sender_id);
      if (!found) return std::move(found).error();
      if (!found->has_value()) {
        Error e;
        e.code = ErrorCode::not_found;
        e.where.file = file.string();
        e.where.interchange = ic.index;
        e.where.segment = 1;
        e.where.offset = ic.offset;
        e.where.tag = out.standard == "x12" ? "ISA" : "UNB";
        e.message = fmt::format("no partner has the sender identity {}/{}: not processed (message {})",
                                ic.info.sender_qualifier, ic.info.sender_id, result.message_correlation);
        result.problems.push_back(std::move(e));
        continue;
      }
      partner_name = (*found)->name;
    }
    auto context = context_of(partner_name);
    if (!context) return std::move(context).error();
    const PartnerContext& partner = **context;
    out.partner = partner.summary.name;

    // The agreement of the interchange's first business document decides its acknowledgment.
    std::string first_document;
    for (const auto& g : ic.groups) {
      for (const auto& s : g.sets) {
        if (first_document.empty() && !is_acknowledgment(s.type())) {
          if (auto map = maps.for_set(out.standard, maps::set_version(s, g), s.type())) first_document = (*map)->info().model;
        }
      }
    }
    const partners::Agreement* agreement = inbound_agreement(partner.profile, out.standard, first_document);
    if (agreement == nullptr && !first_document.empty()) {
      out.notes.push_back(fmt::format("no inbound {} agreement with {} for {}: acknowledged the standard's way", out.standard,
                                      partner.summary.name, first_document));
    }
    unsigned window_days = 30;
    if (const auto* any = agreement != nullptr ? agreement : inbound_agreement(partner.profile, out.standard, "")) {
      window_days = any->duplicate_window_days;
    }
    const std::string since = partners::utc_shift(at, -static_cast<long long>(window_days) * 24 * 60);
    auto duplicate = mark_duplicates(store, partner.summary.id, out.report, since, partner.summary.name);
    if (!duplicate) return std::move(duplicate).error();
    out.duplicate_of = *duplicate;

    bool only_acknowledgments = ic.set_count() > 0 || !ic.service_segments.empty();
    for (const auto& g : ic.groups) {
      for (const auto& s : g.sets) only_acknowledgments = only_acknowledgments && is_acknowledgment(s.type());
    }
    if (only_acknowledgments && out.duplicate_of.empty()) {
      out.carried_acknowledgments = true;
      auto summary = partners::reconcile(store, partner.summary.id, acknowledgment_results(ic, file.string()), at);
      if (!summary) return std::move(summary).error();
      out.results_matched = summary->matched;
      out.results_unmatched = summary->unmatched;
    }

    bool no_functional_ack = false;
    const ack::AckPolicy policy = policy_of(agreement, no_functional_ack);
    // What we will answer, known before any number is allocated: the ledger records it with the
    // interchange, and the interchange is recorded before the acknowledgment exists.
    const ack::ControlNumberAllocator dry = [](ack::ControlLevel) { return std::uint64_t{1}; };
    Result<std::vector<ack::GeneratedAck>> planned = std::vector<ack::GeneratedAck>{};
    if (!out.carried_acknowledgments) planned = ack::generate(out.report, policy, dry, options.clock);
    std::string functional_kind, interchange_kind;
    if (planned) {
      for (const auto& a : *planned) {
        if (a.kind == ack::AckRequest::ta1) interchange_kind = "TA1";
        else functional_kind = kind_label(a.kind);
      }
    } else {
      out.notes.push_back("no acknowledgment: " + planned.error().message);
    }

    partners::LedgerInterchange record;
    record.direction = "inbound";
    record.standard = out.standard;
    record.control_number = ic.info.control_number;
    record.sender = ic.info.sender_id;
    record.receiver = ic.info.receiver_id;
    record.at = at;
    record.duplicate_of = out.duplicate_of;
    record.message_correlation = result.message_correlation;
    for (std::size_t gi = 0; gi < ic.groups.size(); ++gi) {
      const edi::FunctionalGroup& group = ic.groups[gi];
      const validate::GroupReport* group_report = gi < out.report.groups.size() ? &out.report.groups[gi] : nullptr;
      for (std::size_t si = 0; si < group.sets.size(); ++si) {
        const edi::TransactionSet& set = group.sets[si];
        partners::LedgerSet s;
        s.group_control = std::string(group.control_number());
        s.set_type = std::string(set.type());
        s.control_number = std::string(set.control_number());
        if (!is_acknowledgment(set.type())) {
          if (auto unmapped = add_keys(s, maps, partner.profile, ic, group, set, file.string())) {
            out.notes.push_back(fmt::format("set {} ({}) has no business keys: {}", s.control_number, s.set_type, unmapped->message));
          }
        }
        const validate::SetReport* set_report =
            group_report != nullptr && si < group_report->sets.size() ? &group_report->sets[si] : nullptr;
        const AckStatus status = set_report != nullptr ? set_report->status : AckStatus::rejected;
        if (!functional_kind.empty()) {
          s.ack_kind = functional_kind;
          s.ack_status = std::string(validate::to_string(status));
        } else if (!interchange_kind.empty() && out.report.status == AckStatus::rejected) {
          s.ack_kind = interchange_kind;
          s.ack_status = "rejected";
        }
        record.sets.push_back(std::move(s));
      }
    }
    auto recorded = partners::record_interchange(store, partner.summary.id, record);
    if (!recorded) return std::move(recorded).error();
    out.correlation_id = *recorded;

    // Now the acknowledgment, with our numbers for this partner.
    if (planned && !planned->empty()) {
      std::optional<Error> allocation_failed;
      const bool x12 = out.standard == "x12";
      const ack::ControlNumberAllocator next = [&](ack::ControlLevel level) -> std::uint64_t {
        const partners::ControlKind kind = level == ack::ControlLevel::interchange ? (x12 ? partners::ControlKind::isa : partners::ControlKind::unb)
                                           : level == ack::ControlLevel::group     ? partners::ControlKind::gs
                                                                                   : (x12 ? partners::ControlKind::st : partners::ControlKind::unh);
        auto n = partners::next_control_number(store, partner.summary.id, partners::Direction::outbound, kind);
        if (!n) {
          if (!allocation_failed) allocation_failed = n.error();
          return 0;
        }
        return *n;
      };
      auto generated = ack::generate(out.report, policy, next, options.clock);
      if (allocation_failed) return *allocation_failed;
      if (!generated) return std::move(generated).error();
      out.acknowledgments = std::move(*generated);
      // Our acknowledgments are interchanges we send: recorded (no acknowledgment of them expected),
      // which also marks their control numbers used.
      for (const ack::GeneratedAck& a : out.acknowledgments) {
        const edi::ParsedDocument parsed = edi::parse(a.text, "acknowledgment");
        for (const edi::Interchange& sent : parsed.interchanges) {
          partners::LedgerInterchange ack_record;
          ack_record.direction = "outbound";
          ack_record.standard = out.standard;
          ack_record.control_number = sent.info.control_number;
          ack_record.sender = sent.info.sender_id;
          ack_record.receiver = sent.info.receiver_id;
          ack_record.at = at;
          for (const auto& g : sent.groups) {
            for (const auto& s : g.sets) {
              partners::LedgerSet ls;
              ls.group_control = std::string(g.control_number());
              ls.set_type = std::string(s.type());
              ls.control_number = std::string(s.control_number());
              ack_record.sets.push_back(std::move(ls));
            }
          }
          auto ack_recorded = partners::record_interchange(store, partner.summary.id, ack_record);
          if (!ack_recorded) return std::move(ack_recorded).error();
          if (out.ack_control_number.empty()) out.ack_control_number = sent.info.control_number;
        }
      }
    }
    if (no_functional_ack && out.acknowledgments.empty()) out.notes.push_back("the agreement asks for no acknowledgment");
    result.interchanges.push_back(std::move(out));
  }
  return result;
}

}  // namespace edigate::pipeline
