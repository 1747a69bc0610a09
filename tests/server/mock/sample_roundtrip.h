// Runs dragoman mock's samples through translators both ways, for tests.
#ifndef DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_
#define DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_

#include "translators/runtime/translator.h"

namespace dragoman::testing {

// For every SOAP method in `registry`: fills a sample request and reply, and expects (gtest)
// each to encode, decode and come back equal to what was sent. Returns how many methods got
// through both ways.
int ExpectSamplesRoundTrip(const TranslatorRegistry& registry);

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_MOCK_SAMPLE_ROUNDTRIP_H_
