// Fuzzes what a legacy SOAP server can send back: every byte string goes through a generated
// translator's DecodeReply (XML pre-scan, pugixml, envelope, fault and body readers). The first
// byte picks the translator so every generated reader gets inputs.
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& translators = dragoman::fuzz::Registry().all();
  if (size == 0 || translators.empty()) return 0;
  const auto& translator = translators[data[0] % translators.size()];
  std::string payload(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string reply;
  (void)translator->DecodeReply(payload, &reply);
  return 0;
}
