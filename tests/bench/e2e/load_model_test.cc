// The load generator's schedule, driven by a simulated clock and a simulated server whose
// latency each test chooses: what a benchmark user reads in the harness's table (counts,
// latencies, late starts) must be what the schedule really did.
#include "bench/e2e/load_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <string>

namespace dragoman::bench {
namespace {

using std::chrono::milliseconds;

// Runs `model` to the end against a server that answers each request after `latency`;
// `error_for(n)` says which requests (numbered from 0 in sending order) fail.
class SimulatedRun {
 public:
  SimulatedRun(
      int connections, double rate, Clock::duration warmup, Clock::duration duration,
      Clock::duration latency,
      std::function<std::string(int)> error_for = [](int) { return std::string(); })
      : latency_(latency),
        error_for_(std::move(error_for)),
        model_(connections, rate, warmup, duration, [this](int slot) {
          completions_.emplace(now_ + latency_, std::make_pair(slot, sent_++));
        }) {}

  LoadResult Run() {
    model_.Start(now_);
    while (!model_.Finished(now_)) {
      Clock::time_point next = model_.NextTick(now_);
      if (!completions_.empty()) next = std::min(next, completions_.begin()->first);
      EXPECT_NE(next, Clock::time_point::max()) << "the schedule stalled";
      if (next == Clock::time_point::max()) break;
      now_ = next;
      while (!completions_.empty() && completions_.begin()->first <= now_) {
        const auto [slot, number] = completions_.begin()->second;
        completions_.erase(completions_.begin());
        model_.Done(slot, now_, error_for_(number));
      }
      model_.Tick(now_);
    }
    return model_.Result();
  }

  int sent() const { return sent_; }

 private:
  Clock::time_point now_ = Clock::time_point() + std::chrono::hours(1);
  Clock::duration latency_;
  std::function<std::string(int)> error_for_;
  std::multimap<Clock::time_point, std::pair<int, int>> completions_;
  int sent_ = 0;
  LoadModel model_;
};

TEST(LoadModelTest, ClosedLoopKeepsOneRequestInFlightPerConnection) {
  SimulatedRun run(2, 0, milliseconds(1000), milliseconds(2000), milliseconds(10));
  const LoadResult result = run.Run();
  // 2 connections x 100 requests/s x 2 s measured; the warm-up's 200 are not counted.
  EXPECT_EQ(result.requests, 400);
  EXPECT_EQ(run.sent(), 600);
  EXPECT_EQ(result.errors, 0);
  EXPECT_DOUBLE_EQ(result.seconds, 2.0);
  ASSERT_EQ(result.latencies_ns.size(), 400u);
  for (int64_t latency : result.latencies_ns) EXPECT_EQ(latency, 10'000'000);
}

TEST(LoadModelTest, OpenLoopChargesQueueingToTheScheduledStart) {
  // One connection, a request due every 10 ms, each taking 20 ms: the server falls behind and
  // request k, due at 10k ms, ends at 20(k+1) ms.
  SimulatedRun run(1, 100, milliseconds(0), milliseconds(1000), milliseconds(20));
  LoadResult result = run.Run();
  EXPECT_EQ(result.requests, 100);
  ASSERT_EQ(result.latencies_ns.size(), 100u);
  for (size_t k = 0; k < result.latencies_ns.size(); ++k) {
    EXPECT_EQ(result.latencies_ns[k], (20 + 10 * static_cast<int64_t>(k)) * 1'000'000) << k;
  }
  EXPECT_EQ(result.late_starts, 99);  // all but the first waited for the connection
  std::sort(result.latencies_ns.begin(), result.latencies_ns.end());
  EXPECT_DOUBLE_EQ(QuantileMicros(result.latencies_ns, 0.5), 510'000.0);
  EXPECT_DOUBLE_EQ(QuantileMicros(result.latencies_ns, 1.0), 1'010'000.0);
}

TEST(LoadModelTest, OpenLoopWithinCapacitySendsAtTheRateAndStartsNothingLate) {
  SimulatedRun run(10, 1000, milliseconds(500), milliseconds(2000), milliseconds(3));
  const LoadResult result = run.Run();
  EXPECT_EQ(result.requests, 2000);
  EXPECT_EQ(run.sent(), 2500);
  EXPECT_EQ(result.late_starts, 0);
  for (int64_t latency : result.latencies_ns) EXPECT_EQ(latency, 3'000'000);
}

TEST(LoadModelTest, FailedRequestsAreCountedNotTimed) {
  SimulatedRun run(1, 0, milliseconds(0), milliseconds(100), milliseconds(10),
                   [](int n) { return n % 5 == 2 ? "HTTP 503 #" + std::to_string(n) : ""; });
  const LoadResult result = run.Run();
  EXPECT_EQ(result.requests, 10);
  EXPECT_EQ(result.errors, 2);
  EXPECT_EQ(result.latencies_ns.size(), 8u);
  EXPECT_EQ(result.first_error, "HTTP 503 #2");
}

TEST(LoadModelTest, QuantileOfNothingIsZero) { EXPECT_EQ(QuantileMicros({}, 0.99), 0.0); }

}  // namespace
}  // namespace dragoman::bench
