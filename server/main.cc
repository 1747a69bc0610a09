// dragoman: the protocol-translating ambassador (serve, mock, check-config, openapi, records).
#include <google/protobuf/util/time_util.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "server/all_translators.h"
#include "server/backends/backend_stack.h"
#include "server/config/config_loader.h"
#include "server/frontend/grpc_frontend.h"
#include "server/frontend/http_frontend.h"
#include "server/frontend/openapi.h"
#include "server/http/http_server.h"
#include "server/mock/record_mock.h"
#include "server/mock/soap_mock.h"
#include "server/net/event_loops.h"
#include "server/observability/log.h"
#include "server/records/records_tool.h"
#include "server/router/route_table.h"
#include "translators/runtime/codepage.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

int Fail(std::string_view what, const absl::Status& status) {
  std::cerr << "dragoman " << what << ": " << status.message() << "\n";
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

// Blocks until SIGINT or SIGTERM; signals are taken synchronously so no handler runs.
void WaitForTermination() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  log::Write(log::Level::kInfo, "stopping", StrCat("signal=", received));
}

void BlockTerminationSignals() {
  // Blocked before any thread starts so every thread inherits the mask and sigwait gets them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

absl::StatusOr<TranslatorRegistry*> Registry() {
  static TranslatorRegistry* registry = [] {
    auto* r = new TranslatorRegistry();
    absl::Status status = RegisterAllTranslators(*r);
    if (!status.ok()) {
      std::cerr << "dragoman: " << status.message() << "\n";
      std::exit(1);
    }
    return r;
  }();
  return registry;
}

// Fills options.host and options.port from "host:port" (port 0 picks one).
absl::Status ParseHostPort(const std::string& listen, HttpServerOptions* options) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return absl::InvalidArgumentError("must be host:port");
  options->host = listen.substr(0, colon);
  int port = 0;
  if (!absl::SimpleAtoi(ToAbsl(std::string_view(listen).substr(colon + 1)), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError("the port must be 0-65535");
  }
  options->port = static_cast<uint16_t>(port);
  return absl::OkStatus();
}

// The HTTP front end's JSON options as the config says.
JsonOptions JsonOptionsOf(const config::HttpJson& json) {
  return JsonOptions{.emit_defaults = !json.omit_defaults(),
                     .proto_field_names = json.proto_field_names(),
                     .ignore_unknown_fields = json.ignore_unknown_fields()};
}

// What serving a config needs, built and validated without listening anywhere.
struct Plan {
  config::Config config;
  std::map<std::string, std::unique_ptr<Backend>> backends;
  std::shared_ptr<const RouteTable> routes;
};

absl::StatusOr<Plan> BuildPlan(const std::string& config_path, EventLoops& loops) {
  Plan plan;
  absl::StatusOr<config::Config> config = config::LoadConfigFile(config_path);
  if (!config.ok()) return config.status();
  plan.config = std::move(*config);
  absl::StatusOr<TranslatorRegistry*> registry = Registry();
  if (!registry.ok()) return registry.status();
  // Methods the config's routes declare safe to repeat (health probes may use them).
  std::set<std::string> idempotent_by_config;
  for (const config::Route& route : plan.config.routes()) {
    if (!route.idempotent()) continue;
    for (const auto& translator : (*registry)->all()) {
      if (RouteMatches(route, translator->method())) {
        idempotent_by_config.insert(translator->method_path());
      }
    }
  }
  std::map<std::string, Backend*> backends;
  for (const config::Backend& backend : plan.config.backends()) {
    // Transports per endpoint, balancing, discovery, retries, breaker and limits.
    absl::StatusOr<std::unique_ptr<Backend>> built =
        MakeBackendStack(loops, backend, **registry, idempotent_by_config);
    if (!built.ok()) {
      // The backend's errors already name it.
      return absl::Status(built.status().code(),
                          StrCat(config_path, ": ", built.status().message()));
    }
    backends[backend.name()] = built->get();
    plan.backends[backend.name()] = *std::move(built);
  }
  absl::StatusOr<std::shared_ptr<const RouteTable>> routes =
      RouteTable::Build(plan.config, **registry, backends);
  if (!routes.ok()) {
    return absl::Status(routes.status().code(),
                        StrCat(config_path, ": ", routes.status().message()));
  }
  plan.routes = std::move(*routes);
  return plan;
}

int Serve(const std::string& config_path, int threads) {
  BlockTerminationSignals();
  EventLoops loops(static_cast<size_t>(threads));
  absl::StatusOr<Plan> plan = BuildPlan(config_path, loops);
  if (!plan.ok()) return Fail("serve", plan.status());
  log::Level level = log::Level::kInfo;
  log::ParseLevel(plan->config.logging().level(), &level);
  log::SetLevel(level);
  loops.Start();
  absl::StatusOr<std::unique_ptr<GrpcFrontend>> frontend =
      GrpcFrontend::Start(plan->config.listen().grpc(), plan->routes);
  if (!frontend.ok()) return Fail("serve", frontend.status());
  size_t methods = 0;
  for (const auto& [service, paths] : plan->routes->MethodsByService()) {
    methods += paths.size();
    log::Write(log::Level::kInfo, "serving",
               StrCat("service=", service, " methods=", paths.size()));
  }
  // How long calls in flight may take to finish once a termination signal arrives.
  const int64_t drain_nanos = google::protobuf::util::TimeUtil::DurationToNanoseconds(
      plan->config.listen().drain_timeout());
  const std::chrono::nanoseconds drain = drain_nanos > 0
                                             ? std::chrono::nanoseconds(drain_nanos)
                                             : std::chrono::nanoseconds(std::chrono::seconds(10));
  // The HTTP/JSON front end, when configured, serves the same routes on its own port.
  std::unique_ptr<HttpFrontend> http_frontend;
  std::unique_ptr<HttpServer> http_server;
  if (!plan->config.listen().http().empty()) {
    HttpServerOptions options;
    if (absl::Status parsed = ParseHostPort(plan->config.listen().http(), &options); !parsed.ok()) {
      return Fail("serve", WithContext(parsed, "listen.http"));
    }
    const config::HttpLimits& limits = plan->config.listen().http_limits();
    if (limits.max_body_bytes() > 0) options.max_body_bytes = limits.max_body_bytes();
    if (limits.max_header_bytes() > 0) options.max_header_bytes = limits.max_header_bytes();
    const auto duration = [](const google::protobuf::Duration& d, std::chrono::nanoseconds* out) {
      const int64_t nanos = google::protobuf::util::TimeUtil::DurationToNanoseconds(d);
      if (nanos > 0) *out = std::chrono::nanoseconds(nanos);
    };
    duration(limits.read_timeout(), &options.read_timeout);
    duration(limits.idle_timeout(), &options.idle_timeout);
    duration(limits.write_timeout(), &options.write_timeout);
    options.stop_grace = drain;
    const std::map<std::string, uint32_t> status_overrides(
        plan->config.listen().http_status().begin(), plan->config.listen().http_status().end());
    absl::StatusOr<std::unique_ptr<HttpFrontend>> created = HttpFrontend::Create(
        plan->routes, JsonOptionsOf(plan->config.listen().http_json()), status_overrides);
    if (!created.ok()) return Fail("serve", created.status());
    http_frontend = *std::move(created);
    absl::StatusOr<std::unique_ptr<HttpServer>> server =
        HttpServer::Create(loops, *http_frontend, options);
    if (!server.ok()) return Fail("serve", server.status());
    http_server = *std::move(server);
    log::Write(log::Level::kInfo, "listening",
               StrCat("http=", options.host, ":", http_server->port(), " methods=", methods,
                      " rest_bindings=", http_frontend->rest_bindings()));
  }
  const std::string address = plan->config.listen().grpc();
  log::Write(log::Level::kInfo, "listening",
             StrCat("grpc=", address.substr(0, address.rfind(':')), ":", (*frontend)->port(),
                    " methods=", methods));
  WaitForTermination();
  // Both front ends stop accepting at once; calls in flight get the drain time to finish.
  const auto drain_started = std::chrono::steady_clock::now();
  std::thread http_drain;
  if (http_server != nullptr) {
    http_drain = std::thread([&http_server] { http_server->Stop(); });
  }
  (*frontend)->Shutdown(std::chrono::duration_cast<std::chrono::milliseconds>(drain));
  (*frontend)->Wait();
  if (http_drain.joinable()) http_drain.join();
  log::Write(log::Level::kInfo, "drained",
             StrCat("duration_ms=", std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - drain_started)
                                        .count()));
  loops.Stop();
  // Every call has answered or been cancelled. What the backends may still hold queued (an
  // attempt the drain cut, a health probe) points at objects destructors would tear down
  // first; nothing is left that the process's exit does not release, so exit without them.
  std::fflush(nullptr);
  std::_Exit(0);
}

int PrintOpenApi(const std::string& config_path) {
  EventLoops loops(1);
  absl::StatusOr<Plan> plan = BuildPlan(config_path, loops);
  if (!plan.ok()) return Fail("openapi", plan.status());
  absl::StatusOr<std::string> document =
      OpenApiDocument(*plan->routes, JsonOptionsOf(plan->config.listen().http_json()));
  if (!document.ok()) return Fail("openapi", document.status());
  std::cout << *document << "\n";
  return 0;
}

int CheckConfig(const std::string& config_path) {
  EventLoops loops(1);
  absl::StatusOr<Plan> plan = BuildPlan(config_path, loops);
  if (!plan.ok()) return Fail("check-config", plan.status());
  std::cout << "config OK: " << config_path << "\n"
            << "gRPC listens on " << plan->config.listen().grpc() << "\n";
  for (const auto& [service, paths] : plan->routes->MethodsByService()) {
    for (const std::string& path : paths) {
      const Route* route = plan->routes->Find(path);
      std::cout << "  " << path << " -> " << route->backend_name << " (timeout "
                << route->timeout.count() << " ms)\n";
    }
  }
  return 0;
}

// Serves a copybook service's programs over the framing its manifest declares.
int MockRecords(const std::string& service, const std::string& host, uint16_t port) {
  absl::StatusOr<TranslatorRegistry*> registry = Registry();
  absl::StatusOr<std::unique_ptr<mock::RecordMock>> handler =
      mock::RecordMock::Create(**registry, service);
  if (!handler.ok()) return Fail("mock", handler.status());
  absl::StatusOr<std::unique_ptr<framing::Framer>> framer = framing::MakeFramer(
      framing::FromProto((*handler)->framing(), records::RecordMethod::kMaxRecord));
  if (!framer.ok()) return Fail("mock", framer.status());
  EventLoops loops(1);
  absl::StatusOr<std::unique_ptr<mock::FramedServer>> server =
      mock::FramedServer::Start(loops, **framer, **handler, host, port);
  if (!server.ok()) return Fail("mock", server.status());
  loops.Start();
  log::Write(log::Level::kInfo, "mock listening",
             StrCat("service=", service, " tcp=", host, ":", (*server)->port(),
                    " programs=", StrJoin((*handler)->ProgramNames(), ","),
                    " header=", (*handler)->framing().header() ? "yes" : "no"));
  WaitForTermination();
  (*server)->Stop();
  loops.Stop();
  return 0;
}

bool IsRecordService(const TranslatorRegistry& registry, const std::string& service) {
  for (const auto& translator : registry.all()) {
    if (translator->method()->service()->full_name() == service) {
      return dynamic_cast<const records::RecordMethod*>(translator.get()) != nullptr;
    }
  }
  return false;
}

int Mock(const std::string& service, const std::string& listen, const std::string& examples) {
  BlockTerminationSignals();
  HttpServerOptions options;
  if (absl::Status parsed = ParseHostPort(listen, &options); !parsed.ok()) {
    return Fail("mock", WithContext(parsed, "--listen"));
  }
  absl::StatusOr<TranslatorRegistry*> registry = Registry();
  if (IsRecordService(**registry, service)) {
    if (!examples.empty()) {
      return Fail("mock", absl::InvalidArgumentError("--examples applies to SOAP services only"));
    }
    return MockRecords(service, options.host, options.port);
  }
  absl::StatusOr<std::unique_ptr<mock::SoapMock>> handler =
      mock::SoapMock::Create(**registry, service, examples);
  if (!handler.ok()) return Fail("mock", handler.status());
  EventLoops loops(1);
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Create(loops, **handler, options);
  if (!server.ok()) return Fail("mock", server.status());
  loops.Start();
  log::Write(log::Level::kInfo, "mock listening",
             StrCat("service=", service, " http=", options.host, ":", (*server)->port(),
                    " operations=", (*handler)->OperationNames().size(),
                    " examples=", examples.empty() ? "none" : examples));
  WaitForTermination();
  (*server)->Stop();
  loops.Stop();
  return 0;
}

int ListServices() {
  absl::StatusOr<TranslatorRegistry*> registry = Registry();
  for (const auto& translator : (*registry)->all()) std::cout << translator->method_path() << "\n";
  return 0;
}

}  // namespace
}  // namespace dragoman

int main(int argc, char** argv) {
  // Debian's Abseil is built without NDEBUG, so every absl::Mutex (gRPC takes several per
  // call) would feed a lock-order graph for deadlock reports: about a tenth of a gRPC call's
  // CPU, for a debugging aid.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  CLI::App app{
      "dragoman: a protocol-translating ambassador from gRPC to legacy SOAP services and "
      "mainframe programs"};
  app.require_subcommand(1);

  std::string config_path;
  int threads = 1;
  CLI::App* serve = app.add_subcommand(
      "serve", "Run the ambassador until SIGINT or SIGTERM, then drain (listen.drain_timeout)");
  serve->add_option("-c,--config", config_path, "dragoman.yaml")
      ->required()
      ->check(CLI::ExistingFile);
  serve->add_option("--threads", threads, "Backend event loop threads")->check(CLI::Range(1, 64));

  CLI::App* check =
      app.add_subcommand("check-config", "Validate a config and print what it would serve");
  check->add_option("-c,--config", config_path, "dragoman.yaml")
      ->required()
      ->check(CLI::ExistingFile);

  CLI::App* openapi = app.add_subcommand(
      "openapi", "Print the OpenAPI 3.1 document of what a config's HTTP front end serves");
  openapi->add_option("-c,--config", config_path, "dragoman.yaml")
      ->required()
      ->check(CLI::ExistingFile);

  std::string service;
  std::string listen = "127.0.0.1:8080";
  std::string examples;
  CLI::App* mock = app.add_subcommand(
      "mock",
      "Serve a translated service's mock backend: SOAP over HTTP, or a copybook service's "
      "programs over TCP with the framing its manifest declares");
  mock->add_option("--service", service,
                   "Full proto service name, e.g. example.dragoman.bank.BankPort or "
                   "example.dragoman.loans.LoanService")
      ->required();
  mock->add_option("--listen", listen, "host:port to listen on (port 0 picks one)");
  mock->add_option("--examples", examples, "YAML file of example exchanges (SOAP services)")
      ->check(CLI::ExistingFile);

  app.add_subcommand("methods", "List the methods of every translator built in");

  dragoman::records::RecordsCommand records_command;
  std::string records_input;
  CLI::App* records = app.add_subcommand("records", "Mainframe data files <-> JSON lines");
  records->require_subcommand(1);
  // Both directions read the same layout: the copybook and the code page of its text.
  const auto add_layout_options = [&records_command](CLI::App* command) {
    command->add_option("--copybook", records_command.copybook, "COBOL copybook of the records")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--codepage", records_command.code_page,
                        "Code page of text and zoned fields (default: the manifest's, else "
                        "cp037): " +
                            dragoman::StrJoin(dragoman::records::CodePage::Names(), ", "));
    command
        ->add_option("--dialect", records_command.dialect,
                     "ibm (binary 2/4/8, IBM hex floats, COMP-5 big-endian) or gnucobol "
                     "(IEEE floats, COMP-5 little-endian); default: the manifest's, else ibm")
        ->check(CLI::IsMember({"ibm", "gnucobol"}));
    command
        ->add_option("--manifest", records_command.manifest,
                     "Service manifest: code page, dialect, REDEFINES rules, COPY paths")
        ->check(CLI::ExistingFile);
    command->add_option("--record", records_command.record,
                        "The level 01 record to use (default: the copybook's first)");
  };
  CLI::App* decode =
      records->add_subcommand("decode", "Binary records to one JSON object per line (stdout)");
  add_layout_options(decode);
  decode->add_option("--record-format", records_command.record_format,
                     "F (fixed, the copybook's size), V (RDW) or VB (BDW blocks of RDW records)");
  decode->add_flag("--lenient", records_command.lenient,
                   "Write null for a field that does not decode instead of stopping");
  decode->add_flag("--keep-spaces", records_command.keep_spaces,
                   "Keep the spaces around text fields");
  decode->add_flag("--variable-occurs", records_command.variable_occurs,
                   "Records back to back without RDWs, each as long as its OCCURS DEPENDING ON "
                   "tables make it");
  decode->add_option("FILE", records_input, "Data file (default: standard input)")
      ->check(CLI::ExistingFile);
  CLI::App* encode = records->add_subcommand(
      "encode", "JSON lines (as decode writes them) to binary records (stdout)");
  add_layout_options(encode);
  encode->add_option("--record-format", records_command.record_format,
                     "F (fixed, the copybook's size) or V (each record after an RDW)");
  encode->add_option("FILE", records_input, "JSON lines file (default: standard input)")
      ->check(CLI::ExistingFile);

  CLI11_PARSE(app, argc, argv);
  if (*decode || *encode) {
    const auto run =
        *decode ? &dragoman::records::DecodeRecords : &dragoman::records::EncodeRecords;
    absl::Status status;
    if (records_input.empty()) {
      status = run(records_command, std::cin, std::cout);
    } else {
      std::ifstream input(records_input, std::ios::binary);
      status = run(records_command, input, std::cout);
    }
    if (!status.ok()) {
      std::cerr << "dragoman records " << (*decode ? "decode" : "encode") << ": "
                << status.message() << "\n";
      return 1;
    }
    return 0;
  }
  if (*serve) return dragoman::Serve(config_path, threads);
  if (*check) return dragoman::CheckConfig(config_path);
  if (*openapi) return dragoman::PrintOpenApi(config_path);
  if (*mock) return dragoman::Mock(service, listen, examples);
  if (app.got_subcommand("methods")) return dragoman::ListServices();
  return 1;
}
