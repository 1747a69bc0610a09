// One configured backend as the router sees it: per endpoint a transport (SOAP/HTTP or framed
// TCP), spread over by a BalancedBackend fed by the configured or discovered endpoints, behind
// the ResilientBackend's retries, breaker and limits.
#ifndef DRAGOMAN_SERVER_BACKENDS_BACKEND_STACK_H_
#define DRAGOMAN_SERVER_BACKENDS_BACKEND_STACK_H_

#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "dragoman/config.pb.h"
#include "server/backends/backend.h"
#include "server/net/event_loops.h"
#include "translators/runtime/translator.h"

namespace dragoman {

// Builds the stack of a normalized config backend; a health check's probe is encoded by the
// translator `registry` has for its method, which must be safe to repeat: marked idempotent in
// its schema or listed in `idempotent_by_config` ("/pkg.Service/Method" paths the config's
// routes declare idempotent). InvalidArgument names the backend and the endpoint or setting
// that cannot be used. `loops` and `registry` must outlive the result.
absl::StatusOr<std::unique_ptr<Backend>> MakeBackendStack(
    EventLoops& loops, const config::Backend& backend, const TranslatorRegistry& registry,
    const std::set<std::string>& idempotent_by_config = {});

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_BACKENDS_BACKEND_STACK_H_
