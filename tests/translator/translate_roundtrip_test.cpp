// Round trips over every EDI input of the translate goldens (tests/data/maps/translate/*.edi, except
// the deliberately broken *err* ones): EDI -> canonical -> the same standard and version -> canonical
// gives the same canonical document (every mapped value survives), and the EDI we generate passes our
// own validator. Plus: the X12 850 sample and the ORDERS with the same business content give the same
// canonical order. Adding an input file adds a case.
#include <edigate/edi/reader.hpp>
#include <edigate/edi/source.hpp>
#include <edigate/maps/map.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/translate/translate.hpp>
#include <edigate/validate/validator.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;

const fs::path case_dir = fs::path(EDIGATE_TEST_DATA) / "maps" / "translate";

const maps::MapLibrary& library() {
  static const maps::MapLibrary lib = [] {
    auto loaded = maps::MapLibrary::load_default();
    if (!loaded) throw std::runtime_error(loaded.error().describe());
    return std::move(*loaded);
  }();
  return lib;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every written unit of translating `input` with `options`, one per document.
std::vector<std::string> translate(const fs::path& input, const translate::Options& options, std::string& error) {
  std::vector<std::string> out;
  auto r = translate::translate_file(input, library(), options, true, [&](translate::Written&& w) -> Result<void> {
    out.push_back(std::move(w.text));
    return {};
  });
  if (!r) error = r.error().describe();
  return out;
}

std::size_t findings(const std::string& edi) {
  schema::SchemaRegistry registry(schema::SchemaRegistry::default_directory());
  validate::Validator validator(registry);
  edi::SegmentReader reader(edi::from_memory(edi, "generated.edi"));
  std::size_t n = 0;
  validator.run(reader, [&](validate::InterchangeReport& report) {
    n += report.findings.size();
    for (const auto& g : report.groups) {
      n += g.findings.size();
      for (const auto& s : g.sets) n += s.findings.size();
    }
  });
  return n + validator.file_errors().size();
}

std::vector<std::string> inputs() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(case_dir)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".edi" && name.find("err") == std::string::npos) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class EdiRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(EdiRoundTrip, CanonicalSurvivesTheTripBackAndTheEdiValidates) {
  const fs::path input = case_dir / GetParam();
  const std::string text = slurp(input);
  const edi::ParsedDocument parsed = edi::parse(text, input.string());
  ASSERT_FALSE(parsed.interchanges.empty());
  const auto& first = parsed.interchanges.front();
  const bool x12 = first.info.standard == edi::Standard::x12;
  const std::string version = maps::set_version(first.groups.at(0).sets.at(0), first.groups.at(0));

  partners::Profile partner;
  partner.name = "roundtrip";
  if (x12) {
    partners::X12Identity id;
    id.qualifier = "ZZ", id.id = id.application = "PARTNER";
    id.our_qualifier = "ZZ", id.our_id = id.our_application = "EDIGATE";
    id.version = version;
    id.component = '>';
    partner.x12 = id;
  } else {
    partners::EdifactIdentity id;
    id.id = "PARTNER", id.our_id = "EDIGATE";
    id.version = version;
    id.syntax = first.info.syntax_identifier == "UNOA" || first.info.syntax_identifier == "UNOB" ? "UNOC"
                                                                                                 : first.info.syntax_identifier;
    partner.edifact = id;
  }

  std::string error;
  translate::Options to_canonical;
  to_canonical.target = translate::Target::canonical_json;
  const auto documents = translate(input, to_canonical, error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_FALSE(documents.empty());

  const fs::path tmp = fs::temp_directory_path() / ("edigate-roundtrip-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const fs::path canonical = tmp / ("doc-" + std::to_string(i) + ".json");
    std::ofstream(canonical, std::ios::binary) << documents[i];
    translate::Options to_edi;
    to_edi.target = x12 ? translate::Target::x12 : translate::Target::edifact;
    to_edi.partner = &partner;
    to_edi.now = "202611251200";
    const auto edi_out = translate(canonical, to_edi, error);
    ASSERT_TRUE(error.empty()) << GetParam() << " document " << i << ": " << error;
    ASSERT_EQ(edi_out.size(), 1u);
    EXPECT_EQ(findings(edi_out[0]), 0u) << GetParam() << " document " << i << " wrote EDI that does not validate:\n" << edi_out[0];

    const fs::path edi_file = tmp / ("doc-" + std::to_string(i) + ".edi");
    std::ofstream(edi_file, std::ios::binary) << edi_out[0];
    const auto back = translate(edi_file, to_canonical, error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0], documents[i]) << GetParam() << " document " << i << " changed on the way through\n" << edi_out[0];
  }
  fs::remove_all(tmp);
}

INSTANTIATE_TEST_SUITE_P(Inputs, EdiRoundTrip, ::testing::ValuesIn(inputs()), [](const auto& param_info) {
  std::string id = param_info.param;
  std::replace_if(id.begin(), id.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return id;
});

TEST(SameBusinessContent, X12_850AndEdifactOrdersGiveTheSameCanonicalOrder) {
  translate::Options options;
  std::string error;
  const auto from_x12 = translate(case_dir / "x12-850-4010.edi", options, error);
  ASSERT_TRUE(error.empty()) << error;
  const auto from_edifact = translate(case_dir / "edifact-orders-d96a-850.edi", options, error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(from_x12.size(), 1u);
  ASSERT_EQ(from_edifact.size(), 1u);
  EXPECT_EQ(from_x12[0], from_edifact[0]);
}

}  // namespace
}  // namespace edigate::testing
