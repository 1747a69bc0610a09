#include "server/resilience/resilient_backend.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <random>

#include "dragoman/errors.pb.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::nanoseconds NanosOf(const google::protobuf::Duration& d) {
  return std::chrono::nanoseconds(google::protobuf::util::TimeUtil::DurationToNanoseconds(d));
}

// `status` with `code`, message and payloads kept.
absl::Status WithCode(const absl::Status& status, absl::StatusCode code) {
  absl::Status out(code, status.message());
  status.ForEachPayload([&out](absl::string_view type_url, const absl::Cord& payload) {
    out.SetPayload(type_url, payload);
  });
  return out;
}

bool InDoubt(const absl::Status& status) {
  CallInfo info;
  return ReadDetail(status, &info) && info.in_doubt();
}

// A uniformly random wait in [0, cap]: "full jitter", which spreads the retries of many
// callers that failed together.
Clock::duration Jittered(std::chrono::nanoseconds cap) {
  thread_local std::mt19937_64 random(std::random_device{}());
  if (cap.count() <= 0) return Clock::duration::zero();
  std::uniform_int_distribution<int64_t> pick(0, cap.count());
  return std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(pick(random)));
}

}  // namespace

ResilienceOptions ResilienceOptionsOf(const config::Backend& backend) {
  ResilienceOptions options;
  options.name = backend.name();
  const config::RetryPolicy& retry = backend.retry();
  if (retry.max_attempts() > 0) options.retry.max_attempts = retry.max_attempts();
  if (retry.has_initial_backoff()) options.retry.initial_backoff = NanosOf(retry.initial_backoff());
  if (retry.has_max_backoff()) options.retry.max_backoff = NanosOf(retry.max_backoff());
  if (retry.budget_percent() > 0) options.retry.budget_percent = retry.budget_percent();
  if (retry.min_retries_in_flight() > 0) {
    options.retry.min_retries_in_flight = retry.min_retries_in_flight();
  }
  const config::CircuitBreaker& breaker = backend.circuit_breaker();
  if (!breaker.disabled()) {
    CircuitBreakerOptions b;
    if (breaker.failure_rate_percent() > 0) b.failure_rate_percent = breaker.failure_rate_percent();
    if (breaker.slow_call_rate_percent() > 0) {
      b.slow_call_rate_percent = breaker.slow_call_rate_percent();
    }
    if (breaker.has_slow_call_duration())
      b.slow_call_duration = NanosOf(breaker.slow_call_duration());
    if (breaker.minimum_calls() > 0) b.minimum_calls = breaker.minimum_calls();
    if (breaker.has_window()) b.window = NanosOf(breaker.window());
    if (breaker.has_open_duration()) b.open_duration = NanosOf(breaker.open_duration());
    if (breaker.half_open_probes() > 0) b.half_open_probes = breaker.half_open_probes();
    options.breaker = b;
  }
  if (backend.max_in_flight() > 0) options.max_in_flight = backend.max_in_flight();
  if (backend.has_per_try_timeout()) options.per_try_timeout = NanosOf(backend.per_try_timeout());
  return options;
}

// The policy itself: everything ResilientBackend does, held by shared_ptr so the callbacks of
// attempts and the backoff timers keep it (and the transport) alive.
class ResilientBackend::Policy : public std::enable_shared_from_this<Policy> {
 public:
  Policy(EventLoops& loops, std::unique_ptr<Backend> transport, ResilienceOptions options)
      : loops_(loops),
        transport_(std::move(transport)),
        options_(std::move(options)),
        breaker_(options_.breaker.has_value() ? std::make_unique<CircuitBreaker>(*options_.breaker)
                                              : nullptr) {}

  struct Call;

  void Send(BackendRequest request, CallContext context, ReplyCallback done);
  // Starts attempt number `call->attempts + 1`, or finishes the call when it may not start.
  void Attempt(std::shared_ptr<Call> call);
  // Handles an attempt's outcome: finish, or schedule the next attempt.
  void OnAttemptDone(std::shared_ptr<Call> call, CircuitBreaker::Admission admission,
                     std::chrono::steady_clock::time_point started,
                     absl::StatusOr<BackendReply> result);
  // Finishes `call` with its last failure, made UNKNOWN and in doubt when any attempt may have
  // reached the backend, and with the attempt count.
  void Fail(Call& call, absl::Status status);

  const CircuitBreaker* breaker() const { return breaker_.get(); }
  uint64_t retries() const { return retries_.load(std::memory_order_relaxed); }

 private:
  EventLoops& loops_;
  const std::unique_ptr<Backend> transport_;
  const ResilienceOptions options_;
  const std::unique_ptr<CircuitBreaker> breaker_;
  std::atomic<uint32_t> in_flight_{0};
  // Retries waiting for their backoff or in flight.
  std::atomic<uint32_t> retries_in_flight_{0};
  std::atomic<uint64_t> retries_{0};
};

// One call across its attempts.
struct ResilientBackend::Policy::Call {
  BackendRequest request;
  CallContext context;
  ReplyCallback done;
  uint32_t attempts = 0;
  // Some attempt may have reached the backend.
  bool in_doubt = false;
  // The last attempt's failure, reported when no further attempt may start.
  absl::Status last_failure;
};

ResilientBackend::ResilientBackend(EventLoops& loops, std::unique_ptr<Backend> transport,
                                   ResilienceOptions options)
    : policy_(std::make_shared<Policy>(loops, std::move(transport), std::move(options))) {}

ResilientBackend::~ResilientBackend() = default;

void ResilientBackend::Send(BackendRequest request, CallContext context, ReplyCallback done) {
  policy_->Send(std::move(request), std::move(context), std::move(done));
}

const CircuitBreaker* ResilientBackend::breaker() const { return policy_->breaker(); }

uint64_t ResilientBackend::retries() const { return policy_->retries(); }

void ResilientBackend::Policy::Send(BackendRequest request, CallContext context,
                                    ReplyCallback done) {
  auto call = std::make_shared<Call>();
  call->request = std::move(request);
  call->context = std::move(context);
  call->done = std::move(done);
  Attempt(std::move(call));
}

void ResilientBackend::Policy::Attempt(std::shared_ptr<Call> call) {
  const Clock::time_point now = Clock::now();
  const bool retry = call->attempts > 0;
  auto refuse = [&](absl::StatusCode code, std::string_view why) {
    if (retry) {
      retries_in_flight_.fetch_sub(1, std::memory_order_acq_rel);
      // The call already has a failure that says more than why its retry could not start.
      Fail(*call, call->last_failure);
      return;
    }
    Fail(*call, absl::Status(code, StrCat("backend ", options_.name, ": ", why)));
  };
  if (now >= call->context.deadline) {
    refuse(absl::StatusCode::kDeadlineExceeded, "deadline passed before the request was sent");
    return;
  }
  if (call->context.cancellation != nullptr && call->context.cancellation->cancelled()) {
    refuse(absl::StatusCode::kCancelled, "the caller cancelled the call");
    return;
  }
  if (in_flight_.fetch_add(1, std::memory_order_acq_rel) >= options_.max_in_flight) {
    in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    refuse(absl::StatusCode::kResourceExhausted,
           StrCat(options_.max_in_flight, " attempts already in flight (max_in_flight)"));
    return;
  }
  CircuitBreaker::Admission admission = CircuitBreaker::Admission::kAllowed;
  if (breaker_ != nullptr) {
    admission = breaker_->Admit(now);
    if (admission == CircuitBreaker::Admission::kRefused) {
      in_flight_.fetch_sub(1, std::memory_order_acq_rel);
      refuse(absl::StatusCode::kUnavailable,
             "circuit breaker open after repeated failures; the request was not sent");
      return;
    }
  }
  ++call->attempts;
  CallContext attempt_context = call->context;
  if (options_.per_try_timeout.has_value()) {
    attempt_context.deadline =
        std::min(attempt_context.deadline,
                 now + std::chrono::duration_cast<Clock::duration>(*options_.per_try_timeout));
  }
  // The transport consumes its request; the call keeps the original while another attempt may
  // follow.
  BackendRequest request =
      call->attempts < options_.retry.max_attempts ? call->request : std::move(call->request);
  transport_->Send(std::move(request), std::move(attempt_context),
                   [self = shared_from_this(), call, admission,
                    now](absl::StatusOr<BackendReply> result) mutable {
                     self->OnAttemptDone(std::move(call), admission, now, std::move(result));
                   });
}

void ResilientBackend::Policy::OnAttemptDone(std::shared_ptr<Call> call,
                                             CircuitBreaker::Admission admission,
                                             Clock::time_point started,
                                             absl::StatusOr<BackendReply> result) {
  in_flight_.fetch_sub(1, std::memory_order_acq_rel);
  if (call->attempts > 1) retries_in_flight_.fetch_sub(1, std::memory_order_acq_rel);
  const Clock::time_point now = Clock::now();
  absl::StatusCode code = result.ok() ? absl::StatusCode::kOk : result.status().code();
  // Local refusals (a full queue, a header the transport will not write) and the caller's own
  // cancellation say nothing about the backend's health.
  const bool backend_failed =
      code != absl::StatusCode::kOk && code != absl::StatusCode::kResourceExhausted &&
      code != absl::StatusCode::kInvalidArgument && code != absl::StatusCode::kCancelled;
  if (breaker_ != nullptr) breaker_->Record(admission, backend_failed, now - started, now);
  if (result.ok()) {
    ReplyCallback done = std::move(call->done);
    std::move(done)(std::move(result));
    return;
  }
  absl::Status failure = result.status();
  const bool may_have_arrived = InDoubt(failure);
  if (code == absl::StatusCode::kDeadlineExceeded && now < call->context.deadline) {
    // The attempt's own time ran out, not the caller's: DEADLINE_EXCEEDED would tell the caller
    // its deadline passed (and invite a blind resend). Say what happened to the attempt.
    code = may_have_arrived ? absl::StatusCode::kUnknown : absl::StatusCode::kUnavailable;
    failure = WithCode(failure, code);
  }
  call->in_doubt = call->in_doubt || may_have_arrived;
  call->last_failure = failure;

  const bool never_sent = code == absl::StatusCode::kUnavailable && !may_have_arrived;
  const bool unknown_outcome = code == absl::StatusCode::kUnknown ||
                               code == absl::StatusCode::kDeadlineExceeded ||
                               (code == absl::StatusCode::kUnavailable && may_have_arrived);
  const bool cancelled =
      call->context.cancellation != nullptr && call->context.cancellation->cancelled();
  const bool retryable =
      !cancelled && (never_sent || (call->context.idempotent && unknown_outcome));
  if (!retryable || call->attempts >= options_.retry.max_attempts) {
    Fail(*call, failure);
    return;
  }
  // The budget: retries feed on a failing backend's load, so they stay a fraction of it.
  const uint32_t in_flight = in_flight_.load(std::memory_order_relaxed);
  const uint32_t allowed = std::max(options_.retry.min_retries_in_flight,
                                    in_flight * options_.retry.budget_percent / 100);
  if (retries_in_flight_.fetch_add(1, std::memory_order_acq_rel) >= allowed) {
    retries_in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    Fail(*call, failure);
    return;
  }
  const std::chrono::nanoseconds cap =
      std::min(options_.retry.max_backoff,
               options_.retry.initial_backoff * (int64_t{1} << std::min(call->attempts - 1, 20u)));
  const Clock::duration backoff = Jittered(cap);
  if (now + backoff >= call->context.deadline) {
    retries_in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    Fail(*call, failure);
    return;
  }
  retries_.fetch_add(1, std::memory_order_relaxed);
  if (backoff <= Clock::duration::zero()) {
    Attempt(std::move(call));
    return;
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(loops_.PickForCaller().context);
  timer->expires_after(backoff);
  timer->async_wait([self = shared_from_this(), timer,
                     call = std::move(call)](const boost::system::error_code&) mutable {
    self->Attempt(std::move(call));
  });
}

void ResilientBackend::Policy::Fail(Call& call, absl::Status status) {
  CallInfo info;
  ReadDetail(status, &info);
  if (info.request_id().empty()) info.set_request_id(call.context.request_id);
  if (info.backend().empty()) info.set_backend(options_.name);
  info.set_attempts(static_cast<int32_t>(call.attempts));
  if (call.in_doubt && !info.in_doubt()) {
    // An earlier attempt may have run the transaction; the last one's failure must not hide it.
    absl::Status in_doubt(absl::StatusCode::kUnknown,
                          StrCat(status.message(),
                                 " (an earlier attempt may have reached the backend: outcome "
                                 "unknown)"));
    status.ForEachPayload([&in_doubt](absl::string_view type_url, const absl::Cord& payload) {
      in_doubt.SetPayload(type_url, payload);
    });
    status = std::move(in_doubt);
    info.set_in_doubt(true);
  }
  AttachDetail(status, info);
  ReplyCallback done = std::move(call.done);
  std::move(done)(std::move(status));
}

}  // namespace dragoman
