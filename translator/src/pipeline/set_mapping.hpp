#pragma once
// Reading a received or sent transaction set into its canonical document: the one way the pipeline
// does it (receiving, replaying a send, showing a stored set), so a partner's map overlay applies
// alike everywhere.
#include <edigate/edi/interchange.hpp>
#include <edigate/maps/map.hpp>
#include <edigate/partners/profile.hpp>
#include <edigate/result.hpp>

#include <map>
#include <memory>
#include <string>

namespace edigate::pipeline {

// Compiled maps with a partner's overlay, by overlay file: compiling is far dearer than mapping.
using OverlayCache = std::map<std::string, std::shared_ptr<const maps::CompiledMap>>;

// The map that reads `set`: the standard's map for its type and version, with the partner's overlay
// when `profile` has one for that map (no profile: the shipped map). `overlays`, when given, keeps
// the compiled overlays for later calls.
Result<std::shared_ptr<const maps::CompiledMap>> map_reading_set(
    const maps::MapLibrary& maps, const partners::Profile* profile, const edi::Interchange& ic,
    const edi::FunctionalGroup& group, const edi::TransactionSet& set, OverlayCache* overlays = nullptr);

// `set` through `map`; errors name `file` (as the partner or the pipeline knows it).
Result<maps::Document> set_to_canonical(const maps::CompiledMap& map, const edi::Interchange& ic,
                                        const edi::TransactionSet& set, const std::string& file);

}  // namespace edigate::pipeline
