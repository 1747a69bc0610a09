// Mock samples for every construct the generator maps: each method of the test schemas gets a
// sample request and reply that its own translator writes and reads back.
#include "server/mock/sample_message.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "constructs.dragoman.h"
#include "headers.dragoman.h"
#include "model_groups.dragoman.h"
#include "polymorphism.dragoman.h"
#include "rpc_literal.dragoman.h"
#include "soap_arrays.dragoman.h"
#include "translators/runtime/soap_method.h"

namespace dragoman::mock {
namespace {

TEST(SampleMessageTest, EveryTestSchemaMethodEncodesAndDecodesItsSamples) {
  TranslatorRegistry registry;
  for (auto* register_schema :
       {&generated::constructs::Register, &generated::headers::Register,
        &generated::model_groups::Register, &generated::polymorphism::Register,
        &generated::rpc_literal::Register, &generated::soap_arrays::Register}) {
    ASSERT_TRUE(register_schema(registry).ok());
  }
  int methods = 0;
  for (const auto& translator : registry.all()) {
    const auto* method = dynamic_cast<const soap::SoapMethod*>(translator.get());
    ASSERT_NE(method, nullptr);
    SCOPED_TRACE(method->method_path());
    auto* factory = google::protobuf::MessageFactory::generated_factory();
    std::unique_ptr<google::protobuf::Message> request(
        factory->GetPrototype(method->method()->input_type())->New());
    FillSample(request.get());
    BackendRequest encoded;
    absl::Status status = method->EncodeRequest(request->SerializeAsString(), &encoded);
    ASSERT_TRUE(status.ok()) << status << "\n" << request->DebugString();
    std::unique_ptr<google::protobuf::Message> read(request->New());
    status = method->DecodeRequest(encoded.payload, read.get());
    ASSERT_TRUE(status.ok()) << status << "\n" << encoded.payload;

    std::unique_ptr<google::protobuf::Message> reply(
        factory->GetPrototype(method->method()->output_type())->New());
    FillSample(reply.get());
    std::string payload;
    status = method->EncodeReply(*reply, &payload);
    ASSERT_TRUE(status.ok()) << status << "\n" << reply->DebugString();
    if (method->operation().one_way()) continue;
    std::string bytes;
    status = method->DecodeReply(payload, &bytes);
    ASSERT_TRUE(status.ok()) << status << "\n" << payload;
    ++methods;
  }
  EXPECT_GE(methods, 8);
}

}  // namespace
}  // namespace dragoman::mock
