// Documents per second through the inbound pipeline against parse + map alone, in the same run.
//   edigate_receive_bench SAMPLES_DIR [--small N] [--large N] [--json]
// Interchanges are made from Northwind Retail's sample 850 (samples/partners/inbound/): "small" is
// the order as it is (one set, about 1 KB; two sets, about 2 KB, are used), "large" repeats its set
// to about 1 MB in one interchange; every interchange has its own ISA13 and GS06 so none is a
// duplicate. Receiving = store_inbound (copy to the inbox, fsync, message row) + process_message
// (validate, partner, duplicate check, ledger, 997 with store control numbers, outbox, one ERP folder
// connector writing canonical JSON) on a fresh SQLite store. The baseline reads the same bytes with
// the InterchangeReader and maps every set with the same map (the partner's overlay) to canonical
// JSON. Reports documents/s, MB/s and the ratio receive / baseline; exits non-zero when a document
// is not processed.
#include <edigate/edi/reader.hpp>
#include <edigate/maps/canonical.hpp>
#include <edigate/maps/map.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/pipeline/receive.hpp>
#include <edigate/schema/registry.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace edigate;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "edigate_receive_bench: %s\n", what.c_str());
  std::exit(2);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) die("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The sample order with `sets` copies of its transaction set and its own control numbers.
std::string interchange(const std::string& sample, std::size_t sets, unsigned number) {
  const auto st = sample.find("ST*850*");
  const auto ge = sample.find("GE*");
  const std::string head = sample.substr(0, st);
  const std::string set = sample.substr(st, ge - st);
  std::string body;
  body.reserve(set.size() * sets);
  for (std::size_t i = 0; i < sets; ++i) {
    std::string s = set;
    const std::string control = fmt::format("{:04}", i + 1);
    // ST02 and SE02 of the copy.
    s.replace(s.find("ST*850*0001") + 7, 4, control);
    s.replace(s.rfind("*0001~"), 6, "*" + control + "~");
    body += s;
  }
  const std::string isa = fmt::format("{:09}", number);
  const std::string gs = std::to_string(number);
  std::string out = head;
  out.replace(out.find("000005211"), 9, isa);
  out.replace(out.find("*5211*X*"), 8, "*" + gs + "*X*");
  out += body;
  out += fmt::format("GE*{}*{}~\nIEA*1*{}~\n", sets, gs, isa);
  return out;
}

struct Figures {
  std::size_t documents = 0;
  std::uint64_t bytes = 0;
  double receive_s = 0;
  double baseline_s = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: edigate_receive_bench SAMPLES_DIR [--small N] [--large N] [--json]");
  const fs::path samples = argv[1];
  std::size_t small_count = 300, large_count = 5;
  bool json = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--small" && i + 1 < argc) small_count = std::stoul(argv[++i]);
    else if (a == "--large" && i + 1 < argc) large_count = std::stoul(argv[++i]);
    else if (a == "--json") json = true;
    else die("unknown argument " + a);
  }
  const std::string sample = slurp(samples / "partners" / "inbound" / "northwind-850-4500012399.edi");
  const fs::path work = fs::temp_directory_path() / ("edigate-receive-bench-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "in");

  auto store = partners::Store::open("sqlite:" + (work / "bench.db").string());
  if (!store) die(store.error().describe());
  auto profile = partners::load_profile(samples / "partners" / "northwind-retail.xml");
  if (!profile) die(profile.error().describe());
  if (auto imported = partners::import_profile(*store, *profile, true); !imported) die(imported.error().describe());
  auto library = maps::MapLibrary::load_default();
  if (!library) die(library.error().describe());
  schema::SchemaRegistry schemas(schema::SchemaRegistry::default_directory());
  pipeline::PipelineContext context(*store, schemas, *library, work / "data");
  pipeline::ErpConnector erp;
  erp.name = "canonical";
  erp.path = work / "erp";
  context.erp.push_back(erp);
  auto base_map = library->by_name("x12-850-5010");
  if (!base_map) die(base_map.error().describe());
  auto map = library->with_overlay(profile->overlay_for("x12-850-5010")->overlay);
  if (!map) die(map.error().describe());

  unsigned number = 100000;
  const auto run = [&](std::size_t count, std::size_t sets_each) {
    Figures f;
    std::vector<fs::path> files;
    for (std::size_t i = 0; i < count; ++i) {
      const fs::path file = work / "in" / fmt::format("{}.edi", ++number);
      std::ofstream(file, std::ios::binary) << interchange(sample, sets_each, number);
      f.bytes += fs::file_size(file);
      files.push_back(file);
    }
    f.documents = count * sets_each;
    // Baseline: parse + map the same bytes, best of three.
    f.baseline_s = 1e30;
    for (int round = 0; round < 3; ++round) {
      const auto t = Clock::now();
      std::size_t json_bytes = 0;
      for (const auto& file : files) {
        auto source = edi::open_file(file.string());
        if (!source) die(source.error().describe());
        edi::InterchangeReader reader(std::move(*source));
        edi::Interchange ic;
        while (reader.next(ic)) {
          for (const auto& g : ic.groups) {
            for (const auto& s : g.sets) {
              auto doc = maps::edi_to_canonical(**map, s.segments, maps::EdiPlace{file.string(), ic.index, std::string(s.control_number()), ""});
              if (!doc) die(doc.error().describe());
              json_bytes += maps::to_json(*doc).size();
            }
          }
        }
      }
      if (json_bytes == 0) die("nothing mapped");
      f.baseline_s = std::min(f.baseline_s, std::chrono::duration<double>(Clock::now() - t).count());
    }
    const auto t = Clock::now();
    for (const auto& file : files) {
      auto received = pipeline::receive_file(context, file, {});
      if (!received) die(received.error().describe());
      if (received->state != "processed" || received->rejected()) die(file.string() + ": " + received->state + " " + received->reason);
    }
    f.receive_s = std::chrono::duration<double>(Clock::now() - t).count();
    return f;
  };
  const Figures small = run(small_count, 2);
  const Figures large = run(large_count, 950);
  fs::remove_all(work);

  const auto report = [&](const char* name, const Figures& f) {
    const double docs = static_cast<double>(f.documents);
    const double mb = static_cast<double>(f.bytes) / 1e6;
    return nlohmann::json{{"case", name},
                          {"interchanges", name == std::string("small") ? small_count : large_count},
                          {"bytes_each", f.bytes / (name == std::string("small") ? small_count : large_count)},
                          {"documents", f.documents},
                          {"receive_documents_per_s", docs / f.receive_s},
                          {"receive_mb_per_s", mb / f.receive_s},
                          {"baseline_documents_per_s", docs / f.baseline_s},
                          {"ratio", f.baseline_s / f.receive_s}};
  };
  const nlohmann::json out = nlohmann::json::array({report("small", small), report("large", large)});
  if (json) {
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%-6s %6s %10s %10s %14s %12s %16s %8s\n", "case", "files", "bytes each", "documents", "receive docs/s",
              "receive MB/s", "parse+map docs/s", "ratio");
  for (const auto& r : out) {
    std::printf("%-6s %6zu %10zu %10zu %14.1f %12.2f %16.1f %8.3f\n", r["case"].get<std::string>().c_str(),
                r["interchanges"].get<std::size_t>(), r["bytes_each"].get<std::size_t>(), r["documents"].get<std::size_t>(),
                r["receive_documents_per_s"].get<double>(), r["receive_mb_per_s"].get<double>(),
                r["baseline_documents_per_s"].get<double>(), r["ratio"].get<double>());
  }
  return 0;
}
