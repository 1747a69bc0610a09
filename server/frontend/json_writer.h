// Writes a protobuf message as proto3 JSON straight from reflection, in one pass into one
// string: the HTTP front end's reply path, where protobuf 3.21's JsonUtil goes through a type
// resolver and an intermediate binary conversion. Its output parses to the same JSON as
// JsonUtil's (a differential test holds it to that).
#ifndef DRAGOMAN_SERVER_FRONTEND_JSON_WRITER_H_
#define DRAGOMAN_SERVER_FRONTEND_JSON_WRITER_H_

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"

namespace dragoman {

// Appends `message` as proto3 JSON. `emit_defaults` writes singular scalar fields without
// presence at their default value too; `proto_field_names` writes the .proto's names instead
// of lowerCamelCase. Well-known types (google.protobuf.*) are delegated to JsonUtil.
absl::Status WriteJson(const google::protobuf::Message& message, bool emit_defaults,
                       bool proto_field_names, std::string* out);

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_FRONTEND_JSON_WRITER_H_
