#include <edigate/log.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace edigate::log {
namespace {

using std::chrono::system_clock;

// 2024-03-11T09:30:00.123Z
const system_clock::time_point fixed_time =
    system_clock::time_point(std::chrono::milliseconds(1710149400123LL));

std::string line_of(std::string_view event, std::initializer_list<Field> fields, Level level = Level::info) {
  return format_line(level, event, std::span<const Field>(fields.begin(), fields.size()), fixed_time);
}

TEST(Log, LineHasTimestampLevelEventAndTypedFieldsInOrder) {
  const std::string id = "c0ffee";
  const std::uint64_t isa13 = 4211;
  EXPECT_EQ(line_of("inbound.received", {{"correlation_id", id},
                                         {"partner", "northwind"},
                                         {"isa13", isa13},
                                         {"segments", -3},
                                         {"seconds", 0.25},
                                         {"duplicate", false}}),
            R"({"ts":"2024-03-11T09:30:00.123Z","level":"info","event":"inbound.received",)"
            R"("correlation_id":"c0ffee","partner":"northwind","isa13":4211,"segments":-3,"seconds":0.25,)"
            R"("duplicate":false})");
}

TEST(Log, TimestampKeepsLeadingZeroMilliseconds) {
  const auto when = system_clock::time_point(std::chrono::milliseconds(1710149400007LL));
  const auto line = format_line(Level::warn, "x", {}, when);
  EXPECT_EQ(line, R"({"ts":"2024-03-11T09:30:00.007Z","level":"warn","event":"x"})");
}

TEST(Log, SecretsAndPayloadsAreRedactedWhateverTheirType) {
  const auto line = nlohmann::json::parse(line_of("as2.sent", {{"payload", "ISA*00*..."},
                                                               {"Body", "x"},
                                                               {"api_token", "t0k3n"},
                                                               {"DB_PASSWORD", "hunter2"},
                                                               {"client-secret", "s"},
                                                               {"authorization", "Bearer abc"},
                                                               {"private_key", "-----BEGIN"},
                                                               {"key_pem", "-----BEGIN"},
                                                               {"token", 12345},
                                                               {"session_cookie", "c"},
                                                               {"payload_size", 2048},
                                                               {"partner", "northwind"}}));
  for (const char* name : {"payload", "Body", "api_token", "DB_PASSWORD", "client-secret", "authorization",
                           "private_key", "key_pem", "token", "session_cookie"}) {
    EXPECT_EQ(line.at(name), "[redacted]") << name;
  }
  EXPECT_EQ(line.at("payload_size"), 2048);
  EXPECT_EQ(line.at("partner"), "northwind");
}

TEST(Log, LongStringsAreCutWithAMarker) {
  const std::string long_value(2000, 'a');
  const auto line = nlohmann::json::parse(line_of("x", {{"note", long_value}}));
  EXPECT_EQ(line.at("note").get<std::string>(), std::string(max_field_bytes, 'a') + "...[truncated " +
                                                    std::to_string(2000 - max_field_bytes) + " bytes]");
}

TEST(Log, CutNeverSplitsAUtf8Character) {
  // "é" is two bytes; one leading "a" puts a character across the cut.
  std::string value = "a";
  for (int i = 0; i < 600; ++i) value += "\xC3\xA9";
  const auto line = nlohmann::json::parse(line_of("x", {{"name", value}}));
  const auto kept = line.at("name").get<std::string>();
  const auto marker = kept.find("...[truncated ");
  ASSERT_NE(marker, std::string::npos);
  EXPECT_EQ(marker, max_field_bytes - 1);
  EXPECT_EQ(kept.substr(marker), "...[truncated " + std::to_string(value.size() - marker) + " bytes]");
}

TEST(Log, InvalidUtf8StillGivesAJsonLine) {
  const auto text = line_of("x", {{"name", std::string("bad \xFF\xFE bytes")}});
  const auto line = nlohmann::json::parse(text);  // throws when the line is not valid JSON
  EXPECT_EQ(line.at("name"), "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

TEST(Log, FieldsCannotForgeTheLinesOwnMembers) {
  const auto line = nlohmann::json::parse(line_of("real", {{"event", "forged"}, {"level", "debug"}}));
  EXPECT_EQ(line.at("event"), "real");
  EXPECT_EQ(line.at("level"), "info");
  EXPECT_EQ(line.at("field.event"), "forged");
  EXPECT_EQ(line.at("field.level"), "debug");
}

TEST(Log, ParseLevel) {
  EXPECT_EQ(parse_level("DEBUG"), Level::debug);
  EXPECT_EQ(parse_level("info"), Level::info);
  EXPECT_EQ(parse_level("warning"), Level::warn);
  EXPECT_EQ(parse_level("error"), Level::error);
  EXPECT_EQ(parse_level("off"), Level::off);
  EXPECT_EQ(parse_level("verbose"), std::nullopt);
}

TEST(Log, LevelThresholdFiltersLines) {
  Logger logger;
  std::vector<std::string> lines;
  logger.to_callback([&lines](std::string_view line) { lines.emplace_back(line); });
  logger.set_level(Level::warn);
  logger.write(Level::debug, "dropped.debug", {});
  logger.write(Level::info, "dropped.info", {});
  logger.write(Level::warn, "kept.warn", {{"n", 1}});
  logger.write(Level::error, "kept.error", {});
  logger.set_level(Level::off);
  logger.write(Level::error, "dropped.off", {});
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(nlohmann::json::parse(lines[0]).at("event"), "kept.warn");
  EXPECT_EQ(nlohmann::json::parse(lines[1]).at("level"), "error");
  EXPECT_FALSE(logger.enabled(Level::off));
}

class TempFile {
 public:
  TempFile() {
    path_ = std::filesystem::temp_directory_path() /
            ("edigate-log-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".log");
    std::filesystem::remove(path_);
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::filesystem::path& path() const { return path_; }

  std::vector<std::string> lines() const {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  std::filesystem::path path_;
};

TEST(Log, FileSinkAppends) {
  TempFile file;
  { std::ofstream(file.path()) << "earlier line\n"; }
  Logger logger;
  ASSERT_TRUE(logger.to_file(file.path()).ok());
  logger.write(Level::info, "one", {});
  logger.write(Level::info, "two", {});
  logger.to_stderr();  // closes the file
  const auto lines = file.lines();
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], "earlier line");
  EXPECT_EQ(nlohmann::json::parse(lines[1]).at("event"), "one");
  EXPECT_EQ(nlohmann::json::parse(lines[2]).at("event"), "two");
}

TEST(Log, FileSinkThatCannotOpenIsAnErrorAndKeepsThePreviousSink) {
  Logger logger;
  std::vector<std::string> lines;
  logger.to_callback([&lines](std::string_view line) { lines.emplace_back(line); });
  const auto opened = logger.to_file("/nonexistent-dir/edigate.log");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::io_error);
  logger.write(Level::info, "still.here", {});
  EXPECT_EQ(lines.size(), 1U);
}

TEST(Log, ConcurrentLinesNeverInterleave) {
  TempFile file;
  Logger logger;
  ASSERT_TRUE(logger.to_file(file.path()).ok());
  constexpr int threads = 8;
  constexpr int per_thread = 300;
  const std::string filler(400, 'x');  // long lines make interleaving likely if writes were split
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&logger, &filler, t] {
      for (int i = 0; i < per_thread; ++i) {
        logger.write(Level::info, "worker.line", {{"thread", t}, {"i", i}, {"filler", filler}});
      }
    });
  }
  for (auto& worker : workers) worker.join();
  logger.to_stderr();
  const auto lines = file.lines();
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(threads * per_thread));
  std::vector<int> seen(threads, 0);
  for (const auto& line : lines) {
    const auto parsed = nlohmann::json::parse(line);  // a torn line would not parse
    EXPECT_EQ(parsed.at("i").get<int>(), seen.at(parsed.at("thread").get<std::size_t>())++);
  }
  for (int count : seen) EXPECT_EQ(count, per_thread);
}

TEST(Log, ProcessLoggerCanBeRedirected) {
  std::vector<std::string> lines;
  std::mutex mutex;
  logger().to_callback([&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  });
  const Level before = logger().level();
  logger().set_level(Level::info);
  info("inbound.received", {{"correlation_id", "abc"}, {"isa13", 7U}});
  debug("not.shown");
  logger().set_level(before);
  logger().to_stderr();
  ASSERT_EQ(lines.size(), 1U);
  const auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line.at("event"), "inbound.received");
  EXPECT_EQ(line.at("isa13"), 7);
}

}  // namespace
}  // namespace edigate::log
