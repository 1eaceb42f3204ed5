// The store under the ledger's load (see bench/README.md):
//   edigate_store_bench URL... [--sets N] [--per-interchange K] [--queries Q] [--json]
// For each database URL (an empty database: the bench creates the schema): records N outbound
// transaction sets (K per interchange, one transaction each, three business keys per set) for 20
// partners, acknowledges them (accepted, accepted with errors, rejected, late; every tenth never),
// then answers Q times each "status of PO X" (a random PO) and "overdue for partner Y". Reports
// sets/s recorded, acknowledgment results/s reconciled, and the median and p99 latency of each
// query. Exits non-zero when a query answers wrongly (a PO not found, overdue counts that differ
// from what was left unacknowledged).
#include <edigate/partners/ledger.hpp>
#include <edigate/partners/partner_store.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

namespace partners = edigate::partners;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Latency {
  std::vector<double> ms;
  double percentile(double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
  }
};

[[noreturn]] void die(const edigate::Error& e) {
  std::fprintf(stderr, "%s\n", e.describe().c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> urls;
  std::size_t total = 100000;
  std::size_t per = 10;
  std::size_t queries = 200;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--sets" && i + 1 < argc) total = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--per-interchange" && i + 1 < argc) per = std::max<std::size_t>(1, std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--queries" && i + 1 < argc) queries = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--json") json = true;
    else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "usage: edigate_store_bench URL... [--sets N] [--per-interchange K] [--queries Q] [--json]\n");
      return 2;
    } else urls.push_back(a);
  }
  if (urls.empty()) {
    std::fprintf(stderr, "edigate_store_bench: no database URL\n");
    return 2;
  }
  int exit_code = 0;
  nlohmann::json out = nlohmann::json::array();
  if (!json) std::printf("%-12s %8s %12s %14s %14s %14s\n", "store", "sets", "record/s", "reconcile/s", "PO p50/p99 ms", "overdue p50/p99 ms");
  for (const std::string& url : urls) {
    auto store = partners::Store::open(url);
    if (!store) die(store.error());
    std::vector<std::int64_t> ids;
    for (int p = 0; p < 20; ++p) {
      partners::Profile profile;
      profile.name = "partner-" + std::to_string(p);
      auto id = partners::import_profile(*store, profile, true);
      if (!id) die(id.error());
      ids.push_back(*id);
    }
    // ---- record
    const auto t_record = Clock::now();
    std::size_t recorded = 0;
    std::size_t interchange = 0;
    while (recorded < total) {
      partners::LedgerInterchange ic;
      ic.standard = "x12";
      ic.control_number = std::to_string(100000000 + interchange);
      ic.at = "2026-11-25T08:00:00Z";
      ic.ack_deadline_minutes = 60;
      const std::string group = std::to_string(interchange + 1);
      for (std::size_t k = 0; k < per && recorded < total; ++k, ++recorded) {
        partners::LedgerSet s;
        s.group_control = group;
        s.set_type = "856";
        s.control_number = std::to_string(1000 + k);
        s.document = "ship_notice";
        s.keys = {{"po", "45" + std::to_string(10000000 + recorded)}, {"shipment", "SH" + std::to_string(recorded)},
                  {"po", "46" + std::to_string(10000000 + recorded)}};
        ic.sets.push_back(std::move(s));
      }
      auto r = partners::record_interchange(*store, ids[interchange % ids.size()], ic);
      if (!r) die(r.error());
      ++interchange;
    }
    const double record_s = seconds_since(t_record);
    // ---- acknowledge: one 997 per interchange, results per set; every tenth interchange never
    const auto t_ack = Clock::now();
    std::size_t results = 0;
    std::size_t never = 0;
    for (std::size_t i = 0; i < interchange; ++i) {
      const std::size_t sets_here = std::min(per, total - i * per);
      if (i % 10 == 9) {
        never += sets_here;
        continue;
      }
      std::vector<partners::AckResult> acks;
      for (std::size_t k = 0; k < sets_here; ++k) {
        static const char* statuses[] = {"accepted", "accepted", "accepted_with_errors", "rejected"};
        acks.push_back({"997", "", std::to_string(i + 1), std::to_string(1000 + k), statuses[(i + k) % 4],
                        k % 4 == 3 ? std::vector<std::string>{"segment 12 HL: HL02 names no earlier HL (code 8)"} : std::vector<std::string>{}});
      }
      auto r = partners::reconcile(*store, ids[i % ids.size()], acks, i % 7 == 0 ? "2026-11-25T10:00:00Z" : "2026-11-25T08:30:00Z");
      if (!r) die(r.error());
      results += acks.size();
    }
    const double ack_s = seconds_since(t_ack);
    // ---- queries
    std::mt19937 rng(7);
    Latency po;
    Latency overdue;
    std::size_t overdue_seen = 0;
    for (std::size_t q = 0; q < queries; ++q) {
      partners::SetFilter f;
      f.key_value = "45" + std::to_string(10000000 + rng() % total);
      auto t = Clock::now();
      auto found = partners::list_sets(*store, f, "2026-11-25T12:00:00Z");
      po.ms.push_back(seconds_since(t) * 1000);
      if (!found || found->size() != 1) {
        std::fprintf(stderr, "PO %s: %s\n", f.key_value.c_str(), found ? "not found once" : found.error().describe().c_str());
        exit_code = 1;
      }
      partners::SetFilter o;
      o.status = "overdue";
      o.partner = "partner-" + std::to_string(q % ids.size());
      o.limit = 100000;
      t = Clock::now();
      auto late = partners::list_sets(*store, o, "2026-11-25T12:00:00Z");
      overdue.ms.push_back(seconds_since(t) * 1000);
      if (!late) die(late.error());
      if (q < ids.size()) overdue_seen += late->size();
    }
    if (queries >= ids.size() && overdue_seen != never) {
      std::fprintf(stderr, "overdue: %zu listed, %zu left unacknowledged\n", overdue_seen, never);
      exit_code = 1;
    }
    const std::string kind = url.substr(0, url.find(':'));
    if (json) {
      out.push_back({{"store", kind}, {"sets", total}, {"record_sets_per_s", static_cast<double>(total) / record_s},
                     {"reconcile_results_per_s", static_cast<double>(results) / ack_s}, {"po_p50_ms", po.percentile(0.5)},
                     {"po_p99_ms", po.percentile(0.99)}, {"overdue_p50_ms", overdue.percentile(0.5)},
                     {"overdue_p99_ms", overdue.percentile(0.99)}});
    } else {
      std::printf("%-12s %8zu %12.0f %14.0f %7.2f/%-6.2f %7.1f/%-6.1f\n", kind.c_str(), total, static_cast<double>(total) / record_s,
                  static_cast<double>(results) / ack_s, po.percentile(0.5), po.percentile(0.99), overdue.percentile(0.5),
                  overdue.percentile(0.99));
    }
  }
  if (json) std::printf("%s\n", out.dump(2).c_str());
  return exit_code;
}
