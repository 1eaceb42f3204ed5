#pragma once
// Prometheus metrics: counters, gauges and histograms in families with fixed label names, rendered in
// the text exposition format 0.0.4 for a /metrics endpoint.
//
//   auto docs = metrics::default_registry().counter("edigate_documents_total", "Documents processed",
//                                                   {"direction", "status"});
//   metrics::Counter& accepted = (*docs)->labels({"inbound", "accepted"});  // look up once ...
//   accepted.inc();                                                         // ... then lock-free
//
// Looking up a child takes a shared lock; keep the reference on hot paths. Children live as long as
// their registry, so references to them stay valid.
#include <edigate/result.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edigate::metrics {

enum class Type : std::uint8_t { counter, gauge, histogram };

std::string_view to_string(Type type) noexcept;

class Counter {
 public:
  // Counters only go up: a negative amount is ignored.
  void inc(double amount = 1.0) noexcept {
    if (amount > 0) value_.fetch_add(amount, std::memory_order_relaxed);
  }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void set(double value) noexcept { value_.store(value, std::memory_order_relaxed); }
  void inc(double amount = 1.0) noexcept { value_.fetch_add(amount, std::memory_order_relaxed); }
  void dec(double amount = 1.0) noexcept { value_.fetch_sub(amount, std::memory_order_relaxed); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Prometheus' client defaults, in seconds: from 5 ms to 10 s.
std::vector<double> default_latency_buckets();

class Histogram {
 public:
  // `upper_bounds`: strictly increasing, finite (the registry checks); +Inf is implied.
  explicit Histogram(std::shared_ptr<const std::vector<double>> upper_bounds);

  void observe(double value) noexcept;
  template <class Rep, class Period>
  void observe(std::chrono::duration<Rep, Period> elapsed) noexcept {
    observe(std::chrono::duration<double>(elapsed).count());
  }

  const std::vector<double>& upper_bounds() const noexcept { return *bounds_; }
  // Per bucket (not cumulative); the last one is +Inf.
  std::vector<std::uint64_t> bucket_counts() const;
  std::uint64_t count() const noexcept;
  double sum() const noexcept { return sum_.load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<const std::vector<double>> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_->size() + 1
  std::atomic<double> sum_{0.0};
};

class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, std::vector<std::string> label_names, Type type);
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const noexcept { return name_; }
  const std::string& help() const noexcept { return help_; }
  const std::vector<std::string>& label_names() const noexcept { return label_names_; }
  Type type() const noexcept { return type_; }

  // Appends # HELP, # TYPE and every child's samples.
  virtual void render(std::string& out) const = 0;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  Type type_;
};

// A metric's children, one per combination of label values.
template <class Metric>
class Family final : public FamilyBase {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names, Type type,
         std::shared_ptr<const std::vector<double>> buckets = nullptr);

  // One value per label name, in order. A wrong count is a programming error: asserted, and in
  // release builds the values are padded with "" or cut to fit.
  Metric& labels(std::span<const std::string_view> values);
  Metric& labels(std::initializer_list<std::string_view> values) {
    return labels(std::span<const std::string_view>(values.begin(), values.size()));
  }
  // The child of a family without labels.
  Metric& get() { return labels({}); }
  // Histogram upper bounds (+Inf implied); null for counters and gauges.
  const std::vector<double>* buckets() const noexcept { return buckets_.get(); }

  void render(std::string& out) const override;

 private:
  std::shared_ptr<const std::vector<double>> buckets_;
  mutable std::shared_mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Registering a name again returns the family already there when type, label names (and buckets)
  // agree, and `already_exists` otherwise. A name or label name Prometheus would refuse is `usage`.
  Result<CounterFamily*> counter(std::string_view name, std::string_view help,
                                 std::vector<std::string> label_names = {});
  Result<GaugeFamily*> gauge(std::string_view name, std::string_view help,
                             std::vector<std::string> label_names = {});
  // Empty `buckets`: default_latency_buckets(). Otherwise strictly increasing and finite.
  Result<HistogramFamily*> histogram(std::string_view name, std::string_view help,
                                     std::vector<std::string> label_names = {},
                                     std::vector<double> buckets = {});

  // Text exposition format 0.0.4, families by name, children by label values.
  std::string render() const;

 private:
  template <class Metric>
  Result<Family<Metric>*> add(std::string_view name, std::string_view help,
                              std::vector<std::string> label_names, Type type, std::vector<double> buckets);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<FamilyBase>, std::less<>> families_;
};

// The process's registry: what `GET /metrics` shows unless a server is given another.
Registry& default_registry();

// Escapes a label value for the text format: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);
// Formats a sample value as Prometheus reads it: shortest round-trip decimal, +Inf, -Inf, NaN.
std::string format_value(double value);

}  // namespace edigate::metrics
