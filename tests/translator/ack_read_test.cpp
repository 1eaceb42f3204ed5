// read_acknowledgments on each kind of acknowledgment, and on broken ones.
#include <edigate/ack/ack_report.hpp>
#include <edigate/edi/reader.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edigate::ack {
namespace {

const std::string isa_4010 =
    "ISA*00*          *00*          *ZZ*ACMESUPPLY     *ZZ*NORTHWINDRTL   "
    "*240311*1002*U*00401*000000905*0*P*>~\n";
const std::string isa_5010 =
    "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*NORTHWINDRTL   "
    "*240415*0812*^*00501*000002201*0*P*:~\n";

// One functional-ack set in an envelope with correct counts; `body` is the segments between ST and SE.
std::string x12_ack(const std::string& isa, const std::string& type, const std::vector<std::string>& body) {
  std::string out =
      isa + "GS*FA*ACMESUPPLY*NORTHWINDRTL*20240311*1002*905*X*004010~\nST*" + type + "*0001~\n";
  for (const auto& s : body) out += s + "~\n";
  out += "SE*" + std::to_string(body.size() + 2) + "*0001~\nGE*1*905~\nIEA*1*" + isa.substr(90, 9) + "~\n";
  return out;
}

std::string contrl(const std::vector<std::string>& body) {
  std::string out =
      "UNA:+.? '\nUNB+UNOC:3+5412345000013:14+4012345000009:14+240319:1731+NWR0000004388'\n"
      "UNH+1+CONTRL:D:3:UN'\n";
  for (const auto& s : body) out += s + "'\n";
  out += "UNT+" + std::to_string(body.size() + 2) + "+1'\nUNZ+1+NWR0000004388'\n";
  return out;
}

struct Read {
  edi::ParsedDocument document;
  std::vector<Acknowledgment> acks;
};

// The bytes must outlive the document's views: each test keeps its string alive.
Read read(const std::string& bytes) {
  Read r;
  r.document = edi::parse(bytes, "test.edi");
  EXPECT_FALSE(r.document.has_errors())
      << (r.document.diagnostics.empty() ? "" : r.document.diagnostics[0].describe());
  for (const auto& ic : r.document.interchanges) {
    for (auto& a : read_acknowledgments(ic, "test.edi")) r.acks.push_back(std::move(a));
  }
  return r;
}

std::vector<std::string> messages(const Acknowledgment& a) {
  std::vector<std::string> out;
  for (const auto& p : a.problems) out.push_back(p.message);
  return out;
}

TEST(AckRead, X12_997WithSegmentAndElementNotes) {
  const std::string bytes =
      x12_ack(isa_4010, "997",
              {"AK1*PO*4215", "AK2*850*0001", "AK5*A", "AK2*850*0002", "AK3*PO1*14*PO1*8", "AK4*3*355*7*XX",
               "AK4*4>1*355*7*YY", "AK5*R*5*4", "AK9*P*2*2*1*5"});
  const Read r = read(bytes);
  ASSERT_EQ(r.acks.size(), 1U);
  const Acknowledgment& a = r.acks[0];
  EXPECT_EQ(a.kind, AckKind::x12_997);
  EXPECT_TRUE(a.problems.empty()) << messages(a).front();
  EXPECT_EQ(a.envelope.sender_id, "ACMESUPPLY");
  EXPECT_EQ(a.envelope.interchange_control, "000000905");
  EXPECT_EQ(a.envelope.group_control, "905");
  EXPECT_EQ(a.envelope.set_control, "0001");
  EXPECT_EQ(a.envelope.version, "004010");
  ASSERT_EQ(a.groups.size(), 1U);
  const GroupNote& g = a.groups[0];
  EXPECT_EQ(g.functional_id, "PO");
  EXPECT_EQ(g.control_number, "4215");
  EXPECT_EQ(g.status, AckStatus::partially_accepted);
  EXPECT_EQ(g.status_code, "P");
  ASSERT_TRUE(g.counts.has_value());
  EXPECT_EQ(g.counts->included, 2U);
  EXPECT_EQ(g.counts->received, 2U);
  EXPECT_EQ(g.counts->accepted, 1U);
  EXPECT_EQ(g.error_codes, std::vector<std::string>{"5"});
  ASSERT_EQ(g.sets.size(), 2U);
  EXPECT_EQ(g.sets[0].status, AckStatus::accepted);
  const SetNote& s = g.sets[1];
  EXPECT_EQ(s.type, "850");
  EXPECT_EQ(s.control_number, "0002");
  EXPECT_EQ(s.status, AckStatus::rejected);
  EXPECT_EQ(s.error_codes, (std::vector<std::string>{"5", "4"}));
  ASSERT_EQ(s.segments.size(), 1U);
  EXPECT_EQ(s.segments[0].tag, "PO1");
  EXPECT_EQ(s.segments[0].position, 14U);
  EXPECT_EQ(s.segments[0].loop_id, "PO1");
  EXPECT_EQ(s.segments[0].code, "8");
  ASSERT_EQ(s.segments[0].elements.size(), 2U);
  const ElementNote& e = s.segments[0].elements[1];
  EXPECT_EQ(e.position.element, 4U);
  EXPECT_EQ(e.position.component, 1U);
  EXPECT_EQ(e.reference, "355");
  EXPECT_EQ(e.code, "7");
  EXPECT_EQ(e.bad_value, "YY");
}

TEST(AckRead, X12_999WithContextsAndRepetition) {
  const std::string bytes = x12_ack(
      isa_5010, "999",
      {"AK1*HS*3301*005010X279A1", "AK2*270*0001*005010X279A1", "IK3*EQ*14*2110C*8", "CTX*TRN02:93175-012547",
       "IK4*1::3*1365*7*ZZ", "CTX*SITUATIONAL TRIGGER*EQ*14*2110C*1::3", "IK5*R*5", "AK9*R*1*1*0"});
  const Read r = read(bytes);
  ASSERT_EQ(r.acks.size(), 1U);
  const Acknowledgment& a = r.acks[0];
  EXPECT_EQ(a.kind, AckKind::x12_999);
  EXPECT_TRUE(a.problems.empty());
  const GroupNote& g = a.groups.at(0);
  EXPECT_EQ(g.version, "005010X279A1");
  EXPECT_EQ(g.status, AckStatus::rejected);
  const SetNote& s = g.sets.at(0);
  EXPECT_EQ(s.version, "005010X279A1");
  const SegmentNote& seg = s.segments.at(0);
  EXPECT_EQ(seg.contexts, std::vector<std::string>{"TRN02:93175-012547"});
  const ElementNote& e = seg.elements.at(0);
  EXPECT_EQ(e.position.element, 1U);
  EXPECT_EQ(e.position.component, 0U);
  EXPECT_EQ(e.position.repetition, 3U);
  EXPECT_EQ(e.contexts, std::vector<std::string>{"SITUATIONAL TRIGGER*EQ*14*2110C*1::3"});
}

TEST(AckRead, X12StatusesMapOntoTheEnum) {
  const std::string bytes = x12_ack(isa_4010, "997",
                                    {"AK1*PO*1", "AK2*850*0001", "AK5*E", "AK2*850*0002", "AK5*M",
                                     "AK2*850*0003", "AK5*W", "AK2*850*0004", "AK5*X", "AK9*E*4*4*1"});
  const Read r = read(bytes);
  const auto& sets = r.acks.at(0).groups.at(0).sets;
  ASSERT_EQ(sets.size(), 4U);
  EXPECT_EQ(sets[0].status, AckStatus::accepted_with_errors);
  for (std::size_t i = 1; i < 4; ++i) EXPECT_EQ(sets[i].status, AckStatus::rejected) << sets[i].status_code;
  EXPECT_EQ(r.acks[0].groups[0].status, AckStatus::accepted_with_errors);
}

TEST(AckRead, Ta1) {
  const std::string bytes = isa_4010 + "TA1*000004230*240312*1105*R*006~\nIEA*0*000000905~\n";
  const Read r = read(bytes);
  ASSERT_EQ(r.acks.size(), 1U);
  const Acknowledgment& a = r.acks[0];
  EXPECT_EQ(a.kind, AckKind::ta1);
  EXPECT_TRUE(a.groups.empty());
  EXPECT_TRUE(a.envelope.set_control.empty());
  ASSERT_TRUE(a.interchange.has_value());
  EXPECT_EQ(a.interchange->control_number, "000004230");
  EXPECT_EQ(a.interchange->date, "240312");
  EXPECT_EQ(a.interchange->time, "1105");
  EXPECT_EQ(a.interchange->status, AckStatus::rejected);
  EXPECT_EQ(a.interchange->error_code, "006");
  EXPECT_NE(explain(a).find("rejected — invalid sender ID [TA1 R 006]"), std::string::npos) << explain(a);
}

TEST(AckRead, Ta1UnknownStatusIsAnError) {
  const std::string bytes = isa_4010 + "TA1*000004230*240312*1105*Q*000~\nIEA*0*000000905~\n";
  const Read r = read(bytes);
  const Acknowledgment& a = r.acks.at(0);
  EXPECT_FALSE(a.read_cleanly());
  EXPECT_FALSE(a.interchange->status.has_value());
  ASSERT_EQ(a.problems.size(), 1U);
  EXPECT_EQ(a.problems[0].code, ErrorCode::invalid_acknowledgment);
  EXPECT_EQ(a.problems[0].where.tag, "TA1");
  EXPECT_EQ(a.problems[0].where.segment, 2U);
  EXPECT_EQ(a.problems[0].where.element, 4U);
}

TEST(AckRead, ContrlGroupsMessagesSegmentsElements) {
  const std::string bytes =
      contrl({"UCI+ACM0000000920+4012345000009:14+5412345000013:14+7", "UCM+1+INVOIC:D:96A:UN:EAN008+7",
              "UCF+41+APPSEND:ZZ+APPRECV:ZZ+4+28+UNE+2", "UCM+2+INVOIC:D:96A:UN:EAN008+4", "UCS+3",
              "UCD+12+1:2:4", "UCS+14+35"});
  const Read r = read(bytes);
  ASSERT_EQ(r.acks.size(), 1U);
  const Acknowledgment& a = r.acks[0];
  EXPECT_EQ(a.kind, AckKind::contrl);
  EXPECT_TRUE(a.problems.empty()) << messages(a).front();
  EXPECT_EQ(a.envelope.sender_id, "5412345000013");
  EXPECT_EQ(a.envelope.interchange_control, "NWR0000004388");
  EXPECT_EQ(a.envelope.version, "D:3:UN");
  ASSERT_TRUE(a.interchange.has_value());
  EXPECT_EQ(a.interchange->control_number, "ACM0000000920");
  EXPECT_EQ(a.interchange->sender_id, "4012345000009");
  EXPECT_EQ(a.interchange->sender_qualifier, "14");
  EXPECT_EQ(a.interchange->recipient_id, "5412345000013");
  EXPECT_EQ(a.interchange->status, AckStatus::accepted);
  ASSERT_EQ(a.sets.size(), 1U);  // the UCM before any UCF
  EXPECT_EQ(a.sets[0].type, "INVOIC");
  EXPECT_EQ(a.sets[0].version, "D:96A:UN:EAN008");
  ASSERT_EQ(a.groups.size(), 1U);
  const GroupNote& g = a.groups[0];
  EXPECT_EQ(g.control_number, "41");
  EXPECT_EQ(g.sender_id, "APPSEND");
  EXPECT_EQ(g.status, AckStatus::rejected);
  EXPECT_EQ(g.error_codes, std::vector<std::string>{"28"});
  EXPECT_EQ(g.service_segment, "UNE");
  EXPECT_EQ(g.element.element, 2U);
  ASSERT_EQ(g.sets.size(), 1U);
  const SetNote& s = g.sets[0];
  EXPECT_EQ(s.control_number, "2");
  EXPECT_EQ(s.status, AckStatus::rejected);
  ASSERT_EQ(s.segments.size(), 2U);
  EXPECT_EQ(s.segments[0].position, 3U);
  EXPECT_TRUE(s.segments[0].code.empty());
  ASSERT_EQ(s.segments[0].elements.size(), 1U);
  EXPECT_EQ(s.segments[0].elements[0].code, "12");
  EXPECT_EQ(s.segments[0].elements[0].position.element, 1U);
  EXPECT_EQ(s.segments[0].elements[0].position.component, 2U);
  EXPECT_EQ(s.segments[0].elements[0].position.repetition, 4U);
  EXPECT_EQ(s.segments[1].code, "35");
}

TEST(AckRead, ContrlReceivedOnlyAtInterchangeLevel) {
  const std::string bytes =
      contrl({"UCI+ACM0000000920+4012345000009:14+5412345000013:14+8", "UCM+1+INVOIC:D:96A:UN+8"});
  const Read r = read(bytes);
  const Acknowledgment& a = r.acks.at(0);
  EXPECT_EQ(a.interchange->status, AckStatus::accepted);
  EXPECT_EQ(a.interchange->status_code, "8");
  EXPECT_FALSE(a.sets.at(0).status.has_value());
  ASSERT_EQ(a.problems.size(), 1U);
  EXPECT_EQ(a.problems[0].where.tag, "UCM");
  EXPECT_NE(explain(a).find(": received [UCI 8]"), std::string::npos) << explain(a);
}

TEST(AckRead, ContrlWithoutUciIsAnError) {
  const std::string bytes = contrl({"UCM+1+INVOIC:D:96A:UN+7"});
  const Read r = read(bytes);
  const auto m = messages(r.acks.at(0));
  EXPECT_EQ(m, (std::vector<std::string>{"the CONTRL has no UCI", "UCM before UCI"}));  // in file order
}

TEST(AckRead, MalformedX12NamesSegmentAndTag) {
  const std::string bytes = x12_ack(
      isa_4010, "997", {"AK2*850*0007", "AK3*N1*9**3", "AK5*A", "AK1*PO*4240", "AK2*850*0008", "AK5*Q"});
  const Read r = read(bytes);
  ASSERT_EQ(r.acks.size(), 1U);
  const Acknowledgment& a = r.acks[0];
  EXPECT_FALSE(a.read_cleanly());
  // The refused AK2's own AK3 and AK5 add nothing more.
  EXPECT_EQ(messages(a),
            (std::vector<std::string>{"AK2 before AK1",
                                      "AK501 (transaction set acknowledgment code) 'Q' is not a DE 717 code",
                                      "the 997 has no AK9"}));
  EXPECT_EQ(a.problems[0].where.segment, 4U);      // ISA GS ST AK2
  EXPECT_EQ(a.problems[0].where.set_segment, 2U);  // ST AK2
  EXPECT_EQ(a.problems[0].where.tag, "AK2");
  EXPECT_EQ(a.problems[0].where.file, "test.edi");
  EXPECT_NE(a.problems[0].describe().find("test.edi: interchange 1, segment 4 AK2"), std::string::npos);
  ASSERT_EQ(a.groups.size(), 1U);
  ASSERT_EQ(a.groups[0].sets.size(), 1U);
  EXPECT_FALSE(a.groups[0].sets[0].status.has_value());
  EXPECT_EQ(a.groups[0].sets[0].status_code, "Q");
}

TEST(AckRead, SegmentsOfTheOtherKindAreRefused) {
  const std::string bytes =
      x12_ack(isa_4010, "997",
              {"AK1*PO*1", "AK2*850*0001", "IK3*PO1*3**8", "IK4*1*330*7*X", "AK5*R*5", "AK9*R*1*1*0"});
  const Read r = read(bytes);
  EXPECT_EQ(messages(r.acks.at(0)),
            (std::vector<std::string>{"IK3 does not belong in a 997", "IK4 does not belong in a 997"}));
}

TEST(AckRead, PrivateErrorCodesAreWarningsAndKept) {
  const std::string bytes =
      x12_ack(isa_4010, "997", {"AK1*PO*1", "AK2*850*0001", "AK3*PO1*3**511", "AK5*R*5", "AK9*R*1*1*0"});
  const Read r = read(bytes);
  const Acknowledgment& a = r.acks.at(0);
  EXPECT_TRUE(a.read_cleanly());
  ASSERT_EQ(a.problems.size(), 1U);
  EXPECT_EQ(a.problems[0].severity, Severity::warning);
  EXPECT_EQ(a.groups.at(0).sets.at(0).segments.at(0).code, "511");
}

TEST(AckRead, OtherSetsAreNotAcknowledgments) {
  const std::string bytes = x12_ack(isa_4010, "850", {"BEG*00*SA*4500012345**20240311"});
  EXPECT_TRUE(read(bytes).acks.empty());
}

TEST(AckRead, EmptyElementsDoNotCrash) {
  const std::string bytes = x12_ack(isa_4010, "997", {"AK1", "AK2", "AK3", "AK4", "AK5", "AK9"});
  const Read r = read(bytes);
  const Acknowledgment& a = r.acks.at(0);
  EXPECT_FALSE(a.read_cleanly());
  EXPECT_FALSE(explain(a).empty());
  EXPECT_TRUE(to_json(a).is_object());
}

TEST(AckRead, ExplainAndJsonAgreeOnTheStory) {
  const std::string bytes = x12_ack(isa_4010, "997",
                                    {"AK1*PO*1001", "AK2*850*0001", "AK5*A", "AK2*850*0002",
                                     "AK3*PO1*14*PO1*8", "AK4*4*212*7*XX", "AK5*R*5", "AK9*P*2*2*1"});
  const Read r = read(bytes);
  const Acknowledgment& a = r.acks.at(0);
  EXPECT_EQ(explain(a),
            "997 from ACMESUPPLY (interchange 000000905) acknowledges group PO 1001: partially accepted, "
            "2 sets included, 2 received, 1 accepted [AK9 P]\n"
            "  set 850 0001: accepted [AK5 A]\n"
            "  set 850 0002: rejected — one or more segments in error [AK5 R 5]\n"
            "    segment 14 PO1 (loop PO1): segment has data element errors [AK3 8]\n"
            "      element 04 (212): invalid code value (\"XX\") [AK4 7]\n");
  const auto j = to_json(a);
  EXPECT_EQ(j["kind"], "997");
  EXPECT_EQ(j["groups"][0]["status"], "partially_accepted");
  EXPECT_EQ(j["groups"][0]["sets"][1]["segments"][0]["elements"][0]["error"]["description"],
            "invalid code value");
  EXPECT_EQ(j["groups"][0]["sets"][1]["segments"][0]["elements"][0]["position"]["element"], 4);
}

}  // namespace
}  // namespace edigate::ack
