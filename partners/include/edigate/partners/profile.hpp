#pragma once
// A trading partner's profile file (partners/schemas/profile.xsd): its identities, how we write
// interchanges to it, and the map overlays its documents need.
#include <edigate/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace edigate::partners {

struct X12Identity {
  std::string qualifier, id, application;              // theirs: ISA07/08 and GS03 when we send
  std::string our_qualifier, our_id, our_application;  // ours: ISA05/06 and GS02
  std::string version = "005010";                      // GS08; ISA12 follows from it
  char element = '*', component = ':', segment = '~', repetition = '^';
  bool line_breaks = true;
  bool test = false;
  bool ack_requested = false;
};

struct EdifactIdentity {
  std::string qualifier, id, our_qualifier, our_id;
  std::string version = "D96A";
  std::string syntax = "UNOC";
  std::string syntax_version = "3";
  std::string association = "EAN008";  // UNH S009 0057
  char element = '+', component = ':', segment = '\'', release = '?';
  bool line_breaks = true;
  bool test = false;
};

struct MapOverlay {
  std::string base;                // base map name ("x12-850")
  std::filesystem::path overlay;   // absolute
};

struct Profile {
  std::string name;
  std::string title;
  std::optional<X12Identity> x12;
  std::optional<EdifactIdentity> edifact;
  std::vector<MapOverlay> overlays;
  std::filesystem::path file;

  const MapOverlay* overlay_for(std::string_view base_map) const noexcept;
};

// Reads and checks a profile file (XSD, then that overlay files exist).
Result<Profile> load_profile(const std::filesystem::path& file);

}  // namespace edigate::partners
