#include <edigate/metrics.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace edigate::metrics {
namespace {

TEST(Metrics, RendersTheTextFormatExactly) {
  Registry registry;
  auto docs = registry.counter("edigate_documents_total", "Documents processed.", {"direction", "status"});
  ASSERT_TRUE(docs.ok());
  auto& accepted = (*docs)->labels({"inbound", "accepted"});
  accepted.inc();
  accepted.inc(2);
  (*docs)->labels({"outbound", "rejected"}).inc();
  auto depth = registry.gauge("edigate_queue_depth", "Messages waiting.");
  ASSERT_TRUE(depth.ok());
  (*depth)->get().set(3.5);
  auto steps = registry.histogram("edigate_step_seconds", "Step time.", {"step"}, {0.125, 1});
  ASSERT_TRUE(steps.ok());
  auto& parse = (*steps)->labels({"parse"});
  parse.observe(0.0625);
  parse.observe(0.125);  // on a bound: counted in that bucket ("less than or equal")
  parse.observe(2.0);

  EXPECT_EQ(registry.render(),
            "# HELP edigate_documents_total Documents processed.\n"
            "# TYPE edigate_documents_total counter\n"
            "edigate_documents_total{direction=\"inbound\",status=\"accepted\"} 3\n"
            "edigate_documents_total{direction=\"outbound\",status=\"rejected\"} 1\n"
            "# HELP edigate_queue_depth Messages waiting.\n"
            "# TYPE edigate_queue_depth gauge\n"
            "edigate_queue_depth 3.5\n"
            "# HELP edigate_step_seconds Step time.\n"
            "# TYPE edigate_step_seconds histogram\n"
            "edigate_step_seconds_bucket{step=\"parse\",le=\"0.125\"} 2\n"
            "edigate_step_seconds_bucket{step=\"parse\",le=\"1\"} 2\n"
            "edigate_step_seconds_bucket{step=\"parse\",le=\"+Inf\"} 3\n"
            "edigate_step_seconds_sum{step=\"parse\"} 2.1875\n"
            "edigate_step_seconds_count{step=\"parse\"} 3\n");
}

TEST(Metrics, UnlabelledMetricsShowZeroBeforeAnythingCounts) {
  Registry registry;
  ASSERT_TRUE(registry.counter("edigate_restarts_total", "Restarts.").ok());
  ASSERT_TRUE(registry.histogram("edigate_wait_seconds", "Wait.", {}, {1}).ok());
  ASSERT_TRUE(registry.counter("edigate_labelled_total", "Labelled.", {"kind"}).ok());
  EXPECT_EQ(registry.render(),
            "# HELP edigate_labelled_total Labelled.\n"
            "# TYPE edigate_labelled_total counter\n"
            "# HELP edigate_restarts_total Restarts.\n"
            "# TYPE edigate_restarts_total counter\n"
            "edigate_restarts_total 0\n"
            "# HELP edigate_wait_seconds Wait.\n"
            "# TYPE edigate_wait_seconds histogram\n"
            "edigate_wait_seconds_bucket{le=\"1\"} 0\n"
            "edigate_wait_seconds_bucket{le=\"+Inf\"} 0\n"
            "edigate_wait_seconds_sum 0\n"
            "edigate_wait_seconds_count 0\n");
}

TEST(Metrics, EscapesLabelValuesAndHelp) {
  Registry registry;
  auto family = registry.counter("edigate_x_total", "Back\\slash and\nnewline \"kept\".", {"path"});
  ASSERT_TRUE(family.ok());
  (*family)->labels({"C:\\in \"q\"\nnext"}).inc();
  EXPECT_EQ(registry.render(),
            "# HELP edigate_x_total Back\\\\slash and\\nnewline \"kept\".\n"
            "# TYPE edigate_x_total counter\n"
            "edigate_x_total{path=\"C:\\\\in \\\"q\\\"\\nnext\"} 1\n");
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

TEST(Metrics, DefaultHistogramBucketsAreLatencySeconds) {
  Registry registry;
  auto family = registry.histogram("edigate_latency_seconds", "Latency.");
  ASSERT_TRUE(family.ok());
  auto& child = (*family)->get();
  EXPECT_EQ(child.upper_bounds(), default_latency_buckets());
  child.observe(std::chrono::milliseconds(30));
  const auto counts = child.bucket_counts();
  ASSERT_EQ(counts.size(), default_latency_buckets().size() + 1);
  EXPECT_EQ(counts[3], 1U);  // (0.025, 0.05]
  EXPECT_EQ(child.count(), 1U);
  EXPECT_DOUBLE_EQ(child.sum(), 0.03);
}

TEST(Metrics, SameNameTwiceIsTheSameFamily) {
  Registry registry;
  auto first = registry.counter("edigate_a_total", "A.", {"kind"});
  auto second = registry.counter("edigate_a_total", "A again.", {"kind"});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(&(*first)->labels({"x"}), &(*second)->labels({"x"}));
}

TEST(Metrics, ConflictingRegistrationsAreErrors) {
  Registry registry;
  ASSERT_TRUE(registry.counter("edigate_a_total", "A.", {"kind"}).ok());
  auto as_gauge = registry.gauge("edigate_a_total", "A.", {"kind"});
  ASSERT_FALSE(as_gauge.ok());
  EXPECT_EQ(as_gauge.error().code, ErrorCode::already_exists);
  EXPECT_NE(as_gauge.error().message.find("already registered as a counter"), std::string::npos);
  auto other_labels = registry.counter("edigate_a_total", "A.", {"type"});
  ASSERT_FALSE(other_labels.ok());
  EXPECT_EQ(other_labels.error().code, ErrorCode::already_exists);

  ASSERT_TRUE(registry.histogram("edigate_h_seconds", "H.", {}, {1, 2}).ok());
  EXPECT_TRUE(registry.histogram("edigate_h_seconds", "H.", {}, {1, 2}).ok());
  EXPECT_FALSE(registry.histogram("edigate_h_seconds", "H.", {}, {1, 3}).ok());
}

TEST(Metrics, NamesPrometheusWouldRefuseAreErrors) {
  Registry registry;
  EXPECT_EQ(registry.counter("2xx_total", "x").error().code, ErrorCode::usage);
  EXPECT_EQ(registry.counter("has-dash", "x").error().code, ErrorCode::usage);
  EXPECT_EQ(registry.counter("", "x").error().code, ErrorCode::usage);
  EXPECT_EQ(registry.counter("ok_total", "x", {"__reserved"}).error().code, ErrorCode::usage);
  EXPECT_EQ(registry.counter("ok_total", "x", {"a:b"}).error().code, ErrorCode::usage);
  EXPECT_EQ(registry.counter("ok_total", "x", {"a", "a"}).error().code, ErrorCode::usage);
  EXPECT_EQ(registry.histogram("ok_seconds", "x", {"le"}).error().code, ErrorCode::usage);
  EXPECT_EQ(registry.histogram("ok_seconds", "x", {}, {2, 1}).error().code, ErrorCode::usage);
  EXPECT_EQ(registry.histogram("ok_seconds", "x", {}, {1, 1}).error().code, ErrorCode::usage);
  EXPECT_EQ(registry.histogram("ok_seconds", "x", {}, {std::nan("")}).error().code, ErrorCode::usage);
  EXPECT_TRUE(registry.counter("edigate:recorded_total", "colons are allowed in metric names").ok());
  EXPECT_EQ(registry.render().find("ok_"), std::string::npos);  // nothing half-registered
}

TEST(Metrics, InfBucketGivenExplicitlyIsNotDoubled) {
  Registry registry;
  auto family =
      registry.histogram("edigate_b_seconds", "B.", {}, {1, std::numeric_limits<double>::infinity()});
  ASSERT_TRUE(family.ok());
  EXPECT_EQ((*family)->get().upper_bounds(), std::vector<double>{1});
}

TEST(Metrics, FormatsValuesAsPrometheusReadsThem) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(3), "3");
  EXPECT_EQ(format_value(0.005), "0.005");
  EXPECT_EQ(format_value(-2.5), "-2.5");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(Metrics, CountersOnlyGoUpGaugesGoBothWays) {
  Registry registry;
  auto& counter = (*registry.counter("edigate_c_total", "C."))->get();
  counter.inc(-5);
  EXPECT_EQ(counter.value(), 0);
  auto& gauge = (*registry.gauge("edigate_g", "G."))->get();
  gauge.inc(5);
  gauge.dec(7);
  EXPECT_EQ(gauge.value(), -2);
}

TEST(Metrics, ConcurrentIncrementsAreExact) {
  Registry registry;
  auto family = registry.counter("edigate_hits_total", "Hits.", {"worker_group"});
  auto histogram = registry.histogram("edigate_hit_seconds", "Hit time.", {}, {0.5});
  ASSERT_TRUE(family.ok());
  ASSERT_TRUE(histogram.ok());
  constexpr int threads = 8;
  constexpr int per_thread = 20000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      // Half the threads share a child, the other half look theirs up each time: both paths race.
      auto& shared = (*family)->labels({"shared"});
      for (int i = 0; i < per_thread; ++i) {
        if (t % 2 == 0) {
          shared.inc();
        } else {
          (*family)->labels({i % 2 == 0 ? "even" : "odd"}).inc();
        }
        (*histogram)->get().observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ((*family)->labels({"shared"}).value(), threads / 2 * per_thread);
  EXPECT_EQ((*family)->labels({"even"}).value(), threads / 2 * per_thread / 2);
  EXPECT_EQ((*family)->labels({"odd"}).value(), threads / 2 * per_thread / 2);
  auto& hist = (*histogram)->get();
  EXPECT_EQ(hist.count(), static_cast<std::uint64_t>(threads * per_thread));
  EXPECT_EQ(hist.bucket_counts()[0], static_cast<std::uint64_t>(threads * per_thread / 2));
  EXPECT_EQ(hist.sum(), static_cast<double>(threads * per_thread) * 0.5 * 1.25);  // exact in binary
}

TEST(Metrics, DefaultRegistryIsOneObject) {
  EXPECT_EQ(&default_registry(), &default_registry());
}

}  // namespace
}  // namespace edigate::metrics
