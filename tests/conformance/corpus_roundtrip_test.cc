// Every method of every corpus WSDL, compiled: a sample request and reply (dragoman mock's
// schema-valid samples) go through the translator both ways and must come back equal.
// Generation and compilation alone (the corpus suites) cannot show that what the translator
// writes, it can also read.
//
// With DRAGOMAN_SAMPLE_DUMP=FILE the envelopes are also written to FILE, one JSON object per
// line (wsdl, service, port, operation, request, reply), for a third-party stack to read
// (tests/conformance/zeep_reads_samples.py).
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <string>

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
  const int methods = testing::ExpectSamplesRoundTrip(
      registry, testing::DumpFromEnvironment([](const std::string& package) {
        // node-soap samples are compared with their own files by another test.
        auto it = CorpusWsdlPaths().find(package);
        return it == CorpusWsdlPaths().end() ? std::string() : it->second;
      }));
  std::cout << methods << " of " << registry.all().size()
            << " corpus methods round-trip their samples (the rest are one-way)\n";
  EXPECT_GT(methods, 100);
}

}  // namespace
}  // namespace dragoman::conformance
