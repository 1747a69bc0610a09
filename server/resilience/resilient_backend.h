// The policy layer in front of a backend's transport: DESIGN's retry rule (nothing lost,
// nothing duplicated), a retry budget, a circuit breaker, an in-flight limit and per-attempt
// timeouts. It wraps any Backend, so SOAP/HTTP and framed TCP get the same behaviour, and the
// transports stay about bytes and connections.
//
// A failed attempt is tried again only when
//   - the request provably never left (UNAVAILABLE, not in doubt): any method; or
//   - it may have reached the backend (UNKNOWN, or an attempt's own timeout) and the method is
//     idempotent (CallContext::idempotent);
// and another attempt fits: attempts left, the retry budget allows it, and the backoff (full
// jitter, doubling) ends before the call's deadline. No attempt starts after the deadline.
// When any attempt may have reached the backend and the call still fails, it fails UNKNOWN
// with CallInfo.in_doubt set, whatever the last attempt said.
#ifndef DRAGOMAN_SERVER_RESILIENCE_RESILIENT_BACKEND_H_
#define DRAGOMAN_SERVER_RESILIENCE_RESILIENT_BACKEND_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "dragoman/config.pb.h"
#include "server/backends/backend.h"
#include "server/net/event_loops.h"
#include "server/resilience/circuit_breaker.h"

namespace dragoman {

// When and how often failed attempts are tried again.
struct RetryOptions {
  // Attempts in all, the first included; 1 turns retries off.
  uint32_t max_attempts = 3;
  // Wait before the first retry (doubled for each further one, then jittered).
  std::chrono::nanoseconds initial_backoff = std::chrono::milliseconds(25);
  // Cap on one wait.
  std::chrono::nanoseconds max_backoff = std::chrono::seconds(1);
  // Retries in flight may be at most this percentage of the attempts in flight ...
  uint32_t budget_percent = 20;
  // ... but this many are always allowed.
  uint32_t min_retries_in_flight = 3;
};

// Everything a ResilientBackend enforces.
struct ResilienceOptions {
  // The backend's name, for messages.
  std::string name;
  // When failed attempts are tried again.
  RetryOptions retry;
  // No breaker when unset.
  std::optional<CircuitBreakerOptions> breaker;
  // Attempts in flight at once; beyond it a call fails RESOURCE_EXHAUSTED without waiting.
  uint32_t max_in_flight = 1000;
  // Time limit of one attempt within the call's deadline; none when unset.
  std::optional<std::chrono::nanoseconds> per_try_timeout;
};

// Reads a normalized config backend's retry, circuit_breaker, max_in_flight and
// per_try_timeout.
ResilienceOptions ResilienceOptionsOf(const config::Backend& backend);

// A Backend that applies ResilienceOptions around another one. Thread-safe; Send never blocks.
class ResilientBackend : public Backend {
 public:
  // Wraps `transport`; backoff timers run on `loops`, which must outlive this object.
  ResilientBackend(EventLoops& loops, std::unique_ptr<Backend> transport,
                   ResilienceOptions options);
  ~ResilientBackend() override;

  void Send(BackendRequest request, CallContext context, ReplyCallback done) override;

  // The breaker, or null when there is none (for logs and tests).
  const CircuitBreaker* breaker() const { return breaker_.get(); }
  // Retries started so far.
  uint64_t retries() const { return retries_.load(std::memory_order_relaxed); }

 private:
  struct Call;

  // Starts attempt number `call->attempts + 1`, or finishes the call when it may not start.
  void Attempt(std::shared_ptr<Call> call);
  // Handles an attempt's outcome: finish, or schedule the next attempt.
  void OnAttemptDone(std::shared_ptr<Call> call, CircuitBreaker::Admission admission,
                     std::chrono::steady_clock::time_point started,
                     absl::StatusOr<BackendReply> result);
  // Finishes `call` with its last failure, made UNKNOWN and in doubt when any attempt may have
  // reached the backend, and with the attempt count.
  void Fail(Call& call, absl::Status status);

  EventLoops& loops_;
  const std::unique_ptr<Backend> transport_;
  const ResilienceOptions options_;
  const std::unique_ptr<CircuitBreaker> breaker_;
  std::atomic<uint32_t> in_flight_{0};
  // Retries waiting for their backoff or in flight.
  std::atomic<uint32_t> retries_in_flight_{0};
  std::atomic<uint64_t> retries_{0};
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_RESILIENCE_RESILIENT_BACKEND_H_
