#include "server/resilience/circuit_breaker.h"

#include <algorithm>

namespace dragoman {
namespace {

int64_t Nanos(CircuitBreaker::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

CircuitBreaker::CircuitBreaker(const CircuitBreakerOptions& options)
    : options_(options), bucket_nanos_(std::max<int64_t>(1, options.window.count() / kBuckets)) {}

int64_t CircuitBreaker::EpochOf(Clock::time_point now) const { return Nanos(now) / bucket_nanos_; }

CircuitBreaker::Admission CircuitBreaker::Admit(Clock::time_point now) {
  State state = state_.load(std::memory_order_acquire);
  if (state == State::kClosed) return Admission::kAllowed;
  if (state == State::kOpen) {
    if (Nanos(now) < open_until_.load(std::memory_order_acquire)) return Admission::kRefused;
    // Time is up: the first caller to notice turns the breaker half-open and resets the probes.
    if (state_.compare_exchange_strong(state, State::kHalfOpen, std::memory_order_acq_rel)) {
      probes_succeeded_.store(0, std::memory_order_relaxed);
      probes_issued_.store(0, std::memory_order_release);
    } else if (state == State::kClosed) {
      return Admission::kAllowed;
    }
  }
  if (probes_issued_.fetch_add(1, std::memory_order_acq_rel) < options_.half_open_probes) {
    return Admission::kProbe;
  }
  return Admission::kRefused;
}

void CircuitBreaker::Record(Admission admission, bool failed, Clock::duration took,
                            Clock::time_point now) {
  const bool slow = took > options_.slow_call_duration;
  if (admission == Admission::kProbe) {
    State expected = State::kHalfOpen;
    if (failed || slow) {
      if (state_.load(std::memory_order_acquire) == State::kHalfOpen) Open(now);
      return;
    }
    if (probes_succeeded_.fetch_add(1, std::memory_order_acq_rel) + 1 >=
            options_.half_open_probes &&
        state_.compare_exchange_strong(expected, State::kClosed, std::memory_order_acq_rel)) {
      // A fresh start: what happened before the breaker opened no longer says anything.
      for (Bucket& bucket : buckets_) bucket.epoch.store(-1, std::memory_order_relaxed);
    }
    return;
  }
  if (admission != Admission::kAllowed) return;
  CountInWindow(failed, slow, now);
}

void CircuitBreaker::CountInWindow(bool failed, bool slow, Clock::time_point now) {
  const int64_t epoch = EpochOf(now);
  Bucket& bucket = buckets_[static_cast<size_t>(epoch % kBuckets)];
  int64_t seen = bucket.epoch.load(std::memory_order_acquire);
  if (seen != epoch && seen < epoch &&
      bucket.epoch.compare_exchange_strong(seen, epoch, std::memory_order_acq_rel)) {
    bucket.calls.store(0, std::memory_order_relaxed);
    bucket.failures.store(0, std::memory_order_relaxed);
    bucket.slow.store(0, std::memory_order_relaxed);
  }
  bucket.calls.fetch_add(1, std::memory_order_relaxed);
  if (failed) bucket.failures.fetch_add(1, std::memory_order_relaxed);
  if (slow) bucket.slow.fetch_add(1, std::memory_order_relaxed);
  if (state_.load(std::memory_order_acquire) != State::kClosed) return;

  uint64_t calls = 0, failures = 0, slow_calls = 0;
  for (const Bucket& b : buckets_) {
    const int64_t e = b.epoch.load(std::memory_order_acquire);
    if (e > epoch - kBuckets && e <= epoch) {
      calls += b.calls.load(std::memory_order_relaxed);
      failures += b.failures.load(std::memory_order_relaxed);
      slow_calls += b.slow.load(std::memory_order_relaxed);
    }
  }
  if (calls < options_.minimum_calls) return;
  if (failures * 100 >= options_.failure_rate_percent * calls ||
      slow_calls * 100 >= options_.slow_call_rate_percent * calls) {
    // The reopening time goes first, so nobody sees the open state with a stale one.
    open_until_.store(Nanos(now + options_.open_duration), std::memory_order_release);
    State expected = State::kClosed;
    if (state_.compare_exchange_strong(expected, State::kOpen, std::memory_order_acq_rel)) {
      times_opened_.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

void CircuitBreaker::Open(Clock::time_point now) {
  open_until_.store(Nanos(now + options_.open_duration), std::memory_order_release);
  State expected = State::kHalfOpen;
  if (state_.compare_exchange_strong(expected, State::kOpen, std::memory_order_acq_rel)) {
    times_opened_.fetch_add(1, std::memory_order_relaxed);
  }
}

CircuitBreaker::State CircuitBreaker::state(Clock::time_point now) const {
  const State state = state_.load(std::memory_order_acquire);
  if (state == State::kOpen && Nanos(now) >= open_until_.load(std::memory_order_acquire)) {
    return State::kHalfOpen;
  }
  return state;
}

}  // namespace dragoman
