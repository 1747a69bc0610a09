#include "tests/server/mock/sample_roundtrip.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "dragoman/options.pb.h"
#include "server/mock/sample_message.h"
#include "translators/runtime/soap_method.h"

namespace dragoman::testing {

int ExpectSamplesRoundTrip(const TranslatorRegistry& registry, const SampleObserver& observe) {
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  int methods = 0;
  for (const auto& translator : registry.all()) {
    const auto* method = dynamic_cast<const soap::SoapMethod*>(translator.get());
    EXPECT_NE(method, nullptr);
    if (method == nullptr) continue;
    SCOPED_TRACE(method->method_path());
    std::unique_ptr<google::protobuf::Message> request(
        factory->GetPrototype(method->method()->input_type())->New());
    mock::FillSample(request.get());
    BackendRequest encoded;
    absl::Status status = method->EncodeRequest(request->SerializeAsString(), &encoded);
    EXPECT_TRUE(status.ok()) << status << "\n" << request->DebugString();
    if (!status.ok()) continue;
    const std::string request_xml = encoded.payload;  // decoding parses in place
    std::unique_ptr<google::protobuf::Message> read(request->New());
    status = method->DecodeRequest(encoded.payload, read.get());
    EXPECT_TRUE(status.ok()) << status << "\n" << request_xml;
    // Samples set defaults explicitly, so reading adds nothing: what was sent comes back.
    EXPECT_TRUE(!status.ok() || google::protobuf::util::MessageDifferencer::Equals(*request, *read))
        << "request read back differs:\n"
        << request->DebugString() << "---\n"
        << read->DebugString();

    std::unique_ptr<google::protobuf::Message> reply(
        factory->GetPrototype(method->method()->output_type())->New());
    mock::FillSample(reply.get());
    std::string payload;
    status = method->EncodeReply(*reply, &payload);
    EXPECT_TRUE(status.ok()) << status << "\n" << reply->DebugString();
    if (observe) observe(*method, request_xml, method->operation().one_way() ? "" : payload);
    if (!status.ok() || method->operation().one_way()) continue;
    std::string bytes;
    status = method->DecodeReply(payload, &bytes);
    EXPECT_TRUE(status.ok()) << status << "\n" << payload;
    std::unique_ptr<google::protobuf::Message> decoded(reply->New());
    EXPECT_TRUE(!status.ok() ||
                (decoded->ParseFromString(bytes) &&
                 google::protobuf::util::MessageDifferencer::Equals(*reply, *decoded)))
        << "reply read back differs:\n"
        << reply->DebugString() << "---\n"
        << decoded->DebugString();
    if (status.ok()) ++methods;
  }
  return methods;
}

SampleObserver JsonLinesDump(std::ostream* out,
                             std::function<std::string(const std::string& package)> wsdl_of) {
  return [out, wsdl_of](const soap::SoapMethod& method, const std::string& request,
                        const std::string& reply) {
    const std::string wsdl = wsdl_of(method.method()->file()->package());
    if (wsdl.empty()) return;
    const SoapService& service =
        method.method()->service()->options().GetExtension(dragoman::soap_service);
    google::protobuf::Struct line;
    auto& fields = *line.mutable_fields();
    fields["wsdl"].set_string_value(wsdl);
    fields["service"].set_string_value(service.service());
    fields["port"].set_string_value(service.port());
    fields["operation"].set_string_value(method.operation().name());
    fields["request"].set_string_value(request);
    fields["reply"].set_string_value(reply);
    std::string json;
    // Flushed per line: the stream lives until the process exits, unflushed.
    if (google::protobuf::util::MessageToJsonString(line, &json).ok()) *out << json << std::endl;
  };
}

SampleObserver DumpFromEnvironment(std::function<std::string(const std::string& package)> wsdl_of) {
  const char* path = std::getenv("DRAGOMAN_SAMPLE_DUMP");
  if (path == nullptr) return nullptr;
  // Kept open for the process: the observer outlives this call.
  static auto* out = new std::ofstream(path);
  return JsonLinesDump(out, std::move(wsdl_of));
}

}  // namespace dragoman::testing
