#include "pipeline/set_mapping.hpp"

namespace edigate::pipeline {

Result<std::shared_ptr<const maps::CompiledMap>> map_reading_set(
    const maps::MapLibrary& maps, const partners::Profile* profile, const edi::Interchange& ic,
    const edi::FunctionalGroup& group, const edi::TransactionSet& set, OverlayCache* overlays) {
  const std::string standard = ic.info.standard == edi::Standard::x12 ? "x12" : "edifact";
  auto map = maps.for_set(standard, maps::set_version(set, group), set.type());
  if (!map || profile == nullptr) return map;
  const partners::MapOverlay* overlay = profile->overlay_for((*map)->info().name);
  if (overlay == nullptr) return map;
  if (overlays == nullptr) return maps.with_overlay(overlay->overlay);
  auto cached = overlays->find(overlay->overlay.string());
  if (cached == overlays->end()) {
    auto layered = maps.with_overlay(overlay->overlay);
    if (!layered) return std::move(layered).error();
    cached = overlays->emplace(overlay->overlay.string(), std::move(*layered)).first;
  }
  return cached->second;
}

Result<maps::Document> set_to_canonical(const maps::CompiledMap& map, const edi::Interchange& ic,
                                        const edi::TransactionSet& set, const std::string& file) {
  return maps::edi_to_canonical(
      map, set.segments,
      maps::EdiPlace{file, ic.index, std::string(set.control_number()), ic.info.syntax_identifier});
}

}  // namespace edigate::pipeline
