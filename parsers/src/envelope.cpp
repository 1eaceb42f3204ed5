#include <edigate/edi/interchange.hpp>

namespace edigate::edi {
namespace {
bool is_x12(const SegmentView& header) noexcept { return header.tag() == "ST" || header.tag() == "GS"; }
}  // namespace

std::string_view TransactionSet::type() const noexcept {
  return is_x12(header) ? header[1] : header(2, 1);
}

std::string_view TransactionSet::control_number() const noexcept { return header[is_x12(header) ? 2 : 1]; }

std::string_view TransactionSet::version() const noexcept {
  if (is_x12(header)) return header[3];
  // "D:96A" lives in two components; return the raw composite after the type ("D:96A:UN:...").
  std::string_view composite = header[2];
  const auto first = composite.find(header.delimiters().component);
  return first == std::string_view::npos ? std::string_view() : composite.substr(first + 1);
}

std::string_view FunctionalGroup::control_number() const noexcept {
  if (!header) return {};
  return (*header)[is_x12(*header) ? 6 : 5];
}

std::string_view FunctionalGroup::functional_id() const noexcept {
  if (!header) return {};
  return (*header)[1];
}

std::string_view FunctionalGroup::version() const noexcept {
  if (!header) return {};
  return is_x12(*header) ? (*header)[8] : (*header)[7];
}

std::size_t Interchange::set_count() const noexcept {
  std::size_t n = 0;
  for (const auto& g : groups) n += g.sets.size();
  return n;
}

}  // namespace edigate::edi
