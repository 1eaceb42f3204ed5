// The validation driver: follows the reader's envelope events, binds each set to its schema, and
// files every problem (its own and the reader's) at the level its acknowledgment reports it.
#include "segment_check.hpp"
#include "structure.hpp"

#include <edigate/validate/codes.hpp>
#include <edigate/validate/validator.hpp>

#include <fmt/format.h>

#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace edigate::validate {

using edi::SegmentEvent;
using edi::SegmentRole;
using edi::SegmentView;

namespace {

constexpr std::size_t max_bad_value = 99;  // AK404 / IK404 holds 99 characters

std::string edifact_version(const SegmentView& unh) {
  // S009: type : version : release : agency. D:96A → D96A, D:3 → D3, 4:1 → 41.
  return std::string(unh(2, 2)) + std::string(unh(2, 3));
}

}  // namespace

class Validator::Impl final : public detail::ProblemSink, public detail::StructureSink {
 public:
  Impl(schema::SchemaRegistry& registry, ValidationOptions options) : registry_(registry), options_(options) {}

  void run(edi::SegmentReader& reader, const std::function<void(InterchangeReport&)>& done) {
    file_ = reader.source_name();
    SegmentEvent e;
    while (reader.next(e)) {
      drain(reader, e.interchange, e.segment.ordinal);
      if (e.role == SegmentRole::interchange_header && open_) finish_interchange(done);
      handle(e);
      drain(reader, e.interchange, std::numeric_limits<std::uint32_t>::max());
      if (e.role == SegmentRole::interchange_trailer) finish_interchange(done);
    }
    drain(reader, 0, std::numeric_limits<std::uint32_t>::max());
    if (open_) finish_interchange(done);
    for (Error& d : pending_) file_errors.push_back(std::move(d));
    pending_.clear();
  }

  std::vector<Error> file_errors;

 private:
  // ------------------------------------------------------------------ events
  void handle(const SegmentEvent& e) {
    segment_ = &e.segment;
    set_position_ = e.set_position;
    // Outside an interchange only its header means anything; the reader reports the rest.
    if (!open_ && e.role != SegmentRole::interchange_header) return;
    switch (e.role) {
      case SegmentRole::interchange_header: start_interchange(e); break;
      case SegmentRole::group_header: start_group(e); break;
      case SegmentRole::group_trailer: end_group(e); break;
      case SegmentRole::set_header: start_set(e); break;
      case SegmentRole::set_body: body(e); break;
      case SegmentRole::set_trailer: end_set(e); break;
      case SegmentRole::interchange_trailer:
        if (set_open_) close_set(false);
        break;
      default: break;
    }
    segment_ = nullptr;
  }

  void start_interchange(const SegmentEvent& e) {
    report_ = InterchangeReport{};
    report_.index = e.interchange;
    report_.file = file_;
    open_ = true;
    group_open_ = false;
    set_open_ = false;
    transaction_.reset();
    group_controls_.clear();
    hl_levels_.clear();
    // The reader has filled the interchange's facts by the time its header is delivered.
    report_.info = *info_;
    classes_.emplace(report_.info);
    checker_.emplace(*classes_, nullptr);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->where.interchange == e.interchange) {
        route(std::move(*it));
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
    check_interchange_header(e.segment);
  }

  void check_interchange_header(const SegmentView& header) {
    const auto& info = report_.info;
    const std::string key = info.sender_qualifier + "/" + info.sender_id + "/" + info.control_number;
    if (!interchange_controls_.insert(key).second) {
      add_interchange(make(ErrorCode::duplicate_interchange_control,
                           fmt::format("interchange control number {} from {} was already used in this input",
                                       info.control_number, info.sender_id)));
    }
    target_ = Target::interchange;
    if (info.standard == edi::Standard::x12) {
      auto dictionary = registry_.dictionary(info.standard, info.version);
      if (!dictionary) dictionary = registry_.dictionary(info.standard, "005010");
      if (!dictionary) return;
      envelope_dictionary_ = *dictionary;
      const schema::SegmentDefinition* isa = envelope_dictionary_->find_segment("ISA");
      if (isa == nullptr) return;
      const schema::SegmentRules rules = schema::standard_rules(*envelope_dictionary_, *isa);
      envelope_ = true;
      // ISA11 (from 00402) and ISA16 hold delimiters, not data.
      for (std::uint16_t pos = 1; pos <= rules.positions.size() && pos <= 16; ++pos) {
        if (pos == 16 || (pos == 11 && info.delimiters.repetition != 0)) continue;
        const std::string_view raw = header[pos];
        const schema::ValueRule& rule = rules.positions[pos - 1U].value;
        if (rule.element == nullptr) continue;
        // ISA06 and ISA08 are padded to 15 characters: all spaces is no ID at all (TA1 006 / 008).
        // (ISA02 and ISA04 are legitimately all spaces when their qualifier is 00.)
        const bool blank_id = (pos == 6 || pos == 8) && raw.find_first_not_of(' ') == std::string_view::npos;
        if (raw.empty() || blank_id) {
          element_problem({ErrorCode::required_element_missing, pos, 0, 0, rule.element, raw,
                           fmt::format("required element {} is missing", detail::element_label(*rule.element))});
          continue;
        }
        checker_->check_value(rule, raw, pos, 0, 0, *this);
      }
      envelope_ = false;
    } else {
      auto dictionary = registry_.dictionary(info.standard, "service");
      if (!dictionary) return;
      envelope_dictionary_ = *dictionary;
      check_service_segment(header);
    }
  }

  void check_service_segment(const SegmentView& segment) {
    if (!envelope_dictionary_) return;
    const schema::SegmentDefinition* def = envelope_dictionary_->find_segment(segment.tag());
    if (def == nullptr) return;
    const schema::SegmentRules rules = schema::standard_rules(*envelope_dictionary_, *def);
    checker_->check(rules, segment, *this);
  }

  void start_group(const SegmentEvent& e) {
    if (set_open_) close_set(false);
    GroupReport g;
    g.has_header = true;
    g.header_segment = e.segment.ordinal;
    const SegmentView& s = e.segment;
    if (report_.info.standard == edi::Standard::x12) {
      g.functional_id = s.value(1);
      g.sender = s.value(2);
      g.receiver = s.value(3);
      g.control_number = s.value(6);
      g.version = s.value(8);
    } else {
      g.functional_id = s.value(1);
      g.control_number = s.value(5);
      g.version = std::string(s(7, 1)) + std::string(s(7, 2));
    }
    report_.groups.push_back(std::move(g));
    group_open_ = true;
    set_controls_.clear();
    GroupReport& group = report_.groups.back();
    if (!group_controls_.insert(group.control_number).second) {
      add_group(make(ErrorCode::duplicate_group_control,
                     fmt::format("group control number {} is used twice in this interchange", group.control_number)));
    }
    if (report_.info.standard == edi::Standard::x12) {
      target_ = Target::interchange;
      auto dictionary = registry_.dictionary(edi::Standard::x12, group.version);
      if (!dictionary) {
        add_group(make(ErrorCode::group_version_not_supported,
                       fmt::format("version {} (GS08) is not supported: {}", group.version, dictionary.error().message)));
        return;
      }
      const schema::SegmentDefinition* gs = (*dictionary)->find_segment("GS");
      if (gs == nullptr) return;
      const schema::SegmentRules rules = schema::standard_rules(**dictionary, *gs);
      // GS01 decides whether we support the group at all; other GS faults make the interchange's
      // content invalid (TA1 024).
      const auto before = report_.findings.size();
      envelope_ = true;
      checker_->check(rules, s, *this);
      envelope_ = false;
      for (std::size_t i = before; i < report_.findings.size(); ++i) {
        if (report_.findings[i].error.where.element == 1) {
          Finding moved = std::move(report_.findings[i]);
          report_.findings.erase(report_.findings.begin() + static_cast<std::ptrdiff_t>(i));
          moved.error.code = ErrorCode::group_not_supported;
          moved.error.message = fmt::format("functional group {} is not supported: {}", group.functional_id,
                                            moved.error.message);
          add_group(std::move(moved));
          break;
        }
      }
    } else {
      target_ = Target::interchange;
      check_service_segment(s);
    }
  }

  void end_group(const SegmentEvent& e) {
    if (set_open_) close_set(false);
    if (!report_.groups.empty()) {
      std::uint32_t declared = 0;
      const std::string count = e.segment.value(1);
      for (char c : count) declared = c >= '0' && c <= '9' ? declared * 10 + static_cast<std::uint32_t>(c - '0') : declared;
      report_.groups.back().declared_sets = declared;
    }
    group_open_ = false;
  }

  void start_set(const SegmentEvent& e) {
    if (set_open_) close_set(false);
    if (!group_open_) {
      // EDIFACT messages without UNG (and X12 sets outside GS, which the reader reports) sit in a
      // header-less group.
      if (report_.groups.empty() || report_.groups.back().has_header || report_.groups.back().declared_sets != 0) {
        report_.groups.emplace_back();
        set_controls_.clear();
      }
      group_open_ = true;
    }
    GroupReport& group = report_.groups.back();
    SetReport set;
    const SegmentView& s = e.segment;
    const bool x12 = report_.info.standard == edi::Standard::x12;
    set.header_segment = s.ordinal;
    set.segment_count = 1;
    std::string version;
    if (x12) {
      set.id = s.value(1);
      set.control_number = s.value(2);
      set.implementation_ref = s.value(3);
      version = !group.version.empty() ? group.version : report_.info.version;
    } else {
      set.id = s.value(2, 1);
      set.control_number = s.value(1);
      set.message_identifier = std::string(s[2]);
      version = edifact_version(s);
    }
    group.sets.push_back(std::move(set));
    set_open_ = true;
    set_has_trailer_ = false;
    hl_levels_.clear();
    target_ = Target::set;
    loop_id_ = nullptr;
    SetReport& current = group.sets.back();
    if (!set_controls_.insert(current.control_number).second) {
      add_set(make(ErrorCode::duplicate_set_control,
                   fmt::format("control number {} is used by another set of this group", current.control_number)));
    }
    auto transaction = registry_.transaction(report_.info.standard, version, current.id);
    if (!transaction) {
      transaction_.reset();
      const Error& why = transaction.error();
      if (why.code == ErrorCode::invalid_schema) note_schema_error(why);
      add_set(make(ErrorCode::set_not_supported,
                   fmt::format("{} {} is not supported: {}", current.id, version,
                               why.code == ErrorCode::invalid_schema ? why.describe() : why.message)));
      return;
    }
    transaction_ = *transaction;
    current.guide = transaction_->guide;
    checker_.emplace(*classes_, &transaction_->patterns);
    if (x12 && group.has_header && !transaction_->group.empty() && group.functional_id != transaction_->group) {
      add_set(make(ErrorCode::set_type_mismatch,
                   fmt::format("{} ({}) belongs in a {} group, not in {}", current.id, transaction_->name,
                               transaction_->group, group.functional_id)));
    }
    structure_.start(*transaction_);
    checker_->check(*structure_.header_rules(), s, *this);
  }

  void body(const SegmentEvent& e) {
    if (!set_open_) return;
    current_set().segment_count += 1;
    if (!transaction_) return;
    const detail::SetStructure::Placement place = structure_.place(e.segment, *this);
    if (place.rules == nullptr) return;
    loop_id_ = place.loop_id;
    if (place.loop != nullptr && place.loop->hierarchy) check_hierarchy(e.segment, *place.loop->hierarchy);
    checker_->check(*place.rules, e.segment, *this);
    loop_id_ = nullptr;
  }

  void end_set(const SegmentEvent& e) {
    if (!set_open_) return;
    current_set().segment_count += 1;
    set_has_trailer_ = true;
    if (transaction_) {
      const detail::SetStructure::Placement place = structure_.place(e.segment, *this);
      if (place.rules != nullptr) checker_->check(*place.rules, e.segment, *this);
    }
    close_set(true);
  }

  void close_set(bool trailer_seen) {
    if (transaction_) structure_.finish(trailer_seen, *this);
    transaction_.reset();
    set_open_ = false;
    target_ = Target::interchange;
  }

  void check_hierarchy(const SegmentView& hl, const schema::Hierarchy& h) {
    const std::string id = hl.value(h.id_position);
    const std::string parent = hl.value(h.parent_position);
    const std::string level = hl.value(h.level_position);
    auto problem = [&](std::uint16_t position, std::string_view value, std::string message) {
      element_problem({ErrorCode::invalid_hierarchy, position, 0, 0, nullptr, value, std::move(message)});
    };
    if (!id.empty() && !hl_levels_.emplace(id, level).second) {
      problem(h.id_position, hl[h.id_position], fmt::format("hierarchical ID {} is used twice in this set", id));
    }
    std::string parent_level;
    if (!parent.empty()) {
      const auto it = hl_levels_.find(parent);
      if (it == hl_levels_.end() || parent == id) {
        problem(h.parent_position, hl[h.parent_position],
                fmt::format("parent {} is not the ID of an earlier HL of this set", parent));
        return;
      }
      parent_level = it->second;
    }
    if (h.levels.empty() || level.empty()) return;
    const auto allowed = std::find_if(h.levels.begin(), h.levels.end(), [&](const auto& l) { return l.code == level; });
    if (allowed == h.levels.end()) {
      problem(h.level_position, hl[h.level_position], fmt::format("level code {} is not used in this hierarchy", level));
      return;
    }
    if (allowed->parents.empty()) {
      // A level declared without parents is the top of the hierarchy.
      if (!parent.empty()) {
        problem(h.parent_position, hl[h.parent_position],
                fmt::format("level {} is the top of the hierarchy and cannot have a parent", level));
      }
      return;
    }
    if (parent.empty()) {
      problem(h.parent_position, hl[h.parent_position],
              fmt::format("level {} needs a parent ({})", level, fmt::join(allowed->parents, " or ")));
    } else if (std::find(allowed->parents.begin(), allowed->parents.end(), parent_level) == allowed->parents.end()) {
      problem(h.level_position, hl[h.level_position],
              fmt::format("level {} cannot be a child of level {} (allowed parents: {})", level, parent_level,
                          fmt::join(allowed->parents, ", ")));
    }
  }

  // ------------------------------------------------------------------ findings
  Finding make(ErrorCode code, std::string message) const {
    Finding f;
    f.error.code = code;
    f.error.where = here();
    f.error.message = std::move(message);
    return f;
  }

  Location here() const {
    Location where;
    where.file = file_;
    where.interchange = report_.index;
    if (segment_ != nullptr) {
      where.segment = segment_->ordinal;
      where.offset = segment_->offset;
      where.line = segment_->line;
      where.tag = std::string(segment_->tag());
      where.set_segment = target_ == Target::set ? set_position_ : 0;
    }
    return where;
  }

  SetReport& current_set() { return report_.groups.back().sets.back(); }

  void add_set(Finding&& f) {
    SetReport& set = current_set();
    if (set.findings.size() >= options_.max_findings_per_set) {
      ++set.suppressed;
      return;
    }
    set.findings.push_back(std::move(f));
  }

  void add_group(Finding&& f) {
    GroupReport& g = report_.groups.back();
    if (g.findings.size() >= options_.max_findings_per_set) return;
    g.findings.push_back(std::move(f));
  }

  void add_interchange(Finding&& f) {
    if (report_.findings.size() >= options_.max_findings_per_interchange) {
      ++report_.suppressed;
      return;
    }
    report_.findings.push_back(std::move(f));
  }

  void element_problem(detail::ElementProblem&& p) override {
    Finding f = make(p.code, std::move(p.message));
    f.error.where.element = p.element;
    f.error.where.component = p.component;
    f.error.where.repetition = p.repetition;
    if (p.definition != nullptr) f.element_ref = p.definition->id;
    f.bad_value = std::string(p.value.substr(0, max_bad_value));
    f.implementation = p.implementation;
    if (loop_id_ != nullptr) f.loop_id = *loop_id_;
    if (target_ == Target::set && set_open_) {
      add_set(std::move(f));
      return;
    }
    if (envelope_) {
      f.error.message = fmt::format("{}{:02}: {}", f.error.where.tag, p.element, f.error.message);
      f.error.code = ErrorCode::invalid_envelope_value;
    }
    add_interchange(std::move(f));
  }

  void structure_problem(detail::StructureProblem&& p) override {
    Finding f = make(p.code, std::move(p.message));
    f.error.where.tag = std::move(p.tag);
    f.error.where.element = p.element;
    f.error.where.component = p.component;
    f.loop_id = std::move(p.loop_id);
    f.implementation = p.implementation;
    add_set(std::move(f));
  }

  void note_schema_error(const Error& e) {
    for (const Error& known : file_errors) {
      if (known.where.file == e.where.file && known.message == e.message) return;
    }
    file_errors.push_back(e);
  }

  // ------------------------------------------------------------------ reader diagnostics
  // Diagnostics of segments before `ordinal` of interchange `interchange` are filed now; the rest
  // wait until the segment they concern has been handled.
  void drain(const edi::SegmentReader& reader, std::uint32_t interchange, std::uint32_t ordinal) {
    info_ = &reader.interchange();
    const auto& diagnostics = reader.diagnostics();
    while (seen_ < diagnostics.size()) {
      const Error& d = diagnostics[seen_];
      if (d.where.interchange == interchange && d.where.segment >= ordinal && open_ && interchange == report_.index) {
        break;
      }
      ++seen_;
      if (d.where.interchange == 0) {
        file_errors.push_back(d);
      } else if (open_ && d.where.interchange == report_.index) {
        route(Error(d));
      } else {
        pending_.push_back(d);
      }
    }
  }

  void route(Error&& d) {
    const FindingCodes codes = codes_for(d.code, d.where.tag);
    Finding f;
    f.error = std::move(d);
    const std::uint32_t ordinal = f.error.where.segment;
    for (auto g = report_.groups.rbegin(); g != report_.groups.rend(); ++g) {
      for (auto s = g->sets.rbegin(); s != g->sets.rend(); ++s) {
        if (s->header_segment > ordinal) continue;
        if (!codes.set.empty() && ordinal < s->header_segment + std::max<std::uint32_t>(s->segment_count, 1) + 1) {
          if (s->findings.size() < options_.max_findings_per_set) s->findings.push_back(std::move(f));
          return;
        }
        break;
      }
      if (g->header_segment <= ordinal && g->has_header) {
        if (!codes.group.empty()) {
          g->findings.push_back(std::move(f));
          return;
        }
        break;
      }
    }
    add_interchange(std::move(f));
  }

  // ------------------------------------------------------------------ statuses
  AckStatus set_status(const SetReport& s) const {
    bool implementation = false;
    for (const Finding& f : s.findings) {
      if (f.error.severity != Severity::error) continue;
      if (!f.implementation) return AckStatus::rejected;
      implementation = true;
    }
    if (s.suppressed != 0) return AckStatus::rejected;
    if (!implementation) return AckStatus::accepted;
    return options_.reject_implementation_errors ? AckStatus::rejected : AckStatus::accepted_with_errors;
  }

  void finish_interchange(const std::function<void(InterchangeReport&)>& done) {
    if (set_open_) close_set(set_has_trailer_);
    for (GroupReport& g : report_.groups) {
      std::size_t rejected = 0;
      std::size_t with_errors = 0;
      for (SetReport& s : g.sets) {
        s.status = set_status(s);
        rejected += s.status == AckStatus::rejected ? 1 : 0;
        with_errors += s.status == AckStatus::accepted_with_errors ? 1 : 0;
      }
      const bool group_error = std::any_of(g.findings.begin(), g.findings.end(), [](const Finding& f) {
        return f.error.severity == Severity::error;
      });
      if (group_error || (!g.sets.empty() && rejected == g.sets.size())) {
        g.status = AckStatus::rejected;
      } else if (rejected != 0) {
        g.status = AckStatus::partially_accepted;
      } else if (with_errors != 0) {
        g.status = AckStatus::accepted_with_errors;
      } else {
        g.status = AckStatus::accepted;
      }
    }
    const bool interchange_error = std::any_of(report_.findings.begin(), report_.findings.end(), [](const Finding& f) {
      return f.error.severity == Severity::error;
    });
    report_.status = interchange_error ? AckStatus::rejected : AckStatus::accepted;
    open_ = false;
    done(report_);
  }

  enum class Target : std::uint8_t { interchange, set };

  schema::SchemaRegistry& registry_;
  ValidationOptions options_;
  std::string file_;
  InterchangeReport report_;
  bool open_ = false;
  bool group_open_ = false;
  bool set_open_ = false;
  bool set_has_trailer_ = false;
  bool envelope_ = false;
  Target target_ = Target::interchange;
  const edi::InterchangeInfo* info_ = nullptr;
  std::optional<detail::CharClasses> classes_;
  std::optional<detail::SegmentChecker> checker_;
  std::shared_ptr<const schema::Dictionary> envelope_dictionary_;
  std::shared_ptr<const schema::Transaction> transaction_;
  detail::SetStructure structure_;
  const SegmentView* segment_ = nullptr;
  std::uint32_t set_position_ = 0;
  const std::string* loop_id_ = nullptr;
  std::unordered_set<std::string> set_controls_;
  std::unordered_set<std::string> group_controls_;
  std::set<std::string> interchange_controls_;
  std::unordered_map<std::string, std::string> hl_levels_;
  std::vector<Error> pending_;
  std::size_t seen_ = 0;
};

Validator::Validator(schema::SchemaRegistry& registry, ValidationOptions options)
    : impl_(std::make_unique<Impl>(registry, options)) {}
Validator::~Validator() = default;

void Validator::run(edi::SegmentReader& reader, const std::function<void(InterchangeReport&)>& done) {
  impl_->run(reader, done);
}

const std::vector<Error>& Validator::file_errors() const noexcept { return impl_->file_errors; }

}  // namespace edigate::validate
