#include "engine/compile.hpp"

#include <edigate/maps/map.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>

namespace edigate::maps {

struct MapLibrary::State {
  std::filesystem::path definitions;
  std::shared_ptr<const ModelSet> models;
  std::vector<MapInfo> infos;
  std::vector<xml::Element> trees;  // parallel to infos
  mutable std::mutex mutex;
  mutable std::map<std::string, std::shared_ptr<const engine::Plan>, std::less<>> compiled;
};

std::string_view to_string(MapFormat format) noexcept {
  switch (format) {
    case MapFormat::edi: return "edi";
    case MapFormat::json: return "json";
    case MapFormat::xml: return "xml";
    case MapFormat::csv: return "csv";
  }
  return "?";
}

MapLibrary::MapLibrary() : state_(std::make_unique<State>()) {}
MapLibrary::MapLibrary(MapLibrary&&) noexcept = default;
MapLibrary& MapLibrary::operator=(MapLibrary&&) noexcept = default;
MapLibrary::~MapLibrary() = default;

const ModelSet& MapLibrary::models() const noexcept { return *state_->models; }
const std::vector<MapInfo>& MapLibrary::maps() const noexcept { return state_->infos; }

Result<MapLibrary> MapLibrary::load(const std::filesystem::path& dir, std::shared_ptr<const ModelSet> models) {
  MapLibrary library;
  library.state_->definitions = dir;
  library.state_->models = std::move(models);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    Error err;
    err.code = ErrorCode::map_not_found;
    err.where.file = dir.string();
    err.message = "no such map folder";
    return err;
  }
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const auto& path = it->path();
    if (it->is_directory() && (path.filename() == "codes" || path.filename() == "overlays")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && path.extension() == ".xml") files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto tree = engine::read_map_file(file, dir);
    if (!tree) return std::move(tree).error();
    if (tree->name != "map") continue;
    MapInfo info = engine::map_info(*tree, file);
    for (const MapInfo& other : library.state_->infos) {
      if (other.name == info.name) {
        return xml::error_at(ErrorCode::invalid_map, file.string(), *tree,
                             "map name " + info.name + " is also used by " + other.file.string());
      }
    }
    library.state_->infos.push_back(std::move(info));
    library.state_->trees.push_back(std::move(*tree));
  }
  return library;
}

Result<MapLibrary> MapLibrary::load_default() {
  std::filesystem::path base;
  if (const char* env = std::getenv("EDIGATE_MAPS"); env != nullptr && *env != '\0') {
    base = env;
  } else {
    std::error_code ec;
    base = std::filesystem::exists("/usr/share/edigate/maps/definitions", ec) ? "/usr/share/edigate/maps" : EDIGATE_MAPS_DIR;
  }
  auto models = ModelSet::load(base / "models" / "canonical.xml");
  if (!models) return std::move(models).error();
  return load(base / "definitions", std::make_shared<const ModelSet>(std::move(*models)));
}

Result<std::shared_ptr<const CompiledMap>> MapLibrary::by_name(std::string_view name) const {
  std::lock_guard lock(state_->mutex);
  if (const auto it = state_->compiled.find(name); it != state_->compiled.end()) return std::shared_ptr<const CompiledMap>(it->second);
  for (std::size_t i = 0; i < state_->infos.size(); ++i) {
    if (state_->infos[i].name != name) continue;
    auto plan = engine::compile(state_->trees[i], state_->infos[i].file, state_->definitions, state_->models);
    if (!plan) return std::move(plan).error();
    state_->compiled.emplace(std::string(name), *plan);
    return std::shared_ptr<const CompiledMap>(*plan);
  }
  Error err;
  err.code = ErrorCode::map_not_found;
  err.message = "no map named " + std::string(name);
  return err;
}

Result<std::shared_ptr<const CompiledMap>> MapLibrary::for_set(std::string_view standard, std::string_view version,
                                                               std::string_view set) const {
  // GS08 carries an implementation suffix (005010X231A1): the map is chosen by the base version.
  const std::string_view base = standard == "x12" && version.size() > 6 ? version.substr(0, 6) : version;
  std::vector<std::string> known;
  for (const MapInfo& info : state_->infos) {
    if (info.format != MapFormat::edi || info.standard != standard || info.set != set) continue;
    if (std::find(info.versions.begin(), info.versions.end(), base) != info.versions.end()) return by_name(info.name);
    known.insert(known.end(), info.versions.begin(), info.versions.end());
  }
  Error err;
  err.code = ErrorCode::map_not_found;
  err.message = "no map for " + std::string(standard) + " " + std::string(set) + " version " + std::string(version);
  if (!known.empty()) {
    err.message += " (maps exist for";
    for (const auto& v : known) err.message += " " + v;
    err.message += ")";
  }
  return err;
}

Result<std::shared_ptr<const CompiledMap>> MapLibrary::for_erp(std::string_view erp, std::string_view model) const {
  for (const MapInfo& info : state_->infos) {
    if (info.erp == erp && info.model == model) return by_name(info.name);
  }
  Error err;
  err.code = ErrorCode::map_not_found;
  err.message = "no " + std::string(erp) + " map for " + std::string(model) + " documents";
  return err;
}

Result<std::shared_ptr<const CompiledMap>> MapLibrary::with_overlay(const std::filesystem::path& overlay) const {
  auto tree = engine::read_map_file(overlay, state_->definitions);
  if (!tree) return std::move(tree).error();
  if (tree->name != "overlay") {
    return xml::error_at(ErrorCode::invalid_map, overlay.string(), *tree, "not an overlay file");
  }
  const std::string base = tree->attribute_or("base", "");
  for (std::size_t i = 0; i < state_->infos.size(); ++i) {
    if (state_->infos[i].name != base) continue;
    xml::Element map = state_->trees[i];
    if (auto r = engine::apply_overlay(map, *tree, overlay.string()); !r) return r.error();
    // Errors then name both: "map x12-850+acme-850 rule ...".
    for (auto& [key, value] : map.attributes) {
      if (key == "name") value = base + "+" + tree->attribute_or("name", "");
    }
    auto plan = engine::compile(map, state_->infos[i].file, state_->definitions, state_->models);
    if (!plan) return std::move(plan).error();
    return std::shared_ptr<const CompiledMap>(*plan);
  }
  return xml::error_at(ErrorCode::map_not_found, overlay.string(), *tree, "overlay base map " + base + " does not exist");
}

}  // namespace edigate::maps
