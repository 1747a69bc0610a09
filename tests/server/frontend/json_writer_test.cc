// The HTTP front end's JSON writer against protobuf's own JsonUtil, message type by message
// type: for every message the test translators and the built-in services use, filled with
// sample values and left empty, both writers' output must parse to the same JSON value, with
// and without default values and in both naming styles.
#include "server/frontend/json_writer.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "records.dragoman.h"
#include "server/mock/record_mock.h"
#include "server/mock/sample_message.h"
#include "tests/server/frontend/test_schema_types.h"

namespace dragoman {
namespace {

using google::protobuf::Descriptor;

google::protobuf::Value Parse(const std::string& json) {
  google::protobuf::Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &value).ok()) << json;
  return value;
}

void ExpectSameJson(const google::protobuf::Message& message) {
  for (bool emit_defaults : {false, true}) {
    for (bool proto_names : {false, true}) {
      SCOPED_TRACE(message.GetTypeName() + (emit_defaults ? " defaults" : "") +
                   (proto_names ? " proto names" : ""));
      google::protobuf::util::JsonPrintOptions options;
      options.always_print_primitive_fields = emit_defaults;
      options.preserve_proto_field_names = proto_names;
      std::string expected;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(message, &expected, options).ok());
      std::string actual;
      ASSERT_TRUE(WriteJson(message, emit_defaults, proto_names, &actual).ok());
      EXPECT_TRUE(
          google::protobuf::util::MessageDifferencer::Equals(Parse(expected), Parse(actual)))
          << "JsonUtil: " << expected << "\nWriteJson: " << actual;
    }
  }
}

TEST(JsonWriterTest, WritesWhatJsonUtilWritesForEveryMessageType) {
  TranslatorRegistry registry;
  const std::set<const Descriptor*> types = testing::TestSchemaTypes(registry);
  ASSERT_GT(types.size(), 30u);
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  for (const Descriptor* type : types) {
    std::unique_ptr<google::protobuf::Message> message(factory->GetPrototype(type)->New());
    ExpectSameJson(*message);  // every field at its default
    if (type->options().HasExtension(dragoman::cobol_record)) {
      mock::FillRecordSample(message.get());
    } else {
      mock::FillSample(message.get());
    }
    ExpectSameJson(*message);
  }
}

TEST(JsonWriterTest, SpecialValuesMatchJsonUtil) {
  google::protobuf::Struct with_numbers;
  (*with_numbers.mutable_fields())["nan"].set_string_value("NaN");
  ExpectSameJson(with_numbers);  // a well-known type, delegated
  TranslatorRegistry registry;
  ASSERT_TRUE(generated::records::Register(registry).ok());
  const Descriptor* reply = registry.all().front()->method()->output_type();
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(reply)->New());
  const auto* ratio = reply->FindFieldByName("rpl_ratio");
  ASSERT_NE(ratio, nullptr);
  const double kInfinity = std::numeric_limits<double>::infinity();
  for (double value : {0.1, -1e300, 5e-324, std::nan(""), kInfinity, -kInfinity, 123456789.0}) {
    message->GetReflection()->SetDouble(message.get(), ratio, value);
    ExpectSameJson(*message);
  }
}

}  // namespace
}  // namespace dragoman
