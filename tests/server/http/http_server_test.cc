#include "server/http/http_server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/raw_http.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using ::std::chrono_literals::operator""ms;
using ::std::chrono_literals::operator""s;
namespace http = boost::beast::http;

struct RawResponse {
  int status = 0;
  // Lower-case names.
  std::map<std::string, std::string> headers;
  std::string body;
};

// A blocking client on plain POSIX sockets, so the server is exercised by something that shares
// no code with it. Every read gives up after two seconds.
class RawClient {
 public:
  explicit RawClient(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{2, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~RawClient() { ::close(fd_); }

  bool connected() const { return connected_; }

  void Send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  // One response, or nullopt on EOF, error or timeout. A response to HEAD has no body.
  std::optional<RawResponse> ReadResponse(bool head_request = false) {
    std::size_t header_end;
    while ((header_end = carry_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore()) return std::nullopt;
    }
    RawResponse response;
    const std::string head = carry_.substr(0, header_end);
    carry_.erase(0, header_end + 4);
    response.status = std::stoi(head.substr(9, 3));
    response.headers = ::dragoman::testing::ParseHeaderFields(head);
    const std::size_t length = !head_request && response.headers.count("content-length")
                                   ? std::stoul(response.headers["content-length"])
                                   : 0;
    while (carry_.size() < length) {
      if (!ReadMore()) return std::nullopt;
    }
    response.body = carry_.substr(0, length);
    carry_.erase(0, length);
    return response;
  }

  // True when the server closes the connection (FIN or RST) before the read timeout.
  bool SeesClose() {
    char byte;
    const ssize_t n = ::recv(fd_, &byte, 1, 0);
    if (n == 0) return true;
    return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK;
  }

 private:
  bool ReadMore() {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    carry_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string carry_;
};

// Echoes the request; "/later" answers from another thread, "/drop" never answers.
class EchoHandler : public HttpHandler {
 public:
  ~EchoHandler() override {
    for (auto& t : threads_) t.join();
  }

  void Handle(HttpRequest request, ResponseWriter respond) override {
    ++calls;
    HttpResponse response(http::status::ok, 11);
    response.set(http::field::content_type, "text/plain");
    response.body() = std::string(request.method_string()) + " " + std::string(request.target()) +
                      " " + request.body();
    if (request.target() == "/drop") return;
    if (request.target() == "/later") {
      std::lock_guard<std::mutex> lock(mu_);
      threads_.emplace_back([respond = std::move(respond), response = std::move(response),
                             delay = later_delay]() mutable {
        std::this_thread::sleep_for(delay);
        std::move(respond)(std::move(response));
      });
      return;
    }
    std::move(respond)(std::move(response));
  }

  std::atomic<int> calls{0};
  std::chrono::milliseconds later_delay{20};

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() : loops_(2) { loops_.Start(); }
  ~HttpServerTest() override {
    if (server_) server_->Stop();
    server_.reset();
    loops_.Stop();
  }

  void StartServer(HttpServerOptions options = {}) {
    absl::StatusOr<std::unique_ptr<HttpServer>> server =
        HttpServer::Create(loops_, handler_, std::move(options));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_NE(server_->port(), 0);
  }

  EventLoops loops_;
  EchoHandler handler_;
  std::unique_ptr<HttpServer> server_;
};

std::string Post(const std::string& target, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + target +
         " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

TEST_F(HttpServerTest, AnswersARequest) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.connected());
  client.Send(Post("/echo", "hello"));
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /echo hello");
  EXPECT_EQ(response->headers["content-type"], "text/plain");
}

TEST_F(HttpServerTest, KeepsTheConnectionAliveBetweenRequests) {
  StartServer();
  RawClient client(server_->port());
  client.Send(Post("/one", "1"));
  std::optional<RawResponse> first = client.ReadResponse();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->body, "POST /one 1");
  EXPECT_EQ(first->headers.count("connection"), 0u);
  client.Send("GET /two HTTP/1.1\r\nHost: test\r\n\r\n");
  std::optional<RawResponse> second = client.ReadResponse();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->body, "GET /two ");
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  StartServer();
  RawClient client(server_->port());
  client.Send(Post("/a", "1") + Post("/b", "2"));
  std::optional<RawResponse> a = client.ReadResponse();
  std::optional<RawResponse> b = client.ReadResponse();
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->body, "POST /a 1");
  EXPECT_EQ(b->body, "POST /b 2");
}

TEST_F(HttpServerTest, AnswersHeadWithoutABody) {
  StartServer();
  RawClient client(server_->port());
  client.Send("HEAD /h HTTP/1.1\r\nHost: test\r\n\r\n");
  std::optional<RawResponse> head = client.ReadResponse(/*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->headers["content-length"], std::to_string(std::string("HEAD /h ").size()));
  // Had a body been sent, it would be read as the start of this response.
  client.Send("GET /next HTTP/1.1\r\nHost: test\r\n\r\n");
  std::optional<RawResponse> next = client.ReadResponse();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "GET /next ");
}

TEST_F(HttpServerTest, ClosesAfterHttp10Request) {
  StartServer();
  RawClient client(server_->port());
  client.Send("GET /old HTTP/1.0\r\n\r\n");
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(client.SeesClose());
}

TEST_F(HttpServerTest, HandlerMayAnswerLaterFromAnotherThread) {
  StartServer();
  RawClient client(server_->port());
  client.Send(Post("/later", "x"));
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "POST /later x");
  client.Send(Post("/again", "y"));
  ASSERT_TRUE(client.ReadResponse().has_value());
}

TEST_F(HttpServerTest, DroppedResponseWriterAnswers500) {
  StartServer();
  RawClient client(server_->port());
  client.Send(Post("/drop", ""));
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
}

TEST_F(HttpServerTest, RejectsOversizeBodyWith413) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  StartServer(options);
  RawClient client(server_->port());
  client.Send(Post("/big", std::string(5000, 'x')));
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.SeesClose());
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(HttpServerTest, RejectsOversizeHeaderWith431) {
  HttpServerOptions options;
  options.max_header_bytes = 1024;
  StartServer(options);
  RawClient client(server_->port());
  client.Send(Post("/h", "", "X-Big: " + std::string(4000, 'a') + "\r\n"));
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 431);
}

TEST_F(HttpServerTest, RejectsMalformedRequestWith400) {
  StartServer();
  RawClient client(server_->port());
  client.Send("THIS IS NOT HTTP\r\n\r\n");
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client.SeesClose());
}

TEST_F(HttpServerTest, SlowClientGets408AndIsClosed) {
  HttpServerOptions options;
  options.read_timeout = 100ms;
  StartServer(options);
  RawClient client(server_->port());
  client.Send("POST /slow HTTP/1.1\r\nHost: te");
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(client.SeesClose());
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosedSilently) {
  HttpServerOptions options;
  options.idle_timeout = 100ms;
  StartServer(options);
  RawClient client(server_->port());
  client.Send(Post("/one", "1"));
  ASSERT_TRUE(client.ReadResponse().has_value());
  EXPECT_TRUE(client.SeesClose());
}

TEST_F(HttpServerTest, SendsContinueBeforeReadingTheBody) {
  StartServer();
  RawClient client(server_->port());
  client.Send(
      "POST /c HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  std::optional<RawResponse> interim = client.ReadResponse();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  client.Send("body");
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "POST /c body");
}

TEST_F(HttpServerTest, StopClosesIdleConnectionsAndStopsAccepting) {
  StartServer();
  const uint16_t port = server_->port();
  RawClient client(port);
  client.Send(Post("/one", "1"));
  ASSERT_TRUE(client.ReadResponse().has_value());
  RawClient never_sent(port);
  ASSERT_TRUE(never_sent.connected());

  server_->Stop();
  EXPECT_TRUE(client.SeesClose());
  EXPECT_TRUE(never_sent.SeesClose());
  RawClient late(port);
  EXPECT_FALSE(late.connected());
}

TEST_F(HttpServerTest, StopLetsARequestInProgressAnswer) {
  handler_.later_delay = 100ms;
  StartServer();
  RawClient client(server_->port());
  client.Send(Post("/later", "x"));
  while (handler_.calls.load() == 0) std::this_thread::sleep_for(1ms);
  std::thread stopper([this] { server_->Stop(); });
  std::optional<RawResponse> response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.SeesClose());
  stopper.join();
}

TEST_F(HttpServerTest, ListenErrorsAreReported) {
  StartServer();
  HttpServerOptions options;
  options.port = server_->port();
  options.host = "127.0.0.1";
  // Binding the same port again fails (SO_REUSEADDR does not allow two listeners).
  EchoHandler other;
  absl::StatusOr<std::unique_ptr<HttpServer>> second = HttpServer::Create(loops_, other, options);
  EXPECT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("listen on 127.0.0.1:"));
}

TEST(ResponseWriterTest, AnswersOnceAndDisarmsWhenMoved) {
  std::vector<unsigned> seen;
  {
    ResponseWriter writer([&seen](HttpResponse r) { seen.push_back(r.result_int()); });
    ResponseWriter moved(std::move(writer));
    std::move(moved)(HttpResponse(http::status::accepted, 11));
  }
  EXPECT_EQ(seen, std::vector<unsigned>({202}));
  {
    ResponseWriter dropped([&seen](HttpResponse r) { seen.push_back(r.result_int()); });
  }
  EXPECT_EQ(seen, std::vector<unsigned>({202, 500}));
}

}  // namespace
}  // namespace dragoman
