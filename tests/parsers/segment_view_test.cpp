#include <edigate/edi/segment.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edigate::edi {
namespace {

std::vector<std::string> elements_of(const SegmentView& s) {
  std::vector<std::string> out;
  s.for_each_element([&out](std::string_view e) { out.emplace_back(e); });
  return out;
}

TEST(SegmentView, TagOfEveryLength) {
  const Delimiters d = Delimiters::x12();
  EXPECT_EQ(SegmentView("N*1*2", d).tag(), "N");  // regression: the 3-char shortcut took "N*1"
  EXPECT_EQ(SegmentView("N1*ST*X", d).tag(), "N1");
  EXPECT_EQ(SegmentView("PO1*1*2", d).tag(), "PO1");
  EXPECT_EQ(SegmentView("*AB*C", d).tag(), "");
  EXPECT_EQ(SegmentView("ABCD*1", d).tag(), "ABCD");
  EXPECT_EQ(SegmentView("SE", d).tag(), "SE");
}

TEST(SegmentView, ElementsComponentsRepetitionsByPosition) {
  Delimiters d = Delimiters::x12_00501();
  SegmentView s("PO1*1*12*EA*9.25**BP*ABC:DEF*UP^EN", d);
  EXPECT_EQ(s.element_count(), 8U);
  EXPECT_EQ(s[2], "12");
  EXPECT_EQ(s[5], "");
  EXPECT_EQ(s(7, 2), "DEF");
  EXPECT_EQ(s.element(8).repetition_count(), 2U);
  EXPECT_EQ(s.element(8).repetition(2).raw(), "EN");
  EXPECT_EQ(s[42], "");
  EXPECT_EQ(elements_of(s), (std::vector<std::string>{"1", "12", "EA", "9.25", "", "BP", "ABC:DEF", "UP^EN"}));
}

TEST(SegmentView, EdifactReleaseCharacter) {
  SegmentView s("FTX+ZZZ+++O?'Reilly?+Sons?:x??", Delimiters::edifact());
  EXPECT_EQ(s.element_count(), 4U);
  EXPECT_EQ(s[4], "O?'Reilly?+Sons?:x??");
  EXPECT_EQ(s.value(4), "O'Reilly+Sons:x?");
  EXPECT_EQ(s.element(4).component_count(), 1U);
}

TEST(SegmentView, LongSegmentsSplitAcrossSimdBlocks) {
  std::string raw = "MSG";
  for (int i = 0; i < 40; ++i) raw += "*" + std::string(static_cast<std::size_t>(i % 7), 'x');
  auto got = elements_of(SegmentView(raw, Delimiters::x12()));
  ASSERT_EQ(got.size(), 40U);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)].size(), static_cast<std::size_t>(i % 7));
}

}  // namespace
}  // namespace edigate::edi
