// Mapping throughput against the reader alone, measured in the same run (see bench/README.md).
//   edigate_map_bench FILE... [--repeat N] [--json]
// For each file, best-of-N wall time of
//   (a) read:     the SegmentReader streaming every segment (the baseline);
//   (b) validate: the Validator (reader + schemas + structure + elements);
//   (c) map:      the InterchangeReader, each transaction set mapped with its shipped map to a
//                 canonical document and written as canonical JSON (the text is counted, not kept);
// and the end-to-end figure parse + validate + map = bytes / (b + c): the two passes each read the
// file, as the pipeline does when it validates before it maps. Reports MB/s, the ratios to (a), the
// canonical JSON produced, and the peak RSS of a child that maps the file once. Exits non-zero when a
// set does not map, validation finds anything (the generated files are valid by construction), or the
// child's peak RSS exceeds --max-rss-mib.
#include <edigate/edi/reader.hpp>
#include <edigate/maps/canonical.hpp>
#include <edigate/maps/map.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/validator.hpp>

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace maps = edigate::maps;

struct Outcome {
  double seconds = 0;
  std::uint64_t bytes = 0;
  std::uint64_t sets = 0;
  std::uint64_t problems = 0;
  std::uint64_t json_bytes = 0;
};

std::unique_ptr<edigate::edi::ByteSource> open(const std::string& path) {
  auto source = edigate::edi::open_file(path);
  if (!source) {
    std::fprintf(stderr, "%s\n", source.error().describe().c_str());
    std::exit(2);
  }
  return std::move(*source);
}

Outcome read_only(const std::string& path) {
  auto source = open(path);
  const auto start = Clock::now();
  edigate::edi::SegmentReader reader(std::move(source));
  edigate::edi::SegmentEvent event;
  Outcome o;
  while (reader.next(event)) {
  }
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  o.bytes = reader.bytes_consumed();
  return o;
}

Outcome validate(const std::string& path, edigate::schema::SchemaRegistry& registry) {
  auto source = open(path);
  const auto start = Clock::now();
  edigate::edi::SegmentReader reader(std::move(source));
  edigate::validate::Validator validator(registry);
  Outcome o;
  validator.run(reader, [&](edigate::validate::InterchangeReport& report) {
    o.problems += report.findings.size();
    for (const auto& g : report.groups) {
      o.problems += g.findings.size();
      for (const auto& s : g.sets) {
        ++o.sets;
        o.problems += s.findings.size() + s.suppressed;
      }
    }
  });
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  o.bytes = reader.bytes_consumed();
  o.problems += validator.file_errors().size();
  return o;
}

Outcome map_to_json(const std::string& path, const maps::MapLibrary& library) {
  auto source = open(path);
  const auto start = Clock::now();
  edigate::edi::InterchangeReader reader(std::move(source));
  edigate::edi::Interchange interchange;
  std::map<std::string, std::shared_ptr<const maps::CompiledMap>> by_set;
  Outcome o;
  while (reader.next(interchange)) {
    const std::string standard = interchange.info.standard == edigate::edi::Standard::x12 ? "x12" : "edifact";
    for (const auto& group : interchange.groups) {
      for (const auto& set : group.sets) {
        const std::string version = maps::set_version(set, group);
        const std::string key = version + "/" + std::string(set.type());
        auto it = by_set.find(key);
        if (it == by_set.end()) {
          auto map = library.for_set(standard, version, set.type());
          if (!map) {
            if (o.problems++ == 0) std::fprintf(stderr, "%s\n", map.error().describe().c_str());
            continue;
          }
          it = by_set.emplace(key, *map).first;
        }
        auto doc = maps::edi_to_canonical(*it->second, set.segments, maps::EdiPlace{path, interchange.index, {}, interchange.info.syntax_identifier});
        if (!doc) {
          if (o.problems++ == 0) std::fprintf(stderr, "%s\n", doc.error().describe().c_str());
          continue;
        }
        o.json_bytes += maps::to_json(*doc, false).size();
        ++o.sets;
      }
    }
  }
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  o.bytes = reader.bytes_consumed();
  return o;
}

long child_peak_kib(const std::string& path, const maps::MapLibrary& library) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    (void)map_to_json(path, library);
    std::_Exit(0);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  int repeat = 3;
  long max_rss_mib = 0;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--max-rss-mib" && i + 1 < argc) {
      max_rss_mib = std::atol(argv[++i]);
    } else if (arg == "--json") {
      json = true;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "usage: edigate_map_bench FILE... [--repeat N] [--max-rss-mib N] [--json]\n");
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "edigate_map_bench: no files\n");
    return 2;
  }
  auto library = maps::MapLibrary::load_default();
  if (!library) {
    std::fprintf(stderr, "%s\n", library.error().describe().c_str());
    return 2;
  }
  int exit_code = 0;
  nlohmann::json out = nlohmann::json::array();
  if (!json) {
    std::printf("%-26s %7s %9s %9s %9s %9s %7s %7s %9s %9s\n", "file", "MB", "read", "validate", "map", "v+map",
                "map/rd", "e2e/rd", "JSON MB", "peak RSS");
  }
  for (const std::string& file : files) {
    edigate::schema::SchemaRegistry registry(edigate::schema::SchemaRegistry::default_directory());
    Outcome best_read;
    Outcome best_valid;
    Outcome best_map;
    for (int r = 0; r < repeat; ++r) {  // interleaved: every stage sees the same machine noise
      const Outcome a = read_only(file);
      const Outcome b = validate(file, registry);
      const Outcome c = map_to_json(file, *library);
      if (r == 0 || a.seconds < best_read.seconds) best_read = a;
      if (r == 0 || b.seconds < best_valid.seconds) best_valid = b;
      if (r == 0 || c.seconds < best_map.seconds) best_map = c;
    }
    const double mb = static_cast<double>(best_read.bytes) / 1e6;
    const double read_rate = mb / best_read.seconds;
    const double valid_rate = mb / best_valid.seconds;
    const double map_rate = mb / best_map.seconds;
    const double e2e_rate = mb / (best_valid.seconds + best_map.seconds);
    const long peak_kib = child_peak_kib(file, *library);
    if (best_valid.problems != 0 || best_map.problems != 0) exit_code = 1;
    if (max_rss_mib > 0 && peak_kib > max_rss_mib * 1024) exit_code = 1;
    const std::string name = file.substr(file.find_last_of('/') + 1);
    if (json) {
      out.push_back({{"file", name}, {"bytes", best_read.bytes}, {"sets", best_map.sets},
                     {"read_mb_s", read_rate}, {"validate_mb_s", valid_rate}, {"map_mb_s", map_rate},
                     {"end_to_end_mb_s", e2e_rate}, {"map_ratio", map_rate / read_rate},
                     {"end_to_end_ratio", e2e_rate / read_rate}, {"json_bytes", best_map.json_bytes},
                     {"validation_findings", best_valid.problems}, {"map_failures", best_map.problems},
                     {"peak_rss_kib", peak_kib}});
    } else {
      std::printf("%-26s %7.1f %9.0f %9.0f %9.0f %9.0f %7.2f %7.2f %9.1f %5.1f MiB\n", name.c_str(), mb, read_rate,
                  valid_rate, map_rate, e2e_rate, map_rate / read_rate, e2e_rate / read_rate,
                  static_cast<double>(best_map.json_bytes) / 1e6, static_cast<double>(peak_kib) / 1024.0);
      if (best_valid.problems != 0 || best_map.problems != 0) {
        std::printf("  %llu validation findings, %llu sets that did not map\n",
                    static_cast<unsigned long long>(best_valid.problems), static_cast<unsigned long long>(best_map.problems));
      }
    }
  }
  if (json) std::printf("%s\n", out.dump(2).c_str());
  return exit_code;
}
