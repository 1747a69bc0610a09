#include "server/frontend/grpc_frontend.h"

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <mutex>
#include <optional>

#include "bank.pb.h"
#include "dragoman/errors.pb.h"
#include "headers_metadata.dragoman.h"
#include "headers_metadata.pb.h"
#include "server/all_translators.h"
#include "server/config/config_loader.h"
#include "translators/runtime/status_util.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
namespace bank = ::example::dragoman::bank;
using namespace std::chrono_literals;

constexpr char kPingReply[] =
    R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>)"
    R"(<b:PingResponse xmlns:b="http://dragoman.example/bank"><b:message>up &amp; running</b:message>)"
    R"(</b:PingResponse></s:Body></s:Envelope>)";

constexpr char kClientFault[] =
    R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>)"
    R"(<faultcode>s:Client</faultcode><faultstring>no such account</faultstring><detail>)"
    R"(<b:AccountNotFound xmlns:b="http://dragoman.example/bank"><b:accountId>X-1</b:accountId>)"
    R"(<b:message>unknown</b:message></b:AccountNotFound></detail></s:Fault></s:Body></s:Envelope>)";

// A legacy reply with `payload` and HTTP `status`, no headers.
BackendReply Reply(std::string payload, int status) {
  BackendReply reply;
  reply.payload = std::move(payload);
  reply.http_status = status;
  return reply;
}

// Records what reaches the legacy side and answers with whatever the test set.
class FakeBackend : public Backend {
 public:
  void Send(BackendRequest request, CallContext context, ReplyCallback done) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests.push_back(std::move(request));
    contexts.push_back(std::move(context));
    if (hold) {
      held.push_back(std::move(done));
      return;
    }
    std::move(done)(next_reply);
  }

  std::mutex mu_;
  std::vector<BackendRequest> requests;
  std::vector<CallContext> contexts;
  // Keeps the calls unanswered (a hung legacy program) when set.
  bool hold = false;
  std::vector<ReplyCallback> held;
  absl::StatusOr<BackendReply> next_reply = Reply(kPingReply, 200);
};

class GrpcFrontendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Start(&RegisterAllTranslators, R"(
backends: [{name: bank, soap: {endpoints: ["http://127.0.0.1:1/"]}}]
routes: [{match: example.dragoman.bank.BankPort, backend: bank, timeout: 20s}]
)");
  }

  // Serves the translators `register_translators` adds, routed by `config_yaml` to the fake
  // backend (named "bank" whatever it stands for).
  void Start(absl::Status (*register_translators)(TranslatorRegistry&), const char* config_yaml) {
    ASSERT_TRUE(register_translators(registry_).ok());
    absl::StatusOr<config::Config> config = config::ParseConfig(config_yaml);
    ASSERT_TRUE(config.ok());
    ASSERT_TRUE(config::Normalize(*config).ok());
    auto routes = RouteTable::Build(*config, registry_, {{"bank", &backend_}});
    ASSERT_TRUE(routes.ok()) << routes.status();
    auto frontend = GrpcFrontend::Start("127.0.0.1:0", *routes);
    ASSERT_TRUE(frontend.ok()) << frontend.status();
    frontend_ = std::move(*frontend);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(frontend_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  // Calls `method` with `request`; fills `reply` on success.
  grpc::Status Call(const std::string& method, const google::protobuf::Message& request,
                    google::protobuf::Message* reply, grpc::ClientContext* context) {
    grpc::GenericStub stub(channel_);
    grpc::CompletionQueue cq;
    std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request_buffer(&slice, 1);
    grpc::ByteBuffer reply_buffer;
    grpc::Status status;
    auto call = stub.PrepareUnaryCall(context, method, request_buffer, &cq);
    call->StartCall();
    call->Finish(&reply_buffer, &status, reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&tag, &ok));
    if (status.ok()) {
      std::vector<grpc::Slice> slices;
      EXPECT_TRUE(reply_buffer.Dump(&slices).ok());
      std::string out;
      for (const auto& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
      EXPECT_TRUE(reply->ParseFromString(out));
    }
    return status;
  }

  static RpcStatus Details(const grpc::Status& status) {
    RpcStatus details;
    EXPECT_TRUE(details.ParseFromString(status.error_details()));
    return details;
  }

  TranslatorRegistry registry_;
  FakeBackend backend_;
  std::unique_ptr<GrpcFrontend> frontend_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(GrpcFrontendTest, TranslatesACallBothWays) {
  grpc::ClientContext context;
  bank::PingResponse reply;
  grpc::Status status =
      Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.message(), "up & running");
  ASSERT_EQ(backend_.requests.size(), 1u);
  EXPECT_EQ(backend_.requests[0].soap_action.value_or("<none>"),
            "http://dragoman.example/bank/Ping");
  EXPECT_THAT(backend_.requests[0].payload, HasSubstr(":Ping xmlns:"));
  EXPECT_EQ(backend_.requests[0].content_type, "text/xml; charset=utf-8");
}

TEST_F(GrpcFrontendTest, CallerRequestIdTravelsToTheBackendAndBack) {
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "req-42");
  bank::PingResponse reply;
  ASSERT_TRUE(Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context).ok());
  EXPECT_EQ(backend_.contexts[0].request_id, "req-42");
  auto it = context.GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(it, context.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "req-42");
}

// Only the configured metadata keys reach the legacy request, and only the configured reply
// headers come back, as initial metadata.
class ForwardedHeadersFrontendTest : public GrpcFrontendTest {
 protected:
  void SetUp() override {
    Start(&RegisterAllTranslators, R"(
backends: [{name: bank, soap: {endpoints: ["http://127.0.0.1:1/"]}}]
routes:
  - {match: example.dragoman.bank.BankPort, backend: bank,
     forward_request_headers: [traceparent, x-tenant-id],
     forward_reply_headers: [x-legacy-transaction]}
)");
  }
};

TEST_F(ForwardedHeadersFrontendTest, OnlyAllowedMetadataCrossesTheLegacyHop) {
  BackendReply reply_with_headers = Reply(kPingReply, 200);
  reply_with_headers.headers = {{"x-legacy-transaction", "T-77"}};
  backend_.next_reply = reply_with_headers;
  grpc::ClientContext context;
  context.AddMetadata("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  context.AddMetadata("x-secret", "not for the mainframe");
  bank::PingResponse reply;
  ASSERT_TRUE(Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context).ok());
  using Header = std::pair<std::string, std::string>;
  EXPECT_THAT(backend_.contexts[0].headers,
              ::testing::ElementsAre(Header{
                  "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}));
  ASSERT_NE(backend_.contexts[0].reply_headers, nullptr);
  EXPECT_THAT(*backend_.contexts[0].reply_headers, ::testing::ElementsAre("x-legacy-transaction"));
  auto it = context.GetServerInitialMetadata().find("x-legacy-transaction");
  ASSERT_NE(it, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "T-77");
}

TEST_F(GrpcFrontendTest, ACallerThatGivesUpCancelsTheBackendAttempt) {
  backend_.hold = true;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 200ms);
  bank::PingResponse reply;
  grpc::Status status =
      Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  std::shared_ptr<Cancellation> cancellation;
  {
    std::lock_guard<std::mutex> lock(backend_.mu_);
    ASSERT_EQ(backend_.contexts.size(), 1u);
    cancellation = backend_.contexts[0].cancellation;
  }
  ASSERT_NE(cancellation, nullptr);
  const auto until = std::chrono::steady_clock::now() + 2s;
  while (!cancellation->cancelled() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(cancellation->cancelled()) << "the backend was not told the caller is gone";
  // The backend's late answer is dropped without harm.
  std::lock_guard<std::mutex> lock(backend_.mu_);
  std::move(backend_.held[0])(Reply(kPingReply, 200));
}

TEST_F(GrpcFrontendTest, CallerDeadlineBoundsTheBackendDeadline) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  bank::PingResponse reply;
  ASSERT_TRUE(Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context).ok());
  const auto remaining = backend_.contexts[0].deadline - std::chrono::steady_clock::now();
  // grpc-timeout travels with coarse units and is rounded up, so allow a little slack.
  EXPECT_LE(remaining, std::chrono::milliseconds(3200));
  EXPECT_GT(remaining, std::chrono::seconds(1));
}

TEST_F(GrpcFrontendTest, RouteTimeoutCapsALongerCallerDeadline) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  bank::PingResponse reply;
  ASSERT_TRUE(Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context).ok());
  const auto remaining = backend_.contexts[0].deadline - std::chrono::steady_clock::now();
  EXPECT_LE(remaining, std::chrono::seconds(20));  // the route's timeout
  EXPECT_GT(remaining, std::chrono::seconds(18));
}

TEST_F(GrpcFrontendTest, SoapFaultBecomesInvalidArgumentWithTypedDetails) {
  backend_.next_reply = Reply(kClientFault, 500);
  grpc::ClientContext context;
  bank::GetAccount request;
  request.set_account_id("X-1");
  bank::GetAccountResponse reply;
  grpc::Status status =
      Call("/example.dragoman.bank.BankPort/GetAccount", request, &reply, &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("no such account"));
  RpcStatus details = Details(status);
  bool saw_fault = false, saw_detail = false, saw_call_info = false;
  for (const auto& any : details.details()) {
    if (any.Is<SoapFault>()) {
      SoapFault fault;
      any.UnpackTo(&fault);
      EXPECT_EQ(fault.reason(), "no such account");
      EXPECT_EQ(fault.fault_name(), "AccountNotFound");
      saw_fault = true;
    } else if (any.Is<bank::AccountNotFound>()) {
      bank::AccountNotFound detail;
      any.UnpackTo(&detail);
      EXPECT_EQ(detail.account_id(), "X-1");
      saw_detail = true;
    } else if (any.Is<CallInfo>()) {
      saw_call_info = true;
    }
  }
  EXPECT_TRUE(saw_fault && saw_detail && saw_call_info);
}

TEST_F(GrpcFrontendTest, ValueTheSchemaCannotCarryNeverReachesTheBackend) {
  grpc::ClientContext context;
  bank::Transfer request;
  request.set_from_account("A");
  request.set_to_account("B");
  request.mutable_amount()->set_amount("12.5.0");
  request.mutable_amount()->set_currency(bank::CURRENCY_CODE_EUR);
  request.set_reference("r");
  request.set_requested_execution_date("2024-01-01");
  bank::TransferResponse reply;
  grpc::Status status = Call("/example.dragoman.bank.BankPort/Transfer", request, &reply, &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("amount.amount"));
  EXPECT_TRUE(backend_.requests.empty());
}

TEST_F(GrpcFrontendTest, BackendFailuresKeepTheirCodeAndInDoubtMarker) {
  absl::Status in_doubt = absl::UnknownError("connection lost after the request was written");
  CallInfo info;
  info.set_request_id("will-be-kept");
  info.set_in_doubt(true);
  AttachDetail(in_doubt, info);
  backend_.next_reply = in_doubt;
  grpc::ClientContext context;
  bank::PingResponse reply;
  grpc::Status status =
      Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNKNOWN);
  int call_infos = 0;
  const RpcStatus details = Details(status);
  for (const auto& any : details.details()) {
    if (!any.Is<CallInfo>()) continue;
    ++call_infos;
    CallInfo unpacked;
    any.UnpackTo(&unpacked);
    EXPECT_TRUE(unpacked.in_doubt());
  }
  EXPECT_EQ(call_infos, 1);
}

TEST_F(GrpcFrontendTest, UndecodableReplyIsInternal) {
  backend_.next_reply = Reply("<html>502 Bad Gateway</html>", 200);
  grpc::ClientContext context;
  bank::PingResponse reply;
  grpc::Status status =
      Call("/example.dragoman.bank.BankPort/Ping", bank::Ping(), &reply, &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), HasSubstr("not a SOAP envelope"));
}

TEST_F(GrpcFrontendTest, UnroutedMethodIsUnimplemented) {
  grpc::ClientContext context;
  bank::PingResponse reply;
  grpc::Status status =
      Call("/example.dragoman.bank.BankPort12/Ping", bank::Ping(), &reply, &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

// The hand-edited headers_metadata.proto moves the Auth request header and the Session reply
// header to gRPC metadata.
class HeaderMetadataFrontendTest : public GrpcFrontendTest {
 protected:
  void SetUp() override {
    Start(&generated::headers_metadata::Register, R"(
backends: [{name: bank, soap: {endpoints: ["http://127.0.0.1:1/"]}}]
routes: [{match: headers_metadata.test.Directory, backend: bank}]
)");
  }
};

TEST_F(HeaderMetadataFrontendTest, DeclaredHeadersTravelAsMetadataBothWays) {
  backend_.next_reply = Reply(
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>)"
      R"(<h:Session xmlns:h="urn:dragoman:test:headers">sess-9</h:Session></s:Header><s:Body>)"
      R"(<h:LookupResponse xmlns:h="urn:dragoman:test:headers"><h:value>v</h:value>)"
      R"(</h:LookupResponse></s:Body></s:Envelope>)",
      200);
  headers_metadata::test::Auth auth;
  auth.set_user("ada");
  auth.set_token("s3cret");
  grpc::ClientContext context;
  context.AddMetadata("x-auth-bin", auth.SerializeAsString());
  headers_metadata::test::LookupRequest request;
  request.mutable_lookup()->set_key("k");
  headers_metadata::test::LookupResponse reply;
  grpc::Status status = Call("/headers_metadata.test.Directory/Lookup", request, &reply, &context);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The legacy side got the header in the envelope ...
  ASSERT_EQ(backend_.requests.size(), 1u);
  EXPECT_THAT(
      backend_.requests[0].payload,
      HasSubstr(
          "<ns1:user>ada</ns1:user><ns1:token>s3cret</ns1:token></ns1:Auth></soapenv:Header>"));
  // ... and the caller gets the reply's header as metadata, not in the message.
  EXPECT_FALSE(reply.has_session());
  EXPECT_EQ(reply.lookup_response().value(), "v");
  auto it = context.GetServerInitialMetadata().find("x-session");
  ASSERT_NE(it, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "sess-9");
}

TEST_F(HeaderMetadataFrontendTest, BadMetadataValueIsInvalidArgumentBeforeTheBackend) {
  grpc::ClientContext context;
  context.AddMetadata("x-auth-bin", "\xff\xff");
  headers_metadata::test::LookupResponse reply;
  grpc::Status status = Call("/headers_metadata.test.Directory/Lookup",
                             headers_metadata::test::LookupRequest(), &reply, &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("x-auth-bin"));
  EXPECT_TRUE(backend_.requests.empty());
}

TEST(ToGrpcStatusTest, AddsCallInfoWithTheRequestIdWhenMissing) {
  grpc::Status status = ToGrpcStatus(absl::UnavailableError("no endpoint"), "id-7", "bank");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id=id-7"));
  RpcStatus details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), grpc::StatusCode::UNAVAILABLE);
  ASSERT_EQ(details.details_size(), 1);
  CallInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.request_id(), "id-7");
  EXPECT_EQ(info.backend(), "bank");
  EXPECT_FALSE(info.in_doubt());
}

}  // namespace
}  // namespace dragoman
