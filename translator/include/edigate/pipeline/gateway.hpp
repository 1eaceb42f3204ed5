#pragma once
// `edigate serve`: the configuration file and the loop that watches the drop folders and works the
// store's queue. One pass (`run_once`) does what is there to do; `run` repeats it until stopped, so a
// test or a cron job can drive the same code.
#include <edigate/pipeline/erp_connector.hpp>
#include <edigate/result.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace edigate::pipeline {

struct InboundFolder {
  std::filesystem::path folder;
  std::string partner;  // empty: found by the envelope
};

struct GatewayConfig {
  std::filesystem::path file;
  std::filesystem::path data;
  std::string db;  // empty: $EDIGATE_DB or the default
  std::vector<std::filesystem::path> partner_dirs;
  std::vector<InboundFolder> inbound;
  std::vector<std::filesystem::path> outbound;
  std::vector<ErpConnector> erp;
  std::string http_listen;  // host:port; empty: no HTTP
  std::filesystem::path log_file;
  std::string log_level = "info";
  std::chrono::milliseconds poll{500};
  std::uint64_t max_message_size = 256ull << 20;
};

// Checked against translator/config/gateway.xsd; every problem reported at once.
Result<GatewayConfig> load_gateway_config(const std::filesystem::path& file);

struct PassSummary {
  std::size_t stored = 0;      // files taken from inbound folders
  std::size_t processed = 0;   // messages processed (any outcome)
  std::size_t exceptions = 0;  // of them, put aside with a reason
  std::size_t sent = 0;        // outbound documents sent
  std::size_t failed = 0;      // outbound documents that could not be sent
};

class Gateway {
 public:
  // Opens the store, loads maps and schemas, imports the partner profiles.
  static Result<Gateway> open(const GatewayConfig& config);
  Gateway(Gateway&&) noexcept;
  Gateway& operator=(Gateway&&) noexcept;
  ~Gateway();

  Result<PassSummary> run_once();
  // Passes until `stop` is set (checked every poll interval).
  Result<void> run(const std::atomic<bool>& stop);

 private:
  Gateway();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace edigate::pipeline
