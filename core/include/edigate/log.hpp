#pragma once
// Structured logs: one JSON object per line, for machines first (log shippers, jq) and humans second.
//
//   log::info("inbound.received", {{"correlation_id", id}, {"partner", name}, {"isa13", n}});
//   → {"ts":"2024-03-11T09:30:00.123Z","level":"info","event":"inbound.received","correlation_id":...}
//
// Fields carry identifiers and numbers, never documents: a field whose name says it holds a payload or
// a secret (payload, body, password, token, ... also as a suffix: api_token) is written as
// "[redacted]", and a string longer than `max_field_bytes` is cut, so nothing large slips through.
// Safe to call from any thread: each line goes out in one write(), so lines never interleave.
#include <edigate/result.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace edigate::log {

enum class Level : std::uint8_t { debug, info, warn, error, off };

std::string_view to_string(Level level) noexcept;
// "debug", "info", "warn" (or "warning"), "error", "off"; case-insensitive. Anything else: nullopt.
std::optional<Level> parse_level(std::string_view text) noexcept;

// One name = value pair. Strings, integers, floating point and booleans keep their JSON type.
class Field {
 public:
  using Value = std::variant<std::string, std::int64_t, std::uint64_t, double, bool>;

  Field(std::string_view name, std::string value) : name_(name), value_(std::move(value)) {}
  Field(std::string_view name, std::string_view value) : name_(name), value_(std::string(value)) {}
  Field(std::string_view name, const char* value) : name_(name), value_(std::string(value)) {}
  Field(std::string_view name, bool value) : name_(name), value_(value) {}
  template <std::floating_point T>
  Field(std::string_view name, T value) : name_(name), value_(static_cast<double>(value)) {}
  template <std::integral T>
  requires(!std::same_as<T, bool>) Field(std::string_view name, T value) : name_(name) {
    if constexpr (std::is_signed_v<T>) {
      value_ = static_cast<std::int64_t>(value);
    } else {
      value_ = static_cast<std::uint64_t>(value);
    }
  }

  const std::string& name() const noexcept { return name_; }
  const Value& value() const noexcept { return value_; }

 private:
  std::string name_;
  Value value_;
};

// Strings longer than this are cut at a UTF-8 boundary and end with "...[truncated N bytes]".
inline constexpr std::size_t max_field_bytes = 512;

// True when a field of this name must never show its value.
bool is_sensitive(std::string_view field_name) noexcept;

// The line (without its newline) as it would be written at `when`. Field names that clash with
// ts/level/event are written with a "field." prefix so they cannot forge the line's own members.
std::string format_line(Level level, std::string_view event, std::span<const Field> fields,
                        std::chrono::system_clock::time_point when);

// Where lines go, and from which level on. The process has one (`logger()`); tests may swap its sink.
class Logger {
 public:
  // Receives each line without its trailing newline. Called with the logger's lock held: it must
  // not log itself.
  using Callback = std::function<void(std::string_view line)>;

  Logger();  // stderr, level info
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void set_level(Level level) noexcept;
  Level level() const noexcept;
  bool enabled(Level level) const noexcept;

  void to_stderr();
  // Appends to `file` (created 0640 when missing). On failure the previous sink stays.
  Result<void> to_file(const std::filesystem::path& file);
  void to_callback(Callback callback);

  void write(Level level, std::string_view event, std::span<const Field> fields) noexcept;
  void write(Level level, std::string_view event, std::initializer_list<Field> fields) noexcept {
    write(level, event, std::span<const Field>(fields.begin(), fields.size()));
  }

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The process's logger. Its level comes from EDIGATE_LOG_LEVEL when set (default info). It is never
// destroyed, so threads still running at exit can log.
Logger& logger();

inline void debug(std::string_view event, std::initializer_list<Field> fields = {}) noexcept {
  logger().write(Level::debug, event, fields);
}
inline void info(std::string_view event, std::initializer_list<Field> fields = {}) noexcept {
  logger().write(Level::info, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) noexcept {
  logger().write(Level::warn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) noexcept {
  logger().write(Level::error, event, fields);
}

}  // namespace edigate::log
