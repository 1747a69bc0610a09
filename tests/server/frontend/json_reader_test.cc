// The HTTP front end's JSON reader against protobuf's own JsonUtil: every message type of the
// test schemas, written by JsonUtil in both naming styles, must read back to the same message;
// and for inputs JsonUtil refuses or accepts, the reader must decide the same way.
#include "server/frontend/json_reader.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "records.dragoman.h"
#include "server/mock/record_mock.h"
#include "server/mock/sample_message.h"
#include "tests/server/frontend/test_schema_types.h"

namespace dragoman {
namespace {

using google::protobuf::Descriptor;
using ::testing::HasSubstr;

TEST(JsonReaderTest, ReadsBackWhatJsonUtilWritesForEveryMessageType) {
  TranslatorRegistry registry;
  const std::set<const Descriptor*> types = testing::TestSchemaTypes(registry);
  ASSERT_GT(types.size(), 30u);
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  for (const Descriptor* type : types) {
    std::unique_ptr<google::protobuf::Message> message(factory->GetPrototype(type)->New());
    if (type->options().HasExtension(dragoman::cobol_record)) {
      mock::FillRecordSample(message.get());
    } else {
      mock::FillSample(message.get());
    }
    for (bool proto_names : {false, true}) {
      SCOPED_TRACE(type->full_name() + (proto_names ? " proto names" : ""));
      google::protobuf::util::JsonPrintOptions options;
      options.preserve_proto_field_names = proto_names;
      options.always_print_primitive_fields = true;
      std::string json;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*message, &json, options).ok());
      std::unique_ptr<google::protobuf::Message> read(factory->GetPrototype(type)->New());
      const absl::Status status = ReadJson(json, false, read.get());
      ASSERT_TRUE(status.ok()) << status << "\n" << json;
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*message, *read))
          << json << "\nread back as:\n"
          << read->DebugString();
    }
  }
}

TEST(JsonReaderTest, AcceptsAndRefusesWhatJsonUtilDoes) {
  TranslatorRegistry registry;
  ASSERT_TRUE(generated::records::Register(registry).ok());
  const Descriptor* reply = registry.all().front()->method()->output_type();
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  const char* inputs[] = {
      R"({})",
      R"({"rplReturnCode": 5})",
      R"({"rpl_return_code": "5"})",
      R"({"rplReturnCode": 5.0})",
      R"({"rplReturnCode": 5.5})",
      R"({"rplReturnCode": 99999999999})",
      R"({"rplReturnCode": "x"})",
      R"({"rplReturnCode": null})",
      R"({"rplMessage": 5})",
      R"({"rplMessage": "a\u00e9\ud83d\ude00\n"})",
      R"({"rplMessage": "unterminated})",
      R"({"rplRatio": "NaN"})",
      R"({"rplRatio": 1e400})",
      R"({"rplRatio": true})",
      R"({"rplBig": "-12345678901234567890"})",
      R"({"rplTag": ["a", "b"]})",
      R"({"rplTag": "a"})",
      R"({"rplTag": null})",
      R"({"rplLimits": [{"rplLimitKind": "DY", "rplLimitValue": -3}]})",
      R"({"rplLimits": [{"nope": 1}]})",
      R"({"nope": 1})",
      R"({"rplMessage": "x",})",
      R"({"rplTag": ["a",]})",
      R"({"rplMessage": "x",,})",
      R"({"rplMessage": "x"} trailing)",
      R"([1, 2])",
      R"({"rplCount": -32768, "rplThousands": "125000"})",
      R"({"rplThousands": -1})",
      R"({"rplMessage": "runs \"between\" escapes\\ and a tab\t end"})",
      R"({"rpl_message": "proto name", "rplEdited": "json name"})",
      R"({"RplMessage": "neither name"})",
  };
  for (const char* input : inputs) {
    SCOPED_TRACE(input);
    std::unique_ptr<google::protobuf::Message> expected(factory->GetPrototype(reply)->New());
    std::unique_ptr<google::protobuf::Message> actual(factory->GetPrototype(reply)->New());
    const bool util_ok = google::protobuf::util::JsonStringToMessage(input, expected.get()).ok();
    const absl::Status status = ReadJson(input, false, actual.get());
    EXPECT_EQ(status.ok(), util_ok) << status;
    if (util_ok && status.ok()) {
      // Bytes, not MessageDifferencer: NaN equals itself only bit for bit.
      EXPECT_EQ(expected->SerializeAsString(), actual->SerializeAsString())
          << expected->DebugString() << "\nvs\n"
          << actual->DebugString();
    }
  }
}

// The one deliberate difference: RFC 8259 forbids unescaped control characters in strings;
// JsonUtil lets them through, this reader refuses them.
TEST(JsonReaderTest, RefusesRawControlCharactersInStrings) {
  TranslatorRegistry registry;
  ASSERT_TRUE(generated::records::Register(registry).ok());
  const Descriptor* reply = registry.all().front()->method()->output_type();
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(reply)->New());
  const absl::Status status =
      ReadJson("{\"rplMessage\": \"a raw \x01 byte\"}", false, message.get());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("control character"));
}

TEST(JsonReaderTest, UnknownFieldsAreNamedOrIgnoredAsConfigured) {
  TranslatorRegistry registry;
  ASSERT_TRUE(generated::records::Register(registry).ok());
  const Descriptor* reply = registry.all().front()->method()->output_type();
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(reply)->New());
  EXPECT_NE(ReadJson(R"({"acountId": 1})", false, message.get()).message().find("acountId"),
            std::string::npos);
  EXPECT_TRUE(
      ReadJson(R"({"acountId": {"deep": [1, 2]}, "rplCount": 3})", true, message.get()).ok());
}

}  // namespace
}  // namespace dragoman
