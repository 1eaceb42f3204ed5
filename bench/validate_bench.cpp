// Validation throughput against the reader alone, measured in the same run (see bench/README.md).
//   edigate_validate_bench FILE... [--repeat N] [--schemas DIR] [--max-rss-mib N] [--json]
// For each file: best-of-N wall time of (a) the SegmentReader streaming every segment (the baseline)
// and (b) the Validator (reader + schemas + structure + every element). Reports MB/s of both, their
// ratio, and the peak RSS of a child process that validates the file once. Exits non-zero when
// validation finds anything in the generated files (they are valid by construction) or the child's
// peak RSS exceeds --max-rss-mib.
#include <edigate/edi/reader.hpp>
#include <edigate/schema/registry.hpp>
#include <edigate/validate/validator.hpp>

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Outcome {
  double seconds = 0;
  std::uint64_t bytes = 0;
  std::uint64_t segments = 0;
  std::uint64_t sets = 0;
  std::uint64_t findings = 0;
};

Outcome read_only(const std::string& path) {
  auto source = edigate::edi::open_file(path);
  if (!source) {
    std::fprintf(stderr, "%s\n", source.error().describe().c_str());
    std::exit(2);
  }
  const auto start = Clock::now();
  edigate::edi::SegmentReader reader(std::move(*source));
  edigate::edi::SegmentEvent event;
  Outcome o;
  while (reader.next(event)) ++o.segments;
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  o.bytes = reader.bytes_consumed();
  return o;
}

Outcome validate(const std::string& path, edigate::schema::SchemaRegistry& registry) {
  auto source = edigate::edi::open_file(path);
  if (!source) std::exit(2);
  const auto start = Clock::now();
  edigate::edi::SegmentReader reader(std::move(*source));
  edigate::validate::Validator validator(registry);
  Outcome o;
  validator.run(reader, [&](edigate::validate::InterchangeReport& report) {
    o.findings += report.findings.size();
    for (const auto& g : report.groups) {
      o.findings += g.findings.size();
      for (const auto& s : g.sets) {
        ++o.sets;
        o.findings += s.findings.size() + s.suppressed;
        o.segments += s.segment_count;
      }
    }
  });
  o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  o.bytes = reader.bytes_consumed();
  o.findings += validator.file_errors().size();
  return o;
}

// Peak RSS (KiB) of a child that validates `path` once: schemas loaded, every set checked.
long child_peak_kib(const std::string& path, const std::string& schemas) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    edigate::schema::SchemaRegistry registry(schemas);
    (void)validate(path, registry);
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
  std::string schemas = edigate::schema::SchemaRegistry::default_directory().string();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--schemas" && i + 1 < argc) {
      schemas = argv[++i];
    } else if (arg == "--max-rss-mib" && i + 1 < argc) {
      max_rss_mib = std::atol(argv[++i]);
    } else if (arg == "--json") {
      json = true;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "usage: edigate_validate_bench FILE... [--repeat N] [--schemas DIR] [--max-rss-mib N] [--json]\n");
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "edigate_validate_bench: no files\n");
    return 2;
  }
  int exit_code = 0;
  nlohmann::json out = nlohmann::json::array();
  if (!json) {
    std::printf("%-28s %10s %12s %12s %8s %9s %10s\n", "file", "MB", "read MB/s", "valid MB/s", "ratio", "findings",
                "peak RSS");
  }
  for (const std::string& file : files) {
    edigate::schema::SchemaRegistry registry(schemas);
    Outcome best_read;
    Outcome best_valid;
    // Interleaved runs: both sides see the same machine noise.
    for (int r = 0; r < repeat; ++r) {
      const Outcome a = read_only(file);
      const Outcome b = validate(file, registry);
      if (r == 0 || a.seconds < best_read.seconds) best_read = a;
      if (r == 0 || b.seconds < best_valid.seconds) best_valid = b;
    }
    const double mb = static_cast<double>(best_valid.bytes) / 1e6;
    const double read_rate = mb / best_read.seconds;
    const double valid_rate = mb / best_valid.seconds;
    const long peak_kib = child_peak_kib(file, schemas);
    if (best_valid.findings != 0) exit_code = 1;
    if (max_rss_mib > 0 && peak_kib > max_rss_mib * 1024) exit_code = 1;
    const std::string name = file.substr(file.find_last_of('/') + 1);
    if (json) {
      out.push_back({{"file", name}, {"bytes", best_valid.bytes}, {"segments", best_read.segments},
                     {"sets", best_valid.sets}, {"read_mb_s", read_rate}, {"validate_mb_s", valid_rate},
                     {"ratio", valid_rate / read_rate}, {"findings", best_valid.findings},
                     {"peak_rss_kib", peak_kib}});
    } else {
      std::printf("%-28s %10.1f %12.0f %12.0f %8.2f %9llu %7.1f MiB\n", name.c_str(), mb, read_rate, valid_rate,
                  valid_rate / read_rate, static_cast<unsigned long long>(best_valid.findings),
                  static_cast<double>(peak_kib) / 1024.0);
    }
  }
  if (json) std::printf("%s\n", out.dump(2).c_str());
  return exit_code;
}
