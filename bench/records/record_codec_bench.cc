// Record translation cost per field, side by side with its baseline in one run.
//
// Measured: a generated record translator's DecodeReply (record -> serialized protobuf) and
// its encoding (serialized protobuf -> record), and, as the baseline, the interpretive
// decoder and encoder of `dragoman records` (record <-> JSON over the parsed copybook) on the
// same bytes. Two records: Cobrix test1 filled to 80 accounts (2202 bytes, the corpus's
// largest record, mostly text and packed decimals), and the test copybook service's reply
// (every usage: binary, COMP-5, packed up to 20 digits, zoned, floats, P-scaling, national,
// edited, fixed and OCCURS DEPENDING ON tables). Each benchmark reports ns per field, a field
// being one elementary value (each table entry's values counted).
#include <benchmark/benchmark.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/common/sample_records.h"
#include "bench_records.dragoman.h"
#include "bench_records.pb.h"
#include "bench_test1.dragoman.h"
#include "bench_test1.pb.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/codegen/record_decoder.h"
#include "translators/codegen/record_encoder.h"
#include "translators/runtime/record_method.h"

namespace {

using dragoman::records::RecordMethod;

// Elementary values in `message`, table entries each counted.
int CountFields(const google::protobuf::Message& message) {
  int count = 0;
  const auto* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    const int n = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < n; ++i) {
      if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
        ++count;
      } else if (field->is_repeated()) {
        count += CountFields(reflection->GetRepeatedMessage(message, field, i));
      } else {
        count += CountFields(reflection->GetMessage(message, field));
      }
    }
  }
  return count;
}

// One record to translate, with everything each benchmark needs.
struct Fixture {
  const RecordMethod* method = nullptr;
  std::string record;       // the reply record
  std::string reply_bytes;  // the same values, serialized
  int fields = 0;
  dragoman::codegen::CopybookItem layout;  // for the interpretive baseline
  std::string json;                        // the baseline's form of the record
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const RecordMethod* Find(const dragoman::TranslatorRegistry& registry, const char* path) {
  return dynamic_cast<const RecordMethod*>(registry.Find(path));
}

// Fills `reply` through the method's own encoder, then derives the rest.
Fixture Make(const RecordMethod* method, const google::protobuf::Message& reply,
             const std::string& copybook) {
  Fixture f;
  f.method = method;
  if (!method->EncodeReply(reply, &f.record).ok()) std::abort();
  std::string bytes;
  std::string record = f.record;
  if (!method->DecodeReply(record, &bytes).ok()) std::abort();
  std::unique_ptr<google::protobuf::Message> decoded(reply.New());
  decoded->ParseFromString(bytes);
  f.fields = CountFields(*decoded);
  f.reply_bytes = bytes;
  auto layouts = dragoman::codegen::ParseCopybook(ReadFile(copybook), copybook);
  if (!layouts.ok()) std::abort();
  for (auto& item : *layouts) {
    if (item.name ==
        method->method()->output_type()->options().GetExtension(dragoman::cobol_record).name()) {
      f.layout = item;
    }
  }
  dragoman::codegen::RecordDecodeOptions options;
  options.code_page = method->dialect().code_page;
  if (!dragoman::codegen::DecodeRecordToJson(f.layout, f.record, options, &f.json).ok()) {
    std::abort();
  }
  return f;
}

const Fixture& Test1() {
  static const Fixture fixture = [] {
    static dragoman::TranslatorRegistry registry;
    if (!dragoman::generated::bench_test1::Register(registry).ok()) std::abort();
    const bench::cobrix::Record reply = dragoman::bench::Test1Record(80);
    return Make(
        Find(registry, "/bench.cobrix.Test1Service/Read"), reply,
        std::string(DRAGOMAN_BENCH_CORPUS_DIR) + "/copybooks/cobrix/test1/test1_copybook.cob");
  }();
  return fixture;
}

const Fixture& EveryUsage() {
  static const Fixture fixture = [] {
    static dragoman::TranslatorRegistry registry;
    if (!dragoman::generated::bench_records::Register(registry).ok()) std::abort();
    const bench::records::CustomerReply reply = dragoman::bench::EveryUsageReply();
    return Make(
        Find(registry, "/bench.records.CustomerService/Inquire"), reply,
        std::string(DRAGOMAN_SOURCE_DIR_FOR_BENCH) + "/tests/translators/generated/records.cpy");
  }();
  return fixture;
}

const Fixture& Pick(const benchmark::State& state) {
  return state.range(0) == 0 ? Test1() : EveryUsage();
}

void PerField(benchmark::State& state, const Fixture& f) {
  state.counters["fields"] = f.fields;
  state.counters["per_field"] =
      benchmark::Counter(static_cast<double>(f.fields) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(state.range(0) == 0 ? "test1, 80 accounts" : "every usage");
}

void BM_GeneratedDecode(benchmark::State& state) {
  const Fixture& f = Pick(state);
  std::string record;
  std::string reply;
  for (auto _ : state) {
    record = f.record;  // DecodeReply may parse in place
    if (!f.method->DecodeReply(record, &reply).ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(reply);
  }
  PerField(state, f);
}

// The floor: copying the record's bytes, which any decoder at least reads once.
void BM_MemcpyRecord(benchmark::State& state) {
  const Fixture& f = Pick(state);
  std::string copy(f.record.size(), '\0');
  for (auto _ : state) {
    std::memcpy(copy.data(), f.record.data(), f.record.size());
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  PerField(state, f);
}

void BM_InterpretiveDecode(benchmark::State& state) {
  const Fixture& f = Pick(state);
  dragoman::codegen::RecordDecodeOptions options;
  options.code_page = f.method->dialect().code_page;
  std::string json;
  for (auto _ : state) {
    json.clear();
    if (!dragoman::codegen::DecodeRecordToJson(f.layout, f.record, options, &json).ok()) {
      state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(json);
  }
  PerField(state, f);
}

// What EncodeRequest does (parse the caller's bytes, write the record over its initial
// bytes), through the writer of the reply record so both services measure the same record.
void BM_GeneratedEncode(benchmark::State& state) {
  const Fixture& f = Pick(state);
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          f.method->method()->output_type());
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  std::string record;
  for (auto _ : state) {
    message->ParseFromString(f.reply_bytes);
    if (!f.method->EncodeReply(*message, &record).ok()) state.SkipWithError("encode failed");
    benchmark::DoNotOptimize(record);
  }
  PerField(state, f);
}

void BM_InterpretiveEncode(benchmark::State& state) {
  const Fixture& f = Pick(state);
  dragoman::codegen::RecordEncodeOptions options;
  options.code_page = f.method->dialect().code_page;
  std::string record;
  for (auto _ : state) {
    record.clear();
    if (!dragoman::codegen::EncodeRecordFromJson(f.layout, f.json, options, &record).ok()) {
      state.SkipWithError("encode failed");
    }
    benchmark::DoNotOptimize(record);
  }
  PerField(state, f);
}

BENCHMARK(BM_GeneratedDecode)->Arg(0)->Arg(1);
BENCHMARK(BM_InterpretiveDecode)->Arg(0)->Arg(1);
BENCHMARK(BM_MemcpyRecord)->Arg(0)->Arg(1);
BENCHMARK(BM_GeneratedEncode)->Arg(0)->Arg(1);
// The interpretive encoder cannot edit numbers, so it has no "every usage" case.
BENCHMARK(BM_InterpretiveEncode)->Arg(0);

}  // namespace

BENCHMARK_MAIN();
