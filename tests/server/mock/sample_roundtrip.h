// Runs dragoman mock's samples through translators both ways, for tests.
#ifndef DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_
#define DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_

#include <functional>
#include <string>

#include "translators/runtime/soap_method.h"
#include "translators/runtime/translator.h"

namespace dragoman::testing {

// Sees the request and reply envelopes a method's samples encoded to (reply empty when one-way).
using SampleObserver = std::function<void(const soap::SoapMethod& method,
                                          const std::string& request, const std::string& reply)>;

// For every SOAP method in `registry`: fills a sample request and reply, and expects (gtest)
// each to encode, decode and come back equal to what was sent. Returns how many methods got
// through both ways.
int ExpectSamplesRoundTrip(const TranslatorRegistry& registry,
                           const SampleObserver& observe = nullptr);

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_
