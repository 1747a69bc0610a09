#include "server/resilience/resilient_backend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <future>
#include <mutex>
#include <vector>

#include "dragoman/errors.pb.h"
#include "translators/runtime/status_util.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A failure of the kind the transports report, with its CallInfo.
absl::Status TransportFailure(absl::StatusCode code, bool in_doubt) {
  absl::Status status(
      code, in_doubt ? "connection lost after the request was written" : "connect refused");
  CallInfo info;
  info.set_in_doubt(in_doubt);
  info.set_backend("legacy");
  AttachDetail(status, info);
  return status;
}
absl::Status NeverSent() { return TransportFailure(absl::StatusCode::kUnavailable, false); }
absl::Status InDoubt() { return TransportFailure(absl::StatusCode::kUnknown, true); }

BackendReply Ok() {
  BackendReply reply;
  reply.payload = "<ok/>";
  reply.http_status = 200;
  return reply;
}

// Answers each attempt with the next scripted outcome (then OK), inline, or holds the answers
// when told to; records what each attempt was given.
class ScriptedTransport : public Backend {
 public:
  void Send(BackendRequest request, CallContext context, ReplyCallback done) override {
    absl::StatusOr<BackendReply> outcome = Ok();
    {
      std::lock_guard<std::mutex> lock(mu);
      payloads.push_back(request.payload);
      contexts.push_back(context);
      sent_at.push_back(Clock::now());
      if (hold) {
        held.push_back(std::move(done));
        return;
      }
      if (!script.empty()) {
        outcome = script.front();
        script.pop_front();
      } else if (fail_always) {
        outcome = *fail_always;
      }
    }
    std::move(done)(std::move(outcome));
  }

  size_t sends() {
    std::lock_guard<std::mutex> lock(mu);
    return payloads.size();
  }

  std::mutex mu;
  std::deque<absl::StatusOr<BackendReply>> script;
  std::optional<absl::Status> fail_always;
  bool hold = false;
  std::vector<ReplyCallback> held;
  std::vector<std::string> payloads;
  std::vector<CallContext> contexts;
  std::vector<Clock::time_point> sent_at;
};

class ResilientBackendTest : public ::testing::Test {
 protected:
  ResilientBackendTest() : loops_(1) {
    loops_.Start();
    options_.name = "legacy";
    options_.retry.initial_backoff = 1ms;
    options_.retry.max_backoff = 5ms;
  }
  ~ResilientBackendTest() override {
    backend_.reset();
    loops_.Stop();
  }

  void Make() {
    auto transport = std::make_unique<ScriptedTransport>();
    transport_ = transport.get();
    backend_ = std::make_unique<ResilientBackend>(loops_, std::move(transport), options_);
  }

  // One call; waits for its outcome.
  absl::StatusOr<BackendReply> Call(bool idempotent, std::chrono::milliseconds timeout = 2000ms) {
    std::promise<absl::StatusOr<BackendReply>> promise;
    auto future = promise.get_future();
    Start(idempotent, timeout,
          [&promise](absl::StatusOr<BackendReply> r) { promise.set_value(std::move(r)); });
    if (future.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "no outcome within 5s";
      return absl::InternalError("test: no outcome");
    }
    return future.get();
  }

  void Start(bool idempotent, std::chrono::milliseconds timeout, ReplyCallback done) {
    BackendRequest request;
    request.payload = "<Transfer/>";
    CallContext context;
    context.deadline = Clock::now() + timeout;
    context.request_id = "req-7";
    context.idempotent = idempotent;
    backend_->Send(std::move(request), std::move(context), std::move(done));
  }

  static CallInfo InfoOf(const absl::Status& status) {
    CallInfo info;
    EXPECT_TRUE(ReadDetail(status, &info)) << status;
    return info;
  }

  EventLoops loops_;
  ResilienceOptions options_;
  ScriptedTransport* transport_ = nullptr;
  std::unique_ptr<ResilientBackend> backend_;
};

TEST_F(ResilientBackendTest, ARequestThatNeverLeftIsRetriedEvenWhenNotIdempotent) {
  Make();
  transport_->script = {NeverSent(), Ok()};
  absl::StatusOr<BackendReply> reply = Call(/*idempotent=*/false);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(transport_->sends(), 2u);
  // Each attempt gets the whole request.
  EXPECT_THAT(transport_->payloads, ::testing::Each("<Transfer/>"));
}

TEST_F(ResilientBackendTest, AnInDoubtFailureOfANonIdempotentCallIsNeverRepeated) {
  Make();
  transport_->script = {InDoubt(), Ok()};
  absl::StatusOr<BackendReply> reply = Call(/*idempotent=*/false);
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(transport_->sends(), 1u);
  const CallInfo info = InfoOf(reply.status());
  EXPECT_TRUE(info.in_doubt());
  EXPECT_EQ(info.attempts(), 1);
  EXPECT_EQ(info.request_id(), "req-7");
}

TEST_F(ResilientBackendTest, AnInDoubtFailureOfAnIdempotentCallIsRetried) {
  Make();
  transport_->script = {InDoubt(), TransportFailure(absl::StatusCode::kDeadlineExceeded, true),
                        Ok()};
  absl::StatusOr<BackendReply> reply = Call(/*idempotent=*/true);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(transport_->sends(), 3u);
  EXPECT_EQ(backend_->retries(), 2u);
}

TEST_F(ResilientBackendTest, OnceAnAttemptMayHaveArrivedTheCallStaysInDoubt) {
  Make();
  transport_->script = {InDoubt(), NeverSent(), NeverSent()};
  absl::StatusOr<BackendReply> reply = Call(/*idempotent=*/true);
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnknown);
  EXPECT_THAT(std::string(reply.status().message()), HasSubstr("earlier attempt"));
  const CallInfo info = InfoOf(reply.status());
  EXPECT_TRUE(info.in_doubt());
  EXPECT_EQ(info.attempts(), 3);
}

TEST_F(ResilientBackendTest, GivesUpAfterMaxAttemptsWithTheLastFailure) {
  Make();
  transport_->fail_always = NeverSent();
  absl::StatusOr<BackendReply> reply = Call(false);
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(InfoOf(reply.status()).in_doubt());
  EXPECT_EQ(InfoOf(reply.status()).attempts(), 3);
  EXPECT_EQ(transport_->sends(), 3u);
}

TEST_F(ResilientBackendTest, OtherFailuresAreNotRetried) {
  Make();
  transport_->script = {TransportFailure(absl::StatusCode::kInternal, false)};
  EXPECT_EQ(Call(true).status().code(), absl::StatusCode::kInternal);
  transport_->script = {TransportFailure(absl::StatusCode::kResourceExhausted, false)};
  EXPECT_EQ(Call(true).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(transport_->sends(), 2u);
}

TEST_F(ResilientBackendTest, NoAttemptStartsAfterTheDeadline) {
  options_.retry.max_attempts = 10;
  options_.retry.initial_backoff = 20ms;
  options_.retry.max_backoff = 40ms;
  options_.retry.min_retries_in_flight = 10;
  Make();
  transport_->fail_always = NeverSent();
  const Clock::time_point started = Clock::now();
  absl::StatusOr<BackendReply> reply = Call(false, /*timeout=*/100ms);
  const Clock::time_point ended = Clock::now();
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  for (Clock::time_point sent : transport_->sent_at) EXPECT_LT(sent, started + 100ms);
  EXPECT_LT(ended, started + 250ms);  // the deadline (100 ms), a loaded machine's slack
}

TEST_F(ResilientBackendTest, TheRetryBudgetCapsRetriesWhenManyCallsFailTogether) {
  options_.retry.max_attempts = 2;
  options_.retry.initial_backoff = 50ms;
  options_.retry.max_backoff = 50ms;
  options_.retry.min_retries_in_flight = 2;
  Make();
  transport_->fail_always = NeverSent();
  std::vector<std::promise<absl::Status>> promises(10);
  for (auto& promise : promises) {
    Start(false, 2000ms,
          [&promise](absl::StatusOr<BackendReply> r) { promise.set_value(r.status()); });
  }
  for (auto& promise : promises) {
    EXPECT_EQ(promise.get_future().get().code(), absl::StatusCode::kUnavailable);
  }
  // Nothing was in flight when they failed: only the minimum of 2 retries was allowed.
  EXPECT_EQ(backend_->retries(), 2u);
  EXPECT_EQ(transport_->sends(), 12u);
}

TEST_F(ResilientBackendTest, AFullBackendRefusesAtOnceWithoutSending) {
  options_.max_in_flight = 2;
  Make();
  transport_->hold = true;
  std::promise<absl::Status> first, second;
  Start(false, 2000ms, [&](absl::StatusOr<BackendReply> r) { first.set_value(r.status()); });
  Start(false, 2000ms, [&](absl::StatusOr<BackendReply> r) { second.set_value(r.status()); });
  absl::StatusOr<BackendReply> third = Call(false);
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(third.status().message()), HasSubstr("max_in_flight"));
  EXPECT_EQ(transport_->sends(), 2u);
  transport_->hold = false;
  for (ReplyCallback& done : transport_->held) std::move(done)(Ok());
  // A transport lets go of a callback once it has run (the callback keeps the policy alive).
  transport_->held.clear();
  EXPECT_TRUE(first.get_future().get().ok());
  EXPECT_TRUE(second.get_future().get().ok());
  EXPECT_TRUE(Call(false).ok());  // room again
}

TEST_F(ResilientBackendTest, AnOpenBreakerLetsOnlyProbesThrough) {
  options_.retry.max_attempts = 1;
  CircuitBreakerOptions breaker;
  breaker.minimum_calls = 5;
  breaker.open_duration = 200ms;
  breaker.half_open_probes = 1;
  options_.breaker = breaker;
  Make();
  transport_->fail_always = NeverSent();
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Call(false).ok());
  ASSERT_EQ(transport_->sends(), 5u);
  // Open: refused without reaching the backend, and said so.
  for (int i = 0; i < 20; ++i) {
    absl::StatusOr<BackendReply> refused = Call(false);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(std::string(refused.status().message()), HasSubstr("circuit breaker open"));
    EXPECT_FALSE(InfoOf(refused.status()).in_doubt());
  }
  EXPECT_EQ(transport_->sends(), 5u);
  // After open_duration one probe goes through; the backend is back, so the breaker closes.
  std::this_thread::sleep_for(250ms);
  transport_->fail_always.reset();
  EXPECT_TRUE(Call(false).ok());
  EXPECT_TRUE(Call(false).ok());
  EXPECT_EQ(transport_->sends(), 7u);
  EXPECT_EQ(backend_->breaker()->state(Clock::now()), CircuitBreaker::State::kClosed);
}

TEST_F(ResilientBackendTest, ACallInBackoffOutlivesTheBackendObject) {
  options_.retry.initial_backoff = 50ms;
  options_.retry.max_backoff = 50ms;
  Make();
  transport_->script = {NeverSent(), Ok()};
  std::promise<absl::StatusOr<BackendReply>> promise;
  Start(false, 2000ms,
        [&promise](absl::StatusOr<BackendReply> r) { promise.set_value(std::move(r)); });
  backend_.reset();  // as a config reload would drop it, with the retry still waiting
  auto future = promise.get_future();
  ASSERT_EQ(future.wait_for(2s), std::future_status::ready);
  EXPECT_TRUE(future.get().ok());
}

TEST_F(ResilientBackendTest, EachAttemptGetsThePerTryTimeoutWithinTheDeadline) {
  options_.per_try_timeout = 300ms;
  Make();
  const Clock::time_point started = Clock::now();
  ASSERT_TRUE(Call(false, 2000ms).ok());
  EXPECT_LE(transport_->contexts[0].deadline, started + 400ms);
  EXPECT_EQ(transport_->contexts[0].request_id, "req-7");
}

}  // namespace
}  // namespace dragoman
