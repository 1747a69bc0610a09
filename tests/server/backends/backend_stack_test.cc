// A configured backend end to end below the router: the config's discovery, balancing and call
// policy put together by MakeBackendStack, against real hosts and a DNS server of the test's own.
#include "server/backends/backend_stack.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "bank.pb.h"
#include "loancalc.pb.h"
#include "server/all_translators.h"
#include "server/backends/framing.h"
#include "server/config/config_loader.h"
#include "server/http/http_server.h"
#include "server/mock/record_mock.h"
#include "server/mock/soap_mock.h"
#include "tests/server/discovery/test_dns_server.h"
#include "tests/server/resilience/killable_host.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

absl::StatusOr<config::Config> Normalized(const std::string& yaml) {
  absl::StatusOr<config::Config> config = config::ParseConfig(yaml);
  if (!config.ok()) return config.status();
  if (absl::Status s = config::Normalize(*config); !s.ok()) return s;
  return config;
}

absl::StatusOr<BackendReply> Call(Backend& backend, const std::string& id) {
  std::promise<absl::StatusOr<BackendReply>> promise;
  BackendRequest request;
  request.payload = id;
  request.transaction = "LNQT    ";
  CallContext context;
  context.deadline = std::chrono::steady_clock::now() + 2s;
  context.request_id = id;
  backend.Send(std::move(request), context,
               [&promise](absl::StatusOr<BackendReply> r) { promise.set_value(std::move(r)); });
  return promise.get_future().get();
}

TEST(BackendStackTest, AFramedBackendFoundThroughSrvAnswersAndFailsOver) {
  TranslatorRegistry registry;
  EventLoops loops(1);
  loops.Start();
  testing::KillableHost primary, backup;
  testing::TestDnsServer dns;
  dns.SetSrv("_loans._tcp.mainframe.test",
             {{10, 1, primary.port(), "127.0.0.1"}, {20, 1, backup.port(), "127.0.0.1"}});
  absl::StatusOr<config::Config> config = Normalized(R"(
backends:
  - name: loans
    framed: {framing: {header: true}, connect_timeout: 500ms}
    discovery: {dns_srv: _loans._tcp.mainframe.test, nameserver: ")" +
                                                     dns.address() + R"(",
                refresh: 100ms}
    outlier_detection: {consecutive_failures: 2, max_ejection_percent: 100}
)");
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<std::unique_ptr<Backend>> backend =
      MakeBackendStack(loops, config->backends(0), registry);
  ASSERT_TRUE(backend.ok()) << backend.status();
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<BackendReply> reply = Call(**backend, "T" + std::to_string(i));
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_EQ(reply->payload, "done:T" + std::to_string(i));
  }
  EXPECT_EQ(primary.ledger().size(), 5u);
  // The primary region goes down: refused connections are retried (never sent), the region is
  // ejected, and the backup priority answers.
  primary.Kill();
  // (A call racing the reset onto the dying connection would rightly be in doubt; give the
  // transport the moment it takes to see the reset.)
  std::this_thread::sleep_for(50ms);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Call(**backend, "B" + std::to_string(i)).ok());
  EXPECT_EQ(backup.ledger().size(), 5u);
  backend->reset();
  loops.Stop();
}

// A SOAP backend of two endpoints: the real service (the mock, in process) and a gateway that
// answers 200 with garbage. The health check's Ping probe takes the gateway out.
TEST(BackendStackTest, AHealthCheckTakesOutTheEndpointWhoseProbeFails) {
  TranslatorRegistry registry;
  ASSERT_TRUE(RegisterAllTranslators(registry).ok());
  EventLoops loops(1);
  const char* source = std::getenv("DRAGOMAN_SOURCE_DIR");
  auto mock = mock::SoapMock::Create(
      registry, "example.dragoman.bank.BankPort",
      std::string(source == nullptr ? "." : source) + "/schemas/bank/examples.yaml");
  ASSERT_TRUE(mock.ok()) << mock.status();
  HttpServerOptions server_options;
  server_options.host = "127.0.0.1";
  auto server = HttpServer::Create(loops, **mock, server_options);
  ASSERT_TRUE(server.ok()) << server.status();
  testing::KillableHost garbage({.http = true});
  loops.Start();
  absl::StatusOr<config::Config> config = Normalized(R"(
backends:
  - name: bank
    soap:
      endpoints: ["http://127.0.0.1:)" + std::to_string((*server)->port()) +
                                                     R"(/bank", "http://127.0.0.1:)" +
                                                     std::to_string(garbage.port()) + R"(/bank"]
    outlier_detection: {disabled: true}
    health_check:
      method: example.dragoman.bank.BankPort/Ping
      expect: {message: "core banking 3.2 up"}
      interval: 50ms
      unhealthy_threshold: 1
)");
  ASSERT_TRUE(config.ok()) << config.status();
  // Nothing in the WSDL says Ping may be repeated; the config's routes say so.
  EXPECT_THAT(
      std::string(MakeBackendStack(loops, config->backends(0), registry).status().message()),
      HasSubstr("is not marked idempotent"));
  absl::StatusOr<std::unique_ptr<Backend>> backend = MakeBackendStack(
      loops, config->backends(0), registry, {"/example.dragoman.bank.BankPort/Ping"});
  ASSERT_TRUE(backend.ok()) << backend.status();
  // Once the probe has run, every call goes to the service, none to the gateway.
  const int probes_seen = static_cast<int>(garbage.ledger().size());
  while (garbage.ledger().size() == static_cast<size_t>(probes_seen)) {
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(100ms);
  const std::map<std::string, int> before = garbage.ledger();
  for (int i = 0; i < 20; ++i) {
    BackendRequest request;
    ASSERT_TRUE(registry.Find("/example.dragoman.bank.BankPort/Ping")
                    ->EncodeRequest(example::dragoman::bank::Ping().SerializeAsString(), &request)
                    .ok());
    request.payload += "<!-- call " + std::to_string(i) + " -->";
    std::promise<absl::StatusOr<BackendReply>> promise;
    CallContext context;
    context.deadline = std::chrono::steady_clock::now() + 2s;
    (*backend)->Send(std::move(request), context, [&promise](absl::StatusOr<BackendReply> r) {
      promise.set_value(std::move(r));
    });
    absl::StatusOr<BackendReply> reply = promise.get_future().get();
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_THAT(reply->payload, HasSubstr("PingResponse"));
  }
  for (const auto& [id, count] : garbage.ledger()) {
    EXPECT_EQ(id.find("<!-- call"), std::string::npos) << "a call reached the failing gateway";
  }
  backend->reset();
  (*server)->Stop();
  loops.Stop();
}

// The same with a mainframe program: the probe is a LOANCALC transaction whose reply's return
// code must be 0. One endpoint is the program (the record mock), the other a host answering
// frames with garbage.
TEST(BackendStackTest, ABinaryProbeChecksNamedReplyFields) {
  TranslatorRegistry registry;
  ASSERT_TRUE(RegisterAllTranslators(registry).ok());
  EventLoops loops(1);
  auto mock = mock::RecordMock::Create(registry, "example.dragoman.loans.LoanService");
  ASSERT_TRUE(mock.ok()) << mock.status();
  auto framer = framing::MakeFramer(framing::FramingOptions());
  ASSERT_TRUE(framer.ok()) << framer.status();
  auto server = mock::FramedServer::Start(loops, **framer, **mock, "127.0.0.1", 0);
  ASSERT_TRUE(server.ok()) << server.status();
  testing::KillableHost garbage;
  loops.Start();
  absl::StatusOr<config::Config> config = Normalized(R"(
backends:
  - name: loans
    framed:
      endpoints: ["127.0.0.1:)" + std::to_string((*server)->port()) +
                                                     R"(", "127.0.0.1:)" +
                                                     std::to_string(garbage.port()) + R"("]
      framing: {header: true}
    outlier_detection: {disabled: true}
    health_check:
      method: example.dragoman.loans.LoanService/QuoteLoan
      request: '{"lcRequest": {"lcCustomerId": "C-1", "lcPrincipal": "10.00", "lcTermMonths": 1}}'
      expect: {lc_reply.lc_return_code: "0"}
      interval: 50ms
      unhealthy_threshold: 1
)");
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<std::unique_ptr<Backend>> backend =
      MakeBackendStack(loops, config->backends(0), registry);
  ASSERT_TRUE(backend.ok()) << backend.status();
  while (garbage.ledger().empty()) std::this_thread::sleep_for(10ms);  // probed once
  std::this_thread::sleep_for(100ms);
  const Translator* quote = registry.Find("/example.dragoman.loans.LoanService/QuoteLoan");
  for (int i = 0; i < 10; ++i) {
    example::dragoman::loans::LoanCommarea commarea;
    commarea.mutable_lc_request()->set_lc_customer_id("Z-" + std::to_string(i));
    commarea.mutable_lc_request()->set_lc_principal("100.00");
    commarea.mutable_lc_request()->set_lc_term_months(12);
    BackendRequest request;
    ASSERT_TRUE(quote->EncodeRequest(commarea.SerializeAsString(), &request).ok());
    std::promise<absl::StatusOr<BackendReply>> promise;
    CallContext context;
    context.deadline = std::chrono::steady_clock::now() + 2s;
    (*backend)->Send(std::move(request), context, [&promise](absl::StatusOr<BackendReply> r) {
      promise.set_value(std::move(r));
    });
    absl::StatusOr<BackendReply> reply = promise.get_future().get();
    ASSERT_TRUE(reply.ok()) << reply.status();
    std::string decoded;
    EXPECT_TRUE(quote->DecodeReply(reply->payload, &decoded).ok()) << "the program answered";
  }
  // Only the probes reached the garbage host; every call went to the program.
  for (const auto& [record, count] : garbage.ledger()) {
    EXPECT_EQ(record.find("Z-"), std::string::npos) << "a call reached the failing host";
  }
  backend->reset();
  server->reset();
  loops.Stop();
}

TEST(BackendStackTest, AFixedEndpointListMustBeUsableAsWritten) {
  TranslatorRegistry registry;
  EventLoops loops(1);
  absl::StatusOr<config::Config> config = Normalized(R"(
backends: [{name: bank, soap: {endpoints: ["ftp://bank.example/soap"]}}]
)");
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<std::unique_ptr<Backend>> backend =
      MakeBackendStack(loops, config->backends(0), registry);
  EXPECT_EQ(backend.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(backend.status().message()), HasSubstr("backend bank"));
}

}  // namespace
}  // namespace dragoman
