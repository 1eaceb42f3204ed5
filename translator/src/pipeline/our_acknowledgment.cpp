#include "pipeline/inbound_steps.hpp"

#include <edigate/edi/reader.hpp>
#include <edigate/partners/control_numbers.hpp>
#include <edigate/pipeline/erp_connector.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace edigate::pipeline {

Result<std::string> read_stored(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e;
    e.code = ErrorCode::io_error;
    e.where.file = path;
    e.message = "the stored message is missing";
    return e;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

partners::LedgerInterchange ledger_record_of(const edi::Interchange& ic, std::string direction, const std::string& at,
                                             const std::string& message) {
  partners::LedgerInterchange record;
  record.direction = std::move(direction);
  record.standard = ic.info.standard == edi::Standard::x12 ? "x12" : "edifact";
  record.control_number = ic.info.control_number;
  record.sender = ic.info.sender_id;
  record.receiver = ic.info.receiver_id;
  record.at = at;
  record.message_correlation = message;
  return record;
}

// Generated with our numbers for this partner, kept in outgoing/, recorded, then put in the partner's
// outbox; an attempt that recorded it but was cut short before the outbox finishes the job.
Result<bool> send_acknowledgment(const AnswerContext& answer, std::uint32_t index, const ack::AckPolicy& policy, bool generate,
                                 const std::vector<partners::MessageState>& answered, ReceivedInterchange& out) {
  PipelineContext& context = answer.context;
  partners::Store& store = context.store;
  const std::string& correlation = answer.message;
  const std::string& at = answer.at;
  const std::int64_t partner_id = answer.partner_id;
  const std::string ack_id = fmt::format("ack-{}", index);
  const partners::MessageState* earlier_ack = nullptr;
  for (const auto& a : answered) {
    if (a.transport_id == ack_id) earlier_ack = &a;
  }
  const std::filesystem::path outbox = context.data_dir / "outbox" / answer.partner;
  if (earlier_ack != nullptr) {
    out.ack_file = earlier_ack->stored_path;
    if (earlier_ack->state == "queued") {
      auto text = read_stored(earlier_ack->stored_path);
      if (!text) return std::move(text).error();
      const std::filesystem::path target = outbox / std::filesystem::path(earlier_ack->stored_path).filename();
      if (auto w = write_atomically(target, *text); !w) return std::move(w).error();
      if (auto moved = partners::set_message_state(store, earlier_ack->correlation_id, "sent"); !moved) return std::move(moved).error();
      out.ack_file = target.string();
    }
  } else if (generate) {
    // Numbers, the kept copy and the records commit together: a crash in between hands out the
    // same numbers again on the next attempt, so the partner never sees a gap or two answers.
    partners::Store::Transaction unit(store);
    std::optional<Error> allocation_failed;
    const bool x12 = out.standard == "x12";
    const ack::ControlNumberAllocator next = [&](ack::ControlLevel level) -> std::uint64_t {
      const partners::ControlKind kind = level == ack::ControlLevel::interchange ? (x12 ? partners::ControlKind::isa : partners::ControlKind::unb)
                                         : level == ack::ControlLevel::group     ? partners::ControlKind::gs
                                                                                 : (x12 ? partners::ControlKind::st : partners::ControlKind::unh);
      auto n = partners::next_control_number(store, partner_id, partners::Direction::outbound, kind);
      if (!n) {
        if (!allocation_failed) allocation_failed = n.error();
        return 0;
      }
      return *n;
    };
    auto generated = ack::generate(out.report, policy, next, context.clock);
    if (allocation_failed) return *allocation_failed;
    if (!generated) return std::move(generated).error();
    out.acknowledgments = std::move(*generated);
    std::string text;
    for (const ack::GeneratedAck& a : out.acknowledgments) text += a.text;
    const edi::ParsedDocument parsed = edi::parse(text, "acknowledgment");
    const std::string first_control = parsed.interchanges.empty() ? std::string("0") : parsed.interchanges.front().info.control_number;
    out.ack_control_number = parsed.interchanges.empty() ? std::string() : first_control;
    const std::string name = fmt::format("{}-{}.edi", first_control, out.ack_kind);
    const std::filesystem::path kept = context.data_dir / "outgoing" / answer.partner / name;
    if (auto w = write_atomically(kept, text); !w) return std::move(w).error();
    partners::LedgerMessage sent;
    sent.direction = "outbound";
    sent.transport = "folder";
    sent.transport_id = ack_id;
    sent.size = text.size();
    sent.stored_path = std::filesystem::absolute(kept).string();
    sent.at = at;
    sent.state = "queued";
    sent.origin = correlation;
    auto ack_message = partners::record_message(store, partner_id, sent);
    if (!ack_message) return std::move(ack_message).error();
    // Our acknowledgments are interchanges we send: recorded (no acknowledgment of them expected),
    // which also marks their control numbers used.
    for (const edi::Interchange& written : parsed.interchanges) {
      partners::LedgerInterchange ack_record = ledger_record_of(written, "outbound", at, *ack_message);
      for (const auto& g : written.groups) {
        for (const auto& s : g.sets) {
          partners::LedgerSet ls;
          ls.group_control = std::string(g.control_number());
          ls.set_type = std::string(s.type());
          ls.control_number = std::string(s.control_number());
          ack_record.sets.push_back(std::move(ls));
        }
      }
      auto ack_recorded = partners::record_interchange(store, partner_id, ack_record);
      if (!ack_recorded) return std::move(ack_recorded).error();
    }
    unit.commit();
    const std::filesystem::path target = outbox / name;
    if (auto w = write_atomically(target, text); !w) return std::move(w).error();
    if (auto moved = partners::set_message_state(store, *ack_message, "sent"); !moved) return std::move(moved).error();
    out.ack_file = target.string();
  }
  return earlier_ack != nullptr;
}

}  // namespace edigate::pipeline
