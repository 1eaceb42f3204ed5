#include <edigate/ack/vocabulary.hpp>

#include <algorithm>
#include <span>

namespace edigate::ack {
namespace {

struct Entry {
  std::string_view code;
  std::string_view phrase;
};

// Phrases follow the wording of the code tables, lower-cased, with "TS"/"FG" spelled out so a
// message reads without the table at hand.
constexpr Entry ta1_status_codes[] = {
    {"A", "accepted"},
    {"E", "accepted with errors"},
    {"R", "rejected"},
};

constexpr Entry ta1_note_codes[] = {
    {"000", "no error"},
    {"001", "interchange control numbers in ISA13 and IEA02 do not match"},
    {"002", "control standard not supported"},
    {"003", "version of controls not supported"},
    {"004", "invalid segment terminator"},
    {"005", "invalid sender ID qualifier"},
    {"006", "invalid sender ID"},
    {"007", "invalid receiver ID qualifier"},
    {"008", "invalid receiver ID"},
    {"009", "unknown receiver ID"},
    {"010", "invalid authorization qualifier"},
    {"011", "invalid authorization value"},
    {"012", "invalid security qualifier"},
    {"013", "invalid security value"},
    {"014", "invalid interchange date"},
    {"015", "invalid interchange time"},
    {"016", "invalid standards identifier"},
    {"017", "invalid version ID"},
    {"018", "invalid interchange control number"},
    {"019", "invalid acknowledgment requested value"},
    {"020", "invalid test indicator"},
    {"021", "invalid number of included groups"},
    {"022", "invalid control structure"},
    {"023", "improper (premature) end of file"},
    {"024", "invalid interchange content"},
    {"025", "duplicate interchange control number"},
    {"026", "invalid data element separator"},
    {"027", "invalid component element separator"},
    {"028", "invalid delivery date"},
    {"029", "invalid delivery time"},
    {"030", "invalid delivery time code"},
    {"031", "invalid grade of service code"},
};

constexpr Entry set_status_codes[] = {
    {"A", "accepted"},
    {"E", "accepted but errors were noted"},
    {"M", "rejected, MAC failed"},
    {"R", "rejected"},
    {"W", "rejected, assurance failed validity tests"},
    {"X", "rejected, content after decryption could not be analyzed"},
};

constexpr Entry group_status_codes[] = {
    {"A", "accepted"},
    {"E", "accepted but errors were noted"},
    {"M", "rejected, MAC failed"},
    {"P", "partially accepted, at least one transaction set was rejected"},
    {"R", "rejected"},
    {"W", "rejected, assurance failed validity tests"},
    {"X", "rejected, content after decryption could not be analyzed"},
};

constexpr Entry set_error_codes[] = {
    {"1", "transaction set not supported"},
    {"2", "transaction set trailer missing"},
    {"3", "control numbers in ST and SE do not match"},
    {"4", "included segment count wrong"},
    {"5", "one or more segments in error"},
    {"6", "missing or invalid transaction set identifier"},
    {"7", "missing or invalid transaction set control number"},
    {"8", "authentication key name unknown"},
    {"9", "encryption key name unknown"},
    {"10", "requested service not available"},
    {"11", "unknown security recipient"},
    {"12", "incorrect message length (encryption)"},
    {"13", "MAC failed"},
    {"15", "unknown security originator"},
    {"16", "syntax error in decrypted text"},
    {"17", "security not supported"},
    {"18", "transaction set not in functional group"},
    {"19", "invalid transaction set implementation convention reference"},
    {"23", "transaction set control number not unique within group"},
    {"24", "S3E missing for S3S"},
    {"25", "S3S missing for S3E"},
    {"26", "S4E missing for S4S"},
    {"27", "S4S missing for S4E"},
    {"I5", "implementation one or more segments in error"},
    {"I6", "implementation convention not supported"},
};

constexpr Entry group_error_codes[] = {
    {"1", "functional group not supported"},
    {"2", "functional group version not supported"},
    {"3", "functional group trailer missing"},
    {"4", "control numbers in GS06 and GE02 do not agree"},
    {"5", "included transaction set count wrong"},
    {"6", "group control number violates syntax"},
    {"10", "authentication key name unknown"},
    {"11", "encryption key name unknown"},
    {"12", "requested service not available"},
    {"13", "unknown security recipient"},
    {"14", "unknown security originator"},
    {"15", "syntax error in decrypted text"},
    {"16", "security not supported"},
    {"17", "incorrect message length (encryption)"},
    {"18", "MAC failed"},
    {"19", "functional group control number not unique within interchange"},
    {"23", "S3E missing for S3S"},
    {"24", "S3S missing for S3E"},
    {"25", "S4E missing for S4S"},
    {"26", "S4S missing for S4E"},
};

constexpr Entry segment_error_codes[] = {
    {"1", "unrecognized segment ID"},
    {"2", "unexpected segment"},
    {"3", "required segment missing"},
    {"4", "loop occurs over maximum times"},
    {"5", "segment exceeds maximum use"},
    {"6", "segment not in defined transaction set"},
    {"7", "segment not in proper sequence"},
    {"8", "segment has data element errors"},
    {"I4", "implementation \"not used\" segment present"},
    {"I6", "implementation dependent segment missing"},
    {"I7", "implementation loop occurs under minimum times"},
    {"I8", "implementation segment below minimum use"},
    {"I9", "implementation dependent \"not used\" segment present"},
};

constexpr Entry element_error_codes[] = {
    {"1", "required data element missing"},
    {"2", "conditional required data element missing"},
    {"3", "too many data elements"},
    {"4", "data element too short"},
    {"5", "data element too long"},
    {"6", "invalid character in data element"},
    {"7", "invalid code value"},
    {"8", "invalid date"},
    {"9", "invalid time"},
    {"10", "exclusion condition violated"},
    {"12", "too many repetitions"},
    {"13", "too many components"},
    {"I6", "code value not used in implementation"},
    {"I9", "implementation dependent data element missing"},
    {"I10", "implementation \"not used\" data element present"},
    {"I11", "implementation too few repetitions"},
    {"I12", "implementation pattern match failure"},
    {"I13", "implementation dependent \"not used\" data element present"},
};

// Only the codes the current list defines; older lists' 1, 2, 3, 5 and 6 are deliberately absent.
constexpr Entry contrl_action_codes[] = {
    {"4", "this level and all lower levels rejected"},
    {"7", "this level acknowledged, next lower level acknowledged if not explicitly rejected"},
    {"8", "interchange received"},
};

constexpr Entry contrl_error_codes[] = {
    {"2", "syntax version or level not supported"},
    {"7", "interchange recipient not actual recipient"},
    {"12", "invalid value"},
    {"13", "missing"},
    {"14", "value not supported in this position"},
    {"15", "not supported in this position"},
    {"16", "too many constituents"},
    {"17", "no agreement"},
    {"18", "unspecified error"},
    {"19", "invalid decimal notation"},
    {"20", "character invalid as service character"},
    {"21", "invalid character(s)"},
    {"22", "invalid service character(s)"},
    {"23", "unknown interchange sender"},
    {"24", "too old"},
    {"25", "test indicator not supported"},
    {"26", "duplicate detected"},
    {"27", "security function not supported"},
    {"28", "references do not match"},
    {"29", "control count does not match number of instances received"},
    {"30", "functional groups and messages mixed"},
    {"31", "more than one message type in group"},
    {"32", "lower level empty"},
    {"33", "invalid occurrence outside message, group or interchange"},
    {"34", "nesting indicator not allowed"},
    {"35", "too many segment repetitions"},
    {"36", "too many segment group repetitions"},
    {"37", "invalid type of character(s)"},
    {"38", "missing digit in front of decimal sign"},
    {"39", "data element too long"},
    {"40", "data element too short"},
    {"41", "permanent communication network error"},
    {"42", "temporary communication network error"},
    {"43", "unknown interchange recipient"},
    {"45", "trailing separator"},
    {"46", "character set not supported"},
    {"47", "envelope functionality not supported"},
    {"48", "dependency notes condition violated"},
};

std::span<const Entry> entries(CodeList list) noexcept {
  switch (list) {
    case CodeList::ta1_status:
      return ta1_status_codes;
    case CodeList::ta1_note:
      return ta1_note_codes;
    case CodeList::set_status:
      return set_status_codes;
    case CodeList::group_status:
      return group_status_codes;
    case CodeList::set_error:
      return set_error_codes;
    case CodeList::group_error:
      return group_error_codes;
    case CodeList::segment_error:
      return segment_error_codes;
    case CodeList::element_error:
      return element_error_codes;
    case CodeList::contrl_action:
      return contrl_action_codes;
    case CodeList::contrl_error:
      return contrl_error_codes;
  }
  return {};
}

}  // namespace

std::string_view describe_code(CodeList list, std::string_view code) noexcept {
  const auto table = entries(list);
  const auto found =
      std::find_if(table.begin(), table.end(), [code](const Entry& e) { return e.code == code; });
  return found == table.end() ? std::string_view() : found->phrase;
}

std::string_view to_string(CodeList list) noexcept {
  switch (list) {
    case CodeList::ta1_status:
      return "I17";
    case CodeList::ta1_note:
      return "I18";
    case CodeList::set_status:
      return "DE 717";
    case CodeList::group_status:
      return "DE 715";
    case CodeList::set_error:
      return "DE 718";
    case CodeList::group_error:
      return "DE 716";
    case CodeList::segment_error:
      return "DE 720";
    case CodeList::element_error:
      return "DE 723";
    case CodeList::contrl_action:
      return "0083";
    case CodeList::contrl_error:
      return "0085";
  }
  return "unknown";
}

}  // namespace edigate::ack
