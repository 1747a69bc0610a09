#include "server/resilience/circuit_breaker.h"

#include <gtest/gtest.h>

namespace dragoman {
namespace {

using Admission = CircuitBreaker::Admission;
using State = CircuitBreaker::State;
using namespace std::chrono_literals;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest() {
    options_.failure_rate_percent = 50;
    options_.minimum_calls = 4;
    options_.window = 10s;
    options_.open_duration = 5s;
    options_.half_open_probes = 2;
    options_.slow_call_duration = 1s;
  }

  // Admits and records one attempt at `now_`.
  Admission Call(CircuitBreaker& breaker, bool failed, std::chrono::milliseconds took = 10ms) {
    const Admission admission = breaker.Admit(now_);
    if (admission != Admission::kRefused) breaker.Record(admission, failed, took, now_);
    return admission;
  }

  CircuitBreakerOptions options_;
  CircuitBreaker::Clock::time_point now_ = CircuitBreaker::Clock::time_point() + 1000s;
};

TEST_F(CircuitBreakerTest, StaysClosedUntilTheWindowHoldsEnoughCalls) {
  CircuitBreaker breaker(options_);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Call(breaker, /*failed=*/true), Admission::kAllowed);
  EXPECT_EQ(breaker.state(now_), State::kClosed);
  EXPECT_EQ(Call(breaker, true), Admission::kAllowed);
  EXPECT_EQ(breaker.state(now_), State::kOpen);
  EXPECT_EQ(breaker.times_opened(), 1u);
}

TEST_F(CircuitBreakerTest, OpensAtTheFailureRateAndRefusesWhileOpen) {
  CircuitBreaker breaker(options_);
  Call(breaker, false);
  Call(breaker, false);
  Call(breaker, false);
  Call(breaker, true);  // 1 of 4
  EXPECT_EQ(breaker.state(now_), State::kClosed);
  Call(breaker, true);
  Call(breaker, true);  // 3 of 6 = 50%
  EXPECT_EQ(breaker.state(now_), State::kOpen);
  now_ += 4s;
  EXPECT_EQ(breaker.Admit(now_), Admission::kRefused);
}

TEST_F(CircuitBreakerTest, HalfOpenLetsOnlyItsProbesThroughAndClosesWhenAllSucceed) {
  CircuitBreaker breaker(options_);
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  now_ += 5s;
  EXPECT_EQ(breaker.state(now_), State::kHalfOpen);
  const Admission first = breaker.Admit(now_);
  const Admission second = breaker.Admit(now_);
  EXPECT_EQ(first, Admission::kProbe);
  EXPECT_EQ(second, Admission::kProbe);
  EXPECT_EQ(breaker.Admit(now_), Admission::kRefused);
  breaker.Record(first, false, 10ms, now_);
  EXPECT_EQ(breaker.state(now_), State::kHalfOpen);
  breaker.Record(second, false, 10ms, now_);
  EXPECT_EQ(breaker.state(now_), State::kClosed);
  // Closed afresh: the failures before it opened no longer count.
  EXPECT_EQ(Call(breaker, true), Admission::kAllowed);
  EXPECT_EQ(breaker.state(now_), State::kClosed);
}

TEST_F(CircuitBreakerTest, AFailedProbeReopensForAnotherFullPeriod) {
  CircuitBreaker breaker(options_);
  for (int i = 0; i < 4; ++i) Call(breaker, true);
  now_ += 5s;
  EXPECT_EQ(Call(breaker, /*failed=*/true), Admission::kProbe);
  EXPECT_EQ(breaker.state(now_), State::kOpen);
  now_ += 4s;
  EXPECT_EQ(breaker.Admit(now_), Admission::kRefused);
  now_ += 1s;
  EXPECT_EQ(breaker.Admit(now_), Admission::kProbe);
  EXPECT_EQ(breaker.times_opened(), 2u);
}

TEST_F(CircuitBreakerTest, SlowCallsOpenItWhenTheirRateIsReached) {
  options_.slow_call_rate_percent = 75;
  CircuitBreaker breaker(options_);
  Call(breaker, false, 2s);
  Call(breaker, false, 2s);
  Call(breaker, false, 10ms);
  Call(breaker, false, 2s);  // 3 of 4 slow
  EXPECT_EQ(breaker.state(now_), State::kOpen);
}

TEST_F(CircuitBreakerTest, FailuresOlderThanTheWindowNoLongerCount) {
  CircuitBreaker breaker(options_);
  Call(breaker, true);
  Call(breaker, true);
  Call(breaker, true);
  now_ += 11s;
  Call(breaker, false);
  Call(breaker, false);
  Call(breaker, false);
  Call(breaker, true);  // 1 of 4 in the window; 4 of 7 overall
  EXPECT_EQ(breaker.state(now_), State::kClosed);
}

}  // namespace
}  // namespace dragoman
