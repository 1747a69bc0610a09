// dragoman-loadgen: the end-to-end harness's load generator. One request, sent over and over on
// N connections (HTTP/1.1 keep-alive, or one gRPC channel each), closed loop or at a fixed
// arrival rate, one thread; prints what it measured as one JSON line. It exists so every arm
// of the harness (nginx, HAProxy, a bare gRPC server, Dragoman, grpc-gateway) is driven by the
// same client code, pinned to its own core, with latencies taken the same way.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "bench/e2e/load_model.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using dragoman::bench::Clock;
using dragoman::bench::LoadModel;
using dragoman::bench::LoadResult;

struct Options {
  std::string target;  // host:port
  std::string protocol = "http";
  std::string path = "/";
  std::string body_file;
  std::vector<std::string> headers;
  std::string expect;
  int connections = 1;
  double rate = 0;
  double warmup_seconds = 1;
  double duration_seconds = 5;
  int idle_connections = 0;
  double hold_seconds = 5;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "loadgen: cannot read " << path << "\n";
    std::exit(2);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::pair<std::string, std::string> SplitTarget(const std::string& target) {
  const size_t colon = target.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "loadgen: --target must be host:port, got " << target << "\n";
    std::exit(2);
  }
  return {target.substr(0, colon), target.substr(colon + 1)};
}

Clock::duration Seconds(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// The schedule `options` ask for, sending through `send`.
LoadModel ModelFor(const Options& options, LoadModel::Send send) {
  return LoadModel(options.connections, options.rate, Seconds(options.warmup_seconds),
                   Seconds(options.duration_seconds), std::move(send));
}

// Runs `model` to its end. `poll` handles whatever has completed, without blocking, and returns
// false once nothing more can. Polls instead of sleeping: the load generator has a core of its
// own, and waking from a sleep on time would add the client's wake-up latency (tens to hundreds
// of microseconds on a virtual machine) to every open-loop request.
LoadResult Drive(LoadModel& model, const std::function<bool()>& poll) {
  Clock::time_point now = Clock::now();
  model.Start(now);
  Clock::time_point next_tick = model.NextTick(now);
  while (!model.Finished(now)) {
    if (!poll()) break;
    now = Clock::now();
    if (now >= next_tick) {
      model.Tick(now);
      next_tick = model.NextTick(now);
    }
  }
  return model.Result();
}

// --- HTTP/1.1 ---------------------------------------------------------------------------------

// N keep-alive connections on one io_context; the request is serialized once.
class HttpLoad {
 public:
  explicit HttpLoad(const Options& options) : options_(options) {
    const auto [host, port] = SplitTarget(options.target);
    endpoints_ = tcp::resolver(io_).resolve(host, port);
    http::request<http::string_body> request(http::verb::post, options.path, 11);
    request.set(http::field::host, options.target);
    for (const std::string& header : options.headers) {
      const size_t colon = header.find(':');
      if (colon == std::string::npos) {
        std::cerr << "loadgen: --header must be 'Name: value', got " << header << "\n";
        std::exit(2);
      }
      const size_t value = header.find_first_not_of(' ', colon + 1);
      request.set(header.substr(0, colon), value == std::string::npos ? "" : header.substr(value));
    }
    request.body() = options.body_file.empty() ? "" : ReadFile(options.body_file);
    request.prepare_payload();
    std::ostringstream wire;
    wire << request;
    wire_request_ = wire.str();
  }

  LoadResult Run() {
    Connect(options_.connections);
    LoadModel model = ModelFor(options_, [this](int slot) { Send(slot); });
    model_ = &model;
    return Drive(model, [this] {
      if (io_.stopped()) io_.restart();
      io_.poll();
      return true;
    });
  }

  void HoldIdle() {
    Connect(options_.idle_connections);
    for (auto& connection : connections_) {
      beast::error_code error;
      asio::write(connection->stream, asio::buffer(wire_request_), error);
      http::response<http::string_body> response;
      if (!error) http::read(connection->stream, connection->buffer, response, error);
      if (error || response.result() != http::status::ok) {
        std::cerr << "loadgen: idle connection's request failed: " << error.message() << "\n";
        std::exit(1);
      }
    }
    std::cout << "IDLE " << connections_.size() << std::endl;
    std::this_thread::sleep_for(Seconds(options_.hold_seconds));
  }

 private:
  struct Connection {
    explicit Connection(asio::io_context& io) : stream(io) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::optional<http::response_parser<http::string_body>> parser;
  };

  void Connect(int count) {
    for (int i = 0; i < count; ++i) {
      auto connection = std::make_unique<Connection>(io_);
      connection->stream.connect(endpoints_);
      connection->stream.socket().set_option(tcp::no_delay(true));
      connections_.push_back(std::move(connection));
    }
  }

  void Send(int slot) {
    Connection& connection = *connections_[static_cast<size_t>(slot)];
    asio::async_write(connection.stream.socket(), asio::buffer(wire_request_),
                      [this, slot](beast::error_code error, size_t) {
                        if (error) return Fail(slot, "write: " + error.message());
                        Read(slot);
                      });
  }

  void Read(int slot) {
    Connection& connection = *connections_[static_cast<size_t>(slot)];
    connection.parser.emplace();
    connection.parser->body_limit(64 << 20);
    http::async_read(connection.stream.socket(), connection.buffer, *connection.parser,
                     [this, slot](beast::error_code error, size_t) {
                       if (error) return Fail(slot, "read: " + error.message());
                       Connection& done = *connections_[static_cast<size_t>(slot)];
                       const auto& response = done.parser->get();
                       std::string problem;
                       if (response.result() != http::status::ok) {
                         problem = "HTTP " + std::to_string(response.result_int()) + ": " +
                                   response.body().substr(0, 200);
                       } else if (!options_.expect.empty() &&
                                  response.body().find(options_.expect) == std::string::npos) {
                         problem = "reply lacks '" + options_.expect +
                                   "': " + response.body().substr(0, 200);
                       }
                       const bool keep_alive = response.keep_alive();
                       if (!keep_alive) Reconnect(slot);
                       model_->Done(slot, Clock::now(), problem);
                     });
  }

  void Fail(int slot, const std::string& error) {
    Reconnect(slot);
    model_->Done(slot, Clock::now(), error);
  }

  void Reconnect(int slot) {
    auto connection = std::make_unique<Connection>(io_);
    beast::error_code error;
    connection->stream.socket().connect(*endpoints_.begin(), error);
    if (!error) connection->stream.socket().set_option(tcp::no_delay(true));
    connections_[static_cast<size_t>(slot)] = std::move(connection);
  }

  const Options& options_;
  asio::io_context io_;
  tcp::resolver::results_type endpoints_;
  std::string wire_request_;
  std::vector<std::unique_ptr<Connection>> connections_;
  LoadModel* model_ = nullptr;
};

// --- gRPC -------------------------------------------------------------------------------------

// N channels (each its own HTTP/2 connection) and one completion queue driven by this thread.
class GrpcLoad {
 public:
  explicit GrpcLoad(const Options& options) : options_(options) {
    const std::string body = options.body_file.empty() ? "" : ReadFile(options.body_file);
    grpc::Slice slice(body);
    request_ = grpc::ByteBuffer(&slice, 1);
  }

  LoadResult Run() {
    Connect(options_.connections);
    calls_.resize(static_cast<size_t>(options_.connections));
    LoadModel model = ModelFor(options_, [this](int slot) { Send(slot); });
    const gpr_timespec immediately = gpr_time_0(GPR_CLOCK_MONOTONIC);
    return Drive(model, [&] {
      void* tag = nullptr;
      bool ok = false;
      const auto event = queue_.AsyncNext(&tag, &ok, immediately);
      if (event == grpc::CompletionQueue::GOT_EVENT) {
        auto* call = static_cast<Call*>(tag);
        std::string error;
        if (!call->status.ok()) {
          error = "gRPC " + std::to_string(call->status.error_code()) + ": " +
                  call->status.error_message();
        }
        model.Done(call->slot, Clock::now(), error);
      }
      return event != grpc::CompletionQueue::SHUTDOWN;
    });
  }

  void HoldIdle() {
    Connect(options_.idle_connections);
    calls_.resize(stubs_.size());
    for (size_t slot = 0; slot < stubs_.size(); ++slot) {
      Send(static_cast<int>(slot));
      void* tag = nullptr;
      bool ok = false;
      queue_.Next(&tag, &ok);
      if (!static_cast<Call*>(tag)->status.ok()) {
        std::cerr << "loadgen: idle channel's call failed: "
                  << static_cast<Call*>(tag)->status.error_message() << "\n";
        std::exit(1);
      }
    }
    std::cout << "IDLE " << stubs_.size() << std::endl;
    std::this_thread::sleep_for(Seconds(options_.hold_seconds));
  }

  ~GrpcLoad() {
    queue_.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue_.Next(&tag, &ok)) {
    }
  }

 private:
  struct Call {
    int slot = 0;
    grpc::ClientContext context;
    grpc::ByteBuffer reply;
    grpc::Status status;
    std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  };

  void Connect(int count) {
    for (int i = 0; i < count; ++i) {
      grpc::ChannelArguments arguments;
      // Without these, channels to one target share a single connection.
      arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      arguments.SetInt("dragoman.loadgen.connection", i);
      arguments.SetMaxReceiveMessageSize(64 << 20);
      auto channel =
          grpc::CreateCustomChannel(options_.target, grpc::InsecureChannelCredentials(), arguments);
      if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
        std::cerr << "loadgen: cannot connect to " << options_.target << "\n";
        std::exit(1);
      }
      stubs_.push_back(std::make_unique<grpc::GenericStub>(channel));
    }
  }

  void Send(int slot) {
    auto call = std::make_unique<Call>();
    call->slot = slot;
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    call->reader = stubs_[static_cast<size_t>(slot)]->PrepareUnaryCall(
        &call->context, options_.path, request_, &queue_);
    call->reader->StartCall();
    call->reader->Finish(&call->reply, &call->status, call.get());
    // The slot's previous call has completed; its memory is reused for nothing else.
    calls_[static_cast<size_t>(slot)] = std::move(call);
  }

  const Options& options_;
  grpc::ByteBuffer request_;
  grpc::CompletionQueue queue_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  std::vector<std::unique_ptr<Call>> calls_;
};

void PrintResult(LoadResult result) {
  std::sort(result.latencies_ns.begin(), result.latencies_ns.end());
  const auto& sorted = result.latencies_ns;
  std::string error = result.first_error;
  for (char& c : error) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  std::printf(
      "{\"requests\": %lld, \"errors\": %lld, \"late_starts\": %lld, \"seconds\": %.3f, "
      "\"throughput\": %.1f, \"p50_us\": %.1f, \"p90_us\": %.1f, \"p99_us\": %.1f, "
      "\"p999_us\": %.1f, \"max_us\": %.1f, \"first_error\": \"%s\"}\n",
      static_cast<long long>(result.requests), static_cast<long long>(result.errors),
      static_cast<long long>(result.late_starts), result.seconds,
      static_cast<double>(result.requests) / result.seconds,
      dragoman::bench::QuantileMicros(sorted, 0.50), dragoman::bench::QuantileMicros(sorted, 0.90),
      dragoman::bench::QuantileMicros(sorted, 0.99), dragoman::bench::QuantileMicros(sorted, 0.999),
      dragoman::bench::QuantileMicros(sorted, 1.0), error.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{
      "Sends one request over and over and prints its latencies and throughput as JSON "
      "(the benchmark harness's load generator)"};
  app.add_option("--target", options.target, "host:port")->required();
  app.add_option("--protocol", options.protocol, "http (HTTP/1.1 POST) or grpc (unary call)")
      ->check(CLI::IsMember({"http", "grpc"}));
  app.add_option("--path", options.path,
                 "HTTP request path, or gRPC method /package.Service/Method");
  app.add_option("--body", options.body_file, "file with the HTTP body or the serialized request");
  app.add_option("--header", options.headers, "'Name: value' HTTP request header (repeatable)");
  app.add_option("--expect", options.expect, "HTTP: text every reply body must contain");
  app.add_option("--connections", options.connections, "connections (gRPC: channels)")
      ->check(CLI::Range(1, 10000));
  app.add_option("--rate", options.rate,
                 "requests per second, open loop; 0 runs a closed loop (one in flight per "
                 "connection)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--warmup", options.warmup_seconds, "seconds sent but not measured");
  app.add_option("--duration", options.duration_seconds, "seconds measured")
      ->check(CLI::PositiveNumber);
  app.add_option("--idle", options.idle_connections,
                 "instead of a load: open this many connections, one request each, then keep "
                 "them idle for --hold seconds (prints IDLE n when they are all open)");
  app.add_option("--hold", options.hold_seconds, "seconds to hold idle connections");
  CLI11_PARSE(app, argc, argv);

  if (options.protocol == "http") {
    HttpLoad load(options);
    if (options.idle_connections > 0) {
      load.HoldIdle();
    } else {
      PrintResult(load.Run());
    }
  } else {
    GrpcLoad load(options);
    if (options.idle_connections > 0) {
      load.HoldIdle();
    } else {
      PrintResult(load.Run());
    }
  }
  return 0;
}
