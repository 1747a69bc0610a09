// Fuzzes what a mainframe program host can send back, and what reaches a copybook mock: every
// byte string goes through a generated record translator of the test copybook service
// (REDEFINES chosen by rule, fixed and OCCURS DEPENDING ON tables, every usage and code page
// conversion): DecodeReply, or the mock side's DecodeRequest, as the first byte says.
#include <google/protobuf/arena.h>

#include <cstdint>
#include <string>

#include "records.dragoman.h"
#include "records.pb.h"
#include "translators/runtime/record_method.h"

namespace {

const dragoman::records::RecordMethod& Method() {
  // Kept reachable for the process's life, so LeakSanitizer sees no leak.
  static const dragoman::TranslatorRegistry* registry = [] {
    auto* r = new dragoman::TranslatorRegistry();
    if (!dragoman::generated::records::Register(*r).ok()) __builtin_trap();
    return r;
  }();
  static const auto* method = dynamic_cast<const dragoman::records::RecordMethod*>(
      registry->Find("/records.test.CustomerService/Inquire"));
  return *method;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string record(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) {
    std::string reply;
    (void)Method().DecodeReply(record, &reply);
  } else {
    google::protobuf::Arena arena;
    auto* request = google::protobuf::Arena::CreateMessage<records::test::CustomerRequest>(&arena);
    (void)Method().DecodeRequest(record, request);
  }
  return 0;
}
