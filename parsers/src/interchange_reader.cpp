#include "reader_impl.hpp"

#include <algorithm>

namespace edigate::edi {

InterchangeReader::InterchangeReader(std::unique_ptr<ByteSource> source, ReaderOptions options)
    : reader_(std::move(source), options) {
  watch_moves();
}
InterchangeReader::~InterchangeReader() = default;

// The views of the interchange being built must follow the reader's buffer when it moves; the
// callback captures `this`, so it is installed again after every move of the InterchangeReader.
void InterchangeReader::watch_moves() {
  reader_.impl_->on_move = [this](std::ptrdiff_t delta) {
    for (auto& e : events_) detail::ViewAccess::shift(e.segment, delta);
  };
}

bool InterchangeReader::next(Interchange& out) {
  auto& impl = *reader_.impl_;
  events_.clear();
  if (!has_pending_) {
    if (!reader_.next(pending_)) return false;
  }
  has_pending_ = false;
  const std::uint32_t index = pending_.interchange;
  // The first event of an interchange was just read, so the reader's facts are this interchange's.
  out = Interchange{};
  out.index = index;
  out.offset = impl.interchange_start();
  out.info = impl.info();
  impl.retain_from(pending_.segment.offset, index);
  events_.push_back(pending_);
  std::uint64_t end = impl.consumed();
  SegmentEvent event;
  while (events_.back().role != SegmentRole::interchange_trailer) {
    if (!reader_.next(event)) break;
    if (event.interchange != index) {
      pending_ = event;
      has_pending_ = true;
      break;
    }
    events_.push_back(event);
    if (event.role == SegmentRole::set_header || event.role == SegmentRole::interchange_header) {
      out.info = impl.info();  // UNB may refine delimiters
    }
    end = impl.consumed();
  }
  out.end_offset = end;

  // Build the envelope tree from the flat events.
  out.segments.reserve(events_.size());
  std::size_t implicit_group = static_cast<std::size_t>(-1);
  TransactionSet* current_set = nullptr;
  for (const auto& e : events_) {
    out.segments.push_back(e.segment);
    switch (e.role) {
      case SegmentRole::interchange_header:
        out.header = e.segment;
        break;
      case SegmentRole::interchange_trailer:
        out.trailer = e.segment;
        current_set = nullptr;
        break;
      case SegmentRole::service:
        out.service_segments.push_back(e.segment);
        break;
      case SegmentRole::group_header:
        out.groups.push_back(FunctionalGroup{e.segment, std::nullopt, {}});
        current_set = nullptr;
        break;
      case SegmentRole::group_trailer:
        if (!out.groups.empty() && e.group != 0) out.groups.back().trailer = e.segment;
        current_set = nullptr;
        break;
      case SegmentRole::set_header: {
        FunctionalGroup* group = nullptr;
        if (e.group != 0 && !out.groups.empty()) {
          group = &out.groups.back();
        } else {
          if (implicit_group == static_cast<std::size_t>(-1)) {
            implicit_group = out.groups.size();
            out.groups.push_back(FunctionalGroup{});
          }
          group = &out.groups[implicit_group];
        }
        group->sets.push_back(TransactionSet{e.segment, std::nullopt, {e.segment}});
        current_set = &group->sets.back();
        break;
      }
      case SegmentRole::set_body:
        if (current_set != nullptr) current_set->segments.push_back(e.segment);
        break;
      case SegmentRole::set_trailer:
        if (current_set != nullptr) {
          current_set->segments.push_back(e.segment);
          current_set->trailer = e.segment;
          current_set = nullptr;
        }
        break;
      case SegmentRole::stray:
        break;
    }
  }
  return true;
}

InterchangeReader::InterchangeReader(InterchangeReader&& other) noexcept
    : reader_(std::move(other.reader_)),
      pending_(other.pending_),
      has_pending_(other.has_pending_),
      events_(std::move(other.events_)) {
  watch_moves();
}

InterchangeReader& InterchangeReader::operator=(InterchangeReader&& other) noexcept {
  reader_ = std::move(other.reader_);
  pending_ = other.pending_;
  has_pending_ = other.has_pending_;
  events_ = std::move(other.events_);
  watch_moves();
  return *this;
}

const std::vector<Error>& InterchangeReader::diagnostics() const noexcept { return reader_.diagnostics(); }
std::size_t InterchangeReader::suppressed_diagnostics() const noexcept { return reader_.suppressed_diagnostics(); }
bool InterchangeReader::has_errors() const noexcept { return reader_.has_errors(); }
std::uint64_t InterchangeReader::bytes_consumed() const noexcept { return reader_.bytes_consumed(); }
const std::string& InterchangeReader::source_name() const noexcept { return reader_.source_name(); }
std::uint64_t InterchangeReader::source_size() const noexcept { return reader_.source_size(); }

bool ParsedDocument::has_errors() const noexcept {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Error& e) { return e.severity == Severity::error; });
}

ParsedDocument parse(std::string_view bytes, std::string name, ReaderOptions options) {
  ParsedDocument doc;
  InterchangeReader reader(from_memory(bytes, std::move(name)), options);
  Interchange interchange;
  while (reader.next(interchange)) doc.interchanges.push_back(std::move(interchange));
  doc.diagnostics = reader.diagnostics();
  doc.storage = reader.reader_arena();
  return doc;
}

}  // namespace edigate::edi

namespace edigate::edi {
std::shared_ptr<const void> InterchangeReader::reader_arena() const { return reader_.impl_->arena(); }
}  // namespace edigate::edi
