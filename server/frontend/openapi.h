// The OpenAPI 3.1 document of what the HTTP front end serves: every routed method's Connect
// path and REST bindings, with JSON Schemas of the messages as the proto3 JSON mapping writes
// them, and the one error shape.
#ifndef DRAGOMAN_SERVER_FRONTEND_OPENAPI_H_
#define DRAGOMAN_SERVER_FRONTEND_OPENAPI_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/frontend/http_frontend.h"
#include "server/router/route_table.h"

namespace dragoman {

// The document as JSON. Field names follow `json` (lowerCamelCase unless proto_field_names);
// descriptions come from the schema documentation the .proto's comments carry (WSDL/XSD
// documentation, copybook items, or the user's own comments) and from the mapping options (the
// XML element or COBOL item a field stands for). InvalidArgument names a method whose
// google.api.http option does not parse.
absl::StatusOr<std::string> OpenApiDocument(const RouteTable& routes, const JsonOptions& json);

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_FRONTEND_OPENAPI_H_
