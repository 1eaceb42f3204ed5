// The segment view of a stored set: every segment as it stands, each element named from the
// dictionary of the set's version.
#include <edigate/pipeline/documents.hpp>

#include "pipeline/stored_set.hpp"

#include <fmt/format.h>

#include <memory>

namespace edigate::pipeline {

namespace {

using nlohmann::json;

// What the dictionary says of one position of a segment or composite (nothing when it does not know it).
struct Named {
  const schema::ElementDefinition* element = nullptr;
  const schema::CompositeDefinition* composite = nullptr;
};

Named named(const schema::Dictionary* dictionary, const std::vector<schema::ElementReference>& references,
            std::size_t position) {
  Named n;
  if (dictionary == nullptr || position == 0 || position > references.size()) return n;
  const schema::ElementReference& ref = references[position - 1];
  if (ref.composite) {
    if (ref.index < dictionary->composites.size()) n.composite = &dictionary->composites[ref.index];
  } else if (ref.index < dictionary->elements.size()) {
    n.element = &dictionary->elements[ref.index];
  }
  return n;
}

json name_or_null(const std::string* name) {
  return name == nullptr ? json(nullptr) : json(*name);
}

// "value" and, when the dictionary names the code, "code_name".
void put_value(json& out, std::string value, const schema::ElementDefinition* element) {
  if (element != nullptr) {
    if (const auto it = element->code_titles.find(value); it != element->code_titles.end())
      out["code_name"] = it->second;
  }
  out["value"] = std::move(value);
}

// The components of a composite (or of an element the dictionary does not know that has several).
json components_of(const edi::ElementView& element, const schema::Dictionary* dictionary,
                   const schema::CompositeDefinition* composite, char release) {
  json components = json::array();
  static const std::vector<schema::ElementReference> none;
  const auto& references = composite != nullptr ? composite->components : none;
  for (std::size_t c = 1; c <= element.component_count(); ++c) {
    const std::string_view raw = element.component(c);
    if (raw.empty()) continue;
    const Named n = named(dictionary, references, c);
    json out = {{"position", fmt::format("{:02}", c)},
                {"id", n.element != nullptr ? json(n.element->id) : json(nullptr)},
                {"name", name_or_null(n.element != nullptr ? &n.element->name : nullptr)}};
    put_value(out, edi::unescape(raw, release), n.element);
    components.push_back(std::move(out));
  }
  return components;
}

// One occurrence of an element: a value, or components.
void put_content(json& out, const edi::ElementView& element, const schema::Dictionary* dictionary,
                 const Named& n, char release) {
  if (n.composite != nullptr || (n.element == nullptr && element.component_count() > 1)) {
    out["components"] = components_of(element, dictionary, n.composite, release);
  } else {
    put_value(out, edi::unescape(element.raw(), release), n.element);
  }
}

json element_json(const edi::ElementView& element, std::size_t position, const schema::Dictionary* dictionary,
                  const schema::SegmentDefinition* segment, char release) {
  static const std::vector<schema::ElementReference> none;
  const Named n = named(dictionary, segment != nullptr ? segment->elements : none, position);
  json out = {{"position", fmt::format("{:02}", position)}};
  out["id"] = n.element != nullptr     ? json(n.element->id)
              : n.composite != nullptr ? json(n.composite->id)
                                       : json(nullptr);
  out["name"] = name_or_null(n.element != nullptr     ? &n.element->name
                             : n.composite != nullptr ? &n.composite->name
                                                      : nullptr);
  if (element.repetition_count() > 1) {
    json repetitions = json::array();
    for (std::size_t r = 1; r <= element.repetition_count(); ++r) {
      json one = json::object();
      put_content(one, element.repetition(r), dictionary, n, release);
      repetitions.push_back(std::move(one));
    }
    out["repetitions"] = std::move(repetitions);
  } else {
    put_content(out, element, dictionary, n, release);
  }
  return out;
}

json segment_json(const edi::SegmentView& segment, std::size_t position,
                  const schema::Dictionary* dictionary) {
  const schema::SegmentDefinition* definition =
      dictionary != nullptr ? dictionary->find_segment(segment.tag()) : nullptr;
  json out = {{"position", position},
              {"tag", std::string(segment.tag())},
              {"name", name_or_null(definition != nullptr ? &definition->name : nullptr)}};
  json elements = json::array();
  const char release = segment.delimiters().release;
  for (std::size_t e = 1; e <= segment.element_count(); ++e) {
    const edi::ElementView element = segment.element(e);
    if (element.empty()) continue;
    elements.push_back(element_json(element, e, dictionary, definition, release));
  }
  out["elements"] = std::move(elements);
  return out;
}

// The dictionary the validator reads the set with: its transaction's (a version alias may point a set
// elsewhere), else the version's own. None when the schemas do not know the version: names stay null.
Result<std::shared_ptr<const schema::Dictionary>> dictionary_for(schema::SchemaRegistry& schemas,
                                                                 edi::Standard standard,
                                                                 const std::string& version,
                                                                 std::string_view set_type) {
  auto transaction = schemas.transaction(standard, version, set_type);
  if (transaction) return (*transaction)->dictionary;
  if (transaction.error().code != ErrorCode::schema_not_found) return std::move(transaction).error();
  auto dictionary = schemas.dictionary(standard, version);
  if (dictionary) return *dictionary;
  if (dictionary.error().code != ErrorCode::schema_not_found) return std::move(dictionary).error();
  return std::shared_ptr<const schema::Dictionary>();
}

}  // namespace

Result<nlohmann::json> segment_view(const SetLocator& set, schema::SchemaRegistry& schemas) {
  json view;
  auto shown = with_stored_set(set, [&](const StoredSet& stored) -> Result<void> {
    const std::string version = maps::set_version(stored.set, stored.group);
    auto dictionary = dictionary_for(schemas, stored.interchange.info.standard, version, stored.set.type());
    if (!dictionary) return std::move(dictionary).error();
    view = {{"standard", set.standard},
            {"version", version},
            {"set_type", std::string(stored.set.type())},
            {"complete", stored.set.trailer.has_value()}};
    json segments = json::array();
    for (std::size_t i = 0; i < stored.set.segments.size(); ++i) {
      segments.push_back(segment_json(stored.set.segments[i], i + 1, dictionary->get()));
    }
    view["segments"] = std::move(segments);
    return {};
  });
  if (!shown) return shown.error();
  return view;
}

}  // namespace edigate::pipeline
