#include <edigate/pipeline/gateway.hpp>

#include <edigate/partners/messages.hpp>
#include <edigate/partners/partner_store.hpp>
#include <edigate/pipeline/receive.hpp>
#include <edigate/pipeline/send.hpp>
#include <edigate/log.hpp>
#include <edigate/metrics.hpp>
#include <edigate/xml.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <thread>

namespace edigate::pipeline {

namespace {

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The gateway's counters and timings, registered once in the process's registry (served at /metrics).
struct GatewayMetrics {
  metrics::CounterFamily* messages = nullptr;      // inbound messages by outcome
  metrics::CounterFamily* interchanges = nullptr;  // inbound interchanges by status
  metrics::CounterFamily* deliveries = nullptr;    // sets delivered to ERP connectors
  metrics::CounterFamily* outbound = nullptr;      // ERP documents sent, replayed, set aside
  metrics::HistogramFamily* processing = nullptr;  // seconds to process one inbound message
};

const GatewayMetrics& gateway_metrics() {
  static const GatewayMetrics m = [] {
    metrics::Registry& r = metrics::default_registry();
    GatewayMetrics g;
    const auto must = [](auto family) {
      // The names are ours and fixed: a clash is a programming error found by the first test.
      if (!family) std::abort();
      return *family;
    };
    g.messages = must(r.counter("edigate_inbound_messages_total", "Inbound messages processed, by outcome", {"state"}));
    g.interchanges = must(r.counter("edigate_inbound_interchanges_total", "Inbound interchanges, by status", {"status"}));
    g.deliveries = must(r.counter("edigate_erp_deliveries_total", "Sets delivered to ERP connectors", {"connector"}));
    g.outbound = must(r.counter("edigate_outbound_documents_total", "ERP documents for partners, by result", {"result"}));
    g.processing = must(r.histogram("edigate_inbound_processing_seconds", "Time to process one inbound message", {}, {}));
    return g;
  }();
  return m;
}

// A drop folder's files in a stable order, without the ones still being written: writers put a file
// in place by renaming it, so names starting with '.' or ending in .tmp/.part are not ready.
std::vector<std::filesystem::path> ready_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    const auto ends = [&](std::string_view suffix) { return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0; };
    if (ends(".tmp") || ends(".part")) continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<GatewayConfig> load_gateway_config(const std::filesystem::path& file) {
  xml::ReadOptions options;
  options.xsd = std::filesystem::path(EDIGATE_CONFIG_DIR) / "gateway.xsd";
  options.target_namespace = "urn:edigate:gateway:1";
  options.invalid = ErrorCode::invalid_document;
  options.missing = ErrorCode::io_error;
  auto root = xml::read_file(file, options);
  if (!root) return std::move(root).error();
  const std::filesystem::path base = std::filesystem::absolute(file).parent_path();
  const auto path_of = [&](const std::string& p) { return p.empty() ? std::filesystem::path() : (base / p).lexically_normal(); };
  GatewayConfig c;
  c.file = std::filesystem::absolute(file);
  c.data = path_of(root->attribute_or("data", ""));
  c.db = root->attribute_or("db", "");
  if (c.db.rfind("sqlite:", 0) == 0 && c.db != "sqlite::memory:" && c.db.size() > 7 && c.db[7] != '/') {
    c.db = "sqlite:" + path_of(c.db.substr(7)).string();
  }
  std::vector<std::string> problems;
  // The XSD admits any positive integer; what we use must also fit.
  const auto number = [&](const xml::Element& e, const char* name, const char* fallback, std::uint64_t max) -> std::uint64_t {
    const std::string text = e.attribute_or(name, fallback);
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > max) {
      problems.push_back(fmt::format("{}:{}: {}=\"{}\" is not a number from 1 to {}", file.string(), e.line, name, text, max));
      return std::strtoull(fallback, nullptr, 10);
    }
    return value;
  };
  c.poll = std::chrono::milliseconds(number(*root, "poll-ms", "500", 3600000));
  c.max_message_size = number(*root, "max-message-mb", "256", 1u << 20) << 20;
  for (const xml::Element& e : root->children) {
    if (e.name == "partners") {
      c.partner_dirs.push_back(path_of(e.attribute_or("dir", "")));
    } else if (e.name == "inbound") {
      c.inbound.push_back({path_of(e.attribute_or("folder", "")), e.attribute_or("partner", "")});
    } else if (e.name == "outbound") {
      c.outbound.push_back(path_of(e.attribute_or("folder", "")));
    } else if (e.name == "erp") {
      ErpConnector erp;
      erp.name = e.attribute_or("name", "");
      erp.format = e.attribute_or("format", "canonical-json");
      erp.kind = e.attribute_or("kind", "folder");
      erp.path = path_of(e.attribute_or("path", ""));
      erp.url = e.attribute_or("url", "");
      erp.documents = words(e.attribute_or("documents", ""));
      erp.attempts = static_cast<unsigned>(number(e, "attempts", "5", 100));
      if (erp.kind == "folder" && erp.path.empty()) problems.push_back(fmt::format("{}:{}: erp {} needs a path", file.string(), e.line, erp.name));
      if (erp.kind == "webhook" && erp.url.empty()) problems.push_back(fmt::format("{}:{}: erp {} needs a url", file.string(), e.line, erp.name));
      if (std::any_of(c.erp.begin(), c.erp.end(), [&](const ErpConnector& o) { return o.name == erp.name; })) {
        problems.push_back(fmt::format("{}:{}: a second erp named {}", file.string(), e.line, erp.name));
      }
      c.erp.push_back(std::move(erp));
    } else if (e.name == "http") {
      c.http_listen = e.attribute_or("listen", "127.0.0.1:8080");
    } else if (e.name == "log") {
      c.log_file = path_of(e.attribute_or("file", ""));
      c.log_level = e.attribute_or("level", "info");
    }
  }
  if (!problems.empty()) {
    Error err;
    err.code = ErrorCode::invalid_document;
    err.where.file = file.string();
    for (const auto& p : problems) err.message += (err.message.empty() ? "" : "\n") + p;
    return err;
  }
  return c;
}

struct Gateway::State {
  GatewayConfig config;
  std::optional<partners::Store> store;
  std::optional<maps::MapLibrary> maps;
  std::unique_ptr<schema::SchemaRegistry> schemas;
};

Gateway::Gateway() : state_(std::make_unique<State>()) {}
Gateway::Gateway(Gateway&&) noexcept = default;
Gateway& Gateway::operator=(Gateway&&) noexcept = default;
Gateway::~Gateway() = default;

Result<Gateway> Gateway::open(const GatewayConfig& config) {
  Gateway g;
  g.state_->config = config;
  if (auto level = log::parse_level(config.log_level)) log::logger().set_level(*level);
  if (!config.log_file.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(config.log_file.parent_path(), ec);
    if (auto to_file = log::logger().to_file(config.log_file); !to_file) return std::move(to_file).error();
  }
  auto store = partners::Store::open(config.db.empty() ? partners::default_store_url() : config.db);
  if (!store) return std::move(store).error();
  g.state_->store.emplace(std::move(*store));
  auto library = maps::MapLibrary::load_default();
  if (!library) return std::move(library).error();
  g.state_->maps.emplace(std::move(*library));
  g.state_->schemas = std::make_unique<schema::SchemaRegistry>(schema::SchemaRegistry::default_directory());
  for (const auto& dir : config.partner_dirs) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry.path());
    }
    if (ec) {
      Error err;
      err.code = ErrorCode::io_error;
      err.where.file = dir.string();
      err.message = "cannot read the partners folder: " + ec.message();
      return err;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto profile = partners::load_profile(f);
      if (!profile) return std::move(profile).error();
      auto imported = partners::import_profile(*g.state_->store, *profile, true);
      if (!imported) return std::move(imported).error();
      log::info("partner.imported", {{"partner", profile->name}, {"file", f.string()}});
    }
  }
  for (const auto& in : config.inbound) std::filesystem::create_directories(in.folder);
  for (const auto& out : config.outbound) std::filesystem::create_directories(out);
  return g;
}

Result<PassSummary> Gateway::run_once() {
  State& st = *state_;
  PassSummary summary;
  PipelineContext context(*st.store, *st.schemas, *st.maps, st.config.data);
  context.erp = st.config.erp;
  context.max_message_size = st.config.max_message_size;

  // 1. Drop folders: each file is kept in the inbox and recorded before it leaves the folder. A file
  //    already recorded (the process stopped between the two) only leaves.
  for (const InboundFolder& in : st.config.inbound) {
    for (const auto& file : ready_files(in.folder)) {
      auto digest = partners::digest_file(file);
      if (!digest) return std::move(digest).error();
      auto earlier = partners::message_by_transport_id(*st.store, "folder", "inbound", file.filename().string());
      if (!earlier) return std::move(earlier).error();
      bool known = false;
      if (earlier->has_value()) {
        auto m = partners::find_message(*st.store, **earlier);
        if (!m) return std::move(m).error();
        known = m->has_value() && (*m)->sha256 == digest->sha256;
      }
      if (!known) {
        InboundSource source;
        source.partner = in.partner;
        source.transport = "folder";
        auto correlation = store_inbound(context, file, source);
        if (!correlation) {
          log::warn("inbound.refused", {{"file", file.string()}, {"reason", correlation.error().message}});
          // Unreadable or too large: set aside with the reason, never silently dropped.
          const auto aside = st.config.data / "refused" / file.filename();
          std::filesystem::create_directories(aside.parent_path());
          std::error_code ec;
          std::filesystem::rename(file, aside, ec);
          continue;
        }
        ++summary.stored;
        log::info("inbound.stored", {{"correlation_id", *correlation}, {"file", file.filename().string()}, {"size", digest->size}});
      }
      std::error_code ec;
      std::filesystem::remove(file, ec);
    }
  }

  // 2. ERP documents to send: <folder>/<partner>/<file>. The file leaves the folder once its send is
  //    recorded and published; after a crash in between, sending it again is a replay (same numbers).
  for (const auto& folder : st.config.outbound) {
    std::error_code ec;
    for (const auto& partner_dir : std::filesystem::directory_iterator(folder, ec)) {
      if (!partner_dir.is_directory()) continue;
      const std::string partner = partner_dir.path().filename().string();
      for (const auto& file : ready_files(partner_dir.path())) {
        SendOptions options;
        options.outbox = st.config.data / "outbox";
        auto sent = send_file(*st.store, file, partner, *st.maps, *st.schemas, options);
        if (!sent) {
          // What cannot be sent is set aside with its reason, never retried blindly or dropped.
          ++summary.failed;
          const auto aside = st.config.data / "exceptions" / "outbound" / partner / file.filename();
          std::filesystem::create_directories(aside.parent_path(), ec);
          std::filesystem::rename(file, aside, ec);
          if (auto w = write_atomically(aside.string() + ".reason.txt", sent.error().describe() + "\n"); !w) return std::move(w).error();
          log::warn("outbound.exception", {{"partner", partner}, {"file", file.filename().string()}, {"reason", sent.error().message}});
          gateway_metrics().outbound->labels({"set_aside"}).inc();
          continue;
        }
        ++summary.sent;
        log::info("outbound.sent", {{"correlation_id", sent->message_correlation}, {"partner", partner}, {"file", file.filename().string()},
                                    {"interchange", sent->interchange_control}, {"sets", sent->sets.size()}, {"replay", sent->replay},
                                    {"acknowledgment_due", sent->due_at}});
        gateway_metrics().outbound->labels({sent->replay ? "replayed" : "sent"}).inc();
        std::filesystem::remove(file, ec);
      }
    }
  }

  // 3. The queue: stored messages whose (next) attempt is due, oldest first.
  auto waiting = partners::messages_in_state(*st.store, "inbound", "stored", 50);
  if (!waiting) return std::move(waiting).error();
  for (const auto& m : *waiting) {
    const auto started = std::chrono::steady_clock::now();
    auto result = process_message(context, m.correlation_id);
    if (!result) return std::move(result).error();
    gateway_metrics().processing->get().observe(std::chrono::steady_clock::now() - started);
    gateway_metrics().messages->labels({result->state == "stored" ? std::string_view("retry") : std::string_view(result->state)}).inc();
    ++summary.processed;
    if (result->state == "exception") ++summary.exceptions;
    for (const auto& ic : result->interchanges) {
      const std::string status = !ic.duplicate_of.empty() ? "duplicate" : std::string(validate::to_string(ic.report.status));
      gateway_metrics().interchanges->labels({status}).inc();
      for (const auto& d : ic.delivered) gateway_metrics().deliveries->labels({d.connector}).inc();
      log::info("inbound.processed", {{"correlation_id", m.correlation_id}, {"partner", ic.partner}, {"interchange", ic.control_number},
                                      {"status", status}, {"duplicate_of", ic.duplicate_of}, {"acknowledgment", ic.ack_kind},
                                      {"acknowledgment_interchange", ic.ack_control_number}, {"delivered", ic.delivered.size()}});
    }
    if (result->state == "exception") {
      log::warn("inbound.exception", {{"correlation_id", m.correlation_id}, {"reason", result->reason}});
    } else if (result->state == "stored") {
      log::warn("inbound.retry", {{"correlation_id", m.correlation_id}, {"reason", result->reason}});
    }
  }
  return summary;
}

Result<void> Gateway::run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    auto pass = run_once();
    if (!pass) return std::move(pass).error();
    // Sleep in small steps so a stop request is noticed quickly.
    for (auto slept = std::chrono::milliseconds(0); slept < state_->config.poll && !stop.load(); slept += std::chrono::milliseconds(50)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return {};
}

}  // namespace edigate::pipeline
