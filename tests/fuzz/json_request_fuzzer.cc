// Fuzzes what an HTTP caller can send as a JSON request: every byte string goes through the
// HTTP front end's JSON reader into a message type of the test schemas (the first byte picks
// it), with unknown fields refused or skipped (the second byte's low bit).
#include <google/protobuf/arena.h>

#include <cstdint>
#include <set>
#include <string_view>
#include <vector>

#include "constructs.dragoman.h"
#include "records.dragoman.h"
#include "server/frontend/json_reader.h"
#include "translators/runtime/translator.h"

namespace {

const std::vector<const google::protobuf::Descriptor*>& Types() {
  static const auto* types = [] {
    static dragoman::TranslatorRegistry registry;
    if (!dragoman::generated::constructs::Register(registry).ok() ||
        !dragoman::generated::records::Register(registry).ok()) {
      __builtin_trap();
    }
    std::set<const google::protobuf::Descriptor*> seen;
    for (const auto& translator : registry.all()) {
      seen.insert(translator->method()->input_type());
      seen.insert(translator->method()->output_type());
    }
    return new std::vector<const google::protobuf::Descriptor*>(seen.begin(), seen.end());
  }();
  return *types;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto& types = Types();
  const auto* type = types[data[0] % types.size()];
  google::protobuf::Arena arena;
  google::protobuf::Message* message =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New(&arena);
  (void)dragoman::ReadJson(std::string_view(reinterpret_cast<const char*>(data + 2), size - 2),
                           (data[1] & 1) != 0, message);
  return 0;
}
