#include <edigate/partners/profile.hpp>
#include <edigate/xml.hpp>

namespace edigate::partners {

namespace {

char char_attribute(const xml::Element& e, std::string_view key, char fallback) {
  const std::string* v = e.attribute(key);
  return v != nullptr && v->size() == 1 ? (*v)[0] : fallback;
}

bool bool_attribute(const xml::Element& e, std::string_view key) {
  const std::string* v = e.attribute(key);
  return v != nullptr && (*v == "true" || *v == "1");
}

}  // namespace

const MapOverlay* Profile::overlay_for(std::string_view base_map) const noexcept {
  for (const MapOverlay& o : overlays) {
    if (o.base == base_map) return &o;
  }
  return nullptr;
}

Result<Profile> load_profile(const std::filesystem::path& file) {
  xml::ReadOptions options;
  options.xsd = std::filesystem::path(EDIGATE_PARTNER_SCHEMA_DIR) / "profile.xsd";
  options.target_namespace = "urn:edigate:partner:1";
  options.invalid = ErrorCode::invalid_document;
  options.missing = ErrorCode::io_error;
  auto root = xml::read_file(file, options);
  if (!root) return std::move(root).error();
  Profile p;
  p.file = file;
  p.name = root->attribute_or("name", "");
  p.title = root->attribute_or("title", "");
  for (const xml::Element& e : root->children) {
    if (e.name == "x12") {
      X12Identity x;
      x.qualifier = e.attribute_or("qualifier", "");
      x.id = e.attribute_or("id", "");
      x.application = e.attribute_or("application", x.id);
      x.our_qualifier = e.attribute_or("our-qualifier", "");
      x.our_id = e.attribute_or("our-id", "");
      x.our_application = e.attribute_or("our-application", x.our_id);
      x.version = e.attribute_or("version", "005010");
      x.element = char_attribute(e, "element", '*');
      x.component = char_attribute(e, "component", ':');
      x.segment = char_attribute(e, "segment", '~');
      x.repetition = char_attribute(e, "repetition", '^');
      x.line_breaks = e.attribute("line-breaks") == nullptr || bool_attribute(e, "line-breaks");
      x.test = bool_attribute(e, "test");
      x.ack_requested = bool_attribute(e, "ack-requested");
      p.x12 = std::move(x);
    } else if (e.name == "edifact") {
      EdifactIdentity x;
      x.qualifier = e.attribute_or("qualifier", "");
      x.id = e.attribute_or("id", "");
      x.our_qualifier = e.attribute_or("our-qualifier", "");
      x.our_id = e.attribute_or("our-id", "");
      x.version = e.attribute_or("version", "D96A");
      x.syntax = e.attribute_or("syntax", "UNOC");
      x.syntax_version = e.attribute_or("syntax-version", "3");
      x.association = e.attribute_or("association", "EAN008");
      x.element = char_attribute(e, "element", '+');
      x.component = char_attribute(e, "component", ':');
      x.segment = char_attribute(e, "segment", '\'');
      x.release = char_attribute(e, "release", '?');
      x.line_breaks = e.attribute("line-breaks") == nullptr || bool_attribute(e, "line-breaks");
      x.test = bool_attribute(e, "test");
      p.edifact = std::move(x);
    } else if (e.name == "map") {
      MapOverlay o;
      o.base = e.attribute_or("base", "");
      o.overlay = file.parent_path() / e.attribute_or("overlay", "");
      std::error_code ec;
      if (!std::filesystem::is_regular_file(o.overlay, ec)) {
        return xml::error_at(ErrorCode::invalid_document, file.string(), e,
                             "overlay file " + o.overlay.string() + " does not exist");
      }
      p.overlays.push_back(std::move(o));
    }
  }
  return p;
}

}  // namespace edigate::partners
