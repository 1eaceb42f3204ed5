#include "pipeline/stored_set.hpp"

#include <edigate/edi/reader.hpp>
#include <edigate/edi/source.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace edigate::pipeline {

namespace {

Result<edi::Standard> standard_of(const SetLocator& locator) {
  if (locator.standard == "x12") return edi::Standard::x12;
  if (locator.standard == "edifact") return edi::Standard::edifact;
  return file_error(ErrorCode::usage, locator.stored_path.string(),
                    fmt::format("unknown standard \"{}\" (x12 or edifact)", locator.standard));
}

// The stored file must be there and small enough to be read at all.
Result<void> check_file(const SetLocator& locator) {
  const std::string file = locator.stored_path.string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(locator.stored_path, ec);
  if (ec) return file_error(ErrorCode::io_error, file, "the stored message cannot be read: " + ec.message());
  if (size > locator.max_size) {
    return file_error(ErrorCode::io_error, file,
                      fmt::format("{} bytes: over the {} bytes a stored message may have to be shown", size,
                                  locator.max_size));
  }
  return {};
}

const edi::TransactionSet* find_set(const edi::Interchange& ic, const SetLocator& locator,
                                    const edi::FunctionalGroup*& group) {
  for (const edi::FunctionalGroup& g : ic.groups) {
    if (g.control_number() != locator.group_control) continue;
    for (const edi::TransactionSet& s : g.sets) {
      if (s.control_number() != locator.set_control) continue;
      if (!locator.set_type.empty() && s.type() != locator.set_type) continue;
      group = &g;
      return &s;
    }
  }
  return nullptr;
}

std::string set_label(const SetLocator& locator) {
  std::string label = fmt::format("set {}", locator.set_control);
  if (!locator.set_type.empty()) label += fmt::format(" ({})", locator.set_type);
  label += locator.group_control.empty() ? " outside any group"
                                         : fmt::format(" of group {}", locator.group_control);
  return label;
}

}  // namespace

Result<void> with_stored_set(const SetLocator& locator,
                             const std::function<Result<void>(const StoredSet&)>& use) {
  auto standard = standard_of(locator);
  if (!standard) return std::move(standard).error();
  if (auto checked = check_file(locator); !checked) return checked;
  const std::string file = locator.stored_path.string();
  auto source = edi::open_file(file);
  if (!source) return std::move(source).error();

  edi::InterchangeReader reader(std::move(*source));
  edi::Interchange ic;
  bool interchange_seen = false;
  // A file may carry the same control number twice (a partner's resend in one file): the copy that
  // holds the set is the one.
  while (reader.next(ic)) {
    if (ic.info.standard != *standard || ic.info.control_number != locator.interchange_control) continue;
    interchange_seen = true;
    const edi::FunctionalGroup* group = nullptr;
    if (const edi::TransactionSet* set = find_set(ic, locator, group))
      return use(StoredSet{ic, *group, *set});
  }

  Error e =
      file_error(ErrorCode::not_found, file,
                 interchange_seen ? fmt::format("{} interchange {} has no {}", locator.standard,
                                                locator.interchange_control, set_label(locator))
                                  : fmt::format("no {} interchange {} (looked for its {})", locator.standard,
                                                locator.interchange_control, set_label(locator)));
  for (const Error& problem : reader.diagnostics()) {
    if (problem.severity != Severity::error) continue;
    e.message += "; the file is damaged: " + problem.message;
    break;
  }
  return e;
}

}  // namespace edigate::pipeline
