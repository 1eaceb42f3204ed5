// Canonical JSON: exact round trips of realistic documents, exact decimals, and readers' errors that
// name the JSON pointer of every problem.
#include "maps/canonical_common.hpp"

#include <edigate/maps/canonical.hpp>

#include <gtest/gtest.h>

#include <string>

namespace edigate::maps {
namespace {

using test::models;

std::string envelope(const std::string& model, const std::string& document) {
  return R"({"model": ")" + model + R"(", "document": )" + document + "}";
}

Document read_ok(const std::string& text) {
  auto doc = from_json(text, models(), "test.json");
  EXPECT_TRUE(doc) << (doc ? "" : doc.error().describe());
  return doc ? std::move(doc).value() : Document{};
}

std::string read_error(const std::string& text) {
  auto doc = from_json(text, models(), "test.json");
  if (doc) {
    ADD_FAILURE() << "accepted: " << text;
    return {};
  }
  EXPECT_EQ(doc.error().code, ErrorCode::invalid_document);
  return doc.error().message;
}

class CanonicalJsonFiles : public ::testing::TestWithParam<const char*> {};

TEST_P(CanonicalJsonFiles, RoundTripIsByteExact) {
  const std::string text = test::read_file(test::canonical_data / (std::string(GetParam()) + ".json"));
  ASSERT_FALSE(text.empty());
  const Document doc = read_ok(text);
  EXPECT_EQ(doc.model, GetParam());
  EXPECT_EQ(to_json(doc) + "\n", text);
  // The compact form carries the same document.
  const std::string compact = to_json(doc, false);
  EXPECT_EQ(compact.find('\n'), std::string::npos);
  const Document again = read_ok(compact);
  EXPECT_TRUE(again.root == doc.root);
  EXPECT_EQ(to_json(again), to_json(doc));
}

TEST_P(CanonicalJsonFiles, ScalarsTakeTheirKindFromTheModel) {
  const Document doc = read_ok(test::read_file(test::canonical_data / (std::string(GetParam()) + ".json")));
  const ModelDef* model = models().model(doc.model);
  ASSERT_NE(model, nullptr);
  // Walk every value with its field and compare the kind to json_scalar of the field's type.
  std::size_t values = 0;
  auto walk = [&](auto& self, const Node& node, const TypeDef& type) -> void {
    for (const auto& [name, child] : node.fields()) {
      const FieldDef* field = type.field(name);
      ASSERT_NE(field, nullptr) << name;
      const auto visit = [&](const Node& v) {
        if (field->type == FieldType::object) {
          self(self, v, *field->object);
        } else {
          ++values;
          EXPECT_EQ(v.scalar(), json_scalar(field->type)) << name << " = " << v.text();
        }
      };
      if (child.is_array()) {
        for (const Node& item : child.items()) visit(item);
      } else {
        visit(child);
      }
    }
  };
  walk(walk, doc.root, model->root);
  EXPECT_GT(values, 60U);
  EXPECT_TRUE(models().check(doc).empty());
}

INSTANTIATE_TEST_SUITE_P(Models, CanonicalJsonFiles, ::testing::ValuesIn(test::all_models));

TEST(CanonicalJson, RealisticDocumentsHoldWhatTheBriefAsks) {
  const Document order = read_ok(test::read_file(test::canonical_data / "order.json"));
  EXPECT_GE(order.root.find("lines")->items().size(), 5U);
  EXPECT_EQ(order.root.find("ship_to")->find("address")->find("lines")->items().size(), 2U);
  const Document asn = read_ok(test::read_file(test::canonical_data / "ship_notice.json"));
  const auto& orders = asn.root.find("orders")->items();
  ASSERT_EQ(orders.size(), 2U);
  std::size_t packs = 0;
  for (const Node& o : orders) {
    for (const Node& pack : o.find("packs")->items()) {
      ++packs;
      EXPECT_EQ(pack.find("sscc")->text().size(), 18U);
    }
  }
  EXPECT_EQ(packs, 3U);
  const Document invoice = read_ok(test::read_file(test::canonical_data / "invoice.json"));
  EXPECT_NE(invoice.root.find("taxes"), nullptr);
  EXPECT_NE(invoice.root.find("allowances_charges"), nullptr);
  EXPECT_EQ(invoice.root.find("seller")->find("name")->text(), "Keramik M\xC3\xBCller GmbH");
}

TEST(CanonicalJson, DecimalsKeepEveryDigit) {
  const Document doc = read_ok(envelope("order", R"({"order_number": "PO1", "lines": [
      {"quantity": "0.10", "unit_price": "12345678901234567890.123456"},
      {"quantity": 0.10, "unit_price": 12345678901234567890.123456, "amount": 100},
      {"quantity": -0.50, "amount": 18446744073709551616}]})"));
  const auto& lines = doc.root.find("lines")->items();
  EXPECT_EQ(lines[0].find("quantity")->text(), "0.10");
  EXPECT_EQ(lines[0].find("unit_price")->text(), "12345678901234567890.123456");
  // JSON numbers in decimal fields are taken from their text, never through a double.
  EXPECT_EQ(lines[1].find("quantity")->text(), "0.10");
  EXPECT_EQ(lines[1].find("unit_price")->text(), "12345678901234567890.123456");
  EXPECT_EQ(lines[1].find("amount")->text(), "100");
  EXPECT_EQ(lines[2].find("quantity")->text(), "-0.50");
  EXPECT_EQ(lines[2].find("amount")->text(), "18446744073709551616");  // past uint64
  EXPECT_EQ(lines[1].find("quantity")->scalar(), Scalar::string);
  // ... and written back as canonical strings.
  const std::string out = to_json(doc, false);
  EXPECT_NE(out.find(R"("quantity":"0.10","unit_price":"12345678901234567890.123456","amount":"100")"),
            std::string::npos)
      << out;
}

TEST(CanonicalJson, IntegersAndBooleansAreJsonTokens) {
  const Document doc = read_ok(envelope("order", R"({"order_number": "PO1", "line_count": 12})"));
  EXPECT_EQ(doc.root.find("line_count")->scalar(), Scalar::number);
  EXPECT_EQ(to_json(doc, false), R"({"model":"order","document":{"order_number":"PO1","line_count":12}})");
  EXPECT_NE(read_error(envelope("order", R"({"order_number": "PO1", "line_count": "12"})"))
                .find("/document/line_count: a JSON string where an integer belongs"),
            std::string::npos);
  EXPECT_NE(read_error(envelope("order", R"({"order_number": "PO1", "line_count": 12.0})"))
                .find("/document/line_count: 12.0 is not an integer"),
            std::string::npos);
  EXPECT_NE(read_error(envelope("order", R"({"order_number": 4500012345})"))
                .find("/document/order_number: a JSON number where a string belongs"),
            std::string::npos);
}

TEST(CanonicalJson, EnvelopeMayComeInEitherOrder) {
  const Document doc = read_ok(R"({"document": {"order_number": "PO1", "line_count": 3}, "model": "order"})");
  EXPECT_EQ(doc.model, "order");
  EXPECT_EQ(doc.root.find("line_count")->scalar(), Scalar::number);
}

TEST(CanonicalJson, WriterEscapesAndRepairsText) {
  Document doc;
  doc.model = "order";
  doc.root["order_number"] = Node::value("A\"B\\C\n\t\x01/\xC3\xA9\xE2\x82\xAC");
  doc.root["release_number"] = Node::value("bad \xFF\xC3 byte");  // not UTF-8: Latin-1 from an EDI file
  const std::string out = to_json(doc, false);
  EXPECT_NE(out.find(R"("order_number":"A\"B\\C\n\t\u0001/é€")"), std::string::npos) << out;
  EXPECT_NE(out.find("\"release_number\":\"bad \xEF\xBF\xBD\xEF\xBF\xBD byte\""), std::string::npos) << out;
  // What was written is JSON again, and the valid text survives a read.
  const Document back = read_ok(out);
  EXPECT_EQ(back.root.find("order_number")->text(), doc.root.find("order_number")->text());
}

TEST(CanonicalJson, UnknownField) {
  const std::string message =
      read_error(envelope("order", R"({"order_number": "PO1", "lines": [{"quantity": "1"}, {"colour": "red"}]})"));
  EXPECT_EQ(message, "/document/lines/1/colour: unknown field (order_line has no field colour)");
}

TEST(CanonicalJson, BadDate) {
  EXPECT_EQ(read_error(envelope("order", R"({"order_number": "PO1", "order_date": "2026-13-01"})")),
            "/document/order_date: \"2026-13-01\" is not a valid date (expected YYYY-MM-DD)");
}

TEST(CanonicalJson, ExponentIsRejectedWithTheWrittenOutValue) {
  const std::string message = read_error(
      envelope("order", R"({"order_number": "PO1", "lines": [{"quantity": 1}, {"quantity": 1}, {"quantity": 1e5}]})"));
  EXPECT_EQ(message, "/document/lines/2/quantity: 1e5 has an exponent: a canonical decimal is written out, \"100000\"");
  EXPECT_NE(read_error(envelope("invoice", R"({"invoice_number": "I1", "totals": {"tax_total": 1.25E-2}})"))
                .find("\"0.0125\""),
            std::string::npos);
}

TEST(CanonicalJson, NonCanonicalDecimalText) {
  EXPECT_EQ(read_error(envelope("order", R"({"order_number": "PO1", "total_amount": "7."})")),
            "/document/total_amount: \"7.\" is not a canonical decimal (digits, a point and digits: 12.50, -3, 0.5)");
  EXPECT_NE(read_error(envelope("order", R"({"order_number": "PO1", "total_amount": "1,234.50"})"))
                .find("/document/total_amount"),
            std::string::npos);
}

TEST(CanonicalJson, ArrayWhereAnObjectBelongs) {
  EXPECT_EQ(read_error(envelope("order", R"({"order_number": "PO1", "buyer": [{"name": "ACME"}]})")),
            "/document/buyer: an array where an object (party) belongs");
  EXPECT_EQ(read_error(envelope("order", R"({"order_number": "PO1", "lines": {"quantity": "1"}})")),
            "/document/lines: an object where a list belongs: write a JSON array");
}

TEST(CanonicalJson, MalformedJsonNamesWhereItStopped) {
  auto doc = from_json(envelope("order", R"({"order_number": "PO1", "lines": [{"quantity": "1",}]})"), models(),
                       "bad.json");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::invalid_document);
  EXPECT_EQ(doc.error().where.file, "bad.json");
  EXPECT_NE(doc.error().message.find("/document/lines/0/quantity: malformed JSON"), std::string::npos)
      << doc.error().message;
  EXPECT_GT(doc.error().where.offset, 60U);
  EXPECT_NE(read_error("").find("malformed JSON"), std::string::npos);
  EXPECT_NE(read_error(R"({"model": "order", "document": {"order_number": "PO1"}} trailing)").find("malformed JSON"),
            std::string::npos);
  EXPECT_NE(read_error("{\"model\": \"order\", \"document\": {\"order_number\": \"\xC3\x28\"}}").find("malformed JSON"),
            std::string::npos);
}

TEST(CanonicalJson, EveryProblemInOneError) {
  const std::string message = read_error(envelope("order", R"({
      "order_date": "2026-02-30", "currency": null, "purpose": "",
      "buyer": {}, "notes": [], "lines": [{"quantity": "x"}, 5, {"unit_price": true}],
      "order_number": "PO1", "order_number": "PO2", "line_count": 1.5})"));
  // In the model's order of fields, whatever order the JSON has them in.
  std::size_t last = 0;
  for (const char* expected : {
           "10 problems in the order: ",
           "/document/order_number: the field appears twice in the object",
           "/document/purpose: an empty string: leave the field out",
           "/document/order_date: \"2026-02-30\" is not a valid date",
           "/document/currency: null: leave the field out",
           "/document/buyer: an empty object: leave the field out",
           "/document/notes: an empty array: leave the field out",
           "/document/lines/0/quantity: \"x\" is not a canonical decimal",
           "/document/lines/1: a number where an object (order_line) belongs",
           "/document/lines/2/unit_price: a JSON boolean where a decimal belongs",
           "/document/line_count: 1.5 is not an integer",
       }) {
    const std::size_t at = message.find(expected);
    ASSERT_NE(at, std::string::npos) << expected << "\n in: " << message;
    EXPECT_GE(at, last) << expected << "\n in: " << message;
    last = at;
  }
}

TEST(CanonicalJson, MissingRequiredField) {
  EXPECT_EQ(read_error(envelope("invoice", R"({"invoice_date": "2026-11-27"})")),
            "/document/invoice_number: required field is missing");
}

TEST(CanonicalJson, Envelope) {
  EXPECT_EQ(read_error(R"({"model": "purchase_order", "document": {}})"),
            "/model: unknown model \"purchase_order\" (known: order, order_response, ship_notice, invoice)");
  EXPECT_EQ(read_error(R"({"model": "order"})"), "/document: missing");
  EXPECT_EQ(read_error(R"([{"model": "order"}])"),
            "the JSON text: a canonical JSON document is an object {\"model\": ..., \"document\": {...}}");
  EXPECT_NE(read_error(R"({"model": "order", "document": {"order_number": "1"}, "version": 2})")
                .find("/version: unknown field"),
            std::string::npos);
}

TEST(CanonicalJson, NestingIsCapped) {
  std::string deep = R"({"model": "order", "document": {"order_number": "1", "notes": )";
  for (int i = 0; i < 70; ++i) deep += '[';
  for (int i = 0; i < 70; ++i) deep += ']';
  deep += "}}";
  EXPECT_NE(read_error(deep).find("nested deeper than 64 levels"), std::string::npos);
}

TEST(CanonicalJson, PointerEscapesStrangeFieldNames) {
  EXPECT_EQ(read_error(envelope("order", R"({"order_number": "1", "a/b~c": "x"})")),
            "/document/a~1b~0c: unknown field (order has no field a/b~c)");
}

}  // namespace
}  // namespace edigate::maps
