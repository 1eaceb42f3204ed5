#include <edigate/pipeline/receive.hpp>

#include "pipeline/inbound_steps.hpp"
#include "pipeline/set_mapping.hpp"

#include <edigate/edi/reader.hpp>
#include <edigate/partners/control_numbers.hpp>
#include <edigate/partners/deliveries.hpp>
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/pipeline/acknowledgments.hpp>
#include <edigate/validate/validator.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <optional>
#include <sstream>

namespace edigate::pipeline {

namespace {

using validate::AckStatus;
using validate::Finding;


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
// `recorded`: what an earlier attempt at this message recorded (its answer stands); `message`: the
// message being processed, whose own rows are no duplicates of it.
Result<std::string> mark_duplicates(partners::Store& store, std::int64_t partner, validate::InterchangeReport& report,
                                    const std::string& since, const std::string& partner_name,
                                    const std::optional<std::string>& recorded, const std::string& message) {
  const bool x12 = report.info.standard == edi::Standard::x12;
  std::optional<std::string> earlier_copy;
  if (recorded) {
    if (!recorded->empty()) earlier_copy = *recorded;
  } else {
    auto earlier = partners::earlier_interchange(store, partner, "inbound", report.info.control_number, since);
    if (!earlier) return std::move(earlier).error();
    earlier_copy = *earlier;
  }
  if (earlier_copy) {
    const std::string& original = *earlier_copy;
    report.findings.push_back(duplicate_finding(
        ErrorCode::duplicate_interchange_control, report, 1, x12 ? "ISA" : "UNB",
        fmt::format("interchange control number {} was already received from {} (correlation {}): not processed again",
                    report.info.control_number, partner_name, original)));
    report.status = AckStatus::rejected;
    for (validate::GroupReport& g : report.groups) reject_group(g);
    return original;
  }
  for (validate::GroupReport& group : report.groups) {
    if (!group.has_header || group.control_number.empty()) continue;
    auto seen = partners::earlier_group(store, partner, "inbound", group.control_number, since, message);
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

// A set as its canonical document, through its map and the partner's overlay; the document's model
// and business keys (PO, shipment, invoice numbers) go into `out`.
Result<maps::Document> map_set(partners::LedgerSet& out, const maps::MapLibrary& maps, const partners::Profile& profile,
                               const edi::Interchange& ic, const edi::FunctionalGroup& group, const edi::TransactionSet& set,
                               const std::string& file, OverlayCache& overlays) {
  auto map = map_reading_set(maps, &profile, ic, group, set, &overlays);
  if (!map) return std::move(map).error();
  out.document = (*map)->info().model;
  auto doc = set_to_canonical(**map, ic, set, file);
  if (!doc) return std::move(doc).error();
  out.keys = maps.models().keys(*doc);
  return doc;
}


std::string today(const std::string& at) { return at.size() >= 10 ? at.substr(0, 10) : "undated"; }

// Later attempts wait longer: 1, 2, 4 ... minutes, at most an hour.
std::string retry_time(const std::string& at, unsigned attempts) {
  const long long minutes = std::min<long long>(60, 1ll << std::min(attempts, 6u));
  return partners::utc_shift(at, minutes);
}

constexpr unsigned max_attempts = 8;




// A kept message read as a stream, its diagnostics naming the file as it arrived.
class RenamedSource final : public edi::ByteSource {
 public:
  RenamedSource(std::unique_ptr<edi::ByteSource> inner, std::string name) : inner_(std::move(inner)), name_(std::move(name)) {}
  Result<std::size_t> read(char* destination, std::size_t capacity) override { return inner_->read(destination, capacity); }
  const std::string& name() const override { return name_; }
  std::uint64_t size_hint() const override { return inner_->size_hint(); }

 private:
  std::unique_ptr<edi::ByteSource> inner_;
  std::string name_;
};

Result<std::unique_ptr<edi::ByteSource>> open_stored(const std::string& path, const std::string& name) {
  auto opened = edi::open_file(path);
  if (!opened) return std::move(opened).error();
  return std::unique_ptr<edi::ByteSource>(std::make_unique<RenamedSource>(std::move(*opened), name));
}

// The guide named by the inbound agreement for the first business document of the first interchange
// (empty: none). Only the first interchange's envelope and set types are read.
template <class ContextOf>
Result<std::string> guide_of_first(PipelineContext& context, const std::string& stored, const std::string& file,
                                   const std::string& named_partner, const ContextOf& context_of) {
  auto source = open_stored(stored, file);
  if (!source) return std::move(source).error();
  edi::InterchangeReader reader(std::move(*source));
  edi::Interchange ic;
  if (!reader.next(ic)) return std::string();
  const std::string standard = ic.info.standard == edi::Standard::x12 ? "x12" : "edifact";
  std::string partner = named_partner;
  if (partner.empty()) {
    auto found = partners::partner_by_identity(context.store, standard == "x12" ? "x12_isa" : "edifact_unb", ic.info.sender_qualifier,
                                               ic.info.sender_id);
    if (!found) return std::move(found).error();
    if (!found->has_value()) return std::string();
    partner = (*found)->name;
  }
  auto partner_context = context_of(partner);
  if (!partner_context) return std::move(partner_context).error();
  for (const auto& g : ic.groups) {
    for (const auto& s : g.sets) {
      if (is_acknowledgment(s.type())) continue;
      auto map = context.maps.for_set(standard, maps::set_version(s, g), s.type());
      if (!map) return std::string();
      const partners::Agreement* a = inbound_agreement((*partner_context)->profile, standard, (*map)->info().model);
      return a == nullptr ? std::string() : a->guide;
    }
  }
  return std::string();
}

}  // namespace

bool ReceiveResult::rejected() const noexcept {
  if (std::any_of(problems.begin(), problems.end(), [](const Error& e) { return e.severity == Severity::error; })) return true;
  if (state == "exception") return true;
  return std::any_of(interchanges.begin(), interchanges.end(),
                     [](const ReceivedInterchange& r) { return !r.duplicate_of.empty() || r.report.rejected(); });
}

Result<std::string> store_inbound(PipelineContext& context, const std::filesystem::path& file, const InboundSource& source) {
  auto digest = partners::digest_file(file);
  if (!digest) return std::move(digest).error();
  if (digest->size > context.max_message_size) {
    Error e;
    e.code = ErrorCode::io_error;
    e.where.file = file.string();
    e.message = fmt::format("{} bytes: over the {} bytes a message may have", digest->size, context.max_message_size);
    return e;
  }
  std::int64_t partner = 0;
  if (!source.partner.empty()) {
    auto named = partners::find_partner(context.store, source.partner);
    if (!named) return std::move(named).error();
    partner = named->id;
  }
  const std::string at = context.at.empty() ? partners::utc_now() : context.at;
  // Named by content: storing the same bytes again (a retry after a crash) lands on the same file.
  const std::filesystem::path kept = context.data_dir / "inbox" / today(at) / (digest->sha256 + ".edi");
  if (auto copied = copy_atomically(file, kept); !copied) return std::move(copied).error();
  partners::LedgerMessage message;
  message.direction = "inbound";
  message.transport = source.transport;
  message.transport_id = source.transport_id.empty() ? file.filename().string() : source.transport_id;
  message.size = digest->size;
  message.sha256 = digest->sha256;
  message.stored_path = std::filesystem::absolute(kept).string();
  message.at = at;
  message.state = "stored";
  return partners::record_message(context.store, partner, message);
}

Result<ReceiveResult> receive_file(PipelineContext& context, const std::filesystem::path& file, const InboundSource& source) {
  auto correlation = store_inbound(context, file, source);
  if (!correlation) return std::move(correlation).error();
  return process_message(context, *correlation);
}

Result<ReceiveResult> process_message(PipelineContext& context, const std::string& correlation) {
  partners::Store& store = context.store;
  const maps::MapLibrary& maps = context.maps;
  auto found = partners::find_message(store, correlation);
  if (!found) return std::move(found).error();
  if (!found->has_value()) {
    Error e;
    e.code = ErrorCode::not_found;
    e.message = "no message " + correlation;
    return e;
  }
  const partners::MessageState message = std::move(**found);
  const std::string at = context.at.empty() ? partners::utc_now() : context.at;
  ReceiveResult result;
  result.message_correlation = correlation;
  // Diagnostics name the file as it arrived; the bytes are read from where they were kept.
  const std::string file = message.transport_id.empty() ? message.stored_path : message.transport_id;

  std::map<std::string, PartnerContext> known;  // by name
  const auto context_of = [&](const std::string& name) -> Result<const PartnerContext*> {
    if (auto it = known.find(name); it != known.end()) return &it->second;
    auto summary = partners::find_partner(store, name);
    if (!summary) return std::move(summary).error();
    auto profile = partners::export_profile(store, name);
    if (!profile) return std::move(profile).error();
    return &known.emplace(name, PartnerContext{std::move(*summary), std::move(*profile)}).first->second;
  };

  const auto finish = [&](std::string state, std::string reason) -> Result<ReceiveResult> {
    result.state = std::move(state);
    result.reason = std::move(reason);
    const std::string next = result.state == "stored" ? retry_time(at, message.attempts + 1) : std::string();
    if (auto moved = partners::set_message_state(store, correlation, result.state, result.reason, next); !moved) {
      return std::move(moved).error();
    }
    return std::move(result);
  };

  // The kept bytes are streamed, never held whole: memory stays one interchange however large the message.
  if (std::error_code ec; !std::filesystem::is_regular_file(message.stored_path, ec)) {
    return finish("exception", "the stored message " + message.stored_path + " is missing");
  }

  // The agreement of the file's first interchange names the implementation guide the file is
  // validated with (a file holds one partner's interchanges in practice; one with several is
  // validated with the first one's guide, and a note says so).
  auto guide = guide_of_first(context, message.stored_path, file, message.partner, context_of);
  if (!guide) return std::move(guide).error();
  schema::SchemaRegistry* schemas = &context.schemas;
  if (!guide->empty()) {
    auto& guided = context.guided_schemas[*guide];
    if (!guided) {
      guided = std::make_unique<schema::SchemaRegistry>(schema::SchemaRegistry::default_directory());
      if (auto used = guided->use_guide(*guide); !used) {
        context.guided_schemas.erase(*guide);
        return finish("exception", "the agreement's implementation guide cannot be used: " + used.error().describe());
      }
    }
    schemas = guided.get();
  }

  // Validation streams through the bytes once; the reports are small (findings are capped).
  std::vector<validate::InterchangeReport> reports;
  {
    validate::Validator validator(*schemas, context.validation);
    auto source = open_stored(message.stored_path, file);
    if (!source) return std::move(source).error();
    edi::SegmentReader reader(std::move(*source));
    validator.run(reader, [&](validate::InterchangeReport& report) { reports.push_back(std::move(report)); });
    result.problems = validator.file_errors();
  }
  auto recorded = partners::interchanges_of_message(store, correlation);
  if (!recorded) return std::move(recorded).error();
  auto answered = partners::messages_by_origin(store, correlation);
  if (!answered) return std::move(answered).error();

  auto delivered_before = partners::deliveries_of(store, correlation);
  if (!delivered_before) return std::move(delivered_before).error();
  std::map<std::string, partners::DeliveryState> deliveries;
  for (auto& d : *delivered_before) deliveries.emplace(delivery_id(d.key), std::move(d.state));
  std::string retry_reason, exception_reason;
  std::size_t recorded_seen = 0;
  OverlayCache& overlays = context.overlay_maps;
  auto source = open_stored(message.stored_path, file);
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
    std::string partner_name = message.partner;
    if (partner_name.empty()) {
      auto by_identity = partners::partner_by_identity(store, out.standard == "x12" ? "x12_isa" : "edifact_unb",
                                                       ic.info.sender_qualifier, ic.info.sender_id);
      if (!by_identity) return std::move(by_identity).error();
      if (!by_identity->has_value()) {
        Error e;
        e.code = ErrorCode::not_found;
        e.where.file = file;
        e.where.interchange = ic.index;
        e.where.segment = 1;
        e.where.offset = ic.offset;
        e.where.tag = out.standard == "x12" ? "ISA" : "UNB";
        e.message = fmt::format("no partner has the sender identity {}/{}: not processed (message {})",
                                ic.info.sender_qualifier, ic.info.sender_id, correlation);
        result.problems.push_back(e);
        exception_reason = e.message;
        continue;
      }
      partner_name = (*by_identity)->name;
    }
    auto partner_context = context_of(partner_name);
    if (!partner_context) return std::move(partner_context).error();
    const PartnerContext& partner = **partner_context;
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
    // An earlier attempt at this message may have recorded this interchange already: its record
    // stands, and the interchange is not a duplicate of itself.
    std::optional<std::string> recorded_duplicate;
    if (recorded_seen < recorded->size() && (*recorded)[recorded_seen].control_number == out.control_number) {
      recorded_duplicate = (*recorded)[recorded_seen].duplicate_of;
      out.resumed = true;
      ++recorded_seen;
    }
    const std::string since = partners::utc_shift(at, -static_cast<long long>(window_days) * 24 * 60);
    auto duplicate = mark_duplicates(store, partner.summary.id, out.report, since, partner.summary.name, recorded_duplicate, correlation);
    if (!duplicate) return std::move(duplicate).error();
    out.duplicate_of = *duplicate;

    bool only_acknowledgments = ic.set_count() > 0 || !ic.service_segments.empty();
    for (const auto& g : ic.groups) {
      for (const auto& s : g.sets) only_acknowledgments = only_acknowledgments && is_acknowledgment(s.type());
    }
    if (only_acknowledgments && out.duplicate_of.empty()) {
      out.carried_acknowledgments = true;
      if (!out.resumed) {
        auto summary = partners::reconcile(store, partner.summary.id, acknowledgment_results(ic, file), at);
        if (!summary) return std::move(summary).error();
        out.results_matched = summary->matched;
        out.results_unmatched = summary->unmatched;
      }
    }

    bool no_functional_ack = false;
    const ack::AckPolicy policy = policy_of(agreement, no_functional_ack);
    // What we will answer, known before any number is allocated: the ledger records it with the
    // interchange, and the interchange is recorded before the acknowledgment exists.
    const ack::ControlNumberAllocator dry = [](ack::ControlLevel) { return std::uint64_t{1}; };
    Result<std::vector<ack::GeneratedAck>> planned = std::vector<ack::GeneratedAck>{};
    if (!out.carried_acknowledgments) planned = ack::generate(out.report, policy, dry, context.clock);
    std::string functional_kind, interchange_kind;
    if (planned) {
      for (const auto& a : *planned) {
        if (a.kind == ack::AckRequest::ta1) interchange_kind = "TA1";
        else functional_kind = kind_label(a.kind);
      }
    } else {
      out.notes.push_back("no acknowledgment: " + planned.error().message);
    }
    out.ack_kind = !functional_kind.empty() ? functional_kind : interchange_kind;

    // Sets with their canonical documents: the keys go to the ledger, the documents to the ERP.
    std::vector<MappedSet> mapped;
    partners::LedgerInterchange record = ledger_record_of(ic, "inbound", at, correlation);
    record.duplicate_of = out.duplicate_of;
    for (std::size_t gi = 0; gi < ic.groups.size(); ++gi) {
      const edi::FunctionalGroup& group = ic.groups[gi];
      const validate::GroupReport* group_report = gi < out.report.groups.size() ? &out.report.groups[gi] : nullptr;
      for (std::size_t si = 0; si < group.sets.size(); ++si) {
        const edi::TransactionSet& set = group.sets[si];
        partners::LedgerSet s;
        s.group_control = std::string(group.control_number());
        s.set_type = std::string(set.type());
        s.control_number = std::string(set.control_number());
        MappedSet m{gi, si, std::nullopt};
        if (!is_acknowledgment(set.type())) {
          auto doc = map_set(s, maps, partner.profile, ic, group, set, file, overlays);
          if (doc) {
            m.document = std::move(*doc);
          } else {
            out.notes.push_back(fmt::format("set {} ({}) was not mapped: {}", s.control_number, s.set_type, doc.error().message));
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
        mapped.push_back(std::move(m));
      }
    }
    if (!out.resumed) {
      auto recorded_now = partners::record_interchange(store, partner.summary.id, record);
      if (!recorded_now) return std::move(recorded_now).error();
    }
    out.correlation_id = correlation;

    // The acknowledgment: sent once (an earlier attempt's stands).
    AnswerContext answer{context, partner.summary.id, partner.summary.name, correlation, at};
    auto answered_before = send_acknowledgment(answer, ic.index, policy, planned && !planned->empty(), *answered, out);
    if (!answered_before) return std::move(answered_before).error();
    const bool earlier_ack = *answered_before;
    if (no_functional_ack && out.acknowledgments.empty() && !earlier_ack) {
      out.notes.push_back("the agreement asks for no acknowledgment");
    }

    // Accepted sets reach each ERP connector once; rejected sets and duplicates never do.
    if (out.duplicate_of.empty()) {
      DeliveryContext delivery{context, partner.summary.name, correlation, deliveries, retry_reason, exception_reason};
      if (auto delivered = deliver_accepted(delivery, ic, mapped, record, out); !delivered) return std::move(delivered).error();
    }
    result.interchanges.push_back(std::move(out));
  }
  if (result.interchanges.empty() && exception_reason.empty()) {
    exception_reason = result.problems.empty() ? "no interchange in the message" : result.problems.front().message;
  }
  if (!exception_reason.empty()) return finish("exception", exception_reason);
  if (!retry_reason.empty()) {
    if (message.attempts + 1 >= max_attempts) return finish("exception", fmt::format("gave up after {} attempts: {}", max_attempts, retry_reason));
    return finish("stored", retry_reason);
  }
  return finish("processed", "");
}

}  // namespace edigate::pipeline
