#include <edigate/error.hpp>
#include <edigate/result.hpp>

#include <gtest/gtest.h>

namespace edigate {
namespace {

TEST(Error, DescribeNamesEveryPartOfTheLocation) {
  Error e;
  e.code = ErrorCode::set_count_mismatch;
  e.where.file = "po.edi";
  e.where.interchange = 1;
  e.where.segment = 23;
  e.where.tag = "SE";
  e.where.offset = 1234;
  e.where.line = 24;
  e.message = "SE01 says 22, counted 23";
  EXPECT_EQ(e.describe(),
            "po.edi: interchange 1, segment 23 SE, byte 1234, line 24: error: SE01 says 22, counted 23 "
            "[set_count_mismatch]");
}

TEST(Error, DescribeWithoutLocation) {
  Error e;
  e.code = ErrorCode::io_error;
  e.message = "cannot open";
  EXPECT_EQ(e.describe(), "<input>: error: cannot open [io_error]");
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Error e;
  e.code = ErrorCode::usage;
  Result<int> bad = e;
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::usage);
}

}  // namespace
}  // namespace edigate
