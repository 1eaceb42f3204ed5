#pragma once
// A validation report for people (one sentence per finding, with the acknowledgment code it
// becomes) and for programs (JSON): shared by `validate` and `receive`.
#include <edigate/ack/generate.hpp>
#include <edigate/validate/report.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edigate::cli {

void print_report(const validate::InterchangeReport& report, std::FILE* out = stdout);
nlohmann::json report_json(const validate::InterchangeReport& report);
// EDIGATE_NOW=CCYYMMDDHHMM pins the acknowledgments' dates (reproducible tests and replays).
ack::AckClock clock_now();

}  // namespace edigate::cli
