#include <edigate/pipeline/documents.hpp>

#include "pipeline/set_mapping.hpp"
#include "pipeline/stored_set.hpp"

#include <edigate/maps/canonical.hpp>
#include <edigate/partners/partner_store.hpp>

#include <fmt/format.h>

#include <fstream>
#include <optional>

namespace edigate::pipeline {

namespace {

Result<std::string> read_range(const std::string& file, std::uint64_t from, std::uint64_t to) {
  if (to < from) to = from;
  std::ifstream in(file, std::ios::binary);
  if (!in) return io_error(file, "cannot open the stored message");
  std::string bytes(static_cast<std::size_t>(to - from), '\0');
  in.seekg(static_cast<std::streamoff>(from));
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<std::uint64_t>(in.gcount()) != to - from) {
    return file_error(
        ErrorCode::io_error, file,
        fmt::format("bytes {} to {} cannot be read back: the file changed while it was read", from, to));
  }
  return bytes;
}

}  // namespace

Result<std::string> interchange_text(const SetLocator& set) {
  std::uint64_t from = 0, to = 0;
  auto found = with_stored_set(set, [&](const StoredSet& stored) -> Result<void> {
    const edi::Interchange& ic = stored.interchange;
    from = ic.offset;
    to = ic.end_offset;
    // The reader counts what follows the last terminator (a line break) as read: no part of the interchange.
    if (!ic.segments.empty() && ic.segments.back().gap.size() <= to - from)
      to -= ic.segments.back().gap.size();
    return {};
  });
  if (!found) return found.error();
  return read_range(set.stored_path.string(), from, to);
}

Result<nlohmann::json> canonical_view(const SetLocator& set, partners::Store& store,
                                      schema::SchemaRegistry& /*schemas*/, const maps::MapLibrary& maps) {
  const std::string file = set.stored_path.string();
  // The overlay the pipeline used is the partner's: its profile from the store, as receive reads it.
  std::optional<partners::Profile> profile;
  if (!set.partner.empty()) {
    auto exported = partners::export_profile(store, set.partner);
    if (!exported) return std::move(exported).error();
    profile = std::move(*exported);
  }
  std::optional<maps::Document> document;
  auto mapped = with_stored_set(set, [&](const StoredSet& stored) -> Result<void> {
    if (!stored.set.trailer) {
      return file_error(
          ErrorCode::invalid_document, file,
          fmt::format("set {} of interchange {} ends with the file, before its trailer: not mapped",
                      set.set_control, set.interchange_control));
    }
    auto map =
        map_reading_set(maps, profile ? &*profile : nullptr, stored.interchange, stored.group, stored.set);
    if (!map) {
      if (map.error().code != ErrorCode::map_not_found) return std::move(map).error();
      return file_error(
          ErrorCode::not_found, file,
          fmt::format("set {} of interchange {} is a {} {} {}: no map reads it into a canonical document "
                      "({})",
                      set.set_control, set.interchange_control, set.standard,
                      maps::set_version(stored.set, stored.group), stored.set.type(), map.error().message));
    }
    auto doc = set_to_canonical(**map, stored.interchange, stored.set, file);
    if (!doc) return std::move(doc).error();
    document = std::move(*doc);
    return {};
  });
  if (!mapped) return mapped.error();
  nlohmann::json json = nlohmann::json::parse(maps::to_json(*document, false), nullptr, false);
  if (json.is_discarded()) {
    return file_error(ErrorCode::invalid_document, file,
                      fmt::format("set {} of interchange {} mapped to a document that is not JSON",
                                  set.set_control, set.interchange_control));
  }
  return json;
}

}  // namespace edigate::pipeline
