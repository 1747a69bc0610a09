#include "server/backends/backend_stack.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "server/backends/framed_tcp_backend.h"
#include "server/backends/soap_http_backend.h"
#include "server/discovery/balanced_backend.h"
#include "server/discovery/resolver.h"
#include "server/resilience/resilient_backend.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

std::chrono::nanoseconds NanosOf(const google::protobuf::Duration& d) {
  return std::chrono::nanoseconds(google::protobuf::util::TimeUtil::DurationToNanoseconds(d));
}

// "host:port" (a bracketed IPv6 host allowed) as an endpoint.
absl::StatusOr<ResolvedEndpoint> HostPortEndpoint(const std::string& text) {
  const size_t colon = text.rfind(':');
  uint32_t port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(text.substr(colon + 1), &port) || port == 0 || port > 65535) {
    return absl::InvalidArgumentError(StrCat("'", text, "' is not host:port"));
  }
  ResolvedEndpoint endpoint;
  endpoint.host = text.substr(0, colon);
  if (endpoint.host.size() > 2 && endpoint.host.front() == '[' && endpoint.host.back() == ']') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  endpoint.port = static_cast<uint16_t>(port);
  return endpoint;
}

absl::StatusOr<std::unique_ptr<Resolver>> ResolverOf(const config::Backend& backend) {
  const config::Discovery& discovery = backend.discovery();
  if (!discovery.dns_srv().empty()) {
    return DnsSrvResolver(
        discovery.dns_srv(), discovery.nameserver(),
        std::chrono::duration_cast<std::chrono::milliseconds>(NanosOf(discovery.timeout())));
  }
  if (!discovery.dns().empty()) {
    absl::StatusOr<ResolvedEndpoint> at = HostPortEndpoint(discovery.dns());
    if (!at.ok()) return at.status();
    return DnsAddressResolver(at->host, at->port);
  }
  std::vector<ResolvedEndpoint> endpoints;
  if (backend.has_framed()) {
    for (const std::string& text : backend.framed().endpoints()) {
      absl::StatusOr<ResolvedEndpoint> endpoint = HostPortEndpoint(text);
      if (!endpoint.ok()) return endpoint.status();
      endpoints.push_back(*std::move(endpoint));
    }
  } else {
    for (const std::string& url : backend.soap().endpoints()) {
      ResolvedEndpoint endpoint;
      endpoint.url = url;
      endpoints.push_back(std::move(endpoint));
    }
  }
  return StaticResolver(std::move(endpoints));
}

BalancerOptions BalancerOptionsOf(const config::Backend& backend) {
  BalancerOptions options;
  options.name = backend.name();
  options.least_request = backend.balancing() == config::LEAST_REQUEST;
  if (backend.discovery().has_refresh()) options.refresh = NanosOf(backend.discovery().refresh());
  const config::OutlierDetection& outlier = backend.outlier_detection();
  if (outlier.disabled()) {
    options.outlier.consecutive_failures = 0;
  } else if (outlier.consecutive_failures() > 0) {
    options.outlier.consecutive_failures = outlier.consecutive_failures();
  }
  if (outlier.has_base_ejection_time()) {
    options.outlier.base_ejection_time = NanosOf(outlier.base_ejection_time());
  }
  if (outlier.has_max_ejection_time()) {
    options.outlier.max_ejection_time = NanosOf(outlier.max_ejection_time());
  }
  if (outlier.max_ejection_percent() > 0) {
    options.outlier.max_ejection_percent = outlier.max_ejection_percent();
  }
  return options;
}

// The text of the field at dotted `path` of `message` (enums by name), as a health check's
// expectations are written.
absl::StatusOr<std::string> FieldText(const google::protobuf::Message& message,
                                      const std::string& path) {
  const google::protobuf::Message* at = &message;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    const std::string name = path.substr(start, dot - start);
    const auto* field = at->GetDescriptor()->FindFieldByName(name);
    if (field == nullptr || field->is_repeated()) {
      return absl::InvalidArgumentError(
          StrCat("'", path, "' names no single field of ", message.GetTypeName()));
    }
    const google::protobuf::Reflection* r = at->GetReflection();
    if (dot != std::string::npos) {
      if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
        return absl::InvalidArgumentError(StrCat("'", path, "': ", name, " is not a message"));
      }
      at = &r->GetMessage(*at, field);
      start = dot + 1;
      continue;
    }
    using F = google::protobuf::FieldDescriptor;
    switch (field->cpp_type()) {
      case F::CPPTYPE_STRING:
        return r->GetString(*at, field);
      case F::CPPTYPE_INT32:
        return std::to_string(r->GetInt32(*at, field));
      case F::CPPTYPE_INT64:
        return std::to_string(r->GetInt64(*at, field));
      case F::CPPTYPE_UINT32:
        return std::to_string(r->GetUInt32(*at, field));
      case F::CPPTYPE_UINT64:
        return std::to_string(r->GetUInt64(*at, field));
      case F::CPPTYPE_BOOL:
        return std::string(r->GetBool(*at, field) ? "true" : "false");
      case F::CPPTYPE_ENUM:
        return r->GetEnum(*at, field)->name();
      case F::CPPTYPE_DOUBLE:
        return StrCat(r->GetDouble(*at, field));
      case F::CPPTYPE_FLOAT:
        return StrCat(r->GetFloat(*at, field));
      case F::CPPTYPE_MESSAGE:
        return absl::InvalidArgumentError(StrCat("'", path, "' is a message, not a value"));
    }
    return absl::InvalidArgumentError(StrCat("'", path, "' cannot be compared"));
  }
}

// The probe of a health check: its request encoded once, and a judge of its replies.
absl::StatusOr<HealthCheckOptions> HealthCheckOf(
    const config::HealthCheck& config, const TranslatorRegistry& registry,
    const std::set<std::string>& idempotent_by_config) {
  const Translator* translator = registry.Find(StrCat("/", config.method()));
  if (translator == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("health_check.method: '", config.method(), "' is not a translated method"));
  }
  if (!MarkedIdempotent(translator->method()) &&
      idempotent_by_config.count(translator->method_path()) == 0) {
    return absl::InvalidArgumentError(
        StrCat("health_check.method: ", config.method(),
               " is not marked idempotent (schema, or a route's idempotent: true), and a probe "
               "runs it every interval on every endpoint"));
  }
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<google::protobuf::Message> request(
      factory->GetPrototype(translator->method()->input_type())->New());
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      config.request().empty() ? "{}" : config.request(), request.get());
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(StrCat("health_check.request: not a ", request->GetTypeName(),
                                             ": ", parsed.message().as_string()));
  }
  HealthCheckOptions check;
  if (absl::Status encoded =
          translator->EncodeRequest(request->SerializeAsString(), &check.request);
      !encoded.ok()) {
    return WithContext(encoded, "health_check.request");
  }
  const google::protobuf::Message* reply_prototype =
      factory->GetPrototype(translator->method()->output_type());
  std::vector<std::pair<std::string, std::string>> expect(config.expect().begin(),
                                                          config.expect().end());
  for (const auto& [path, value] : expect) {
    if (absl::StatusOr<std::string> text = FieldText(*reply_prototype, path); !text.ok()) {
      return WithContext(text.status(), "health_check.expect");
    }
  }
  check.judge = [translator, reply_prototype, expect](BackendReply& reply) -> absl::Status {
    std::string bytes;
    if (absl::Status decoded = translator->DecodeReply(reply.payload, &bytes); !decoded.ok()) {
      return decoded;
    }
    std::unique_ptr<google::protobuf::Message> message(reply_prototype->New());
    if (!message->ParseFromString(bytes)) return absl::InternalError("probe reply unreadable");
    for (const auto& [path, value] : expect) {
      absl::StatusOr<std::string> text = FieldText(*message, path);
      if (!text.ok()) return text.status();
      if (*text != value) {
        return absl::UnavailableError(
            StrCat("probe reply has ", path, " = '", *text, "', not '", value, "'"));
      }
    }
    return absl::OkStatus();
  };
  if (config.has_interval()) check.interval = NanosOf(config.interval());
  if (config.has_timeout()) check.timeout = NanosOf(config.timeout());
  if (config.unhealthy_threshold() > 0) check.unhealthy_threshold = config.unhealthy_threshold();
  if (config.healthy_threshold() > 0) check.healthy_threshold = config.healthy_threshold();
  return check;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Backend>> MakeBackendStack(
    EventLoops& loops, const config::Backend& backend, const TranslatorRegistry& registry,
    const std::set<std::string>& idempotent_by_config) {
  // Each endpoint's transport is the configured one narrowed to that endpoint.
  TransportFactory factory =
      [&loops,
       backend](const ResolvedEndpoint& endpoint) -> absl::StatusOr<std::unique_ptr<Backend>> {
    if (backend.has_framed()) {
      config::FramedBackend framed = backend.framed();
      framed.clear_endpoints();
      framed.add_endpoints(endpoint.Key());
      absl::StatusOr<std::unique_ptr<FramedTcpBackend>> made =
          FramedTcpBackend::Create(loops, backend.name(), framed);
      if (!made.ok()) return made.status();
      return std::unique_ptr<Backend>(*std::move(made));
    }
    config::SoapBackend soap = backend.soap();
    soap.clear_endpoints();
    soap.add_endpoints(endpoint.url.empty()
                           ? StrCat(backend.soap().has_tls() ? "https://" : "http://",
                                    endpoint.Key(), backend.discovery().soap_path())
                           : endpoint.url);
    absl::StatusOr<std::unique_ptr<SoapHttpBackend>> made =
        SoapHttpBackend::Create(loops, backend.name(), soap);
    if (!made.ok()) return made.status();
    return std::unique_ptr<Backend>(*std::move(made));
  };
  absl::StatusOr<std::unique_ptr<Resolver>> resolver = ResolverOf(backend);
  if (!resolver.ok()) return WithContext(resolver.status(), StrCat("backend ", backend.name()));
  const bool discovered =
      !backend.discovery().dns().empty() || !backend.discovery().dns_srv().empty();
  BalancerOptions balancer = BalancerOptionsOf(backend);
  if (backend.has_health_check()) {
    absl::StatusOr<HealthCheckOptions> check =
        HealthCheckOf(backend.health_check(), registry, idempotent_by_config);
    if (!check.ok()) return WithContext(check.status(), StrCat("backend ", backend.name()));
    balancer.health_check = *std::move(check);
  }
  auto balanced = std::make_unique<BalancedBackend>(*std::move(resolver), std::move(factory),
                                                    std::move(balancer));
  // A fixed list must be usable as written; DNS may simply not be ready yet.
  if (!discovered && !balanced->first_resolution().ok()) {
    return absl::InvalidArgumentError(
        StrCat("backend ", backend.name(), ": ", balanced->first_resolution().message()));
  }
  return std::unique_ptr<Backend>(
      std::make_unique<ResilientBackend>(loops, std::move(balanced), ResilienceOptionsOf(backend)));
}

}  // namespace dragoman
