#include "server/discovery/balanced_backend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <deque>
#include <future>
#include <map>
#include <mutex>

#include "dragoman/errors.pb.h"
#include "server/backends/framed_tcp_backend.h"
#include "tests/server/discovery/test_dns_server.h"
#include "tests/server/resilience/killable_host.h"
#include "translators/runtime/status_util.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

ResolvedEndpoint At(uint16_t port, uint16_t priority = 0, uint16_t weight = 1) {
  ResolvedEndpoint endpoint;
  endpoint.host = "10.0.0.1";
  endpoint.port = port;
  endpoint.priority = priority;
  endpoint.weight = weight;
  return endpoint;
}

// Answers with what the test scripts, each answer once, then the last one again.
class ScriptedResolver : public Resolver {
 public:
  explicit ScriptedResolver(std::deque<absl::StatusOr<std::vector<ResolvedEndpoint>>>* script)
      : script_(script) {}
  absl::StatusOr<std::vector<ResolvedEndpoint>> Resolve() override {
    const size_t at = std::min(next_++, script_->size() - 1);
    return (*script_)[at];
  }
  std::string Describe() const override { return "scripted"; }

 private:
  std::deque<absl::StatusOr<std::vector<ResolvedEndpoint>>>* script_;
  size_t next_ = 0;
};

// Every endpoint's transport: counts its calls and fails them while told to.
struct Transports {
  struct State {
    std::mutex mu;
    int calls = 0;
    int probes = 0;
    bool failing = false;
    bool probe_fails = false;
    bool hold = false;
    std::vector<ReplyCallback> held;
  };
  class Transport : public Backend {
   public:
    explicit Transport(std::shared_ptr<State> state) : state_(std::move(state)) {}
    void Send(BackendRequest request, CallContext, ReplyCallback done) override {
      std::unique_lock<std::mutex> lock(state_->mu);
      if (request.payload == "PROBE") {
        ++state_->probes;
        BackendReply reply;
        reply.payload = state_->probe_fails ? "DOWN" : "UP";
        lock.unlock();
        std::move(done)(std::move(reply));
        return;
      }
      ++state_->calls;
      if (state_->hold) {
        state_->held.push_back(std::move(done));
        return;
      }
      const bool failing = state_->failing;
      lock.unlock();
      if (failing) {
        std::move(done)(absl::UnavailableError("connect refused"));
      } else {
        std::move(done)(BackendReply());
      }
    }

   private:
    std::shared_ptr<State> state_;
  };

  TransportFactory Factory() {
    return [this](const ResolvedEndpoint& endpoint) -> absl::StatusOr<std::unique_ptr<Backend>> {
      std::lock_guard<std::mutex> lock(mu);
      auto& state = by_port[endpoint.port];
      if (state == nullptr) state = std::make_shared<State>();
      return std::make_unique<Transport>(state);
    };
  }
  State& operator[](uint16_t port) {
    std::lock_guard<std::mutex> lock(mu);
    return *by_port.at(port);
  }

  std::mutex mu;
  std::map<uint16_t, std::shared_ptr<State>> by_port;
};

class BalancedBackendTest : public ::testing::Test {
 protected:
  void Make(std::vector<ResolvedEndpoint> endpoints, bool least_request = false) {
    script_.push_back(std::move(endpoints));
    options_.name = "legacy";
    options_.least_request = least_request;
    options_.refresh = std::chrono::hours(1);  // the tests refresh by hand
    backend_ = std::make_unique<BalancedBackend>(std::make_unique<ScriptedResolver>(&script_),
                                                 transports_.Factory(), options_);
  }

  absl::Status Call() {
    std::promise<absl::Status> promise;
    CallContext context;
    context.deadline = std::chrono::steady_clock::now() + 1s;
    context.request_id = "r";
    backend_->Send(BackendRequest(), context,
                   [&promise](absl::StatusOr<BackendReply> r) { promise.set_value(r.status()); });
    return promise.get_future().get();
  }

  std::deque<absl::StatusOr<std::vector<ResolvedEndpoint>>> script_;
  BalancerOptions options_;
  Transports transports_;
  std::unique_ptr<BalancedBackend> backend_;
};

TEST_F(BalancedBackendTest, RoundRobinFollowsTheWeightsWithinTheBestPriority) {
  Make({At(1, 10, 1), At(2, 10, 3), At(3, 20, 5)});
  for (int i = 0; i < 4000; ++i) ASSERT_TRUE(Call().ok());
  EXPECT_EQ(transports_[1].calls, 1000);
  EXPECT_EQ(transports_[2].calls, 3000);
  EXPECT_EQ(transports_[3].calls, 0) << "a backup priority is not used while the best is up";
}

TEST_F(BalancedBackendTest, FailingEndpointsAreEjectedAndTheNextPriorityTakesOver) {
  options_.outlier.consecutive_failures = 3;
  options_.outlier.max_ejection_percent = 100;
  Make({At(1, 10), At(2, 10), At(3, 20)});
  transports_[1].failing = true;
  transports_[2].failing = true;
  for (int i = 0; i < 12; ++i) (void)Call();
  EXPECT_EQ(transports_[1].calls, 3);
  EXPECT_EQ(transports_[2].calls, 3);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Call().ok());
  EXPECT_EQ(transports_[3].calls, 16);
  auto endpoints = backend_->Endpoints();
  EXPECT_TRUE(endpoints[0].ejected);
  EXPECT_TRUE(endpoints[1].ejected);
  EXPECT_FALSE(endpoints[2].ejected);
}

TEST_F(BalancedBackendTest, EjectionIsCappedAndEnds) {
  options_.outlier.consecutive_failures = 2;
  options_.outlier.max_ejection_percent = 50;
  options_.outlier.base_ejection_time = 100ms;
  Make({At(1), At(2)});
  transports_[1].failing = true;
  transports_[2].failing = true;
  for (int i = 0; i < 20; ++i) (void)Call();
  int ejected = 0;
  for (const auto& e : backend_->Endpoints()) ejected += e.ejected ? 1 : 0;
  EXPECT_EQ(ejected, 1) << "half of two endpoints at most";
  transports_[1].failing = false;
  transports_[2].failing = false;
  std::this_thread::sleep_for(150ms);
  const int before = transports_[1].calls + transports_[2].calls;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Call().ok());
  EXPECT_EQ(transports_[1].calls + transports_[2].calls, before + 10);
  EXPECT_GE(std::min(transports_[1].calls, transports_[2].calls), 1 + 2)
      << "the ejected endpoint is back in rotation";
}

TEST_F(BalancedBackendTest, LeastRequestAvoidsTheBusyEndpoint) {
  Make({At(1), At(2)}, /*least_request=*/true);
  transports_[1].hold = true;
  // Hold a few calls on endpoint 1 (whichever picks land there stay in flight).
  std::vector<std::future<absl::Status>> futures;
  for (int i = 0; i < 200; ++i) {
    auto promise = std::make_shared<std::promise<absl::Status>>();
    futures.push_back(promise->get_future());
    CallContext context;
    context.deadline = std::chrono::steady_clock::now() + 1s;
    backend_->Send(BackendRequest(), context,
                   [promise](absl::StatusOr<BackendReply> r) { promise->set_value(r.status()); });
  }
  // Once endpoint 1 holds calls, two choices send nearly everything to endpoint 2.
  EXPECT_LT(transports_[1].calls, 20);
  EXPECT_GT(transports_[2].calls, 180);
  std::lock_guard<std::mutex> lock(transports_[1].mu);
  for (auto& done : transports_[1].held) std::move(done)(BackendReply());
  transports_[1].held.clear();  // a transport lets go of callbacks once they ran
}

TEST_F(BalancedBackendTest, AFailedOrEmptyResolutionKeepsTheLastGoodEndpoints) {
  Make({At(1), At(2)});
  script_.push_back(absl::UnavailableError("dns down"));
  script_.push_back(std::vector<ResolvedEndpoint>{});
  script_.push_back(std::vector<ResolvedEndpoint>{At(2), At(3)});
  script_.push_back(std::vector<ResolvedEndpoint>{At(2), At(3)});
  EXPECT_THAT(std::string(backend_->Refresh().message()), HasSubstr("dns down"));
  EXPECT_EQ(backend_->Endpoints().size(), 2u);
  EXPECT_EQ(backend_->Refresh().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(backend_->Endpoints().size(), 2u);
  ASSERT_TRUE(backend_->Refresh().ok());
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Call().ok());
  EXPECT_EQ(transports_[1].calls, 0) << "an endpoint DNS dropped gets no calls";
  EXPECT_EQ(transports_[2].calls + transports_[3].calls, 10);
}

TEST_F(BalancedBackendTest, NoEndpointIsUnavailableAndNeverSent) {
  script_.push_back(absl::UnavailableError("dns down"));
  options_.refresh = std::chrono::hours(1);
  backend_ = std::make_unique<BalancedBackend>(std::make_unique<ScriptedResolver>(&script_),
                                               transports_.Factory(), options_);
  const absl::Status status = Call();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("no endpoints"));
  CallInfo info;
  ASSERT_TRUE(ReadDetail(status, &info));
  EXPECT_FALSE(info.in_doubt());
}

TEST_F(BalancedBackendTest, EndpointsFailingTheirProbesGetNoCallsUntilTheyPassAgain) {
  HealthCheckOptions check;
  check.interval = std::chrono::hours(1);  // rounds run by hand
  check.unhealthy_threshold = 2;
  check.healthy_threshold = 2;
  check.request.payload = "PROBE";
  check.judge = [](BackendReply& reply) {
    return reply.payload == "UP" ? absl::OkStatus() : absl::UnavailableError("probe says down");
  };
  options_.health_check = check;
  Make({At(1), At(2)});
  transports_[1].probe_fails = true;
  backend_->CheckHealth();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Call().ok());
  EXPECT_EQ(transports_[1].calls, 5) << "one failed probe is not enough";
  backend_->CheckHealth();
  EXPECT_FALSE(backend_->Endpoints()[0].healthy);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Call().ok());
  EXPECT_EQ(transports_[1].calls, 5);
  EXPECT_EQ(transports_[2].calls, 15);
  // Both down: health is ignored rather than refusing every call on a probe's word.
  transports_[2].probe_fails = true;
  backend_->CheckHealth();
  backend_->CheckHealth();
  EXPECT_TRUE(Call().ok());
  // Back up after two good probes in a row.
  transports_[1].probe_fails = false;
  transports_[2].probe_fails = false;
  backend_->CheckHealth();
  backend_->CheckHealth();
  EXPECT_TRUE(backend_->Endpoints()[0].healthy);
  EXPECT_EQ(transports_[1].probes, 6);
  const int before = transports_[1].calls;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Call().ok());
  EXPECT_EQ(transports_[1].calls, before + 5);
}

// SRV end to end: a DNS server started by the test, real framed transports, real hosts.
TEST(BalancedBackendSrvTest, SrvWeightsHoldOverRealHostsAndDnsChangesAreFollowed) {
  EventLoops loops(1);
  loops.Start();
  testing::KillableHost a, b, c;
  testing::TestDnsServer dns;
  const std::string name = "_loans._tcp.mainframe.test";
  dns.SetSrv(name, {{10, 1, a.port(), "127.0.0.1"},
                    {10, 3, b.port(), "127.0.0.1"},
                    {20, 1, c.port(), "127.0.0.1"}});
  BalancerOptions options;
  options.name = "loans";
  options.refresh = 200ms;
  auto backend = std::make_unique<BalancedBackend>(
      DnsSrvResolver(name, dns.address(), 1000ms),
      [&loops](const ResolvedEndpoint& endpoint) -> absl::StatusOr<std::unique_ptr<Backend>> {
        config::FramedBackend framed;
        framed.add_endpoints(endpoint.Key());
        framed.mutable_framing()->set_header(true);
        framed.mutable_connect_timeout()->set_seconds(1);
        framed.mutable_read_timeout()->set_seconds(2);
        framed.mutable_idle_timeout()->set_seconds(60);
        framed.set_max_record_bytes(1024);
        framed.set_max_connections(4);
        framed.set_max_waiting(10000);
        auto made = FramedTcpBackend::Create(loops, "loans", framed);
        if (!made.ok()) return made.status();
        return std::unique_ptr<Backend>(*std::move(made));
      },
      options);
  ASSERT_TRUE(backend->first_resolution().ok()) << backend->first_resolution();

  auto run = [&backend](int calls, const std::string& prefix) {
    std::vector<std::future<absl::Status>> futures;
    for (int i = 0; i < calls; ++i) {
      auto promise = std::make_shared<std::promise<absl::Status>>();
      futures.push_back(promise->get_future());
      BackendRequest request;
      request.payload = prefix + std::to_string(i);
      request.transaction = "LNQT    ";
      CallContext context;
      context.deadline = std::chrono::steady_clock::now() + 5s;
      backend->Send(std::move(request), context,
                    [promise](absl::StatusOr<BackendReply> r) { promise->set_value(r.status()); });
      // Sequential enough that in-flight counts stay equal and the weights decide.
      if (i % 8 == 7) futures[static_cast<size_t>(i)].wait();
    }
    int ok = 0;
    for (auto& f : futures) ok += f.get().ok() ? 1 : 0;
    return ok;
  };
  ASSERT_EQ(run(4000, "w-"), 4000);
  const double share_b =
      static_cast<double>(b.ledger().size()) / (a.ledger().size() + b.ledger().size());
  // Weighted round robin: 1000 and 3000, give or take the calls of the refreshes' races.
  EXPECT_NEAR(share_b, 0.75, 0.02) << "a=" << a.ledger().size() << " b=" << b.ledger().size();
  EXPECT_EQ(c.ledger().size(), 0u) << "priority 20 is a backup";
  std::cout << "SRV weights 1:3 -> calls " << a.ledger().size() << " : " << b.ledger().size()
            << " (share of the weight-3 endpoint " << share_b << ")\n";

  // DNS moves the service to the backup site; the next refresh follows it.
  dns.SetSrv(name, {{20, 1, c.port(), "127.0.0.1"}});
  const int questions = dns.questions();
  while (dns.questions() < questions + 2) std::this_thread::sleep_for(20ms);
  ASSERT_EQ(run(50, "moved-"), 50);
  EXPECT_EQ(c.ledger().size(), 50u);

  // DNS goes silent: the last good endpoints stay in use.
  dns.Mute(true);
  std::this_thread::sleep_for(1500ms);
  ASSERT_EQ(run(20, "silent-"), 20);
  EXPECT_EQ(c.ledger().size(), 70u);
  backend.reset();
  // The transports close their connections on their loops; let that run before stopping them.
  for (size_t i = 0; i < loops.size(); ++i) {
    std::promise<void> flushed;
    boost::asio::post(loops.loop(i), [&flushed] { flushed.set_value(); });
    flushed.get_future().wait();
  }
  loops.Stop();
}

}  // namespace
}  // namespace dragoman
