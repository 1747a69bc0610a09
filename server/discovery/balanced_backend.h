// Spreads one backend's calls over its endpoints, each reached through its own transport:
// weighted round robin or least request (power of two choices), within the best SRV priority
// that has an endpoint available; endpoints that keep failing are ejected for a while (outlier
// detection, capped so some always stay) and, with a health check, endpoints whose probes fail
// are left out too (unless every endpoint is out: then health is ignored rather than refusing
// everything on the word of a probe). The endpoint list comes from a Resolver and is
// re-resolved periodically on a thread of its own; a failed or empty resolution keeps the last
// good list. Probes run on another thread.
#ifndef DRAGOMAN_SERVER_DISCOVERY_BALANCED_BACKEND_H_
#define DRAGOMAN_SERVER_DISCOVERY_BALANCED_BACKEND_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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

// An active health check: a probe sent to every endpoint every `interval`, whose verdicts mark
// the endpoint healthy or not after enough of them in a row.
struct HealthCheckOptions {
  // Time between probe rounds.
  std::chrono::nanoseconds interval = std::chrono::seconds(10);
  // A probe without a verdict by then failed.
  std::chrono::nanoseconds timeout = std::chrono::seconds(2);
  // Failed probes in a row that mark a healthy endpoint unhealthy.
  uint32_t unhealthy_threshold = 2;
  // Passed probes in a row that mark an unhealthy endpoint healthy again.
  uint32_t healthy_threshold = 2;
  // The probe, sent as is (a SOAP operation or a program's transaction, encoded once).
  BackendRequest request;
  // Judges a probe's reply: OK when the endpoint is healthy. Called on a transport's thread.
  std::function<absl::Status(BackendReply&)> judge;
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
  // When failing endpoints are ejected.
  OutlierOptions outlier;
  // Active health checking; none when unset.
  std::optional<HealthCheckOptions> health_check;
};

// Makes the transport of one endpoint.
using TransportFactory =
    std::function<absl::StatusOr<std::unique_ptr<Backend>>(const ResolvedEndpoint&)>;

// A Backend over the endpoints a Resolver finds. Thread-safe; Send never blocks.
class BalancedBackend : public Backend {
 public:
  // What one endpoint is doing, for tests and logs.
  struct EndpointStatus {
    // Where it is, with its SRV priority and weight.
    ResolvedEndpoint endpoint;
    // Attempts sent to it so far, and those not yet answered.
    uint64_t calls = 0;
    uint32_t in_flight = 0;
    // Out of rotation after repeated failures, for now.
    bool ejected = false;
    // The health check's verdict (true without a health check).
    bool healthy = true;
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
  // Probes every endpoint once and waits for the verdicts (the health thread's round).
  void CheckHealth();
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
  // Pick among the endpoints not ejected and, when `mind_health`, healthy.
  Endpoint* PickAmong(const Snapshot& snapshot, int64_t now_nanos, bool mind_health);
  // Counts a probe's verdict; flips the endpoint's health after enough in a row.
  static void RecordHealth(const BalancerOptions& options, Endpoint& endpoint,
                           const absl::Status& verdict);
  // Counts an attempt's outcome against its endpoint; ejects it when it keeps failing. Static,
  // with the options shared, so a late callback never needs the backend itself.
  static void Observe(const BalancerOptions& options, const Snapshot& snapshot, Endpoint& endpoint,
                      const absl::Status& status);
  void RefreshLoop();
  void HealthLoop();

  const std::unique_ptr<Resolver> resolver_;
  const TransportFactory factory_;
  // Shared with the callbacks of calls and probes, which may outlive the backend at shutdown.
  const std::shared_ptr<const BalancerOptions> options_;
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
  std::thread health_checker_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_DISCOVERY_BALANCED_BACKEND_H_
