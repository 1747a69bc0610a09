// A small asynchronous HTTP/1.1 server on the event loops: the listener of `dragoman mock` and,
// later, of the HTTP/JSON front end.
#ifndef DRAGOMAN_SERVER_HTTP_HTTP_SERVER_H_
#define DRAGOMAN_SERVER_HTTP_HTTP_SERVER_H_

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "server/net/event_loops.h"

namespace dragoman {

// A complete request as read from the connection, body included.
using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
// The response a handler produces; the server sets Content-Length and Connection.
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Delivers a handler's response to its connection. Move-only; call it once, from any thread.
// Dropping it uncalled answers 500, so a buggy handler cannot leave a connection hanging.
class ResponseWriter {
 public:
  // Wraps where the response goes; the server passes its connection, tests may pass a lambda.
  explicit ResponseWriter(absl::AnyInvocable<void(HttpResponse) &&> sink);
  // Answers 500 if the writer was never called.
  ~ResponseWriter();
  // Leaves `other` disarmed, so only one writer ever answers.
  ResponseWriter(ResponseWriter&& other) noexcept;
  ResponseWriter& operator=(ResponseWriter&&) = delete;
  ResponseWriter(const ResponseWriter&) = delete;
  ResponseWriter& operator=(const ResponseWriter&) = delete;

  // Sends `response`; consumes the writer.
  void operator()(HttpResponse response) &&;

 private:
  absl::AnyInvocable<void(HttpResponse) &&> sink_;
  bool armed_ = true;
};

// Application logic behind an HttpServer.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Called on the connection's loop thread, concurrently from different loops, so it must be
  // thread-safe; it must not block. `respond` may be called later from any thread.
  virtual void Handle(HttpRequest request, ResponseWriter respond) = 0;
  // Fills the body and Content-Type of an answer the server gives on its own (408, 413, 431,
  // 400 for a request it could not read); plain text by default.
  virtual void DescribeError(unsigned status, std::string_view message,
                             HttpResponse* response) const;
};

// Listener settings. Every phase has a timeout and every input a size limit.
struct HttpServerOptions {
  // Address to bind; loopback unless the operator asks for more.
  std::string host = "127.0.0.1";
  // Port to bind; 0 picks a free one (see HttpServer::port()).
  uint16_t port = 0;
  // Largest request line plus headers; beyond it the answer is 431.
  std::uint32_t max_header_bytes = 16 * 1024;
  // Largest request body; beyond it the answer is 413.
  std::uint64_t max_body_bytes = 4 * 1024 * 1024;
  // Time for a whole request once its first byte arrived; on expiry the answer is 408.
  std::chrono::nanoseconds read_timeout = std::chrono::seconds(30);
  // Time a keep-alive connection may wait for its next request before it is closed.
  std::chrono::nanoseconds idle_timeout = std::chrono::seconds(60);
  // Time for writing one response.
  std::chrono::nanoseconds write_timeout = std::chrono::seconds(30);
  // How long Stop() lets requests in progress finish before closing their connections.
  std::chrono::nanoseconds stop_grace = std::chrono::seconds(5);
};

namespace http_server_internal {
struct Shared;
struct Listener;
}  // namespace http_server_internal

// HTTP/1.1 with keep-alive, one request at a time per connection. The acceptor runs on one loop
// and accepted connections are spread round robin over all loops.
class HttpServer {
 public:
  // Binds, listens and starts accepting (connections are served once the loops run).
  // `handler` and `loops` must outlive the server.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Create(EventLoops& loops, HttpHandler& handler,
                                                            HttpServerOptions options);
  // Stops if not yet stopped.
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port, useful when options.port was 0.
  uint16_t port() const { return port_; }

  // Stops accepting, closes idle connections, lets requests in progress answer (with
  // Connection: close) for up to stop_grace, then closes the rest; returns when all are closed.
  // Blocks, so it must not be called from a loop thread. Idempotent.
  void Stop();

 private:
  HttpServer(EventLoops& loops, std::shared_ptr<http_server_internal::Shared> shared,
             std::shared_ptr<http_server_internal::Listener> listener, uint16_t port);

  EventLoops& loops_;
  std::shared_ptr<http_server_internal::Shared> shared_;
  std::shared_ptr<http_server_internal::Listener> listener_;
  uint16_t port_;
  bool stopped_ = false;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_HTTP_HTTP_SERVER_H_
