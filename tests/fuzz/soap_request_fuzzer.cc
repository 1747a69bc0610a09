// Fuzzes what a caller can send to `dragoman mock`: every byte string goes through a generated
// method's DecodeRequest, the mock's request parser. The first byte picks the method.
#include <google/protobuf/message.h>

#include <cstdint>
#include <memory>
#include <string>

#include "tests/fuzz/fuzz_registry.h"
#include "translators/runtime/soap_method.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& translators = dragoman::fuzz::Registry().all();
  if (size == 0 || translators.empty()) return 0;
  const auto* method = dynamic_cast<const dragoman::soap::SoapMethod*>(
      translators[data[0] % translators.size()].get());
  if (method == nullptr) return 0;
  std::unique_ptr<google::protobuf::Message> request(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method->method()->input_type())
          ->New());
  std::string payload(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)method->DecodeRequest(payload, request.get());
  return 0;
}
