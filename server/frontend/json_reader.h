// Reads proto3 JSON into a protobuf message straight through reflection, in one pass over the
// text: the HTTP front end's request path, where protobuf 3.21's JsonUtil goes through a type
// resolver and an intermediate binary conversion. It accepts what JsonUtil accepts and refuses
// what it refuses (a differential test holds it to that), naming the offending field, except
// that raw control characters in strings are refused as RFC 8259 says (JsonUtil takes them).
#ifndef DRAGOMAN_SERVER_FRONTEND_JSON_READER_H_
#define DRAGOMAN_SERVER_FRONTEND_JSON_READER_H_

#include <google/protobuf/message.h>

#include <string_view>

#include "absl/status/status.h"

namespace dragoman {

// Merges the JSON object `json` into `message`. Field names may be the .proto's or their JSON
// names; unknown fields are InvalidArgument naming them unless `ignore_unknown_fields`.
// Well-known types (google.protobuf.*) are delegated to JsonUtil. Nesting beyond 100 levels is
// refused.
absl::Status ReadJson(std::string_view json, bool ignore_unknown_fields,
                      google::protobuf::Message* message);

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_FRONTEND_JSON_READER_H_
