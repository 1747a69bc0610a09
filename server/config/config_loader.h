// Loads dragoman.yaml: YAML -> JSON -> dragoman.config.Config, with every problem reported by its
// key path, and safe defaults filled in.
#ifndef DRAGOMAN_SERVER_CONFIG_CONFIG_LOADER_H_
#define DRAGOMAN_SERVER_CONFIG_CONFIG_LOADER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dragoman/config.pb.h"

namespace dragoman::config {

// Parses YAML text into a Config. Unknown keys, wrong value types and malformed durations are
// InvalidArgument errors naming the key path (e.g. "backends[0].soap.endpoint: unknown key").
absl::StatusOr<Config> ParseConfig(std::string_view yaml_text);

// Reads and parses a config file; errors name the file.
absl::StatusOr<Config> LoadConfigFile(const std::string& path);

// Fills defaults (listen address, timeouts, limits) and checks cross references: unique backend
// names, routes naming existing backends, endpoints present, forwarded header names (lowercased)
// allowed and only toward SOAP backends.
absl::Status Normalize(Config& config);

}  // namespace dragoman::config

#endif  // DRAGOMAN_SERVER_CONFIG_CONFIG_LOADER_H_
