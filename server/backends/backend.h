// The interface between the router and a legacy system's transport.
#ifndef DRAGOMAN_SERVER_BACKENDS_BACKEND_H_
#define DRAGOMAN_SERVER_BACKENDS_BACKEND_H_

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "server/backends/cancellation.h"
#include "translators/runtime/translator.h"

namespace dragoman {

// Per-call facts a backend needs besides the bytes.
struct CallContext {
  // No attempt starts after this instant, and none outlives it.
  std::chrono::steady_clock::time_point deadline;
  // Correlates the call across logs, errors and the backend (sent as X-Request-Id).
  std::string request_id;
  // Extra HTTP headers for the legacy request (name, value), names lowercase and allowed
  // (config checked); HTTP backends only.
  std::vector<std::pair<std::string, std::string>> headers;
  // The method is safe to repeat after the request may have reached the backend.
  bool idempotent = false;
  // Names of legacy reply HTTP headers to hand back in BackendReply::headers; not owned, null
  // for none. Must outlive the call (the route's list does).
  const std::vector<std::string>* reply_headers = nullptr;
  // Set when the front end can learn that the caller is gone; the transport then ends the
  // attempt (CANCELLED, in doubt if bytes left) and closes or frees its connection.
  std::shared_ptr<Cancellation> cancellation;
};

// What came back from the legacy system.
struct BackendReply {
  // The reply body (a SOAP envelope, later a record).
  std::string payload;
  // HTTP status for HTTP backends.
  int http_status = 0;
  // The reply headers CallContext::reply_headers asked for that the reply carried.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Called exactly once per Send, on a backend thread.
using ReplyCallback = absl::AnyInvocable<void(absl::StatusOr<BackendReply>) &&>;

// A legacy system reached over some transport. Send never blocks. Failures carry the status of
// DESIGN.md's table: UNAVAILABLE when the request was provably never sent; UNKNOWN with a
// dragoman.CallInfo detail marked in_doubt when it may have been; DEADLINE_EXCEEDED when the
// deadline passed (also marked in doubt if bytes had been written).
class Backend {
 public:
  virtual ~Backend() = default;
  // Sends one request and calls `done` with the reply or the failure.
  virtual void Send(BackendRequest request, CallContext context, ReplyCallback done) = 0;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_BACKENDS_BACKEND_H_
