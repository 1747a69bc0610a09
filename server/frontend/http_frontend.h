// The HTTP/JSON front end: every routed method over HTTP/1.1 as a unary call of the Connect
// protocol (POST /<package>.<Service>/<Method>, a JSON or binary protobuf body), so stock
// Connect clients, curl and scripts reach the same methods as gRPC callers, through the same
// call path and with no per-service code.
#ifndef DRAGOMAN_SERVER_FRONTEND_HTTP_FRONTEND_H_
#define DRAGOMAN_SERVER_FRONTEND_HTTP_FRONTEND_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "server/http/http_server.h"
#include "server/router/route_table.h"

namespace dragoman {

// Connect's name of a status code ("not_found"; "canceled" for CANCELLED).
std::string_view ConnectCodeName(absl::StatusCode code);
// The HTTP status the Connect protocol gives an error code (NOT_FOUND 404, UNAVAILABLE 503...).
int ConnectHttpStatus(absl::StatusCode code);

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

// Serves a route table's methods to an HttpServer.
class HttpFrontend : public HttpHandler {
 public:
  HttpFrontend(std::shared_ptr<const RouteTable> routes, JsonOptions json);

  void Handle(HttpRequest request, ResponseWriter respond) override;

 private:
  std::shared_ptr<const RouteTable> routes_;
  JsonOptions json_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_FRONTEND_HTTP_FRONTEND_H_
