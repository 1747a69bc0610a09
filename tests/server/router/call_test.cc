// RunCall's share of the call policy: a route's concurrency limit (a slow route cannot take the
// slots of a healthy one on the same backend) and the idempotency it hands the backend.
#include "server/router/call.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

#include "bank.pb.h"
#include "server/all_translators.h"
#include "server/config/config_loader.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
namespace bank = ::example::dragoman::bank;
using namespace std::chrono_literals;

constexpr char kPingReply[] =
    R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>)"
    R"(<b:PingResponse xmlns:b="http://dragoman.example/bank"><b:message>up</b:message>)"
    R"(</b:PingResponse></s:Body></s:Envelope>)";

// Holds GetAccount calls (a legacy program that has hung) and answers Ping at once.
class HangingGetAccount : public Backend {
 public:
  void Send(BackendRequest request, CallContext context, ReplyCallback done) override {
    std::lock_guard<std::mutex> lock(mu);
    contexts.push_back(context);
    if (request.soap_action.value_or("").ends_with("/GetAccount")) {
      held.push_back(std::move(done));
      return;
    }
    BackendReply reply;
    reply.payload = kPingReply;
    reply.http_status = 200;
    std::move(done)(std::move(reply));
  }

  std::mutex mu;
  std::vector<ReplyCallback> held;
  std::vector<CallContext> contexts;
};

class CallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(RegisterAllTranslators(registry_).ok());
    absl::StatusOr<config::Config> config = config::ParseConfig(R"(
backends: [{name: bank, soap: {endpoints: ["http://127.0.0.1:1/"]}}]
routes:
  - {match: example.dragoman.bank.BankPort/GetAccount, backend: bank, max_concurrency: 2,
     idempotent: true}
  - {match: example.dragoman.bank.BankPort, backend: bank}
)");
    ASSERT_TRUE(config.ok()) << config.status();
    ASSERT_TRUE(config::Normalize(*config).ok());
    auto routes = RouteTable::Build(*config, registry_, {{"bank", &backend_}});
    ASSERT_TRUE(routes.ok()) << routes.status();
    routes_ = *std::move(routes);
  }

  // Starts a call of `method`; the future holds its status.
  std::future<absl::Status> Start(const std::string& method,
                                  const google::protobuf::Message& request) {
    auto promise = std::make_shared<std::promise<absl::Status>>();
    auto future = promise->get_future();
    const Route* route = routes_->Find("/example.dragoman.bank.BankPort/" + method);
    RunCall(
        *route, request.SerializeAsString(),
        [](std::string_view) -> std::optional<std::string_view> { return std::nullopt; },
        EffectiveDeadline(*route, std::nullopt), NewRequestId(),
        [promise](CallOutcome outcome) { promise->set_value(outcome.status); });
    return future;
  }

  TranslatorRegistry registry_;
  HangingGetAccount backend_;
  std::shared_ptr<const RouteTable> routes_;
};

TEST_F(CallTest, ASlowRouteAtItsLimitFailsFastAndLeavesTheOthersServed) {
  bank::GetAccount get;
  get.set_account_id("ACC-1001");
  auto first = Start("GetAccount", get);
  auto second = Start("GetAccount", get);
  auto third = Start("GetAccount", get);
  ASSERT_EQ(third.wait_for(1s), std::future_status::ready) << "a full route must not queue";
  const absl::Status refused = third.get();
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("max_concurrency"));
  // The healthy method on the same backend is served while GetAccount hangs.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Start("Ping", bank::Ping()).get().ok());
  // A finished call gives its slot back.
  BackendReply fault;
  fault.payload = kPingReply;  // the wrong reply: the call fails, but it is over
  fault.http_status = 200;
  {
    std::lock_guard<std::mutex> lock(backend_.mu);
    std::move(backend_.held[0])(fault);
  }
  EXPECT_FALSE(first.get().ok());
  auto fourth = Start("GetAccount", get);
  EXPECT_EQ(fourth.wait_for(100ms), std::future_status::timeout) << "held, not refused";
  {
    std::lock_guard<std::mutex> lock(backend_.mu);
    for (size_t i = 1; i < backend_.held.size(); ++i) std::move(backend_.held[i])(fault);
  }
  EXPECT_FALSE(second.get().ok());
  EXPECT_FALSE(fourth.get().ok());
}

TEST_F(CallTest, TheBackendLearnsWhetherTheMethodMayBeRepeated) {
  ASSERT_TRUE(Start("Ping", bank::Ping()).get().ok());
  bank::GetAccount get;
  get.set_account_id("ACC-1001");
  auto held = Start("GetAccount", get);
  std::lock_guard<std::mutex> lock(backend_.mu);
  ASSERT_EQ(backend_.contexts.size(), 2u);
  EXPECT_FALSE(backend_.contexts[0].idempotent);
  EXPECT_TRUE(backend_.contexts[1].idempotent);
  std::move(backend_.held[0])(absl::UnavailableError("test over"));
}

TEST(RequestIdTest, NewIdsAre32LowercaseHexDigitsAndDiffer) {
  const std::string first = NewRequestId();
  const std::string second = NewRequestId();
  EXPECT_THAT(first, ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_THAT(second, ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(first, second);
  EXPECT_TRUE(IsSafeRequestId(first));
}

}  // namespace
}  // namespace dragoman
