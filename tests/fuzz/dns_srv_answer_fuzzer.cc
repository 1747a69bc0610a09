// Fuzzes what a DNS server can answer to an SRV question: any byte string through the SRV answer
// parser (libresolv's message parsing, then the SRV records and their target names).
#include <cstdint>
#include <string_view>

#include "server/discovery/resolver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<std::vector<dragoman::ResolvedEndpoint>> endpoints = dragoman::ParseSrvAnswer(
      std::string_view(reinterpret_cast<const char*>(data), size), "_fuzz._tcp.test");
  if (endpoints.ok()) {
    for (const auto& endpoint : *endpoints) {
      if (endpoint.host.empty()) __builtin_trap();  // empty targets are left out
    }
  }
  return 0;
}
