// Default REST mappings the generator can write into a .proto: each method without a
// google.api.http rule gets `post: "<prefix>/<Service>/<Method>" body: "*"`, so REST callers
// (grpc-gateway, Envoy's transcoder, Dragoman's HTTP front end) have a path without an edited
// .proto.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_DEFAULT_HTTP_RULES_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_DEFAULT_HTTP_RULES_H_

#include <string_view>

#include "absl/status/status.h"
#include "translators/codegen/model.h"

namespace dragoman::codegen {

// Adds the default rule to every method of `file` that has none. `prefix` starts with '/' and
// does not end with one ("/api"; "" for none); InvalidArgument otherwise.
absl::Status AddDefaultHttpRules(std::string_view prefix, FileModel* file);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_DEFAULT_HTTP_RULES_H_
