#include "server/config/config_loader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "server/config/yaml_message.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::config {
namespace {

// Largest config file accepted; a config is small, anything bigger is a mistake.
constexpr size_t kMaxConfigBytes = 1 << 20;

google::protobuf::Duration Millis(int64_t ms) {
  return google::protobuf::util::TimeUtil::MillisecondsToDuration(ms);
}

// Headers Dragoman itself writes or that describe one connection's framing: forwarding them
// would break the legacy hop or let a caller forge what the translator decided.
constexpr std::string_view kUnforwardableHeaders[] = {
    "connection",        "content-length",   "content-type", "expect",      "host",
    "keep-alive",        "proxy-connection", "soapaction",   "te",          "trailer",
    "transfer-encoding", "upgrade",          "user-agent",   "x-request-id"};

// A lowercase header name Dragoman may pass between a caller and the legacy system.
absl::Status CheckForwardedHeader(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("a header name is empty");
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return absl::InvalidArgumentError(
          StrCat("'", name, "' is not a header name (letters, digits, '-', '_', '.')"));
    }
  }
  if (name.starts_with("grpc-") || name.ends_with("-bin")) {
    return absl::InvalidArgumentError(
        StrCat("'", name, "' is gRPC's own or binary metadata, not an HTTP header"));
  }
  for (std::string_view reserved : kUnforwardableHeaders) {
    if (name == reserved) {
      return absl::InvalidArgumentError(
          StrCat("'", name, "' is set by Dragoman for the legacy hop and cannot be forwarded"));
    }
  }
  return absl::OkStatus();
}

// Bounds of a backend's retry and breaker settings (zero means "the default").
absl::Status CheckResilience(const Backend& backend) {
  const RetryPolicy& retry = backend.retry();
  if (retry.max_attempts() > 10) {
    return absl::InvalidArgumentError(
        StrCat("retry.max_attempts: ", retry.max_attempts(), " is more than 10"));
  }
  if (retry.budget_percent() > 100) {
    return absl::InvalidArgumentError(
        StrCat("retry.budget_percent: ", retry.budget_percent(), " is more than 100"));
  }
  const CircuitBreaker& breaker = backend.circuit_breaker();
  if (backend.has_health_check()) {
    const auto& interval = backend.health_check().interval();
    if (backend.health_check().has_interval() && interval.seconds() == 0 &&
        interval.nanos() < 10'000'000) {
      return absl::InvalidArgumentError("health_check.interval: must be at least 10ms");
    }
    if (backend.health_check().method().empty()) {
      return absl::InvalidArgumentError("health_check.method: required");
    }
  }
  if (backend.outlier_detection().max_ejection_percent() > 100) {
    return absl::InvalidArgumentError("outlier_detection.max_ejection_percent: more than 100");
  }
  if (breaker.failure_rate_percent() > 100 || breaker.slow_call_rate_percent() > 100) {
    return absl::InvalidArgumentError("circuit_breaker: a rate is more than 100 percent");
  }
  for (const auto* duration :
       {&retry.initial_backoff(), &retry.max_backoff(), &breaker.slow_call_duration(),
        &breaker.window(), &breaker.open_duration(), &backend.per_try_timeout(),
        &backend.outlier_detection().base_ejection_time(),
        &backend.outlier_detection().max_ejection_time(), &backend.discovery().refresh(),
        &backend.discovery().timeout()}) {
    if (duration->seconds() < 0 || duration->nanos() < 0) {
      return absl::InvalidArgumentError(
          "retry, circuit_breaker, per_try_timeout, outlier_detection, discovery: a duration "
          "is negative");
    }
  }
  return absl::OkStatus();
}

// A "host:port" with a port in range.
bool IsHostPort(std::string_view text) {
  const size_t colon = text.rfind(':');
  uint32_t port = 0;
  return colon != std::string_view::npos && colon > 0 &&
         absl::SimpleAtoi(ToAbsl(text.substr(colon + 1)), &port) && port > 0 && port <= 65535;
}

// Discovery settings, with defaults filled in.
absl::Status CheckDiscovery(Discovery& discovery) {
  if (!discovery.dns().empty() && !discovery.dns_srv().empty()) {
    return absl::InvalidArgumentError("give one of dns and dns_srv");
  }
  if (!discovery.dns().empty() && !IsHostPort(discovery.dns())) {
    return absl::InvalidArgumentError(StrCat("dns: '", discovery.dns(), "' is not host:port"));
  }
  if (!discovery.nameserver().empty() && !IsHostPort(discovery.nameserver())) {
    return absl::InvalidArgumentError(
        StrCat("nameserver: '", discovery.nameserver(), "' is not ip:port"));
  }
  if (!discovery.has_refresh()) *discovery.mutable_refresh() = Millis(30000);
  if (!discovery.has_timeout()) *discovery.mutable_timeout() = Millis(2000);
  // A zero period would re-resolve in a busy loop.
  if (discovery.refresh().seconds() == 0 && discovery.refresh().nanos() < 100'000'000) {
    return absl::InvalidArgumentError("refresh: must be at least 100ms");
  }
  if (discovery.soap_path().empty()) discovery.set_soap_path("/");
  if (discovery.soap_path()[0] != '/') {
    return absl::InvalidArgumentError("soap_path: must start with '/'");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Config> ParseConfig(std::string_view yaml_text) {
  if (yaml_text.size() > kMaxConfigBytes) {
    return absl::InvalidArgumentError(StrCat("config is larger than ", kMaxConfigBytes, " bytes"));
  }
  if (absl::Status status = CheckYamlNesting(yaml_text); !status.ok()) return status;
  YAML::Node root;
  try {  // yaml-cpp reports syntax errors only by exception; this is startup, not a request
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(StrCat("YAML syntax error at line ", e.mark.line + 1,
                                             ", column ", e.mark.column + 1, ": ", e.msg));
  }
  Config config;
  absl::Status status = YamlToMessage(root, "", &config);
  if (!status.ok()) return status;
  return config;
}

absl::StatusOr<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot open config file ", path));
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  absl::StatusOr<Config> config = ParseConfig(text);
  if (!config.ok()) {
    return absl::Status(config.status().code(), StrCat(path, ": ", config.status().message()));
  }
  absl::Status status = Normalize(*config);
  if (!status.ok()) return absl::Status(status.code(), StrCat(path, ": ", status.message()));
  return config;
}

absl::Status Normalize(Config& config) {
  if (config.listen().grpc().empty()) config.mutable_listen()->set_grpc("127.0.0.1:50051");
  if (config.logging().level().empty()) config.mutable_logging()->set_level("info");
  const std::set<std::string> levels = {"debug", "info", "warn", "error"};
  if (levels.count(config.logging().level()) == 0) {
    return absl::InvalidArgumentError(StrCat("logging.level: '", config.logging().level(),
                                             "' is not debug, info, warn or error"));
  }
  std::set<std::string> names;
  std::set<std::string> soap_backends;
  for (int i = 0; i < config.backends_size(); ++i) {
    Backend& backend = *config.mutable_backends(i);
    const std::string where = StrCat("backends[", i, "]");
    if (backend.name().empty()) return absl::InvalidArgumentError(StrCat(where, ".name: required"));
    if (!names.insert(backend.name()).second) {
      return absl::InvalidArgumentError(
          StrCat(where, ".name: backend '", backend.name(), "' is defined twice"));
    }
    if (backend.has_soap() == backend.has_framed()) {
      return absl::InvalidArgumentError(
          StrCat(where, ": say what kind of backend it is: exactly one of soap or framed"));
    }
    if (absl::Status policy = CheckResilience(backend); !policy.ok()) {
      return WithContext(policy, where);
    }
    if (absl::Status discovery = CheckDiscovery(*backend.mutable_discovery()); !discovery.ok()) {
      return WithContext(discovery, StrCat(where, ".discovery"));
    }
    const bool discovered =
        !backend.discovery().dns().empty() || !backend.discovery().dns_srv().empty();
    if (backend.has_framed()) {
      FramedBackend& framed = *backend.mutable_framed();
      if (framed.endpoints().empty() && !discovered) {
        return absl::InvalidArgumentError(
            StrCat(where, ".framed.endpoints: at least one is required (or discovery)"));
      }
      if (!framed.has_connect_timeout()) *framed.mutable_connect_timeout() = Millis(2000);
      if (!framed.has_read_timeout()) *framed.mutable_read_timeout() = Millis(30000);
      if (!framed.has_idle_timeout()) *framed.mutable_idle_timeout() = Millis(60000);
      if (framed.max_record_bytes() == 0) framed.set_max_record_bytes(1 << 20);
      if (framed.max_connections() == 0) framed.set_max_connections(8);
      if (framed.max_waiting() == 0) framed.set_max_waiting(1024);
      continue;
    }
    soap_backends.insert(backend.name());
    SoapBackend& soap = *backend.mutable_soap();
    if (soap.endpoints().empty() && !discovered) {
      return absl::InvalidArgumentError(
          StrCat(where, ".soap.endpoints: at least one is required (or discovery)"));
    }
    if (!soap.has_connect_timeout()) *soap.mutable_connect_timeout() = Millis(2000);
    if (!soap.has_write_timeout()) *soap.mutable_write_timeout() = Millis(10000);
    if (!soap.has_read_timeout()) *soap.mutable_read_timeout() = Millis(30000);
    if (!soap.has_idle_timeout()) *soap.mutable_idle_timeout() = Millis(60000);
    if (soap.max_reply_bytes() == 0) soap.set_max_reply_bytes(8 << 20);
    if (soap.max_idle_connections() == 0) soap.set_max_idle_connections(16);
    if (soap.max_connections() == 0) soap.set_max_connections(64);
  }
  for (int i = 0; i < config.routes_size(); ++i) {
    Route& route = *config.mutable_routes(i);
    const std::string where = StrCat("routes[", i, "]");
    if (route.match().empty()) return absl::InvalidArgumentError(StrCat(where, ".match: required"));
    if (names.count(route.backend()) == 0) {
      return absl::InvalidArgumentError(
          StrCat(where, ".backend: no backend named '", route.backend(), "'"));
    }
    if (!route.has_timeout()) *route.mutable_timeout() = Millis(30000);
    const std::pair<const char*, google::protobuf::RepeatedPtrField<std::string>*> lists[] = {
        {".forward_request_headers", route.mutable_forward_request_headers()},
        {".forward_reply_headers", route.mutable_forward_reply_headers()}};
    for (const auto& [key, headers] : lists) {
      const std::string list = StrCat(where, key);
      if (!headers->empty() && soap_backends.count(route.backend()) == 0) {
        return absl::InvalidArgumentError(
            StrCat(list, ": backend '", route.backend(),
                   "' takes framed records, which carry no HTTP headers"));
      }
      for (int h = 0; h < headers->size(); ++h) {
        std::string& name = *headers->Mutable(h);
        name = absl::AsciiStrToLower(name);
        if (absl::Status valid = CheckForwardedHeader(name); !valid.ok()) {
          return absl::InvalidArgumentError(StrCat(list, "[", h, "]: ", valid.message()));
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace dragoman::config
