// A circuit breaker over one backend's attempts: closed (attempts flow and their outcomes are
// counted in a sliding window), open (attempts are refused without reaching the backend, which
// gets time to recover), half-open (a few probes decide whether to close or reopen).
//
// Lock-free: the window is a ring of time buckets of atomic counters and the state one atomic,
// so admitting and recording take no lock on the call path. Counts are approximate at bucket
// boundaries (a bucket being recycled may lose a concurrent increment), which a rate threshold
// tolerates.
#ifndef DRAGOMAN_SERVER_RESILIENCE_CIRCUIT_BREAKER_H_
#define DRAGOMAN_SERVER_RESILIENCE_CIRCUIT_BREAKER_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace dragoman {

// Thresholds of a CircuitBreaker.
struct CircuitBreakerOptions {
  // Share of failed attempts in the window that opens the breaker, in percent.
  uint32_t failure_rate_percent = 50;
  // Share of slow attempts that opens it, in percent.
  uint32_t slow_call_rate_percent = 100;
  // An attempt taking longer than this is slow.
  std::chrono::nanoseconds slow_call_duration = std::chrono::seconds(5);
  // Attempts the window must hold before the rates count.
  uint32_t minimum_calls = 20;
  // Length of the sliding window.
  std::chrono::nanoseconds window = std::chrono::seconds(10);
  // Time spent open before probes are let through.
  std::chrono::nanoseconds open_duration = std::chrono::seconds(5);
  // Probes let through while half-open; all must succeed to close.
  uint32_t half_open_probes = 3;
};

// Opens on a failure or slow-call rate, refuses while open, probes when half-open. Thread-safe.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;

  // Where the breaker stands.
  enum class State { kClosed, kOpen, kHalfOpen };
  // What Admit decided for one attempt.
  enum class Admission {
    // Not sent: the breaker is open, or half-open with its probes all out.
    kRefused,
    // Sent normally; its outcome counts in the window.
    kAllowed,
    // Sent as a half-open probe; its outcome closes or reopens the breaker.
    kProbe,
  };

  // A closed breaker with these thresholds.
  explicit CircuitBreaker(const CircuitBreakerOptions& options);

  // Decides whether an attempt starting at `now` may be sent.
  Admission Admit(Clock::time_point now);
  // Records the outcome of an attempt Admit let through (kAllowed or kProbe): `failed` when it
  // got no usable reply, `took` its duration.
  void Record(Admission admission, bool failed, Clock::duration took, Clock::time_point now);
  // The state at `now` (an open breaker whose time is up reads as half-open).
  State state(Clock::time_point now) const;
  // Times the breaker has opened, for logs and tests.
  uint64_t times_opened() const { return times_opened_.load(std::memory_order_relaxed); }

 private:
  static constexpr int kBuckets = 10;
  struct Bucket {
    std::atomic<int64_t> epoch{-1};
    std::atomic<uint32_t> calls{0};
    std::atomic<uint32_t> failures{0};
    std::atomic<uint32_t> slow{0};
  };

  int64_t EpochOf(Clock::time_point now) const;
  void Open(Clock::time_point now);
  void CountInWindow(bool failed, bool slow, Clock::time_point now);

  const CircuitBreakerOptions options_;
  const int64_t bucket_nanos_;
  std::array<Bucket, kBuckets> buckets_;
  std::atomic<State> state_{State::kClosed};
  // Nanoseconds since the clock's epoch at which an open breaker turns half-open.
  std::atomic<int64_t> open_until_{0};
  std::atomic<uint32_t> probes_issued_{0};
  std::atomic<uint32_t> probes_succeeded_{0};
  std::atomic<uint64_t> times_opened_{0};
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_RESILIENCE_CIRCUIT_BREAKER_H_
