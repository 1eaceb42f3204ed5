// Canonical XML: exact round trips, the JSON <-> XML crossing, model order, and errors that name the
// XPath of every problem, including those the XSD finds first.
#include "maps/canonical_common.hpp"

#include <edigate/maps/canonical.hpp>

#include <gtest/gtest.h>

#include <string>

namespace edigate::maps {
namespace {

using test::models;

std::string xml_doc(const std::string& model, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + model + " xmlns=\"urn:edigate:canonical:1\">" + body +
         "</" + model + ">\n";
}

Document read_ok(const std::string& text) {
  auto doc = from_xml(text, models(), "test.xml");
  EXPECT_TRUE(doc) << (doc ? "" : doc.error().describe());
  return doc ? std::move(doc).value() : Document{};
}

Error read_error(const std::string& text) {
  auto doc = from_xml(text, models(), "test.xml");
  if (doc) {
    ADD_FAILURE() << "accepted: " << text;
    return {};
  }
  EXPECT_EQ(doc.error().code, ErrorCode::invalid_document) << doc.error().describe();
  return doc.error();
}

class CanonicalXmlFiles : public ::testing::TestWithParam<const char*> {};

// The XML files are what to_xml writes for the JSON files beside them: from_json -> to_xml.
TEST_P(CanonicalXmlFiles, JsonToXmlGivesTheCheckedInFile) {
  const std::string base = GetParam();
  auto json_doc = from_json(test::read_file(test::canonical_data / (base + ".json")), models(), base + ".json");
  ASSERT_TRUE(json_doc) << json_doc.error().describe();
  const std::string xml = to_xml(*json_doc, models()) + "\n";
  const auto file = test::canonical_data / (base + ".xml");
  if (test::update_golden()) test::write_file(file, xml);
  EXPECT_EQ(xml, test::read_file(file)) << "EDIGATE_UPDATE_GOLDEN=1 rewrites " << file;
}

TEST_P(CanonicalXmlFiles, RoundTripIsByteExact) {
  const std::string base = GetParam();
  const std::string text = test::read_file(test::canonical_data / (base + ".xml"));
  ASSERT_FALSE(text.empty());
  const Document doc = read_ok(text);
  EXPECT_EQ(doc.model, base);
  EXPECT_EQ(to_xml(doc, models()) + "\n", text);
}

TEST_P(CanonicalXmlFiles, XmlAndJsonReadToTheSameDocument) {
  const std::string base = GetParam();
  auto from_j = from_json(test::read_file(test::canonical_data / (base + ".json")), models(), base + ".json");
  ASSERT_TRUE(from_j) << from_j.error().describe();
  const Document from_x = read_ok(to_xml(*from_j, models()));
  EXPECT_EQ(from_x.model, from_j->model);
  EXPECT_TRUE(from_x.root == from_j->root);
  // and back: the JSON written from the XML is the JSON file.
  EXPECT_EQ(to_json(from_x) + "\n", test::read_file(test::canonical_data / (base + ".json")));
}

INSTANTIATE_TEST_SUITE_P(Models, CanonicalXmlFiles, ::testing::ValuesIn(test::all_models));

TEST(CanonicalXml, FieldsComeOutInModelOrder) {
  // A map fills fields in the order its template meets them, not the model's.
  Document doc;
  doc.model = "order";
  doc.root["lines"].append()["quantity"] = Node::value("2");
  doc.root["lines"].items()[0]["line_number"] = Node::value("1");
  doc.root["order_date"] = Node::value("2026-11-20");
  doc.root["order_number"] = Node::value("PO1");
  const std::string xml = to_xml(doc, models());
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<order xmlns=\"urn:edigate:canonical:1\">\n"
            "  <order_number>PO1</order_number>\n"
            "  <order_date>2026-11-20</order_date>\n"
            "  <lines>\n"
            "    <line_number>1</line_number>\n"
            "    <quantity>2</quantity>\n"
            "  </lines>\n"
            "</order>");
  const Document back = read_ok(xml);
  EXPECT_EQ(back.root.fields().front().first, "order_number");
  EXPECT_EQ(back.root.find("lines")->items()[0].find("quantity")->text(), "2");
}

TEST(CanonicalXml, TextIsEscapedExactly) {
  Document doc;
  doc.model = "order";
  doc.root["order_number"] = Node::value("A&B <C> \"D\" 'E'");
  doc.root["notes"].append()["text"] = Node::value("line one\r\nline two\ttab  double  spaces ");
  doc.root["release_number"] = Node::value("ctl\x01 \xFF");
  const std::string xml = to_xml(doc, models());
  EXPECT_NE(xml.find("<order_number>A&amp;B &lt;C&gt; \"D\" 'E'</order_number>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<release_number>ctl\xEF\xBF\xBD \xEF\xBF\xBD</release_number>"), std::string::npos) << xml;
  const Document back = read_ok(xml);
  EXPECT_EQ(back.root.find("order_number")->text(), "A&B <C> \"D\" 'E'");
  EXPECT_EQ(back.root.find("notes")->items()[0].find("text")->text(), "line one\r\nline two\ttab  double  spaces ");
}

TEST(CanonicalXml, ExactDecimals) {
  const Document doc = read_ok(xml_doc(
      "order", "<order_number>PO1</order_number><lines><quantity>0.10</quantity>"
               "<unit_price>12345678901234567890.123456</unit_price></lines>"));
  const Node& line = doc.root.find("lines")->items()[0];
  EXPECT_EQ(line.find("quantity")->text(), "0.10");
  EXPECT_EQ(line.find("unit_price")->text(), "12345678901234567890.123456");
  EXPECT_NE(to_json(doc, false).find(R"("quantity":"0.10","unit_price":"12345678901234567890.123456")"),
            std::string::npos);
}

TEST(CanonicalXml, BadDateNamesItsPathAndLine) {
  const Error e = read_error(xml_doc("order", "\n<order_number>PO1</order_number>\n<order_date>2026-13-01</order_date>\n"));
  EXPECT_EQ(e.message, "/order/order_date: \"2026-13-01\" is not a valid date (expected YYYY-MM-DD)");
  EXPECT_EQ(e.where.line, 4U);
  EXPECT_EQ(e.where.file, "test.xml");
}

TEST(CanonicalXml, UnknownElement) {
  const Error e = read_error(xml_doc(
      "order", "<order_number>PO1</order_number><lines><quantity>1</quantity></lines>"
               "<lines><quantity>2</quantity><colour>red</colour></lines>"));
  EXPECT_EQ(e.message, "/order/lines[2]/colour: unknown element (order_line has no field colour)");
}

TEST(CanonicalXml, OrderRepeatsAndEmpties) {
  const Error e = read_error(xml_doc(
      "invoice", "<invoice_date>2026-11-27</invoice_date><invoice_number>I1</invoice_number>"
                 "<currency>EUR</currency><currency>USD</currency><seller/>"
                 "<lines><quantity>1e5</quantity></lines><lines><unit_price><x/></unit_price></lines>"));
  for (const char* expected : {
           "5 problems in the invoice: ",
           "/invoice/invoice_number: out of order: invoice_number comes before invoice_date",
           "/invoice/currency[2]: currency holds one value; the element appears again",
           "/invoice/seller: an empty element: leave the field out",
           "/invoice/lines[1]/quantity: \"1e5\" is not a canonical decimal",
           "/invoice/lines[2]/unit_price: elements where a decimal value belongs",
       }) {
    EXPECT_NE(e.message.find(expected), std::string::npos) << expected << "\n in: " << e.message;
  }
}

TEST(CanonicalXml, WhatOnlyTheXsdSeesStillNamesAPath) {
  // Right names, wrong namespace: only the XSD knows.
  const Error e = read_error(
      "<order xmlns=\"urn:example:other\"><order_number>PO1</order_number></order>");
  EXPECT_EQ(e.message.rfind("/order: ", 0), 0U) << e.message;
  EXPECT_GT(e.where.line, 0U);
  // An attribute canonical XML does not have.
  const Error a = read_error(xml_doc("order", "<order_number>PO1</order_number><lines><quantity unit=\"EA\">1</quantity></lines>"));
  EXPECT_EQ(a.message.rfind("/order/lines/quantity: ", 0), 0U) << a.message;
}

TEST(CanonicalXml, MissingRequiredField) {
  const Error e = read_error(xml_doc("ship_notice", "<ship_date>2026-12-01</ship_date>"));
  EXPECT_EQ(e.message, "/ship_notice/shipment_id: required field is missing");
}

TEST(CanonicalXml, UnknownRootAndMalformedXml) {
  EXPECT_NE(read_error(xml_doc("purchase_order", "<order_number>1</order_number>")).message.find("purchase_order"),
            std::string::npos);
  const Error bad = read_error(xml_doc("order", "<order_number>PO1</order_numbr>"));
  EXPECT_GT(bad.where.line, 0U);
  EXPECT_GT(bad.where.column, 0U);
}

TEST(CanonicalXml, NoDoctype) {
  const Error e = read_error(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE order [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n"
      "<order xmlns=\"urn:edigate:canonical:1\"><order_number>&x;</order_number></order>");
  EXPECT_EQ(e.message, "canonical XML has no DOCTYPE");
  // Nor can one come in an encoding where "<!DOCTYPE" has other bytes.
  const std::string utf16("\xFF\xFE<\0o\0", 6);
  EXPECT_EQ(read_error(utf16).message, "canonical XML is UTF-8 text starting with '<'");
  EXPECT_EQ(read_error("<?xml version=\"1.0\" encoding=\"UTF-16\"?><order/>").message,
            "canonical XML is UTF-8, not utf-16");
  EXPECT_EQ(read_error("\x4C\x6F\xA7\x94").message, "canonical XML is UTF-8 text starting with '<'");  // EBCDIC "<?xm"
  // A UTF-8 declaration and byte order mark are fine.
  read_ok("\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?><order xmlns=\"urn:edigate:canonical:1\"><order_number>1</order_number></order>");
}

TEST(CanonicalXml, NestingIsCappedBeforeAnyTreeIsBuilt) {
  const auto nested = [](int n) {
    std::string x = "<order xmlns=\"urn:edigate:canonical:1\"><order_number>1</order_number>";
    for (int i = 0; i < n; ++i) x += "<notes a=\"/>\"><!-- <x> --><![CDATA[<y>]]>";
    for (int i = 0; i < n; ++i) x += "</notes>";
    return x + "</order>";
  };
  EXPECT_EQ(read_error(nested(200000)).message, "XML nested deeper than 64 elements");
  // 63 levels below the root are still read (and then found to break the model).
  EXPECT_NE(read_error(nested(63)).message.find("/order/notes[1]/notes: unknown element"), std::string::npos);
}

TEST(CanonicalXml, XsdIsFoundBesideTheModelFile) {
  EXPECT_EQ(canonical_xsd_path(models()).filename(), "canonical.xsd");
  EXPECT_TRUE(std::filesystem::is_regular_file(canonical_xsd_path(models())));
}

}  // namespace
}  // namespace edigate::maps
