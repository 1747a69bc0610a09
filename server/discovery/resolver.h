// Where a backend's endpoints come from: a fixed list, DNS A/AAAA records, or DNS SRV records
// with their priorities and weights. Resolvers block; they run on the discovery thread of a
// BalancedBackend, never on a call's path.
#ifndef DRAGOMAN_SERVER_DISCOVERY_RESOLVER_H_
#define DRAGOMAN_SERVER_DISCOVERY_RESOLVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace dragoman {

// One place a backend can be reached.
struct ResolvedEndpoint {
  // Host name or address literal, and port.
  std::string host;
  uint16_t port = 0;
  // SRV priority: lower is preferred; higher ones are used only when no lower one is available.
  uint16_t priority = 0;
  // SRV weight: the endpoint's share of the calls within its priority.
  uint16_t weight = 1;
  // The whole URL when the endpoint was configured as one (SOAP), path included.
  std::string url;

  // The URL if any, else "host:port": identifies the endpoint across resolutions.
  std::string Key() const;
  friend bool operator==(const ResolvedEndpoint&, const ResolvedEndpoint&) = default;
};

// Produces the current endpoints of one backend. Implementations may block (DNS); they are
// called from one thread at a time.
class Resolver {
 public:
  virtual ~Resolver() = default;
  // The endpoints now; an error (or an empty list) leaves the last good ones in use.
  virtual absl::StatusOr<std::vector<ResolvedEndpoint>> Resolve() = 0;
  // What is resolved, for logs: "dns srv _cics._tcp.example".
  virtual std::string Describe() const = 0;
};

// A fixed list (the config's endpoints).
std::unique_ptr<Resolver> StaticResolver(std::vector<ResolvedEndpoint> endpoints);

// The A and AAAA records of `host` (through the system's resolver), each with `port`.
std::unique_ptr<Resolver> DnsAddressResolver(std::string host, uint16_t port);

// The SRV records of `name` (e.g. "_cics._tcp.mainframe.example"), asked of `nameserver`
// ("ip:port"; empty: the system's resolv.conf), each answer waiting at most `timeout`. Targets are
// kept as names; the transports resolve them when they connect.
std::unique_ptr<Resolver> DnsSrvResolver(std::string name, std::string nameserver,
                                         std::chrono::milliseconds timeout);

// The SRV records in a DNS answer message (`answer`, untrusted bytes) for `name`, which only
// names the question in errors. InternalError when the message does not parse.
absl::StatusOr<std::vector<ResolvedEndpoint>> ParseSrvAnswer(std::string_view answer,
                                                             std::string_view name);

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_DISCOVERY_RESOLVER_H_
