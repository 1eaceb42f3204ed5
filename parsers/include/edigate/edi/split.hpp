#pragma once
// Cutting an interchange into smaller complete interchanges: one per functional group or one per
// transaction set. Envelope segments are copied from the input (control numbers kept); only the
// counts in the trailers around a piece are rewritten.
#include <edigate/edi/interchange.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::edi {

enum class SplitBy : std::uint8_t { interchange, group, transaction };

// The pieces of one parsed interchange, each a complete interchange:
//   interchange  the interchange as it is (rewrite());
//   group        UNA?, ISA/UNB, one GS..GE (UNG..UNE), IEA/UNZ 0036 = 1. EDIFACT messages without UNG
//                form one header-less group, so that piece is the interchange as it is;
//   transaction  UNA?, ISA/UNB, GS/UNG when present, one ST..SE (UNH..UNT), GE/UNE = 1, IEA/UNZ = 1.
// TA1 segments between envelopes go with the first piece only. An interchange without groups is one
// piece. Segments keep their gaps and, when the input hard-wrapped them, their line breaks (exact with
// `source`, the input the offsets refer to; inferred without, as rewrite() does).
std::vector<std::string> split(const Interchange& interchange, SplitBy by, std::string_view source = {});

}  // namespace edigate::edi
