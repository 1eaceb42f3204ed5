// edigate_parse_bench FILE... [--json] [--repeat N] [--chunk BYTES] [--api next|batch|both]
//                             [--batch-size N] [--no-rss] [--max-rss-mib N]
//
// For each FILE, in one process:
//   baseline  one memchr pass counting the segment terminator over the bytes of FILE, read with
//             read() into a reused 1 MiB buffer (the same chunked reads the reader's file source does);
//   parser    SegmentReader over open_file(FILE), touching every segment and every element, through
//             next() (one segment per call) and/or next_batch() (--batch-size events per call).
// Each is run --repeat times (default 3), interleaved; best and median are reported. MB = 1e6 bytes.
// Peak RSS is measured in a fresh child process per file (fork + exec of this binary, which parses
// FILE once and reports VmHWM and ru_maxrss), so one file's peak cannot hide another's.
// The parser's segment count must equal `segments` of FILE.counts.json (gen_edi.py) when that file
// exists, the reader must report no diagnostics, and with --max-rss-mib the child's peak RSS must stay
// within N MiB; otherwise the exit status is 1 (2 for usage and I/O errors).
#include <edigate/edi/reader.hpp>
#include <edigate/edi/source.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
namespace edi = edigate::edi;

constexpr std::size_t kReadBuffer = std::size_t{1} << 20;  // the reader's default chunk size

struct Options {
  std::vector<std::string> files;
  bool json = false;
  bool rss = true;
  int repeat = 3;
  long max_rss_mib = 0;  // 0: no limit
  bool api_next = true;
  bool api_batch = true;
  std::size_t batch_size = 256;
  std::size_t chunk = edi::ReaderOptions{}.chunk_size;
};

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr,
               "error: %s\nusage: edigate_parse_bench FILE... [--json] [--repeat N] [--chunk BYTES]"
               " [--api next|batch|both] [--batch-size N] [--no-rss] [--max-rss-mib N]\n",
               message);
  std::exit(2);
}

// ------------------------------------------------------------------ measurements

struct BaselineRun {
  std::uint64_t bytes = 0;
  std::uint64_t terminators = 0;
  double seconds = 0;
};

BaselineRun run_baseline(const std::string& path, char terminator, std::vector<char>& buffer) {
  BaselineRun run;
  const auto start = Clock::now();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "%s: cannot open: %s\n", path.c_str(), std::strerror(errno));
    std::exit(2);
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);  // as open_file does
#endif
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "%s: cannot read: %s\n", path.c_str(), std::strerror(errno));
      std::exit(2);
    }
    if (n == 0) break;
    run.bytes += static_cast<std::uint64_t>(n);
    const char* p = buffer.data();
    const char* const end = p + n;
    while (p < end) {
      const void* hit = std::memchr(p, static_cast<unsigned char>(terminator), static_cast<std::size_t>(end - p));
      if (hit == nullptr) break;
      ++run.terminators;
      p = static_cast<const char*>(hit) + 1;
    }
  }
  ::close(fd);
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

struct ParserRun {
  std::uint64_t bytes = 0;
  std::uint64_t segments = 0;
  std::uint64_t elements = 0;
  std::uint64_t checksum = 0;  // sum of tag and element sizes: keeps the work observable
  std::uint64_t diagnostics = 0;
  std::string first_diagnostic;
  double seconds = 0;
};

// batch == 0: next(); otherwise next_batch() with `batch` events per call.
ParserRun run_parser(const std::string& path, std::size_t chunk, std::size_t batch) {
  ParserRun run;
  const auto start = Clock::now();
  auto source = edi::open_file(path);
  if (!source) {
    std::fprintf(stderr, "%s\n", source.error().describe().c_str());
    std::exit(2);
  }
  edi::ReaderOptions options;
  options.chunk_size = chunk;
  edi::SegmentReader reader(std::move(source).value(), options);
  std::uint64_t segments = 0;
  std::uint64_t elements = 0;
  std::uint64_t checksum = 0;
  auto touch = [&](const edi::SegmentEvent& event) {
    ++segments;
    checksum += event.segment.tag().size();
    event.segment.for_each_element([&](std::string_view element) {
      ++elements;
      checksum += element.size();
    });
  };
  if (batch == 0) {
    edi::SegmentEvent event;
    while (reader.next(event)) touch(event);
  } else {
    std::vector<edi::SegmentEvent> events(batch);
    for (;;) {
      const std::size_t n = reader.next_batch(std::span<edi::SegmentEvent>(events));
      if (n == 0) break;
      for (std::size_t i = 0; i < n; ++i) touch(events[i]);
    }
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  run.bytes = reader.bytes_consumed();
  run.segments = segments;
  run.elements = elements;
  run.checksum = checksum;
  run.diagnostics = reader.diagnostics().size() + reader.suppressed_diagnostics();
  if (!reader.diagnostics().empty()) run.first_diagnostic = reader.diagnostics().front().describe();
  return run;
}

// The segment terminator the reader found in the first interchange.
std::optional<char> detect_terminator(const std::string& path) {
  auto source = edi::open_file(path);
  if (!source) return std::nullopt;
  edi::SegmentReader reader(std::move(source).value());
  edi::SegmentEvent event;
  if (!reader.next(event)) return std::nullopt;
  return reader.interchange().delimiters.segment;
}

std::optional<std::uint64_t> expected_segments(const std::string& path) {
  std::ifstream in(path + ".counts.json");
  if (!in) return std::nullopt;
  const auto counts = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!counts.is_object() || !counts.contains("segments") || !counts["segments"].is_number_unsigned()) {
    std::fprintf(stderr, "%s.counts.json: no unsigned \"segments\" field\n", path.c_str());
    std::exit(2);
  }
  return counts["segments"].get<std::uint64_t>();
}

std::uint64_t file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), std::strerror(errno));
    std::exit(2);
  }
  return static_cast<std::uint64_t>(st.st_size);
}

// ------------------------------------------------------------------ peak RSS in a child

long vm_hwm_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// The child: parse once, report "segments diagnostics vmhwm_kib ru_maxrss_kib" on stdout.
int rss_child(const std::string& path, std::size_t chunk, std::size_t batch) {
  const ParserRun run = run_parser(path, chunk, batch);
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  std::printf("%llu %llu %ld %ld\n", static_cast<unsigned long long>(run.segments),
              static_cast<unsigned long long>(run.diagnostics), vm_hwm_kib(), usage.ru_maxrss);
  return 0;
}

struct RssResult {
  bool ok = false;
  long vm_hwm_kib = -1;        // the child's own VmHWM (its image after exec)
  long ru_maxrss_kib = -1;     // getrusage in the child (also covers the forked image before exec)
  std::uint64_t segments = 0;
};

RssResult measure_rss(const std::string& path, std::size_t chunk, std::size_t batch) {
  RssResult result;
  int fds[2];
  if (::pipe(fds) != 0) return result;
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return result;
  }
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    const std::string chunk_text = std::to_string(chunk);
    const std::string batch_text = std::to_string(batch);
    const char* args[] = {"edigate_parse_bench", "--rss-child", path.c_str(), "--chunk", chunk_text.c_str(),
                          "--batch", batch_text.c_str(), nullptr};
    ::execv("/proc/self/exe", const_cast<char* const*>(args));
    std::_Exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buffer[256];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return result;
  unsigned long long segments = 0;
  unsigned long long diagnostics = 0;
  if (std::sscanf(out.c_str(), "%llu %llu %ld %ld", &segments, &diagnostics, &result.vm_hwm_kib,
                  &result.ru_maxrss_kib) != 4) {
    return result;
  }
  result.segments = segments;
  result.ok = true;
  return result;
}

// ------------------------------------------------------------------ statistics and output

struct Stats {
  double best = 0;
  double median = 0;
};

Stats stats_of(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  Stats s;
  s.best = seconds.front();
  const std::size_t n = seconds.size();
  s.median = n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
  return s;
}

double mb_per_s(std::uint64_t bytes, double seconds) { return static_cast<double>(bytes) / 1e6 / seconds; }

struct ModeResult {
  std::string api;        // "next" or "batch"
  std::size_t batch = 0;  // 0: next()
  ParserRun last;         // the counts of the last run
  Stats time;
};

struct FileResult {
  std::string path;
  std::uint64_t bytes = 0;
  char terminator = 0;
  std::uint64_t terminators = 0;
  Stats baseline;
  std::vector<ModeResult> modes;
  std::optional<std::uint64_t> expected;
  RssResult rss;
  bool rss_measured = false;
  std::vector<std::string> problems;
};

std::string json_of(const std::vector<FileResult>& results, const Options& o) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json f;
    f["file"] = r.path;
    f["bytes"] = r.bytes;
    f["expected_segments"] = r.expected ? nlohmann::json(*r.expected) : nlohmann::json(nullptr);
    f["baseline"] = {{"terminator", std::string(1, r.terminator)},
                     {"terminators", r.terminators},
                     {"best_s", r.baseline.best},
                     {"median_s", r.baseline.median},
                     {"best_mb_per_s", mb_per_s(r.bytes, r.baseline.best)},
                     {"median_mb_per_s", mb_per_s(r.bytes, r.baseline.median)}};
    nlohmann::json parsers = nlohmann::json::array();
    for (const auto& m : r.modes) {
      const double segs = static_cast<double>(m.last.segments);
      parsers.push_back({{"api", m.api},
                         {"batch_size", m.batch},
                         {"segments", m.last.segments},
                         {"elements", m.last.elements},
                         {"checksum", m.last.checksum},
                         {"diagnostics", m.last.diagnostics},
                         {"best_s", m.time.best},
                         {"median_s", m.time.median},
                         {"best_mb_per_s", mb_per_s(r.bytes, m.time.best)},
                         {"median_mb_per_s", mb_per_s(r.bytes, m.time.median)},
                         {"best_segments_per_s", segs / m.time.best},
                         {"median_segments_per_s", segs / m.time.median},
                         {"ratio_best", r.baseline.best / m.time.best},
                         {"ratio_median", r.baseline.median / m.time.median}});
    }
    f["parsers"] = std::move(parsers);
    if (r.rss_measured) {
      f["rss"] = {{"vm_hwm_kib", r.rss.vm_hwm_kib}, {"ru_maxrss_kib", r.rss.ru_maxrss_kib}};
    } else {
      f["rss"] = nullptr;
    }
    f["ok"] = r.problems.empty();
    f["problems"] = r.problems;
    files.push_back(std::move(f));
  }
  nlohmann::json doc = {{"repeat", o.repeat}, {"chunk_size", o.chunk}, {"files", std::move(files)}};
  if (o.max_rss_mib != 0) doc["max_rss_mib"] = o.max_rss_mib;
  return doc.dump(2);
}

void print_table(const std::vector<FileResult>& results, int repeat) {
  std::printf("edigate_parse_bench: %d runs each, best (median); MB = 1e6 bytes; ratio = parser / memchr baseline\n",
              repeat);
  std::printf("%-24s %7s %-9s %19s %19s %15s %13s %8s %8s  %s\n", "file", "MB", "api", "baseline MB/s",
              "parser MB/s", "Msegments/s", "ratio", "VmHWM", "maxrss", "check");
  for (const auto& r : results) {
    std::string name = r.path;
    if (const auto slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
    if (name.size() > 24) name = name.substr(0, 21) + "...";
    char base[40];
    char hwm[16] = "-";
    char maxrss[16] = "-";
    std::snprintf(base, sizeof base, "%7.0f (%7.0f)", mb_per_s(r.bytes, r.baseline.best),
                  mb_per_s(r.bytes, r.baseline.median));
    if (r.rss_measured && r.rss.ok) {
      std::snprintf(hwm, sizeof hwm, "%.1fMiB", static_cast<double>(r.rss.vm_hwm_kib) / 1024);
      std::snprintf(maxrss, sizeof maxrss, "%.1fMiB", static_cast<double>(r.rss.ru_maxrss_kib) / 1024);
    }
    for (const auto& m : r.modes) {
      char api[16];
      char parser[40];
      char segs[40];
      char ratio[40];
      std::snprintf(api, sizeof api, "%s", m.batch == 0 ? "next" : ("batch" + std::to_string(m.batch)).c_str());
      std::snprintf(parser, sizeof parser, "%7.1f (%7.1f)", mb_per_s(r.bytes, m.time.best),
                    mb_per_s(r.bytes, m.time.median));
      std::snprintf(segs, sizeof segs, "%5.2f (%5.2f)", static_cast<double>(m.last.segments) / m.time.best / 1e6,
                    static_cast<double>(m.last.segments) / m.time.median / 1e6);
      std::snprintf(ratio, sizeof ratio, "%.3f (%.3f)", r.baseline.best / m.time.best,
                    r.baseline.median / m.time.median);
      std::string check = r.problems.empty() ? "ok" : "FAIL";
      check += " segments=" + std::to_string(m.last.segments);
      if (r.expected) check += m.last.segments == *r.expected ? "=counts.json" : "!=counts.json";
      std::printf("%-24s %7.1f %-9s %19s %19s %15s %13s %8s %8s  %s\n", name.c_str(),
                  static_cast<double>(r.bytes) / 1e6, api, base, parser, segs, ratio, hwm, maxrss, check.c_str());
    }
  }
  for (const auto& r : results) {
    for (const auto& p : r.problems) std::printf("%s: %s\n", r.path.c_str(), p.c_str());
  }
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value after an option");
      return argv[++i];
    };
    if (a == "--json") {
      o.json = true;
    } else if (a == "--no-rss") {
      o.rss = false;
    } else if (a == "--repeat") {
      o.repeat = std::atoi(value().c_str());
      if (o.repeat < 1) usage("--repeat needs a positive number");
    } else if (a == "--api") {
      const std::string api = value();
      if (api != "next" && api != "batch" && api != "both") usage("--api is next, batch or both");
      o.api_next = api != "batch";
      o.api_batch = api != "next";
    } else if (a == "--batch-size") {
      const long long n = std::atoll(value().c_str());
      if (n < 1) usage("--batch-size needs a positive number");
      o.batch_size = static_cast<std::size_t>(n);
    } else if (a == "--max-rss-mib") {
      o.max_rss_mib = std::atol(value().c_str());
      if (o.max_rss_mib < 1) usage("--max-rss-mib needs a positive number");
    } else if (a == "--chunk") {
      const long long n = std::atoll(value().c_str());
      if (n < 1) usage("--chunk needs a positive number of bytes");
      o.chunk = static_cast<std::size_t>(n);
    } else if (a == "-h" || a == "--help") {
      usage("help requested");
    } else if (a.size() > 1 && a[0] == '-') {
      usage("unknown option");
    } else {
      o.files.emplace_back(a);
    }
  }
  if (o.files.empty()) usage("no input file");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string_view(argv[1]) == "--rss-child") {
    std::size_t chunk = edi::ReaderOptions{}.chunk_size;
    std::size_t batch = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
      if (std::string_view(argv[i]) == "--chunk") chunk = static_cast<std::size_t>(std::atoll(argv[i + 1]));
      if (std::string_view(argv[i]) == "--batch") batch = static_cast<std::size_t>(std::atoll(argv[i + 1]));
    }
    return rss_child(argv[2], chunk, batch);
  }
  const Options options = parse_args(argc, argv);
  std::vector<std::size_t> batches;  // 0: next()
  if (options.api_next) batches.push_back(0);
  if (options.api_batch) batches.push_back(options.batch_size);

  std::vector<FileResult> results(options.files.size());
  // Peak RSS first, while this process is still small (a forked child's ru_maxrss includes the
  // image it was forked from; VmHWM after exec does not). The child reads as the first API does.
  for (std::size_t i = 0; i < options.files.size(); ++i) {
    results[i].path = options.files[i];
    if (options.rss) {
      results[i].rss = measure_rss(options.files[i], options.chunk, batches.front());
      results[i].rss_measured = true;
      if (!results[i].rss.ok) results[i].problems.emplace_back("the RSS child process failed");
    }
  }

  std::vector<char> buffer(kReadBuffer);
  for (auto& r : results) {
    r.bytes = file_size(r.path);
    r.expected = expected_segments(r.path);
    const auto terminator = detect_terminator(r.path);
    if (!terminator) {
      std::fprintf(stderr, "%s: the reader found no segment\n", r.path.c_str());
      return 2;
    }
    r.terminator = *terminator;
    if (!options.json) {
      std::fprintf(stderr, "%s: %.1f MB, %d runs...\n", r.path.c_str(), static_cast<double>(r.bytes) / 1e6,
                   options.repeat);
    }
    // Warm the page cache so neither side pays for the disk.
    (void)run_baseline(r.path, r.terminator, buffer);
    std::vector<double> base_times;
    std::vector<std::vector<double>> parser_times(batches.size());
    r.modes.resize(batches.size());
    for (int k = 0; k < options.repeat; ++k) {
      const BaselineRun b = run_baseline(r.path, r.terminator, buffer);
      base_times.push_back(b.seconds);
      r.terminators = b.terminators;
      for (std::size_t m = 0; m < batches.size(); ++m) {
        r.modes[m].last = run_parser(r.path, options.chunk, batches[m]);
        parser_times[m].push_back(r.modes[m].last.seconds);
      }
    }
    r.baseline = stats_of(base_times);
    for (std::size_t m = 0; m < batches.size(); ++m) {
      ModeResult& mode = r.modes[m];
      mode.batch = batches[m];
      mode.api = batches[m] == 0 ? "next" : "batch";
      mode.time = stats_of(parser_times[m]);
      const ParserRun& run = mode.last;
      const std::string who = mode.batch == 0 ? "next(): " : "next_batch(): ";
      if (run.bytes != r.bytes) {
        r.problems.push_back(who + "the reader consumed " + std::to_string(run.bytes) + " of " +
                             std::to_string(r.bytes) + " bytes");
      }
      if (r.expected && *r.expected != run.segments) {
        r.problems.push_back(who + "segment count " + std::to_string(run.segments) + " != " +
                             std::to_string(*r.expected) + " in counts.json");
      }
      if (run.diagnostics != 0) {
        r.problems.push_back(who + std::to_string(run.diagnostics) +
                             " diagnostic(s) from the reader, first: " + run.first_diagnostic);
      }
      if (run.segments != r.modes.front().last.segments || run.checksum != r.modes.front().last.checksum) {
        r.problems.push_back(who + "segments or element checksum differ from next()");
      }
    }
    if (r.rss_measured && r.rss.ok && options.max_rss_mib != 0 &&
        std::max(r.rss.vm_hwm_kib, r.rss.ru_maxrss_kib) > options.max_rss_mib * 1024) {
      r.problems.push_back("peak RSS " + std::to_string(std::max(r.rss.vm_hwm_kib, r.rss.ru_maxrss_kib)) +
                           " KiB exceeds " + std::to_string(options.max_rss_mib) + " MiB");
    }
    if (r.rss_measured && r.rss.ok && r.rss.segments != r.modes.front().last.segments) {
      r.problems.emplace_back("the RSS child counted a different number of segments");
    }
  }

  if (options.json) {
    std::printf("%s\n", json_of(results, options).c_str());
  } else {
    print_table(results, options.repeat);
  }
  const bool ok = std::all_of(results.begin(), results.end(), [](const FileResult& r) { return r.problems.empty(); });
  return ok ? 0 : 1;
}
