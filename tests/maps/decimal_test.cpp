#include <edigate/maps/decimal.hpp>

#include <gtest/gtest.h>

namespace edigate::maps {
namespace {

std::string text(std::string_view s) { return Decimal::parse(s)->to_string(); }

TEST(Decimal, KeepsEveryDigitItWasGiven) {
  EXPECT_EQ(text("12.50"), "12.50");
  EXPECT_EQ(text("-0.10"), "-0.10");
  EXPECT_EQ(text("007"), "7");
  EXPECT_EQ(text("7."), "7");      // X12 R allows a trailing point
  EXPECT_EQ(text(".5"), "0.5");    // and a leading one
  EXPECT_EQ(text("+3"), "3");
  EXPECT_EQ(text("123456789012345678901234.123456"), "123456789012345678901234.123456");
}

TEST(Decimal, RejectsWhatIsNotAPlainDecimal) {
  for (const char* bad : {"", "-", ".", "1e5", "1,5", "1.2.3", "12a", " 1", "1234567890123456789012345678901"}) {
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
  }
}

TEST(Decimal, ImpliedDecimalsBothWays) {
  EXPECT_EQ(Decimal::parse_implied("12345", 2)->to_string(), "123.45");
  EXPECT_EQ(Decimal::parse_implied("-5", 2)->to_string(), "-0.05");
  EXPECT_FALSE(Decimal::parse_implied("1.5", 2).has_value());
  EXPECT_EQ(Decimal::parse("123.45")->to_implied(2), "12345");
  EXPECT_EQ(Decimal::parse("123.4")->to_implied(2), "12340");
  EXPECT_EQ(Decimal::parse("1.005")->to_implied(2), "101");  // half away from zero
  EXPECT_EQ(Decimal::parse("-1.005")->to_implied(2), "-101");
}

TEST(Decimal, ArithmeticIsExact) {
  const auto sum = add(*Decimal::parse("0.1"), *Decimal::parse("0.2"));
  EXPECT_EQ(sum->to_string(), "0.3");
  const auto product = multiply(*Decimal::parse("48"), *Decimal::parse("12.49"));
  EXPECT_EQ(product->to_string(), "599.52");
  EXPECT_EQ(compare(*Decimal::parse("1.50"), *Decimal::parse("1.5")), 0);
  EXPECT_LT(compare(*Decimal::parse("-2"), *Decimal::parse("1")), 0);
  EXPECT_EQ(Decimal::parse("2.50")->to_string_trimmed(), "2.5");
  EXPECT_EQ(Decimal::parse("1.23456789")->to_string_trimmed(4), "1.2346");
}

TEST(Decimal, OverflowIsReportedNotWrapped) {
  const auto big = *Decimal::parse("999999999999999999999999999999");
  EXPECT_FALSE(multiply(big, big).has_value());
  const auto tiny = *Decimal::parse("0.000000000000000000000000000001");
  EXPECT_FALSE(add(big, tiny).has_value());
}

}  // namespace
}  // namespace edigate::maps
