#include "server/backends/soap_http_backend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "dragoman/errors.pb.h"
#include "tests/server/fake_tcp_server.h"
#include "tests/server/raw_http.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ::std::chrono_literals::operator""ms;
using ::std::chrono_literals::operator""s;

// A request as the fake server saw it on the wire.
struct RawRequest {
  std::string method;
  std::string target;
  // Lower-case names.
  std::map<std::string, std::string> headers;
  std::string body;
};

// A scripted HTTP/1.1 server written directly on blocking Asio sockets, independent of the
// code under test: one thread per connection runs the test's script.
class FakeServer : public ::dragoman::testing::FakeTcpServer<FakeServer> {
 public:
  using FakeTcpServer::FakeTcpServer;

  std::string url(const std::string& path = "/svc") const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
  }
  std::vector<RawRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  // Reads one request; nullopt when the client closed or sent garbage. `carry` keeps bytes that
  // arrived beyond the request.
  std::optional<RawRequest> ReadRequest(tcp::socket& socket, std::string& carry) {
    std::size_t header_end;
    while ((header_end = carry.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore(socket, carry)) return std::nullopt;
    }
    RawRequest request;
    const std::string head = carry.substr(0, header_end);
    carry.erase(0, header_end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const std::size_t sp1 = request_line.find(' ');
    const std::size_t sp2 = request_line.find(' ', sp1 + 1);
    request.method = request_line.substr(0, sp1);
    request.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    request.headers = ::dragoman::testing::ParseHeaderFields(head);
    const std::size_t length =
        request.headers.count("content-length") ? std::stoul(request.headers["content-length"]) : 0;
    while (carry.size() < length) {
      if (!ReadMore(socket, carry)) return std::nullopt;
    }
    request.body = carry.substr(0, length);
    carry.erase(0, length);
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
    }
    return request;
  }

 private:
  std::vector<RawRequest> requests_;
};

std::string Response(int code, const std::string& reason, const std::string& body,
                     const std::string& extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(code) + " " + reason +
         "\r\nContent-Type: text/xml\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

// Answers every request on the connection with `response` until the client closes.
FakeServer::Script Always(std::string response) {
  return [response](tcp::socket& socket, FakeServer& server) {
    std::string carry;
    while (server.ReadRequest(socket, carry)) FakeServer::WriteAll(socket, response);
  };
}

// What a call produced and when.
struct Outcome {
  absl::StatusOr<BackendReply> result;
  Clock::time_point at;
  std::thread::id thread;
};

std::shared_ptr<std::promise<Outcome>> SendAsync(Backend& backend, BackendRequest request,
                                                 CallContext context,
                                                 std::future<Outcome>* future) {
  auto promise = std::make_shared<std::promise<Outcome>>();
  *future = promise->get_future();
  backend.Send(
      std::move(request), std::move(context), [promise](absl::StatusOr<BackendReply> result) {
        promise->set_value(Outcome{std::move(result), Clock::now(), std::this_thread::get_id()});
      });
  return promise;
}

BackendRequest SoapRequest(std::string body = "<Envelope/>") {
  BackendRequest request;
  request.payload = std::move(body);
  request.content_type = "text/xml; charset=utf-8";
  request.soap_action = "urn:bank#GetBalance";
  return request;
}

CallContext ContextUntil(Clock::time_point deadline, std::string id) {
  CallContext context;
  context.deadline = deadline;
  context.request_id = std::move(id);
  return context;
}

CallContext Context(std::chrono::milliseconds timeout = 2000ms, std::string id = "req-1") {
  return ContextUntil(Clock::now() + timeout, std::move(id));
}

std::optional<CallInfo> InfoOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload("type.googleapis.com/dragoman.CallInfo");
  if (!payload) return std::nullopt;
  CallInfo info;
  if (!info.ParseFromString(std::string(*payload))) return std::nullopt;
  return info;
}

// A file of tests/server/backends/testdata (test-only TLS material).
std::string TestData(const std::string& name) {
  const char* source = std::getenv("DRAGOMAN_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) + "/tests/server/backends/testdata/" + name;
}

uint16_t UnusedPort() {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

class SoapHttpBackendTest : public ::testing::Test {
 protected:
  SoapHttpBackendTest() : loops_(1) { loops_.Start(); }
  ~SoapHttpBackendTest() override {
    backend_.reset();
    loops_.Stop();
  }

  void MakeBackend(const std::vector<std::string>& endpoints,
                   const std::function<void(config::SoapBackend&)>& tweak = nullptr) {
    config::SoapBackend config;
    for (const auto& e : endpoints) config.add_endpoints(e);
    if (tweak) tweak(config);
    absl::StatusOr<std::unique_ptr<SoapHttpBackend>> backend =
        SoapHttpBackend::Create(loops_, "bank", config);
    ASSERT_TRUE(backend.ok()) << backend.status();
    backend_ = *std::move(backend);
  }

  Outcome Call(BackendRequest request = SoapRequest(), CallContext context = Context()) {
    std::future<Outcome> future;
    SendAsync(*backend_, std::move(request), std::move(context), &future);
    if (future.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "no callback within 5s";
      return Outcome{absl::InternalError("test: no callback"), Clock::now(), {}};
    }
    return future.get();
  }

  EventLoops loops_;
  std::unique_ptr<SoapHttpBackend> backend_;
};

TEST_F(SoapHttpBackendTest, ReturnsBodyOfContentLengthReply) {
  FakeServer server(Always(Response(200, "OK", "<Envelope>42</Envelope>")));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(outcome.result->payload, "<Envelope>42</Envelope>");
  EXPECT_EQ(outcome.result->http_status, 200);
  EXPECT_NE(outcome.thread, std::this_thread::get_id());
}

TEST_F(SoapHttpBackendTest, ReturnsBodyOfChunkedReply) {
  FakeServer server(
      Always("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
             "a\r\n<Envelope>\r\n2\r\n42\r\nb\r\n</Envelope>\r\n0\r\n\r\n"));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(outcome.result->payload, "<Envelope>42</Envelope>");
}

TEST_F(SoapHttpBackendTest, SendsSoapHeadersAndBody) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url("/bank/service?wsdl=no")});
  BackendRequest request = SoapRequest("<Envelope>hello</Envelope>");
  ASSERT_TRUE(Call(std::move(request), Context(2000ms, "abc-123")).result.ok());
  ASSERT_EQ(server.requests().size(), 1u);
  RawRequest seen = server.requests()[0];
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/bank/service?wsdl=no");
  EXPECT_EQ(seen.headers["host"], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen.headers["content-type"], "text/xml; charset=utf-8");
  EXPECT_EQ(seen.headers["soapaction"], "\"urn:bank#GetBalance\"");
  EXPECT_EQ(seen.headers["x-request-id"], "abc-123");
  EXPECT_EQ(seen.headers["content-length"], "26");
  EXPECT_EQ(seen.body, "<Envelope>hello</Envelope>");
}

TEST_F(SoapHttpBackendTest, ForwardsAllowedHeadersBothWays) {
  FakeServer server(Always(Response(200, "OK", "<ok/>",
                                    "X-Legacy-Transaction: T-77\r\nX-Other: no\r\n"
                                    "X-Legacy-Transaction: T-78\r\n")));
  MakeBackend({server.url()});
  const std::vector<std::string> wanted = {"x-legacy-transaction", "x-absent"};
  CallContext context = Context();
  context.headers = {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                     {"x-tenant-id", "acme"}};
  context.reply_headers = &wanted;
  Outcome outcome = Call(SoapRequest(), std::move(context));
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  RawRequest seen = server.requests().at(0);
  EXPECT_EQ(seen.headers["traceparent"], "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_EQ(seen.headers["x-tenant-id"], "acme");
  using Header = std::pair<std::string, std::string>;
  EXPECT_THAT(outcome.result->headers,
              ::testing::ElementsAre(Header{"x-legacy-transaction", "T-77"},
                                     Header{"x-legacy-transaction", "T-78"}));
}

TEST_F(SoapHttpBackendTest, RefusesAForwardedHeaderValueThatWouldSplitTheRequest) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  CallContext context = Context();
  context.headers = {{"x-tenant-id", "acme\r\nX-Evil: 1"}};
  Outcome outcome = Call(SoapRequest(), std::move(context));
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(outcome.result.status().message()), ::testing::HasSubstr("x-tenant-id"));
  EXPECT_EQ(server.connections(), 0);
}

TEST_F(SoapHttpBackendTest, SendsAnEmptySoapActionWhenTheActionIsEmpty) {
  // WS-I Basic Profile: a SOAP 1.1 request always carries SOAPAction, "" included.
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  BackendRequest request = SoapRequest();
  request.soap_action = "";
  ASSERT_TRUE(Call(std::move(request)).result.ok());
  EXPECT_EQ(server.requests().at(0).headers["soapaction"], "\"\"");
}

TEST_F(SoapHttpBackendTest, OmitsSoapActionForSoap12) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  BackendRequest request = SoapRequest();
  request.soap_action.reset();
  request.content_type = "application/soap+xml; charset=utf-8; action=\"urn:x\"";
  ASSERT_TRUE(Call(std::move(request)).result.ok());
  RawRequest seen = server.requests().at(0);
  EXPECT_EQ(seen.headers.count("soapaction"), 0u);
  EXPECT_EQ(seen.headers["content-type"], "application/soap+xml; charset=utf-8; action=\"urn:x\"");
}

TEST_F(SoapHttpBackendTest, ReusesKeepAliveConnection) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  ASSERT_TRUE(Call().result.ok());
  ASSERT_TRUE(Call().result.ok());
  ASSERT_TRUE(Call().result.ok());
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST_F(SoapHttpBackendTest, DoesNotReuseConnectionTheServerAskedToClose) {
  FakeServer server(Always(Response(200, "OK", "<ok/>", "Connection: close\r\n")));
  MakeBackend({server.url()});
  ASSERT_TRUE(Call().result.ok());
  ASSERT_TRUE(Call().result.ok());
  EXPECT_EQ(server.connections(), 2);
}

TEST_F(SoapHttpBackendTest, PassesSoapFaultWith500Through) {
  const std::string fault =
      "<Envelope><Body><Fault><faultcode>Server</faultcode></Fault></Body></Envelope>";
  FakeServer server(Always(Response(500, "Internal Server Error", fault)));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(outcome.result->http_status, 500);
  EXPECT_EQ(outcome.result->payload, fault);
}

TEST_F(SoapHttpBackendTest, OneWayAcknowledgementIsAnEmptyReply) {
  FakeServer server(Always(Response(202, "Accepted", "ignored")));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(outcome.result->http_status, 202);
  EXPECT_EQ(outcome.result->payload, "");
}

TEST_F(SoapHttpBackendTest, ConnectRefusedIsUnavailableAndNotInDoubt) {
  const uint16_t port = UnusedPort();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/svc";
  MakeBackend({url});
  Outcome outcome = Call(SoapRequest(), Context(2000ms, "req-refused"));
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kUnavailable)
      << outcome.result.status();
  EXPECT_THAT(outcome.result.status().message(), HasSubstr("backend bank endpoint " + url));
  EXPECT_THAT(outcome.result.status().message(), HasSubstr("connect failed"));
  std::optional<CallInfo> info = InfoOf(outcome.result.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_FALSE(info->in_doubt());
  EXPECT_EQ(info->request_id(), "req-refused");
  EXPECT_EQ(info->backend(), "bank");
}

TEST_F(SoapHttpBackendTest, ResetAfterRequestIsUnknownInDoubtWithRequestId) {
  FakeServer server([](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (s.ReadRequest(socket, carry)) FakeServer::Reset(socket);
  });
  MakeBackend({server.url()});
  Outcome outcome = Call(SoapRequest(), Context(2000ms, "req-reset"));
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kUnknown) << outcome.result.status();
  std::optional<CallInfo> info = InfoOf(outcome.result.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_TRUE(info->in_doubt());
  EXPECT_EQ(info->request_id(), "req-reset");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(SoapHttpBackendTest, CloseMidReplyIsUnknownInDoubt) {
  FakeServer server([](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (!s.ReadRequest(socket, carry)) return;
    FakeServer::WriteAll(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<Envel");
  });
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kUnknown) << outcome.result.status();
  EXPECT_TRUE(InfoOf(outcome.result.status())->in_doubt());
}

TEST_F(SoapHttpBackendTest, ACancelledCallEndsAtOnceAndItsConnectionIsClosed) {
  FakeServer server([](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (s.ReadRequest(socket, carry)) s.ReadRequest(socket, carry);  // no answer; sees the close
  });
  MakeBackend({server.url()});
  CallContext context = Context(5000ms);
  auto cancellation = std::make_shared<Cancellation>();
  context.cancellation = cancellation;
  std::future<Outcome> future;
  SendAsync(*backend_, SoapRequest(), std::move(context), &future);
  while (server.connections() < 1) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);  // the request is written
  const Clock::time_point cancelled_at = Clock::now();
  cancellation->Cancel();
  ASSERT_EQ(future.wait_for(1s), std::future_status::ready);
  Outcome outcome = future.get();
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kCancelled);
  EXPECT_TRUE(InfoOf(outcome.result.status())->in_doubt());
  EXPECT_LT(outcome.at - cancelled_at, 250ms) << "not at once, and the deadline is 5 s";
  // The connection, which carries a request whose reply nobody will read, is closed.
  const Clock::time_point until = Clock::now() + 2s;
  while (server.closed_connections() < 1 && Clock::now() < until) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(server.closed_connections(), 1);
}

TEST_F(SoapHttpBackendTest, ACallCancelledBeforeItStartsSendsNothing) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  CallContext context = Context();
  context.cancellation = std::make_shared<Cancellation>();
  context.cancellation->Cancel();
  Outcome outcome = Call(SoapRequest(), std::move(context));
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kCancelled);
  EXPECT_FALSE(InfoOf(outcome.result.status())->in_doubt());
  EXPECT_EQ(server.connections(), 0);
}

TEST_F(SoapHttpBackendTest, SilentServerFailsWithDeadlineExceededAtTheDeadline) {
  FakeServer server([](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (s.ReadRequest(socket, carry)) s.ReadRequest(socket, carry);  // Blocks until teardown.
  });
  MakeBackend({server.url()});
  const Clock::time_point deadline = Clock::now() + 150ms;
  Outcome outcome = Call(SoapRequest(), ContextUntil(deadline, "req-slow"));
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kDeadlineExceeded)
      << outcome.result.status();
  EXPECT_TRUE(InfoOf(outcome.result.status())->in_doubt());
  EXPECT_GE(outcome.at, deadline);
  EXPECT_LE(outcome.at, deadline + 50ms);
}

TEST_F(SoapHttpBackendTest, ReadTimeoutShorterThanDeadlineIsUnknownInDoubt) {
  FakeServer server([](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (s.ReadRequest(socket, carry)) s.ReadRequest(socket, carry);
  });
  MakeBackend({server.url()},
              [](config::SoapBackend& c) { c.mutable_read_timeout()->set_nanos(100'000'000); });
  Outcome outcome = Call(SoapRequest(), Context(5000ms));
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kUnknown) << outcome.result.status();
  EXPECT_THAT(outcome.result.status().message(), HasSubstr("no complete reply within 100ms"));
  EXPECT_TRUE(InfoOf(outcome.result.status())->in_doubt());
}

TEST_F(SoapHttpBackendTest, ExpiredDeadlineSendsNothing) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  Outcome expired = Call(SoapRequest(), ContextUntil(Clock::now() - 1ms, "late"));
  ASSERT_EQ(expired.result.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(InfoOf(expired.result.status())->in_doubt());
  // A later call's request is the only one the server ever sees.
  ASSERT_TRUE(Call().result.ok());
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(SoapHttpBackendTest, ReplyOverLimitIsInternal) {
  FakeServer server(Always(Response(200, "OK", std::string(1000, 'x'))));
  MakeBackend({server.url()}, [](config::SoapBackend& c) { c.set_max_reply_bytes(100); });
  Outcome outcome = Call();
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kInternal) << outcome.result.status();
  EXPECT_THAT(outcome.result.status().message(), HasSubstr("reply exceeds 100 bytes"));
  EXPECT_TRUE(InfoOf(outcome.result.status())->in_doubt());
}

TEST_F(SoapHttpBackendTest, ChunkedReplyOverLimitIsInternal) {
  FakeServer server([](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (!s.ReadRequest(socket, carry)) return;
    std::string reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i) reply += "10\r\n0123456789abcdef\r\n";
    FakeServer::WriteAll(socket, reply + "0\r\n\r\n");
  });
  MakeBackend({server.url()}, [](config::SoapBackend& c) { c.set_max_reply_bytes(100); });
  EXPECT_EQ(Call().result.status().code(), absl::StatusCode::kInternal);
}

TEST_F(SoapHttpBackendTest, ServiceUnavailableIsUnavailableButInDoubt) {
  FakeServer server(Always(Response(503, "Service Unavailable", "busy")));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kUnavailable)
      << outcome.result.status();
  EXPECT_THAT(outcome.result.status().message(), HasSubstr("HTTP 503 Service Unavailable"));
  // The server had the request; nothing proves it did not act on it.
  EXPECT_TRUE(InfoOf(outcome.result.status())->in_doubt());
}

TEST_F(SoapHttpBackendTest, BadGatewayIsUnknownInDoubt) {
  FakeServer server(Always(Response(502, "Bad Gateway", "")));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kUnknown);
  EXPECT_TRUE(InfoOf(outcome.result.status())->in_doubt());
}

TEST_F(SoapHttpBackendTest, UnexpectedHttpStatusIsInternal) {
  FakeServer server(Always(Response(404, "Not Found", "nope")));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_EQ(outcome.result.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(outcome.result.status().message(),
              HasSubstr("backend bank endpoint " + server.url() + ": answered HTTP 404 Not Found"));
}

TEST_F(SoapHttpBackendTest, InterimContinueResponseIsSkipped) {
  FakeServer server(Always("HTTP/1.1 100 Continue\r\n\r\n" + Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  Outcome outcome = Call();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(outcome.result->payload, "<ok/>");
}

TEST_F(SoapHttpBackendTest, FailsFastWhenAllConnectionsAreBusy) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  FakeServer server([released](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (!s.ReadRequest(socket, carry)) return;
    released.wait();
    FakeServer::WriteAll(socket, Response(200, "OK", "<first/>"));
  });
  MakeBackend({server.url()}, [](config::SoapBackend& c) { c.set_max_connections(1); });
  std::future<Outcome> first;
  SendAsync(*backend_, SoapRequest(), Context(), &first);
  while (server.requests().empty()) std::this_thread::sleep_for(1ms);

  Outcome second = Call();
  ASSERT_EQ(second.result.status().code(), absl::StatusCode::kResourceExhausted)
      << second.result.status();
  EXPECT_THAT(second.result.status().message(), HasSubstr("backend bank: all 1 connections busy"));
  EXPECT_FALSE(InfoOf(second.result.status())->in_doubt());

  release.set_value();
  ASSERT_EQ(first.wait_for(5s), std::future_status::ready);
  Outcome outcome = first.get();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(outcome.result->payload, "<first/>");
}

// The server drops an idle keep-alive connection (FIN or RST) between two calls, without a
// Connection: close header; the client must notice before reusing it.
class StaleConnectionTest : public SoapHttpBackendTest,
                            public ::testing::WithParamInterface<bool> {};

TEST_P(StaleConnectionTest, ClosedIdleConnectionIsNotReused) {
  const bool reset = GetParam();
  FakeServer server([reset](tcp::socket& socket, FakeServer& s) {
    std::string carry;
    if (!s.ReadRequest(socket, carry)) return;
    FakeServer::WriteAll(socket, Response(200, "OK", "<ok/>"));
    if (reset) FakeServer::Reset(socket);
  });
  MakeBackend({server.url()});
  ASSERT_TRUE(Call().result.ok());
  while (server.closed_connections() < 1) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(20ms);  // Lets the FIN or RST reach the client's socket.

  Outcome outcome = Call();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(server.requests().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(FinOrReset, StaleConnectionTest, ::testing::Bool());

TEST_F(SoapHttpBackendTest, IdleConnectionsAreClosedAfterIdleTimeout) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()},
              [](config::SoapBackend& c) { c.mutable_idle_timeout()->set_nanos(50'000'000); });
  ASSERT_TRUE(Call().result.ok());
  // The server sees the pool close the connection without any further call.
  const Clock::time_point give_up = Clock::now() + 5s;
  while (server.closed_connections() < 1 && Clock::now() < give_up) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(server.closed_connections(), 1);
  ASSERT_TRUE(Call().result.ok());
  EXPECT_EQ(server.connections(), 2);
}

TEST_F(SoapHttpBackendTest, SpreadsCallsOverEndpointsRoundRobin) {
  FakeServer a(Always(Response(200, "OK", "<a/>")));
  FakeServer b(Always(Response(200, "OK", "<b/>")));
  MakeBackend({a.url(), b.url()});
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(Call().result.ok());
  EXPECT_EQ(a.requests().size(), 2u);
  EXPECT_EQ(b.requests().size(), 2u);
}

TEST_F(SoapHttpBackendTest, ResolvesHostNames) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({"http://localhost:" + std::to_string(server.port()) + "/svc"});
  Outcome outcome = Call();
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(server.requests().at(0).headers["host"], "localhost:" + std::to_string(server.port()));
}

TEST_F(SoapHttpBackendTest, RejectsHeaderInjection) {
  FakeServer server(Always(Response(200, "OK", "<ok/>")));
  MakeBackend({server.url()});
  Outcome outcome = Call(SoapRequest(), Context(2000ms, "id\r\nX-Evil: 1"));
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server.connections(), 0);
}

TEST(SoapHttpBackendConcurrencyTest, ManyConcurrentCallsOnSeveralLoopsAllComplete) {
  EventLoops loops(3);
  loops.Start();
  {
    FakeServer server(Always(Response(200, "OK", "<ok/>")));
    config::SoapBackend config;
    config.add_endpoints(server.url());
    auto backend = SoapHttpBackend::Create(loops, "bank", config);
    ASSERT_TRUE(backend.ok());
    std::vector<std::future<Outcome>> futures(30);
    for (auto& f : futures) SendAsync(**backend, SoapRequest(), Context(), &f);
    std::set<std::thread::id> threads;
    for (auto& f : futures) {
      ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
      Outcome outcome = f.get();
      EXPECT_TRUE(outcome.result.ok()) << outcome.result.status();
      threads.insert(outcome.thread);
    }
    EXPECT_EQ(threads.size(), 3u);
    EXPECT_EQ(server.requests().size(), 30u);
    backend->reset();
  }
  loops.Stop();
}

TEST(SoapHttpBackendShutdownTest, CallQueuedOnStoppedLoopsStillGetsItsCallback) {
  auto loops = std::make_unique<EventLoops>(1);
  config::SoapBackend config;
  config.add_endpoints("http://127.0.0.1:9/svc");
  auto backend = SoapHttpBackend::Create(*loops, "bank", config);
  ASSERT_TRUE(backend.ok());
  std::future<Outcome> future;
  SendAsync(**backend, SoapRequest(), Context(), &future);
  backend->reset();
  loops.reset();  // Never started: the queued call is destroyed with the loop.
  ASSERT_EQ(future.wait_for(0s), std::future_status::ready);
  EXPECT_EQ(future.get().result.status().code(), absl::StatusCode::kUnavailable);
}

// --- Configuration -------------------------------------------------------------------------------

absl::Status CreateWith(const std::vector<std::string>& endpoints,
                        const std::function<void(config::SoapBackend&)>& tweak = nullptr) {
  EventLoops loops(1);
  config::SoapBackend config;
  for (const auto& e : endpoints) config.add_endpoints(e);
  if (tweak) tweak(config);
  return SoapHttpBackend::Create(loops, "bank", config).status();
}

TEST(SoapHttpBackendConfigTest, AcceptsPlainHttpEndpoints) {
  EXPECT_TRUE(CreateWith({"http://127.0.0.1:8080/svc", "http://legacy.example:80",
                          "http://[::1]:9000/a/b?c=d"})
                  .ok());
}

TEST(SoapHttpBackendConfigTest, TlsSettingsAreCheckedAtStartup) {
  EXPECT_TRUE(CreateWith({"https://bank.example/svc"}).ok()) << "the system's CAs by default";
  EXPECT_TRUE(CreateWith({"https://bank.example/svc"}, [](config::SoapBackend& c) {
                c.mutable_tls()->set_ca_file(TestData("ca.pem"));
              }).ok());
  absl::Status missing = CreateWith({"https://bank.example/svc"}, [](config::SoapBackend& c) {
    c.mutable_tls()->set_ca_file("/nonexistent/ca.pem");
  });
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(missing.message(), HasSubstr("/nonexistent/ca.pem"));
  absl::Status half = CreateWith({"https://bank.example/svc"}, [](config::SoapBackend& c) {
    c.mutable_tls()->set_cert_file(TestData("server.pem"));
  });
  EXPECT_THAT(half.message(), HasSubstr("give both cert_file and key_file"));
  EXPECT_THAT(CreateWith({"ftp://bank.example/svc"}).message(), HasSubstr("http or https"));
}

// An HTTPS server with the test CA's certificate for 127.0.0.1, on blocking sockets: answers
// every request of a connection with `response`, or, when told, never completes a handshake.
class FakeTlsServer {
 public:
  explicit FakeTlsServer(std::string response, bool handshake = true)
      : response_(std::move(response)), handshake_(handshake), acceptor_(io_) {
    context_.use_certificate_chain_file(TestData("server.pem"));
    context_.use_private_key_file(TestData("server.key"), boost::asio::ssl::context::pem);
    acceptor_.open(tcp::v4());
    acceptor_.bind(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeTlsServer() {
    stopping_ = true;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    // Wakes a read on the kept-alive connection.
    if (const int fd = live_fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
    thread_.join();
  }

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/bank"; }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }

 private:
  void Serve() {
    while (!stopping_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      ++connections_;
      if (!handshake_) {
        // Holds the TCP connection and says nothing, as a stuck TLS terminator would.
        std::this_thread::sleep_for(500ms);
        continue;
      }
      live_fd_ = socket.native_handle();
      if (stopping_) return;
      boost::asio::ssl::stream<tcp::socket> tls(std::move(socket), context_);
      tls.handshake(boost::asio::ssl::stream_base::server, ec);
      if (ec) continue;
      std::string carry;
      char chunk[4096];
      while (true) {
        const size_t head = carry.find("\r\n\r\n");
        if (head != std::string::npos) {
          std::string lower = carry.substr(0, head);
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          const size_t at = lower.find("content-length:");
          const size_t length = at == std::string::npos ? 0 : std::stoul(lower.substr(at + 15));
          if (carry.size() >= head + 4 + length) {
            carry.erase(0, head + 4 + length);
            ++requests_;
            boost::asio::write(tls, boost::asio::buffer(response_), ec);
            if (ec) break;
            continue;
          }
        }
        const size_t n = tls.read_some(boost::asio::buffer(chunk), ec);
        if (ec) break;
        carry.append(chunk, n);
      }
    }
  }

  const std::string response_;
  const bool handshake_;
  boost::asio::io_context io_;
  boost::asio::ssl::context context_{boost::asio::ssl::context::tls_server};
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::atomic<int> live_fd_{-1};
  std::thread thread_;
};

TEST_F(SoapHttpBackendTest, HttpsVerifiesTheServerAndKeepsTheConnection) {
  FakeTlsServer server(Response(200, "OK", "<Envelope>tls</Envelope>"));
  MakeBackend({server.url()},
              [](config::SoapBackend& c) { c.mutable_tls()->set_ca_file(TestData("ca.pem")); });
  for (int i = 0; i < 3; ++i) {
    Outcome outcome = Call();
    ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
    EXPECT_EQ(outcome.result->payload, "<Envelope>tls</Envelope>");
  }
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(server.connections(), 1) << "keep-alive over TLS";
}

TEST_F(SoapHttpBackendTest, AnUntrustedOrMisnamedCertificateIsUnavailableAndNothingIsSent) {
  FakeTlsServer server(Response(200, "OK", "<ok/>"));
  // The system's CAs do not know the test CA.
  MakeBackend({server.url()});
  Outcome untrusted = Call();
  EXPECT_EQ(untrusted.result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(untrusted.result.status().message(), HasSubstr("TLS handshake failed"));
  EXPECT_FALSE(InfoOf(untrusted.result.status())->in_doubt());
  // Trusted CA, but the certificate does not name the server Dragoman expects.
  MakeBackend({server.url()}, [](config::SoapBackend& c) {
    c.mutable_tls()->set_ca_file(TestData("ca.pem"));
    c.mutable_tls()->set_server_name("core-banking.example");
  });
  Outcome misnamed = Call();
  EXPECT_EQ(misnamed.result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(InfoOf(misnamed.result.status())->in_doubt());
  EXPECT_EQ(server.requests(), 0);
  // The certificate's other name is fine.
  MakeBackend({server.url()}, [](config::SoapBackend& c) {
    c.mutable_tls()->set_ca_file(TestData("ca.pem"));
    c.mutable_tls()->set_server_name("legacy.test");
  });
  EXPECT_TRUE(Call().result.ok());
}

TEST_F(SoapHttpBackendTest, AStalledHandshakeIsBoundedByTheConnectTimeout) {
  FakeTlsServer server("", /*handshake=*/false);
  MakeBackend({server.url()}, [](config::SoapBackend& c) {
    c.mutable_tls()->set_ca_file(TestData("ca.pem"));
    c.mutable_connect_timeout()->set_nanos(200'000'000);
  });
  const Clock::time_point started = Clock::now();
  Outcome outcome = Call(SoapRequest(), Context(5000ms));
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(InfoOf(outcome.result.status())->in_doubt());
  EXPECT_LT(outcome.at - started, 400ms);
}

TEST(SoapHttpBackendConfigTest, RejectsBadEndpoints) {
  EXPECT_EQ(CreateWith({}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateWith({"not a url"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateWith({"ftp://host/x"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateWith({"http:///nohost"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateWith({"http://host:99999/"}).code(), absl::StatusCode::kInvalidArgument);
}

TEST(SoapHttpBackendConfigTest, DoesNotEchoCredentials) {
  absl::Status status = CreateWith({"http://user:s3cret@host/svc"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), ::testing::Not(HasSubstr("s3cret")));
}

TEST(SoapHttpBackendConfigTest, RejectsNegativeAndHugeTimeouts) {
  absl::Status status = CreateWith(
      {"http://host/"}, [](config::SoapBackend& c) { c.mutable_read_timeout()->set_seconds(-1); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("read_timeout"));
  status = CreateWith({"http://host/"}, [](config::SoapBackend& c) {
    c.mutable_idle_timeout()->set_seconds(315'576'000'000);
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("idle_timeout"));
}

}  // namespace
}  // namespace dragoman
