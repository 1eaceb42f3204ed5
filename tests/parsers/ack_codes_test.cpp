#include <edigate/edi/ack_codes.hpp>

#include <gtest/gtest.h>

namespace edigate::edi {
namespace {

TEST(AckCodes, EnvelopeMismatchesMapToTheStandardCodes) {
  EXPECT_EQ(ack_codes(ErrorCode::interchange_control_mismatch, "IEA").ta1, "001");
  EXPECT_EQ(ack_codes(ErrorCode::interchange_control_mismatch, "UNZ").contrl, "28");
  EXPECT_EQ(ack_codes(ErrorCode::interchange_count_mismatch, "IEA").ta1, "021");
  EXPECT_EQ(ack_codes(ErrorCode::group_control_mismatch, "GE").group, "4");
  EXPECT_EQ(ack_codes(ErrorCode::group_count_mismatch, "GE").group, "5");
  EXPECT_EQ(ack_codes(ErrorCode::set_trailer_missing, "ST").set, "2");
  EXPECT_EQ(ack_codes(ErrorCode::set_control_mismatch, "SE").set, "3");
  EXPECT_EQ(ack_codes(ErrorCode::set_count_mismatch, "SE").set, "4");
  EXPECT_EQ(ack_codes(ErrorCode::set_count_mismatch, "UNT").contrl, "29");
  EXPECT_EQ(ack_codes(ErrorCode::invalid_segment_terminator, "ISA").ta1, "004");
  EXPECT_EQ(ack_codes(ErrorCode::invalid_element_separator, "ISA").ta1, "026");
  EXPECT_EQ(ack_codes(ErrorCode::invalid_component_separator, "ISA").ta1, "027");
  EXPECT_EQ(ack_codes(ErrorCode::premature_end, "PO1").ta1, "023");
  EXPECT_EQ(ack_codes(ErrorCode::unsupported_syntax, "UNB").contrl, "2");
  EXPECT_EQ(ack_codes(ErrorCode::groups_and_messages_mixed, "UNH").contrl, "30");
}

TEST(AckCodes, BadCountFieldDependsOnTheTrailer) {
  EXPECT_EQ(ack_codes(ErrorCode::invalid_count_value, "IEA").ta1, "021");
  EXPECT_EQ(ack_codes(ErrorCode::invalid_count_value, "GE").group, "5");
  EXPECT_EQ(ack_codes(ErrorCode::invalid_count_value, "SE").set, "4");
  EXPECT_EQ(ack_codes(ErrorCode::invalid_count_value, "UNT").contrl, "29");
}

TEST(AckCodes, WarningsAndIoHaveNoAckCode) {
  const auto none = ack_codes(ErrorCode::junk_before_interchange, "");
  EXPECT_TRUE(none.ta1.empty() && none.set.empty() && none.group.empty() && none.contrl.empty());
}

}  // namespace
}  // namespace edigate::edi
