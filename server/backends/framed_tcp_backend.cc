#include "server/backends/framed_tcp_backend.h"

#include <google/protobuf/util/time_util.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <deque>
#include <map>

#include "absl/strings/numbers.h"
#include "dragoman/errors.pb.h"
#include "server/backends/framing.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace framed_internal {

struct Endpoint {
  std::string text;  // as configured, for messages
  std::string host;
  std::string port;
};

struct Settings {
  std::string name;
  std::vector<Endpoint> endpoints;
  std::unique_ptr<framing::Framer> framer;
  bool header = false;
  size_t max_record = 0;
  Clock::duration connect_timeout;
  Clock::duration read_timeout;
  Clock::duration idle_timeout;
  uint32_t max_connections = 0;
  uint32_t max_waiting = 0;
};

class Connection;

// One call from Send to its callback.
struct Call {
  Call(asio::io_context& io, BackendRequest request, CallContext context, ReplyCallback done)
      : request(std::move(request)),
        context(std::move(context)),
        done(std::move(done)),
        timer(io) {}

  BackendRequest request;
  CallContext context;
  ReplyCallback done;
  asio::steady_timer timer;
  std::string frame;
  uint64_t id = 0;
  size_t endpoint = 0;
  // Some byte of the request may have left: the outcome is unknown if no reply comes.
  bool sent = false;
  bool finished = false;
  std::weak_ptr<Connection> connection;
};

// Per loop: connections and waiting calls per endpoint. Only its loop thread touches it.
class LoopState : public std::enable_shared_from_this<LoopState> {
 public:
  LoopState(asio::io_context& io, std::shared_ptr<const Settings> settings)
      : io_(io), settings_(std::move(settings)), pools_(settings_->endpoints.size()) {}

  asio::io_context& io() { return io_; }
  const Settings& settings() const { return *settings_; }

  void Start(std::shared_ptr<Call> call);
  // A connection is free (no header) or gone: hand it the next waiting call, or forget it.
  void Released(const std::shared_ptr<Connection>& connection);
  void Forget(const Connection* connection);
  void Close();
  // Finishes a call once, with a CallInfo detail on failures.
  void Finish(const std::shared_ptr<Call>& call, absl::StatusOr<BackendReply> result);
  absl::Status Failure(const Call& call, absl::StatusCode code, std::string_view what) const;
  // Ends a call that will not get its reply (timed out, or its caller cancelled it) and takes
  // it off its connection or out of the wait queue.
  void GiveUp(const std::shared_ptr<Call>& call, absl::StatusCode code, std::string_view why);

 private:
  struct Pool {
    std::vector<std::shared_ptr<Connection>> connections;
    std::deque<std::shared_ptr<Call>> waiting;
  };
  void Assign(const std::shared_ptr<Call>& call);
  void TimedOut(const std::shared_ptr<Call>& call);

  asio::io_context& io_;
  std::shared_ptr<const Settings> settings_;
  std::vector<Pool> pools_;
  size_t next_endpoint_ = 0;
  uint64_t next_id_ = 1;
  bool closed_ = false;
};

// One TCP connection to one endpoint.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<LoopState> state, size_t endpoint)
      : state_(std::move(state)),
        endpoint_(endpoint),
        socket_(state_->io()),
        resolver_(state_->io()),
        connect_timer_(state_->io()),
        idle_timer_(state_->io()) {}

  size_t endpoint() const { return endpoint_; }
  // Calls it carries: queued for writing, written and awaiting replies.
  size_t load() const { return queued_.size() + sent_.size(); }

  void Connect();
  // Takes a call: queues its frame and, with a header, expects its reply by id.
  void Carry(const std::shared_ptr<Call>& call);
  // Gives up on a call that timed out; without a header the connection cannot be trusted
  // after a reply went missing, so it closes.
  void Abandon(const std::shared_ptr<Call>& call);
  // Fails every call and closes; `code` for those whose request may have left.
  void Fail(absl::StatusCode code, std::string_view what);

 private:
  void WriteNext();
  void ReadMore();
  // Starts the idle countdown when the connection carries no call.
  void ArmIdle();
  void OnFrame(std::string_view framed);

  std::shared_ptr<LoopState> state_;
  size_t endpoint_;
  tcp::socket socket_;
  tcp::resolver resolver_;
  asio::steady_timer connect_timer_;
  // Closes the connection when it has carried nothing for idle_timeout.
  asio::steady_timer idle_timer_;
  bool connected_ = false;
  bool writing_ = false;
  bool closed_ = false;
  // Calls not written yet, in order of arrival.
  std::deque<std::shared_ptr<Call>> queued_;
  // Calls whose frame has started to leave, oldest first: a reply may arrive before the write
  // completes. Without a header replies answer the front one; with one, the one of their id.
  std::deque<std::shared_ptr<Call>> sent_;
  std::string buffer_;
};

void LoopState::Start(std::shared_ptr<Call> call) {
  if (closed_) {
    Finish(call, Failure(*call, absl::StatusCode::kUnavailable, "backend is shutting down"));
    return;
  }
  std::string framed;
  if (settings_->header) {
    call->id = next_id_++;
    framing::AppendHeader(call->request.transaction, call->id, &framed);
  }
  framed.append(call->request.payload);
  if (absl::Status status = settings_->framer->Encode(framed, &call->frame); !status.ok()) {
    Finish(call, Failure(*call, absl::StatusCode::kInvalidArgument,
                         StrCat("request cannot be framed: ", status.message())));
    return;
  }
  const Clock::time_point now = Clock::now();
  if (call->context.deadline <= now) {
    Finish(call,
           Failure(*call, absl::StatusCode::kDeadlineExceeded, "deadline passed before sending"));
    return;
  }
  if (call->context.cancellation != nullptr &&
      !call->context.cancellation->OnCancel([weak_state = weak_from_this(),
                                             weak_call = std::weak_ptr<Call>(call)]() mutable {
        std::shared_ptr<LoopState> state = weak_state.lock();
        if (state == nullptr) return;
        asio::post(state->io(), [state, weak_call = std::move(weak_call)] {
          if (std::shared_ptr<Call> cancelled = weak_call.lock()) {
            state->GiveUp(cancelled, absl::StatusCode::kCancelled, "the caller cancelled the call");
          }
        });
      })) {
    Finish(call, Failure(*call, absl::StatusCode::kCancelled, "the caller cancelled the call"));
    return;
  }
  call->timer.expires_at(std::min(call->context.deadline, now + settings_->read_timeout));
  call->timer.async_wait([self = shared_from_this(), call](boost::system::error_code ec) {
    if (!ec) self->TimedOut(call);
  });
  call->endpoint = next_endpoint_++ % pools_.size();
  Assign(call);
}

void LoopState::Assign(const std::shared_ptr<Call>& call) {
  Pool& pool = pools_[call->endpoint];
  std::shared_ptr<Connection> chosen;
  for (const auto& connection : pool.connections) {
    // With a header every call shares the loop's one connection; without, only a free one.
    if (settings_->header || connection->load() == 0) {
      chosen = connection;
      break;
    }
  }
  const uint32_t limit = settings_->header ? 1 : settings_->max_connections;
  if (chosen == nullptr && pool.connections.size() < limit) {
    chosen = std::make_shared<Connection>(shared_from_this(), call->endpoint);
    pool.connections.push_back(chosen);
    chosen->Connect();
  }
  if (chosen == nullptr) {
    if (pool.waiting.size() >= settings_->max_waiting) {
      Finish(call, Failure(*call, absl::StatusCode::kResourceExhausted,
                           "every connection is busy and the wait queue is full"));
      return;
    }
    pool.waiting.push_back(call);
    return;
  }
  chosen->Carry(call);
}

void LoopState::Released(const std::shared_ptr<Connection>& connection) {
  Pool& pool = pools_[connection->endpoint()];
  while (!pool.waiting.empty() && connection->load() == 0) {
    std::shared_ptr<Call> call = std::move(pool.waiting.front());
    pool.waiting.pop_front();
    if (!call->finished) connection->Carry(call);
  }
}

void LoopState::Forget(const Connection* connection) {
  Pool& pool = pools_[connection->endpoint()];
  std::erase_if(pool.connections, [&](const auto& c) { return c.get() == connection; });
  // Calls waiting for a connection get a new one.
  std::deque<std::shared_ptr<Call>> waiting = std::move(pool.waiting);
  pool.waiting.clear();
  for (auto& call : waiting) {
    if (!call->finished) Assign(call);
  }
}

void LoopState::Close() {
  closed_ = true;
  for (Pool& pool : pools_) {
    for (auto& call : pool.waiting) {
      Finish(call, Failure(*call, absl::StatusCode::kUnavailable, "backend is shutting down"));
    }
    pool.waiting.clear();
    std::vector<std::shared_ptr<Connection>> connections = std::move(pool.connections);
    pool.connections.clear();
    for (auto& connection : connections) {
      connection->Fail(absl::StatusCode::kUnknown, "backend is shutting down");
    }
  }
}

void LoopState::TimedOut(const std::shared_ptr<Call>& call) {
  const bool deadline = Clock::now() >= call->context.deadline;
  const absl::StatusCode code = deadline     ? absl::StatusCode::kDeadlineExceeded
                                : call->sent ? absl::StatusCode::kUnknown
                                             : absl::StatusCode::kUnavailable;
  GiveUp(call, code,
         deadline ? "deadline passed before the reply" : "no reply within read_timeout");
}

void LoopState::GiveUp(const std::shared_ptr<Call>& call, absl::StatusCode code,
                       std::string_view why) {
  if (call->finished) return;
  Finish(call, Failure(*call, code, why));
  if (std::shared_ptr<Connection> connection = call->connection.lock()) {
    connection->Abandon(call);
  } else {
    std::erase(pools_[call->endpoint].waiting, call);
  }
}

absl::Status LoopState::Failure(const Call& call, absl::StatusCode code,
                                std::string_view what) const {
  absl::Status status(code, StrCat("backend ", settings_->name, " endpoint ",
                                   settings_->endpoints[call.endpoint].text, ": ", what));
  CallInfo info;
  info.set_request_id(call.context.request_id);
  info.set_in_doubt(call.sent && code != absl::StatusCode::kInternal);
  info.set_backend(settings_->name);
  AttachDetail(status, info);
  return status;
}

void LoopState::Finish(const std::shared_ptr<Call>& call, absl::StatusOr<BackendReply> result) {
  if (call->finished) return;
  call->finished = true;
  call->timer.cancel();
  if (call->context.cancellation != nullptr) call->context.cancellation->Clear();
  // Let go of the callback as it runs: it may hold the layers above alive (their shared
  // state), and this call object can linger in a cancelled timer's handler.
  ReplyCallback done = std::move(call->done);
  std::move(done)(std::move(result));
}

void Connection::Connect() {
  const Endpoint& endpoint = state_->settings().endpoints[endpoint_];
  connect_timer_.expires_after(state_->settings().connect_timeout);
  connect_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && !self->connected_) {
      self->Fail(absl::StatusCode::kUnavailable, "connect timed out");
    }
  });
  resolver_.async_resolve(
      endpoint.host, endpoint.port,
      [self = shared_from_this()](boost::system::error_code ec,
                                  tcp::resolver::results_type results) {
        if (self->closed_) return;
        if (ec) {
          self->Fail(absl::StatusCode::kUnavailable, StrCat("cannot resolve: ", ec.message()));
          return;
        }
        asio::async_connect(self->socket_, results,
                            [self](boost::system::error_code ec2, const tcp::endpoint&) {
                              if (self->closed_) return;
                              self->connect_timer_.cancel();
                              if (ec2) {
                                self->Fail(absl::StatusCode::kUnavailable,
                                           StrCat("connect failed: ", ec2.message()));
                                return;
                              }
                              self->connected_ = true;
                              self->socket_.set_option(tcp::no_delay(true));
                              self->ReadMore();
                              self->WriteNext();
                              self->ArmIdle();
                            });
      });
}

void Connection::ArmIdle() {
  if (closed_ || load() > 0) return;
  idle_timer_.expires_after(state_->settings().idle_timeout);
  idle_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->closed_ || self->load() > 0) return;
    self->Fail(absl::StatusCode::kUnavailable, "closed after idle_timeout");  // carries nothing
  });
}

void Connection::Carry(const std::shared_ptr<Call>& call) {
  idle_timer_.cancel();
  call->connection = weak_from_this();
  queued_.push_back(call);
  if (connected_) WriteNext();
}

void Connection::Abandon(const std::shared_ptr<Call>& call) {
  if (!state_->settings().header) {
    Fail(absl::StatusCode::kUnknown, "connection closed after a reply went missing");
    return;
  }
  // Still queued: dropped before it is sent. Sent: its late reply will find no call.
  std::erase(queued_, call);
  std::erase(sent_, call);
}

void Connection::Fail(absl::StatusCode code, std::string_view what) {
  if (closed_) return;
  closed_ = true;
  connect_timer_.cancel();
  idle_timer_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  std::deque<std::shared_ptr<Call>> calls = std::move(sent_);
  calls.insert(calls.end(), queued_.begin(), queued_.end());
  sent_.clear();
  queued_.clear();
  for (auto& call : calls) {
    const absl::StatusCode call_code = call->sent ? code : absl::StatusCode::kUnavailable;
    state_->Finish(call, state_->Failure(*call, call_code, what));
  }
  state_->Forget(this);
}

void Connection::WriteNext() {
  if (writing_ || closed_) return;
  // A call that timed out while queued is skipped.
  while (!queued_.empty() && queued_.front()->finished) queued_.pop_front();
  if (queued_.empty()) return;
  std::shared_ptr<Call> call = std::move(queued_.front());
  queued_.pop_front();
  writing_ = true;
  call->sent = true;  // from here on some byte may have left
  sent_.push_back(call);
  asio::async_write(socket_, asio::buffer(call->frame),
                    [self = shared_from_this(), call](boost::system::error_code ec, size_t) {
                      self->writing_ = false;
                      if (self->closed_) return;
                      if (ec) {
                        self->Fail(absl::StatusCode::kUnknown,
                                   StrCat("write failed: ", ec.message()));
                        return;
                      }
                      self->WriteNext();
                    });
}

void Connection::ReadMore() {
  constexpr size_t kChunk = 16384;
  const size_t used = buffer_.size();
  buffer_.resize(used + kChunk);
  socket_.async_read_some(
      asio::buffer(buffer_.data() + used, kChunk),
      [self = shared_from_this(), used](boost::system::error_code ec, size_t n) {
        self->buffer_.resize(used + n);
        if (self->closed_) return;
        if (ec) {
          self->Fail(absl::StatusCode::kUnknown, ec == asio::error::eof
                                                     ? "connection closed before the reply"
                                                     : StrCat("read failed: ", ec.message()));
          return;
        }
        size_t consumed = 0;
        for (;;) {
          const framing::Frame frame = self->state_->settings().framer->Decode(
              std::string_view(self->buffer_).substr(consumed));
          if (frame.state == framing::Decoded::kNeedMore) break;
          if (frame.state == framing::Decoded::kError) {
            // Without a header the bad reply is the one call's; with one it belongs to no
            // call in particular, so every call on the connection is left in doubt.
            self->Fail(self->state_->settings().header ? absl::StatusCode::kUnknown
                                                       : absl::StatusCode::kInternal,
                       StrCat("bad frame: ", frame.error));
            return;
          }
          self->OnFrame(frame.record);
          if (self->closed_) return;
          consumed += frame.consumed;
        }
        self->buffer_.erase(0, consumed);
        self->ReadMore();
      });
}

void Connection::OnFrame(std::string_view framed) {
  const Settings& settings = state_->settings();
  std::shared_ptr<Call> call;
  std::string_view record = framed;
  if (settings.header) {
    std::string_view transaction;
    uint64_t id = 0;
    if (!framing::SplitHeader(framed, &transaction, &id, &record)) {
      Fail(absl::StatusCode::kUnknown, "frame shorter than its header");
      return;
    }
    for (auto it = sent_.begin(); it != sent_.end(); ++it) {
      if ((*it)->id == id) {
        call = *it;
        sent_.erase(it);
        break;
      }
    }
    // A late reply to a call that timed out, or one this connection never sent.
    if (call == nullptr) return;
  } else {
    if (sent_.empty()) {
      Fail(absl::StatusCode::kInternal, "a reply nobody asked for");
      return;
    }
    call = std::move(sent_.front());
    sent_.pop_front();
  }
  BackendReply reply;
  reply.payload = std::string(record);
  state_->Finish(call, std::move(reply));
  if (!settings.header) state_->Released(shared_from_this());
  ArmIdle();
}

}  // namespace framed_internal

namespace {

Clock::duration DurationOr(const google::protobuf::Duration& duration, Clock::duration fallback) {
  if (duration.seconds() == 0 && duration.nanos() == 0) return fallback;
  return std::chrono::nanoseconds(
      google::protobuf::util::TimeUtil::DurationToNanoseconds(duration));
}

}  // namespace

absl::StatusOr<std::unique_ptr<FramedTcpBackend>> FramedTcpBackend::Create(
    EventLoops& loops, std::string name, const config::FramedBackend& config) {
  auto settings = std::make_shared<framed_internal::Settings>();
  settings->name = name;
  if (config.endpoints().empty()) {
    return absl::InvalidArgumentError(StrCat("backend ", name, ": framed.endpoints is empty"));
  }
  for (const std::string& text : config.endpoints()) {
    const size_t colon = text.rfind(':');
    uint32_t port = 0;
    if (colon == std::string::npos || colon == 0 ||
        !absl::SimpleAtoi(text.substr(colon + 1), &port) || port == 0 || port > 65535) {
      return absl::InvalidArgumentError(
          StrCat("backend ", name, ": framed endpoint '", text, "' is not host:port"));
    }
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    settings->endpoints.push_back({text, host, text.substr(colon + 1)});
  }
  settings->max_record = config.max_record_bytes() == 0 ? (1u << 20) : config.max_record_bytes();
  settings->header = config.framing().header();
  absl::StatusOr<std::unique_ptr<framing::Framer>> framer =
      framing::MakeFramer(framing::FromProto(config.framing(), settings->max_record));
  if (!framer.ok()) return WithContext(framer.status(), StrCat("backend ", name, ": framing"));
  settings->framer = *std::move(framer);
  settings->connect_timeout = DurationOr(config.connect_timeout(), std::chrono::seconds(2));
  settings->read_timeout = DurationOr(config.read_timeout(), std::chrono::seconds(30));
  settings->idle_timeout = DurationOr(config.idle_timeout(), std::chrono::seconds(60));
  settings->max_connections = config.max_connections() == 0 ? 8 : config.max_connections();
  settings->max_waiting = config.max_waiting() == 0 ? 1024 : config.max_waiting();
  return std::unique_ptr<FramedTcpBackend>(new FramedTcpBackend(loops, std::move(settings)));
}

FramedTcpBackend::FramedTcpBackend(EventLoops& loops,
                                   std::shared_ptr<const framed_internal::Settings> settings)
    : loops_(loops), settings_(std::move(settings)) {
  for (size_t i = 0; i < loops_.size(); ++i) {
    states_.push_back(std::make_shared<framed_internal::LoopState>(loops_.loop(i), settings_));
  }
}

FramedTcpBackend::~FramedTcpBackend() {
  for (auto& state : states_) {
    asio::post(state->io(), [state] { state->Close(); });
  }
}

void FramedTcpBackend::Send(BackendRequest request, CallContext context, ReplyCallback done) {
  EventLoops::Picked loop = loops_.PickForCaller();
  auto call = std::make_shared<framed_internal::Call>(loop.context, std::move(request),
                                                      std::move(context), std::move(done));
  asio::post(loop.context, [state = states_[loop.index], call] { state->Start(call); });
}

}  // namespace dragoman
