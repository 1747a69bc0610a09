// The load generator's schedule, apart from any protocol: when requests start (a closed loop of
// one request in flight per connection, or an open loop at a fixed arrival rate), which
// connection carries each, and what their latencies were. Latency in the open loop runs from
// the request's scheduled start, not from when a connection became free, so a server that
// falls behind is charged for the queue it causes (no coordinated omission).
#ifndef DRAGOMAN_BENCH_E2E_LOAD_MODEL_H_
#define DRAGOMAN_BENCH_E2E_LOAD_MODEL_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace dragoman::bench {

using Clock = std::chrono::steady_clock;

// What one run of the load generator measured.
struct LoadResult {
  int64_t requests = 0;               // completed inside the measured window, successes and errors
  int64_t errors = 0;                 // of those, the failed ones
  int64_t late_starts = 0;            // open loop: requests that started over 1 ms late
  double seconds = 0;                 // length of the measured window
  std::vector<int64_t> latencies_ns;  // one per successful measured request, unsorted
  std::string first_error;            // the first failure's description, if any
};

// Drives requests over `connections` slots. The transport calls Start() once its connections
// are up, Tick() whenever the time returned by NextTick() comes, and Done() when a request ends.
class LoadModel {
 public:
  // Sends one request on connection `slot`; the transport must later call Done(slot, ...).
  using Send = std::function<void(int slot)>;

  // rate_per_second == 0 means closed loop. Requests completing within `warmup` are not
  // counted; none start after warmup + duration.
  LoadModel(int connections, double rate_per_second, Clock::duration warmup,
            Clock::duration duration, Send send);

  // Starts the clock and the first requests.
  void Start(Clock::time_point now);
  // Open loop: releases the arrivals due by `now`.
  void Tick(Clock::time_point now);
  // When Tick() should next be called: the next arrival (open loop), or the end of the
  // schedule so the transport wakes to see it; time_point::max() once it has passed.
  Clock::time_point NextTick(Clock::time_point now) const;
  // A request on `slot` ended; `error` is empty on success.
  void Done(int slot, Clock::time_point now, const std::string& error);
  // True once no request will start again and none is in flight.
  bool Finished(Clock::time_point now) const;
  // The measurements; valid after Finished().
  LoadResult Result() const;

 private:
  void Dispatch(Clock::time_point now);
  // Open loop: when the next request is due.
  Clock::time_point NextArrival() const;

  const int connections_;
  const double rate_;
  const Clock::duration warmup_;
  const Clock::duration duration_;
  Send send_;
  Clock::time_point start_{};
  Clock::time_point measure_from_{};
  Clock::time_point end_{};
  int64_t arrivals_ = 0;
  std::deque<Clock::time_point> queued_;  // open loop: scheduled starts not yet sent
  std::vector<int> idle_slots_;
  std::vector<Clock::time_point> started_at_;  // per slot: the scheduled start in flight
  int in_flight_ = 0;
  LoadResult result_;
};

// The latency at `quantile` (0..1) of sorted samples, in microseconds.
double QuantileMicros(const std::vector<int64_t>& sorted_ns, double quantile);

}  // namespace dragoman::bench

#endif  // DRAGOMAN_BENCH_E2E_LOAD_MODEL_H_
