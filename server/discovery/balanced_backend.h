// Spreads one backend's calls over its endpoints, each reached through its own transport:
// weighted round robin or least request (power of two choices), within the best SRV priority
// that has an endpoint available; endpoints that keep failing are ejected for a while (outlier
// detection, capped so some always stay). The endpoint list comes from a Resolver and is
// re-resolved periodically on a thread of its own; a failed or empty resolution keeps the last
// good list.
#ifndef DRAGOMAN_SERVER_DISCOVERY_BALANCED_BACKEND_H_
#define DRAGOMAN_SERVER_DISCOVERY_BALANCED_BACKEND_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "server/backends/backend.h"
#include "server/discovery/resolver.h"

namespace dragoman {

// When an endpoint is taken out of rotation.
struct OutlierOptions {
  // Failed attempts in a row (no usable reply) that eject an endpoint; 0 turns ejection off.
  uint32_t consecutive_failures = 5;
  // First ejection's length; each further one of the same endpoint is longer by as much ...
  std::chrono::nanoseconds base_ejection_time = std::chrono::seconds(30);
  // ... up to this.
  std::chrono::nanoseconds max_ejection_time = std::chrono::seconds(300);
  // At most this share of the endpoints is ejected at once, in percent.
  uint32_t max_ejection_percent = 50;
};

// How a BalancedBackend spreads calls.
struct BalancerOptions {
  // The backend's name, for messages and logs.
  std::string name;
  // Least request (two random choices, the one with fewer calls in flight) instead of
  // weighted round robin.
  bool least_request = false;
  // Period of re-resolution.
  std::chrono::nanoseconds refresh = std::chrono::seconds(30);
  OutlierOptions outlier;
};

// Makes the transport of one endpoint.
using TransportFactory =
    std::function<absl::StatusOr<std::unique_ptr<Backend>>(const ResolvedEndpoint&)>;

// A Backend over the endpoints a Resolver finds. Thread-safe; Send never blocks.
class BalancedBackend : public Backend {
 public:
  // What one endpoint is doing, for tests and logs.
  struct EndpointStatus {
    ResolvedEndpoint endpoint;
    uint64_t calls = 0;
    uint32_t in_flight = 0;
    bool ejected = false;
  };

  // Resolves once before returning (an error leaves the backend without endpoints until a
  // later resolution succeeds; calls meanwhile fail UNAVAILABLE), then every options.refresh.
  BalancedBackend(std::unique_ptr<Resolver> resolver, TransportFactory factory,
                  BalancerOptions options);
  // Stops re-resolving; the transports go with it.
  ~BalancedBackend() override;

  void Send(BackendRequest request, CallContext context, ReplyCallback done) override;

  // Resolves now and applies the result; returns what the resolver said.
  absl::Status Refresh();
  // What the resolution in the constructor said (an endpoint whose transport cannot be made
  // is an InvalidArgument naming it).
  const absl::Status& first_resolution() const { return first_resolution_; }
  // The endpoints in use, in priority order.
  std::vector<EndpointStatus> Endpoints() const;

 private:
  struct Endpoint;
  struct Snapshot;

  // The endpoint for the next attempt, or null when none is available.
  Endpoint* Pick(const Snapshot& snapshot, int64_t now_nanos);
  // Counts an attempt's outcome against its endpoint; ejects it when it keeps failing.
  void Observe(const Snapshot& snapshot, Endpoint& endpoint, const absl::Status& status);
  void RefreshLoop();

  const std::unique_ptr<Resolver> resolver_;
  const TransportFactory factory_;
  const BalancerOptions options_;
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
  std::atomic<uint64_t> round_robin_{0};
  absl::Status first_resolution_;

  // Refresh state: only the refresh thread and Refresh() callers touch it, under mu_.
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  // Every transport ever made, by endpoint key: an endpoint DNS drops keeps its transport, as
  // calls may still be using it and it may come back.
  std::map<std::string, std::shared_ptr<Backend>> transports_;
  std::thread refresher_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_DISCOVERY_BALANCED_BACKEND_H_
