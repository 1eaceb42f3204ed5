#pragma once
// The partner's acknowledgments (TA1, 997, 999, CONTRL) in an interchange, as results the ledger
// reconciles with what we sent.
#include <edigate/edi/interchange.hpp>
#include <edigate/partners/ledger.hpp>

#include <string>
#include <vector>

namespace edigate::pipeline {

// One result per acknowledged interchange, group and set; empty when the interchange holds none.
std::vector<partners::AckResult> acknowledgment_results(const edi::Interchange& interchange, const std::string& file);

}  // namespace edigate::pipeline
