// One call through its route, whatever front end received it: request headers taken from the
// caller's metadata, the translator's encoding, the backend, the decoding, the log line.
#ifndef DRAGOMAN_SERVER_ROUTER_CALL_H_
#define DRAGOMAN_SERVER_ROUTER_CALL_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "server/router/route_table.h"
#include "translators/runtime/header_metadata.h"

namespace dragoman {

// What a call produced.
struct CallOutcome {
  absl::Status status;
  // The serialized reply message (when status is OK).
  std::string reply_bytes;
  // Reply headers the .proto moves to response metadata.
  HeaderMetadata::Pairs reply_metadata;
};

// Called once with the outcome: inline for failures before the backend, else on a backend
// thread.
using CallDone = absl::AnyInvocable<void(CallOutcome) &&>;

// A fresh request id (32 hex digits).
std::string NewRequestId();
// True when a caller's request id may be kept: short, and made of characters that cannot forge
// or split a log field.
bool IsSafeRequestId(std::string_view id);

// The instant no backend attempt may outlive: the caller's deadline capped by the route's
// max_timeout from now, or the route's timeout from now when the caller sets none.
std::chrono::steady_clock::time_point EffectiveDeadline(
    const Route& route, std::optional<std::chrono::steady_clock::time_point> caller_deadline);

// Runs a call of `route`'s method with the serialized request `request_bytes`; `metadata`
// answers for the caller's metadata (request headers the .proto maps there) and is used before
// RunCall returns. Writes the call's log line and calls `done` once. A route at its
// max_concurrency fails the call RESOURCE_EXHAUSTED at once. `cancellation`, when the front
// end has one, ends the backend attempt early once the caller is gone. The route must outlive
// the call.
void RunCall(const Route& route, std::string_view request_bytes, HeaderMetadata::Lookup metadata,
             std::chrono::steady_clock::time_point deadline, std::string request_id, CallDone done,
             std::shared_ptr<Cancellation> cancellation = nullptr);

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_ROUTER_CALL_H_
