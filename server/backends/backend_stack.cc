#include "server/backends/backend_stack.h"

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

}  // namespace

absl::StatusOr<std::unique_ptr<Backend>> MakeBackendStack(EventLoops& loops,
                                                          const config::Backend& backend) {
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
                           ? StrCat("http://", endpoint.Key(), backend.discovery().soap_path())
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
  auto balanced = std::make_unique<BalancedBackend>(*std::move(resolver), std::move(factory),
                                                    BalancerOptionsOf(backend));
  // A fixed list must be usable as written; DNS may simply not be ready yet.
  if (!discovered && !balanced->first_resolution().ok()) {
    return absl::InvalidArgumentError(
        StrCat("backend ", backend.name(), ": ", balanced->first_resolution().message()));
  }
  return std::unique_ptr<Backend>(
      std::make_unique<ResilientBackend>(loops, std::move(balanced), ResilienceOptionsOf(backend)));
}

}  // namespace dragoman
