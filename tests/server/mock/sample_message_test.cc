// Mock samples for every construct the generator maps: each method of the test schemas gets a
// sample request and reply that its own translator writes and reads back.
#include "server/mock/sample_message.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

#include "constructs.dragoman.h"
#include "headers.dragoman.h"
#include "model_groups.dragoman.h"
#include "polymorphism.dragoman.h"
#include "rpc_literal.dragoman.h"
#include "soap_arrays.dragoman.h"
#include "tests/server/mock/sample_roundtrip.h"

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
  // With DRAGOMAN_SAMPLE_DUMP the envelopes go to zeep too (conformance.zeep_reads_samples).
  const char* source = std::getenv("DRAGOMAN_SOURCE_DIR");
  const std::map<std::string, std::string> wsdls = {
      {"constructs.test", "constructs.wsdl"}, {"headers.test", "headers.wsdl"},
      {"groups.test", "model_groups.wsdl"},   {"zoo.test", "polymorphism.wsdl"},
      {"calc.test", "rpc_literal.wsdl"},      {"arrays.test", "soap_arrays.wsdl"}};
  EXPECT_GE(testing::ExpectSamplesRoundTrip(
                registry, testing::DumpFromEnvironment([&](const std::string& package) {
                  auto it = wsdls.find(package);
                  if (source == nullptr || it == wsdls.end()) return std::string();
                  return std::string(source) + "/tests/translators/generated/" + it->second;
                })),
            8);
}

}  // namespace
}  // namespace dragoman::mock
