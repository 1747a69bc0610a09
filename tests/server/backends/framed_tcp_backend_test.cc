// The framed TCP backend against scripted hosts that misbehave the ways real ones do: replies
// out of order, replies for someone else, silence, resets mid-call, garbage frames. What is
// checked is what a caller relies on: the right reply for each call, and a failure status that
// says truthfully whether the request may have reached the host.
#include "server/backends/framed_tcp_backend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "dragoman/errors.pb.h"
#include "server/backends/framing.h"
#include "tests/server/fake_tcp_server.h"

namespace dragoman {
namespace {

using ::std::chrono_literals::operator""ms;
using ::std::chrono_literals::operator""s;
using ::testing::HasSubstr;
using tcp = boost::asio::ip::tcp;

// A host speaking 4-byte big-endian length-prefixed frames.
class FakeHost : public testing::FakeTcpServer<FakeHost> {
 public:
  using FakeTcpServer::FakeTcpServer;

  // The next frame's content; false when the client closed.
  static bool ReadFrame(tcp::socket& socket, std::string& carry, std::string* frame) {
    while (carry.size() < 4 || carry.size() < 4 + Length(carry)) {
      if (!ReadMore(socket, carry)) return false;
    }
    const size_t length = Length(carry);
    *frame = carry.substr(4, length);
    carry.erase(0, 4 + length);
    return true;
  }

  static std::string Frame(const std::string& content) {
    const auto n = static_cast<uint32_t>(content.size());
    std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                    static_cast<char>(n >> 8), static_cast<char>(n)};
    return out + content;
  }

 private:
  static size_t Length(const std::string& carry) {
    return (static_cast<size_t>(static_cast<uint8_t>(carry[0])) << 24) |
           (static_cast<size_t>(static_cast<uint8_t>(carry[1])) << 16) |
           (static_cast<size_t>(static_cast<uint8_t>(carry[2])) << 8) |
           static_cast<uint8_t>(carry[3]);
  }
};

// Replies "echo:<record>" to each frame, keeping the header when there is one.
FakeHost::Script Echo(bool header) {
  return [header](tcp::socket& socket, FakeHost&) {
    std::string carry, frame;
    while (FakeHost::ReadFrame(socket, carry, &frame)) {
      const size_t at = header ? framing::kHeaderBytes : 0;
      FakeHost::WriteAll(socket, FakeHost::Frame(frame.substr(0, at) + "echo:" + frame.substr(at)));
    }
  };
}

uint16_t UnusedPort() {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

bool InDoubt(const absl::Status& status) {
  absl::optional<absl::Cord> payload =
      status.GetPayload(absl::StrCat("type.googleapis.com/", CallInfo().GetTypeName()));
  CallInfo info;
  EXPECT_TRUE(payload.has_value()) << "no CallInfo on " << status;
  if (payload.has_value()) info.ParseFromString(std::string(*payload));
  return info.in_doubt();
}

class FramedTcpBackendTest : public ::testing::Test {
 protected:
  FramedTcpBackendTest() : loops_(1) { loops_.Start(); }
  ~FramedTcpBackendTest() override {
    backend_.reset();
    loops_.Stop();
  }

  void MakeBackend(uint16_t port, bool header, uint32_t max_connections = 0,
                   int read_timeout_ms = 2000) {
    config::FramedBackend config;
    config.add_endpoints("127.0.0.1:" + std::to_string(port));
    config.mutable_framing()->set_header(header);
    config.set_max_connections(max_connections);
    config.mutable_read_timeout()->set_nanos(0);
    config.mutable_read_timeout()->set_seconds(read_timeout_ms / 1000);
    config.mutable_read_timeout()->set_nanos((read_timeout_ms % 1000) * 1000000);
    config.set_max_record_bytes(64);
    absl::StatusOr<std::unique_ptr<FramedTcpBackend>> backend =
        FramedTcpBackend::Create(loops_, "host", config);
    ASSERT_TRUE(backend.ok()) << backend.status();
    backend_ = *std::move(backend);
  }

  std::future<absl::StatusOr<BackendReply>> SendAsync(
      std::string record, std::chrono::milliseconds deadline = 3s,
      std::shared_ptr<Cancellation> cancellation = nullptr) {
    auto promise = std::make_shared<std::promise<absl::StatusOr<BackendReply>>>();
    auto future = promise->get_future();
    BackendRequest request;
    request.payload = std::move(record);
    request.transaction = "TRAN    ";
    CallContext context;
    context.deadline = std::chrono::steady_clock::now() + deadline;
    context.request_id = "req-1";
    context.cancellation = std::move(cancellation);
    backend_->Send(
        std::move(request), std::move(context),
        [promise](absl::StatusOr<BackendReply> result) { promise->set_value(std::move(result)); });
    return future;
  }

  absl::StatusOr<BackendReply> Call(std::string record, std::chrono::milliseconds deadline = 3s) {
    auto future = SendAsync(std::move(record), deadline);
    if (future.wait_for(5s) != std::future_status::ready) {
      return absl::InternalError("test: no callback within 5s");
    }
    return future.get();
  }

  EventLoops loops_;
  std::unique_ptr<FramedTcpBackend> backend_;
};

TEST_F(FramedTcpBackendTest, WithAHeaderRepliesFindTheirCallsByCorrelationId) {
  // The host reads three requests, then answers them last first.
  FakeHost host([](tcp::socket& socket, FakeHost&) {
    std::string carry, frame;
    std::vector<std::string> frames;
    while (frames.size() < 3 && FakeHost::ReadFrame(socket, carry, &frame)) {
      EXPECT_EQ(frame.substr(0, 8), "TRAN    ");
      frames.push_back(frame);
    }
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
      FakeHost::WriteAll(socket, FakeHost::Frame(it->substr(0, 16) + "re:" + it->substr(16)));
    }
  });
  MakeBackend(host.port(), /*header=*/true);
  auto a = SendAsync("A");
  auto b = SendAsync("B");
  auto c = SendAsync("C");
  EXPECT_EQ(a.get()->payload, "re:A");
  EXPECT_EQ(b.get()->payload, "re:B");
  EXPECT_EQ(c.get()->payload, "re:C");
  EXPECT_EQ(host.connections(), 1);
}

TEST_F(FramedTcpBackendTest, AReplyForAnotherCallIsNotTaken) {
  FakeHost host([](tcp::socket& socket, FakeHost&) {
    std::string carry, frame;
    while (FakeHost::ReadFrame(socket, carry, &frame)) {
      std::string wrong = frame;
      wrong[15] = static_cast<char>(wrong[15] + 1);  // someone else's correlation id
      FakeHost::WriteAll(socket, FakeHost::Frame(wrong));
    }
  });
  MakeBackend(host.port(), /*header=*/true, 0, /*read_timeout_ms=*/300);
  absl::StatusOr<BackendReply> reply = Call("A");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnknown);
  EXPECT_THAT(reply.status().message(), HasSubstr("no reply within read_timeout"));
  EXPECT_TRUE(InDoubt(reply.status()));
}

TEST_F(FramedTcpBackendTest, WithoutAHeaderACallHasTheConnectionToItself) {
  FakeHost host(Echo(/*header=*/false));
  MakeBackend(host.port(), /*header=*/false, /*max_connections=*/1);
  std::vector<std::future<absl::StatusOr<BackendReply>>> calls;
  for (int i = 0; i < 5; ++i) calls.push_back(SendAsync("R" + std::to_string(i)));
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<BackendReply> reply = calls[static_cast<size_t>(i)].get();
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_EQ(reply->payload, "echo:R" + std::to_string(i));
  }
  EXPECT_EQ(host.connections(), 1);
}

TEST_F(FramedTcpBackendTest, NoHostIsUnavailableAndNotInDoubt) {
  MakeBackend(UnusedPort(), /*header=*/true);
  absl::StatusOr<BackendReply> reply = Call("A");
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(reply.status().message(), HasSubstr("connect failed"));
  EXPECT_FALSE(InDoubt(reply.status()));
}

TEST_F(FramedTcpBackendTest, AConnectionLostAfterTheRequestLeftIsInDoubt) {
  FakeHost host([](tcp::socket& socket, FakeHost&) {
    std::string carry, frame;
    FakeHost::ReadFrame(socket, carry, &frame);
    FakeHost::Reset(socket);  // the request arrived; whether it ran nobody can tell
  });
  MakeBackend(host.port(), /*header=*/true);
  absl::StatusOr<BackendReply> reply = Call("A");
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnknown);
  EXPECT_TRUE(InDoubt(reply.status()));
}

// A cancelled call ends at once; without a header its connection cannot be trusted any more
// (a late reply would answer the next call) and closes; with one it serves the next call.
class FramedCancellationTest : public FramedTcpBackendTest,
                               public ::testing::WithParamInterface<bool> {};

TEST_P(FramedCancellationTest, ACancelledCallEndsAtOnce) {
  const bool header = GetParam();
  FakeHost host([](tcp::socket& socket, FakeHost&) {
    std::string carry, frame;
    while (FakeHost::ReadFrame(socket, carry, &frame)) {
      if (frame.find("hang") != std::string::npos) continue;  // never answered
      FakeHost::WriteAll(socket, FakeHost::Frame(frame.substr(0, frame.size() - 4) + "done"));
    }
  });
  MakeBackend(host.port(), header, /*max_connections=*/1);
  auto cancellation = std::make_shared<Cancellation>();
  auto hung = SendAsync("hang", 5s, cancellation);
  while (host.connections() < 1) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);
  const auto cancelled_at = std::chrono::steady_clock::now();
  cancellation->Cancel();
  ASSERT_EQ(hung.wait_for(1s), std::future_status::ready);
  absl::StatusOr<BackendReply> reply = hung.get();
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kCancelled);
  EXPECT_TRUE(InDoubt(reply.status()));
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 300ms) << "the deadline is 5 s";
  absl::StatusOr<BackendReply> next = Call("next");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(host.connections(), header ? 1 : 2);
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutHeader, FramedCancellationTest, ::testing::Bool());

TEST_F(FramedTcpBackendTest, TheCallersDeadlineEndsTheWait) {
  FakeHost host([](tcp::socket& socket, FakeHost&) {
    std::string carry, frame;
    while (FakeHost::ReadFrame(socket, carry, &frame)) {
    }  // never answers
  });
  MakeBackend(host.port(), /*header=*/false);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<BackendReply> reply = Call("A", 200ms);
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(InDoubt(reply.status()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(FramedTcpBackendTest, AFrameBeyondTheLimitIsInternalAndNeverBuffered) {
  FakeHost host([](tcp::socket& socket, FakeHost&) {
    std::string carry, frame;
    FakeHost::ReadFrame(socket, carry, &frame);
    FakeHost::WriteAll(socket, std::string("\x7f\xff\xff\xff", 4));  // 2 GiB announced
  });
  MakeBackend(host.port(), /*header=*/false);
  absl::StatusOr<BackendReply> reply = Call("A");
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(reply.status().message(), HasSubstr("bad frame"));
}

TEST_F(FramedTcpBackendTest, ARecordTooLongToFrameIsRefusedBeforeConnecting) {
  FakeHost host(Echo(/*header=*/false));
  MakeBackend(host.port(), /*header=*/false);
  absl::StatusOr<BackendReply> reply = Call(std::string(65, 'x'));  // limit 64
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(InDoubt(reply.status()));
  EXPECT_EQ(host.connections(), 0);
}

TEST_F(FramedTcpBackendTest, AnIdleConnectionIsClosedAndTheNextCallOpensAnother) {
  FakeHost host(Echo(/*header=*/true));
  config::FramedBackend config;
  config.add_endpoints("127.0.0.1:" + std::to_string(host.port()));
  config.mutable_framing()->set_header(true);
  config.mutable_idle_timeout()->set_nanos(200 * 1000 * 1000);
  absl::StatusOr<std::unique_ptr<FramedTcpBackend>> backend =
      FramedTcpBackend::Create(loops_, "host", config);
  ASSERT_TRUE(backend.ok()) << backend.status();
  backend_ = *std::move(backend);
  ASSERT_TRUE(Call("A").ok());
  for (int i = 0; i < 100 && host.closed_connections() == 0; ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(host.closed_connections(), 1);
  absl::StatusOr<BackendReply> reply = Call("B");
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->payload, "echo:B");
  EXPECT_EQ(host.connections(), 2);
}

TEST(FramedTcpBackendConfigTest, EndpointsMustBeHostAndPort) {
  EventLoops loops(1);
  config::FramedBackend config;
  config.add_endpoints("localhost");
  EXPECT_THAT(FramedTcpBackend::Create(loops, "host", config).status().message(),
              HasSubstr("framed endpoint 'localhost' is not host:port"));
  config.clear_endpoints();
  config.add_endpoints("127.0.0.1:1");
  config.mutable_framing()->set_kind(RecordFraming::FIXED);  // fixed_length 0
  EXPECT_FALSE(FramedTcpBackend::Create(loops, "host", config).ok());
}

}  // namespace
}  // namespace dragoman
