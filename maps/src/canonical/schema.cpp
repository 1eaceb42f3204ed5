// The JSON Schema and the XSD of canonical documents, both made from the model set so that neither
// can drift from what the readers accept. The scalar patterns below say in regex what valid_scalar
// and canonical_decimal say in code; a test holds them to each other.
#include <edigate/maps/canonical.hpp>
#include <edigate/xml.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <set>
#include <string>
#include <vector>

namespace edigate::maps {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view date_pattern = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
constexpr std::string_view time_pattern = "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?";
constexpr std::string_view decimal_pattern = "-?[0-9]+(\\.[0-9]+)?";
constexpr std::string_view integer_pattern = "-?[0-9]{1,18}";

struct ScalarSchema {
  FieldType type;
  std::string_view description;
};

// Every scalar type, in the order the $defs and simple types are written.
constexpr std::array<ScalarSchema, 8> scalars{{
    {FieldType::string, "Text. Canonical documents leave empty values out, so a string is never empty."},
    {FieldType::code,
     "A code: a lowercase word from the list in the field's description, or an ISO or UN/ECE code "
     "(ISO 4217 currency, ISO 3166-1 alpha-2 country, UN/ECE Recommendation 20 unit)."},
    {FieldType::date, "An ISO 8601 calendar date, YYYY-MM-DD."},
    {FieldType::time, "A time of day, HH:MM or HH:MM:SS (local to the sender; EDI carries no zone)."},
    {FieldType::datetime, "A date and time, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (local to the sender)."},
    {FieldType::decimal,
     "An exact decimal written as a string (-digits[.digits], at most 30 digits) so that no consumer "
     "rounds it through binary floating point. Fraction digits are significant: \"12.50\" stays \"12.50\"."},
    {FieldType::integer, "A whole number (at most 18 digits)."},
    {FieldType::boolean, "true or false."},
}};

std::string field_type_name(const FieldDef& field) {
  return field.type == FieldType::object ? field.object->name : std::string(to_string(field.type));
}

// --------------------------------------------------------------------------------- JSON Schema

Json scalar_json(const ScalarSchema& scalar) {
  Json j;
  switch (scalar.type) {
    case FieldType::integer: j["type"] = "integer"; break;
    case FieldType::boolean: j["type"] = "boolean"; break;
    default: j["type"] = "string"; break;
  }
  j["description"] = scalar.description;
  switch (scalar.type) {
    case FieldType::string:
    case FieldType::code: j["minLength"] = 1; break;
    case FieldType::date:
      j["format"] = "date";
      j["pattern"] = fmt::format("^{}$", date_pattern);
      break;
    case FieldType::time: j["pattern"] = fmt::format("^{}$", time_pattern); break;
    case FieldType::datetime: j["pattern"] = fmt::format("^{}T{}$", date_pattern, time_pattern); break;
    case FieldType::decimal:
      j["pattern"] = fmt::format("^{}$", decimal_pattern);
      j["maxLength"] = 32;  // 30 digits, a sign and a point
      break;
    case FieldType::integer:
      j["minimum"] = -999999999999999999;
      j["maximum"] = 999999999999999999;
      break;
    default: break;
  }
  return j;
}

Json type_json(const TypeDef& type, const std::string& doc) {
  Json j;
  j["type"] = "object";
  if (!doc.empty()) j["description"] = doc;
  Json properties = Json::object();
  Json required = Json::array();
  for (const FieldDef& field : type.fields) {
    Json ref = {{"$ref", "#/$defs/" + field_type_name(field)}};
    Json p;
    if (field.list) {
      p["type"] = "array";
      p["items"] = ref;
      p["minItems"] = 1;
    } else {
      p = ref;
    }
    if (!field.doc.empty()) p["description"] = field.doc;
    properties[field.name] = p;
    if (field.required) required.push_back(field.name);
  }
  j["properties"] = properties;
  if (!required.empty()) j["required"] = required;
  j["additionalProperties"] = false;
  j["minProperties"] = 1;
  return j;
}

// The types a model reaches, in the model file's order, and which scalar types it uses.
void reach(const TypeDef& type, std::set<const TypeDef*>& types, std::set<FieldType>& used) {
  for (const FieldDef& field : type.fields) {
    used.insert(field.type);
    if (field.object != nullptr && types.insert(field.object).second) reach(*field.object, types, used);
  }
}

// --------------------------------------------------------------------------------- XSD

void xsd_documentation(const std::string& doc, std::size_t depth, std::string& out) {
  if (doc.empty()) return;
  const std::string pad(2 * depth, ' ');
  out += pad + "<xs:annotation><xs:documentation>" + xml::escape(doc) + "</xs:documentation></xs:annotation>\n";
}

void xsd_sequence(const TypeDef& type, std::size_t depth, std::string& out) {
  const std::string pad(2 * depth, ' ');
  out += pad + "<xs:sequence>\n";
  for (const FieldDef& field : type.fields) {
    std::string element = fmt::format("{}  <xs:element name=\"{}\" type=\"c:{}\"", pad, field.name, field_type_name(field));
    if (!field.required) element += " minOccurs=\"0\"";
    if (field.list) element += " maxOccurs=\"unbounded\"";
    if (field.doc.empty()) {
      out += element + "/>\n";
    } else {
      out += element + ">\n";
      xsd_documentation(field.doc, depth + 2, out);
      out += pad + "  </xs:element>\n";
    }
  }
  out += pad + "</xs:sequence>\n";
}

std::string xsd_simple_type(const ScalarSchema& scalar) {
  const auto restriction = [&](std::string_view base, std::string facets) {
    return fmt::format(
        "  <xs:simpleType name=\"{}\">\n"
        "    <xs:annotation><xs:documentation>{}</xs:documentation></xs:annotation>\n"
        "    <xs:restriction base=\"xs:{}\">\n{}"
        "    </xs:restriction>\n"
        "  </xs:simpleType>\n",
        to_string(scalar.type), xml::escape(scalar.description), base, facets);
  };
  const auto pattern = [](std::string_view p) { return fmt::format("      <xs:pattern value=\"{}\"/>\n", p); };
  switch (scalar.type) {
    case FieldType::string:
    case FieldType::code: return restriction("string", "      <xs:minLength value=\"1\"/>\n");
    // xs:date also rejects days a month does not have (2026-02-30); the pattern rules out
    // time zones and years of more than four digits, which xs:date alone would allow.
    case FieldType::date: return restriction("date", pattern("[0-9]{4}-[0-9]{2}-[0-9]{2}"));
    case FieldType::time: return restriction("string", pattern(time_pattern));
    case FieldType::datetime: return restriction("string", pattern(fmt::format("{}T{}", date_pattern, time_pattern)));
    case FieldType::decimal:
      return restriction("decimal", pattern(decimal_pattern) + "      <xs:totalDigits value=\"30\"/>\n");
    case FieldType::integer: return restriction("integer", pattern(integer_pattern));
    case FieldType::boolean: return restriction("boolean", pattern("true|false"));
    case FieldType::object: break;
  }
  return {};
}

}  // namespace

std::string json_schema(const ModelSet& models, const ModelDef& model) {
  std::set<const TypeDef*> reached;
  std::set<FieldType> used;
  reach(model.root, reached, used);

  Json j;
  j["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  j["$id"] = fmt::format("{}:{}", canonical_namespace, model.name);
  j["$comment"] = fmt::format(
      "Generated from maps/models/canonical.xml by `edigate model json-schema {}`; edit the model, not this file.",
      model.name);
  j["title"] = model.title.empty() ? model.name : model.title;
  j["description"] = fmt::format("{} In canonical JSON: {{\"model\": \"{}\", \"document\": {{...}}}}.",
                                 model.root.doc, model.name);
  j["type"] = "object";
  j["properties"] = {
      {"model", {{"const", model.name}, {"description", "The model the document follows."}}},
      {"document", type_json(model.root, model.root.doc)},
  };
  j["required"] = {"model", "document"};
  j["additionalProperties"] = false;
  Json defs = Json::object();
  for (const TypeDef* type : models.types()) {
    if (reached.count(type) != 0) defs[type->name] = type_json(*type, type->doc);
  }
  for (const ScalarSchema& scalar : scalars) {
    if (used.count(scalar.type) != 0) defs[std::string(to_string(scalar.type))] = scalar_json(scalar);
  }
  j["$defs"] = defs;
  return j.dump(2);
}

std::string canonical_xsd(const ModelSet& models) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<!-- Canonical XML of every model. Generated from maps/models/canonical.xml by `edigate model xsd`;\n"
         "     edit the model, not this file. See docs/canonical/README.md. -->\n";
  out += fmt::format(
      "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:c=\"{0}\"\n"
      "           targetNamespace=\"{0}\" elementFormDefault=\"qualified\" version=\"1\">\n",
      canonical_namespace);
  for (const std::string& name : models.model_names()) {
    const ModelDef& model = *models.model(name);
    out += fmt::format("\n  <xs:element name=\"{}\">\n", model.name);
    const std::string doc = model.title.empty() ? model.root.doc : model.title + ". " + model.root.doc;
    xsd_documentation(doc, 2, out);
    out += "    <xs:complexType>\n";
    xsd_sequence(model.root, 3, out);
    out += "    </xs:complexType>\n  </xs:element>\n";
  }
  for (const TypeDef* type : models.types()) {
    out += fmt::format("\n  <xs:complexType name=\"{}\">\n", type->name);
    xsd_documentation(type->doc, 2, out);
    xsd_sequence(*type, 2, out);
    out += "  </xs:complexType>\n";
  }
  out += '\n';
  for (const ScalarSchema& scalar : scalars) out += xsd_simple_type(scalar);
  out += "</xs:schema>";
  return out;
}

}  // namespace edigate::maps
