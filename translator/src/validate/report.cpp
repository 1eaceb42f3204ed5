#include <edigate/validate/report.hpp>

namespace edigate::validate {

std::string_view to_string(AckStatus status) noexcept {
  switch (status) {
    case AckStatus::accepted: return "accepted";
    case AckStatus::accepted_with_errors: return "accepted_with_errors";
    case AckStatus::partially_accepted: return "partially_accepted";
    case AckStatus::rejected: return "rejected";
  }
  return "unknown";
}

std::string_view status_words(AckStatus status) noexcept {
  switch (status) {
    case AckStatus::accepted: return "accepted";
    case AckStatus::accepted_with_errors: return "accepted with errors";
    case AckStatus::partially_accepted: return "partially accepted";
    case AckStatus::rejected: return "rejected";
  }
  return "unknown";
}

char status_letter(AckStatus status) noexcept {
  switch (status) {
    case AckStatus::accepted: return 'A';
    case AckStatus::accepted_with_errors: return 'E';
    case AckStatus::partially_accepted: return 'P';
    case AckStatus::rejected: return 'R';
  }
  return 'R';
}

std::uint32_t GroupReport::accepted_sets() const noexcept {
  std::uint32_t n = 0;
  for (const SetReport& s : sets) n += s.status == AckStatus::rejected ? 0 : 1;
  return n;
}

bool InterchangeReport::rejected() const noexcept {
  if (status == AckStatus::rejected) return true;
  for (const GroupReport& g : groups) {
    if (g.status == AckStatus::rejected || g.status == AckStatus::partially_accepted) return true;
  }
  return false;
}

}  // namespace edigate::validate
