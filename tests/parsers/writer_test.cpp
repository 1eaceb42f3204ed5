#include <edigate/edi/reader.hpp>
#include <edigate/edi/writer.hpp>

#include "parsers/corpus.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::edi {
namespace {

using testing::first_difference;

std::string written(const Segment& s, const Delimiters& d, SegmentOptions options = {}) {
  std::string out;
  SegmentWriter writer(out, d, options);
  auto ok = writer.write(s);
  EXPECT_TRUE(ok.ok()) << ok.error().describe();
  return out;
}

// ---------------------------------------------------------------- segments

TEST(SegmentWriter, EscapesEdifactServiceCharacters) {
  const Segment s{"FTX", {"AAI", "", "", Element::composite({"1+1=2: it's 50?", "x"})}};
  EXPECT_EQ(written(s, Delimiters::edifact()), "FTX+AAI+++1?+1=2?: it?'s 50??:x'");
}

TEST(SegmentWriter, EscapedValuesReadBackUnescaped) {
  const std::string value = "A+B:C'D?E*F";
  Delimiters d = Delimiters::edifact();
  d.repetition = '*';
  const std::string text = written(Segment{"FTX", {Element::composite({value, value}), value}}, d);
  const SegmentView view(std::string_view(text).substr(0, text.size() - 1), d);
  EXPECT_EQ(view.element_count(), 2U);
  EXPECT_EQ(view.value(1, 1), value);
  EXPECT_EQ(view.value(1, 2), value);
  EXPECT_EQ(view.value(2), value);
  EXPECT_EQ(escape(value, d), "A?+B?:C?'D??E?*F");
  EXPECT_EQ(unescape(escape(value, d), d.release), value);
}

TEST(SegmentWriter, RejectsX12ValueHoldingADelimiter) {
  std::string out = "ISA~";
  SegmentWriter writer(out, Delimiters::x12_00501());
  for (const char* bad : {"A*B", "A~B", "A:B", "A^B"}) {
    auto ok = writer.write(Segment{"REF", {"DP", Element::composite({"x", bad})}});
    ASSERT_FALSE(ok.ok()) << bad;
    EXPECT_EQ(ok.error().code, ErrorCode::unwritable_value);
    EXPECT_EQ(ok.error().where.tag, "REF");
    EXPECT_EQ(ok.error().where.element, 2);
    EXPECT_EQ(ok.error().where.component, 2);
  }
  EXPECT_EQ(out, "ISA~") << "a failed write appends nothing";
  EXPECT_EQ(writer.segments_written(), 0U);
}

TEST(SegmentWriter, RejectsLineBreaksAndUnescapableEdifactValues) {
  std::string out;
  SegmentWriter edifact(out, Delimiters::edifact());
  EXPECT_EQ(edifact.write(Segment{"FTX", {"two\nlines"}}).error().code, ErrorCode::unwritable_value);
  SegmentWriter level_b(out, Delimiters::edifact_level_b());
  EXPECT_FALSE(level_b
                   .write(Segment{"FTX",
                                  {std::string("a\x1D"
                                               "b")}})
                   .ok());
  EXPECT_TRUE(out.empty());
}

TEST(SegmentWriter, OmitsTrailingEmptyElementsComponentsAndRepetitions) {
  const Delimiters d = Delimiters::x12_00501();
  const Segment s{
      "N1", {"ST", "", Element::composite({"92", "", ""}), Element::repeated({{"A"}, {""}}), "", Element()}};
  EXPECT_EQ(written(s, d), "N1*ST**92*A~");
  EXPECT_EQ(written(s, d, SegmentOptions{true, LineBreaks::none}), "N1*ST**92::*A^**~");
  EXPECT_EQ(written(Segment{"N1", {Element::composite({"", "", "x"})}}, d), "N1*::x~");
}

TEST(SegmentWriter, RepetitionsNeedASeparator) {
  const Segment s{"INS", {Element::repeated({{"A", "1"}, {"B"}})}};
  EXPECT_EQ(written(s, Delimiters::x12_00501()), "INS*A:1^B~");
  std::string out;
  SegmentWriter writer(out, Delimiters::x12());
  auto ok = writer.write(s);
  ASSERT_FALSE(ok.ok());
  EXPECT_EQ(ok.error().where.element, 1);
}

TEST(SegmentWriter, LineBreakAfterEachSegmentAndRawText) {
  std::string out;
  SegmentWriter writer(out, Delimiters::x12(), SegmentOptions{false, LineBreaks::crlf});
  ASSERT_TRUE(writer.write(Segment{"LX", {"1"}}).ok());
  writer.write_raw("REF*DP*042");
  EXPECT_EQ(out, "LX*1~\r\nREF*DP*042~\r\n");
  EXPECT_EQ(writer.segments_written(), 2U);
}

TEST(SegmentWriter, FormatAndStreamForms) {
  auto text = format_segment(Segment{"BGM", {"220", "PO?1"}}, Delimiters::edifact());
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "BGM+220+PO??1");
  std::ostringstream out;
  ASSERT_TRUE(
      write_segment(out, Segment{"BGM", {"220"}}, Delimiters::edifact(), {false, LineBreaks::lf}).ok());
  EXPECT_EQ(out.str(), "BGM+220'\n");
  EXPECT_FALSE(format_segment(Segment{"B*M", {}}, Delimiters::x12()).ok()) << "a tag cannot hold a delimiter";
}

TEST(SegmentWriter, CheckDelimiters) {
  EXPECT_TRUE(check_delimiters(Delimiters::x12_00501(), Standard::x12).ok());
  EXPECT_TRUE(check_delimiters(Delimiters::edifact(), Standard::edifact).ok());
  EXPECT_TRUE(check_delimiters(Delimiters::edifact_level_b(), Standard::edifact).ok());
  Delimiters clash = Delimiters::x12();
  clash.component = '*';
  EXPECT_EQ(check_delimiters(clash, Standard::x12).error().code, ErrorCode::invalid_delimiters);
  Delimiters letter = Delimiters::x12();
  letter.element = 'E';
  EXPECT_FALSE(check_delimiters(letter, Standard::x12).ok());
  EXPECT_FALSE(check_delimiters(Delimiters::edifact(), Standard::x12).ok()) << "X12 has no release character";
  Delimiters newline = Delimiters::x12();
  newline.segment = '\n';
  EXPECT_TRUE(check_delimiters(newline, Standard::x12).ok());
}

// ---------------------------------------------------------------- envelopes

InterchangeDraft x12_draft() {
  InterchangeDraft d;
  d.sender_qualifier = "ZZ";
  d.sender_id = "ACME";
  d.receiver_qualifier = "ZZ";
  d.receiver_id = "NORTHWIND";
  d.date = "240405";
  d.time = "0600";
  d.control_number = "42";
  d.test = true;
  GroupDraft group;
  group.header = Segment{"GS", {"PO", "ACME", "NORTHWIND", "20240405", "0600", "7", "X", "005010"}};
  group.sets.push_back(
      SetDraft{Segment{"ST", {"850", "0001"}},
               {Segment{"BEG", {"00", "SA", "PO-1", "", "20240405"}}, Segment{"PO1", {"1", "2", "EA"}}}});
  group.sets.push_back(SetDraft{Segment{"ST", {"850", "0002"}}, {Segment{"BEG", {"00", "SA", "PO-2"}}}});
  d.groups.push_back(group);
  return d;
}

TEST(InterchangeWriter, X12CountsControlNumbersAndFixedWidthIsa) {
  auto bytes = write(x12_draft(), DraftOptions{LineBreaks::lf});
  ASSERT_TRUE(bytes.ok()) << bytes.error().describe();
  EXPECT_EQ(*bytes,
            "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
            "*240405*0600*^*00501*000000042*0*T*:~\n"
            "GS*PO*ACME*NORTHWIND*20240405*0600*7*X*005010~\n"
            "ST*850*0001~\n"
            "BEG*00*SA*PO-1**20240405~\n"
            "PO1*1*2*EA~\n"
            "SE*4*0001~\n"
            "ST*850*0002~\n"
            "BEG*00*SA*PO-2~\n"
            "SE*3*0002~\n"
            "GE*2*7~\n"
            "IEA*1*000000042~\n");
  EXPECT_EQ(bytes->find('\n'), 106U) << "ISA is 106 bytes with its terminator";
  const ParsedDocument doc = parse(*bytes);
  EXPECT_TRUE(doc.diagnostics.empty()) << doc.diagnostics.front().describe();
  ASSERT_EQ(doc.interchanges.size(), 1U);
  EXPECT_EQ(doc.interchanges[0].set_count(), 2U);
  EXPECT_EQ(doc.interchanges[0].info.delimiters, Delimiters::x12_00501());
}

TEST(InterchangeWriter, X12BeforeVersion00402HasUInIsa11) {
  InterchangeDraft d = x12_draft();
  d.version = "00401";
  d.delimiters = Delimiters::x12();
  auto bytes = write(d);
  ASSERT_TRUE(bytes.ok()) << bytes.error().describe();
  EXPECT_NE(bytes->find("*0600*U*00401*000000042*"), std::string::npos) << *bytes;
  d.delimiters = Delimiters::x12_00501();
  EXPECT_EQ(write(d).error().code, ErrorCode::invalid_delimiters);
}

TEST(InterchangeWriter, IsaFieldsAreChecked) {
  InterchangeDraft d = x12_draft();
  d.sender_id = "A-SENDER-ID-LONGER-THAN-15";
  EXPECT_EQ(write(d).error().code, ErrorCode::unwritable_value);
  d = x12_draft();
  d.control_number = "12A";
  EXPECT_FALSE(write(d).ok());
  d = x12_draft();
  d.date = "2024-04-05";
  EXPECT_FALSE(write(d).ok());
  d = x12_draft();
  d.receiver_id = "NORTH*WIND";
  EXPECT_FALSE(write(d).ok());
  d = x12_draft();
  d.groups[0].header.reset();
  EXPECT_EQ(write(d).error().code, ErrorCode::set_outside_group);
}

TEST(InterchangeWriter, BodyErrorsNameGroupAndSet) {
  InterchangeDraft d = x12_draft();
  d.groups[0].sets[1].body[0].elements[2] = "PO*2";
  auto bytes = write(d);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.error().message.find("group 1, set 2"), std::string::npos) << bytes.error().message;
  EXPECT_EQ(bytes.error().where.element, 3);
}

InterchangeDraft edifact_draft() {
  InterchangeDraft d;
  d.standard = Standard::edifact;
  d.delimiters = Delimiters::edifact();
  d.version = "3";
  d.syntax_identifier = "UNOC";
  d.sender_id = "5412345000013";
  d.sender_qualifier = "14";
  d.receiver_id = "4012345000009";
  d.receiver_qualifier = "14";
  d.date = "240405";
  d.time = "0600";
  d.control_number = "REF1";
  GroupDraft messages;
  for (const char* ref : {"1", "2", "3"}) {
    messages.sets.push_back(SetDraft{
        Segment{"UNH", {ref, Element::composite({"ORDERS", "D", "96A", "UN"})}},
        {Segment{"BGM", {"220", "PO+1"}}, Segment{"DTM", {Element::composite({"137", "20240405", "102"})}}}});
  }
  d.groups.push_back(messages);
  return d;
}

TEST(InterchangeWriter, EdifactWithoutGroupsCountsMessages) {
  auto bytes = write(edifact_draft());
  ASSERT_TRUE(bytes.ok()) << bytes.error().describe();
  EXPECT_EQ(bytes->substr(0, 3), "UNB") << "default delimiters need no UNA";
  EXPECT_NE(bytes->find("UNB+UNOC:3+5412345000013:14+4012345000009:14+240405:0600+REF1'UNH+1+ORDERS:D:96A:UN'"
                        "BGM+220+PO?+1'"),
            std::string::npos)
      << *bytes;
  EXPECT_NE(bytes->find("UNT+4+3'UNZ+3+REF1'"), std::string::npos) << *bytes;
  const ParsedDocument doc = parse(*bytes);
  EXPECT_TRUE(doc.diagnostics.empty()) << doc.diagnostics.front().describe();
  EXPECT_EQ(doc.interchanges.at(0).set_count(), 3U);
}

TEST(InterchangeWriter, EdifactGroupsAndServiceStringAdvice) {
  InterchangeDraft d = edifact_draft();
  d.groups[0].header = Segment{"UNG",
                               {"ORDERS", "SENDER", "RECEIVER", Element::composite({"240405", "0600"}), "G1",
                                "UN", Element::composite({"D", "96A"})}};
  d.delimiters.segment = '!';
  d.ack_requested = true;
  EXPECT_EQ(write(d, DraftOptions{LineBreaks::none, false, ServiceStringAdvice::never}).error().code,
            ErrorCode::invalid_delimiters);
  auto bytes = write(d, DraftOptions{LineBreaks::crlf});
  ASSERT_TRUE(bytes.ok()) << bytes.error().describe();
  EXPECT_EQ(bytes->substr(0, 11), "UNA:+.? !\r\n");
  EXPECT_NE(bytes->find("+REF1++++1!\r\n"), std::string::npos) << "UNB 0031 acknowledgment request:\n"
                                                               << *bytes;
  EXPECT_NE(bytes->find("UNE+3+G1!\r\nUNZ+1+REF1!\r\n"), std::string::npos) << *bytes;
  const ParsedDocument doc = parse(*bytes);
  EXPECT_TRUE(doc.diagnostics.empty()) << doc.diagnostics.front().describe();
  EXPECT_TRUE(doc.interchanges.at(0).info.ack_requested);

  auto always = write(edifact_draft(), DraftOptions{LineBreaks::none, false, ServiceStringAdvice::always});
  ASSERT_TRUE(always.ok());
  EXPECT_EQ(always->substr(0, 12), "UNA:+.? 'UNB");
  EXPECT_EQ(service_string_for(Delimiters::edifact()), "UNA:+.? '");
}

TEST(InterchangeWriter, EdifactSyntax4DefaultsIncludeRepetition) {
  InterchangeDraft d = edifact_draft();
  d.version = "4";
  d.delimiters.repetition = '*';
  auto bytes = write(d);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->substr(0, 3), "UNB");
  EXPECT_EQ(default_edifact_delimiters(false, "4").repetition, '*');
  EXPECT_EQ(default_edifact_delimiters(true, "3"), Delimiters::edifact_level_b());
}

TEST(InterchangeWriter, MixedGroupsAndMessagesAreRejected) {
  InterchangeDraft d = edifact_draft();
  GroupDraft grouped = d.groups[0];
  grouped.header = Segment{"UNG", {"ORDERS", "S", "R", Element::composite({"240405", "0600"}), "G1"}};
  d.groups.push_back(grouped);
  EXPECT_EQ(write(d).error().code, ErrorCode::groups_and_messages_mixed);
}

// ---------------------------------------------------------------- rewriting parsed input

std::string rewritten(const std::string& bytes, RewriteOptions options = {}) {
  const ParsedDocument doc = parse(bytes);
  return rewrite(doc.interchanges, options);
}

const std::string small_x12 =
    "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
    "*240405*0600*^*00501*000000042*0*T*:~\r\n"
    "GS*PO*ACME*NORTHWIND*20240405*0600*7*X*005010~\r\n"
    "ST*850*0001~\r\n"
    "BEG*00*SA*PO-1**20240405~   \r\n"
    "SE*3*0001~\r\n"
    "GE*1*7~\r\n"
    "IEA*1*000000042~\r\n";

TEST(Rewrite, GapsComeBackAsFound) {
  EXPECT_EQ(rewritten(small_x12), small_x12);
}

TEST(Rewrite, LineBreakOptionsReplaceGaps) {
  std::string none = rewritten(small_x12, RewriteOptions{LineBreaks::none, {}});
  EXPECT_EQ(none.find('\n'), std::string::npos);
  EXPECT_EQ(none.substr(none.size() - 17), "~IEA*1*000000042~");
  std::string lf = rewritten(small_x12, RewriteOptions{LineBreaks::lf, {}});
  EXPECT_EQ(lf.find('\r'), std::string::npos);
  EXPECT_NE(lf.find("BEG*00*SA*PO-1**20240405~\nSE"), std::string::npos);
  std::string crlf = rewritten(lf, RewriteOptions{LineBreaks::crlf, {}});
  EXPECT_NE(crlf.find("BEG*00*SA*PO-1**20240405~\r\nSE"), std::string::npos);
}

TEST(Rewrite, ServiceStringAndItsLineBreak) {
  const std::string edifact =
      "UNA:+.? "
      "'\r\nUNB+UNOC:3+S:14+R:14+240405:0600+1'\r\nUNH+1+ORDERS:D:96A:UN'\r\nBGM+220+A?+B'\r\nUNT+3+1'\r\n"
      "UNZ+1+1'\r\n";
  EXPECT_EQ(rewritten(edifact), edifact);
  EXPECT_EQ(rewritten(edifact, RewriteOptions{LineBreaks::as_found, edifact}), edifact);
  EXPECT_EQ(
      rewritten(edifact, RewriteOptions{LineBreaks::none, {}}),
      "UNA:+.? 'UNB+UNOC:3+S:14+R:14+240405:0600+1'UNH+1+ORDERS:D:96A:UN'BGM+220+A?+B'UNT+3+1'UNZ+1+1'");
}

// A file hard-wrapped at `width` columns with `newline`, as old mainframe and VAN tools wrote them.
std::string hard_wrapped(const std::string& text, std::size_t width, std::string_view newline) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += width) {
    out += text.substr(i, width);
    out += newline;
  }
  return out;
}

TEST(Rewrite, HardWrappedSegmentsAreRewrappedAtTheDetectedWidth) {
  std::string flat;
  flat += small_x12.substr(0, 106);
  flat += "GS*PO*ACME*NORTHWIND*20240405*0600*7*X*005010~ST*850*0001~";
  for (int i = 1; i <= 20; ++i)
    flat += "PO1*" + std::to_string(i) + "*24*EA*12.49*PE*UP*614141001019*VN*AC-10101~";
  flat += "SE*22*0001~GE*1*7~IEA*1*000000042~";
  for (std::size_t width : {80U, 61U}) {
    for (const std::string_view newline : {"\n", "\r\n"}) {
      const std::string wrapped = hard_wrapped(flat, width, newline);
      const ParsedDocument doc = parse(wrapped);
      ASSERT_TRUE(doc.diagnostics.empty()) << doc.diagnostics.front().describe();
      ASSERT_EQ(doc.interchanges.size(), 1U);
      EXPECT_TRUE(doc.interchanges[0].segments[0].unwrapped);
      const std::string inferred = rewrite(doc.interchanges[0]);
      EXPECT_EQ(inferred, wrapped) << "width " << width << "\n" << first_difference(wrapped, inferred);
      EXPECT_EQ(rewrite(doc.interchanges[0], RewriteOptions{LineBreaks::as_found, wrapped}), wrapped);
      EXPECT_EQ(rewrite(doc.interchanges[0], RewriteOptions{LineBreaks::none, {}}), flat)
          << "unwrapped on request";
    }
  }
}

TEST(Rewrite, IrregularWrapsNeedTheSource) {
  const std::string text =
      small_x12.substr(0, 108) +
      "GS*PO*ACME*NORTH\nWIND*20240405*0600*7*X*005010~ST*850*0001~BEG*00*SA*P\r\nO-1~SE*3*0001~GE*1*7~"
      "IEA*1*000000042~";
  const ParsedDocument doc = parse(text);
  ASSERT_TRUE(doc.diagnostics.empty()) << doc.diagnostics.front().describe();
  const Interchange& ic = doc.interchanges.at(0);
  EXPECT_EQ(rewrite(ic, RewriteOptions{LineBreaks::as_found, text}), text);
  // Without the source the break positions are unknown: the documented fallback writes those
  // segments unwrapped, everything else as found.
  std::string unwrapped = text;
  unwrapped.erase(unwrapped.find("\r\nO-1"), 2);
  unwrapped.erase(unwrapped.find("\nWIND"), 1);
  EXPECT_EQ(rewrite(ic), unwrapped);
}

TEST(Rewrite, NewlineTerminatorWithCarriageReturns) {
  const std::string isa =
      "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
      "*240405*0600*^*00501*000000042*0*T*:\n";
  const std::string text =
      isa +
      "GS*PO*ACME*NORTHWIND*20240405*0600*7*X*005010\r\nST*850*0001\r\nSE*2*0001\r\nGE*1*7\r\n"
      "IEA*1*000000042\r\n";
  const ParsedDocument doc = parse(text);
  ASSERT_FALSE(doc.has_errors()) << doc.diagnostics.front().describe();
  EXPECT_EQ(rewrite(doc.interchanges, RewriteOptions{LineBreaks::as_found, text}), text);
  EXPECT_EQ(rewrite(doc.interchanges), text) << "inferred from offsets";
}

TEST(Rewrite, MissingFinalTerminatorIsAdded) {
  const std::string text = small_x12.substr(0, small_x12.size() - 3);  // no "~\r\n"
  const ParsedDocument doc = parse(text);
  EXPECT_EQ(rewrite(doc.interchanges), text + "~");
}

TEST(Rewrite, EveryCorpusFileComesBackByteForByte) {
  const auto files = testing::round_trip_corpus();
  if (files.empty()) GTEST_SKIP() << "no *.edi under tests/data/parsers/valid or samples";
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const std::string bytes = testing::slurp(path);
    const ParsedDocument doc = parse(bytes, path.string());
    ASSERT_FALSE(doc.has_errors()) << doc.diagnostics.front().describe();
    // With the source: every byte of the file, including what stands between interchanges.
    const std::string whole = rewrite(doc.interchanges, RewriteOptions{LineBreaks::as_found, bytes});
    EXPECT_EQ(whole, bytes) << first_difference(bytes, whole);
    // From the model alone: each interchange's own bytes.
    for (const Interchange& ic : doc.interchanges) {
      const std::string expected = bytes.substr(ic.offset, ic.end_offset - ic.offset);
      const std::string alone = rewrite(ic);
      EXPECT_EQ(alone, expected) << "interchange " << ic.index << ": " << first_difference(expected, alone);
    }
  }
}

// The streaming reader moves its buffer while it holds an interchange; the views (raw, gap, unwrapped
// copies) must still give the same bytes.
TEST(Rewrite, CorpusReadInSmallChunksRewritesTheSame) {
  const auto files = testing::round_trip_corpus();
  if (files.empty()) GTEST_SKIP() << "no *.edi under tests/data/parsers/valid or samples";
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const std::string bytes = testing::slurp(path);
    for (std::size_t chunk : {256U, 1000U}) {
      auto source = open_file(path.string());
      ASSERT_TRUE(source.ok());
      InterchangeReader reader(std::move(*source), ReaderOptions{chunk, 1 << 20, 1000});
      Interchange ic;
      while (reader.next(ic)) {
        ASSERT_LE(ic.end_offset, bytes.size());
        const std::string expected = bytes.substr(ic.offset, ic.end_offset - ic.offset);
        const std::string actual = rewrite(ic);
        EXPECT_EQ(actual, expected) << "chunk " << chunk << ", interchange " << ic.index << ": "
                                    << first_difference(expected, actual);
      }
    }
  }
}

TEST(Rewrite, StreamingReaderViewsRewriteToo) {
  const std::string text = small_x12 + small_x12 + small_x12;
  const std::string path = ::testing::TempDir() + "edigate_writer_stream.edi";
  {
    std::ofstream file(path, std::ios::binary);
    file << text;
  }
  auto source = open_file(path);
  ASSERT_TRUE(source.ok());
  // Small chunks: the reader refills and moves its buffer while an interchange is held.
  InterchangeReader reader(std::move(*source), ReaderOptions{256, 1 << 20, 1000});
  std::string out;
  Interchange ic;
  while (reader.next(ic)) rewrite(ic, out);
  EXPECT_EQ(out, text);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace edigate::edi
