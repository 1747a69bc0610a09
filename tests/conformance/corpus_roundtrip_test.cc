// Every method of every corpus WSDL, compiled: a sample request and reply (dragoman mock's
// schema-valid samples) go through the translator both ways and must come back equal.
// Generation and compilation alone (the corpus suites) cannot show that what the translator
// writes, it can also read.
//
// With DRAGOMAN_SAMPLE_DUMP=FILE the envelopes are also written to FILE, one JSON object per
// line (wsdl, service, port, operation, request, reply), for a third-party stack to read
// (tests/conformance/zeep_reads_samples.py).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "dragoman/options.pb.h"
#include "tests/conformance/node_soap_samples.h"
#include "tests/server/mock/sample_roundtrip.h"

namespace dragoman::conformance {

absl::Status RegisterCorpusTranslators(TranslatorRegistry& registry);
const std::map<std::string, std::string>& CorpusWsdlPaths();

namespace {

TEST(CorpusRoundTripTest, SamplesOfEveryMethodSurviveEncodeThenDecode) {
  TranslatorRegistry registry;
  ASSERT_TRUE(RegisterCorpusTranslators(registry).ok());
  ASSERT_TRUE(RegisterAllNodeSoapSamples(registry).ok());
  std::ofstream dump;
  if (const char* path = std::getenv("DRAGOMAN_SAMPLE_DUMP")) dump.open(path);
  const int methods = testing::ExpectSamplesRoundTrip(
      registry, [&dump](const soap::SoapMethod& method, const std::string& request,
                        const std::string& reply) {
        if (!dump.is_open()) return;
        const auto paths = CorpusWsdlPaths();
        auto it = paths.find(method.method()->file()->package());
        if (it == paths.end()) return;  // node-soap samples are compared with their own files
        const SoapService& service =
            method.method()->service()->options().GetExtension(dragoman::soap_service);
        google::protobuf::Struct line;
        auto& fields = *line.mutable_fields();
        fields["wsdl"].set_string_value(it->second);
        fields["service"].set_string_value(service.service());
        fields["port"].set_string_value(service.port());
        fields["operation"].set_string_value(method.operation().name());
        fields["request"].set_string_value(request);
        fields["reply"].set_string_value(reply);
        std::string json;
        if (google::protobuf::util::MessageToJsonString(line, &json).ok()) dump << json << "\n";
      });
  std::cout << methods << " of " << registry.all().size()
            << " corpus methods round-trip their samples (the rest are one-way)\n";
  EXPECT_GT(methods, 100);
}

}  // namespace
}  // namespace dragoman::conformance
