// translate::write_interchange with the caller's control numbers (the store's, when sending): each
// level asks the source once per envelope, in the order the envelopes open; a document that cannot be
// written takes no number; the source's error stops the write.
#include <edigate/partners/profile.hpp>
#include <edigate/translate/translate.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace edigate::testing {
namespace {

using translate::ControlLevel;

const std::string samples = EDIGATE_SAMPLES;

class TranslateControlNumbers : public ::testing::Test {
 protected:
  void SetUp() override {
    auto library = maps::MapLibrary::load_default();
    ASSERT_TRUE(library) << library.error().describe();
    library_.emplace(std::move(*library));
    auto profile = partners::load_profile(samples + "/partners/northwind-retail.xml");
    ASSERT_TRUE(profile) << profile.error().describe();
    profile_ = std::move(*profile);
    options_.target = translate::Target::x12;
    options_.partner = &profile_;
    options_.now = "202611251200";
    options_.control_numbers = [this](ControlLevel level) -> Result<std::uint64_t> {
      asked_.push_back(level);
      return next_[static_cast<std::size_t>(level)]++;
    };
  }

  std::vector<maps::Document> documents(const std::string& erp_file) {
    auto docs = translate::read_documents(samples + "/erp/" + erp_file, *library_, options_);
    EXPECT_TRUE(docs) << docs.error().describe();
    return docs ? std::move(*docs) : std::vector<maps::Document>();
  }

  std::optional<maps::MapLibrary> library_;
  partners::Profile profile_;
  translate::Options options_;
  std::vector<ControlLevel> asked_;
  std::uint64_t next_[3] = {42, 7, 9};  // interchange, group, set
};

TEST_F(TranslateControlNumbers, EachEnvelopeTakesItsNumberFromTheSource) {
  auto docs = documents("netsuite-invoice.json");
  ASSERT_EQ(docs.size(), 1u);
  docs.push_back(docs.front());  // two invoices: one group, two sets
  auto text = translate::write_interchange(*library_, options_, docs);
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(asked_, (std::vector<ControlLevel>{ControlLevel::interchange, ControlLevel::group,
                                               ControlLevel::set, ControlLevel::set}));
  EXPECT_NE(text->find("*00501*000000042*0*P*:~"), std::string::npos) << *text;
  EXPECT_NE(text->find("*20261125*1200*7*X*005010~"), std::string::npos) << *text;
  EXPECT_NE(text->find("ST*810*0009~"), std::string::npos) << *text;
  EXPECT_NE(text->find("ST*810*0010~"), std::string::npos) << *text;
  EXPECT_NE(text->find("GE*2*7~"), std::string::npos) << *text;
  EXPECT_NE(text->find("IEA*1*000000042~"), std::string::npos) << *text;
}

TEST_F(TranslateControlNumbers, WithoutASourceNumbersCountFromTheStartValue) {
  options_.control_numbers = nullptr;
  options_.control_number = 5;
  auto docs = documents("netsuite-invoice.json");
  ASSERT_EQ(docs.size(), 1u);
  docs.push_back(docs.front());
  auto text = translate::write_interchange(*library_, options_, docs);
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_NE(text->find("*00501*000000005*0*P*:~"), std::string::npos) << *text;
  EXPECT_NE(text->find("*20261125*1200*5*X*005010~"), std::string::npos) << *text;
  EXPECT_NE(text->find("ST*810*0001~"), std::string::npos) << *text;
  EXPECT_NE(text->find("ST*810*0002~"), std::string::npos) << *text;
}

TEST_F(TranslateControlNumbers, ADocumentThatCannotBeWrittenTakesNoNumber) {
  auto docs = documents("netsuite-invoice.json");
  ASSERT_EQ(docs.size(), 1u);
  maps::Document unknown;
  unknown.model = "no_such_model";
  docs.push_back(unknown);
  auto text = translate::write_interchange(*library_, options_, docs);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::map_not_found) << text.error().describe();
  EXPECT_TRUE(asked_.empty());
}

TEST_F(TranslateControlNumbers, TheSourcesErrorStopsTheWrite) {
  options_.control_numbers = [](ControlLevel level) -> Result<std::uint64_t> {
    if (level == ControlLevel::interchange) return std::uint64_t{1};
    Error err;
    err.code = ErrorCode::store_error;
    err.message = "database is locked";
    return err;
  };
  auto text = translate::write_interchange(*library_, options_, documents("netsuite-invoice.json"));
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::store_error);
}

TEST_F(TranslateControlNumbers, EdiInputIsNotADocumentToSend) {
  auto docs = translate::read_documents(samples + "/x12/856_ship_notice_4010.edi", *library_, options_);
  ASSERT_FALSE(docs);
  EXPECT_EQ(docs.error().code, ErrorCode::usage);
}

}  // namespace
}  // namespace edigate::testing
