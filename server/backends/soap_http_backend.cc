#include "server/backends/soap_http_backend.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "dragoman/errors.pb.h"
#include "translators/runtime/status_util.h"

namespace dragoman {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::nanoseconds;

namespace soap_http_internal {

// One configured endpoint, pre-digested so a call does no URL work.
struct Endpoint {
  // The URL as configured, for error messages.
  std::string url;
  // Host for the resolver: decoded, IPv6 without brackets.
  std::string host;
  // Set when the host is an IP literal, which skips the resolver.
  std::optional<asio::ip::address> address;
  uint16_t port = 80;
  // Host header value: host as written plus an explicit port.
  std::string host_header;
  // Request target: path and query, at least "/".
  std::string target;
  // https: the connection is TLS.
  bool tls = false;
};

struct Settings {
  std::string name;
  std::vector<Endpoint> endpoints;
  nanoseconds connect_timeout;
  nanoseconds write_timeout;
  nanoseconds read_timeout;
  nanoseconds idle_timeout;
  uint64_t max_reply_bytes = 0;
  uint32_t max_idle_connections = 0;
  uint32_t max_connections = 0;
  // For https endpoints: the TLS client context (CAs, client certificate), and the name to
  // verify and send as SNI instead of each URL's host.
  std::shared_ptr<asio::ssl::context> tls;
  std::string tls_server_name;
};

class Connection;

// Pool state of one endpoint on one loop.
struct EndpointPool {
  // Idle keep-alive connections, least recently used first.
  std::deque<std::shared_ptr<Connection>> idle;
  // Connections that exist: connecting, busy or idle.
  uint32_t open = 0;
};

// Everything one loop knows about the backend. Only its loop thread touches it.
class LoopPool : public std::enable_shared_from_this<LoopPool> {
 public:
  LoopPool(asio::io_context& io, std::shared_ptr<const Settings> settings, std::size_t index)
      : io_(io),
        settings_(std::move(settings)),
        endpoints_(settings_->endpoints.size()),
        // Loops start at different endpoints so low traffic still spreads over all of them.
        next_endpoint_(index % settings_->endpoints.size()),
        sweep_timer_(io) {}

  ~LoopPool() {
    // Idle connections decrement `open` on destruction, so they go before endpoints_ does.
    for (EndpointPool& endpoint : endpoints_) endpoint.idle.clear();
  }

  asio::io_context& io() { return io_; }
  const Settings& settings() const { return *settings_; }
  EndpointPool& endpoint(std::size_t index) { return endpoints_[index]; }
  std::size_t NextEndpoint() { return next_endpoint_++ % endpoints_.size(); }

  // The most recently used healthy idle connection of `endpoint`, or null. Expired connections
  // and connections the peer has closed are dropped on the way.
  std::shared_ptr<Connection> TakeIdle(std::size_t endpoint);
  // Parks a connection that just finished a call with keep-alive.
  void Release(std::shared_ptr<Connection> connection);
  // The backend is gone: drop idle connections and stop pooling.
  void Close();

 private:
  void ArmSweep();
  void Sweep();

  asio::io_context& io_;
  std::shared_ptr<const Settings> settings_;
  std::vector<EndpointPool> endpoints_;
  std::size_t next_endpoint_;
  asio::steady_timer sweep_timer_;
  bool sweep_armed_ = false;
  bool closed_ = false;
};

// One TCP connection to one endpoint; counts itself in its endpoint's `open`.
class Connection {
 public:
  Connection(LoopPool* pool, std::size_t endpoint, asio::ssl::context* tls_context)
      : endpoint_(endpoint), pool_(pool) {
    if (tls_context != nullptr) {
      tls.emplace(pool->io(), *tls_context);
    } else {
      plain.emplace(pool->io());
    }
    ++pool_->endpoint(endpoint_).open;
  }
  ~Connection() { --pool_->endpoint(endpoint_).open; }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::size_t endpoint_index() const { return endpoint_; }

  // True when the peer has closed or reset the connection, or sent bytes nobody asked for.
  // A non-blocking peek: costs one syscall and never consumes data.
  bool Unusable() {
    char byte;
    boost::system::error_code ec;
    // Over TLS, bytes the TLS layer already took off the socket count too.
    if (tls.has_value() && SSL_pending(tls->native_handle()) > 0) return true;
    tcp().socket().receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
    return ec != asio::error::would_block;
  }

  // The TCP layer (under TLS when there is TLS): timeouts, connect, the socket.
  beast::tcp_stream& tcp() { return tls.has_value() ? tls->next_layer() : *plain; }
  // Runs `use` with the stream HTTP is read and written on.
  template <typename Use>
  void WithStream(Use&& use) {
    if (tls.has_value()) {
      use(*tls);
    } else {
      use(*plain);
    }
  }

  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  // Reply bytes read from the socket but not yet parsed.
  beast::flat_buffer buffer;
  Clock::time_point idle_since;
  // Has completed a call before, so the peer may have dropped it while it sat idle.
  bool reused = false;

 private:
  std::size_t endpoint_;
  LoopPool* pool_;
};

std::shared_ptr<Connection> LoopPool::TakeIdle(std::size_t endpoint) {
  auto& idle = endpoints_[endpoint].idle;
  const Clock::time_point now = Clock::now();
  while (!idle.empty()) {
    std::shared_ptr<Connection> connection = std::move(idle.back());
    idle.pop_back();
    if (now - connection->idle_since >= settings_->idle_timeout) continue;
    if (connection->Unusable()) continue;
    return connection;
  }
  return nullptr;
}

void LoopPool::Release(std::shared_ptr<Connection> connection) {
  if (closed_) return;
  auto& idle = endpoints_[connection->endpoint_index()].idle;
  if (idle.size() >= settings_->max_idle_connections) {
    if (idle.empty()) return;
    idle.pop_front();
  }
  connection->tcp().expires_never();
  connection->idle_since = Clock::now();
  connection->reused = true;
  idle.push_back(std::move(connection));
  ArmSweep();
}

void LoopPool::Close() {
  closed_ = true;
  for (EndpointPool& endpoint : endpoints_) endpoint.idle.clear();
  sweep_timer_.cancel();
}

void LoopPool::ArmSweep() {
  if (sweep_armed_ || closed_) return;
  std::optional<Clock::time_point> oldest;
  for (const EndpointPool& endpoint : endpoints_) {
    if (endpoint.idle.empty()) continue;
    const Clock::time_point since = endpoint.idle.front()->idle_since;
    if (!oldest || since < *oldest) oldest = since;
  }
  if (!oldest) return;
  sweep_armed_ = true;
  sweep_timer_.expires_at(*oldest + settings_->idle_timeout);
  sweep_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    std::shared_ptr<LoopPool> self = weak.lock();
    if (!self) return;
    self->sweep_armed_ = false;
    if (ec) return;
    self->Sweep();
  });
}

void LoopPool::Sweep() {
  // Closing expired connections promptly releases file descriptors and the server's slots even
  // when no call comes along to notice them.
  const Clock::time_point now = Clock::now();
  for (EndpointPool& endpoint : endpoints_) {
    while (!endpoint.idle.empty() &&
           now - endpoint.idle.front()->idle_since >= settings_->idle_timeout) {
      endpoint.idle.pop_front();
    }
  }
  ArmSweep();
}

}  // namespace soap_http_internal

namespace {

using soap_http_internal::Connection;
using soap_http_internal::Endpoint;
using soap_http_internal::LoopPool;
using soap_http_internal::Settings;

constexpr nanoseconds kDefaultConnectTimeout = std::chrono::seconds(2);
constexpr nanoseconds kDefaultWriteTimeout = std::chrono::seconds(10);
constexpr nanoseconds kDefaultReadTimeout = std::chrono::seconds(30);
constexpr nanoseconds kDefaultIdleTimeout = std::chrono::seconds(60);
constexpr uint64_t kDefaultMaxReplyBytes = 8 * 1024 * 1024;
constexpr uint32_t kDefaultMaxIdleConnections = 16;
constexpr uint32_t kDefaultMaxConnections = 64;
constexpr int64_t kMaxTimeoutSeconds = 24 * 60 * 60;
// Legitimate SOAP reply headers are a few hundred bytes; this only stops a runaway peer.
constexpr uint32_t kMaxReplyHeaderBytes = 64 * 1024;
// Interim (1xx) responses tolerated before the final one.
constexpr int kMaxInterimResponses = 8;
constexpr std::string_view kDefaultContentType = "text/xml; charset=utf-8";
constexpr std::string_view kUserAgent = "dragoman/0.1";

std::string FormatDuration(nanoseconds d) { return absl::FormatDuration(absl::FromChrono(d)); }

absl::StatusOr<nanoseconds> DurationOrDefault(const std::string& name, absl::string_view field,
                                              bool present, const google::protobuf::Duration& value,
                                              nanoseconds fallback) {
  if (!present) return fallback;
  if (value.seconds() < 0 || value.nanos() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("backend ", name, ": ", field, " must not be negative"));
  }
  // Deadlines are computed as now + timeout in nanoseconds, which must not overflow.
  if (value.seconds() > kMaxTimeoutSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("backend ", name, ": ", field, " must be at most ", kMaxTimeoutSeconds, "s"));
  }
  const nanoseconds d = std::chrono::seconds(value.seconds()) + nanoseconds(value.nanos());
  return d == nanoseconds::zero() ? fallback : d;
}

absl::StatusOr<Endpoint> ParseEndpoint(const std::string& name, std::size_t index,
                                       const std::string& text) {
  const std::string where = absl::StrCat("backend ", name, " endpoint ", index + 1);
  boost::system::result<boost::urls::url_view> parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, " \"", text, "\": not a valid absolute URL: ", parsed.error().message()));
  }
  const boost::urls::url_view& url = *parsed;
  // Credentials must not leak into messages, so the URL is not quoted from here on.
  if (url.has_userinfo()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": user info in endpoint URLs is not supported"));
  }
  if (url.scheme_id() != boost::urls::scheme::http &&
      url.scheme_id() != boost::urls::scheme::https) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, " \"", text, "\": scheme must be http or https"));
  }
  Endpoint endpoint;
  endpoint.url = text;
  endpoint.tls = url.scheme_id() == boost::urls::scheme::https;
  if (endpoint.tls) endpoint.port = 443;
  switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
      endpoint.address = asio::ip::make_address_v4(url.host_ipv4_address().to_bytes());
      break;
    case boost::urls::host_type::ipv6:
      endpoint.address = asio::ip::make_address_v6(url.host_ipv6_address().to_bytes());
      break;
    case boost::urls::host_type::name:
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(where, " \"", text, "\": unsupported host"));
  }
  endpoint.host = url.host_address();
  if (endpoint.host.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(where, " \"", text, "\": no host"));
  }
  endpoint.host_header = std::string(url.encoded_host());
  if (url.has_port() && !url.port().empty()) {
    // port_number() wraps values above 65535 instead of rejecting them.
    uint32_t port = 0;
    const auto digits = url.port();
    if (!absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &port) || port == 0 ||
        port > 65535) {
      return absl::InvalidArgumentError(absl::StrCat(where, " \"", text, "\": invalid port"));
    }
    endpoint.port = static_cast<uint16_t>(port);
    absl::StrAppend(&endpoint.host_header, ":", endpoint.port);
  }
  endpoint.target = std::string(url.encoded_target());
  if (endpoint.target.empty() || endpoint.target.front() != '/') {
    endpoint.target.insert(0, "/");
  }
  return endpoint;
}

// The TLS client context of a backend: its CAs (the system's by default), an optional client
// certificate, and TLS 1.2 at least. Files are read here, at startup, not per connection.
absl::StatusOr<std::shared_ptr<asio::ssl::context>> TlsContext(
    const std::string& name, const dragoman::config::TlsClient& config) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  boost::system::error_code ec;
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1,
                       ec);
  if (config.ca_file().empty()) {
    context->set_default_verify_paths(ec);
  } else {
    context->load_verify_file(config.ca_file(), ec);
  }
  if (ec) {
    return absl::InvalidArgumentError(absl::StrCat(
        "backend ", name, ": tls.ca_file ",
        config.ca_file().empty() ? "(system CAs)" : config.ca_file(), ": ", ec.message()));
  }
  if (config.cert_file().empty() != config.key_file().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("backend ", name, ": tls: give both cert_file and key_file, or neither"));
  }
  if (!config.cert_file().empty()) {
    context->use_certificate_chain_file(config.cert_file(), ec);
    if (!ec) context->use_private_key_file(config.key_file(), asio::ssl::context::pem, ec);
    if (ec) {
      return absl::InvalidArgumentError(absl::StrCat("backend ", name, ": tls client certificate ",
                                                     config.cert_file(), ": ", ec.message()));
    }
  }
  return context;
}

absl::StatusOr<std::shared_ptr<const Settings>> ParseSettings(
    std::string name, const dragoman::config::SoapBackend& config) {
  auto settings = std::make_shared<Settings>();
  settings->name = std::move(name);
  const std::string& n = settings->name;
  if (config.endpoints().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("backend ", n, ": no endpoints"));
  }
  for (int i = 0; i < config.endpoints_size(); ++i) {
    absl::StatusOr<Endpoint> endpoint = ParseEndpoint(n, i, config.endpoints(i));
    if (!endpoint.ok()) return endpoint.status();
    settings->endpoints.push_back(*std::move(endpoint));
  }
  struct DurationField {
    absl::string_view field;
    bool present;
    const google::protobuf::Duration& value;
    nanoseconds fallback;
    nanoseconds* out;
  };
  const DurationField durations[] = {
      {"connect_timeout", config.has_connect_timeout(), config.connect_timeout(),
       kDefaultConnectTimeout, &settings->connect_timeout},
      {"write_timeout", config.has_write_timeout(), config.write_timeout(), kDefaultWriteTimeout,
       &settings->write_timeout},
      {"read_timeout", config.has_read_timeout(), config.read_timeout(), kDefaultReadTimeout,
       &settings->read_timeout},
      {"idle_timeout", config.has_idle_timeout(), config.idle_timeout(), kDefaultIdleTimeout,
       &settings->idle_timeout},
  };
  for (const DurationField& d : durations) {
    absl::StatusOr<nanoseconds> value =
        DurationOrDefault(n, d.field, d.present, d.value, d.fallback);
    if (!value.ok()) return value.status();
    *d.out = *value;
  }
  settings->max_reply_bytes =
      config.max_reply_bytes() != 0 ? config.max_reply_bytes() : kDefaultMaxReplyBytes;
  settings->max_connections =
      config.max_connections() != 0 ? config.max_connections() : kDefaultMaxConnections;
  settings->max_idle_connections = config.max_idle_connections() != 0
                                       ? config.max_idle_connections()
                                       : kDefaultMaxIdleConnections;
  // More idle than open connections can never happen; clamping keeps the pool arithmetic simple.
  settings->max_idle_connections =
      std::min(settings->max_idle_connections, settings->max_connections);
  const bool any_tls = std::any_of(settings->endpoints.begin(), settings->endpoints.end(),
                                   [](const Endpoint& e) { return e.tls; });
  if (any_tls) {
    absl::StatusOr<std::shared_ptr<asio::ssl::context>> tls = TlsContext(n, config.tls());
    if (!tls.ok()) return tls.status();
    settings->tls = *std::move(tls);
    settings->tls_server_name = config.tls().server_name();
  }
  return std::shared_ptr<const Settings>(std::move(settings));
}

// A header value must not smuggle in another header or end the header block.
bool IsSafeHeaderValue(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t') || u == 0x7f;
  });
}

std::string QuotedSoapAction(absl::string_view action) {
  // SOAP 1.1 requires a quoted string; a translator that already quoted it is left alone.
  if (action.size() >= 2 && action.front() == '"' && action.back() == '"') {
    return std::string(action);
  }
  return absl::StrCat("\"", action, "\"");
}

bool IsHttpParseError(const boost::system::error_code& ec) {
  return ec.category() == beast::http::make_error_code(http::error::bad_version).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// The time an I/O phase may take: its own timeout or the call's deadline, whichever is sooner.
struct Limit {
  Clock::time_point expiry;
  // The call's deadline, not the phase timeout, is what would expire.
  bool by_deadline = false;
};

// One call from Start to the callback. Owned by the handlers of its pending operations.
class Call : public std::enable_shared_from_this<Call> {
 public:
  Call(std::shared_ptr<LoopPool> pool, BackendRequest request, CallContext context,
       ReplyCallback done)
      : pool_(std::move(pool)),
        request_(std::move(request)),
        context_(std::move(context)),
        done_(std::move(done)) {}

  ~Call() {
    // Only reached unfinished when the loops were torn down with the call queued or pending;
    // the caller must still hear about it, and whether bytes may have left.
    if (!finished_) {
      Finish(Failure(may_have_sent_ ? absl::StatusCode::kUnknown : absl::StatusCode::kUnavailable,
                     "shut down before the call completed", may_have_sent_));
    }
  }

  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  void Start() {
    if (Clock::now() >= context_.deadline) {
      Finish(Failure(absl::StatusCode::kDeadlineExceeded,
                     "deadline passed before the request was sent", false));
      return;
    }
    if (!IsSafeHeaderValue(request_.soap_action.value_or("")) ||
        !IsSafeHeaderValue(request_.content_type) || !IsSafeHeaderValue(context_.request_id)) {
      Finish(Failure(absl::StatusCode::kInvalidArgument,
                     "SOAPAction, Content-Type or request id contains a control character", false));
      return;
    }
    for (const auto& [name, value] : context_.headers) {
      if (!IsSafeHeaderValue(value)) {
        Finish(Failure(absl::StatusCode::kInvalidArgument,
                       absl::StrCat("forwarded header ", name, " contains a control character"),
                       false));
        return;
      }
    }
    if (context_.cancellation != nullptr &&
        !context_.cancellation->OnCancel([weak = weak_from_this(), io = &pool_->io()]() mutable {
          asio::post(*io, [weak = std::move(weak)] {
            if (std::shared_ptr<Call> self = weak.lock()) self->Cancelled();
          });
        })) {
      Finish(Failure(absl::StatusCode::kCancelled, "the caller cancelled the call", false));
      return;
    }
    Acquire();
  }

  // The caller is gone: end the call now and close its connection, which may carry a request
  // whose reply nobody would read. Pending operations then complete with errors and clean up.
  void Cancelled() {
    if (finished_) return;
    Finish(Failure(absl::StatusCode::kCancelled, "the caller cancelled the call", may_have_sent_));
    if (connection_ != nullptr) {
      boost::system::error_code ignored;
      connection_->tcp().socket().close(ignored);
    }
    // A lookup under way cannot be stopped; its handler must not go on to connect.
    resolving_ = false;
    if (resolver_.has_value()) resolver_->cancel();
    if (resolve_timer_.has_value()) resolve_timer_->cancel();
  }

 private:
  const Settings& settings() const { return pool_->settings(); }
  const Endpoint& endpoint() const { return settings().endpoints[endpoint_]; }

  Limit LimitFor(nanoseconds timeout) const {
    const Clock::time_point by_timeout = Clock::now() + timeout;
    if (context_.deadline <= by_timeout) return Limit{context_.deadline, true};
    return Limit{by_timeout, false};
  }

  // Picks an endpoint round robin and takes an idle connection or opens one, moving on to the
  // next endpoint when one is saturated.
  void Acquire() {
    const std::size_t count = settings().endpoints.size();
    const std::size_t first = pool_->NextEndpoint();
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t index = (first + k) % count;
      if (std::shared_ptr<Connection> idle = pool_->TakeIdle(index)) {
        endpoint_ = index;
        connection_ = std::move(idle);
        Write();
        return;
      }
      if (pool_->endpoint(index).open < settings().max_connections) {
        endpoint_ = index;
        Connect();
        return;
      }
    }
    Finish(Failure(absl::StatusCode::kResourceExhausted,
                   absl::StrCat("all ", settings().max_connections, " connections busy"), false));
  }

  void Connect() {
    if (finished_) return;
    connection_ = std::make_shared<Connection>(pool_.get(), endpoint_,
                                               endpoint().tls ? settings().tls.get() : nullptr);
    connect_limit_ = LimitFor(settings().connect_timeout);
    if (endpoint().address) {
      connection_->tcp().expires_at(connect_limit_.expiry);
      connection_->tcp().async_connect(
          tcp::endpoint(*endpoint().address, endpoint().port),
          [self = shared_from_this()](const boost::system::error_code& ec) {
            self->OnConnected(ec);
          });
      return;
    }
    // getaddrinfo cannot be interrupted, so the connect limit is enforced by a timer racing it.
    resolver_.emplace(pool_->io());
    resolve_timer_.emplace(pool_->io());
    resolving_ = true;
    resolve_timer_->expires_at(connect_limit_.expiry);
    resolve_timer_->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || !self->resolving_) return;
      self->resolving_ = false;
      self->resolver_->cancel();
      self->ConnectFailed(beast::error::timeout);
    });
    resolver_->async_resolve(endpoint().host, std::to_string(endpoint().port),
                             [self = shared_from_this()](const boost::system::error_code& ec,
                                                         tcp::resolver::results_type results) {
                               if (!self->resolving_) return;
                               self->resolving_ = false;
                               self->resolve_timer_->cancel();
                               if (ec) {
                                 self->ConnectFailed(ec);
                                 return;
                               }
                               self->connection_->tcp().expires_at(self->connect_limit_.expiry);
                               self->connection_->tcp().async_connect(
                                   results,
                                   [self](const boost::system::error_code& connect_ec,
                                          const tcp::endpoint&) { self->OnConnected(connect_ec); });
                             });
  }

  void OnConnected(const boost::system::error_code& ec) {
    if (ec) {
      ConnectFailed(ec);
      return;
    }
    boost::system::error_code ignored;
    // A request is one write; waiting for more data to coalesce only adds latency.
    connection_->tcp().socket().set_option(tcp::no_delay(true), ignored);
    // Lets Unusable() peek without blocking; asynchronous operations are unaffected.
    connection_->tcp().socket().non_blocking(true, ignored);
    if (connection_->tls.has_value()) {
      Handshake();
      return;
    }
    Write();
  }

  // TLS: the server's certificate must chain to a trusted CA and name the host; the handshake
  // shares the connect limit. Nothing of the request has left yet, whatever fails here.
  void Handshake() {
    const std::string& name =
        settings().tls_server_name.empty() ? endpoint().host : settings().tls_server_name;
    auto& tls = *connection_->tls;
    if (!endpoint().address.has_value() || !settings().tls_server_name.empty()) {
      // SNI takes host names only, never IP literals.
      SSL_set_tlsext_host_name(tls.native_handle(), name.c_str());
    }
    tls.set_verify_mode(asio::ssl::verify_peer);
    tls.set_verify_callback(asio::ssl::host_name_verification(name));
    connection_->tcp().expires_at(connect_limit_.expiry);
    tls.async_handshake(asio::ssl::stream_base::client,
                        [self = shared_from_this()](const boost::system::error_code& ec) {
                          if (ec) {
                            self->HandshakeFailed(ec);
                            return;
                          }
                          self->Write();
                        });
  }

  void HandshakeFailed(const boost::system::error_code& ec) {
    if (ec == beast::error::timeout) {
      ConnectFailed(ec);
      return;
    }
    connection_.reset();
    Finish(Failure(absl::StatusCode::kUnavailable,
                   absl::StrCat("TLS handshake failed: ", ec.message()), false));
  }

  void ConnectFailed(const boost::system::error_code& ec) {
    connection_.reset();
    if (ec == beast::error::timeout) {
      if (connect_limit_.by_deadline) {
        Finish(Failure(absl::StatusCode::kDeadlineExceeded, "deadline expired while connecting",
                       false));
      } else {
        Finish(Failure(absl::StatusCode::kUnavailable,
                       absl::StrCat("connect failed: timed out after ",
                                    FormatDuration(settings().connect_timeout)),
                       false));
      }
      return;
    }
    Finish(Failure(absl::StatusCode::kUnavailable, absl::StrCat("connect failed: ", ec.message()),
                   false));
  }

  void Write() {
    // Cancelled while connecting (or resolving, which cannot be interrupted): the caller was
    // told nothing left, so nothing may.
    if (finished_) {
      connection_.reset();
      return;
    }
    if (!request_built_) BuildRequest();
    write_limit_ = LimitFor(settings().write_timeout);
    connection_->tcp().expires_at(write_limit_.expiry);
    // From here until the write reports zero bytes, the server may be processing the request.
    may_have_sent_ = true;
    connection_->WithStream([this](auto& stream) {
      http::async_write(
          stream, http_request_,
          [self = shared_from_this()](const boost::system::error_code& ec, std::size_t written) {
            self->OnWritten(ec, written);
          });
    });
  }

  void BuildRequest() {
    request_built_ = true;
    http_request_.method(http::verb::post);
    http_request_.target(endpoint().target);
    http_request_.version(11);
    http_request_.set(http::field::host, endpoint().host_header);
    http_request_.set(http::field::user_agent, kUserAgent);
    http_request_.set(http::field::content_type, request_.content_type.empty()
                                                     ? kDefaultContentType
                                                     : std::string_view(request_.content_type));
    if (request_.soap_action.has_value()) {
      http_request_.set("SOAPAction", QuotedSoapAction(*request_.soap_action));
    }
    if (!context_.request_id.empty()) http_request_.set("X-Request-Id", context_.request_id);
    for (const auto& [name, value] : context_.headers) http_request_.insert(name, value);
    http_request_.keep_alive(true);
    http_request_.body() = std::move(request_.payload);
    http_request_.prepare_payload();
  }

  void OnWritten(const boost::system::error_code& ec, std::size_t written) {
    if (!ec) {
      Read();
      return;
    }
    if (written == 0) {
      // Nothing reached the kernel, so the server cannot have seen this request.
      may_have_sent_ = false;
      const bool stale = connection_->reused;
      connection_.reset();
      if (stale && !retried_) {
        // A pooled connection the peer dropped while it sat idle: retry once, on a new one
        // (dropping the stale connection freed the slot it takes).
        retried_ = true;
        if (Clock::now() >= context_.deadline) {
          Finish(Failure(absl::StatusCode::kDeadlineExceeded,
                         "deadline passed before the request was sent", false));
          return;
        }
        Connect();
        return;
      }
      Finish(Failure(absl::StatusCode::kUnavailable,
                     absl::StrCat("write failed before any byte was sent: ", ec.message()), false));
      return;
    }
    connection_.reset();
    if (ec == beast::error::timeout) {
      if (write_limit_.by_deadline) {
        Finish(Failure(absl::StatusCode::kDeadlineExceeded,
                       "deadline expired while writing the request", true));
      } else {
        Finish(
            Failure(absl::StatusCode::kUnknown,
                    absl::StrCat("write timed out after ", FormatDuration(settings().write_timeout),
                                 " with ", written, " bytes sent"),
                    true));
      }
      return;
    }
    Finish(Failure(absl::StatusCode::kUnknown,
                   absl::StrCat("write failed after ", written, " bytes: ", ec.message()), true));
  }

  void Read() {
    read_limit_ = LimitFor(settings().read_timeout);
    ReadResponse();
  }

  // Reads one response (interim 1xx ones included) within the limit set by Read().
  void ReadResponse() {
    parser_.emplace();
    parser_->header_limit(kMaxReplyHeaderBytes);
    parser_->body_limit(settings().max_reply_bytes);
    connection_->tcp().expires_at(read_limit_.expiry);
    connection_->WithStream([this](auto& stream) {
      http::async_read(stream, connection_->buffer, *parser_,
                       [self = shared_from_this()](const boost::system::error_code& ec,
                                                   std::size_t) { self->OnRead(ec); });
    });
  }

  void OnRead(const boost::system::error_code& ec) {
    if (ec) {
      connection_.reset();
      Finish(ReadFailure(ec));
      return;
    }
    const int code = static_cast<int>(parser_->get().result_int());
    if (code >= 100 && code < 200 && code != 101) {
      if (++interim_responses_ > kMaxInterimResponses) {
        connection_.reset();
        Finish(Failure(absl::StatusCode::kInternal, "too many interim (1xx) responses", true));
        return;
      }
      ReadResponse();
      return;
    }
    // Leftover bytes would be read as the start of the next call's reply.
    const bool reusable = parser_->keep_alive() && connection_->buffer.size() == 0 && code != 101;
    http::response<http::string_body> response = parser_->release();
    if (reusable) {
      pool_->Release(std::move(connection_));
    } else {
      connection_.reset();
    }
    Finish(MapResponse(std::move(response)));
  }

  absl::Status ReadFailure(const boost::system::error_code& ec) const {
    if (ec == http::error::body_limit) {
      return Failure(absl::StatusCode::kInternal,
                     absl::StrCat("reply exceeds ", settings().max_reply_bytes, " bytes"), true);
    }
    if (ec == http::error::header_limit) {
      return Failure(absl::StatusCode::kInternal,
                     absl::StrCat("reply header exceeds ", kMaxReplyHeaderBytes, " bytes"), true);
    }
    if (ec == beast::error::timeout) {
      if (read_limit_.by_deadline) {
        return Failure(absl::StatusCode::kDeadlineExceeded,
                       "deadline expired before a complete reply", true);
      }
      return Failure(
          absl::StatusCode::kUnknown,
          absl::StrCat("no complete reply within ", FormatDuration(settings().read_timeout)), true);
    }
    if (IsHttpParseError(ec)) {
      return Failure(absl::StatusCode::kInternal,
                     absl::StrCat("malformed HTTP reply: ", ec.message()), true);
    }
    return Failure(absl::StatusCode::kUnknown,
                   absl::StrCat("connection lost before a complete reply: ", ec.message()), true);
  }

  absl::StatusOr<BackendReply> MapResponse(http::response<http::string_body> response) const {
    const int code = static_cast<int>(response.result_int());
    BackendReply reply;
    reply.http_status = code;
    if (context_.reply_headers != nullptr) {
      for (const std::string& name : *context_.reply_headers) {
        auto [first, last] = response.equal_range(name);
        for (; first != last; ++first) reply.headers.emplace_back(name, first->value());
      }
    }
    switch (code) {
      case 200:
      case 500:  // SOAP 1.1 and 1.2 both carry faults with 500; the translator decodes them.
        reply.payload = std::move(response.body());
        return reply;
      case 202:
      case 204:  // A one-way operation's acknowledgement; any body is meaningless.
        return reply;
      case 503:
        // Usually refused before processing, but not provably: an application or proxy may
        // answer 503 after committing. So it is retried only where in-doubt calls may be.
        return Failure(absl::StatusCode::kUnavailable, HttpStatusText(response), true);
      case 502:
      case 504:
        // A gateway in front of the service may have forwarded the request.
        return Failure(absl::StatusCode::kUnknown, HttpStatusText(response), true);
      default:
        return Failure(absl::StatusCode::kInternal, HttpStatusText(response), true);
    }
  }

  static std::string HttpStatusText(const http::response<http::string_body>& response) {
    const auto reason = response.reason();
    return absl::StrCat("answered HTTP ", response.result_int(), " ",
                        absl::string_view(reason.data(), reason.size()));
  }

  absl::Status Failure(absl::StatusCode code, absl::string_view what, bool in_doubt) const {
    std::string message = absl::StrCat("backend ", settings().name);
    if (endpoint_ != kNoEndpoint) {
      absl::StrAppend(&message, " endpoint ", endpoint().url);
    }
    absl::StrAppend(&message, ": ", what);
    absl::Status status(code, message);
    CallInfo info;
    info.set_request_id(context_.request_id);
    info.set_in_doubt(in_doubt);
    info.set_backend(settings().name);
    AttachDetail(status, info);
    return status;
  }

  void Finish(absl::StatusOr<BackendReply> result) {
    if (finished_) return;
    finished_ = true;
    if (context_.cancellation != nullptr) context_.cancellation->Clear();
    // Let go of the callback as it runs (it may hold the layers above alive).
    ReplyCallback done = std::move(done_);
    std::move(done)(std::move(result));
  }

  static constexpr std::size_t kNoEndpoint = static_cast<std::size_t>(-1);

  // Declared first so it outlives connection_, whose destructor updates the pool's counts.
  std::shared_ptr<LoopPool> pool_;
  BackendRequest request_;
  CallContext context_;
  ReplyCallback done_;
  std::size_t endpoint_ = kNoEndpoint;
  std::shared_ptr<Connection> connection_;
  http::request<http::string_body> http_request_;
  bool request_built_ = false;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::optional<tcp::resolver> resolver_;
  std::optional<asio::steady_timer> resolve_timer_;
  bool resolving_ = false;
  Limit connect_limit_;
  Limit write_limit_;
  Limit read_limit_;
  int interim_responses_ = 0;
  bool retried_ = false;
  // Some request bytes may have reached the server.
  bool may_have_sent_ = false;
  bool finished_ = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SoapHttpBackend>> SoapHttpBackend::Create(
    EventLoops& loops, std::string name, const dragoman::config::SoapBackend& config) {
  absl::StatusOr<std::shared_ptr<const Settings>> settings = ParseSettings(std::move(name), config);
  if (!settings.ok()) return settings.status();
  return std::unique_ptr<SoapHttpBackend>(new SoapHttpBackend(loops, *std::move(settings)));
}

SoapHttpBackend::SoapHttpBackend(EventLoops& loops, std::shared_ptr<const Settings> settings)
    : loops_(loops), settings_(std::move(settings)) {
  pools_.reserve(loops_.size());
  for (std::size_t i = 0; i < loops_.size(); ++i) {
    pools_.push_back(std::make_shared<LoopPool>(loops_.loop(i), settings_, i));
  }
}

SoapHttpBackend::~SoapHttpBackend() {
  // Pools belong to their loop threads; hand each back to be closed and released there.
  for (std::shared_ptr<LoopPool>& pool : pools_) {
    asio::io_context& io = pool->io();
    asio::post(io, [pool = std::move(pool)] { pool->Close(); });
  }
}

void SoapHttpBackend::Send(BackendRequest request, CallContext context, ReplyCallback done) {
  const EventLoops::Picked picked = loops_.PickForCaller();
  auto call = std::make_shared<Call>(pools_[picked.index], std::move(request), std::move(context),
                                     std::move(done));
  // Posted even from the loop itself, so `done` never runs inside Send.
  asio::post(picked.context, [call = std::move(call)] { call->Start(); });
}

const std::string& SoapHttpBackend::name() const { return settings_->name; }

}  // namespace dragoman
