// The code lists: exact codes from ../shared/reference/ack-codes.md, written the way acks write them.
#include <edigate/ack/vocabulary.hpp>
#include <edigate/edi/ack_codes.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace edigate::ack {
namespace {

TEST(AckVocabulary, DescribesCodesWithShortPhrases) {
  EXPECT_EQ(describe_code(CodeList::element_error, "7"), "invalid code value");
  EXPECT_EQ(describe_code(CodeList::segment_error, "3"), "required segment missing");
  EXPECT_EQ(describe_code(CodeList::set_error, "5"), "one or more segments in error");
  EXPECT_EQ(describe_code(CodeList::group_error, "5"), "included transaction set count wrong");
  EXPECT_EQ(describe_code(CodeList::ta1_note, "006"), "invalid sender ID");
  EXPECT_EQ(describe_code(CodeList::ta1_status, "E"), "accepted with errors");
  EXPECT_EQ(describe_code(CodeList::contrl_action, "4"), "this level and all lower levels rejected");
  EXPECT_EQ(describe_code(CodeList::contrl_error, "35"), "too many segment repetitions");
}

TEST(AckVocabulary, LeadingZerosOnlyWhereTheStandardWritesThem) {
  EXPECT_TRUE(describe_code(CodeList::element_error, "07").empty());
  EXPECT_TRUE(describe_code(CodeList::segment_error, "08").empty());
  EXPECT_TRUE(describe_code(CodeList::set_error, "05").empty());
  EXPECT_TRUE(describe_code(CodeList::group_error, "04").empty());
  EXPECT_TRUE(describe_code(CodeList::contrl_error, "012").empty());
  EXPECT_TRUE(describe_code(CodeList::ta1_note, "6").empty());
  EXPECT_TRUE(describe_code(CodeList::ta1_note, "06").empty());
  EXPECT_FALSE(describe_code(CodeList::ta1_note, "000").empty());
  EXPECT_FALSE(describe_code(CodeList::ta1_note, "031").empty());
  EXPECT_TRUE(describe_code(CodeList::ta1_note, "032").empty());
}

TEST(AckVocabulary, ListsHoldExactlyTheTableCodes) {
  // 723: 11 is absent; 12, 13 and the I codes are present.
  EXPECT_TRUE(describe_code(CodeList::element_error, "11").empty());
  for (const char* c : {"1", "10", "12", "13", "I6", "I9", "I10", "I11", "I12", "I13"}) {
    EXPECT_FALSE(describe_code(CodeList::element_error, c).empty()) << c;
  }
  EXPECT_TRUE(describe_code(CodeList::element_error, "I7").empty());
  // 720: 1-8 and I4, I6-I9 (no I5).
  for (const char* c : {"1", "8", "I4", "I6", "I7", "I8", "I9"}) {
    EXPECT_FALSE(describe_code(CodeList::segment_error, c).empty()) << c;
  }
  EXPECT_TRUE(describe_code(CodeList::segment_error, "I5").empty());
  EXPECT_TRUE(describe_code(CodeList::segment_error, "9").empty());
  // 715 adds P to 717.
  EXPECT_TRUE(describe_code(CodeList::set_status, "P").empty());
  EXPECT_FALSE(describe_code(CodeList::group_status, "P").empty());
  for (const char* c : {"A", "E", "M", "R", "W", "X"}) {
    EXPECT_FALSE(describe_code(CodeList::set_status, c).empty()) << c;
    EXPECT_FALSE(describe_code(CodeList::group_status, c).empty()) << c;
  }
  // 718 skips 14 and 20-22; 716 skips 7-9 and 20-22.
  for (const char* c : {"14", "20", "21", "22"})
    EXPECT_TRUE(describe_code(CodeList::set_error, c).empty()) << c;
  for (const char* c : {"7", "8", "9", "20"})
    EXPECT_TRUE(describe_code(CodeList::group_error, c).empty()) << c;
  EXPECT_FALSE(describe_code(CodeList::set_error, "I6").empty());
  EXPECT_FALSE(describe_code(CodeList::group_error, "26").empty());
  // 0083: 4, 7, 8 only; the older 1, 2, 3, 5, 6 are not ours to read as meaningful.
  for (const char* c : {"1", "2", "3", "5", "6"})
    EXPECT_TRUE(describe_code(CodeList::contrl_action, c).empty()) << c;
  // 0085: the current list, 45-48 included, the older 1, 3-6, 8-11, 44 not.
  for (const char* c : {"2", "7", "12", "43", "45", "48"}) {
    EXPECT_FALSE(describe_code(CodeList::contrl_error, c).empty()) << c;
  }
  for (const char* c : {"1", "3", "8", "11", "44", "49"})
    EXPECT_TRUE(describe_code(CodeList::contrl_error, c).empty()) << c;
}

TEST(AckVocabulary, PhrasesAreShortAndStartLowerCase) {
  const CodeList lists[] = {CodeList::ta1_status,    CodeList::ta1_note,      CodeList::set_status,
                            CodeList::group_status,  CodeList::set_error,     CodeList::group_error,
                            CodeList::segment_error, CodeList::element_error, CodeList::contrl_action,
                            CodeList::contrl_error};
  for (CodeList list : lists) {
    for (int n = 0; n < 100; ++n) {
      for (const std::string& code : {std::to_string(n), "I" + std::to_string(n),
                                      std::string(n < 10 ? "00" : "0") + std::to_string(n)}) {
        const std::string_view p = describe_code(list, code);
        if (p.empty()) continue;
        EXPECT_LE(p.size(), 90U) << code;
        // Lower case, except where the phrase opens with an acronym or a segment name (MAC, S3E).
        const std::string_view first_word = p.substr(0, p.find(' '));
        const bool acronym = std::none_of(first_word.begin(), first_word.end(), [](char c) {
          return std::islower(static_cast<unsigned char>(c)) != 0;
        });
        EXPECT_TRUE(std::islower(static_cast<unsigned char>(p[0])) != 0 || acronym)
            << to_string(list) << " " << code;
      }
    }
  }
}

// Every code the reader's diagnostics map to (edi::ack_codes) must be one the lists describe.
TEST(AckVocabulary, DescribesEveryCodeTheReaderEmits) {
  for (std::uint16_t n = 0; n <= static_cast<std::uint16_t>(ErrorCode::invalid_acknowledgment); ++n) {
    const auto code = static_cast<ErrorCode>(n);
    for (const char* tag : {"IEA", "GE", "SE", "UNZ"}) {
      const auto ack = edi::ack_codes(code, tag);
      const auto known = [](CodeList list, std::string_view c) {
        return c.empty() || !describe_code(list, c).empty();
      };
      EXPECT_TRUE(known(CodeList::ta1_note, ack.ta1)) << ack.ta1;
      EXPECT_TRUE(known(CodeList::set_error, ack.set)) << ack.set;
      EXPECT_TRUE(known(CodeList::group_error, ack.group)) << ack.group;
      EXPECT_TRUE(known(CodeList::contrl_error, ack.contrl)) << ack.contrl;
    }
  }
}

TEST(AckVocabulary, UnknownCodesAndListNames) {
  EXPECT_TRUE(describe_code(CodeList::element_error, "").empty());
  EXPECT_TRUE(describe_code(CodeList::element_error, "7 ").empty());
  EXPECT_TRUE(describe_code(CodeList::set_status, "a").empty());
  EXPECT_EQ(to_string(CodeList::segment_error), "DE 720");
  EXPECT_EQ(to_string(CodeList::contrl_error), "0085");
}

}  // namespace
}  // namespace edigate::ack
