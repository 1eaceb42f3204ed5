#pragma once
// Maps between canonical documents and the formats around them (docs/maps.md). A MapLibrary finds
// the map files under a definitions folder, compiles each once on first use (with a partner overlay
// when asked) and hands out immutable compiled maps that any number of threads may run.
#include <edigate/edi/segment.hpp>
#include <edigate/edi/writer.hpp>
#include <edigate/maps/document.hpp>
#include <edigate/maps/model.hpp>
#include <edigate/result.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::maps {

enum class MapFormat : std::uint8_t { edi, json, xml, csv };
std::string_view to_string(MapFormat format) noexcept;

// What a map file says about itself (its root element), known without compiling it.
struct MapInfo {
  std::string name;
  std::string model;
  std::string title;
  MapFormat format = MapFormat::edi;
  std::string standard;               // x12 | edifact
  std::string set;                    // 850 | ORDERS
  std::vector<std::string> versions;  // 004010 005010 | D96A D01B
  std::string erp;                    // idoc | d365 | netsuite | csv
  std::filesystem::path file;
};

class CompiledMap;

// Where an EDI transaction set came from, for error messages.
struct EdiPlace {
  std::string file;
  std::uint32_t interchange = 0;
  std::string set_control;  // ST02 / UNH 0062
};

class MapLibrary {
 public:
  // `dir` holds map files (any depth; codes/ holds shared code tables); `models` the canonical models.
  static Result<MapLibrary> load(const std::filesystem::path& dir, std::shared_ptr<const ModelSet> models);
  // $EDIGATE_MAPS (models/ and definitions/), else the installed or the source copy.
  static Result<MapLibrary> load_default();

  MapLibrary(MapLibrary&&) noexcept;
  MapLibrary& operator=(MapLibrary&&) noexcept;
  ~MapLibrary();

  const ModelSet& models() const noexcept;
  const std::vector<MapInfo>& maps() const noexcept;

  Result<std::shared_ptr<const CompiledMap>> by_name(std::string_view name) const;
  // The map for a transaction set: X12 version "004010", EDIFACT "D96A" (GS08 suffixes are ignored).
  Result<std::shared_ptr<const CompiledMap>> for_set(std::string_view standard, std::string_view version,
                                                     std::string_view set) const;
  // The map of an ERP format (`erp` as in MapInfo) for a model.
  Result<std::shared_ptr<const CompiledMap>> for_erp(std::string_view erp, std::string_view model) const;
  // A base map with a partner overlay file applied on top.
  Result<std::shared_ptr<const CompiledMap>> with_overlay(const std::filesystem::path& overlay) const;

 private:
  MapLibrary();
  struct State;
  std::unique_ptr<State> state_;
};

class CompiledMap {
 public:
  virtual ~CompiledMap() = default;
  virtual const MapInfo& info() const noexcept = 0;
  virtual const ModelDef& model() const noexcept = 0;
};

// ----------------------------------------------------------------------------- EDI

// Statistics of one run in, for reports and tests.
struct MapStats {
  std::size_t segments = 0;        // segments seen
  std::size_t unmapped = 0;        // segments no template node matched (skipped)
};

// The segments of one transaction set (ST..SE / UNH..UNT; header and trailer are ignored if present)
// as a canonical document.
Result<Document> edi_to_canonical(const CompiledMap& map, std::span<const edi::SegmentView> segments,
                                  const EdiPlace& place, MapStats* stats = nullptr);

// The body segments (without ST/SE, UNH/UNT) of the transaction set for a canonical document.
Result<std::vector<edi::Segment>> canonical_to_edi(const CompiledMap& map, const Document& document);

// ----------------------------------------------------------------------------- ERP documents

// An ERP document (JSON, XML or CSV text) as canonical documents (CSV may hold several).
Result<std::vector<Document>> erp_to_canonical(const CompiledMap& map, std::string_view text,
                                               const std::string& name);
// Canonical documents of the map's model as one ERP document (JSON and XML take exactly one).
Result<std::string> canonical_to_erp(const CompiledMap& map, std::span<const Document> documents);

// The ERP map whose <detect> rules match `text` (JSON, XML or CSV), or nullptr.
Result<std::shared_ptr<const CompiledMap>> detect_erp(const MapLibrary& library, std::string_view text);

}  // namespace edigate::maps
