// libFuzzer harness of the shipped maps (edigate/maps/map.hpp) over any input: EDI, or an ERP
// document in JSON, XML or CSV.
//
// EDI: every transaction set with a map is mapped to a canonical document; each document D that maps
// must conform to its model and be writable back to the standard; what is written must map again to
// exactly D (out and in agree on every value they keep). ERP text: detect_erp, then every ERP map of
// the input's kind reads it; whatever reads must conform to its model and be writable by the same
// map. Nothing may crash, hang, throw or leak; errors are the only other outcome.
#include <edigate/edi/reader.hpp>
#include <edigate/maps/canonical.hpp>
#include <edigate/maps/map.hpp>
#include "printable.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

namespace {

namespace maps = edigate::maps;
namespace edi = edigate::edi;

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n*** edigate fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

const maps::MapLibrary& library() {
  static const maps::MapLibrary lib = [] {
    ::setenv("EDIGATE_MAPS", EDIGATE_FUZZ_MAPS, 1);
    auto loaded = maps::MapLibrary::load_default();
    if (!loaded) fail("the shipped maps load", loaded.error().describe());
    for (const auto& info : loaded->maps()) {
      if (auto m = loaded->by_name(info.name); !m) fail("a shipped map compiles", m.error().describe());
    }
    return std::move(loaded).value();
  }();
  return lib;
}

void check_model(const maps::Document& doc, const std::string& where) {
  const auto problems = library().models().check(doc);
  if (!problems.empty()) {
    fail("a mapped document conforms to its model",
         where + ": " + problems.front().path + ": " + problems.front().message + "\n" + maps::to_json(doc, true));
  }
}

// Canonical -> EDI of the same standard -> canonical; nullopt when the document cannot go out.
std::optional<maps::Document> trip(const maps::CompiledMap& map, const maps::Document& doc, edi::Standard std_kind,
                                   const std::string& standard, std::string_view type, const std::string& v) {
  auto segments = maps::canonical_to_edi(map, doc);
  if (!segments) return std::nullopt;
  edi::InterchangeDraft draft;
  draft.standard = std_kind;
  draft.sender_id = "A";
  draft.receiver_id = "B";
  draft.date = "261125";
  draft.time = "1200";
  draft.control_number = "1";
  edi::GroupDraft g;
  if (standard == "x12") {
    draft.delimiters = edi::Delimiters::x12_00501();
    draft.version = "00501";
    draft.sender_qualifier = draft.receiver_qualifier = "ZZ";
    g.header = edi::Segment{"GS", {"PO", "A", "B", "20261125", "1200", "1", "X", "005010"}};
    g.sets.push_back(edi::SetDraft{edi::Segment{"ST", {std::string(type), "0001"}}, std::move(*segments)});
  } else {
    draft.delimiters = edi::Delimiters::edifact();
    draft.version = "3";
    draft.syntax_identifier = "UNOW";
    g.sets.push_back(edi::SetDraft{
        edi::Segment{"UNH", {"1", edi::Element::composite({std::string(type), v.substr(0, 1), v.size() > 1 ? v.substr(1) : "", "UN"})}},
        std::move(*segments)});
  }
  draft.groups.push_back(std::move(g));
  auto written = edi::write(draft);
  if (!written) return std::nullopt;
  const edi::ParsedDocument again = edi::parse(*written, "again.edi");
  if (again.interchanges.empty() || again.interchanges[0].groups.empty() || again.interchanges[0].groups[0].sets.empty()) {
    fail("written EDI reads back", *written);
  }
  auto mapped = maps::edi_to_canonical(map, again.interchanges[0].groups[0].sets[0].segments, maps::EdiPlace{"again.edi", 1, {}, "UNOW"});
  if (!mapped) fail("written EDI maps again", mapped.error().describe() + "\n" + *written);
  return std::move(*mapped);
}

void edi_input(std::string_view text) {
  const edi::ParsedDocument parsed = edi::parse(text, "fuzz.edi");
  for (const auto& interchange : parsed.interchanges) {
    const std::string standard = interchange.info.standard == edi::Standard::x12 ? "x12" : "edifact";
    for (const auto& group : interchange.groups) {
      for (const auto& set : group.sets) {
        auto map = library().for_set(standard, maps::set_version(set, group), set.type());
        if (!map) continue;
        auto doc = maps::edi_to_canonical(**map, set.segments, maps::EdiPlace{"fuzz.edi", interchange.index, {}, interchange.info.syntax_identifier});
        if (!doc) continue;
        check_model(*doc, (*map)->info().name);
        // Out and in agree: after one trip (which may add computed values such as CTT/CNT counts),
        // a second trip changes nothing.
        auto once = trip(**map, *doc, interchange.info.standard, standard, set.type(), maps::set_version(set, group));
        if (!once) continue;  // a required value the input did not carry, or a value EDI cannot carry
        auto twice = trip(**map, *once, interchange.info.standard, standard, set.type(), maps::set_version(set, group));
        if (!twice) fail("a document that went out once goes out again", maps::to_json(*once, true));
        if (maps::to_json(*twice, true) != maps::to_json(*once, true)) {
          fail("out and in agree", maps::to_json(*once, true) + "\n--- became ---\n" + maps::to_json(*twice, true));
        }
      }
    }
  }
}

void erp_input(std::string_view text) {
  (void)maps::detect_erp(library(), text);
  const char lead = text.empty() ? '\0' : text.front();
  const maps::MapFormat format = lead == '{' ? maps::MapFormat::json : lead == '<' ? maps::MapFormat::xml : maps::MapFormat::csv;
  for (const auto& info : library().maps()) {
    if (info.format != format) continue;
    auto map = library().by_name(info.name);
    if (!map) continue;
    auto docs = maps::erp_to_canonical(**map, text, "fuzz");
    if (!docs) continue;
    for (const auto& d : *docs) check_model(d, info.name);
    (void)maps::canonical_to_erp(**map, *docs);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::unique_ptr<char[]> copy(new char[size == 0 ? 1 : size]);
  if (size != 0) std::memcpy(copy.get(), data, size);
  const std::string_view text(copy.get(), size);
  const auto start = text.find_first_not_of(" \t\r\n");
  const std::string_view head = start == std::string_view::npos ? std::string_view() : text.substr(start, 3);
  if (head == "ISA" || head == "UNA" || head == "UNB") {
    edi_input(text);
  } else {
    erp_input(text);
  }
  return 0;
}
