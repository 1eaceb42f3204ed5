// A ledger as a busy gateway would have it after three months, for load runs against the portal API
// (see bench/README.md, "Portal load"):
//   ledger_fill --db sqlite:PATH --sets N [--partners P] [--sets-per-interchange K] [--seed S]
//               [--now RFC3339] [--batch INTERCHANGES] [--manifest PATH]
// Creates P partners (retailer-00 ...; every fourth trades EDIFACT, the others X12) and records N
// transaction sets through the store's public functions: inbound orders (850 / ORDERS) acknowledged
// by us, outbound order responses, ship notices and invoices (855 / 856 / 810, DESADV / INVOIC) with
// acknowledgment deadlines, each interchange carried by a transport message (AS2 with its MDN, or
// SFTP). Interchanges are spread evenly over the 90 days before --now. Then, as the partners' 997 /
// CONTRL would, about 70 % of the outbound sets are accepted, 5 % accepted with errors and 5 %
// rejected (with the errors in words), some of them late; the rest stay pending or overdue.
// Same arguments, same ledger (correlation ids aside). --manifest writes sample values a load script
// can ask for (PO numbers, partner names, interchange control numbers). Business keys are named as
// the canonical models name them (maps/models/canonical.xml): po, shipment (the ASN), invoice.
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/messages.hpp>
#include <edigate/partners/partner_store.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

namespace partners = edigate::partners;
using Clock = std::chrono::steady_clock;

constexpr long long po_base = 4500000000;
constexpr long long shipment_base = 8000000000;
constexpr long long invoice_base = 9000000000;
constexpr long long span_seconds = 90LL * 24 * 3600;

[[noreturn]] void die(const edigate::Error& e) {
  std::fprintf(stderr, "ledger_fill: %s\n", e.describe().c_str());
  std::exit(2);
}

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(
      stderr,
      "ledger_fill: %s\nusage: ledger_fill --db sqlite:PATH --sets N [--partners P=20] "
      "[--sets-per-interchange K=10]\n"
      "                   [--seed S=1] [--now RFC3339] [--batch INTERCHANGES=500] [--manifest PATH]\n",
      why.c_str());
  std::exit(2);
}

std::optional<std::time_t> parse_utc(const std::string& text) {
  std::tm tm{};
  int year = 0, month = 0;
  if (text.size() != 20 || text[19] != 'Z' ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &year, &month, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec) != 6) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  return timegm(&tm);
}

std::string format_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string padded(long long value, int width) {
  char out[32];
  std::snprintf(out, sizeof out, "%0*lld", width, value);
  return out;
}

struct PartnerPlan {
  std::string name;
  std::int64_t id = 0;
  bool edifact = false;
  bool as2 = false;               // else SFTP
  unsigned ack_deadline_minutes;  // what its agreements give it to acknowledge what we send
};

struct DocumentKind {
  const char* set_type;
  const char* document;
  const char* direction;
  double share;  // of the partner's interchanges
};

// Retailers send orders; we answer with order responses, ship notices and invoices.
constexpr DocumentKind x12_kinds[] = {{"850", "order", "inbound", 0.30},
                                      {"855", "order_response", "outbound", 0.15},
                                      {"856", "ship_notice", "outbound", 0.30},
                                      {"810", "invoice", "outbound", 0.25}};
constexpr DocumentKind edifact_kinds[] = {{"ORDERS", "order", "inbound", 0.35},
                                          {"DESADV", "ship_notice", "outbound", 0.35},
                                          {"INVOIC", "invoice", "outbound", 0.30}};

// What partners' acknowledgments report, decoded the way the gateway shows them.
constexpr const char* x12_rejections[] = {
    "segment 4 N1: N104 identification code missing (AK4 code 1: mandatory data element missing)",
    "segment 12 IT1: IT104 unit price \"12.5O\" is not numeric (AK4 code 6: invalid character in data "
    "element)",
    "segment 7 REF: REF01 qualifier \"ZZZ\" is not in the code list (AK4 code 7: invalid code value)",
    "segment 3 BIG: BIG01 invoice date 20261341 is not a date (AK4 code 8: invalid date)",
    "segment 9 HL: HL02 names no earlier HL (AK3 code 8: segment has data element errors)",
    "transaction set: SE01 says 31 segments, 30 were counted (AK5 code 4: number of included segments does "
    "not match)"};
constexpr const char* x12_warnings[] = {
    "segment 6 PER: PER02 contact name longer than 60 characters (AK4 code 5: data element too long)",
    "segment 11 TD5: TD505 routing not agreed for this partner (AK3 code 2: unexpected segment)",
    "segment 5 DTM: DTM02 delivery date in the past (AK4 code 7: invalid code value)"};
constexpr const char* edifact_rejections[] = {
    "segment 2 BGM: C002/1001 document name code \"999\" is not in the code list (CONTRL error 12: invalid "
    "value)",
    "segment 14 QTY: C186/6060 quantity \"1O\" is not numeric (CONTRL error 37: invalid type of character)",
    "segment 6 NAD: C082/3039 party identification missing (CONTRL error 13: missing)",
    "message: UNT 0074 says 28 segments, 27 were counted (CONTRL error 16: too many constituents)"};
constexpr const char* edifact_warnings[] = {
    "segment 9 FTX: C108/4440 free text longer than 512 characters (CONTRL error 39: data element too long)",
    "segment 3 DTM: C507/2380 date in the past (CONTRL error 12: invalid value)"};

template <std::size_t N>
const char* pick(const char* const (&list)[N], std::mt19937_64& rng) {
  return list[rng() % N];
}

struct Options {
  std::string db;
  std::size_t sets = 0;
  std::size_t partners = 20;
  std::size_t per_interchange = 10;
  std::uint64_t seed = 1;
  std::string now;
  std::size_t batch = 500;
  std::string manifest;
};

Options parse_options(int argc, char** argv) {
  Options o;
  const auto number = [&](int& i, const std::string& name) -> unsigned long long {
    if (i + 1 >= argc) usage(name + " needs a value");
    char* end = nullptr;
    const unsigned long long v = std::strtoull(argv[++i], &end, 10);
    if (end == argv[i] || *end != '\0') usage(name + " needs a number, not \"" + argv[i] + "\"");
    return v;
  };
  const auto text = [&](int& i, const std::string& name) -> std::string {
    if (i + 1 >= argc) usage(name + " needs a value");
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db")
      o.db = text(i, a);
    else if (a == "--sets")
      o.sets = number(i, a);
    else if (a == "--partners")
      o.partners = number(i, a);
    else if (a == "--sets-per-interchange")
      o.per_interchange = number(i, a);
    else if (a == "--seed")
      o.seed = number(i, a);
    else if (a == "--now")
      o.now = text(i, a);
    else if (a == "--batch")
      o.batch = number(i, a);
    else if (a == "--manifest")
      o.manifest = text(i, a);
    else
      usage("unknown argument " + a);
  }
  if (o.db.empty()) usage("--db is required");
  if (o.sets == 0) usage("--sets must be at least 1");
  if (o.partners == 0 || o.partners > 100) usage("--partners must be 1..100");
  if (o.per_interchange == 0 || o.per_interchange > 9999) usage("--sets-per-interchange must be 1..9999");
  if (o.batch == 0) usage("--batch must be at least 1");
  if (o.now.empty()) o.now = partners::utc_now();
  if (!parse_utc(o.now)) usage("--now must be RFC 3339 UTC (2026-11-25T17:20:00Z), not \"" + o.now + "\"");
  return o;
}

std::vector<PartnerPlan> create_partners(partners::Store& store, std::size_t count) {
  std::vector<PartnerPlan> plans;
  for (std::size_t p = 0; p < count; ++p) {
    PartnerPlan plan;
    plan.name = "retailer-" + padded(static_cast<long long>(p), 2);
    plan.edifact = p % 4 == 3;
    plan.as2 = p % 3 != 1;
    plan.ack_deadline_minutes = plan.edifact ? 2880 : (p % 2 == 0 ? 240 : 1440);
    const std::string upper = "RETAILER" + padded(static_cast<long long>(p), 2);
    partners::Profile profile;
    profile.name = plan.name;
    profile.title =
        "Retailer " + padded(static_cast<long long>(p), 2) + (plan.edifact ? " Europe" : " Stores");
    profile.status = "production";
    if (plan.edifact) {
      profile.edifact = partners::EdifactIdentity{};
      profile.edifact->qualifier = "14";
      profile.edifact->id = "40" + padded(static_cast<long long>(12345678900 + p), 11);
      profile.edifact->our_qualifier = "14";
      profile.edifact->our_id = "4012345000009";
    } else {
      profile.x12 = partners::X12Identity{};
      profile.x12->qualifier = "ZZ";
      profile.x12->id = upper;
      profile.x12->application = upper;
      profile.x12->our_qualifier = "ZZ";
      profile.x12->our_id = "EDIGATEHQ";
      profile.x12->our_application = "EDIGATEHQ";
    }
    if (plan.as2) {
      profile.as2_id = upper;
      profile.as2_url = "https://as2." + plan.name + ".example/as2";
    }
    const auto& kinds = plan.edifact
                            ? std::vector<DocumentKind>(std::begin(edifact_kinds), std::end(edifact_kinds))
                            : std::vector<DocumentKind>(std::begin(x12_kinds), std::end(x12_kinds));
    for (const DocumentKind& k : kinds) {
      partners::Agreement a;
      a.document = k.document;
      a.direction = k.direction;
      a.standard = plan.edifact ? "edifact" : "x12";
      a.version = plan.edifact ? "D96A" : "005010";
      a.ack = plan.edifact ? "contrl" : "997";
      a.ack_deadline_minutes = std::string(k.direction) == "outbound" ? plan.ack_deadline_minutes : 0;
      a.transport = plan.as2 ? "as2" : "sftp";
      if (plan.as2) {
        a.endpoint = profile.as2_url;
        a.as2 = partners::As2Settings{};
      } else {
        a.endpoint = "sftp://sftp." + plan.name + ".example/" +
                     (std::string(k.direction) == "outbound" ? "in" : "out");
        a.sftp = partners::SftpSettings{};
        a.sftp->host = "sftp." + plan.name + ".example";
        a.sftp->user = "edigate";
        a.sftp->path = std::string(k.direction) == "outbound" ? "/in" : "/out";
      }
      profile.agreements.push_back(std::move(a));
    }
    auto id = partners::import_profile(store, profile, true);
    if (!id) die(id.error());
    plan.id = *id;
    plans.push_back(std::move(plan));
  }
  return plans;
}

struct Counts {
  std::size_t inbound = 0, outbound = 0, accepted = 0, with_errors = 0, rejected = 0, late = 0,
              unacknowledged = 0;
};

// The partner's 997 / CONTRL for an outbound interchange, when it arrives before `now`.
void acknowledge(partners::Store& store, const PartnerPlan& partner, const partners::LedgerInterchange& ic,
                 std::time_t sent, std::time_t now, std::mt19937_64& rng, Counts& counts) {
  std::uniform_real_distribution<double> unit(0, 1);
  const double fate = unit(rng);
  if (fate >= 0.80) {  // never acknowledged (yet)
    counts.unacknowledged += ic.sets.size();
    return;
  }
  const long long deadline = partner.ack_deadline_minutes * 60LL;
  const bool late = unit(rng) < 0.08;
  const long long delay =
      late ? deadline + 60 + static_cast<long long>(rng() % (12 * 3600))
           : 120 + static_cast<long long>(rng() % static_cast<unsigned long long>(deadline * 3 / 4));
  if (sent + delay > now) {  // on its way: pending or overdue at `now`
    counts.unacknowledged += ic.sets.size();
    return;
  }
  const std::string at = format_utc(sent + delay);
  const char* kind = partner.edifact ? "CONTRL" : "997";
  std::vector<partners::AckResult> results;
  if (fate < 0.70 && !partner.edifact) {
    // A clean 997 acknowledges the group as a whole (AK9 without AK2 loops).
    results.push_back({kind, "", ic.sets.front().group_control, "", "accepted", {}});
    counts.accepted += ic.sets.size();
  } else {
    // A CONTRL names every message (UCM); a 997 with problems names every set (AK2) and the group (AK9).
    std::size_t rejected = 0, with_errors = 0;
    for (const partners::LedgerSet& set : ic.sets) {
      partners::AckResult r{kind, "", set.group_control, set.control_number, "accepted", {}};
      if (fate >= 0.70) {
        if (rng() % 2 == 0) {
          r.status = "rejected";
          r.details.push_back(partner.edifact ? pick(edifact_rejections, rng) : pick(x12_rejections, rng));
          if (rng() % 3 == 0)
            r.details.push_back(partner.edifact ? pick(edifact_warnings, rng) : pick(x12_warnings, rng));
          ++rejected;
        } else {
          r.status = "accepted_with_errors";
          r.details.push_back(partner.edifact ? pick(edifact_warnings, rng) : pick(x12_warnings, rng));
          ++with_errors;
        }
      }
      results.push_back(std::move(r));
    }
    const std::size_t n = ic.sets.size();
    counts.rejected += rejected;
    counts.with_errors += with_errors;
    counts.accepted += n - rejected - with_errors;
    if (!partner.edifact) {
      const char* group = rejected == n     ? "rejected"
                          : rejected > 0    ? "partially_accepted"
                          : with_errors > 0 ? "accepted_with_errors"
                                            : "accepted";
      results.push_back({kind, "", ic.sets.front().group_control, "", group, {}});
    } else {
      results.push_back(
          {kind, ic.control_number, "", "", "accepted", {}});  // UCI: the interchange itself was readable
    }
  }
  if (late) counts.late += ic.sets.size();
  auto r = partners::reconcile(store, partner.id, results, at);
  if (!r) die(r.error());
}

const DocumentKind& pick_kind(const PartnerPlan& partner, std::mt19937_64& rng) {
  const DocumentKind* kinds = partner.edifact ? edifact_kinds : x12_kinds;
  const std::size_t count = partner.edifact ? std::size(edifact_kinds) : std::size(x12_kinds);
  double roll = std::uniform_real_distribution<double>(0, 1)(rng);
  std::size_t k = 0;
  while (k + 1 < count && roll >= kinds[k].share) roll -= kinds[k++].share;
  return kinds[k];
}

// The transport message that carried interchange `number`, recorded before any EDI in it is read, as
// the gateway does. Returns its correlation id.
std::string record_transport(partners::Store& store, const PartnerPlan& partner, const DocumentKind& kind,
                             std::size_t number, const std::string& at) {
  const bool outbound = std::string(kind.direction) == "outbound";
  partners::LedgerMessage m;
  m.direction = kind.direction;
  m.transport = partner.as2 ? "as2" : "sftp";
  const std::string serial = padded(static_cast<long long>(number), 9);
  m.transport_id = partner.as2 ? "<" + serial + "." + (outbound ? "edigate" : partner.name) + "@as2.example>"
                               : (outbound ? "out_" : "in_") + serial + ".edi";
  m.at = at;
  m.mdn_requested = partner.as2 ? "sync" : "";
  m.state = outbound ? "sent" : "processed";
  auto message = partners::record_message(store, partner.id, m);
  if (!message) die(message.error());
  return *message;
}

// Interchange `number` with sets `first` ... `first + count - 1` of the ledger.
partners::LedgerInterchange make_interchange(const PartnerPlan& partner, std::size_t partner_index,
                                             const DocumentKind& kind, std::size_t number, std::size_t first,
                                             std::size_t count, const std::string& at, std::mt19937_64& rng) {
  const bool outbound = std::string(kind.direction) == "outbound";
  partners::LedgerInterchange ic;
  ic.direction = kind.direction;
  ic.standard = partner.edifact ? "edifact" : "x12";
  ic.control_number = partner.edifact ? std::to_string(number) : padded(static_cast<long long>(number), 9);
  const std::string ours = partner.edifact ? "4012345000009" : "EDIGATEHQ";
  const std::string theirs = partner.edifact
                                 ? "40" + padded(12345678900 + static_cast<long long>(partner_index), 11)
                                 : "RETAILER" + padded(static_cast<long long>(partner_index), 2);
  ic.sender = outbound ? ours : theirs;
  ic.receiver = outbound ? theirs : ours;
  ic.at = at;
  ic.ack_deadline_minutes = outbound ? partner.ack_deadline_minutes : 0;
  for (std::size_t s = 0; s < count; ++s) {
    partners::LedgerSet set;
    set.group_control = partner.edifact ? "" : std::to_string(number);
    set.set_type = kind.set_type;
    // ST02 counts within its group; UNH 0062 references run on across interchanges.
    set.control_number =
        partner.edifact ? std::to_string(first + s + 1) : padded(static_cast<long long>(s + 1), 4);
    set.document = kind.document;
    const long long n = static_cast<long long>(first + s);
    set.keys.emplace_back("po", std::to_string(po_base + n));
    if (std::string(kind.document) == "ship_notice")
      set.keys.emplace_back("shipment", std::to_string(shipment_base + n));
    if (std::string(kind.document) == "invoice")
      set.keys.emplace_back("invoice", std::to_string(invoice_base + n));
    if (!outbound) {
      // What we answered: nearly always accepted.
      const double answer = std::uniform_real_distribution<double>(0, 1)(rng);
      set.ack_kind = partner.edifact ? "CONTRL" : "997";
      set.ack_status = answer < 0.97 ? "accepted" : answer < 0.99 ? "accepted_with_errors" : "rejected";
    }
    ic.sets.push_back(std::move(set));
  }
  return ic;
}

// A synchronous MDN comes back on the same connection; a few say the partner could not read the message.
void record_sync_mdn(partners::Store& store, const std::string& message, std::time_t sent,
                     std::mt19937_64& rng) {
  partners::MdnReceipt mdn;
  const bool failed = rng() % 500 == 0;
  mdn.status = failed ? "failed" : "processed";
  mdn.details = failed ? "decryption-failed" : "";
  mdn.at = format_utc(sent + 2);
  if (auto r = partners::record_mdn(store, message, mdn); !r) die(r.error());
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const std::time_t now = *parse_utc(o.now);
  const std::time_t start = now - span_seconds;
  auto opened = partners::Store::open(o.db);
  if (!opened) die(opened.error());
  partners::Store& store = *opened;

  const auto t0 = Clock::now();
  const std::vector<PartnerPlan> plans = create_partners(store, o.partners);
  // Large retailers trade far more than small ones (weights 1/(p+1)^0.8).
  std::vector<double> weights;
  for (std::size_t p = 0; p < plans.size(); ++p)
    weights.push_back(1.0 / std::pow(static_cast<double>(p + 1), 0.8));
  std::discrete_distribution<std::size_t> partner_of(weights.begin(), weights.end());
  std::mt19937_64 rng(o.seed);

  const std::size_t interchanges = (o.sets + o.per_interchange - 1) / o.per_interchange;
  Counts counts;
  nlohmann::json samples_po = nlohmann::json::array(), samples_ic = nlohmann::json::array(),
                 samples_shipment = nlohmann::json::array(), samples_invoice = nlohmann::json::array();
  const std::size_t sample_every = std::max<std::size_t>(1, interchanges / 64);
  std::size_t recorded = 0;
  const std::size_t report_every = std::max<std::size_t>(o.sets / 10, 1);
  std::size_t next_report = report_every;
  std::optional<partners::Store::Transaction> tx;
  for (std::size_t i = 0; i < interchanges; ++i) {
    if (!tx) tx.emplace(store);
    const std::size_t partner_index = partner_of(rng);
    const PartnerPlan& partner = plans[partner_index];
    const DocumentKind& kind = pick_kind(partner, rng);
    const std::time_t sent =
        start + static_cast<std::time_t>(static_cast<long double>(i) * span_seconds / interchanges);
    const std::string at = format_utc(sent);
    const std::string message = record_transport(store, partner, kind, i + 1, at);
    const std::size_t count = std::min(o.per_interchange, o.sets - recorded);
    partners::LedgerInterchange ic =
        make_interchange(partner, partner_index, kind, i + 1, recorded, count, at, rng);
    ic.message_correlation = message;
    recorded += count;
    if (auto r = partners::record_interchange(store, partner.id, ic); !r) die(r.error());
    if (partner.as2) record_sync_mdn(store, message, sent, rng);
    const bool outbound = ic.direction == "outbound";
    if (outbound) {
      counts.outbound += ic.sets.size();
      acknowledge(store, partner, ic, sent, now, rng, counts);
    } else {
      counts.inbound += ic.sets.size();
    }
    if (i % sample_every == 0) {
      samples_po.push_back(ic.sets.front().keys.front().second);
      samples_ic.push_back(ic.control_number);
      for (const auto& [name, value] : ic.sets.front().keys) {
        if (name == "shipment" && samples_shipment.size() < 32) samples_shipment.push_back(value);
        if (name == "invoice" && samples_invoice.size() < 32) samples_invoice.push_back(value);
      }
    }
    if ((i + 1) % o.batch == 0 || i + 1 == interchanges) {
      tx->commit();
      tx.reset();
    }
    if (recorded >= next_report) {
      const double s = std::chrono::duration<double>(Clock::now() - t0).count();
      std::fprintf(stderr, "ledger_fill: %zu / %zu sets, %.0f s\n", recorded, o.sets, s);
      next_report += report_every;
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  std::error_code ec;
  std::string path = o.db.rfind("sqlite:", 0) == 0 ? o.db.substr(7) : "";
  const auto bytes = path.empty() ? 0 : std::filesystem::file_size(path, ec);
  std::printf(
      "ledger_fill: %zu sets in %zu interchanges for %zu partners in %.1f s (%.0f sets/s): %zu inbound, %zu "
      "outbound "
      "(%zu accepted, %zu with errors, %zu rejected, %zu of them late; %zu not acknowledged by %s)%s\n",
      o.sets, interchanges, plans.size(), seconds, static_cast<double>(o.sets) / seconds, counts.inbound,
      counts.outbound, counts.accepted, counts.with_errors, counts.rejected, counts.late,
      counts.unacknowledged, o.now.c_str(),
      path.empty() ? "" : (", " + std::to_string(ec ? 0 : bytes / (1024 * 1024)) + " MiB").c_str());

  if (!o.manifest.empty()) {
    nlohmann::json names = nlohmann::json::array();
    for (const PartnerPlan& p : plans) names.push_back(p.name);
    const nlohmann::json manifest = {{"db", o.db},
                                     {"sets", o.sets},
                                     {"interchanges", interchanges},
                                     {"seed", o.seed},
                                     {"now", o.now},
                                     {"from", format_utc(start)},
                                     {"seconds", seconds},
                                     {"counts",
                                      {{"inbound", counts.inbound},
                                       {"outbound", counts.outbound},
                                       {"accepted", counts.accepted},
                                       {"accepted_with_errors", counts.with_errors},
                                       {"rejected", counts.rejected},
                                       {"late", counts.late},
                                       {"unacknowledged", counts.unacknowledged}}},
                                     {"partners", names},
                                     {"po", samples_po},
                                     {"shipment", samples_shipment},
                                     {"invoice", samples_invoice},
                                     {"interchange", samples_ic}};
    const std::string tmp = o.manifest + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << manifest.dump(2) << "\n";
      if (!out) {
        std::fprintf(stderr, "ledger_fill: cannot write %s\n", tmp.c_str());
        return 2;
      }
    }
    std::filesystem::rename(tmp, o.manifest, ec);
    if (ec) {
      std::fprintf(stderr, "ledger_fill: cannot write %s: %s\n", o.manifest.c_str(), ec.message().c_str());
      return 2;
    }
  }
  return 0;
}
