#include <edigate/edi/reader.hpp>
#include <edigate/edi/syntax_json.hpp>
#include <edigate/edi/writer.hpp>

#include "parsers/corpus.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace edigate::edi {
namespace {

using nlohmann::ordered_json;
using testing::first_difference;

const std::string x12_with_ta1 =
    "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
    "*240405*0600*^*00501*000000042*0*T*:~\n"
    "TA1*000000041*240404*1200*A*000~\n"
    "GS*PO*ACME*NORTHWIND*20240405*0600*7*X*005010~\n"
    "ST*850*0001~\n"
    "N1*ST*A:B^C:D*92~\n"
    "SE*3*0001~\n"
    "GE*1*7~\n"
    "IEA*1*000000042~";

ordered_json json_of(const std::string& bytes) {
  const ParsedDocument doc = parse(bytes);
  EXPECT_FALSE(doc.has_errors()) << doc.diagnostics.front().describe();
  return to_json(doc.interchanges, bytes);
}

std::string bytes_of(const ordered_json& j) {
  auto bytes = from_json(j);
  EXPECT_TRUE(bytes.ok()) << bytes.error().describe();
  return bytes.ok() ? *bytes : std::string();
}

TEST(SyntaxJson, X12ShapeNestsEnvelopesAndSplitsValues) {
  const ordered_json doc = json_of(x12_with_ta1);
  const ordered_json& ic = doc["interchanges"][0];
  EXPECT_EQ(ic["standard"], "X12");
  EXPECT_EQ(ic["delimiters"]["segment"], "~");
  EXPECT_EQ(ic["delimiters"]["repetition"], "^");
  EXPECT_TRUE(ic["delimiters"]["release"].is_null());
  EXPECT_EQ(ic["gap"], "\n");
  EXPECT_EQ(ic["header"]["tag"], "ISA");
  EXPECT_EQ(ic["header"]["elements"][10], "^") << "ISA elements are kept as written";
  EXPECT_EQ(ic["header"]["elements"][15], ":");
  EXPECT_EQ(ic["service_segments"][0]["tag"], "TA1");
  const ordered_json& set = ic["groups"][0]["sets"][0];
  EXPECT_EQ(ic["groups"][0]["header"]["elements"][5], "7");
  EXPECT_EQ(set["segments"][0]["tag"], "ST");
  EXPECT_EQ(set["segments"][1]["elements"][1],
            ordered_json::parse(R"({"repetitions": [["A", "B"], ["C", "D"]]})"));
  EXPECT_EQ(set["segments"][2]["tag"], "SE");
  EXPECT_EQ(ic["groups"][0]["trailer"]["tag"], "GE");
  EXPECT_EQ(ic["trailer"]["tag"], "IEA");
  EXPECT_EQ(ic["trailer"]["gap"], "") << "the last segment has no line break after it";
  EXPECT_EQ(bytes_of(doc), x12_with_ta1);
}

TEST(SyntaxJson, EdifactValuesAreUnescapedAndServiceStringKept) {
  const std::string text =
      "UNA:+.? '\nUNB+UNOC:3+S:14+R:14+240405:0600+1'\nUNH+1+ORDERS:D:96A:UN'\nFTX+AAI+++A?+B?:C?'D??:x'\n"
      "UNT+3+1'\nUNZ+1+1'\n";
  const ordered_json doc = json_of(text);
  const ordered_json& ic = doc["interchanges"][0];
  EXPECT_EQ(ic["service_string"], "UNA:+.? '");
  EXPECT_EQ(ic["service_string_gap"], "\n");
  EXPECT_EQ(ic["delimiters"]["release"], "?");
  EXPECT_FALSE(ic["groups"][0].contains("header")) << "messages without UNG sit in a header-less group";
  const ordered_json& ftx = ic["groups"][0]["sets"][0]["segments"][1];
  EXPECT_EQ(ftx["elements"], ordered_json::parse(R"(["AAI", "", "", ["A+B:C'D?", "x"]])"));
  EXPECT_EQ(bytes_of(doc), text);
}

TEST(SyntaxJson, UnusualEscapesKeepTheirExactText) {
  // "?A" releases a character that needs no release: the writer would not produce it.
  const std::string text =
      "UNB+UNOC:3+S+R+240405:0600+1'UNH+1+ORDERS:D:96A:UN'FTX+AAI+++?A?+'UNT+3+1'UNZ+1+1'";
  const ordered_json doc = json_of(text);
  const ordered_json& ftx = doc["interchanges"][0]["groups"][0]["sets"][0]["segments"][1];
  EXPECT_EQ(ftx["elements"][3], ordered_json::parse(R"({"raw": "?A?+"})"));
  EXPECT_EQ(bytes_of(doc), text);
}

TEST(SyntaxJson, BytesThatAreNotUtf8TravelAsLatin1) {
  const std::string text =
      "UNB+UNOC:3+S+R+240405:0600+1'UNH+1+ORDERS:D:96A:UN'NAD+BY+++M\xDC"
      "LLER'UNT+3+1'UNZ+1+1'";
  const ordered_json doc = json_of(text);
  const ordered_json& ic = doc["interchanges"][0];
  EXPECT_EQ(ic["encoding"], "latin-1");
  EXPECT_EQ(ic["groups"][0]["sets"][0]["segments"][1]["elements"][3], "M\xC3\x9CLLER") << "U+00DC as UTF-8";
  EXPECT_EQ(bytes_of(doc), text);
  const std::string utf8 =
      "UNB+UNOW:3+S+R+240405:0600+1'UNH+1+ORDERS:D:96A:UN'NAD+BY+++M\xC3\x9CLLER'UNT+3+1'UNZ+1+1'";
  EXPECT_FALSE(json_of(utf8)["interchanges"][0].contains("encoding")) << "UTF-8 input stays text";
}

TEST(SyntaxJson, BytesBetweenInterchangesAndStrayOrderAreKept) {
  const std::string text = "\xEF\xBB\xBF\n" + x12_with_ta1 + "\n\n" + x12_with_ta1 + "\n";
  const ordered_json doc = json_of(text);
  EXPECT_EQ(doc["interchanges"][0]["leading"], "\xEF\xBB\xBF\n");
  EXPECT_EQ(doc["interchanges"].size(), 2U);
  EXPECT_EQ(bytes_of(doc), text);
}

TEST(SyntaxJson, InvalidInputStillComesBackInOrder) {
  // A segment between sets, a set outside any group, a trailer without header: reported by the
  // reader, yet the JSON keeps every segment where it stood.
  const std::string text =
      "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
      "*240405*0600*^*00501*000000042*0*T*:~"
      "ST*850*0009~SE*2*0009~REF*XX~GS*PO*A*B*20240405*0600*7*X*005010~ST*850*0001~SE*2*0001~NTE*stray~"
      "ST*850*0002~SE*2*0002~GE*2*7~GE*1*8~IEA*2*000000042~";
  const ParsedDocument doc = parse(text);
  EXPECT_TRUE(doc.has_errors());
  const ordered_json j = to_json(doc.interchanges, text);
  EXPECT_EQ(bytes_of(j), text);
  const ordered_json& ic = j["interchanges"][0];
  EXPECT_EQ(ic["groups"][0]["after_sets"][0]["tag"], "REF");
  EXPECT_EQ(ic["groups"][1]["sets"][1]["before"][0]["tag"], "NTE");
  EXPECT_EQ(ic["after_groups"][0]["tag"], "GE");
}

TEST(SyntaxJson, EditedValuesAreEscapedOnTheWayBack) {
  const std::string text = "UNB+UNOC:3+S+R+240405:0600+1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO1'UNT+3+1'UNZ+1+1'";
  ordered_json doc = json_of(text);
  doc["interchanges"][0]["groups"][0]["sets"][0]["segments"][1]["elements"][1] = "PO+1";
  doc["interchanges"][0]["groups"][0]["sets"][0]["segments"][1]["elements"][2] = {"a", "b"};
  EXPECT_EQ(bytes_of(doc),
            "UNB+UNOC:3+S+R+240405:0600+1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO?+1+a:b'UNT+3+1'UNZ+1+1'");
}

TEST(SyntaxJson, OneInterchangeObjectIsAlsoAccepted) {
  const ParsedDocument doc = parse(x12_with_ta1);
  const ordered_json ic = to_json(doc.interchanges.at(0));
  EXPECT_EQ(bytes_of(ic), x12_with_ta1);
  const nlohmann::json unordered = nlohmann::json::parse(ic.dump());
  EXPECT_EQ(*from_json(unordered), x12_with_ta1);
}

TEST(SyntaxJson, EveryCorpusFileRoundTripsByteForByte) {
  const auto files = testing::round_trip_corpus();
  if (files.empty()) GTEST_SKIP() << "no *.edi under tests/data/parsers/valid or samples";
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const std::string bytes = testing::slurp(path);
    const ParsedDocument doc = parse(bytes, path.string());
    ASSERT_FALSE(doc.has_errors()) << doc.diagnostics.front().describe();
    // Through JSON text, as the CLI does it.
    const std::string text = to_json(doc.interchanges, bytes).dump(1);
    auto back = from_json_text(text, "round-trip.json");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(*back, bytes) << first_difference(bytes, *back);
    // Without the source, one interchange at a time, JSON agrees with the writer.
    for (const Interchange& ic : doc.interchanges) {
      auto alone = from_json(to_json(ic));
      ASSERT_TRUE(alone.ok()) << alone.error().describe();
      EXPECT_EQ(*alone, rewrite(ic)) << "interchange " << ic.index;
    }
  }
}

// Broken input converts too: the JSON gives back what the writer gives back (a missing final
// terminator is added, bytes that are no interchange at all are lost).
TEST(SyntaxJson, InvalidCorpusFilesAgreeWithTheWriter) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(EDIGATE_TEST_DATA) / "parsers" / "invalid";
  if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".edi") continue;
    SCOPED_TRACE(e.path().string());
    ++n;
    const std::string bytes = testing::slurp(e.path());
    const ParsedDocument doc = parse(bytes, e.path().string());
    auto back = from_json_text(to_json(doc.interchanges, bytes).dump(), "x.json");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(*back, rewrite(doc.interchanges, RewriteOptions{LineBreaks::as_found, bytes}));
  }
  EXPECT_NE(n, 0U);
}

// ---------------------------------------------------------------- shape errors

std::string error_of(const std::string& json_text) {
  auto bytes = from_json_text(json_text, "bad.json");
  EXPECT_FALSE(bytes.ok()) << json_text;
  if (bytes.ok()) return {};
  EXPECT_EQ(bytes.error().code, ErrorCode::invalid_json);
  return bytes.error().describe();
}

std::string edited(const std::string& pointer, const ordered_json& value) {
  ordered_json doc = json_of(x12_with_ta1);
  doc[ordered_json::json_pointer(pointer)] = value;
  return doc.dump();
}

TEST(SyntaxJsonErrors, SyntaxErrorsGiveTheirPosition) {
  const std::string e = error_of("{\"interchanges\": [");
  EXPECT_NE(e.find("bad.json: error: "), std::string::npos) << e;
  EXPECT_NE(e.find("parse error"), std::string::npos) << e;
}

TEST(SyntaxJsonErrors, WrongShapesNameTheirPath) {
  struct Case {
    std::string pointer;
    ordered_json value;
    std::string expected;
  };
  const Case cases[] = {
      {"/interchanges/0/groups/0/sets/0/segments/1/elements/2", 7,
       "interchanges[0].groups[0].sets[0].segments[1].elements[2]: expected a value: a string, an array of "
       "components, {\"repetitions\": [...]} or {\"raw\": ...}, found number"},
      {"/interchanges/0/groups/0/sets/0/segments/1/elements/0", "S*T",
       "interchanges[0].groups[0].sets[0].segments[1].elements[0]: value \"S*T\" holds the delimiter '*'"},
      {"/interchanges/0/groups/0/sets/0/segments/1/elements/1", ordered_json::array(),
       "interchanges[0].groups[0].sets[0].segments[1].elements[1]: expected at least one component"},
      {"/interchanges/0/groups/0/header/tag", ordered_json::array(),
       "interchanges[0].groups[0].header.tag: expected a string, found array"},
      {"/interchanges/0/groups/0/sets", "none", "interchanges[0].groups[0].sets: expected an array of sets"},
      {"/interchanges/0/groups/0/sets/0/segmnts", ordered_json::array(),
       "interchanges[0].groups[0].sets[0]: unknown key \"segmnts\""},
      {"/interchanges/0/delimiters/component", "*",
       "interchanges[0].delimiters: '*' is used for two delimiters"},
      {"/interchanges/0/delimiters/segment", "~~",
       "interchanges[0].delimiters.segment: expected one character"},
      {"/interchanges/0/standard", "HL7", "interchanges[0].standard: expected \"X12\" or \"EDIFACT\""},
      {"/interchanges/0/header/elements/15", ">",
       "interchanges[0].header.elements[15]: ISA16 \">\" must be the "
       "component separator \":\""},
      {"/interchanges/0/header/elements/11", "00401",
       "interchanges[0].header.elements[10]: ISA11 \"^\" with ISA12 "
       "\"00401\" gives no repetition separator"},
      {"/interchanges/0/trailer/gap", "x", "interchanges[0].trailer.gap: \"x\" is not whitespace"},
      {"/interchanges/0/trailer/breaks", ordered_json::parse("[[99, \"\\n\"]]"),
       "interchanges[0].trailer.breaks[0]: position 99 must be above the previous one and at most 15"},
      {"/interchanges/0/encoding", "latin-1", ""},  // valid: ASCII reads the same
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pointer);
    const std::string text = edited(c.pointer, c.value);
    if (c.expected.empty()) {
      EXPECT_TRUE(from_json_text(text).ok());
      continue;
    }
    const std::string e = error_of(text);
    EXPECT_NE(e.find("bad.json: error: " + c.expected), std::string::npos) << e;
  }
}

TEST(SyntaxJsonErrors, DocumentLevelShapes) {
  EXPECT_NE(error_of("[]").find("expected an object"), std::string::npos);
  EXPECT_NE(error_of(R"({"interchanges": {}})").find("interchanges: expected an array"), std::string::npos);
  EXPECT_NE(
      error_of(R"({"interchanges": [{"standard": "X12"}]})").find("interchanges[0].delimiters: is required"),
      std::string::npos);
  EXPECT_NE(error_of(R"({"interchanges": [1]})")
                .find("interchanges[0]: expected an interchange (an object), found "
                      "number"),
            std::string::npos);
}

TEST(SyntaxJsonErrors, DelimitersMustBeTheOnesTheHeaderDeclares) {
  const std::string text = "UNA:+.? 'UNB+UNOC:3+S+R+240405:0600+1'UNZ+0+1'";
  ordered_json doc = json_of(text);
  doc["interchanges"][0]["delimiters"]["release"] = "!";
  EXPECT_NE(
      error_of(doc.dump()).find("interchanges[0].service_string: \"UNA:+.? '\" declares other delimiters"),
      std::string::npos);
  doc["interchanges"][0].erase("service_string");
  EXPECT_NE(error_of(doc.dump()).find("interchanges[0].delimiters: without a service_string (UNA)"),
            std::string::npos);
}

TEST(SyntaxJsonErrors, Latin1InterchangesCarryOnlyLatin1) {
  ordered_json doc = json_of(x12_with_ta1);
  doc["interchanges"][0]["encoding"] = "latin-1";
  doc["interchanges"][0]["trailer"]["elements"][1] = "\xE2\x82\xAC";  // U+20AC
  EXPECT_NE(
      error_of(doc.dump()).find("interchanges[0].trailer.elements[1]: holds a character that a latin-1"),
      std::string::npos);
}

}  // namespace
}  // namespace edigate::edi
