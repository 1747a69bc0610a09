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
  const CircuitBreaker* breaker() const;
  // Retries started so far.
  uint64_t retries() const;

 private:
  class Policy;
  // Shared with the calls' callbacks and backoff timers, which may outlive this object (a
  // reload or shutdown while calls are in flight).
  std::shared_ptr<Policy> policy_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_RESILIENCE_RESILIENT_BACKEND_H_
