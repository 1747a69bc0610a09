// SOAP over plain HTTP/1.1: one POST per call on pooled keep-alive connections.
#ifndef DRAGOMAN_SERVER_BACKENDS_SOAP_HTTP_BACKEND_H_
#define DRAGOMAN_SERVER_BACKENDS_SOAP_HTTP_BACKEND_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dragoman/config.pb.h"
#include "server/backends/backend.h"
#include "server/net/event_loops.h"

namespace dragoman {

namespace soap_http_internal {
struct Settings;
class LoopPool;
}  // namespace soap_http_internal

// A SOAP/HTTP backend. Each event loop keeps its own connection pool per endpoint, so a call
// never takes a lock: Send posts to a loop and the whole call (connect, write, read, pooling)
// runs there. max_connections and max_idle_connections therefore apply per endpoint per loop.
//
// The one retry done here is for a pooled connection whose write failed before its first byte:
// that request provably never left, so it is sent once more on a fresh connection. Other
// failures are reported (connect failures as UNAVAILABLE, for the caller's retry policy), each
// with a dragoman.CallInfo detail whose in_doubt says whether any request byte may have left.
class SoapHttpBackend : public Backend {
 public:
  // Validates `config` (http:// endpoints only, non-negative timeouts), fills the defaults that
  // config.proto documents, and builds the per-loop pools. `loops` must outlive the backend.
  static absl::StatusOr<std::unique_ptr<SoapHttpBackend>> Create(
      EventLoops& loops, std::string name, const dragoman::config::SoapBackend& config);

  // Closes idle connections on their loops; calls in flight finish on their own.
  ~SoapHttpBackend() override;

  SoapHttpBackend(const SoapHttpBackend&) = delete;
  SoapHttpBackend& operator=(const SoapHttpBackend&) = delete;

  // Runs the call on the caller's loop if it is on one, else on the next loop round robin;
  // `done` runs exactly once on that loop (or, if the loops are torn down first, while they are
  // destroyed).
  void Send(BackendRequest request, CallContext context, ReplyCallback done) override;

  // The backend's name from the configuration, as it appears in error messages.
  const std::string& name() const;

 private:
  SoapHttpBackend(EventLoops& loops, std::shared_ptr<const soap_http_internal::Settings> settings);

  EventLoops& loops_;
  std::shared_ptr<const soap_http_internal::Settings> settings_;
  // One pool per loop, indexed like the loops; each is only touched on its own loop thread.
  std::vector<std::shared_ptr<soap_http_internal::LoopPool>> pools_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_BACKENDS_SOAP_HTTP_BACKEND_H_
