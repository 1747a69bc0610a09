// The comparison helpers the conformance suites rely on: canonical XML comparison and
// node-soap's JSON conventions over a generated message (json_fixture.wsdl).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "conformance_json_fixture.pb.h"
#include "tests/conformance/node_soap_json.h"
#include "tests/conformance/xml_compare.h"

namespace dragoman::conformance {
namespace {

using ::google::protobuf::Value;
using ::testing::HasSubstr;
namespace pb = ::conformance::fixture;

// Compares the root elements of two documents.
std::string Compare(const char* expected, const char* actual) {
  pugi::xml_document a;
  pugi::xml_document b;
  EXPECT_TRUE(a.load_string(expected));
  EXPECT_TRUE(b.load_string(actual));
  return CompareElements(a.document_element(), b.document_element(), "");
}

TEST(XmlCompareTest, NamesAreComparedByNamespaceUriNotPrefix) {
  EXPECT_EQ(Compare(R"(<a:r xmlns:a="urn:x"><a:c>1</a:c></a:r>)",
                    R"(<r xmlns="urn:x"><b:c xmlns:b="urn:x">1</b:c></r>)"),
            "");
  EXPECT_THAT(Compare(R"(<a:r xmlns:a="urn:x"><a:c/></a:r>)",
                      R"(<a:r xmlns:a="urn:x"><a:c xmlns:a="urn:y"/></a:r>)"),
              HasSubstr("/c: element {urn:y}c, expected {urn:x}c"));
  EXPECT_THAT(Compare(R"(<r xmlns="urn:x"><c/></r>)", R"(<r xmlns="urn:x"><c xmlns=""/></r>)"),
              HasSubstr("element c, expected {urn:x}c"));
}

TEST(XmlCompareTest, AttributesAreASetWithoutNamespaceDeclarations) {
  EXPECT_EQ(Compare(R"(<r xmlns:p="urn:p" a="1" p:b="2"/>)",
                    R"(<r xmlns:q="urn:p" xmlns:unused="urn:u" q:b="2" a="1"/>)"),
            "");
  EXPECT_THAT(Compare(R"(<r a="1"/>)", R"(<r a="2"/>)"),
              HasSubstr("attribute a is \"2\", expected \"1\""));
  EXPECT_THAT(Compare(R"(<r a="1"/>)", R"(<r/>)"), HasSubstr("attribute a missing"));
  EXPECT_THAT(Compare(R"(<r/>)", R"(<r b="1"/>)"), HasSubstr("unexpected attribute b"));
}

TEST(XmlCompareTest, XsiTypeIsComparedAsAResolvedQName) {
  constexpr char kXsi[] = "http://www.w3.org/2001/XMLSchema-instance";
  const std::string expected =
      std::string(R"(<r xmlns:xsi=")") + kXsi + R"(" xmlns:t="urn:t" xsi:type="t:T"/>)";
  const std::string same =
      std::string(R"(<r xmlns:i=")") + kXsi + R"(" xmlns:ns1="urn:t" i:type="ns1:T"/>)";
  const std::string other =
      std::string(R"(<r xmlns:xsi=")") + kXsi + R"(" xmlns:t="urn:u" xsi:type="t:T"/>)";
  EXPECT_EQ(Compare(expected.c_str(), same.c_str()), "");
  EXPECT_THAT(Compare(expected.c_str(), other.c_str()), HasSubstr("{urn:u}T"));
}

TEST(XmlCompareTest, TextIsTrimmedAndChildrenKeepTheirOrder) {
  EXPECT_EQ(Compare("<r>\n  <c> v </c>\n</r>", "<r><c>v</c></r>"), "");
  EXPECT_EQ(Compare("<r>\n</r>", "<r/>"), "");
  EXPECT_THAT(Compare("<r><a/><b/></r>", "<r><b/><a/></r>"),
              HasSubstr("/a: element b, expected a"));
  EXPECT_THAT(Compare("<r><a/><a/></r>", "<r><a/></r>"),
              HasSubstr("1 child element(s) missing, first a"));
  EXPECT_THAT(Compare("<r><a>1</a><a>2</a></r>", "<r><a>1</a><a>3</a></r>"),
              HasSubstr("/a[2]: text \"3\", expected \"2\""));
}

Value Json(const char* text) {
  Value value;
  EXPECT_TRUE(ParseJson(text, &value).ok()) << text;
  return value;
}

TEST(NodeSoapJsonTest, FillsFieldsByXmlNameWithNodeSoapConventions) {
  pb::Sample message;
  ASSERT_TRUE(FillFromJson(Json(R"({
      "attributes": {"id": 7, "note": "n", "xmlns:x": "urn:ignored"},
      "ns:text": "hello",
      "amount": 12.5,
      "tiny": "-3",
      "flag": true,
      "colour": "dark-green",
      "tags": "only",
      "maybeOrNil": null,
      "blob": "AAE=",
      "price": {"$value": "9.99", "attributes": {"currency": "EUR"}},
      "nested": {"inner": "i", "attributes": {"lang": "en"}}
    })"),
                           &message)
                  .ok());
  EXPECT_EQ(message.id(), 7);
  EXPECT_EQ(message.note(), "n");
  EXPECT_EQ(message.text(), "hello");
  EXPECT_EQ(message.amount(), "12.5");
  EXPECT_EQ(message.tiny(), -3);
  EXPECT_TRUE(message.flag());
  EXPECT_EQ(message.colour(), pb::COLOUR_DARK_GREEN);
  ASSERT_EQ(message.tags_size(), 1);
  EXPECT_EQ(message.tags(0), "only");
  EXPECT_TRUE(message.maybe_or_nil_nil());
  EXPECT_EQ(message.blob(), std::string("\0\1", 2));
  EXPECT_EQ(message.price().value(), "9.99");
  EXPECT_EQ(message.price().currency(), "EUR");
  EXPECT_EQ(message.nested().lang(), "en");
}

TEST(NodeSoapJsonTest, ReportsWhatTheMessageCannotExpress) {
  pb::Sample message;
  EXPECT_THAT(FillFromJson(Json(R"({"unknown": 1})"), &message).message(),
              HasSubstr("$.unknown: type conformance.fixture.Sample has no element 'unknown'"));
  EXPECT_THAT(FillFromJson(Json(R"({"text": {"$value": "x", "attributes": {"a": "1"}}})"), &message)
                  .message(),
              HasSubstr("cannot carry 'attributes'"));
  EXPECT_THAT(
      FillFromJson(Json(R"({"nested": {"attributes": {"other": "1"}}})"), &message).message(),
      HasSubstr("declares no attribute 'other'"));
  EXPECT_THAT(FillFromJson(Json(R"({"text": null})"), &message).message(),
              HasSubstr("not nillable"));
  EXPECT_THAT(FillFromJson(Json(R"({"colour": "blue"})"), &message).message(),
              HasSubstr("\"blue\" is not a valid enum"));
}

TEST(NodeSoapJsonTest, ComparesLeniently) {
  pb::Sample message;
  message.set_id(7);
  message.set_text(" hello\n");
  message.set_amount("12.50");
  message.add_tags("only");
  message.set_maybe_or_nil_nil(true);
  message.mutable_empty();  // an element without content
  EXPECT_EQ(CompareWithJson(message, Json(R"({
      "attributes": {"id": "7", "xsi:type": "t:Sample"},
      "text": "hello", "amount": 12.5, "tags": ["only"], "maybeOrNil": null, "empty": null
    })"),
                            "$"),
            "");
  EXPECT_EQ(CompareWithJson(message, Json(R"({
      "attributes": {"id": 7}, "text": "hello", "amount": "12.5", "tags": "only",
      "maybeOrNil": null, "empty": {}
    })"),
                            "$"),
            "");
  EXPECT_THAT(CompareWithJson(message, Json(R"({"attributes": {"id": 7}, "text": "hello"})"), "$"),
              HasSubstr("$.amount: decoded, not in response.json"));
  EXPECT_THAT(CompareWithJson(message, Json(R"({
      "attributes": {"id": 7}, "text": "bye", "amount": "12.5", "tags": "only",
      "maybeOrNil": null, "empty": {}
    })"),
                              "$"),
              HasSubstr("$.text: decoded \"hello\", response.json has \"bye\""));
  EXPECT_THAT(CompareWithJson(message, Json(R"({
      "attributes": {"id": 7}, "text": "hello", "amount": "12.5", "tags": ["only", "two"],
      "maybeOrNil": null, "empty": {}
    })"),
                              "$"),
              HasSubstr("$.tags: decoded 1 items, response.json has 2"));
}

}  // namespace
}  // namespace dragoman::conformance
