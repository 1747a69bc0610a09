// Declared SOAP headers moved to gRPC metadata by (dragoman.xml_field).metadata, using the
// hand-edited mapping tests/translators/generated/headers_metadata.proto.
#include "translators/runtime/header_metadata.h"

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

#include <map>

#include "headers_metadata.pb.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
namespace pb = ::headers_metadata::test;

const google::protobuf::MethodDescriptor* Lookup() {
  return pb::LookupRequest::descriptor()
      ->file()
      ->FindServiceByName("Directory")
      ->FindMethodByName("Lookup");
}

// A metadata lookup over a fixed map.
auto From(const std::map<std::string, std::string>& metadata) {
  return [&metadata](std::string_view key) -> std::optional<std::string_view> {
    auto it = metadata.find(std::string(key));
    if (it == metadata.end()) return std::nullopt;
    return it->second;
  };
}

TEST(HeaderMetadataTest, RequestHeaderComesFromTheCallsMetadata) {
  absl::StatusOr<HeaderMetadata> mapping = HeaderMetadata::ForMethod(Lookup());
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  ASSERT_FALSE(mapping->empty());
  pb::Auth auth;
  auth.set_user("ada");
  auth.set_token("s3cret");
  pb::LookupRequest request;
  request.mutable_lookup()->set_key("k");
  std::string bytes = request.SerializeAsString();
  const std::map<std::string, std::string> metadata = {{"x-auth-bin", auth.SerializeAsString()}};
  ASSERT_TRUE(mapping->ApplyToRequest(From(metadata), &bytes).ok());
  ASSERT_TRUE(request.ParseFromString(bytes));
  EXPECT_EQ(request.auth().user(), "ada");
  EXPECT_EQ(request.lookup().key(), "k");

  // Without the key the message stays as sent.
  const std::map<std::string, std::string> none;
  std::string untouched = pb::LookupRequest().SerializeAsString();
  ASSERT_TRUE(mapping->ApplyToRequest(From(none), &untouched).ok());
  EXPECT_EQ(untouched, pb::LookupRequest().SerializeAsString());

  // A value that is not a serialized Auth is refused, naming the key but not echoing it.
  const std::map<std::string, std::string> bad = {{"x-auth-bin", "\xff\xff not protobuf"}};
  absl::Status status = mapping->ApplyToRequest(From(bad), &bytes);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("metadata 'x-auth-bin'"));
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("not protobuf")));
}

TEST(HeaderMetadataTest, ReplyHeaderLeavesTheMessageForMetadata) {
  absl::StatusOr<HeaderMetadata> mapping = HeaderMetadata::ForMethod(Lookup());
  ASSERT_TRUE(mapping.ok());
  pb::LookupResponse reply;
  reply.set_session("sess-1");
  reply.mutable_lookup_response()->set_value("v");
  std::string bytes = reply.SerializeAsString();
  HeaderMetadata::Pairs pairs;
  ASSERT_TRUE(mapping->MoveFromReply(&bytes, &pairs).ok());
  EXPECT_THAT(pairs, ::testing::ElementsAre(Pair("x-session", "sess-1")));
  ASSERT_TRUE(reply.ParseFromString(bytes));
  EXPECT_FALSE(reply.has_session());
  EXPECT_EQ(reply.lookup_response().value(), "v");

  // Text metadata carries printable ASCII only.
  reply.set_session("caf\xc3\xa9");
  bytes = reply.SerializeAsString();
  pairs.clear();
  absl::Status status = mapping->MoveFromReply(&bytes, &pairs);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(status.message(), HasSubstr("-bin"));
}

// Builds a one-method service whose request's header field maps to `key`.
absl::Status MappingWithKey(std::string_view key, bool message_typed) {
  static google::protobuf::DescriptorPool pool(google::protobuf::DescriptorPool::generated_pool());
  static int counter = 0;
  google::protobuf::FileDescriptorProto file;
  file.set_name(StrCat("bad_key_", ++counter, ".proto"));
  file.set_package(StrCat("bad", counter));
  file.set_syntax("proto3");
  file.add_dependency("headers_metadata.proto");
  google::protobuf::DescriptorProto* request = file.add_message_type();
  request->set_name("Request");
  google::protobuf::FieldDescriptorProto* field = request->add_field();
  field->set_name("token");
  field->set_number(1);
  field->set_label(google::protobuf::FieldDescriptorProto::LABEL_OPTIONAL);
  if (message_typed) {
    field->set_type(google::protobuf::FieldDescriptorProto::TYPE_MESSAGE);
    field->set_type_name(".headers_metadata.test.Auth");
  } else {
    field->set_type(google::protobuf::FieldDescriptorProto::TYPE_STRING);
  }
  XmlField* xml = field->mutable_options()->MutableExtension(dragoman::xml_field);
  xml->set_name("Token");
  xml->set_header(true);
  xml->set_metadata(std::string(key));
  google::protobuf::ServiceDescriptorProto* service = file.add_service();
  service->set_name("S");
  google::protobuf::MethodDescriptorProto* method = service->add_method();
  method->set_name("M");
  method->set_input_type(StrCat(".bad", counter, ".Request"));
  method->set_output_type(".headers_metadata.test.Pong");
  const google::protobuf::FileDescriptor* built = pool.BuildFile(file);
  if (built == nullptr) return absl::InternalError("test descriptor did not build");
  return HeaderMetadata::ForMethod(built->service(0)->method(0)).status();
}

TEST(HeaderMetadataTest, KeysMustBeUsableMetadataKeys) {
  EXPECT_TRUE(MappingWithKey("x-token", false).ok());
  EXPECT_THAT(MappingWithKey("X-Token", false).message(), HasSubstr("lowercase"));
  EXPECT_THAT(MappingWithKey("grpc-token", false).message(), HasSubstr("reserved"));
  EXPECT_THAT(MappingWithKey("x-auth", true).message(), HasSubstr("must end in \"-bin\""));
  EXPECT_TRUE(MappingWithKey("", false).ok());  // no key: the header stays in the message
}

}  // namespace
}  // namespace dragoman
