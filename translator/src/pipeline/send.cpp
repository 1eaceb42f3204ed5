#include <edigate/pipeline/send.hpp>

#include <edigate/pipeline/erp_connector.hpp>

#include "pipeline/set_mapping.hpp"

#include <edigate/edi/reader.hpp>
#include <edigate/edi/source.hpp>
#include <edigate/partners/control_numbers.hpp>
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/translate/translate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace edigate::pipeline {

namespace {

namespace fs = std::filesystem;

Error failure(ErrorCode code, const fs::path& file, std::string message) {
  Error err;
  err.code = code;
  err.where.file = file.string();
  err.message = std::move(message);
  return err;
}

const partners::Agreement* outbound_agreement(const partners::Profile& profile, std::string_view document) {
  for (const partners::Agreement& a : profile.agreements) {
    if (a.direction == "outbound" && a.document == document) return &a;
  }
  return nullptr;
}

std::string outbound_documents(const partners::Profile& profile) {
  std::string out;
  for (const partners::Agreement& a : profile.agreements) {
    if (a.direction == "outbound") out += (out.empty() ? "" : ", ") + a.document;
  }
  return out.empty() ? "none" : out;
}

// The acknowledgment an agreement expects, as the ledger and people name it; empty for "none".
std::string ack_label(const std::string& ack) {
  if (ack == "ta1" || ack == "contrl") {
    std::string upper = ack;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return upper;
  }
  return ack == "none" ? std::string() : ack;
}

// "2026-11-25T12:00:00Z" -> "202611251200", the envelope's date and time.
std::string envelope_stamp(const std::string& at) {
  if (at.size() < 16) return {};
  return at.substr(0, 4) + at.substr(5, 2) + at.substr(8, 2) + at.substr(11, 2) + at.substr(14, 2);
}

// A business key as part of a file name.
std::string file_safe(std::string text) {
  for (char& c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) c = '_';
  }
  return text;
}

std::optional<std::uint64_t> number_of(std::string_view text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

Result<std::string> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return io_error(file.string(), "cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return io_error(file.string(), "cannot read");
  return text.str();
}

// What the validator found in an interchange we generated, one line each (at most `limit`).
std::string findings_text(const std::vector<validate::InterchangeReport>& reports,
                          const std::vector<Error>& file_errors, std::size_t limit) {
  std::vector<std::string> lines;
  for (const Error& e : file_errors) lines.push_back(e.describe());
  for (const validate::InterchangeReport& r : reports) {
    for (const validate::Finding& f : r.findings) lines.push_back(f.error.describe());
    for (const validate::GroupReport& g : r.groups) {
      for (const validate::Finding& f : g.findings) lines.push_back(f.error.describe());
      for (const validate::SetReport& s : g.sets) {
        for (const validate::Finding& f : s.findings) lines.push_back(f.error.describe());
      }
    }
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < limit; ++i) out += "\n  " + lines[i];
  if (lines.size() > limit) out += fmt::format("\n  ... and {} more", lines.size() - limit);
  return out;
}

// The interchange in a text we wrote: its numbers, parties and sets.
struct ReadBack {
  std::string standard, version;  // x12 | edifact; GS08 / UNH S009 of the first set
  std::string control, sender, receiver;
  std::vector<SentSet> sets;
};

// `keys_of` gives a set's document and keys (nullptr: none).
Result<ReadBack> read_back(std::string_view text, const std::string& name,
                           const std::function<void(const edi::Interchange&, const edi::FunctionalGroup&,
                                                    const edi::TransactionSet&, SentSet&)>& keys_of) {
  const edi::ParsedDocument parsed = edi::parse(text, name);
  if (parsed.interchanges.size() != 1) {
    return failure(ErrorCode::no_interchange, name,
                   fmt::format("holds {} interchanges; one was written", parsed.interchanges.size()));
  }
  const edi::Interchange& ic = parsed.interchanges.front();
  ReadBack out;
  out.standard = ic.info.standard == edi::Standard::x12 ? "x12" : "edifact";
  out.control = ic.info.control_number;
  out.sender = ic.info.sender_id;
  out.receiver = ic.info.receiver_id;
  for (const edi::FunctionalGroup& g : ic.groups) {
    for (const edi::TransactionSet& s : g.sets) {
      if (out.version.empty()) out.version = maps::set_version(s, g);
      SentSet set;
      set.set_type = std::string(s.type());
      set.control_number = std::string(s.control_number());
      set.group_control = std::string(g.control_number());
      if (keys_of) keys_of(ic, g, s, set);
      out.sets.push_back(std::move(set));
    }
  }
  return out;
}

partners::LedgerInterchange ledger_record(const SendResult& sent, const ReadBack& back, const std::string& at,
                                          unsigned deadline_minutes) {
  partners::LedgerInterchange record;
  record.direction = "outbound";
  record.standard = sent.standard;
  record.control_number = sent.interchange_control;
  record.sender = back.sender;
  record.receiver = back.receiver;
  record.at = at;
  record.ack_deadline_minutes = deadline_minutes;
  record.message_correlation = sent.message_correlation;
  for (const SentSet& s : sent.sets) {
    partners::LedgerSet ls;
    ls.group_control = s.group_control;
    ls.set_type = s.set_type;
    ls.control_number = s.control_number;
    ls.document = s.document;
    ls.keys = s.keys;
    record.sets.push_back(std::move(ls));
  }
  return record;
}

// What the partner's agreements for these documents ask of the interchange that carries them.
struct Plan {
  const partners::Agreement* first = nullptr;  // standard, version, acknowledgment kind
  unsigned deadline_minutes = 0;               // the strictest; 0: no acknowledgment expected
  bool test = false;
};

Result<Plan> plan_for(const partners::Profile& profile, const std::vector<maps::Document>& docs,
                      const fs::path& file) {
  Plan plan;
  for (const maps::Document& doc : docs) {
    const partners::Agreement* a = outbound_agreement(profile, doc.model);
    if (a == nullptr) {
      return failure(
          ErrorCode::not_found, file,
          fmt::format(
              "{} has no outbound agreement for {} documents (its outbound agreements: {}); nothing sent",
              profile.name, doc.model, outbound_documents(profile)));
    }
    if (plan.first == nullptr) {
      plan.first = a;
    } else if (a->standard != plan.first->standard || a->version != plan.first->version) {
      return failure(
          ErrorCode::usage, file,
          fmt::format("{} takes {} documents as {} {} but {} documents as {} {}: one file makes one "
                      "interchange, so send them separately",
                      profile.name, plan.first->document, plan.first->standard, plan.first->version,
                      a->document, a->standard, a->version));
    }
    if (a->ack != "none" && a->ack_deadline_minutes > 0 &&
        (plan.deadline_minutes == 0 || a->ack_deadline_minutes < plan.deadline_minutes)) {
      plan.deadline_minutes = a->ack_deadline_minutes;
    }
    plan.test = plan.test || a->test;
  }
  return plan;
}

// The partner's profile as this interchange needs it: the agreement's version and test flag; a TA1
// agreement asks for the TA1 in ISA14.
partners::Profile envelope_profile(partners::Profile profile, const Plan& plan) {
  if (profile.x12 && plan.first->standard == "x12") {
    profile.x12->version = plan.first->version;
    profile.x12->test = profile.x12->test || plan.test;
    if (plan.first->ack == "ta1") profile.x12->ack_requested = true;
  }
  if (profile.edifact && plan.first->standard == "edifact") {
    profile.edifact->version = plan.first->version;
    profile.edifact->test = profile.edifact->test || plan.test;
  }
  return profile;
}

struct Partner {
  partners::PartnerSummary summary;
  partners::Profile profile;
};

// A set's document and business keys, mapped back from what we wrote (a replay has only the file).
void keys_from_edi(const maps::MapLibrary& maps, const partners::Profile& profile, const std::string& file,
                   const edi::Interchange& ic, const edi::FunctionalGroup& g, const edi::TransactionSet& s,
                   SentSet& out) {
  auto map = map_reading_set(maps, &profile, ic, g, s);
  if (!map) return;
  auto doc = set_to_canonical(**map, ic, s, file);
  if (!doc) return;
  out.document = doc->model;
  out.keys = maps.models().keys(*doc);
}

// The earlier send of the same ERP document: its file and numbers. A send that stopped between
// recording its message and its interchange is completed here, so the acknowledgment is expected.
Result<SendResult> replay(partners::Store& store, const Partner& partner,
                          const partners::MessageState& earlier, const maps::MapLibrary& maps, const fs::path& outbox) {
  SendResult result;
  result.partner = partner.summary.name;
  result.replay = true;
  // Recorded, but cut short before it was published: publish it now. Otherwise the outbox is left
  // as it is: the transport may have taken the file already, and sending it twice is `edigate replay`'s
  // decision, not a dropped document's.
  const fs::path published = outbox / partner.summary.name / fs::path(earlier.stored_path).filename();
  if (!fs::exists(published) && fs::exists(aside_path(published))) {
    if (auto moved = move_into_place(published); !moved) return std::move(moved).error();
  }
  result.archived = earlier.stored_path;
  result.file = earlier.stored_path;
  result.message_correlation = earlier.correlation_id;
  result.message_state = earlier.state;
  const auto missing = [&](const std::string& what) {
    return failure(
        ErrorCode::not_found, result.file,
        fmt::format("this ERP document was sent to {} before (message {}), but its file {}; give --force-new "
                    "to send it again with new control numbers",
                    partner.summary.name, earlier.correlation_id, what));
  };
  if (!fs::exists(result.file)) return missing("is missing");
  auto digest = partners::digest_file(result.file);
  if (!digest) return std::move(digest).error();
  if (digest->sha256 != earlier.sha256) return missing("has changed since");
  auto text = read_bytes(result.file);
  if (!text) return std::move(text).error();
  const std::string name = result.file.string();
  auto back =
      read_back(*text, name,
                [&](const edi::Interchange& ic, const edi::FunctionalGroup& g, const edi::TransactionSet& s,
                    SentSet& out) { keys_from_edi(maps, partner.profile, name, ic, g, s, out); });
  if (!back) return std::move(back).error();
  result.standard = back->standard;
  result.version = back->version;
  result.interchange_control = back->control;
  result.sets = back->sets;
  const partners::Agreement* agreement =
      result.sets.empty() ? nullptr : outbound_agreement(partner.profile, result.sets.front().document);
  if (agreement != nullptr) result.ack = ack_label(agreement->ack);

  // The ledger's sets of that message: found by a business key (indexed), else by time.
  partners::SetFilter filter;
  filter.partner = partner.summary.name;
  filter.direction = "outbound";
  filter.since = earlier.created_at;
  if (!result.sets.empty() && !result.sets.front().keys.empty())
    filter.key_value = result.sets.front().keys.front().second;
  auto listed = partners::list_sets(store, filter);
  if (!listed) return std::move(listed).error();
  const auto recorded = std::find_if(listed->begin(), listed->end(), [&](const partners::SetState& s) {
    return s.correlation_id == earlier.correlation_id;
  });
  if (recorded != listed->end()) {
    result.due_at = recorded->due_at;
    if (recorded->due_at.empty()) result.ack.clear();
    return result;
  }
  if (listed->size() >= filter.limit) return result;  // not seen among too many: not proof it is missing
  unsigned deadline = 0;
  if (agreement != nullptr && agreement->ack != "none") deadline = agreement->ack_deadline_minutes;
  if (deadline == 0) result.ack.clear();
  auto recorded_now = partners::record_interchange(
      store, partner.summary.id, ledger_record(result, *back, earlier.created_at, deadline));
  if (!recorded_now) return std::move(recorded_now).error();
  if (deadline > 0) result.due_at = partners::utc_shift(earlier.created_at, deadline);
  return result;
}

}  // namespace

Result<SendResult> send_file(partners::Store& store, const fs::path& erp_file,
                             const std::string& partner_name, const maps::MapLibrary& maps,
                             schema::SchemaRegistry& schemas, const SendOptions& options) {
  auto summary = partners::find_partner(store, partner_name);
  if (!summary) return std::move(summary).error();
  auto profile = partners::export_profile(store, partner_name);
  if (!profile) return std::move(profile).error();
  const Partner partner{std::move(*summary), std::move(*profile)};

  auto source = partners::digest_file(erp_file);
  if (!source) return std::move(source).error();
  if (!options.force_new) {
    auto earlier = partners::message_by_source(store, partner.summary.id, source->sha256);
    if (!earlier) return std::move(earlier).error();
    if (earlier->has_value()) return replay(store, partner, **earlier, maps, options.outbox);
  }
  if (partner.summary.status == "suspended") {
    return failure(ErrorCode::usage, erp_file,
                   fmt::format("{} is suspended: nothing is sent to it", partner.summary.name));
  }

  const std::string at = options.at.empty() ? partners::utc_now() : options.at;
  translate::Options translation;
  translation.partner = &partner.profile;  // its map overlays
  translation.input_map = options.input_map;
  translation.now = envelope_stamp(at);
  auto docs = translate::read_documents(erp_file, maps, translation);
  if (!docs) return std::move(docs).error();
  if (docs->empty()) return failure(ErrorCode::invalid_document, erp_file, "holds no documents to send");
  auto plan = plan_for(partner.profile, *docs, erp_file);
  if (!plan) return std::move(plan).error();

  SendResult result;
  result.partner = partner.summary.name;
  result.standard = plan->first->standard;
  result.version = plan->first->version;
  if (plan->deadline_minutes > 0) result.ack = ack_label(plan->first->ack);

  // Our numbers for this partner; the set numbers in document order, to give each set its keys.
  const partners::Profile envelope = envelope_profile(partner.profile, *plan);
  const bool x12 = result.standard == "x12";
  translation.partner = &envelope;
  translation.target = x12 ? translate::Target::x12 : translate::Target::edifact;
  std::vector<std::uint64_t> set_numbers;
  std::vector<std::string> allocated;
  translation.control_numbers = [&](translate::ControlLevel level) -> Result<std::uint64_t> {
    const partners::ControlKind kind = level == translate::ControlLevel::interchange
                                           ? (x12 ? partners::ControlKind::isa : partners::ControlKind::unb)
                                       : level == translate::ControlLevel::group
                                           ? partners::ControlKind::gs
                                           : (x12 ? partners::ControlKind::st : partners::ControlKind::unh);
    auto n = partners::next_control_number(store, partner.summary.id, partners::Direction::outbound, kind);
    if (!n) return n;
    if (level == translate::ControlLevel::set) set_numbers.push_back(*n);
    allocated.push_back(fmt::format("{} {}", partners::to_string(kind), *n));
    return n;
  };
  // The numbers, the message and the ledger commit together: a send that fails or is cut short
  // before its records commit gives its numbers back, so the partner never sees a gap.
  partners::Store::Transaction unit(store);
  const auto outstanding = [&] {
    return fmt::format("control numbers {} were given back", fmt::join(allocated, ", "));
  };
  auto text = translate::write_interchange(maps, translation, *docs);
  if (!text) {
    Error err = std::move(text).error();
    if (err.where.file.empty()) err.where.file = erp_file.string();
    if (!allocated.empty()) err.message += "; " + outstanding();
    return err;
  }

  // What we send must be what we would accept.
  {
    validate::Validator validator(schemas, options.validation);
    edi::SegmentReader reader(edi::from_memory(*text, "generated"));
    std::vector<validate::InterchangeReport> reports;
    validator.run(reader, [&](validate::InterchangeReport& r) { reports.push_back(std::move(r)); });
    const auto& problems = validator.file_errors();
    const bool rejected = reports.size() != 1 || reports.front().rejected() ||
                          std::any_of(problems.begin(), problems.end(),
                                      [](const Error& e) { return e.severity == Severity::error; });
    if (rejected) {
      return failure(
          ErrorCode::invalid_document, erp_file,
          fmt::format("the {} {} interchange generated for {} does not validate, nothing was queued; {}:{}",
                      x12 ? "X12" : "EDIFACT", result.version, partner.summary.name, outstanding(),
                      findings_text(reports, validator.file_errors(), 20)));
    }
  }

  auto back = read_back(
      *text, "generated",
      [&](const edi::Interchange&, const edi::FunctionalGroup&, const edi::TransactionSet&, SentSet& out) {
        const auto number = number_of(out.control_number);
        const auto at_doc =
            number ? std::find(set_numbers.begin(), set_numbers.end(), *number) : set_numbers.end();
        if (at_doc == set_numbers.end()) return;
        const maps::Document& doc = (*docs)[static_cast<std::size_t>(at_doc - set_numbers.begin())];
        out.document = doc.model;
        out.keys = maps.models().keys(doc);
      });
  if (!back) return std::move(back).error();
  result.interchange_control = back->control;
  result.sets = back->sets;

  // The file, then the message that queues it, then the interchange that expects its acknowledgment
  // (and stops its numbers being outstanding).
  const fs::path dir = options.outbox / partner.summary.name;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return failure(ErrorCode::io_error, dir, "cannot create the outbox folder: " + ec.message());
  std::string name = result.interchange_control;
  if (!result.sets.empty()) {
    name += "-" + result.sets.front().set_type;
    if (!result.sets.front().keys.empty()) name += "-" + result.sets.front().keys.front().second;
  }
  result.file = dir / (file_safe(name) + ".edi");
  if (fs::exists(result.file)) {
    return failure(ErrorCode::already_exists, result.file,
                   "already exists and is not replaced (were the partner's control numbers set back?); " + outstanding());
  }
  // Put aside complete, recorded, then published: a crash before the records commit leaves nothing
  // in the outbox; after, the replay publishes what was put aside.
  if (auto written = write_aside(result.file, *text); !written) {
    Error err = written.error();
    err.message += "; " + outstanding();
    return err;
  }

  partners::LedgerMessage message;
  message.direction = "outbound";
  message.transport = "folder";
  message.transport_id = result.file.filename().string();
  message.size = text->size();
  auto digest = partners::digest_file(aside_path(result.file));
  if (!digest) return std::move(digest).error();
  message.sha256 = digest->sha256;
  // The kept copy first: what the message points at exists before the message does.
  const fs::path archive = options.archive.empty() ? options.outbox.parent_path() / "outgoing" : options.archive;
  result.archived = archive / partner.summary.name / result.file.filename();
  if (auto kept = write_atomically(result.archived, *text); !kept) {
    Error err = std::move(kept).error();
    std::error_code ignored;
    fs::remove(aside_path(result.file), ignored);
    err.message += "; nothing was queued; " + outstanding();
    return err;
  }
  message.stored_path = fs::absolute(result.archived).string();
  message.at = at;
  message.state = "queued";
  message.source_sha256 = source->sha256;
  const auto unrecorded = [&](Error err) {
    // Unrecorded, the file must not be sent.
    std::error_code ignored;
    fs::remove(aside_path(result.file), ignored);
    err.message += "; nothing was queued; " + outstanding();
    return err;
  };
  auto correlation = partners::record_message(store, partner.summary.id, message);
  if (!correlation) return unrecorded(std::move(correlation).error());
  result.message_correlation = *correlation;
  result.message_state = message.state;
  auto recorded = partners::record_interchange(store, partner.summary.id,
                                               ledger_record(result, *back, at, plan->deadline_minutes));
  if (!recorded) return unrecorded(std::move(recorded).error());
  unit.commit();
  if (auto published = move_into_place(result.file); !published) {
    Error err = std::move(published).error();
    err.message += fmt::format("; message {} is recorded: sending the same document again puts the file in place",
                               result.message_correlation);
    return err;
  }
  if (plan->deadline_minutes > 0) result.due_at = partners::utc_shift(at, plan->deadline_minutes);
  return result;
}

Result<fs::path> requeue_sent(partners::Store& store, const std::string& correlation, const fs::path& outbox) {
  auto found = partners::find_message(store, correlation);
  if (!found) return std::move(found).error();
  if (!found->has_value() || (*found)->direction != "outbound") {
    return failure(ErrorCode::not_found, fs::path(), "no outbound message " + correlation);
  }
  const partners::MessageState& m = **found;
  auto text = read_bytes(m.stored_path);
  if (!text) return std::move(text).error();
  auto digest = partners::digest_file(m.stored_path);
  if (!digest) return std::move(digest).error();
  if (!m.sha256.empty() && digest->sha256 != m.sha256) {
    return failure(ErrorCode::invalid_document, m.stored_path, "the kept copy has changed since it was sent: not sent again");
  }
  const fs::path target = outbox / m.partner / fs::path(m.stored_path).filename();
  if (auto written = write_atomically(target, *text); !written) return std::move(written).error();
  if (auto moved = partners::set_message_state(store, correlation, "queued"); !moved) return std::move(moved).error();
  return target;
}

}  // namespace edigate::pipeline
