#include <edigate/log.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <mutex>

namespace edigate::log {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-') c = '_';
  }
  return out;
}

// Words that mark a secret wherever they stand in a name (db_password, secret_ref, ...).
constexpr std::array secret_words = {std::string_view("password"),      std::string_view("passwd"),
                                     std::string_view("secret"),        std::string_view("private_key"),
                                     std::string_view("authorization"), std::string_view("credential"),
                                     std::string_view("cookie")};
// Words that mark a payload or a secret when the name ends with them: `payload_size` is a number
// worth logging, `payload` and `raw_body` are not.
constexpr std::array suffix_words = {std::string_view("payload"), std::string_view("body"),
                                     std::string_view("token"), std::string_view("key_pem"),
                                     std::string_view("api_key")};

std::string rfc3339_millis(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto since_epoch = duration_cast<milliseconds>(when.time_since_epoch()).count();
  auto seconds = static_cast<std::time_t>(since_epoch / 1000);
  auto millis = static_cast<int>(since_epoch % 1000);
  if (millis < 0) {  // before 1970: floor, not truncate
    millis += 1000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

std::string bounded(const std::string& text) {
  if (text.size() <= max_field_bytes) return text;
  std::size_t cut = max_field_bytes;
  // Back up over UTF-8 continuation bytes so the kept part stays valid text.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return fmt::format("{}...[truncated {} bytes]", std::string_view(text).substr(0, cut), text.size() - cut);
}

void write_all(int fd, std::string_view bytes) noexcept {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report a failing log sink
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string_view to_string(Level level) noexcept {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
    case Level::off:
      return "off";
  }
  return "info";
}

std::optional<Level> parse_level(std::string_view text) noexcept {
  std::string name;
  for (char c : text) name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (name == "debug") return Level::debug;
  if (name == "info") return Level::info;
  if (name == "warn" || name == "warning") return Level::warn;
  if (name == "error") return Level::error;
  if (name == "off" || name == "none") return Level::off;
  return std::nullopt;
}

bool is_sensitive(std::string_view field_name) noexcept {
  try {
    const std::string name = lower(field_name);
    for (auto word : secret_words) {
      if (name.find(word) != std::string::npos) return true;
    }
    for (auto word : suffix_words) {
      if (name.ends_with(word)) return true;
    }
    return false;
  } catch (...) {
    return true;
  }
}

std::string format_line(Level level, std::string_view event, std::span<const Field> fields,
                        std::chrono::system_clock::time_point when) {
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line["ts"] = rfc3339_millis(when);
  line["level"] = to_string(level);
  line["event"] = event;
  for (const Field& field : fields) {
    std::string name = field.name();
    if (name == "ts" || name == "level" || name == "event") name.insert(0, "field.");
    auto& slot = line[name];
    if (is_sensitive(field.name())) {
      slot = "[redacted]";
      continue;
    }
    std::visit(
        [&slot](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::string>) {
            slot = bounded(value);
          } else {
            slot = value;
          }
        },
        field.value());
  }
  // Invalid UTF-8 in a value becomes U+FFFD instead of an exception: a log line is always written.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

struct Logger::State {
  std::atomic<Level> level{Level::info};
  std::mutex mutex;  // one line at a time, and the sink cannot change under a writer
  int fd = STDERR_FILENO;
  bool owns_fd = false;
  Callback callback;

  void close_owned() {
    if (owns_fd) ::close(fd);
    owns_fd = false;
  }
};

Logger::Logger() : state_(std::make_unique<State>()) {}

Logger::~Logger() {
  state_->close_owned();
}

void Logger::set_level(Level level) noexcept {
  state_->level.store(level, std::memory_order_relaxed);
}

Level Logger::level() const noexcept {
  return state_->level.load(std::memory_order_relaxed);
}

bool Logger::enabled(Level level) const noexcept {
  return level != Level::off && level >= state_->level.load(std::memory_order_relaxed);
}

void Logger::to_stderr() {
  std::lock_guard lock(state_->mutex);
  state_->close_owned();
  state_->fd = STDERR_FILENO;
  state_->callback = nullptr;
}

Result<void> Logger::to_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return io_error(file.string(), "cannot open the log file");
  std::lock_guard lock(state_->mutex);
  state_->close_owned();
  state_->fd = fd;
  state_->owns_fd = true;
  state_->callback = nullptr;
  return {};
}

void Logger::to_callback(Callback callback) {
  std::lock_guard lock(state_->mutex);
  state_->close_owned();
  state_->fd = -1;
  state_->callback = std::move(callback);
}

void Logger::write(Level level, std::string_view event, std::span<const Field> fields) noexcept {
  if (!enabled(level)) return;
  try {
    std::string line = format_line(level, event, fields, std::chrono::system_clock::now());
    std::lock_guard lock(state_->mutex);
    if (state_->callback) {
      state_->callback(line);
      return;
    }
    line.push_back('\n');
    write_all(state_->fd, line);
  } catch (...) {
    // Out of memory or a throwing callback: losing one line beats taking the caller down.
  }
}

Logger& logger() {
  static Logger* const process_logger = [] {
    auto* created = new Logger();  // NOLINT: deliberately never destroyed (see log.hpp)
    if (const char* env = std::getenv("EDIGATE_LOG_LEVEL"); env != nullptr && *env != '\0') {
      if (auto level = parse_level(env)) {
        created->set_level(*level);
      } else {
        created->write(Level::warn, "log.invalid_level",
                       {{"value", std::string_view(env)}, {"using", to_string(created->level())}});
      }
    }
    return created;
  }();
  return *process_logger;
}

}  // namespace edigate::log
