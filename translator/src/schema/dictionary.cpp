#include <edigate/schema/dictionary.hpp>

#include <algorithm>
#include <cstring>

namespace edigate::schema {

namespace {

std::uint64_t pack(std::string_view code) noexcept {
  std::uint64_t packed = 0;
  std::memcpy(&packed, code.data(), code.size());
  return packed;
}

}  // namespace

void CodeSet::add(std::string_view code) {
  if (code.size() <= sizeof(std::uint64_t)) {
    const std::uint64_t packed = pack(code);
    const auto at = std::lower_bound(packed_.begin(), packed_.end(), packed);
    if (at == packed_.end() || *at != packed) packed_.insert(at, packed);
    return;
  }
  const auto at = std::lower_bound(long_.begin(), long_.end(), code);
  if (at == long_.end() || *at != code) long_.insert(at, std::string(code));
}

bool CodeSet::contains(std::string_view code) const noexcept {
  if (code.empty()) return false;
  if (code.size() <= sizeof(std::uint64_t)) return std::binary_search(packed_.begin(), packed_.end(), pack(code));
  return std::binary_search(long_.begin(), long_.end(), code);
}

void Dictionary::index() {
  element_index_.clear();
  composite_index_.clear();
  packed_segments_.clear();
  for (std::uint32_t i = 0; i < elements.size(); ++i) element_index_.emplace(elements[i].id, i);
  for (std::uint32_t i = 0; i < composites.size(); ++i) composite_index_.emplace(composites[i].id, i);
  for (std::uint32_t i = 0; i < segments.size(); ++i) {
    std::uint32_t packed = 0;
    for (char c : segments[i].tag) packed = (packed << 8) | static_cast<unsigned char>(c);
    packed_segments_.emplace(packed, i);
  }
}

const ElementDefinition* Dictionary::find_element(std::string_view id) const noexcept {
  const auto it = element_index_.find(std::string(id));
  return it == element_index_.end() ? nullptr : &elements[it->second];
}

const CompositeDefinition* Dictionary::find_composite(std::string_view id) const noexcept {
  const auto it = composite_index_.find(std::string(id));
  return it == composite_index_.end() ? nullptr : &composites[it->second];
}

const SegmentDefinition* Dictionary::find_segment(std::string_view tag) const noexcept {
  const int i = segment_index(tag);
  return i < 0 ? nullptr : &segments[static_cast<std::size_t>(i)];
}


}  // namespace edigate::schema
