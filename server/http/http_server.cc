#include "server/http/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace dragoman {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

ResponseWriter::ResponseWriter(absl::AnyInvocable<void(HttpResponse) &&> sink)
    : sink_(std::move(sink)) {}

void HttpHandler::DescribeError(unsigned /*status*/, std::string_view message,
                                HttpResponse* response) const {
  response->set(http::field::content_type, "text/plain");
  response->body() = absl::StrCat(absl::string_view(message.data(), message.size()), "\n");
}

ResponseWriter::ResponseWriter(ResponseWriter&& other) noexcept
    : sink_(std::move(other.sink_)), armed_(std::exchange(other.armed_, false)) {}

ResponseWriter::~ResponseWriter() {
  if (!armed_) return;
  HttpResponse response(http::status::internal_server_error, 11);
  response.set(http::field::content_type, "text/plain");
  response.body() = "handler dropped the request without answering\n";
  std::move (*this)(std::move(response));
}

void ResponseWriter::operator()(HttpResponse response) && {
  if (!armed_) return;
  armed_ = false;
  std::move(sink_)(std::move(response));
}

namespace http_server_internal {

class Connection;

// State shared by the server object, its listener and its connections; outlives the server
// while any of them is still around.
struct Shared {
  Shared(HttpServerOptions server_options, HttpHandler& server_handler, std::size_t loop_count)
      : options(std::move(server_options)), handler(server_handler), per_loop(loop_count) {}

  // Called once per connection when its socket is closed.
  void ConnectionClosed() {
    // Only Stop() waits on the count, so the lock is taken only while stopping.
    if (open.fetch_sub(1) == 1 && stopping.load()) {
      std::lock_guard<std::mutex> lock(mu);
      cv.notify_all();
    }
  }

  const HttpServerOptions options;
  HttpHandler& handler;
  std::atomic<bool> stopping{false};
  // Connections accepted and not yet closed.
  std::atomic<std::size_t> open{0};
  std::mutex mu;
  std::condition_variable cv;
  // Live connections of each loop, so Stop can reach idle ones; each set is only touched on its
  // own loop thread.
  std::vector<std::unordered_set<Connection*>> per_loop;
};

// One accepted connection. Lives on one loop; owned by its pending handlers and by the
// ResponseWriter of the request being handled.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<Shared> shared, tcp::socket socket, std::size_t loop,
             asio::io_context& io)
      : shared_(std::move(shared)), socket_(std::move(socket)), loop_(loop), io_(io), timer_(io) {
    shared_->open.fetch_add(1);
  }

  ~Connection() {
    if (closed_) return;
    // Only when the loops were torn down under us; nothing else runs then.
    if (registered_) shared_->per_loop[loop_].erase(this);
    shared_->ConnectionClosed();
  }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Start() {
    if (shared_->stopping.load()) {
      Close();
      return;
    }
    shared_->per_loop[loop_].insert(this);
    registered_ = true;
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    ReadRequest();
  }

  // The server is stopping: an idle connection goes now, a busy one after its response.
  void OnStop() {
    if (phase_ == Phase::kIdle) Close();
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    phase_ = Phase::kClosed;
    Disarm();
    boost::system::error_code ignored;
    socket_.close(ignored);
    if (registered_) {
      shared_->per_loop[loop_].erase(this);
      registered_ = false;
    }
    shared_->ConnectionClosed();
  }

  // From any thread: hands the response to the loop that owns the connection.
  void PostResponse(HttpResponse response) {
    asio::post(io_, [self = shared_from_this(), response = std::move(response)]() mutable {
      self->OnResponse(std::move(response));
    });
  }

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kClosing, kClosed };

  // The longest a connection lingers after rejecting a request to drain what the client still
  // sends, so that closing with unread data (which resets the connection) does not destroy the
  // rejection before the client read it.
  static constexpr std::chrono::seconds kMaxLinger{2};
  static constexpr std::size_t kMaxLingerBytes = 1024 * 1024;
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

  // One timer serves every phase; the generation makes a late expiry of an earlier phase inert.
  void Arm(std::chrono::nanoseconds timeout) {
    const uint64_t generation = ++timer_generation_;
    timed_out_ = false;
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this(), generation](const boost::system::error_code& ec) {
      if (ec || generation != self->timer_generation_ || self->closed_) return;
      self->timed_out_ = true;
      boost::system::error_code ignored;
      self->socket_.cancel(ignored);
    });
  }

  void Disarm() {
    ++timer_generation_;
    timer_.cancel();
  }

  void ReadRequest() {
    if (shared_->stopping.load()) {
      Close();
      return;
    }
    phase_ = Phase::kIdle;
    // A pipelined request may already be buffered.
    if (buffer_.size() > 0) {
      BeginRequest();
      return;
    }
    Arm(shared_->options.idle_timeout);
    socket_.async_wait(
        tcp::socket::wait_read,
        [self = shared_from_this()](const boost::system::error_code& ec) { self->OnReadable(ec); });
  }

  void OnReadable(const boost::system::error_code& ec) {
    if (closed_) return;
    Disarm();
    // An idle timeout or a closed peer simply ends the connection: there is no request to answer.
    if (ec || shared_->stopping.load()) {
      Close();
      return;
    }
    BeginRequest();
  }

  void BeginRequest() {
    phase_ = Phase::kReading;
    parser_.emplace();
    parser_->header_limit(shared_->options.max_header_bytes);
    parser_->body_limit(shared_->options.max_body_bytes);
    Arm(shared_->options.read_timeout);
    http::async_read_header(socket_, buffer_, *parser_,
                            [self = shared_from_this()](const boost::system::error_code& ec,
                                                        std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(const boost::system::error_code& ec) {
    if (closed_) return;
    if (ec) {
      ReadFailed(ec);
      return;
    }
    if (parser_->is_done()) {
      OnRequest();
      return;
    }
    const HttpRequest& request = parser_->get();
    // Clients such as .NET's wait for this before sending a body.
    if (request.version() >= 11 && beast::iequals(request[http::field::expect], "100-continue")) {
      asio::async_write(
          socket_, asio::buffer(kContinue.data(), kContinue.size()),
          [self = shared_from_this()](const boost::system::error_code& write_ec, std::size_t) {
            if (self->closed_) return;
            if (write_ec) {
              self->ReadFailed(write_ec);
              return;
            }
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                       if (self->closed_) return;
                       if (ec) {
                         self->ReadFailed(ec);
                         return;
                       }
                       self->OnRequest();
                     });
  }

  void OnRequest() {
    Disarm();
    phase_ = Phase::kHandling;
    request_keep_alive_ = parser_->keep_alive();
    head_request_ = parser_->get().method() == http::verb::head;
    HttpRequest request = parser_->release();
    parser_.reset();
    shared_->handler.Handle(std::move(request),
                            ResponseWriter([self = shared_from_this()](HttpResponse response) {
                              self->PostResponse(std::move(response));
                            }));
  }

  void ReadFailed(const boost::system::error_code& ec) {
    if (timed_out_) {
      SendError(http::status::request_timeout, "request not received in time");
    } else if (ec == http::error::body_limit) {
      SendError(http::status::payload_too_large,
                absl::StrCat("request body exceeds ", shared_->options.max_body_bytes, " bytes"));
    } else if (ec == http::error::header_limit) {
      SendError(
          http::status::request_header_fields_too_large,
          absl::StrCat("request header exceeds ", shared_->options.max_header_bytes, " bytes"));
    } else if (ec.category() == http::make_error_code(http::error::bad_version).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
      SendError(http::status::bad_request, absl::StrCat("malformed request: ", ec.message()));
    } else {
      // The client went away (before or in the middle of a request): nobody to answer.
      Close();
    }
  }

  void SendError(http::status status, absl::string_view text) {
    HttpResponse response(status, 11);
    shared_->handler.DescribeError(static_cast<unsigned>(status),
                                   std::string_view(text.data(), text.size()), &response);
    response.keep_alive(false);
    response.prepare_payload();
    // The rest of the rejected request may still be on its way.
    Write(std::move(response), /*keep_alive=*/false, /*linger=*/true);
  }

  void OnResponse(HttpResponse response) {
    if (closed_ || phase_ != Phase::kHandling) return;
    response.version(11);
    const bool keep_alive =
        request_keep_alive_ && response.keep_alive() && !shared_->stopping.load();
    response.keep_alive(keep_alive);
    const unsigned code = response.result_int();
    // These statuses cannot carry a body, and Beast rejects one by throwing.
    if ((code >= 100 && code < 200) || code == 204 || code == 304) response.body().clear();
    response.prepare_payload();
    // HEAD gets the headers GET would get (Content-Length included) and no body.
    if (head_request_) response.body().clear();
    Write(std::move(response), keep_alive, /*linger=*/false);
  }

  void Write(HttpResponse response, bool keep_alive, bool linger) {
    phase_ = Phase::kWriting;
    response_.emplace(std::move(response));
    Arm(shared_->options.write_timeout);
    http::async_write(socket_, *response_,
                      [self = shared_from_this(), keep_alive, linger](
                          const boost::system::error_code& ec, std::size_t) {
                        self->OnWritten(ec, keep_alive, linger);
                      });
  }

  void OnWritten(const boost::system::error_code& ec, bool keep_alive, bool linger) {
    if (closed_) return;
    Disarm();
    response_.reset();
    if (ec) {
      Close();
    } else if (keep_alive) {
      ReadRequest();
    } else if (linger) {
      Linger();
    } else {
      // The request was read completely, so a FIN after the response is all the client needs.
      boost::system::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      Close();
    }
  }

  void Linger() {
    phase_ = Phase::kClosing;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.consume(buffer_.size());
    lingered_bytes_ = 0;
    Arm(std::min<std::chrono::nanoseconds>(kMaxLinger, shared_->options.read_timeout));
    Drain();
  }

  void Drain() {
    socket_.async_read_some(
        buffer_.prepare(16 * 1024),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
          if (self->closed_) return;
          self->lingered_bytes_ += n;
          if (ec || self->lingered_bytes_ > kMaxLingerBytes) {
            self->Close();
            return;
          }
          self->Drain();
        });
  }

  std::shared_ptr<Shared> shared_;
  tcp::socket socket_;
  std::size_t loop_;
  asio::io_context& io_;
  asio::steady_timer timer_;
  uint64_t timer_generation_ = 0;
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<HttpResponse> response_;
  Phase phase_ = Phase::kIdle;
  bool request_keep_alive_ = false;
  bool head_request_ = false;
  std::size_t lingered_bytes_ = 0;
  bool registered_ = false;
  bool closed_ = false;
};

// The acceptor, on one loop.
struct Listener : std::enable_shared_from_this<Listener> {
  Listener(EventLoops& event_loops, asio::io_context& io, std::shared_ptr<Shared> server)
      : loops(event_loops), acceptor(io), retry_timer(io), shared(std::move(server)) {}

  void Accept() {
    if (closed) return;
    const EventLoops::Picked picked = loops.PickWithIndex();
    acceptor.async_accept(picked.context,
                          [self = shared_from_this(), index = picked.index](
                              const boost::system::error_code& ec, tcp::socket socket) {
                            self->OnAccept(ec, std::move(socket), index);
                          });
  }

  void OnAccept(const boost::system::error_code& ec, tcp::socket socket, std::size_t index) {
    if (closed || ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of descriptors or buffers: accepting again at once would spin, so back off briefly.
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
          ec == asio::error::no_memory) {
        retry_timer.expires_after(std::chrono::milliseconds(50));
        retry_timer.async_wait([self = shared_from_this()](const boost::system::error_code& e) {
          if (!e) self->Accept();
        });
        return;
      }
      Accept();
      return;
    }
    asio::io_context& io = loops.loop(index);
    auto connection = std::make_shared<Connection>(shared, std::move(socket), index, io);
    asio::post(io, [connection = std::move(connection)] { connection->Start(); });
    Accept();
  }

  void Close() {
    closed = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    retry_timer.cancel();
  }

  EventLoops& loops;
  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;
  std::shared_ptr<Shared> shared;
  bool closed = false;
};

}  // namespace http_server_internal

using http_server_internal::Connection;
using http_server_internal::Listener;
using http_server_internal::Shared;

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Create(EventLoops& loops,
                                                               HttpHandler& handler,
                                                               HttpServerOptions options) {
  const std::string where = absl::StrCat("listen on ", options.host, ":", options.port);
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  const asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    // A host name; resolving blocks, which is fine at startup.
    tcp::resolver resolver(loops.loop(0));
    const tcp::resolver::results_type results =
        resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || results.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": cannot resolve host: ", ec ? ec.message() : "no addresses"));
    }
    endpoint = results.begin()->endpoint();
  }

  auto shared = std::make_shared<Shared>(std::move(options), handler, loops.size());
  auto listener = std::make_shared<Listener>(loops, loops.Pick(), shared);
  tcp::acceptor& acceptor = listener->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return absl::UnavailableError(absl::StrCat(where, ": ", ec.message()));
  }
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) {
    return absl::UnavailableError(absl::StrCat(where, ": ", ec.message()));
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return absl::UnavailableError(absl::StrCat(where, ": ", ec.message()));
  }
  const tcp::endpoint bound = acceptor.local_endpoint(ec);
  if (ec) return absl::UnavailableError(absl::StrCat(where, ": ", ec.message()));

  asio::post(acceptor.get_executor(), [listener] { listener->Accept(); });
  return std::unique_ptr<HttpServer>(
      new HttpServer(loops, std::move(shared), std::move(listener), bound.port()));
}

HttpServer::HttpServer(EventLoops& loops, std::shared_ptr<Shared> shared,
                       std::shared_ptr<Listener> listener, uint16_t port)
    : loops_(loops), shared_(std::move(shared)), listener_(std::move(listener)), port_(port) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  shared_->stopping.store(true);
  asio::post(listener_->acceptor.get_executor(), [listener = listener_] { listener->Close(); });
  auto for_each_connection = [this](auto action) {
    for (std::size_t i = 0; i < loops_.size(); ++i) {
      asio::post(loops_.loop(i), [shared = shared_, i, action] {
        // Closing removes a connection from the set, so walk a copy.
        std::vector<std::shared_ptr<Connection>> connections;
        for (Connection* c : shared->per_loop[i]) connections.push_back(c->shared_from_this());
        for (const auto& c : connections) action(*c);
      });
    }
  };
  for_each_connection([](Connection& c) { c.OnStop(); });

  // Waiting needs the loops to make progress, which they cannot if stopped or if we are one.
  if (!loops_.running() || loops_.CurrentIndex().has_value()) return;
  std::unique_lock<std::mutex> lock(shared_->mu);
  auto all_closed = [this] { return shared_->open.load() == 0; };
  if (shared_->cv.wait_for(lock, shared_->options.stop_grace, all_closed)) return;
  lock.unlock();
  for_each_connection([](Connection& c) { c.Close(); });
  lock.lock();
  // Closing cancels every pending operation, so this is quick; the bound is a safety net.
  shared_->cv.wait_for(lock, std::chrono::seconds(1), all_closed);
}

}  // namespace dragoman
