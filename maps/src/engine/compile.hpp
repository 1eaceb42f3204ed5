#pragma once
// Map files to plans: XSD check, includes, defines, partner overlays, bind paths against the model.
#include "engine/template.hpp"

#include <edigate/xml.hpp>

#include <filesystem>
#include <memory>

namespace edigate::maps::engine {

// Reads a map, overlay or codelists file, checked against map.xsd in `definitions`.
Result<xml::Element> read_map_file(const std::filesystem::path& file, const std::filesystem::path& definitions);

// Applies a partner overlay to a map's XML tree (by node id), before it is compiled.
Result<void> apply_overlay(xml::Element& map, const xml::Element& overlay, const std::string& overlay_file);

// The header of a map file: name, model, format, standard, set, versions, erp.
MapInfo map_info(const xml::Element& map, const std::filesystem::path& file);

Result<std::shared_ptr<const Plan>> compile(const xml::Element& map, const std::filesystem::path& file,
                                            const std::filesystem::path& definitions,
                                            std::shared_ptr<const ModelSet> models);

}  // namespace edigate::maps::engine
