// Fuzzes the config parser (YAML -> JSON -> proto) with arbitrary text.
#include <cstdint>
#include <string_view>

#include "server/config/config_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config =
      dragoman::config::ParseConfig(std::string_view(reinterpret_cast<const char*>(data), size));
  if (config.ok()) (void)dragoman::config::Normalize(*config);
  return 0;
}
