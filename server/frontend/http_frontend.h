// The HTTP/JSON front end: every routed method over HTTP/1.1 as a unary call of the Connect
// protocol (POST /<package>.<Service>/<Method>, a JSON or binary protobuf body), so stock
// Connect clients, curl and scripts reach the same methods as gRPC callers, through the same
// call path and with no per-service code.
#ifndef DRAGOMAN_SERVER_FRONTEND_HTTP_FRONTEND_H_
#define DRAGOMAN_SERVER_FRONTEND_HTTP_FRONTEND_H_

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "server/frontend/http_rule.h"
#include "server/http/http_server.h"
#include "server/router/route_table.h"

namespace dragoman {

// Connect's name of a status code ("not_found"; "canceled" for CANCELLED).
std::string_view ConnectCodeName(absl::StatusCode code);
// The HTTP status the Connect protocol gives an error code (NOT_FOUND 404, UNAVAILABLE 503...).
int ConnectHttpStatus(absl::StatusCode code);

// The HTTP status of each gRPC code (indexed by the code).
using HttpStatusTable = std::array<int, 17>;

// How JSON is written and read.
struct JsonOptions {
  // Write fields at their default value (0, "", false) too: callers in most stacks expect every
  // field present.
  bool emit_defaults = true;
  // Write the .proto's field names instead of lowerCamelCase JSON names. Either is accepted
  // on input.
  bool proto_field_names = false;
  // Accept and ignore fields the message does not have; by default they are errors that name
  // the field.
  bool ignore_unknown_fields = false;
};

// Serves a route table's methods to an HttpServer: as Connect unary calls at
// /<package>.<Service>/<Method> (POST; GET too for side-effect-free methods), and at the REST paths
// of their google.api.http options; and their OpenAPI document at /openapi.json.
class HttpFrontend : public HttpHandler {
 public:
  // Compiles the REST bindings of every routed method; InvalidArgument names a method whose
  // google.api.http option does not parse. `status_overrides` (gRPC code name -> HTTP status)
  // replaces Connect's HTTP status of those codes.
  static absl::StatusOr<std::unique_ptr<HttpFrontend>> Create(
      std::shared_ptr<const RouteTable> routes, JsonOptions json,
      const std::map<std::string, uint32_t>& status_overrides = {});

  void Handle(HttpRequest request, ResponseWriter respond) override;
  // The server's own answers (408, 413, 431, 400) in the same Connect error shape.
  void DescribeError(unsigned status, std::string_view message,
                     HttpResponse* response) const override;

  // REST bindings served, for the startup log line.
  size_t rest_bindings() const { return rest_.size(); }

 private:
  // A REST binding and the route of its method.
  struct RestRoute {
    HttpBinding binding;
    const Route* route;
  };

  HttpFrontend(std::shared_ptr<const RouteTable> routes, JsonOptions json);
  // A Connect unary call of `route`: POST, or GET with the message in the query for methods
  // marked idempotency_level = NO_SIDE_EFFECTS.
  void HandleConnect(const Route& route, HttpRequest request, std::string request_id,
                     ResponseWriter respond);
  // Reads the request message from `request`'s body (JSON or binary), then dispatches it.
  void ReadConnectUnary(const Route& route, HttpRequest request, bool json, std::string request_id,
                        ResponseWriter respond);
  // A REST call, when some binding's verb and template match; false when none does.
  bool HandleRest(HttpRequest& request, const std::string& request_id, ResponseWriter& respond);
  // Runs the call and answers: JSON (only `response_body` of the reply when set) or protobuf.
  void Dispatch(const Route& route, std::shared_ptr<HttpRequest> request, std::string request_bytes,
                bool json, std::string response_body,
                std::optional<std::chrono::steady_clock::time_point> caller_deadline,
                std::string request_id, ResponseWriter respond);

  std::shared_ptr<const RouteTable> routes_;
  JsonOptions json_;
  std::vector<RestRoute> rest_;
  // The OpenAPI document, served at GET /openapi.json.
  std::string openapi_;
  std::shared_ptr<const HttpStatusTable> statuses_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_FRONTEND_HTTP_FRONTEND_H_
