// The legacy hop under faults, counted against the host's ledger: calls through the framed
// backend with Dragoman's retry policy while the host is killed and restarted again and again.
// What a bank would audit afterwards:
//   - no non-idempotent transaction ran twice;
//   - every call that succeeded ran (and, when not idempotent, exactly once);
//   - every call reported UNAVAILABLE (never sent) did not run;
//   - every other failure is marked in doubt, and is counted;
//   - no call outlived its deadline by more than 50 ms.
// CI runs a short version (20k calls at 4k/s, a kill every 500 ms); DRAGOMAN_FAULT_CALLS,
// DRAGOMAN_FAULT_RATE and DRAGOMAN_FAULT_KILL_MS set a longer run (the figures are printed
// either way).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dragoman/errors.pb.h"
#include "server/backends/framed_tcp_backend.h"
#include "server/backends/soap_http_backend.h"
#include "server/resilience/resilient_backend.h"
#include "tests/server/resilience/killable_host.h"
#include "translators/runtime/status_util.h"

namespace dragoman {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int EnvOr(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoi(value);
}

// How one call ended.
struct Outcome {
  std::string id;
  bool idempotent = false;
  absl::StatusCode code = absl::StatusCode::kOk;
  bool in_doubt = false;
  int attempts = 0;
  // Time from the call's deadline to its end (negative: before the deadline).
  Clock::duration overrun{};
};

// A transaction for the killable host, `id` as its record; framed or SOAP alike.
BackendRequest LedgerRequest(std::string id) {
  BackendRequest request;
  request.payload = std::move(id);
  request.transaction = "LNQT    ";
  request.content_type = "text/xml; charset=utf-8";
  request.soap_action = "urn:ledger#Post";
  return request;
}

// How the call `id` ended, given its result and when its deadline was; a reply that is not
// "done:<id>" is someone else's (DATA_LOSS).
Outcome OutcomeOf(const std::string& id, bool idempotent, Clock::time_point deadline,
                  const absl::StatusOr<BackendReply>& result) {
  Outcome outcome;
  outcome.id = id;
  outcome.idempotent = idempotent;
  outcome.overrun = Clock::now() - deadline;
  if (!result.ok()) {
    outcome.code = result.status().code();
    CallInfo info;
    ReadDetail(result.status(), &info);
    outcome.in_doubt = info.in_doubt();
    outcome.attempts = info.attempts();
  } else if (result->payload != "done:" + id) {
    outcome.code = absl::StatusCode::kDataLoss;
  }
  return outcome;
}

class FaultRunTest : public ::testing::Test {
 protected:
  FaultRunTest() : loops_(2) { loops_.Start(); }
  ~FaultRunTest() override {
    backend_.reset();
    loops_.Stop();
  }

  // The host's transport: SOAP over HTTP/1.1 when `http`, else framed records with a header.
  void MakeBackend(uint16_t port, bool http = false,
                   std::optional<std::chrono::nanoseconds> per_try_timeout = std::nullopt,
                   uint32_t min_retries_in_flight = 3) {
    absl::StatusOr<std::unique_ptr<Backend>> transport;
    if (http) {
      config::SoapBackend soap;
      soap.add_endpoints("http://127.0.0.1:" + std::to_string(port) + "/ledger");
      soap.mutable_connect_timeout()->set_nanos(200'000'000);
      soap.mutable_write_timeout()->set_seconds(5);
      soap.mutable_read_timeout()->set_seconds(5);
      soap.mutable_idle_timeout()->set_seconds(60);
      soap.set_max_reply_bytes(1 << 20);
      soap.set_max_idle_connections(64);
      soap.set_max_connections(64);
      auto made = SoapHttpBackend::Create(loops_, "host", soap);
      if (made.ok())
        transport = std::unique_ptr<Backend>(*std::move(made));
      else
        transport = made.status();
    } else {
      config::FramedBackend framed;
      framed.add_endpoints("127.0.0.1:" + std::to_string(port));
      framed.mutable_framing()->set_header(true);
      framed.mutable_connect_timeout()->set_nanos(200'000'000);
      framed.mutable_read_timeout()->set_seconds(5);
      framed.mutable_idle_timeout()->set_seconds(60);
      framed.set_max_record_bytes(1024);
      framed.set_max_connections(8);
      framed.set_max_waiting(100000);
      auto made = FramedTcpBackend::Create(loops_, "host", framed);
      if (made.ok())
        transport = std::unique_ptr<Backend>(*std::move(made));
      else
        transport = made.status();
    }
    ASSERT_TRUE(transport.ok()) << transport.status();
    ResilienceOptions options;
    options.name = "host";
    options.retry.max_attempts = 4;
    options.retry.initial_backoff = 5ms;
    options.retry.max_backoff = 50ms;
    // The kills are the point of the run: a breaker would only turn them into fast refusals.
    options.breaker.reset();
    options.per_try_timeout = per_try_timeout;
    options.retry.min_retries_in_flight = min_retries_in_flight;
    backend_ = std::make_unique<ResilientBackend>(loops_, *std::move(transport), options);
  }

  EventLoops loops_;
  std::unique_ptr<ResilientBackend> backend_;
};

// The same run against a framed host and a SOAP/HTTP one.
class KilledHostTest : public FaultRunTest, public ::testing::WithParamInterface<bool> {};

TEST_P(KilledHostTest, KilledAndRestartedHostNeverRunsATransactionTwice) {
  const bool http = GetParam();
  const int calls = EnvOr("DRAGOMAN_FAULT_CALLS", 20000);
  const auto kill_every = std::chrono::milliseconds(EnvOr("DRAGOMAN_FAULT_KILL_MS", 500));
  // Callers arrive at a steady rate, as a service's traffic does, not as fast as failures
  // return (which would turn every outage into a flood of instant refusals).
  const int rate = EnvOr("DRAGOMAN_FAULT_RATE", 4000);
  const auto down_for = kill_every / 5;
  constexpr int kConcurrency = 64;
  constexpr auto kTimeout = 500ms;

  testing::KillableHost host({.http = http, .reply_delay = std::chrono::microseconds(100)});
  MakeBackend(host.port(), http);

  std::atomic<bool> running{true};
  std::thread killer([&] {
    while (running.load()) {
      std::this_thread::sleep_for(kill_every);
      if (!running.load()) break;
      host.Kill();
      std::this_thread::sleep_for(down_for);
      host.Restart();
    }
  });

  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  std::vector<Outcome> outcomes;
  outcomes.reserve(static_cast<size_t>(calls));
  const Clock::time_point started = Clock::now();
  for (int i = 0; i < calls; ++i) {
    std::this_thread::sleep_until(started + std::chrono::microseconds(int64_t{i} * 1000000 / rate));
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return in_flight < kConcurrency; });
      ++in_flight;
    }
    const bool idempotent = i % 2 == 1;
    BackendRequest request = LedgerRequest((idempotent ? "READ-" : "XFER-") + std::to_string(i));
    CallContext context;
    context.deadline = Clock::now() + kTimeout;
    context.request_id = request.payload;
    context.idempotent = idempotent;
    backend_->Send(std::move(request), context,
                   [&, id = context.request_id, idempotent,
                    deadline = context.deadline](absl::StatusOr<BackendReply> result) {
                     Outcome outcome = OutcomeOf(id, idempotent, deadline, result);
                     std::lock_guard<std::mutex> lock(mu);
                     outcomes.push_back(std::move(outcome));
                     --in_flight;
                     cv.notify_all();
                   });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return in_flight == 0; });
  }
  const auto elapsed = Clock::now() - started;
  running = false;
  killer.join();

  const std::map<std::string, int> ledger = host.ledger();
  auto executed = [&ledger](const std::string& id) {
    auto it = ledger.find(id);
    return it == ledger.end() ? 0 : it->second;
  };
  std::map<absl::StatusCode, int> by_code;
  int duplicates = 0, idempotent_repeats = 0, in_doubt = 0, in_doubt_ran = 0;
  Clock::duration worst_overrun = Clock::duration::min();
  for (const Outcome& o : outcomes) {
    ++by_code[o.code];
    worst_overrun = std::max(worst_overrun, o.overrun);
    const int runs = executed(o.id);
    if (!o.idempotent && runs > 1) ++duplicates;
    if (o.idempotent && runs > 1) ++idempotent_repeats;
    SCOPED_TRACE(o.id);
    switch (o.code) {
      case absl::StatusCode::kOk:
        EXPECT_GE(runs, 1) << "answered but never ran";
        break;
      case absl::StatusCode::kUnavailable:
        EXPECT_FALSE(o.in_doubt);
        EXPECT_EQ(runs, 0) << "reported as never sent, yet it ran";
        break;
      case absl::StatusCode::kUnknown:
      case absl::StatusCode::kDeadlineExceeded:
        if (o.code == absl::StatusCode::kUnknown) {
          EXPECT_TRUE(o.in_doubt);
        }
        if (o.in_doubt) {
          ++in_doubt;
          if (runs > 0) ++in_doubt_ran;
        } else {
          EXPECT_EQ(runs, 0) << "not in doubt, yet it ran";
        }
        break;
      default:
        ADD_FAILURE() << "unexpected status " << absl::StatusCodeToString(o.code);
    }
  }
  EXPECT_EQ(outcomes.size(), static_cast<size_t>(calls));
  EXPECT_EQ(duplicates, 0) << "non-idempotent transactions executed twice";
  EXPECT_LT(worst_overrun, Clock::duration(50ms)) << "a call outlived its deadline";
  EXPECT_GE(host.kills(), 2) << "the run was too short to kill the host";
  EXPECT_GT(by_code[absl::StatusCode::kOk], calls / 2) << "too few calls got through";

  std::cout << (http ? "SOAP/HTTP" : "framed") << " fault run: " << calls << " calls at " << rate
            << "/s in " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
            << " ms, host killed " << host.kills() << " times (every " << kill_every.count()
            << " ms, down " << down_for.count() << " ms)\n";
  for (const auto& [code, count] : by_code) {
    std::cout << "  " << absl::StatusCodeToString(code) << ": " << count << "\n";
  }
  std::cout << "  in doubt: " << in_doubt << " (of which the host ran " << in_doubt_ran
            << ")\n  non-idempotent run twice: " << duplicates
            << "\n  idempotent run more than once (allowed): " << idempotent_repeats
            << "\n  retries: " << backend_->retries() << "\n  worst end after deadline: "
            << std::chrono::duration_cast<std::chrono::microseconds>(worst_overrun).count()
            << " us\n";
}

INSTANTIATE_TEST_SUITE_P(FramedAndSoap, KilledHostTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param) {
                           return param.param ? std::string("SoapOverHttp")
                                              : std::string("FramedRecords");
                         });

// Calls against a host that hangs or drips its replies end at their deadline (within 50 ms),
// whatever attempts and per-attempt timeouts happened before.
class DeadlineTest : public FaultRunTest,
                     public ::testing::WithParamInterface<testing::HostBehaviour> {};

TEST_P(DeadlineTest, CallsEndWithin50msOfTheirDeadline) {
  testing::KillableHost host(GetParam());
  // Every call times out together; the budget is opened up so each idempotent one may retry.
  MakeBackend(host.port(), GetParam().http, /*per_try_timeout=*/std::chrono::milliseconds(120),
              /*min_retries_in_flight=*/100);
  constexpr int kCalls = 40;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Outcome> outcomes;
  for (int i = 0; i < kCalls; ++i) {
    const bool idempotent = i % 2 == 0;
    BackendRequest request = LedgerRequest("SLOW-" + std::to_string(i));
    CallContext context;
    context.deadline = Clock::now() + 300ms + std::chrono::milliseconds(i);
    context.request_id = request.payload;
    context.idempotent = idempotent;
    backend_->Send(std::move(request), context,
                   [&, id = context.request_id, deadline = context.deadline,
                    idempotent](absl::StatusOr<BackendReply> r) {
                     Outcome outcome = OutcomeOf(id, idempotent, deadline, r);
                     std::lock_guard<std::mutex> lock(mu);
                     outcomes.push_back(outcome);
                     cv.notify_all();
                   });
  }
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return outcomes.size() == kCalls; }));
  Clock::duration worst = Clock::duration::min();
  for (const Outcome& o : outcomes) {
    if (o.idempotent) worst = std::max(worst, o.overrun);
    EXPECT_NE(o.code, absl::StatusCode::kOk);
    EXPECT_TRUE(o.in_doubt);
    EXPECT_LT(o.overrun, Clock::duration(50ms));
    // Idempotent calls were tried again after each 120 ms attempt; the others only once.
    if (o.idempotent) {
      EXPECT_GE(o.attempts, 2);
      EXPECT_GT(o.overrun, Clock::duration(-130ms)) << "gave up long before the deadline";
    } else {
      EXPECT_EQ(o.attempts, 1);
    }
  }
  std::cout << (GetParam().http ? "SOAP/HTTP host that " : "framed host that ")
            << (GetParam().never_reply ? "never replies" : "drips")
            << ": idempotent calls ended at most "
            << std::chrono::duration_cast<std::chrono::microseconds>(worst).count()
            << " us after their deadline\n";
}

// Hosts that misbehave without being killed: every call still ends truthfully.
class MisbehavingHostTest : public FaultRunTest,
                            public ::testing::WithParamInterface<testing::HostBehaviour> {
 protected:
  // Sends `calls` calls (half idempotent) one after another; returns their outcomes.
  std::vector<Outcome> Run(int calls, std::chrono::milliseconds timeout) {
    std::vector<Outcome> outcomes;
    for (int i = 0; i < calls; ++i) {
      const bool idempotent = i % 2 == 1;
      std::promise<Outcome> promise;
      BackendRequest request = LedgerRequest("M-" + std::to_string(i));
      CallContext context;
      context.deadline = Clock::now() + timeout;
      context.request_id = request.payload;
      context.idempotent = idempotent;
      backend_->Send(std::move(request), context,
                     [&promise, id = context.request_id, idempotent,
                      deadline = context.deadline](absl::StatusOr<BackendReply> result) {
                       promise.set_value(OutcomeOf(id, idempotent, deadline, result));
                     });
      outcomes.push_back(promise.get_future().get());
    }
    return outcomes;
  }
};

TEST_P(MisbehavingHostTest, RepliesAreNeverCrossedAndFailuresAreTruthful) {
  testing::KillableHost host(GetParam());
  MakeBackend(host.port(), GetParam().http, /*per_try_timeout=*/std::chrono::milliseconds(100));
  // A deaf host costs each call its whole deadline: fewer of them.
  const int calls = GetParam().never_read ? 10 : 40;
  const std::vector<Outcome> outcomes = Run(calls, 300ms);
  const std::map<std::string, int> ledger = host.ledger();
  std::map<absl::StatusCode, int> by_code;
  for (const Outcome& o : outcomes) {
    SCOPED_TRACE(o.id);
    ++by_code[o.code];
    EXPECT_NE(o.code, absl::StatusCode::kDataLoss) << "a reply meant for another call";
    EXPECT_LT(o.overrun, Clock::duration(50ms));
    const auto it = ledger.find(o.id);
    const int runs = it == ledger.end() ? 0 : it->second;
    if (!o.idempotent) {
      EXPECT_LE(runs, 1);
    }
    if (o.code == absl::StatusCode::kOk) {
      EXPECT_GE(runs, 1);
    }
    if (o.code == absl::StatusCode::kUnavailable) {
      EXPECT_FALSE(o.in_doubt);
      EXPECT_EQ(runs, 0);
    }
    if (o.code == absl::StatusCode::kUnknown) {
      EXPECT_TRUE(o.in_doubt);
    }
  }
  if (GetParam().duplicate_replies) {
    EXPECT_EQ(by_code[absl::StatusCode::kOk], calls) << "a duplicate reply must not fail a call";
  } else if (GetParam().reset_reply_after_bytes > 0) {
    // Every transaction ran and its reply was cut: in doubt, each one, and none ran twice
    // unless it was idempotent and retried.
    EXPECT_EQ(by_code[absl::StatusCode::kOk], 0);
    for (const Outcome& o : outcomes) {
      EXPECT_TRUE(o.in_doubt) << o.id;
      EXPECT_EQ(ledger.count(o.id), 1u) << o.id;
    }
  } else {
    EXPECT_EQ(by_code[absl::StatusCode::kOk], 0);
    EXPECT_TRUE(ledger.empty()) << "this host never runs anything";
  }
}

INSTANTIATE_TEST_SUITE_P(
    DuplicatingResettingAndDeafHosts, MisbehavingHostTest,
    ::testing::Values(testing::HostBehaviour{.duplicate_replies = true},
                      testing::HostBehaviour{.http = true, .duplicate_replies = true},
                      testing::HostBehaviour{.never_read = true},
                      testing::HostBehaviour{.http = true, .never_read = true},
                      testing::HostBehaviour{.reset_after_bytes = 10},
                      testing::HostBehaviour{.http = true, .reset_after_bytes = 10},
                      testing::HostBehaviour{.reset_reply_after_bytes = 12},
                      testing::HostBehaviour{.http = true, .reset_reply_after_bytes = 30}),
    [](const ::testing::TestParamInfo<testing::HostBehaviour>& param) {
      const testing::HostBehaviour& b = param.param;
      const char* what = b.duplicate_replies         ? "DuplicateReplies"
                         : b.never_read              ? "NeverReads"
                         : b.reset_reply_after_bytes ? "ResetsMidReply"
                                                     : "ResetsMidRequest";
      return std::string(b.http ? "Soap" : "Framed") + what;
    });

INSTANTIATE_TEST_SUITE_P(
    HungAndDrippingHosts, DeadlineTest,
    ::testing::Values(testing::HostBehaviour{.never_reply = true},
                      testing::HostBehaviour{.drip = std::chrono::milliseconds(40)},
                      testing::HostBehaviour{.http = true, .never_reply = true},
                      testing::HostBehaviour{.http = true, .drip = std::chrono::milliseconds(40)}),
    [](const ::testing::TestParamInfo<testing::HostBehaviour>& param) {
      return std::string(param.param.http ? "Soap" : "Framed") +
             (param.param.never_reply ? "NeverReplies" : "Drips");
    });

}  // namespace
}  // namespace dragoman
