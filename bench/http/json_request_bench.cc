// Reading an HTTP/JSON request body into its protobuf message, four ways side by side:
//
//   - Dragoman's reader (server/frontend/json_reader), what the HTTP front end runs;
//   - protobuf 3.21's JsonStringToMessage, the obvious choice it replaced;
//   - simdjson (On Demand) filling the same message through the same reflection calls, to see
//     whether a SIMD tokenizer would pay on this path;
//   - simdjson's DOM parse alone, no message at all: a floor for any simdjson-based reader.
//
// And the other direction, a message written as a JSON reply body: Dragoman's writer
// (server/frontend/json_writer) against JsonUtil's MessageToJsonString, each output checked to
// read back to the same message.
//
// Each arm's result is checked equal to JsonUtil's before timing. The simdjson filler covers
// what the two messages use (strings, 32/64-bit integers as numbers or strings, doubles, bools,
// enums by name, nested and repeated messages); it skips the range and format checks of the
// real reader, so it is a lower bound for a simdjson-based reader, not a competitor.
#include <benchmark/benchmark.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "bench/common/sample_records.h"
#include "server/frontend/json_reader.h"
#include "server/frontend/json_writer.h"
#include "simdjson.h"

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// A request body and the message type it is read into.
struct Fixture {
  std::string json;
  const Message* prototype = nullptr;
};

const Fixture& Accounts() {
  static const Fixture fixture = [] {
    static const bench::cobrix::Record message = dragoman::bench::Test1Record(80);
    Fixture f;
    f.prototype = &message;
    if (!dragoman::WriteJson(message, /*emit_defaults=*/true, false, &f.json).ok()) std::abort();
    return f;
  }();
  return fixture;
}

const Fixture& EveryType() {
  static const Fixture fixture = [] {
    static const bench::records::CustomerReply message = dragoman::bench::EveryUsageReply();
    Fixture f;
    f.prototype = &message;
    if (!dragoman::WriteJson(message, /*emit_defaults=*/true, false, &f.json).ok()) std::abort();
    return f;
  }();
  return fixture;
}

const Fixture& Pick(const benchmark::State& state) {
  return state.range(0) == 0 ? Accounts() : EveryType();
}

// --- the simdjson arm ---------------------------------------------------------------------------

bool FillMessage(simdjson::ondemand::object object, Message* message, int depth);

template <typename T>
bool IntegerOf(simdjson::ondemand::value value, T* out) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return false;
  if (type == simdjson::ondemand::json_type::string) {
    std::string_view text;
    return !value.get_string().get(text) &&
           absl::SimpleAtoi(absl::string_view(text.data(), text.size()), out);
  }
  if constexpr (std::is_signed_v<T>) {
    int64_t number;
    if (value.get_int64().get(number)) return false;
    *out = static_cast<T>(number);
  } else {
    uint64_t number;
    if (value.get_uint64().get(number)) return false;
    *out = static_cast<T>(number);
  }
  return true;
}

// Sets (or, for a repeated field, adds) one value of `field`.
bool FillValue(simdjson::ondemand::value value, const FieldDescriptor* field, Message* message,
               int depth) {
  const Reflection* r = message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      simdjson::ondemand::object object;
      if (value.get_object().get(object)) return false;
      Message* child = repeated ? r->AddMessage(message, field) : r->MutableMessage(message, field);
      return FillMessage(object, child, depth + 1);
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string_view text;
      if (value.get_string().get(text)) return false;
      if (repeated) {
        r->AddString(message, field, std::string(text));
      } else {
        r->SetString(message, field, std::string(text));
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t n;
      if (!IntegerOf(value, &n)) return false;
      repeated ? r->AddInt32(message, field, n) : r->SetInt32(message, field, n);
      return true;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t n;
      if (!IntegerOf(value, &n)) return false;
      repeated ? r->AddInt64(message, field, n) : r->SetInt64(message, field, n);
      return true;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t n;
      if (!IntegerOf(value, &n)) return false;
      repeated ? r->AddUInt32(message, field, n) : r->SetUInt32(message, field, n);
      return true;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t n;
      if (!IntegerOf(value, &n)) return false;
      repeated ? r->AddUInt64(message, field, n) : r->SetUInt64(message, field, n);
      return true;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double d;
      if (value.get_double().get(d)) return false;
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
        repeated ? r->AddFloat(message, field, static_cast<float>(d))
                 : r->SetFloat(message, field, static_cast<float>(d));
      } else {
        repeated ? r->AddDouble(message, field, d) : r->SetDouble(message, field, d);
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool b;
      if (value.get_bool().get(b)) return false;
      repeated ? r->AddBool(message, field, b) : r->SetBool(message, field, b);
      return true;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      std::string_view name;
      if (value.get_string().get(name)) return false;
      const auto* known = field->enum_type()->FindValueByName(std::string(name));
      if (known == nullptr) return false;
      repeated ? r->AddEnumValue(message, field, known->number())
               : r->SetEnumValue(message, field, known->number());
      return true;
    }
  }
  return false;
}

bool FillMessage(simdjson::ondemand::object object, Message* message, int depth) {
  if (depth > 100) return false;
  const auto* descriptor = message->GetDescriptor();
  for (auto member : object) {
    std::string_view key;
    if (member.unescaped_key().get(key)) return false;
    const std::string name(key);
    // The same lookup as Dragoman's reader: the .proto name, then the JSON names.
    const FieldDescriptor* field = descriptor->FindFieldByName(name);
    for (int i = 0; i < descriptor->field_count() && field == nullptr; ++i) {
      if (descriptor->field(i)->json_name() == name) field = descriptor->field(i);
    }
    if (field == nullptr) return false;
    simdjson::ondemand::value value = member.value();
    if (value.is_null()) continue;
    if (field->is_repeated()) {
      simdjson::ondemand::array array;
      if (value.get_array().get(array)) return false;
      for (auto item : array) {
        simdjson::ondemand::value element;
        if (item.get(element) || !FillValue(element, field, message, depth)) return false;
      }
    } else if (!FillValue(value, field, message, depth)) {
      return false;
    }
  }
  return true;
}

bool ReadWithSimdjson(simdjson::ondemand::parser& parser, const simdjson::padded_string& json,
                      Message* message) {
  simdjson::ondemand::document document;
  if (parser.iterate(json).get(document)) return false;
  simdjson::ondemand::object object;
  if (document.get_object().get(object)) return false;
  return FillMessage(object, message, 0);
}

// --- checks and arms ------------------------------------------------------------------------

// Aborts unless `reader` reads `f` to what JsonUtil reads.
template <typename Reader>
void CheckAgainstJsonUtil(const Fixture& f, Reader reader) {
  std::unique_ptr<Message> expected(f.prototype->New());
  if (!google::protobuf::util::JsonStringToMessage(f.json, expected.get()).ok()) std::abort();
  std::unique_ptr<Message> actual(f.prototype->New());
  if (!reader(actual.get())) std::abort();
  if (!google::protobuf::util::MessageDifferencer::Equals(*expected, *actual)) std::abort();
}

void Label(benchmark::State& state, const Fixture& f) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(f.json.size()));
  state.SetLabel(state.range(0) == 0 ? "80 accounts" : "every field type");
}

void BM_DragomanReader(benchmark::State& state) {
  const Fixture& f = Pick(state);
  CheckAgainstJsonUtil(f, [&](Message* m) { return dragoman::ReadJson(f.json, false, m).ok(); });
  std::unique_ptr<Message> message(f.prototype->New());
  for (auto _ : state) {
    message->Clear();
    if (!dragoman::ReadJson(f.json, false, message.get()).ok()) state.SkipWithError("read");
    benchmark::DoNotOptimize(message.get());
  }
  Label(state, f);
}

void BM_ProtobufJsonUtil(benchmark::State& state) {
  const Fixture& f = Pick(state);
  std::unique_ptr<Message> message(f.prototype->New());
  for (auto _ : state) {
    message->Clear();
    if (!google::protobuf::util::JsonStringToMessage(f.json, message.get()).ok()) {
      state.SkipWithError("read");
    }
    benchmark::DoNotOptimize(message.get());
  }
  Label(state, f);
}

void BM_SimdjsonReflection(benchmark::State& state) {
  const Fixture& f = Pick(state);
  simdjson::ondemand::parser parser;
  // The copy into padded memory is part of the cost: a request body does not arrive padded.
  CheckAgainstJsonUtil(f, [&](Message* m) {
    simdjson::padded_string padded(f.json);
    return ReadWithSimdjson(parser, padded, m);
  });
  std::unique_ptr<Message> message(f.prototype->New());
  for (auto _ : state) {
    message->Clear();
    simdjson::padded_string padded(f.json);
    if (!ReadWithSimdjson(parser, padded, message.get())) state.SkipWithError("read");
    benchmark::DoNotOptimize(message.get());
  }
  Label(state, f);
}

void BM_SimdjsonParseOnly(benchmark::State& state) {
  const Fixture& f = Pick(state);
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::padded_string padded(f.json);
    simdjson::dom::element root;
    if (parser.parse(padded).get(root)) state.SkipWithError("parse");
    benchmark::DoNotOptimize(root);
  }
  Label(state, f);
}

// Aborts unless `json` reads back (through JsonUtil) to `f`'s message.
void CheckWritten(const Fixture& f, const std::string& json) {
  std::unique_ptr<Message> expected(f.prototype->New());
  std::unique_ptr<Message> actual(f.prototype->New());
  if (!google::protobuf::util::JsonStringToMessage(f.json, expected.get()).ok() ||
      !google::protobuf::util::JsonStringToMessage(json, actual.get()).ok() ||
      !google::protobuf::util::MessageDifferencer::Equals(*expected, *actual)) {
    std::abort();
  }
}

std::unique_ptr<Message> ReadFixture(const Fixture& f) {
  std::unique_ptr<Message> message(f.prototype->New());
  if (!google::protobuf::util::JsonStringToMessage(f.json, message.get()).ok()) std::abort();
  return message;
}

void BM_DragomanWriter(benchmark::State& state) {
  const Fixture& f = Pick(state);
  const std::unique_ptr<Message> message = ReadFixture(f);
  std::string json;
  if (!dragoman::WriteJson(*message, false, false, &json).ok()) std::abort();
  CheckWritten(f, json);
  for (auto _ : state) {
    json.clear();
    if (!dragoman::WriteJson(*message, false, false, &json).ok()) state.SkipWithError("write");
    benchmark::DoNotOptimize(json.data());
  }
  Label(state, f);
}

void BM_ProtobufJsonUtilWriter(benchmark::State& state) {
  const Fixture& f = Pick(state);
  const std::unique_ptr<Message> message = ReadFixture(f);
  std::string json;
  for (auto _ : state) {
    json.clear();
    if (!google::protobuf::util::MessageToJsonString(*message, &json).ok()) {
      state.SkipWithError("write");
    }
    benchmark::DoNotOptimize(json.data());
  }
  CheckWritten(f, json);
  Label(state, f);
}

BENCHMARK(BM_DragomanReader)->Arg(0)->Arg(1);
BENCHMARK(BM_ProtobufJsonUtil)->Arg(0)->Arg(1);
BENCHMARK(BM_SimdjsonReflection)->Arg(0)->Arg(1);
BENCHMARK(BM_SimdjsonParseOnly)->Arg(0)->Arg(1);
BENCHMARK(BM_DragomanWriter)->Arg(0)->Arg(1);
BENCHMARK(BM_ProtobufJsonUtilWriter)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
