#include <edigate/metrics.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <type_traits>

namespace edigate::metrics {
namespace {

bool is_name_char(char c, bool first, bool colon_allowed) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (c == ':') return colon_allowed;
  return !first && c >= '0' && c <= '9';
}

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!is_name_char(name[i], i == 0, true)) return false;
  }
  return true;
}

bool valid_label_name(std::string_view name) {
  if (name.empty() || name.starts_with("__")) return false;  // "__" is reserved for Prometheus itself
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!is_name_char(name[i], i == 0, false)) return false;
  }
  return true;
}

Error usage(std::string message) {
  Error e;
  e.code = ErrorCode::usage;
  e.where.file = "metrics";
  e.message = std::move(message);
  return e;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// `{a="x",b="y"}`, with `le` appended when given; empty when there is nothing to put in it.
std::string label_set(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view le = {}) {
  if (names.empty() && le.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i != 0) out += ',';
    out += names[i];
    out += "=\"";
    out += escape_label_value(values[i]);
    out += '"';
  }
  if (!le.empty()) {
    if (!names.empty()) out += ',';
    out += "le=\"";
    out += le;
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace

std::string_view to_string(Type type) noexcept {
  switch (type) {
    case Type::counter:
      return "counter";
    case Type::gauge:
      return "gauge";
    case Type::histogram:
      return "histogram";
  }
  return "untyped";
}

std::vector<double> default_latency_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

Histogram::Histogram(std::shared_ptr<const std::vector<double>> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_->size() + 1)) {}

void Histogram::observe(double value) noexcept {
  // First bucket whose upper bound is >= value (Prometheus buckets are "less than or equal").
  const auto it = std::lower_bound(bounds_->begin(), bounds_->end(), value);
  const auto index = static_cast<std::size_t>(it - bounds_->begin());
  counts_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::bucket_counts() const {
  std::vector<std::uint64_t> out(bounds_->size() + 1);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = counts_[i].load(std::memory_order_relaxed);
  return out;
}

std::uint64_t Histogram::count() const noexcept {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_->size(); ++i) total += counts_[i].load(std::memory_order_relaxed);
  return total;
}

FamilyBase::FamilyBase(std::string name, std::string help, std::vector<std::string> label_names, Type type)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)), type_(type) {}

template <class Metric>
Family<Metric>::Family(std::string name, std::string help, std::vector<std::string> label_names, Type type,
                       std::shared_ptr<const std::vector<double>> buckets)
    : FamilyBase(std::move(name), std::move(help), std::move(label_names), type),
      buckets_(std::move(buckets)) {
  // A family without labels has exactly one child; it is shown (as 0) before anything counts.
  if (this->label_names().empty()) (void)labels({});
}

template <class Metric>
Metric& Family<Metric>::labels(std::span<const std::string_view> values) {
  assert(values.size() == label_names().size() && "one value per label name");
  std::vector<std::string> key(label_names().size());
  for (std::size_t i = 0; i < key.size() && i < values.size(); ++i) key[i] = std::string(values[i]);
  {
    std::shared_lock lock(mutex_);
    if (auto it = children_.find(key); it != children_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = children_[std::move(key)];
  if (!slot) {
    if constexpr (std::is_same_v<Metric, Histogram>) {
      slot = std::make_unique<Histogram>(buckets_);
    } else {
      slot = std::make_unique<Metric>();
    }
  }
  return *slot;
}

template <class Metric>
void Family<Metric>::render(std::string& out) const {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name(), escape_help(help()), name(), to_string(type()));
  std::shared_lock lock(mutex_);
  for (const auto& [values, child] : children_) {
    if constexpr (std::is_same_v<Metric, Histogram>) {
      const auto counts = child->bucket_counts();
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        const std::string le = i < buckets_->size() ? format_value((*buckets_)[i]) : "+Inf";
        out += fmt::format("{}_bucket{} {}\n", name(), label_set(label_names(), values, le), cumulative);
      }
      const std::string labels_text = label_set(label_names(), values);
      out += fmt::format("{}_sum{} {}\n", name(), labels_text, format_value(child->sum()));
      // The +Inf bucket's total, not a separate counter, so _count always equals it.
      out += fmt::format("{}_count{} {}\n", name(), labels_text, cumulative);
    } else {
      out += fmt::format("{}{} {}\n", name(), label_set(label_names(), values), format_value(child->value()));
    }
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <class Metric>
Result<Family<Metric>*> Registry::add(std::string_view name, std::string_view help,
                                      std::vector<std::string> label_names, Type type,
                                      std::vector<double> buckets) {
  if (!valid_metric_name(name)) return usage(fmt::format("\"{}\" is not a valid metric name", name));
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const auto& label = label_names[i];
    if (!valid_label_name(label)) {
      return usage(fmt::format("metric {}: \"{}\" is not a valid label name", name, label));
    }
    if (type == Type::histogram && label == "le") {
      return usage(fmt::format("metric {}: a histogram cannot have a label named le", name));
    }
    if (std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i), label) !=
        label_names.begin() + static_cast<std::ptrdiff_t>(i)) {
      return usage(fmt::format("metric {}: label {} is named twice", name, label));
    }
  }
  std::shared_ptr<const std::vector<double>> bounds;
  if (type == Type::histogram) {
    if (buckets.empty()) buckets = default_latency_buckets();
    if (!buckets.empty() && std::isinf(buckets.back()) && buckets.back() > 0) buckets.pop_back();  // implied
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      if (!std::isfinite(buckets[i]) || (i > 0 && buckets[i] <= buckets[i - 1])) {
        return usage(fmt::format("metric {}: bucket bounds must be finite and strictly increasing", name));
      }
    }
    bounds = std::make_shared<const std::vector<double>>(std::move(buckets));
  }

  std::lock_guard lock(mutex_);
  if (auto it = families_.find(name); it != families_.end()) {
    auto* existing = dynamic_cast<Family<Metric>*>(it->second.get());
    const bool same = existing != nullptr && existing->type() == type &&
                      existing->label_names() == label_names &&
                      (bounds == nullptr || *existing->buckets() == *bounds);
    if (!same) {
      Error e;
      e.code = ErrorCode::already_exists;
      e.where.file = "metrics";
      e.message = fmt::format("metric {} is already registered as a {} with labels ({})", name,
                              to_string(it->second->type()), fmt::join(it->second->label_names(), ", "));
      return e;
    }
    return existing;
  }
  auto family = std::make_unique<Family<Metric>>(std::string(name), std::string(help), std::move(label_names),
                                                 type, std::move(bounds));
  auto* raw = family.get();
  families_.emplace(std::string(name), std::move(family));
  return raw;
}

Result<CounterFamily*> Registry::counter(std::string_view name, std::string_view help,
                                         std::vector<std::string> label_names) {
  return add<Counter>(name, help, std::move(label_names), Type::counter, {});
}

Result<GaugeFamily*> Registry::gauge(std::string_view name, std::string_view help,
                                     std::vector<std::string> label_names) {
  return add<Gauge>(name, help, std::move(label_names), Type::gauge, {});
}

Result<HistogramFamily*> Registry::histogram(std::string_view name, std::string_view help,
                                             std::vector<std::string> label_names,
                                             std::vector<double> buckets) {
  return add<Histogram>(name, help, std::move(label_names), Type::histogram, std::move(buckets));
}

std::string Registry::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) family->render(out);
  return out;
}

Registry& default_registry() {
  static Registry* const registry = new Registry();  // NOLINT: never destroyed, like the logger
  return *registry;
}

}  // namespace edigate::metrics
