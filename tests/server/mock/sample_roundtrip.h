// Runs dragoman mock's samples through translators both ways, for tests.
#ifndef DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_
#define DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_

#include <functional>
#include <ostream>
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

// An observer that writes each method's envelopes to `out` as one JSON object per line (wsdl,
// service, port, operation, request, reply) for a third-party stack to read; `wsdl_of` names
// the WSDL of a proto package ("" skips the method).
SampleObserver JsonLinesDump(std::ostream* out,
                             std::function<std::string(const std::string& package)> wsdl_of);

// The dump observer for the file named by $DRAGOMAN_SAMPLE_DUMP, or null when it is unset.
SampleObserver DumpFromEnvironment(std::function<std::string(const std::string& package)> wsdl_of);

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_
