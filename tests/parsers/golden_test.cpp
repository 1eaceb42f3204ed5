// Data-driven reader tests: every file under tests/data/parsers/{valid,invalid} and samples/ is a case.
// valid/NAME.edi    + NAME.counts  : structure counts, no errors, expected number of warnings
// invalid/NAME.edi  + NAME.errors  : the exact diagnostics (fuzz-regressions/ likewise), one "SEVERITY CODE interchange= segment= tag= offset=" line each
// samples/**.edi                   : no diagnostics at all
// Each file is read with several chunk sizes and with 1-64-byte reads: refills must never change a result.
#include "parsers/corpus.hpp"

#include <edigate/edi/reader.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace edigate::edi {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_under(const fs::path& dir, bool recursive) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  auto add = [&out](const fs::directory_entry& e) {
    if (e.is_regular_file() && e.path().extension() == ".edi") out.push_back(e.path());
  };
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) add(e);
  } else {
    for (const auto& e : fs::directory_iterator(dir)) add(e);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

std::string golden_line(const Error& e) {
  std::ostringstream s;
  s << to_string(e.severity) << ' ' << to_string(e.code) << " interchange=" << e.where.interchange
    << " segment=" << e.where.segment << " tag=" << (e.where.tag.empty() ? "-" : e.where.tag)
    << " offset=" << e.where.offset;
  return s.str();
}

struct Outcome {
  std::size_t interchanges = 0;
  std::size_t groups = 0;
  std::size_t sets = 0;
  std::size_t segments = 0;
  std::vector<std::string> diagnostics;  // golden lines, sorted
  std::vector<std::string> described;    // human lines, for failure messages
};

// chunk == 0: the file through ShortReads (with the smallest chunk), else open_file with that chunk.
Outcome read_file(const fs::path& path, std::size_t chunk) {
  ReaderOptions options;
  options.chunk_size = chunk == 0 ? 256 : chunk;
  std::unique_ptr<ByteSource> source;
  if (chunk == 0) {
    source = std::make_unique<testing::ShortReads>(testing::slurp(path));
  } else {
    auto file = open_file(path.string());
    EXPECT_TRUE(file.ok());
    if (!file.ok()) return {};
    source = std::move(*file);
  }
  Outcome out;
  InterchangeReader reader(std::move(source), options);
  Interchange ic;
  while (reader.next(ic)) {
    ++out.interchanges;
    out.segments += ic.segments.size();
    for (const auto& g : ic.groups) {
      if (g.header) ++out.groups;
      out.sets += g.sets.size();
    }
    // Every view must still read the bytes it was cut from, whatever refills happened.
    for (const auto& s : ic.segments) EXPECT_FALSE(s.raw().empty()) << path;
  }
  for (const auto& e : reader.diagnostics()) {
    out.diagnostics.push_back(golden_line(e));
    Error located = e;
    located.where.file = path.filename().string();  // the same text whatever the source's name
    out.described.push_back(located.describe());
  }
  std::sort(out.diagnostics.begin(), out.diagnostics.end());
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "  " + l + "\n";
  return s;
}

constexpr std::size_t chunk_sizes[] = {1 << 20, 4096, 256, 0};  // 0: reads of 1-64 bytes

// ---------------------------------------------------------------- valid

class ValidFile : public ::testing::TestWithParam<fs::path> {};

TEST_P(ValidFile, CountsMatchAndNoErrors) {
  const fs::path& path = GetParam();
  fs::path counts_file = path;
  counts_file.replace_extension(".counts");
  ASSERT_TRUE(fs::exists(counts_file)) << "missing " << counts_file;
  std::map<std::string, std::size_t> expected;
  for (const auto& line : lines_of(testing::slurp(counts_file))) {
    auto eq = line.find('=');
    ASSERT_NE(eq, std::string::npos) << line;
    expected[line.substr(0, eq)] = std::stoul(line.substr(eq + 1));
  }
  for (std::size_t chunk : chunk_sizes) {
    SCOPED_TRACE("chunk size " + std::to_string(chunk));
    Outcome got = read_file(path, chunk);
    std::size_t warnings = 0;
    for (const auto& d : got.diagnostics) {
      EXPECT_EQ(d.rfind("warning", 0), 0U) << joined(got.described);
      warnings += d.rfind("warning", 0) == 0 ? 1 : 0;
    }
    EXPECT_EQ(got.interchanges, expected["interchanges"]);
    EXPECT_EQ(got.groups, expected["groups"]);
    EXPECT_EQ(got.sets, expected["sets"]);
    EXPECT_EQ(got.segments, expected["segments"]);
    EXPECT_EQ(warnings, expected["warnings"]) << joined(got.described);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, ValidFile,
                         ::testing::ValuesIn(files_under(fs::path(EDIGATE_TEST_DATA) / "parsers" / "valid", false)),
                         [](const auto& param_info) { return testing::case_name(param_info.param); });

// ---------------------------------------------------------------- invalid

class InvalidFile : public ::testing::TestWithParam<fs::path> {};

TEST_P(InvalidFile, ExactDiagnostics) {
  const fs::path& path = GetParam();
  fs::path errors_file = path;
  errors_file.replace_extension(".errors");
  ASSERT_TRUE(fs::exists(errors_file)) << "missing " << errors_file;
  std::vector<std::string> expected = lines_of(testing::slurp(errors_file));
  std::sort(expected.begin(), expected.end());
  for (std::size_t chunk : chunk_sizes) {
    SCOPED_TRACE("chunk size " + std::to_string(chunk));
    Outcome got = read_file(path, chunk);
    EXPECT_EQ(got.diagnostics, expected) << "expected:\n"
                                         << joined(expected) << "got:\n"
                                         << joined(got.diagnostics) << "described:\n"
                                         << joined(got.described);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, InvalidFile,
    ::testing::ValuesIn(files_under(fs::path(EDIGATE_TEST_DATA) / "parsers" / "invalid", false)),
    [](const auto& param_info) { return testing::case_name(param_info.param); });

// Inputs a fuzzer once crashed the reader with: each must now give exactly these diagnostics.
INSTANTIATE_TEST_SUITE_P(
    FuzzRegressions, InvalidFile,
    ::testing::ValuesIn(files_under(fs::path(EDIGATE_TEST_DATA) / "parsers" / "fuzz-regressions", false)),
    [](const auto& param_info) { return testing::case_name(param_info.param); });

// ---------------------------------------------------------------- samples

class SampleFile : public ::testing::TestWithParam<fs::path> {};

TEST_P(SampleFile, ReadsCleanly) {
  Outcome got = read_file(GetParam(), 1 << 20);
  EXPECT_GT(got.interchanges, 0U);
  EXPECT_TRUE(got.diagnostics.empty()) << joined(got.described);
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleFile, ::testing::ValuesIn(files_under(fs::path(EDIGATE_SAMPLES), true)),
                         [](const auto& param_info) { return testing::case_name(param_info.param); });

}  // namespace
}  // namespace edigate::edi
