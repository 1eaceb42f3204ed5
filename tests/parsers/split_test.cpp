#include <edigate/edi/reader.hpp>
#include <edigate/edi/split.hpp>

#include "parsers/corpus.hpp"

#include <gtest/gtest.h>

#include <string>

namespace edigate::edi {
namespace {

// Every piece is a complete interchange: it reads back with no diagnostic the original did not have
// (so every count matches), keeps the original control numbers, and the pieces hold every set once.
TEST(Split, PiecesOfEveryCorpusFileReadBackClean) {
  const auto files = testing::round_trip_corpus();
  if (files.empty()) GTEST_SKIP() << "no *.edi under tests/data/parsers/valid or samples";
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    const std::string bytes = testing::slurp(path);
    const ParsedDocument original = parse(bytes, path.string());
    ASSERT_FALSE(original.has_errors()) << original.diagnostics.front().describe();
    for (const Interchange& ic : original.interchanges) {
      // Warnings about the input (junk, loose ISA widths) may carry over; nothing may be added.
      std::size_t own_warnings = 0;
      for (const auto& e : original.diagnostics) own_warnings += e.where.interchange == ic.index ? 1 : 0;
      for (SplitBy by : {SplitBy::interchange, SplitBy::group, SplitBy::transaction}) {
        SCOPED_TRACE(static_cast<int>(by));
        std::size_t sets = 0;
        for (const std::string& piece : split(ic, by, bytes)) {
          const ParsedDocument doc = parse(piece, "piece");
          EXPECT_LE(doc.diagnostics.size(), own_warnings) << doc.diagnostics.front().describe() << "\n"
                                                          << piece;
          EXPECT_FALSE(doc.has_errors());
          ASSERT_EQ(doc.interchanges.size(), 1U);
          const Interchange& p = doc.interchanges[0];
          EXPECT_EQ(p.info.control_number, ic.info.control_number);
          if (by == SplitBy::transaction) {
            EXPECT_LE(p.set_count(), 1U);
          }
          if (by != SplitBy::interchange && ic.groups.size() > 1) {
            EXPECT_EQ(p.groups.size(), 1U);
          }
          for (const auto& g : p.groups) {
            for (const auto& s : g.sets) {
              EXPECT_EQ(s.trailer.has_value(), true);
              ++sets;
            }
          }
        }
        EXPECT_EQ(sets, ic.set_count());
      }
      // Without the source the pieces are the same (wraps and the UNA line break are inferred).
      EXPECT_EQ(split(ic, SplitBy::transaction), split(ic, SplitBy::transaction, bytes));
    }
  }
}

TEST(Split, TransactionPieceOfAnX12Interchange) {
  const std::string isa =
      "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
      "*240405*0600*U*00401*000000042*0*T*>~";
  const std::string text = isa +
                           "GS*PO*A*B*20240405*0600*7*X*004010~ST*850*0001~BEG*00*SA*1~SE*3*0001~"
                           "ST*850*0002~BEG*00*SA*2~SE*3*0002~GE*2*7~IEA*1*000000042~";
  const ParsedDocument doc = parse(text);
  ASSERT_TRUE(doc.diagnostics.empty());
  const auto pieces = split(doc.interchanges.at(0), SplitBy::transaction);
  ASSERT_EQ(pieces.size(), 2U);
  EXPECT_EQ(pieces[1], isa +
                           "GS*PO*A*B*20240405*0600*7*X*004010~ST*850*0002~BEG*00*SA*2~SE*3*0002~GE*1*7~"
                           "IEA*1*000000042~");
  EXPECT_EQ(split(doc.interchanges.at(0), SplitBy::group).at(0), text);
}

TEST(Split, MissingTrailersAreBuilt) {
  const std::string isa =
      "ISA*00*          *00*          *ZZ*ACME           *ZZ*NORTHWIND      "
      "*240405*0600*U*00401*000000042*0*T*>~";
  const std::string text = isa + "GS*PO*A*B*20240405*0600*7*X*004010~ST*850*0001~SE*2*0001~";
  const ParsedDocument doc = parse(text);  // views into `text`
  ASSERT_TRUE(doc.has_errors());
  const auto pieces = split(doc.interchanges.at(0), SplitBy::transaction);
  ASSERT_EQ(pieces.size(), 1U);
  EXPECT_EQ(pieces[0],
            isa + "GS*PO*A*B*20240405*0600*7*X*004010~ST*850*0001~SE*2*0001~GE*1*7~IEA*1*000000042~");
  EXPECT_TRUE(parse(pieces[0]).diagnostics.empty());
}

}  // namespace
}  // namespace edigate::edi
