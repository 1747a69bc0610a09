#include "server/router/route_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/all_translators.h"
#include "server/config/config_loader.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;

class NullBackend : public Backend {
 public:
  void Send(BackendRequest, CallContext, ReplyCallback done) override {
    std::move(done)(absl::UnavailableError("not used"));
  }
};

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(RegisterAllTranslators(registry_).ok()); }

  absl::StatusOr<std::shared_ptr<const RouteTable>> Build(std::string_view routes_yaml) {
    absl::StatusOr<config::Config> config = config::ParseConfig(
        std::string("backends:\n  - {name: a, soap: {endpoints: [\"http://h/\"]}}\n"
                    "  - {name: b, soap: {endpoints: [\"http://h/\"]}}\n") +
        std::string(routes_yaml));
    if (!config.ok()) return config.status();
    if (absl::Status s = config::Normalize(*config); !s.ok()) return s;
    return RouteTable::Build(*config, registry_, {{"a", &a_}, {"b", &b_}});
  }

  TranslatorRegistry registry_;
  NullBackend a_;
  NullBackend b_;
};

TEST_F(RouteTableTest, ServiceRouteCoversEveryMethod) {
  auto table = Build("routes: [{match: example.dragoman.bank.BankPort, backend: a}]");
  ASSERT_TRUE(table.ok()) << table.status();
  for (std::string_view method :
       {"GetAccount", "ListTransactions", "Transfer", "CloseAccount", "Ping"}) {
    const Route* route =
        (*table)->Find(std::string("/example.dragoman.bank.BankPort/") + std::string(method));
    ASSERT_NE(route, nullptr) << method;
    EXPECT_EQ(route->backend, &a_);
  }
  EXPECT_EQ((*table)->Find("/example.dragoman.bank.BankPort12/Ping"), nullptr);
  EXPECT_EQ((*table)->MethodsByService().size(), 1u);
}

TEST_F(RouteTableTest, MethodRouteWinsWhateverItsPosition) {
  auto table = Build(R"(routes:
  - {match: example.dragoman.bank.BankPort/Transfer, backend: b, timeout: 5s}
  - {match: example.dragoman.bank.BankPort, backend: a}
)");
  ASSERT_TRUE(table.ok()) << table.status();
  const Route* transfer = (*table)->Find("/example.dragoman.bank.BankPort/Transfer");
  ASSERT_NE(transfer, nullptr);
  EXPECT_EQ(transfer->backend, &b_);
  EXPECT_EQ(transfer->timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ((*table)->Find("/example.dragoman.bank.BankPort/Ping")->backend, &a_);
}

TEST_F(RouteTableTest, RouteMatchingNothingIsAnError) {
  auto table = Build("routes: [{match: example.dragoman.bank.NoSuchPort, backend: a}]");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(), HasSubstr("routes[0].match: no translated method matches"));
}

TEST_F(RouteTableTest, TwoRoutesForTheSameMethodAreAnError) {
  auto table = Build(R"(routes:
  - {match: example.dragoman.bank.BankPort, backend: a}
  - {match: example.dragoman.bank.BankPort, backend: b}
)");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(), HasSubstr("already routed"));
}

TEST_F(RouteTableTest, IdempotencyComesFromTheSchemaOrTheConfig) {
  auto table = Build(R"(routes:
  - {match: example.dragoman.bank.BankPort/GetAccount, backend: a, idempotent: true}
  - {match: example.dragoman.bank.BankPort, backend: a}
)");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_TRUE((*table)->Find("/example.dragoman.bank.BankPort/GetAccount")->idempotent);
  // Nothing in bank.wsdl says Transfer may be repeated.
  EXPECT_FALSE((*table)->Find("/example.dragoman.bank.BankPort/Transfer")->idempotent);
}

TEST_F(RouteTableTest, TimeoutIsTheDefaultAndMaxTimeoutTheCap) {
  auto table = Build(R"(routes:
  - {match: example.dragoman.bank.BankPort, backend: a, timeout: 2s, max_timeout: 10s,
     max_concurrency: 4}
)");
  ASSERT_TRUE(table.ok()) << table.status();
  const Route* route = (*table)->Find("/example.dragoman.bank.BankPort/Ping");
  EXPECT_EQ(route->timeout, std::chrono::seconds(2));
  EXPECT_EQ(route->max_timeout, std::chrono::seconds(10));
  ASSERT_NE(route->concurrency, nullptr);
  EXPECT_EQ(route->concurrency->max(), 4u);
  // One limit for the whole config route: its methods share it.
  EXPECT_EQ(route->concurrency,
            (*table)->Find("/example.dragoman.bank.BankPort/Transfer")->concurrency);
}

}  // namespace
}  // namespace dragoman
