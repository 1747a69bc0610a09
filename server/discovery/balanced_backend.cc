#include "server/discovery/balanced_backend.h"

#include <algorithm>
#include <random>

#include "dragoman/errors.pb.h"
#include "server/observability/log.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using Clock = std::chrono::steady_clock;

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// A failure that says something about the endpoint, not about the caller's own limits,
// values or cancellation.
bool CountsAgainstEndpoint(absl::StatusCode code) {
  return code != absl::StatusCode::kOk && code != absl::StatusCode::kInvalidArgument &&
         code != absl::StatusCode::kResourceExhausted && code != absl::StatusCode::kCancelled;
}

}  // namespace

struct BalancedBackend::Endpoint {
  ResolvedEndpoint endpoint;
  std::shared_ptr<Backend> transport;
  std::atomic<uint32_t> in_flight{0};
  std::atomic<uint64_t> calls{0};
  std::atomic<uint32_t> consecutive_failures{0};
  std::atomic<uint32_t> times_ejected{0};
  // NowNanos() until which the endpoint gets no calls.
  std::atomic<int64_t> ejected_until{0};
  // The health check's verdict, and the probes in a row that disagreed with it.
  std::atomic<bool> healthy{true};
  std::atomic<uint32_t> health_streak{0};

  bool Available(int64_t now) const { return ejected_until.load(std::memory_order_relaxed) <= now; }
  bool Usable(int64_t now, bool mind_health) const {
    return Available(now) && (!mind_health || healthy.load(std::memory_order_relaxed));
  }
  // Weight 0 is "as rarely as possible" in RFC 2782; among equals it is an equal share.
  uint32_t Share(bool all_zero) const { return all_zero ? 1 : endpoint.weight; }
};

struct BalancedBackend::Snapshot {
  // Sorted by priority; `groups` are [begin, end) ranges of one priority each.
  std::vector<std::shared_ptr<Endpoint>> endpoints;
  std::vector<std::pair<size_t, size_t>> groups;
};

BalancedBackend::BalancedBackend(std::unique_ptr<Resolver> resolver, TransportFactory factory,
                                 BalancerOptions options)
    : resolver_(std::move(resolver)),
      factory_(std::move(factory)),
      options_(std::make_shared<const BalancerOptions>(std::move(options))),
      snapshot_(std::make_shared<const Snapshot>()) {
  first_resolution_ = Refresh();
  if (!first_resolution_.ok()) {
    log::Write(log::Level::kWarn, "discovery",
               StrCat("backend=", options_->name,
                      " error=", log::Quote(ToStd(first_resolution_.message()))));
  }
  refresher_ = std::thread([this] { RefreshLoop(); });
  if (options_->health_check.has_value()) health_checker_ = std::thread([this] { HealthLoop(); });
}

BalancedBackend::~BalancedBackend() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  refresher_.join();
  if (health_checker_.joinable()) health_checker_.join();
}

void BalancedBackend::HealthLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (wake_.wait_for(lock, options_->health_check->interval, [this] { return stopping_; })) {
      return;
    }
    lock.unlock();
    CheckHealth();
    lock.lock();
  }
}

void BalancedBackend::CheckHealth() {
  const HealthCheckOptions& check = *options_->health_check;
  const std::shared_ptr<const Snapshot> snapshot = snapshot_.load();
  // Verdicts come back on transport threads; the round waits for all of them (or the timeout).
  struct Round {
    std::mutex mu;
    std::condition_variable done;
    size_t pending = 0;
  };
  auto round = std::make_shared<Round>();
  round->pending = snapshot->endpoints.size();
  for (const std::shared_ptr<Endpoint>& endpoint : snapshot->endpoints) {
    CallContext context;
    context.deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(check.timeout);
    context.request_id = StrCat("health-", options_->name);
    context.idempotent = true;
    endpoint->transport->Send(
        check.request, std::move(context),
        [options = options_, endpoint, round](absl::StatusOr<BackendReply> result) {
          absl::Status verdict =
              result.ok() ? options->health_check->judge(*result) : result.status();
          RecordHealth(*options, *endpoint, verdict);
          std::lock_guard<std::mutex> guard(round->mu);
          if (--round->pending == 0) round->done.notify_all();
        });
  }
  std::unique_lock<std::mutex> guard(round->mu);
  round->done.wait_for(guard, check.timeout + std::chrono::seconds(1),
                       [&round] { return round->pending == 0; });
}

void BalancedBackend::RecordHealth(const BalancerOptions& options, Endpoint& endpoint,
                                   const absl::Status& verdict) {
  const HealthCheckOptions& check = *options.health_check;
  const bool healthy = endpoint.healthy.load(std::memory_order_relaxed);
  if (verdict.ok() == healthy) {
    endpoint.health_streak.store(0, std::memory_order_relaxed);
    return;
  }
  const uint32_t streak = endpoint.health_streak.fetch_add(1, std::memory_order_relaxed) + 1;
  if (streak < (healthy ? check.unhealthy_threshold : check.healthy_threshold)) return;
  endpoint.healthy.store(!healthy, std::memory_order_relaxed);
  endpoint.health_streak.store(0, std::memory_order_relaxed);
  log::Write(healthy ? log::Level::kWarn : log::Level::kInfo, "health",
             StrCat("backend=", options.name, " endpoint=", endpoint.endpoint.Key(),
                    " healthy=", healthy ? "false" : "true",
                    healthy ? StrCat(" error=", log::Quote(ToStd(verdict.message()))) : ""));
}

void BalancedBackend::RefreshLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (wake_.wait_for(lock, options_->refresh, [this] { return stopping_; })) return;
    lock.unlock();
    if (absl::Status refreshed = Refresh(); !refreshed.ok()) {
      log::Write(log::Level::kWarn, "discovery",
                 StrCat("backend=", options_->name, " kept=", Endpoints().size(),
                        " error=", log::Quote(ToStd(refreshed.message()))));
    }
    lock.lock();
  }
}

absl::Status BalancedBackend::Refresh() {
  absl::StatusOr<std::vector<ResolvedEndpoint>> resolved = resolver_->Resolve();
  if (!resolved.ok()) return WithContext(resolved.status(), "keeping the last good endpoints");
  if (resolved->empty()) {
    return absl::UnavailableError(
        StrCat(resolver_->Describe(), " found no endpoint; keeping the last good endpoints"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  const std::shared_ptr<const Snapshot> current = snapshot_.load();
  std::map<std::string, std::shared_ptr<Endpoint>> previous;
  for (const auto& endpoint : current->endpoints) previous[endpoint->endpoint.Key()] = endpoint;

  auto next = std::make_shared<Snapshot>();
  std::string problems;
  for (const ResolvedEndpoint& found : *resolved) {
    const std::string key = found.Key();
    if (auto it = previous.find(key); it != previous.end() && it->second->endpoint == found) {
      next->endpoints.push_back(it->second);  // unchanged: keeps its counters and ejection
      continue;
    }
    std::shared_ptr<Backend>& transport = transports_[key];
    if (transport == nullptr) {
      absl::StatusOr<std::unique_ptr<Backend>> made = factory_(found);
      if (!made.ok()) {
        StrAppend(&problems, problems.empty() ? "" : "; ", key, ": ", made.status().message());
        transports_.erase(key);
        continue;
      }
      transport = *std::move(made);
    }
    auto endpoint = std::make_shared<Endpoint>();
    endpoint->endpoint = found;
    endpoint->transport = transport;
    next->endpoints.push_back(std::move(endpoint));
  }
  if (next->endpoints.empty()) {
    return absl::UnavailableError(StrCat("no usable endpoint: ", problems));
  }
  std::stable_sort(
      next->endpoints.begin(), next->endpoints.end(),
      [](const auto& a, const auto& b) { return a->endpoint.priority < b->endpoint.priority; });
  for (size_t begin = 0; begin < next->endpoints.size();) {
    size_t end = begin;
    while (end < next->endpoints.size() &&
           next->endpoints[end]->endpoint.priority == next->endpoints[begin]->endpoint.priority) {
      ++end;
    }
    next->groups.emplace_back(begin, end);
    begin = end;
  }
  snapshot_.store(std::move(next));
  if (!problems.empty()) return absl::InvalidArgumentError(problems);
  return absl::OkStatus();
}

BalancedBackend::Endpoint* BalancedBackend::Pick(const Snapshot& snapshot, int64_t now) {
  if (Endpoint* healthy = PickAmong(snapshot, now, /*mind_health=*/true)) return healthy;
  // Every endpoint failed its probes: a probe's word is not enough to refuse every call.
  return options_->health_check.has_value() ? PickAmong(snapshot, now, false) : nullptr;
}

BalancedBackend::Endpoint* BalancedBackend::PickAmong(const Snapshot& snapshot, int64_t now,
                                                      bool mind_health) {
  thread_local std::mt19937_64 random(std::random_device{}());
  for (const auto& group : snapshot.groups) {
    // Named copies, not structured bindings: lambdas below capture them.
    const size_t begin = group.first;
    const size_t end = group.second;
    uint64_t total = 0;
    bool all_zero = true;
    for (size_t i = begin; i < end; ++i) {
      if (snapshot.endpoints[i]->Usable(now, mind_health) &&
          snapshot.endpoints[i]->endpoint.weight > 0) {
        all_zero = false;
      }
    }
    for (size_t i = begin; i < end; ++i) {
      if (snapshot.endpoints[i]->Usable(now, mind_health))
        total += snapshot.endpoints[i]->Share(all_zero);
    }
    if (total == 0) continue;  // every endpoint of this priority is ejected: try the next
    // The endpoint at `point` of the group's available weight, `skip` left out.
    auto at = [&](uint64_t point, const Endpoint* skip = nullptr) -> Endpoint* {
      for (size_t i = begin; i < end; ++i) {
        Endpoint& e = *snapshot.endpoints[i];
        if (&e == skip || !e.Usable(now, mind_health)) continue;
        const uint64_t share = e.Share(all_zero);
        if (point < share) return &e;
        point -= share;
      }
      return nullptr;
    };
    if (!options_->least_request) {
      return at(round_robin_.fetch_add(1, std::memory_order_relaxed) % total);
    }
    // Two distinct endpoints drawn by weight; the one with fewer calls in flight for its
    // weight wins (weights are capacities: 2 in flight on weight 2 is as busy as 1 on 1).
    Endpoint* first = at(std::uniform_int_distribution<uint64_t>(0, total - 1)(random));
    if (first == nullptr) return nullptr;
    const uint64_t rest = total - first->Share(all_zero);
    if (rest == 0) return first;
    Endpoint* second = at(std::uniform_int_distribution<uint64_t>(0, rest - 1)(random), first);
    if (second == nullptr) return first;
    const uint64_t first_load = (first->in_flight.load(std::memory_order_relaxed) + 1) *
                                std::max<uint64_t>(1, second->Share(all_zero));
    const uint64_t second_load = (second->in_flight.load(std::memory_order_relaxed) + 1) *
                                 std::max<uint64_t>(1, first->Share(all_zero));
    return second_load < first_load ? second : first;
  }
  return nullptr;
}

void BalancedBackend::Send(BackendRequest request, CallContext context, ReplyCallback done) {
  std::shared_ptr<const Snapshot> snapshot = snapshot_.load();
  Endpoint* endpoint = Pick(*snapshot, NowNanos());
  if (endpoint == nullptr) {
    absl::Status status = absl::UnavailableError(
        StrCat("backend ", options_->name, ": ",
               snapshot->endpoints.empty() ? StrCat("no endpoints (", resolver_->Describe(), ")")
                                           : "every endpoint is ejected after repeated failures"));
    CallInfo info;
    info.set_request_id(context.request_id);
    info.set_backend(options_->name);
    AttachDetail(status, info);
    std::move(done)(std::move(status));
    return;
  }
  endpoint->in_flight.fetch_add(1, std::memory_order_relaxed);
  endpoint->calls.fetch_add(1, std::memory_order_relaxed);
  std::shared_ptr<Backend> transport = endpoint->transport;
  transport->Send(std::move(request), std::move(context),
                  [options = options_, snapshot = std::move(snapshot), endpoint,
                   done = std::move(done)](absl::StatusOr<BackendReply> result) mutable {
                    endpoint->in_flight.fetch_sub(1, std::memory_order_relaxed);
                    Observe(*options, *snapshot, *endpoint, result.status());
                    std::move(done)(std::move(result));
                  });
}

void BalancedBackend::Observe(const BalancerOptions& options, const Snapshot& snapshot,
                              Endpoint& endpoint, const absl::Status& status) {
  if (!CountsAgainstEndpoint(status.code())) {
    if (status.ok()) endpoint.consecutive_failures.store(0, std::memory_order_relaxed);
    return;
  }
  const OutlierOptions& outlier = options.outlier;
  if (outlier.consecutive_failures == 0) return;
  if (endpoint.consecutive_failures.fetch_add(1, std::memory_order_relaxed) + 1 <
      outlier.consecutive_failures) {
    return;
  }
  const int64_t now = NowNanos();
  if (!endpoint.Available(now)) return;  // already out
  size_t ejected = 0;
  for (const auto& e : snapshot.endpoints) ejected += e->Available(now) ? 0 : 1;
  if ((ejected + 1) * 100 > outlier.max_ejection_percent * snapshot.endpoints.size()) return;
  const uint32_t times = endpoint.times_ejected.fetch_add(1, std::memory_order_relaxed) + 1;
  const std::chrono::nanoseconds length =
      std::min(outlier.max_ejection_time, outlier.base_ejection_time * times);
  endpoint.ejected_until.store(now + length.count(), std::memory_order_relaxed);
  endpoint.consecutive_failures.store(0, std::memory_order_relaxed);
  log::Write(log::Level::kWarn, "ejected",
             StrCat("backend=", options.name, " endpoint=", endpoint.endpoint.Key(), " for_ms=",
                    length.count() / 1000000, " after=", log::Quote(ToStd(status.message()))));
}

std::vector<BalancedBackend::EndpointStatus> BalancedBackend::Endpoints() const {
  const std::shared_ptr<const Snapshot> snapshot = snapshot_.load();
  const int64_t now = NowNanos();
  std::vector<EndpointStatus> out;
  for (const auto& e : snapshot->endpoints) {
    out.push_back(
        {e->endpoint, e->calls.load(), e->in_flight.load(), !e->Available(now), e->healthy.load()});
  }
  return out;
}

}  // namespace dragoman
