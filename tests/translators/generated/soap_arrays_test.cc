// Multi-dimensional and nested SOAP-encoded arrays (tests/translators/generated/soap_arrays.wsdl).
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

#include "soap_arrays.dragoman.h"
#include "soap_arrays.pb.h"
#include "tests/translators/generated/translator_test_util.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
namespace pb = ::arrays::test;

class SoapArraysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(generated::soap_arrays::Register(registry_).ok());
    method_ =
        dynamic_cast<const soap::SoapMethod*>(registry_.Find("/arrays.test.Arrays/EchoArrays"));
    ASSERT_NE(method_, nullptr);
  }

  static pb::EchoArraysRequest Example() {
    pb::EchoArraysRequest request;
    for (const char* cell : {"a", "b", "c", "d", "e", "f"}) request.mutable_grid()->add_item(cell);
    request.mutable_grid()->add_dimensions(2);
    request.mutable_grid()->add_dimensions(3);
    pb::ArrayOfArrayOfInt::ItemArray* row = request.mutable_jagged()->add_item();
    row->add_item(1);
    row->add_item(2);
    request.mutable_jagged()->add_item()->add_item(3);
    return request;
  }

  TranslatorRegistry registry_;
  const soap::SoapMethod* method_ = nullptr;
};

TEST_F(SoapArraysTest, WritesDimensionsAndNestedArrayTypes) {
  absl::StatusOr<std::string> xml = testing::EncodeRequest(*method_, Example());
  ASSERT_TRUE(xml.ok()) << xml.status();
  // Row-major items under one element whose arrayType carries both sizes (ns1 is SOAP-ENC,
  // ns2 XML Schema).
  EXPECT_THAT(*xml,
              HasSubstr(R"(<grid xsi:type="ns3:ArrayOfString2D" ns1:arrayType="ns2:string[2,3]">)"
                        R"(<item xsi:type="ns2:string">a</item>)"));
  EXPECT_THAT(*xml, HasSubstr(R"(<item xsi:type="ns2:string">f</item></grid>)"));
  // An array of arrays: "int[][2]" outside, each item an Array of its own size.
  EXPECT_THAT(*xml, HasSubstr(R"(ns1:arrayType="ns2:int[][2]"><item xsi:type="ns1:Array" )"
                              R"(ns1:arrayType="ns2:int[2]"><item xsi:type="ns2:int">1</item>)"));
  EXPECT_THAT(*xml, HasSubstr(R"(<item xsi:type="ns1:Array" ns1:arrayType="ns2:int[1]">)"));
}

TEST_F(SoapArraysTest, ReadsWhatAnotherStackWrites) {
  // Apache Axis 1 style: its own prefixes, items named after their type.
  const std::string reply =
      R"(<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" )"
      R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema" )"
      R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
      R"(xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/"><soapenv:Body>)"
      R"(<ns1:echoArraysResponse xmlns:ns1="urn:dragoman:test:arrays">)"
      R"(<grid xsi:type="enc:Array" enc:arrayType="xsd:string[3, 1]">)"
      R"(<string>x</string><string>y</string><string>z</string></grid>)"
      R"(<jagged xsi:type="enc:Array" enc:arrayType="xsd:int[][1]">)"
      R"(<item xsi:type="enc:Array" enc:arrayType="xsd:int[3]"><int>7</int><int>8</int>)"
      R"(<int>9</int></item></jagged></ns1:echoArraysResponse></soapenv:Body></soapenv:Envelope>)";
  std::string payload = reply;
  std::string bytes;
  absl::Status status = method_->DecodeReply(payload, &bytes);
  ASSERT_TRUE(status.ok()) << status;
  pb::EchoArraysResponse response;
  ASSERT_TRUE(response.ParseFromString(bytes));
  EXPECT_THAT(response.grid().dimensions(), ::testing::ElementsAre(3, 1));
  EXPECT_THAT(response.grid().item(), ::testing::ElementsAre("x", "y", "z"));
  ASSERT_EQ(response.jagged().item_size(), 1);
  EXPECT_THAT(response.jagged().item(0).item(), ::testing::ElementsAre(7, 8, 9));
}

TEST_F(SoapArraysTest, DimensionsMustMatchTheItems) {
  pb::EchoArraysRequest request = Example();
  request.mutable_grid()->set_dimensions(1, 4);
  absl::StatusOr<std::string> xml = testing::EncodeRequest(*method_, request);
  ASSERT_FALSE(xml.ok());
  EXPECT_THAT(xml.status().message(), HasSubstr("multiply to 8 but the array holds 6 items"));
  request.mutable_grid()->clear_dimensions();
  xml = testing::EncodeRequest(*method_, request);
  ASSERT_FALSE(xml.ok());
  EXPECT_THAT(xml.status().message(), HasSubstr("needs 2 sizes"));
}

}  // namespace
}  // namespace dragoman
