// The immutable map from a gRPC method to its translator, backend and call policy. A config
// reload builds a new table and swaps it in whole; calls in flight keep the one they started with.
#ifndef DRAGOMAN_SERVER_ROUTER_ROUTE_TABLE_H_
#define DRAGOMAN_SERVER_ROUTER_ROUTE_TABLE_H_

#include <google/protobuf/message.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dragoman/config.pb.h"
#include "server/backends/backend.h"
#include "server/resilience/concurrency_limit.h"
#include "translators/runtime/header_metadata.h"
#include "translators/runtime/translator.h"

namespace dragoman {

// Everything the front end needs to serve one method.
struct Route {
  const Translator* translator = nullptr;
  Backend* backend = nullptr;
  std::string backend_name;
  // Deadline when the caller sets none.
  std::chrono::milliseconds timeout{30000};
  // Cap on the caller's deadline.
  std::chrono::milliseconds max_timeout{30000};
  // Safe to repeat after the request may have reached the backend (schema or config).
  bool idempotent = false;
  // Calls of the route in flight at once; null when unlimited. Shared by the routes one config
  // route matched.
  std::shared_ptr<ConcurrencyLimit> concurrency;
  // soap:Header fields that travel as gRPC metadata.
  HeaderMetadata header_metadata;
  // Caller metadata keys passed to the legacy request as HTTP headers (lowercase).
  std::vector<std::string> forward_request_headers;
  // Legacy reply HTTP headers passed back as response metadata (lowercase).
  std::vector<std::string> forward_reply_headers;
  // The generated request and reply types, resolved once (the factory's lookup takes a lock),
  // for front ends that build messages themselves (the HTTP/JSON one).
  const google::protobuf::Message* request_prototype = nullptr;
  const google::protobuf::Message* reply_prototype = nullptr;
};

// True when config `route` matches `method`: its service ("pkg.Service") or the method itself
// ("pkg.Service/Method").
bool RouteMatches(const config::Route& route, const google::protobuf::MethodDescriptor* method);

// Method path -> Route, built once and never modified.
class RouteTable {
 public:
  // Routes every translator matched by a config route ("pkg.Service" or "pkg.Service/Method";
  // the most specific match wins). A route that matches no translator is an error, as is a
  // backend name missing from `backends`. The registry must outlive the table.
  static absl::StatusOr<std::shared_ptr<const RouteTable>> Build(
      const config::Config& config, const TranslatorRegistry& registry,
      const std::map<std::string, Backend*>& backends);

  // The route of "/pkg.Service/Method", or null.
  const Route* Find(std::string_view method_path) const;
  // Routed method paths grouped by service full name, sorted.
  std::map<std::string, std::vector<std::string>> MethodsByService() const;
  // The schema documentation of an element of a routed method's .proto (see SchemaDoc), or "".
  std::string_view DocOf(std::string_view full_name) const;

 private:
  std::map<std::string, Route, std::less<>> routes_;
  const TranslatorRegistry* registry_ = nullptr;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_ROUTER_ROUTE_TABLE_H_
