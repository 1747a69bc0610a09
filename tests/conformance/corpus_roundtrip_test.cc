// Every method of every corpus WSDL, compiled: a sample request and reply (dragoman mock's
// schema-valid samples) go through the translator both ways. Generation and compilation alone
// (the corpus suites) cannot show that what the translator writes, it can also read.
#include <gtest/gtest.h>

#include <iostream>

#include "tests/conformance/node_soap_samples.h"
#include "tests/server/mock/sample_roundtrip.h"

namespace dragoman::conformance {

absl::Status RegisterCorpusTranslators(TranslatorRegistry& registry);

namespace {

TEST(CorpusRoundTripTest, SamplesOfEveryMethodSurviveEncodeThenDecode) {
  TranslatorRegistry registry;
  ASSERT_TRUE(RegisterCorpusTranslators(registry).ok());
  ASSERT_TRUE(RegisterAllNodeSoapSamples(registry).ok());
  const int methods = testing::ExpectSamplesRoundTrip(registry);
  std::cout << methods << " of " << registry.all().size()
            << " corpus methods round-trip their samples\n";
  EXPECT_GT(methods, 100);
}

}  // namespace
}  // namespace dragoman::conformance
