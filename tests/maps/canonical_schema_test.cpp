// The JSON Schemas and the XSD are generated from canonical.xml and checked in; these tests fail when
// a checked-in copy is stale, and hold the schemas' scalar patterns to the readers' own checks.
#include "maps/canonical_common.hpp"

#include <edigate/maps/canonical.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

namespace edigate::maps {
namespace {

using test::models;

void expect_current(const std::filesystem::path& file, const std::string& generated, const std::string& command) {
  const std::string expected = generated + "\n";
  if (test::update_golden()) test::write_file(file, expected);
  EXPECT_EQ(test::read_file(file), expected)
      << file << " is not what the generator writes from maps/models/canonical.xml now. Regenerate it:\n  "
      << command;
}

TEST(CanonicalSchema, CheckedInJsonSchemasAreCurrent) {
  for (const char* name : test::all_models) {
    const ModelDef* model = models().model(name);
    ASSERT_NE(model, nullptr) << name;
    expect_current(test::source_dir / "docs" / "canonical" / (std::string(name) + ".schema.json"),
                   json_schema(models(), *model),
                   std::string("edigate model json-schema ") + name + " --out docs/canonical/" + name + ".schema.json");
  }
}

TEST(CanonicalSchema, CheckedInXsdsAreCurrent) {
  const std::string xsd = canonical_xsd(models());
  expect_current(test::source_dir / "docs" / "canonical" / "canonical.xsd", xsd,
                 "edigate model xsd --out docs/canonical/canonical.xsd");
  // from_xml validates against this copy, beside canonical.xml.
  expect_current(test::source_dir / "maps" / "models" / "canonical.xsd", xsd,
                 "edigate model xsd --out maps/models/canonical.xsd");
}

TEST(CanonicalSchema, JsonSchemaShape) {
  const auto schema = nlohmann::json::parse(json_schema(models(), *models().model("ship_notice")));
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["properties"]["model"]["const"], "ship_notice");
  const auto& document = schema["properties"]["document"];
  EXPECT_EQ(document["required"], nlohmann::json::array({"shipment_id"}));
  EXPECT_EQ(document["additionalProperties"], false);
  EXPECT_EQ(document["properties"]["orders"]["type"], "array");
  EXPECT_EQ(document["properties"]["orders"]["items"]["$ref"], "#/$defs/shipped_order");
  const auto& defs = schema["$defs"];
  // Only the types the ship notice reaches, the inherited item ids flattened in.
  EXPECT_TRUE(defs.contains("pack"));
  EXPECT_TRUE(defs.contains("measure"));
  EXPECT_FALSE(defs.contains("invoice_totals"));
  EXPECT_FALSE(defs.contains("order_line"));
  EXPECT_TRUE(defs["shipped_item"]["properties"].contains("gtin"));
  EXPECT_EQ(defs["pack"]["properties"]["sscc"]["description"], "SSCC-18 of the shipping label.");
  EXPECT_EQ(defs["decimal"]["type"], "string");
  EXPECT_EQ(defs["integer"]["type"], "integer");
}

// Each pattern of the JSON Schema against the readers: every value the readers accept matches, and
// every malformed value they reject does not (calendar checks, such as 2026-02-30, are beyond a
// pattern: the readers reject those on their own).
TEST(CanonicalSchema, PatternsAgreeWithTheReaders) {
  const auto defs = nlohmann::json::parse(json_schema(models(), *models().model("order")))["$defs"];
  struct Case {
    const char* def;
    FieldType type;
    std::vector<std::string> good;
    std::vector<std::string> bad;
  };
  const std::vector<Case> cases = {
      {"date", FieldType::date, {"2026-11-25", "2024-02-29", "1999-12-31"},
       {"2026-13-01", "2026-00-10", "2026-1-05", "20261125", "2026-11-25T10:00", "26-11-25", "2026-11-32", ""}},
      {"decimal", FieldType::decimal, {"0", "0.10", "-3", "1234.50", "12345678901234567890.123456"},
       {"1e5", "+1", ".5", "7.", "1,5", "1 000", "", "-", "0x10"}},
  };
  for (const Case& c : cases) {
    const std::regex pattern(defs[c.def]["pattern"].get<std::string>());
    for (const std::string& v : c.good) {
      EXPECT_TRUE(std::regex_match(v, pattern)) << c.def << " " << v;
      EXPECT_TRUE(valid_scalar(c.type, v)) << c.def << " " << v;
    }
    for (const std::string& v : c.bad) {
      EXPECT_FALSE(std::regex_match(v, pattern)) << c.def << " " << v;
      const std::string field = c.type == FieldType::date ? "order_date" : "total_amount";
      auto doc = from_json(R"({"model": "order", "document": {"order_number": "1", ")" + field + R"(": ")" + v + "\"}}",
                           models(), "t.json");
      EXPECT_FALSE(doc) << c.def << " " << v;
    }
  }
}

// No shipped field is a time or datetime yet, so those patterns are only in the XSD (which declares
// every scalar type); XSD patterns are anchored, as regex_match is.
std::regex xsd_pattern(const std::string& xsd, const std::string& type) {
  const std::string start = "<xs:simpleType name=\"" + type + "\">";
  const auto at = xsd.find(start);
  EXPECT_NE(at, std::string::npos) << type;
  const std::string marker = "<xs:pattern value=\"";
  const auto p = xsd.find(marker, at) + marker.size();
  return std::regex(xsd.substr(p, xsd.find('"', p) - p));
}

TEST(CanonicalSchema, XsdPatternsAgreeWithValidScalar) {
  const std::string xsd = canonical_xsd(models());
  const std::regex time = xsd_pattern(xsd, "time");
  for (const char* v : {"00:00", "23:59", "14:05:09"}) {
    EXPECT_TRUE(std::regex_match(v, time)) << v;
    EXPECT_TRUE(valid_scalar(FieldType::time, v)) << v;
  }
  for (const char* v : {"24:00", "12:60", "1405", "14:05:60", "14:5", "14:05:09.5", ""}) {
    EXPECT_FALSE(std::regex_match(v, time)) << v;
    EXPECT_FALSE(valid_scalar(FieldType::time, v)) << v;
  }
  const std::regex datetime = xsd_pattern(xsd, "datetime");
  for (const char* v : {"2026-11-25T14:05", "2026-11-25T14:05:09"}) {
    EXPECT_TRUE(std::regex_match(v, datetime)) << v;
    EXPECT_TRUE(valid_scalar(FieldType::datetime, v)) << v;
  }
  for (const char* v : {"2026-11-25 14:05", "2026-11-25T1405", "2026-11-25", "2026-11-25T14:05Z"}) {
    EXPECT_FALSE(std::regex_match(v, datetime)) << v;
    EXPECT_FALSE(valid_scalar(FieldType::datetime, v)) << v;
  }
  const std::regex integer = xsd_pattern(xsd, "integer");
  for (const char* v : {"0", "-12", "999999999999999999"}) {
    EXPECT_TRUE(std::regex_match(v, integer)) << v;
    EXPECT_TRUE(valid_scalar(FieldType::integer, v)) << v;
  }
  for (const char* v : {"1.0", "+1", "1e3", "1000000000000000000", ""}) {
    EXPECT_FALSE(std::regex_match(v, integer)) << v;
    EXPECT_FALSE(valid_scalar(FieldType::integer, v)) << v;
  }
}

}  // namespace
}  // namespace edigate::maps
