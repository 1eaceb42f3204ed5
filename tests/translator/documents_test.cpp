// The document views behind the portal's /raw, /segments and /canonical: a set found in a stored
// file by interchange, group and set control numbers, over the partner samples (X12 850 from
// northwind with its map overlay, EDIFACT DESADV from hillside) and test files with several groups,
// interchanges and messages; names checked against the dictionaries; not-found, damaged and
// oversized files.
#include <edigate/maps/map.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/partners/profile.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/pipeline/documents.hpp>
#include <edigate/schema/registry.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace edigate::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using pipeline::SetLocator;

const fs::path samples = fs::path(EDIGATE_SAMPLES) / "partners";
const fs::path northwind_850 = samples / "inbound" / "northwind-850-4500012399.edi";
const fs::path hillside_desadv = samples / "inbound" / "hillside-desadv-DES0004211.edi";
const fs::path parsers_valid = fs::path(EDIGATE_TEST_DATA) / "parsers" / "valid";
const fs::path translate_cases = fs::path(EDIGATE_TEST_DATA) / "maps" / "translate";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The bytes of `text` from the first `from` to the end of the first `to` after it.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
  const auto start = text.find(from);
  if (start == std::string::npos) return "<" + from + " not found>";
  const auto end = text.find(to, start);
  if (end == std::string::npos) return "<" + to + " not found>";
  return text.substr(start, end + to.size() - start);
}

SetLocator locate(const fs::path& file, std::string standard, std::string interchange, std::string group,
                  std::string set, std::string type, std::string partner = "",
                  std::string direction = "inbound") {
  SetLocator l;
  l.stored_path = file;
  l.standard = std::move(standard);
  l.interchange_control = std::move(interchange);
  l.group_control = std::move(group);
  l.set_control = std::move(set);
  l.set_type = std::move(type);
  l.partner = std::move(partner);
  l.direction = std::move(direction);
  return l;
}

SetLocator northwind() {
  return locate(northwind_850, "x12", "000005211", "5211", "0001", "850", "northwind-retail");
}

class DocumentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    schemas_ = new schema::SchemaRegistry(schema::SchemaRegistry::default_directory());
    auto maps = maps::MapLibrary::load_default();
    ASSERT_TRUE(maps) << maps.error().describe();
    maps_ = new maps::MapLibrary(std::move(*maps));
    auto store = partners::Store::open("sqlite::memory:");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = new partners::Store(std::move(*store));
    for (const char* name : {"northwind-retail.xml", "hillside-foods.xml"}) {
      auto profile = partners::load_profile(samples / name);
      ASSERT_TRUE(profile) << profile.error().describe();
      auto imported = partners::import_profile(*store_, *profile, false);
      ASSERT_TRUE(imported) << imported.error().describe();
    }
    scratch_ = fs::temp_directory_path() / ("edigate-documents-" + std::to_string(::getpid()));
    fs::create_directories(scratch_);
  }
  static void TearDownTestSuite() {
    delete store_;
    delete maps_;
    delete schemas_;
    std::error_code ec;
    fs::remove_all(scratch_, ec);
  }

  static fs::path write_scratch(const std::string& name, const std::string& text) {
    const fs::path p = scratch_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  static std::shared_ptr<const schema::Dictionary> dictionary(edi::Standard standard,
                                                              const std::string& version) {
    auto d = schemas_->dictionary(standard, version);
    EXPECT_TRUE(d) << d.error().describe();
    return d ? *d : nullptr;
  }

  static Result<json> canonical(const SetLocator& set) {
    return pipeline::canonical_view(set, *store_, *schemas_, *maps_);
  }

  static inline schema::SchemaRegistry* schemas_ = nullptr;
  static inline maps::MapLibrary* maps_ = nullptr;
  static inline partners::Store* store_ = nullptr;
  static inline fs::path scratch_;
};

const json* element_at(const json& segment, const std::string& position) {
  for (const json& e : segment.at("elements")) {
    if (e.at("position") == position) return &e;
  }
  return nullptr;
}

TEST_F(DocumentsTest, InterchangeTextIsTheStoredBytesOfTheInterchange) {
  const std::string file = slurp(northwind_850);
  auto text = pipeline::interchange_text(northwind());
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(*text, between(file, "ISA*", "IEA*1*000005211~"));

  // UNA is part of the interchange it opens.
  const std::string desadv = slurp(hillside_desadv);
  auto edifact =
      pipeline::interchange_text(locate(hillside_desadv, "edifact", "ACM0000000902", "", "1", "DESADV"));
  ASSERT_TRUE(edifact) << edifact.error().describe();
  EXPECT_EQ(*edifact, between(desadv, "UNA:+.? '", "UNZ+1+ACM0000000902'"));
}

TEST_F(DocumentsTest, InterchangeTextPicksTheInterchangeOfAMailbag) {
  // Four interchanges in one file: the second sits on one line after the first's newline.
  const fs::path mailbag = parsers_valid / "edifact_mailbag.edi";
  const std::string file = slurp(mailbag);
  auto text = pipeline::interchange_text(locate(mailbag, "edifact", "NWR0000004531", "", "1", "ORDERS"));
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_EQ(*text, between(file, "UNB+UNOC:3+5412345000013:14+4012345000009:14+240405:0600+NWR0000004531'",
                           "UNZ+1+NWR0000004531'"));
  EXPECT_EQ(text->find("NWR0000004530"), std::string::npos);

  auto order = canonical(locate(mailbag, "edifact", "NWR0000004531", "", "1", "ORDERS"));
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_EQ(order->at("document").at("order_number"), "PO4500012531");
}

TEST_F(DocumentsTest, SegmentViewNamesFromTheDictionary) {
  auto view = pipeline::segment_view(northwind(), *schemas_);
  ASSERT_TRUE(view) << view.error().describe();
  auto dict = dictionary(edi::Standard::x12, "005010");
  ASSERT_TRUE(dict);
  EXPECT_EQ(view->at("standard"), "x12");
  EXPECT_EQ(view->at("version"), "005010");
  EXPECT_EQ(view->at("set_type"), "850");
  EXPECT_EQ(view->at("complete"), true);
  const json& segments = view->at("segments");
  ASSERT_EQ(segments.size(), 32u);  // SE*32
  EXPECT_EQ(segments.front().at("tag"), "ST");
  EXPECT_EQ(segments.back().at("tag"), "SE");
  EXPECT_EQ(segments.back().at("position"), 32);

  const json& beg = segments.at(1);
  EXPECT_EQ(beg.at("position"), 2);
  EXPECT_EQ(beg.at("tag"), "BEG");
  ASSERT_NE(dict->find_segment("BEG"), nullptr);
  EXPECT_EQ(beg.at("name"), dict->find_segment("BEG")->name);
  // BEG*00*SA*NW-TX-88213**20240402: BEG04 is empty and left out, BEG05 keeps its position.
  std::vector<std::string> positions;
  for (const json& e : beg.at("elements")) positions.push_back(e.at("position"));
  EXPECT_EQ(positions, (std::vector<std::string>{"01", "02", "03", "05"}));

  const json* purpose = element_at(beg, "01");
  ASSERT_NE(purpose, nullptr);
  EXPECT_EQ(purpose->at("id"), "353");
  EXPECT_EQ(purpose->at("name"), dict->find_element("353")->name);
  EXPECT_EQ(purpose->at("value"), "00");
  ASSERT_TRUE(purpose->contains("code_name"));
  EXPECT_EQ(purpose->at("code_name"), dict->find_element("353")->code_titles.at("00"));

  const json* po = element_at(beg, "03");
  ASSERT_NE(po, nullptr);
  EXPECT_EQ(po->at("id"), "324");
  EXPECT_EQ(po->at("name"), dict->find_element("324")->name);
  EXPECT_EQ(po->at("value"), "NW-TX-88213");
  EXPECT_FALSE(po->contains("code_name"));  // free text has no code names

  // PO1 after the header segments: quantity and price as written.
  const json& po1 = segments.at(20);
  EXPECT_EQ(po1.at("tag"), "PO1");
  EXPECT_EQ(element_at(po1, "02")->at("value"), "72");
  EXPECT_EQ(element_at(po1, "04")->at("value"), "8.75");
}

TEST_F(DocumentsTest, SegmentViewOfEdifactShowsComposites) {
  auto view = pipeline::segment_view(locate(hillside_desadv, "edifact", "ACM0000000902", "", "1", "DESADV"),
                                     *schemas_);
  ASSERT_TRUE(view) << view.error().describe();
  auto dict = dictionary(edi::Standard::edifact, "D96A");
  ASSERT_TRUE(dict);
  EXPECT_EQ(view->at("version"), "D96A");
  const json& segments = view->at("segments");
  ASSERT_EQ(segments.size(), 28u);  // UNT+28
  EXPECT_EQ(segments.front().at("tag"), "UNH");
  EXPECT_EQ(segments.back().at("tag"), "UNT");

  // DTM+137:20240318:102: one composite, its three components named by the dictionary.
  const json& dtm = segments.at(2);
  ASSERT_EQ(dtm.at("tag"), "DTM");
  EXPECT_EQ(dtm.at("name"), dict->find_segment("DTM")->name);
  const json* period = element_at(dtm, "01");
  ASSERT_NE(period, nullptr);
  const schema::SegmentDefinition* dtm_def = dict->find_segment("DTM");
  ASSERT_TRUE(dtm_def->elements.at(0).composite);
  const schema::CompositeDefinition& c507 = dict->composites.at(dtm_def->elements.at(0).index);
  EXPECT_EQ(period->at("id"), c507.id);
  EXPECT_EQ(period->at("name"), c507.name);
  EXPECT_FALSE(period->contains("value"));
  const json& components = period->at("components");
  ASSERT_EQ(components.size(), 3u);
  const schema::ElementDefinition& qualifier = dict->elements.at(c507.components.at(0).index);
  EXPECT_EQ(components[0].at("position"), "01");
  EXPECT_EQ(components[0].at("id"), qualifier.id);
  EXPECT_EQ(components[0].at("name"), qualifier.name);
  EXPECT_EQ(components[0].at("value"), "137");
  ASSERT_EQ(qualifier.code_titles.count("137"), 1u);
  EXPECT_EQ(components[0].at("code_name"), qualifier.code_titles.at("137"));
  EXPECT_EQ(components[1].at("value"), "20240318");
  EXPECT_EQ(components[2].at("position"), "03");

  // NAD+SU+4012345000009::9: the empty middle component is left out, the third keeps position 03.
  const json& nad = segments.at(6);
  ASSERT_EQ(nad.at("tag"), "NAD");
  const json& party = element_at(nad, "02")->at("components");
  ASSERT_EQ(party.size(), 2u);
  EXPECT_EQ(party[0].at("value"), "4012345000009");
  EXPECT_EQ(party[1].at("position"), "03");
  EXPECT_EQ(party[1].at("value"), "9");
}

TEST_F(DocumentsTest, UnknownSegmentsAndElementsHaveNullNames) {
  std::string text = slurp(northwind_850);
  const auto cur = text.find("CUR*BY*USD~");
  ASSERT_NE(cur, std::string::npos);
  text.insert(cur, "ZZQ*A**C:D~");
  // One element more than CUR has.
  text.replace(text.find("CUR*BY*USD~"), 11, "CUR*BY*USD" + std::string(20, '*') + "EXTRA~");
  const fs::path file = write_scratch("unknown-segment.edi", text);
  SetLocator set = northwind();
  set.stored_path = file;
  auto view = pipeline::segment_view(set, *schemas_);
  ASSERT_TRUE(view) << view.error().describe();
  const json& zzq = view->at("segments").at(2);
  ASSERT_EQ(zzq.at("tag"), "ZZQ");
  EXPECT_TRUE(zzq.at("name").is_null());
  ASSERT_EQ(zzq.at("elements").size(), 2u);
  EXPECT_EQ(zzq.at("elements")[0].at("position"), "01");
  EXPECT_TRUE(zzq.at("elements")[0].at("name").is_null());
  EXPECT_TRUE(zzq.at("elements")[0].at("id").is_null());
  EXPECT_EQ(zzq.at("elements")[0].at("value"), "A");
  EXPECT_EQ(zzq.at("elements")[1].at("position"), "03");
  EXPECT_EQ(zzq.at("elements")[1].at("components").size(), 2u);

  const json& cur_view = view->at("segments").at(3);
  ASSERT_EQ(cur_view.at("tag"), "CUR");
  EXPECT_FALSE(cur_view.at("name").is_null());
  const json& extra = cur_view.at("elements").back();
  EXPECT_EQ(extra.at("position"), "22");
  EXPECT_TRUE(extra.at("name").is_null());
  EXPECT_EQ(extra.at("value"), "EXTRA");
}

TEST_F(DocumentsTest, CanonicalViewUsesThePartnersOverlay) {
  // Northwind's overlay reads the PO number from REF*PO; the shipped map reads BEG03.
  auto with_overlay = canonical(northwind());
  ASSERT_TRUE(with_overlay) << with_overlay.error().describe();
  EXPECT_EQ(with_overlay->at("model"), "order");
  EXPECT_EQ(with_overlay->at("document").at("order_number"), "4500012399");

  SetLocator unknown_partner = northwind();
  unknown_partner.partner.clear();
  auto shipped = canonical(unknown_partner);
  ASSERT_TRUE(shipped) << shipped.error().describe();
  EXPECT_EQ(shipped->at("document").at("order_number"), "NW-TX-88213");

  SetLocator gone = northwind();
  gone.partner = "no-such-partner";
  auto missing = canonical(gone);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(DocumentsTest, CanonicalViewOfAnEdifactShipNotice) {
  auto notice =
      canonical(locate(hillside_desadv, "edifact", "ACM0000000902", "", "1", "DESADV", "hillside-foods"));
  ASSERT_TRUE(notice) << notice.error().describe();
  EXPECT_EQ(notice->at("model"), "ship_notice");
  EXPECT_EQ(notice->at("document").at("shipment_id"), "DES0004211");
}

TEST_F(DocumentsTest, TheGroupTellsSetsWithTheSameControlNumberApart) {
  // ST*0001 is an 855 in group 940 and an 810 in group 941.
  const fs::path file = parsers_valid / "x12_multi_group.edi";
  auto response = canonical(locate(file, "x12", "000000940", "940", "0001", "855", "", "outbound"));
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->at("model"), "order_response");
  EXPECT_EQ(response->at("document").at("order_number"), "4500012510");

  auto invoice = canonical(locate(file, "x12", "000000940", "941", "0001", "810", "", "outbound"));
  ASSERT_TRUE(invoice) << invoice.error().describe();
  EXPECT_EQ(invoice->at("model"), "invoice");
  EXPECT_EQ(invoice->at("document").at("invoice_number"), "INV-0088250");

  // A 997 has segments to show but no canonical document.
  const SetLocator ack = locate(file, "x12", "000000940", "942", "0002", "997");
  auto segments = pipeline::segment_view(ack, *schemas_);
  ASSERT_TRUE(segments) << segments.error().describe();
  EXPECT_EQ(segments->at("set_type"), "997");
  EXPECT_EQ(segments->at("version"), "004010");
  EXPECT_EQ(segments->at("segments").at(1).at("tag"), "AK1");
  EXPECT_EQ(element_at(segments->at("segments").at(1), "02")->at("value"), "4512");
  auto none = canonical(ack);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
  EXPECT_NE(none.error().message.find("997"), std::string::npos) << none.error().message;

  // UNG groups: message 1 is a DESADV in one group and an INVOIC in the other.
  const fs::path ung = parsers_valid / "edifact_ung_groups.edi";
  auto edifact_invoice = canonical(locate(ung, "edifact", "ACM0000001001", "INVOIC1001", "1", "INVOIC"));
  ASSERT_TRUE(edifact_invoice) << edifact_invoice.error().describe();
  EXPECT_EQ(edifact_invoice->at("document").at("invoice_number"), "INV0088310");
  auto edifact_notice = canonical(locate(ung, "edifact", "ACM0000001001", "DESADV1001", "1", "DESADV"));
  ASSERT_TRUE(edifact_notice) << edifact_notice.error().describe();
  EXPECT_EQ(edifact_notice->at("document").at("shipment_id"), "DES0004300");
}

TEST_F(DocumentsTest, OutboundSetsMapBackToCanonical) {
  // Two invoices in one group, as we send them; the second one is asked for.
  const fs::path invoices = translate_cases / "x12-810-4010.edi";
  auto second = canonical(locate(invoices, "x12", "000000915", "915", "0002", "810", "", "outbound"));
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->at("document").at("invoice_number"), "INV-0088232");
  EXPECT_EQ(second->at("document").at("order_number"), "4500012346");

  // An 856 our translator wrote.
  auto notice = canonical(locate(translate_cases / "x12-856-out-5010.out", "x12", "000000001", "1", "0001",
                                 "856", "", "outbound"));
  ASSERT_TRUE(notice) << notice.error().describe();
  EXPECT_EQ(notice->at("document").at("shipment_id"), "ASN0005211");

  // EDIFACT: three messages in one interchange without groups.
  const fs::path bench = translate_cases / "edifact-bench-d96a.edi";
  auto order = canonical(locate(bench, "edifact", "85801", "", "7", "ORDERS"));
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_EQ(order->at("document").at("order_number"), "PO609530");
  auto invoice = canonical(locate(bench, "edifact", "85801", "", "4", "INVOIC", "", "outbound"));
  ASSERT_TRUE(invoice) << invoice.error().describe();
  EXPECT_EQ(invoice->at("document").at("invoice_number"), "INV609524");
}

TEST_F(DocumentsTest, NotFoundNamesTheFileTheInterchangeAndTheSet) {
  SetLocator wrong_interchange = northwind();
  wrong_interchange.interchange_control = "000009999";
  auto text = pipeline::interchange_text(wrong_interchange);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::not_found);
  EXPECT_EQ(text.error().where.file, northwind_850.string());
  EXPECT_NE(text.error().message.find("000009999"), std::string::npos) << text.error().message;
  EXPECT_NE(text.error().message.find("0001"), std::string::npos) << text.error().message;

  SetLocator wrong_set = northwind();
  wrong_set.set_control = "0002";
  auto view = pipeline::segment_view(wrong_set, *schemas_);
  ASSERT_FALSE(view);
  EXPECT_EQ(view.error().code, ErrorCode::not_found);
  EXPECT_NE(view.error().message.find("000005211"), std::string::npos) << view.error().message;
  EXPECT_NE(view.error().message.find("0002"), std::string::npos) << view.error().message;

  SetLocator wrong_group = northwind();
  wrong_group.group_control = "5212";
  auto mapped = canonical(wrong_group);
  ASSERT_FALSE(mapped);
  EXPECT_EQ(mapped.error().code, ErrorCode::not_found);
  EXPECT_NE(mapped.error().message.find("5212"), std::string::npos) << mapped.error().message;

  // The standard is part of what finds the interchange.
  SetLocator wrong_standard = northwind();
  wrong_standard.standard = "edifact";
  auto other = pipeline::interchange_text(wrong_standard);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::not_found);

  SetLocator no_file = northwind();
  no_file.stored_path = scratch_ / "never-stored.edi";
  auto absent = pipeline::interchange_text(no_file);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().where.file, no_file.stored_path.string());
}

TEST_F(DocumentsTest, AFileOverTheLimitIsRefused) {
  SetLocator set = northwind();
  set.max_size = 512;
  EXPECT_FALSE(pipeline::segment_view(set, *schemas_));
  EXPECT_FALSE(canonical(set));
  auto text = pipeline::interchange_text(set);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::io_error);
  EXPECT_NE(text.error().message.find("512"), std::string::npos) << text.error().message;
}

TEST_F(DocumentsTest, ATruncatedFileIsShownAsFarAsItGoes) {
  const std::string text = slurp(northwind_850);
  const auto cut = text.find("PO1*2*");
  ASSERT_NE(cut, std::string::npos);
  SetLocator set = northwind();
  set.stored_path = write_scratch("truncated-in-set.edi", text.substr(0, cut));

  auto raw = pipeline::interchange_text(set);
  ASSERT_TRUE(raw) << raw.error().describe();
  EXPECT_EQ(*raw, text.substr(0, cut - 1));  // up to PO4's terminator, without the line break

  auto view = pipeline::segment_view(set, *schemas_);
  ASSERT_TRUE(view) << view.error().describe();
  EXPECT_EQ(view->at("complete"), false);
  EXPECT_EQ(view->at("segments").back().at("tag"), "PO4");

  auto mapped = canonical(set);
  ASSERT_FALSE(mapped);
  EXPECT_EQ(mapped.error().code, ErrorCode::invalid_document);

  // Cut inside the ISA: there is no interchange to find.
  set.stored_path = write_scratch("truncated-in-isa.edi", text.substr(0, 60));
  auto nothing = pipeline::segment_view(set, *schemas_);
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::not_found);

  // Cut before the set's ST: the interchange is there, the set is not.
  set.stored_path = write_scratch("truncated-before-set.edi", text.substr(0, text.find("ST*850")));
  auto no_set = canonical(set);
  ASSERT_FALSE(no_set);
  EXPECT_EQ(no_set.error().code, ErrorCode::not_found);
}

TEST_F(DocumentsTest, GarbageIsNotFoundNotACrash) {
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 7919 + 13) % 256));
  SetLocator set = northwind();
  set.stored_path = write_scratch("noise.edi", noise);
  auto raw = pipeline::interchange_text(set);
  ASSERT_FALSE(raw);
  EXPECT_EQ(raw.error().code, ErrorCode::not_found);

  // A well-formed header followed by noise.
  const std::string text = slurp(northwind_850);
  set.stored_path = write_scratch("header-then-noise.edi", text.substr(0, text.find("GS*")) + noise);
  auto view = pipeline::segment_view(set, *schemas_);
  ASSERT_FALSE(view);
  EXPECT_EQ(view.error().code, ErrorCode::not_found);

  SetLocator bad_standard = northwind();
  bad_standard.standard = "tradacoms";
  auto refused = pipeline::interchange_text(bad_standard);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::usage);
}

}  // namespace
}  // namespace edigate::testing
