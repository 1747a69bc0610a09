// Converts a YAML node to a protobuf message through the proto3 JSON mapping, checking every key
// against the descriptor so that mistakes are reported with their path.
#ifndef DRAGOMAN_SERVER_CONFIG_YAML_MESSAGE_H_
#define DRAGOMAN_SERVER_CONFIG_YAML_MESSAGE_H_

#include <google/protobuf/message.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace dragoman::config {

// yaml-cpp parses recursively, so deeply nested input would exhaust the stack before any
// depth check on the parsed tree could run. Rejects text whose flow nesting ([ {) or block
// indentation goes beyond what any real file needs; call before YAML::Load.
absl::Status CheckYamlNesting(std::string_view text);

// Fills `out` from `node`. Keys may be snake_case or lowerCamelCase; durations are written
// "250ms", "2s" or "1m". Unknown keys and bad values are InvalidArgument naming `path`.key.
absl::Status YamlToMessage(const YAML::Node& node, const std::string& path,
                           google::protobuf::Message* out);

}  // namespace dragoman::config

#endif  // DRAGOMAN_SERVER_CONFIG_YAML_MESSAGE_H_
