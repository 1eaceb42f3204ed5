// JSON documents a fuzzer once broke from_json with. Each must now be refused with a clear error, or
// give bytes B for which the documented round trip holds: from_json(to_json(parse(B))) == B.
#include "parsers/corpus.hpp"

#include <edigate/edi/reader.hpp>
#include <edigate/edi/syntax_json.hpp>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <span>

namespace edigate::edi {
namespace {

std::vector<std::filesystem::path> json_regressions() {
  std::vector<std::filesystem::path> out;
  const auto dir = std::filesystem::path(EDIGATE_TEST_DATA) / "parsers" / "fuzz-regressions";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class FromJsonRegression : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(FromJsonRegression, RefusedWithAPathOrReadsBackCleanly) {
  const auto result = from_json_text(testing::slurp(GetParam()), GetParam().filename().string());
  if (!result.ok()) {
    EXPECT_EQ(result.error().code, ErrorCode::invalid_json);
    EXPECT_FALSE(result.error().message.empty());
    return;
  }
  const std::string& bytes = *result;
  const ParsedDocument doc = parse(bytes);
  const auto again = from_json(to_json(std::span<const Interchange>(doc.interchanges), bytes));
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(*again, bytes) << testing::first_difference(bytes, *again);
}

INSTANTIATE_TEST_SUITE_P(Fuzz, FromJsonRegression, ::testing::ValuesIn(json_regressions()),
                         [](const auto& param_info) { return testing::case_name(param_info.param); });

}  // namespace
}  // namespace edigate::edi
