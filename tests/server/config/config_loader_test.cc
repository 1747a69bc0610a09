#include "server/config/config_loader.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

namespace dragoman::config {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr char kMinimal[] = R"(
backends:
  - name: bank
    soap:
      endpoints: ["http://127.0.0.1:8080/bank"]
routes:
  - match: example.dragoman.bank.BankPort
    backend: bank
)";

absl::StatusOr<Config> ParseAndNormalize(std::string_view yaml) {
  absl::StatusOr<Config> config = ParseConfig(yaml);
  if (!config.ok()) return config;
  absl::Status status = Normalize(*config);
  if (!status.ok()) return status;
  return config;
}

std::string ErrorOf(std::string_view yaml) {
  absl::StatusOr<Config> config = ParseAndNormalize(yaml);
  EXPECT_FALSE(config.ok()) << yaml;
  return config.ok() ? "" : std::string(config.status().message());
}

TEST(ConfigLoaderTest, FillsSafeDefaults) {
  absl::StatusOr<Config> config = ParseAndNormalize(kMinimal);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen().grpc(), "127.0.0.1:50051");  // loopback only unless asked
  const SoapBackend& soap = config->backends(0).soap();
  EXPECT_EQ(TimeUtil::DurationToMilliseconds(soap.connect_timeout()), 2000);
  EXPECT_EQ(TimeUtil::DurationToMilliseconds(soap.read_timeout()), 30000);
  EXPECT_EQ(soap.max_reply_bytes(), 8u << 20);
  EXPECT_EQ(TimeUtil::DurationToMilliseconds(config->routes(0).timeout()), 30000);
  EXPECT_EQ(config->logging().level(), "info");
}

TEST(ConfigLoaderTest, AcceptsSnakeAndCamelCaseKeysAndDurations) {
  absl::StatusOr<Config> config = ParseAndNormalize(R"(
listen: {grpc: "127.0.0.1:0"}
backends:
  - name: bank
    soap:
      endpoints: ["http://127.0.0.1:8080/bank"]
      readTimeout: 250ms
      connect_timeout: 1.5s
      idle_timeout: 2m
      maxReplyBytes: 1024
routes:
  - {match: example.dragoman.bank.BankPort, backend: bank, timeout: 5s}
)");
  ASSERT_TRUE(config.ok()) << config.status();
  const SoapBackend& soap = config->backends(0).soap();
  EXPECT_EQ(TimeUtil::DurationToMilliseconds(soap.read_timeout()), 250);
  EXPECT_EQ(TimeUtil::DurationToMilliseconds(soap.connect_timeout()), 1500);
  EXPECT_EQ(TimeUtil::DurationToMilliseconds(soap.idle_timeout()), 120000);
  EXPECT_EQ(soap.max_reply_bytes(), 1024u);
  EXPECT_EQ(TimeUtil::DurationToMilliseconds(config->routes(0).timeout()), 5000);
}

TEST(ConfigLoaderTest, UnknownKeyNamesItsPathAndSuggestsTheRightOne) {
  EXPECT_EQ(ErrorOf(R"(
backends:
  - name: bank
    soap:
      endpoint: ["http://127.0.0.1:8080/bank"]
)"),
            "backends[0].soap.endpoint: unknown key (did you mean 'endpoints'?)");
  EXPECT_THAT(ErrorOf("listen: {grcp: x}"), HasSubstr("listen.grcp: unknown key"));
  EXPECT_THAT(ErrorOf("frobnicate: 1"), HasSubstr("frobnicate: unknown key"));
}

TEST(ConfigLoaderTest, WrongShapesAndValuesNameTheirPath) {
  EXPECT_THAT(ErrorOf("backends: {name: x}"), HasSubstr("backends: expected a list"));
  EXPECT_THAT(ErrorOf(R"(
backends:
  - name: bank
    soap: {endpoints: ["http://h/"], read_timeout: soon}
)"),
              HasSubstr("backends[0].soap.read_timeout: expected a duration"));
  EXPECT_THAT(ErrorOf(R"(
backends:
  - name: bank
    soap: {endpoints: ["http://h/"], max_reply_bytes: lots}
)"),
              HasSubstr("invalid value"));
  EXPECT_THAT(ErrorOf("listen: [1, 2]"), HasSubstr("listen: expected a map"));
}

TEST(ConfigLoaderTest, YamlSyntaxErrorsNameTheLine) {
  EXPECT_THAT(ErrorOf("backends:\n  - name: [unclosed\n"), HasSubstr("line"));
}

TEST(ConfigLoaderTest, CrossReferencesAreChecked) {
  EXPECT_THAT(ErrorOf(R"(
backends:
  - {name: bank, soap: {endpoints: ["http://h/"]}}
routes:
  - {match: a.B, backend: mainframe}
)"),
              HasSubstr("routes[0].backend: no backend named 'mainframe'"));
  EXPECT_THAT(ErrorOf(R"(
backends:
  - {name: bank, soap: {endpoints: ["http://h/"]}}
  - {name: bank, soap: {endpoints: ["http://h/"]}}
)"),
              HasSubstr("backends[1].name: backend 'bank' is defined twice"));
  EXPECT_THAT(ErrorOf("backends: [{name: bank, soap: {}}]"),
              HasSubstr("backends[0].soap.endpoints: at least one is required"));
  EXPECT_THAT(ErrorOf("logging: {level: loud}"), HasSubstr("logging.level"));
}

TEST(ConfigLoaderTest, ForwardedHeadersAreLowercasedAndChecked) {
  absl::StatusOr<Config> config = ParseAndNormalize(R"(
backends: [{name: bank, soap: {endpoints: ["http://h/"]}}]
routes:
  - {match: a.B, backend: bank, forward_request_headers: [TraceParent, x-tenant-id],
     forward_reply_headers: [X-Legacy-Transaction]}
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_THAT(config->routes(0).forward_request_headers(),
              ::testing::ElementsAre("traceparent", "x-tenant-id"));
  EXPECT_THAT(config->routes(0).forward_reply_headers(),
              ::testing::ElementsAre("x-legacy-transaction"));

  const std::string backends = R"(
backends:
  - {name: bank, soap: {endpoints: ["http://h/"]}}
  - {name: host, framed: {endpoints: ["h:1"]}}
)";
  EXPECT_THAT(ErrorOf(backends + "routes: [{match: a.B, backend: bank, "
                                 "forward_request_headers: [Content-Length]}]"),
              HasSubstr("routes[0].forward_request_headers[0]: 'content-length' is set by "
                        "Dragoman"));
  EXPECT_THAT(ErrorOf(backends + "routes: [{match: a.B, backend: bank, "
                                 "forward_reply_headers: [ok, session-bin]}]"),
              HasSubstr("routes[0].forward_reply_headers[1]: 'session-bin' is gRPC's own or "
                        "binary metadata"));
  EXPECT_THAT(ErrorOf(backends + "routes: [{match: a.B, backend: bank, "
                                 "forward_request_headers: [\"x y\"]}]"),
              HasSubstr("'x y' is not a header name"));
  EXPECT_THAT(ErrorOf(backends + "routes: [{match: a.B, backend: host, "
                                 "forward_request_headers: [traceparent]}]"),
              HasSubstr("routes[0].forward_request_headers: backend 'host' takes framed records"));
}

TEST(ConfigLoaderTest, RetryAndBreakerSettingsAreBounded) {
  absl::StatusOr<Config> config = ParseAndNormalize(R"(
backends:
  - name: bank
    soap: {endpoints: ["http://h/"]}
    retry: {max_attempts: 4, initial_backoff: 10ms, max_backoff: 200ms, budget_percent: 10}
    circuit_breaker: {failure_rate_percent: 30, minimum_calls: 50, open_duration: 2s}
    max_in_flight: 64
    per_try_timeout: 3s
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->backends(0).retry().max_attempts(), 4u);
  EXPECT_EQ(config->backends(0).max_in_flight(), 64u);
  EXPECT_THAT(ErrorOf(R"(
backends: [{name: bank, soap: {endpoints: ["http://h/"]}, retry: {max_attempts: 50}}]
)"),
              HasSubstr("backends[0]: retry.max_attempts: 50 is more than 10"));
  EXPECT_THAT(ErrorOf(R"(
backends: [{name: bank, soap: {endpoints: ["http://h/"]}, circuit_breaker: {failure_rate_percent: 150}}]
)"),
              HasSubstr("backends[0]: circuit_breaker: a rate is more than 100 percent"));
}

TEST(ConfigLoaderTest, DiscoveryReplacesTheEndpointListAndIsChecked) {
  absl::StatusOr<Config> config = ParseAndNormalize(R"(
backends:
  - name: loans
    framed: {framing: {header: true}}
    discovery: {dns_srv: _loans._tcp.mainframe.example, nameserver: "127.0.0.1:5353"}
    balancing: LEAST_REQUEST
    outlier_detection: {consecutive_failures: 3, max_ejection_percent: 34}
)");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->backends(0).discovery().refresh().seconds(), 30);
  EXPECT_EQ(config->backends(0).balancing(), config::LEAST_REQUEST);
  EXPECT_THAT(ErrorOf(R"(
backends: [{name: b, soap: {}, discovery: {dns: "bank.internal"}}]
)"),
              HasSubstr("backends[0].discovery: dns: 'bank.internal' is not host:port"));
  EXPECT_THAT(ErrorOf(R"(
backends: [{name: b, soap: {}, discovery: {dns: "a:1", dns_srv: "_b._tcp.c"}}]
)"),
              HasSubstr("give one of dns and dns_srv"));
  EXPECT_THAT(ErrorOf("backends: [{name: b, framed: {}}]"),
              HasSubstr("backends[0].framed.endpoints: at least one is required (or discovery)"));
}

TEST(ConfigLoaderTest, FileErrorsNameTheFile) {
  absl::StatusOr<Config> config = LoadConfigFile("/nonexistent/dragoman.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("/nonexistent/dragoman.yaml"));
}

}  // namespace
}  // namespace dragoman::config
