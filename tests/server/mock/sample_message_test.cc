// Mock samples for every construct the generator maps: each method of the test schemas gets a
// sample request and reply that its own translator writes and reads back.
#include "server/mock/sample_message.h"

#include <gtest/gtest.h>

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
  EXPECT_GE(testing::ExpectSamplesRoundTrip(registry), 8);
}

}  // namespace
}  // namespace dragoman::mock
