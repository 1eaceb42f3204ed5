#include <edigate/maps/model.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edigate::maps {
namespace {

namespace fs = std::filesystem;

const fs::path models_dir = fs::path(EDIGATE_TEST_DATA).parent_path().parent_path() / "maps" / "models";

const ModelSet& shipped() {
  static const ModelSet set = [] {
    auto loaded = ModelSet::load(models_dir / "canonical.xml");
    if (!loaded) throw std::runtime_error(loaded.error().describe());
    return std::move(*loaded);
  }();
  return set;
}

TEST(Models, ShippedModelsLoadWithTheirKeys) {
  const auto names = shipped().model_names();
  EXPECT_EQ(names, (std::vector<std::string>{"order", "order_response", "ship_notice", "invoice"}));
  const ModelDef* asn = shipped().model("ship_notice");
  ASSERT_NE(asn, nullptr);
  ASSERT_EQ(asn->keys.size(), 2u);
  EXPECT_EQ(asn->keys[1].path, "orders.order_number");
  // Lines inherit the item numbers.
  const FieldDef* gtin = shipped().resolve(shipped().model("order")->root, "lines.gtin");
  ASSERT_NE(gtin, nullptr);
  EXPECT_EQ(gtin->type, FieldType::string);
  EXPECT_EQ(shipped().resolve(shipped().model("order")->root, "ship_to.address.lines[1]")->type, FieldType::string);
  EXPECT_EQ(shipped().resolve(shipped().model("order")->root, "ship_to.nowhere"), nullptr);
}

TEST(Models, CheckReportsEveryProblemWithItsPath) {
  Document doc{"order", Node::object()};
  doc.root["order_date"] = Node::value("2026-02-30");
  doc.root["colour"] = Node::value("red");
  Node& line = doc.root["lines"].append(Node::object());
  line["quantity"] = Node::value("1e3");
  doc.root["ship_to"] = Node::value("not an object");
  const auto problems = shipped().check(doc);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].path, "order_date");
  EXPECT_EQ(problems[1].path, "colour");
  EXPECT_EQ(problems[2].path, "lines[0].quantity");
  EXPECT_EQ(problems[3].path, "ship_to");
  EXPECT_EQ(problems[4].path, "order_number");
  EXPECT_EQ(problems[4].message, "required field is missing");
}

TEST(Models, KeysCollectEveryValueOnce) {
  Document doc{"ship_notice", Node::object()};
  doc.root["shipment_id"] = Node::value("SH-1");
  for (const char* po : {"4500000001", "4500000002", "4500000001"}) {
    doc.root["orders"].append(Node::object())["order_number"] = Node::value(po);
  }
  const auto keys = shipped().keys(doc);
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0], (std::pair<std::string, std::string>{"shipment", "SH-1"}));
  EXPECT_EQ(keys[2], (std::pair<std::string, std::string>{"po", "4500000002"}));
}

TEST(Models, ABrokenModelFileNamesTheLine) {
  const fs::path dir = fs::temp_directory_path() / ("edigate-model-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(models_dir / "model.xsd", dir / "model.xsd", fs::copy_options::overwrite_existing);
  std::ofstream(dir / "canonical.xml") << "<models xmlns=\"urn:edigate:model:1\" version=\"1\">\n"
                                          "  <model name=\"order\" title=\"Order\">\n"
                                          "    <field name=\"buyer\" type=\"partee\"/>\n"
                                          "  </model>\n</models>\n";
  auto loaded = ModelSet::load(dir / "canonical.xml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::invalid_model);
  EXPECT_EQ(loaded.error().where.line, 3u);
  EXPECT_NE(loaded.error().message.find("unknown type partee"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Models, ScalarForms) {
  EXPECT_TRUE(valid_scalar(FieldType::date, "2024-02-29"));
  EXPECT_FALSE(valid_scalar(FieldType::date, "2023-02-29"));
  EXPECT_TRUE(valid_scalar(FieldType::time, "23:59:59"));
  EXPECT_FALSE(valid_scalar(FieldType::time, "24:00"));
  EXPECT_TRUE(valid_scalar(FieldType::datetime, "2026-11-25T14:05"));
  EXPECT_FALSE(valid_scalar(FieldType::decimal, "+1"));
  EXPECT_TRUE(valid_scalar(FieldType::integer, "-12"));
  EXPECT_FALSE(valid_scalar(FieldType::boolean, "yes"));
}

}  // namespace
}  // namespace edigate::maps
