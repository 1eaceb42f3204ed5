// The map engine's rules, each shown on a small map written here: placement of qualified and
// generic segments, loops, skipped segments, HL hierarchies, pairs, computed values, overlays,
// compile errors and mapping errors with their places, and the JSON/XML/CSV formats.
#include <edigate/edi/reader.hpp>
#include <edigate/maps/map.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edigate::maps {
namespace {

namespace fs = std::filesystem;

const fs::path maps_root = fs::path(EDIGATE_TEST_DATA).parent_path().parent_path() / "maps";

class Engine : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("edigate-engine-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "codes");
    fs::copy_file(maps_root / "definitions" / "map.xsd", dir_ / "map.xsd", fs::copy_options::overwrite_existing);
    auto models = ModelSet::load(maps_root / "models" / "canonical.xml");
    ASSERT_TRUE(models) << models.error().describe();
    models_ = std::make_shared<const ModelSet>(std::move(*models));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void file(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }

  Result<MapLibrary> library() { return MapLibrary::load(dir_, models_); }

  static std::string map(const std::string& attrs, const std::string& body) {
    return "<map xmlns=\"urn:edigate:map:1\" " + attrs + ">\n" + body + "\n</map>\n";
  }

  // Maps the first transaction set of `edi` with map `name`.
  Result<Document> in(const std::string& name, const std::string& edi, MapStats* stats = nullptr) {
    auto lib = library();
    if (!lib) return std::move(lib).error();
    auto m = lib->by_name(name);
    if (!m) return std::move(m).error();
    parsed_ = edi::parse(edi, "test.edi");
    const auto& set = parsed_.interchanges.at(0).groups.at(0).sets.at(0);
    return edi_to_canonical(**m, set.segments, EdiPlace{"test.edi", 1, "0001", {}}, stats);
  }

  Result<std::string> out(const std::string& name, const Document& doc, const edi::Delimiters& d = edi::Delimiters::x12()) {
    auto lib = library();
    if (!lib) return std::move(lib).error();
    auto m = lib->by_name(name);
    if (!m) return std::move(m).error();
    auto segments = canonical_to_edi(**m, doc);
    if (!segments) return std::move(segments).error();
    std::string text;
    for (const auto& s : *segments) {
      auto line = edi::format_segment(s, d);
      if (!line) return std::move(line).error();
      text += *line + "\n";
    }
    return text;
  }

  static std::string x12(const std::string& body) {
    return "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261125*1200*U*00401*000000001*0*P*>~"
           "GS*PO*SENDER*RECEIVER*20261125*1200*1*X*004010~ST*850*0001~" + body + "SE*2*0001~GE*1*1~IEA*1*000000001~";
  }

  fs::path dir_;
  std::shared_ptr<const ModelSet> models_;
  edi::ParsedDocument parsed_;
};

const char* order_map_body = R"M(
  <codes name="unit" other="keep"><code edi="CA" value="CS"/></codes>
  <codes name="ref"><code edi="CT" value="contract"/><code edi="ZZ" value="other"/></codes>
  <define name="party">
    <segment tag="N1"><element pos="2" bind="name"/></segment>
    <segment tag="N3"><element pos="1" bind="address.lines[0]"/></segment>
  </define>
  <segment tag="BEG" min="1" id="beg">
    <element pos="3" bind="order_number" required="true" id="po"/>
    <element pos="5" bind="order_date" convert="date"/>
  </segment>
  <segment tag="REF" when="1=DP"><element pos="2" bind="references[0].value"/></segment>
  <segment tag="REF" each="references" id="refs"><element pos="1" bind="type" codes="ref"/><element pos="2" bind="value"/></segment>
  <loop tag="N1" when="1=ST" bind="ship_to" use="party"/>
  <loop tag="N1" when="1=BT" bind="bill_to" use="party"/>
  <loop tag="PO1" each="lines" id="lines">
    <segment tag="PO1">
      <element pos="1" bind="line_number"/>
      <element pos="2" bind="quantity" convert="decimal"/>
      <element pos="3" bind="unit" codes="unit"/>
      <pairs from="6" count="5" id="ids">
        <pair qualifier="UP" bind="upc" id="upc"/>
        <pair qualifier="VN|VP" bind="vendor_item"/>
      </pairs>
    </segment>
    <segment tag="PID" when="1=F"><element pos="5" bind="description"/></segment>
    <skip tags="PO4 REF"/>
  </loop>
  <segment tag="CTT"><element pos="1" compute="count(lines)"/><element pos="2" compute="sum(lines.quantity)"/></segment>
)M";

TEST_F(Engine, QualifiedSegmentsWinOverGenericOnesWhereverTheyStand) {
  file("order.xml", map("name=\"o\" model=\"order\" standard=\"x12\" set=\"850\" versions=\"004010\"", order_map_body));
  auto doc = in("o", x12("BEG*00*SA*PO-1**20261125~REF*CT*C-9~REF*DP*042~"));
  ASSERT_TRUE(doc) << doc.error().describe();
  const Node& refs = *doc->root.find("references");
  ASSERT_EQ(refs.items().size(), 1u);  // REF*DP wrote references[0].value over the contract's
  EXPECT_EQ(refs.items()[0].find("type")->text(), "contract");
  EXPECT_EQ(refs.items()[0].find("value")->text(), "042");
}

TEST_F(Engine, LoopsRepeatAndSkippedSegmentsDoNotLeaveTheirLoop) {
  file("order.xml", map("name=\"o\" model=\"order\" standard=\"x12\" set=\"850\" versions=\"004010\"", order_map_body));
  MapStats stats;
  auto doc = in("o",
                x12("BEG*00*SA*PO-1**20261125~N1*ST*DC 4~N3*1 WAY~N1*BT*HQ~N1*ZZ*NOBODY~"
                    "PO1*1*48*CA***UP*614141001019*VP*AC-1~PO4*12~REF*ZZ*LINE~PID*F****BOTTLE~"
                    "PO1*2*1.50*EA***VN*AC-2~CTT*2*49.5~"),
                &stats);
  ASSERT_TRUE(doc) << doc.error().describe();
  EXPECT_EQ(doc->root.find("ship_to")->find("address")->find("lines")->items()[0].text(), "1 WAY");
  EXPECT_EQ(doc->root.find("bill_to")->find("name")->text(), "HQ");
  const auto& lines = doc->root.find("lines")->items();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].find("unit")->text(), "CS");
  EXPECT_EQ(lines[0].find("vendor_item")->text(), "AC-1");
  EXPECT_EQ(lines[0].find("description")->text(), "BOTTLE");  // PO4 and REF did not end the line
  EXPECT_EQ(lines[1].find("quantity")->text(), "1.50");
  EXPECT_EQ(lines[1].find("unit")->text(), "EA");             // other="keep"
  EXPECT_EQ(doc->root.find("references"), nullptr);           // the line's REF was skipped
  EXPECT_EQ(stats.unmapped, 3u);                              // N1*ZZ, and PO4 and REF skipped
}

TEST_F(Engine, OutWritesQualifiersConstantsPairsAndComputedValues) {
  file("order.xml", map("name=\"o\" model=\"order\" standard=\"x12\" set=\"850\" versions=\"004010\"", order_map_body));
  Document doc{"order", Node::object()};
  doc.root["order_number"] = Node::value("PO-1");
  doc.root["order_date"] = Node::value("2026-11-25");
  doc.root["ship_to"]["name"] = Node::value("DC 4");
  for (const char* q : {"48", "1.50"}) {
    Node& line = doc.root["lines"].append(Node::object());
    line["quantity"] = Node::value(q);
    line["vendor_item"] = Node::value("AC");
  }
  doc.root["lines"].items()[0]["unit"] = Node::value("CS");
  doc.root["lines"].items()[0]["upc"] = Node::value("614141001019");
  auto text = out("o", doc);
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(*text,
            "BEG***PO-1**20261125\n"
            "N1*ST*DC 4\n"
            "PO1**48*CA***UP*614141001019*VN*AC\n"
            "PO1**1.50****VN*AC\n"
            "CTT*2*49.50\n");
}

TEST_F(Engine, HierarchicalLoopsNestByLevelAndNumberThemselvesOut) {
  file("asn.xml", map("name=\"asn\" model=\"ship_notice\" standard=\"x12\" set=\"856\" versions=\"004010\"", R"M(
  <segment tag="BSN"><element pos="2" bind="shipment_id"/></segment>
  <loop tag="HL" when="3=S" hierarchical="true">
    <segment tag="HL"><element pos="1" compute="hl-id"/><element pos="2" compute="hl-parent"/><element pos="4" compute="hl-children"/></segment>
    <loop tag="HL" when="3=O" each="orders" hierarchical="true">
      <segment tag="HL"><element pos="1" compute="hl-id"/><element pos="2" compute="hl-parent"/><element pos="4" compute="hl-children"/></segment>
      <segment tag="PRF"><element pos="1" bind="order_number"/></segment>
      <loop tag="HL" when="3=P" each="packs" hierarchical="true">
        <segment tag="HL"><element pos="1" compute="hl-id"/><element pos="2" compute="hl-parent"/><element pos="4" compute="hl-children"/></segment>
        <segment tag="MAN" when="1=GM"><element pos="2" bind="sscc"/></segment>
        <loop tag="HL" when="3=I" each="items" hierarchical="true">
          <segment tag="HL"><element pos="1" compute="hl-id"/><element pos="2" compute="hl-parent"/><element pos="4" compute="hl-children"/></segment>
          <segment tag="LIN"><element pos="3" bind="upc"/></segment>
        </loop>
      </loop>
    </loop>
  </loop>)M"));
  const std::string edi = x12("BSN*00*SH-1~HL*1**S~HL*2*1*O~PRF*PO-1~HL*3*2*P~MAN*GM*00000000000000000017~"
                              "HL*4*3*I~LIN**UP*111~HL*5*3*I~LIN**UP*222~HL*6*2*P~MAN*GM*00000000000000000024~"
                              "HL*7*6*I~LIN**UP*333~HL*8*1*O~PRF*PO-2~");
  auto doc = in("asn", edi);
  ASSERT_TRUE(doc) << doc.error().describe();
  const auto& orders = doc->root.find("orders")->items();
  ASSERT_EQ(orders.size(), 2u);
  ASSERT_EQ(orders[0].find("packs")->items().size(), 2u);
  EXPECT_EQ(orders[0].find("packs")->items()[0].find("items")->items().size(), 2u);
  EXPECT_EQ(orders[0].find("packs")->items()[1].find("items")->items()[0].find("upc")->text(), "333");
  EXPECT_EQ(orders[1].find("order_number")->text(), "PO-2");

  auto text = out("asn", *doc);
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(*text,
            "BSN**SH-1\nHL*1**S*1\nHL*2*1*O*1\nPRF*PO-1\nHL*3*2*P*1\nMAN*GM*00000000000000000017\n"
            "HL*4*3*I*0\nLIN***111\nHL*5*3*I*0\nLIN***222\nHL*6*2*P*1\nMAN*GM*00000000000000000024\n"
            "HL*7*6*I*0\nLIN***333\nHL*8*1*O*0\nPRF*PO-2\n");
}

TEST_F(Engine, DroppedCodesTakeTheirEntryWithThemAndQualifiersGoWithTheirValues) {
  file("order.xml", map("name=\"o\" model=\"order\" standard=\"x12\" set=\"850\" versions=\"004010\"", R"M(
  <codes name="ref" other="drop"><code edi="CT" value="contract"/></codes>
  <segment tag="BEG" min="1"><element pos="3" bind="order_number"/></segment>
  <segment tag="REF" each="references"><element pos="1" bind="type" codes="ref"/><element pos="2" bind="value"/></segment>
  <segment tag="TD5" bind="carrier">
    <element pos="2" value="2" with="3"/>
    <element pos="3" bind="scac"/>
    <element pos="5" bind="routing"/>
  </segment>
  <segment tag="DTM" when="1=011" direction="in"><element pos="2" bind="requested_ship_date" convert="date"/></segment>)M"));
  auto doc = in("o", x12("BEG*00*SA*PO-1~REF*XX*1~REF*CT*C-9~TD5**2*FDEG**GROUND~DTM*011*20261201~"));
  ASSERT_TRUE(doc) << doc.error().describe();
  const auto& refs = doc->root.find("references")->items();
  ASSERT_EQ(refs.size(), 1u);  // REF*XX has no canonical type: the whole reference is left out
  EXPECT_EQ(refs[0].find("value")->text(), "C-9");
  EXPECT_EQ(doc->root.find("requested_ship_date")->text(), "2026-12-01");  // read ...

  Node& extra = doc->root["references"].append(Node::object());
  extra["type"] = Node::value("promotion");  // no X12 code in this table: not written at all
  extra["value"] = Node::value("P-1");
  doc->root["carrier"].erase("scac");
  auto text = out("o", *doc);
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(*text, "BEG***PO-1\nREF*CT*C-9\nTD5*****GROUND\n");  // ... never written; no TD502 without TD503
}

TEST_F(Engine, MappingErrorsNameTheRuleAndTheInputPlace) {
  file("order.xml", map("name=\"o\" model=\"order\" standard=\"x12\" set=\"850\" versions=\"004010\"", order_map_body));
  auto bad_date = in("o", x12("BEG*00*SA*PO-1**20261350~"));
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().code, ErrorCode::mapping_failed);
  EXPECT_EQ(bad_date.error().where.tag, "BEG");
  EXPECT_EQ(bad_date.error().where.element, 5);
  EXPECT_EQ(bad_date.error().where.set_segment, 2u);
  EXPECT_NE(bad_date.error().message.find("map o rule BEG/05 (") , std::string::npos) << bad_date.error().message;
  EXPECT_NE(bad_date.error().message.find("order.xml:"), std::string::npos);
  EXPECT_NE(bad_date.error().message.find("\"20261350\" is not a calendar date"), std::string::npos);

  auto bad_code = in("o", x12("BEG*00*SA*PO-1~REF*XX*1~"));
  ASSERT_FALSE(bad_code);
  EXPECT_NE(bad_code.error().message.find("code \"XX\" is not in code table ref"), std::string::npos) << bad_code.error().message;

  auto missing = in("o", x12("BEG*00*SA~"));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("BEG/03"), std::string::npos);
  EXPECT_NE(missing.error().message.find("required value is missing"), std::string::npos);

  Document doc{"order", Node::object()};
  auto out_missing = out("o", doc);
  ASSERT_FALSE(out_missing);
  EXPECT_NE(out_missing.error().message.find("<- order_number: required value is missing"), std::string::npos)
      << out_missing.error().message;
}

TEST_F(Engine, CompileErrorsNameTheMapFileAndLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"<segment tag=\"BEG\">\n<element pos=\"3\" bind=\"order_numbr\"/></segment>", "no such field"},
      {"<segment tag=\"BEG\">\n<element pos=\"3\" bind=\"order_number\" codes=\"nope\"/></segment>", "no such code table"},
      {"<segment tag=\"REF\"\n each=\"ship_to\"/>", "is not a list of objects"},
      {"<loop tag=\"N1\"\n use=\"party\"/>", "no such define"},
      {"<segment tag=\"BEG\">\n<element pos=\"3\" bind=\"lines\"/></segment>", "is an object"},
      {"<segment tag=\"BEG\">\n<element pos=\"3\" bind=\"order_number\" convert=\"roman\"/></segment>", "unknown conversion"},
      {"<segment tag=\"CTT\">\n<element pos=\"1\" compute=\"sum(lines.description)\"/></segment>", "sum() needs a number"},
  };
  for (const auto& [body, expected] : cases) {
    file("bad.xml", map("name=\"bad\" model=\"order\" standard=\"x12\" set=\"850\" versions=\"004010\"", body));
    auto lib = library();
    ASSERT_TRUE(lib);
    auto m = lib->by_name("bad");
    ASSERT_FALSE(m) << body;
    EXPECT_EQ(m.error().code, ErrorCode::invalid_map);
    EXPECT_EQ(m.error().where.line, 3u) << body;
    EXPECT_NE(m.error().message.find(expected), std::string::npos) << m.error().message;
  }
  file("bad.xml", "<map xmlns=\"urn:edigate:map:1\" name=\"bad\" model=\"order\"><segment/></map>");
  auto lib = library();
  ASSERT_FALSE(lib);  // breaks map.xsd: found when the library is loaded
  EXPECT_EQ(lib.error().code, ErrorCode::invalid_map);
}

TEST_F(Engine, OverlaysChangeABaseMapForOnePartner) {
  file("order.xml", map("name=\"o\" model=\"order\" standard=\"x12\" set=\"850\" versions=\"004010\"", order_map_body));
  fs::create_directories(dir_ / "overlays");
  file("overlays/acme.xml", R"M(<overlay xmlns="urn:edigate:map:1" name="acme" base="o">
  <remove ref="po"/>
  <insert after="beg"><segment tag="REF" when="1=PO"><element pos="2" bind="order_number" required="true"/></segment></insert>
  <replace ref="upc"><pair qualifier="EN" bind="gtin"/></replace>
  <codes name="ref"><code edi="ZZ" value="promotion"/></codes>
</overlay>)M");
  auto lib = library();
  ASSERT_TRUE(lib);
  auto m = lib->with_overlay(dir_ / "overlays/acme.xml");
  ASSERT_TRUE(m) << m.error().describe();
  EXPECT_EQ((*m)->info().name, "o+acme");
  const std::string edi = x12("BEG*00*SA*IGNORED~REF*PO*PO-77~REF*ZZ*X1~PO1*1*1*EA***EN*5012345678900~");
  parsed_ = edi::parse(edi, "t.edi");
  auto doc = edi_to_canonical(**m, parsed_.interchanges[0].groups[0].sets[0].segments, EdiPlace{});
  ASSERT_TRUE(doc) << doc.error().describe();
  EXPECT_EQ(doc->root.find("order_number")->text(), "PO-77");
  EXPECT_EQ(doc->root.find("references")->items()[0].find("type")->text(), "promotion");
  EXPECT_EQ(doc->root.find("lines")->items()[0].find("gtin")->text(), "5012345678900");

  file("overlays/broken.xml", R"M(<overlay xmlns="urn:edigate:map:1" name="broken" base="o">
  <remove ref="no-such-id"/></overlay>)M");
  auto broken = lib->with_overlay(dir_ / "overlays/broken.xml");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("no node with id=\"no-such-id\""), std::string::npos);
}

TEST_F(Engine, EdifactDatesAndDecimalCommas) {
  file("orders.xml", map("name=\"e\" model=\"order\" standard=\"edifact\" set=\"ORDERS\" versions=\"D96A\"", R"M(
  <segment tag="BGM"><element pos="2" bind="order_number"/></segment>
  <segment tag="DTM" when="1.1=137"><element pos="1.2" bind="order_date" convert="dtm"/></segment>
  <segment tag="DTM" when="1.1=2"><element pos="1.2" bind="requested_delivery_date" convert="dtm"/></segment>
  <loop tag="LIN" each="lines">
    <segment tag="LIN"><element pos="1" bind="line_number"/></segment>
    <segment tag="QTY" when="1.1=21"><element pos="1.2" bind="quantity" convert="decimal"/></segment>
  </loop>)M"));
  const std::string edi = "UNA:+,? 'UNB+UNOC:3+S+R+261125:1200+1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO?+1'"
                          "DTM+137:202611251430:203'DTM+2:20261201:102'LIN+1'QTY+21:12,5'UNT+6+1'UNZ+1+1'";
  auto doc = in("e", edi);
  ASSERT_TRUE(doc) << doc.error().describe();
  EXPECT_EQ(doc->root.find("order_number")->text(), "PO+1");
  EXPECT_EQ(doc->root.find("order_date")->text(), "2026-11-25");  // a date field keeps the day
  EXPECT_EQ(doc->root.find("requested_delivery_date")->text(), "2026-12-01");
  EXPECT_EQ(doc->root.find("lines")->items()[0].find("quantity")->text(), "12.5");
  auto text = out("e", *doc, edi::Delimiters::edifact());
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(*text, "BGM++PO?+1\nDTM+137:20261125:102\nDTM+2:20261201:102\nLIN+1\nQTY+21:12.5\n");
}

TEST_F(Engine, JsonXmlAndCsvDocumentsBothWays) {
  file("json.xml", map("name=\"j\" model=\"order\" format=\"json\" erp=\"test\"", R"M(
  <detect path="kind" value="order"/>
  <object>
    <field name="kind" value="order"/>
    <field name="number" bind="order_number" required="true"/>
    <object name="shipTo" bind="ship_to"><field name="name" bind="name"/></object>
    <array name="lines" each="lines"><object><field name="qty" bind="quantity" type="number"/><field name="no" bind="line_number" type="number"/></object></array>
  </object>)M"));
  auto lib = library();
  ASSERT_TRUE(lib);
  const std::string json = R"M({"kind": "order", "number": "PO-1", "shipTo": {"name": "DC"}, "lines": [{"qty": 12.50, "no": 1}, {"qty": 0.10}]})M";
  auto detected = detect_erp(*lib, json);
  ASSERT_TRUE(detected);
  ASSERT_NE(*detected, nullptr);
  auto docs = erp_to_canonical(**detected, json, "in.json");
  ASSERT_TRUE(docs) << docs.error().describe();
  EXPECT_EQ(docs->at(0).root.find("lines")->items()[0].find("quantity")->text(), "12.50");
  EXPECT_EQ(docs->at(0).root.find("lines")->items()[1].find("quantity")->text(), "0.10");
  docs->at(0).root["lines"].items()[1]["line_number"] = Node::value("007");
  auto back = canonical_to_erp(**detected, *docs);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back,
            "{\n  \"kind\": \"order\",\n  \"number\": \"PO-1\",\n  \"shipTo\": {\n    \"name\": \"DC\"\n  },\n"
            "  \"lines\": [\n    {\n      \"qty\": 12.50,\n      \"no\": 1\n    },\n    {\n      \"qty\": 0.10,\n      \"no\": 7\n    }\n  ]\n}\n");
  auto missing = erp_to_canonical(**detected, R"M({"kind": "order", "lines": []})M", "in.json");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("at /number: required value is missing"), std::string::npos) << missing.error().message;

  file("xml.xml", map("name=\"x\" model=\"order\" format=\"xml\" erp=\"test\"", R"M(
  <element name="ORDER">
    <attribute name="id" bind="order_number"/>
    <element name="PARTY" when="ROLE=WE" bind="ship_to"><element name="NAME" bind="name"/></element>
    <element name="PARTY" when="ROLE=AG" bind="buyer"><element name="NAME" bind="name"/></element>
    <element name="ITEM" each="lines"><element name="QTY" bind="quantity"/></element>
  </element>)M"));
  auto xlib = library();
  ASSERT_TRUE(xlib);
  auto xm = xlib->by_name("x");
  ASSERT_TRUE(xm);
  const std::string xml_in = "<ORDER id=\"PO-2\"><PARTY><ROLE>AG</ROLE><NAME>Buyer &amp; Co</NAME></PARTY>"
                             "<PARTY><ROLE>WE</ROLE><NAME>DC</NAME></PARTY><ITEM><QTY>3</QTY></ITEM><ITEM><QTY>4</QTY></ITEM></ORDER>";
  auto xdocs = erp_to_canonical(**xm, xml_in, "in.xml");
  ASSERT_TRUE(xdocs) << xdocs.error().describe();
  EXPECT_EQ(xdocs->at(0).root.find("buyer")->find("name")->text(), "Buyer & Co");
  EXPECT_EQ(xdocs->at(0).root.find("lines")->items().size(), 2u);
  auto xout = canonical_to_erp(**xm, *xdocs);
  ASSERT_TRUE(xout);
  EXPECT_EQ(*xout,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ORDER id=\"PO-2\">\n"
            "  <PARTY>\n    <ROLE>WE</ROLE>\n    <NAME>DC</NAME>\n  </PARTY>\n"
            "  <PARTY>\n    <ROLE>AG</ROLE>\n    <NAME>Buyer &amp; Co</NAME>\n  </PARTY>\n"
            "  <ITEM>\n    <QTY>3</QTY>\n  </ITEM>\n  <ITEM>\n    <QTY>4</QTY>\n  </ITEM>\n</ORDER>\n");

  file("csv.xml", map("name=\"c\" model=\"order\" format=\"csv\" erp=\"test\" each=\"lines\" key=\"po\"", R"M(
  <column name="po" bind="/order_number"/>
  <column name="item" bind="vendor_item"/>
  <column name="qty" bind="quantity" convert="decimal"/>)M"));
  auto clib = library();
  ASSERT_TRUE(clib);
  auto cm = clib->by_name("c");
  ASSERT_TRUE(cm);
  auto cdocs = erp_to_canonical(**cm, "qty,po,item\r\n2,A,\"X, large\"\r\n3,B,Y\n4,A,\"say \"\"hi\"\"\"\n", "in.csv");
  ASSERT_TRUE(cdocs) << cdocs.error().describe();
  ASSERT_EQ(cdocs->size(), 2u);
  EXPECT_EQ(cdocs->at(0).root.find("lines")->items().size(), 2u);
  auto cout = canonical_to_erp(**cm, *cdocs);
  ASSERT_TRUE(cout);
  EXPECT_EQ(*cout, "po,item,qty\r\nA,\"X, large\",2\r\nA,\"say \"\"hi\"\"\",4\r\nB,Y,3\r\n");
  auto bad = erp_to_canonical(**cm, "po,item,qty\nA,X,12O\n", "in.csv");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("at row 2, column qty: \"12O\" is not a number"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace edigate::maps
