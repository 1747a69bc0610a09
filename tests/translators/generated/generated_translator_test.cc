// Behaviour of a generated translator (tests/translators/generated/constructs.wsdl): what it
// writes, what it reads from XML a real server might send, and what it refuses.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "absl/status/statusor.h"
#include "constructs.dragoman.h"
#include "constructs.pb.h"
#include "headers.dragoman.h"
#include "headers.pb.h"
#include "rpc_literal.dragoman.h"
#include "rpc_literal.pb.h"
#include "tests/translators/generated/translator_test_util.h"
#include "translators/runtime/soap_method.h"

namespace dragoman {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace pb = ::constructs::test;

using testing::kEnvelopeEnd;
using testing::kEnvelopeStart;

// A change to a valid message and what encoding it must then say (empty: it must succeed).
struct EncodeCase {
  const char* what;
  void (*mutate)(pb::Everything&);
  const char* expected;
};

class GeneratedTranslatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(generated::constructs::Register(registry_).ok());
    method_ =
        dynamic_cast<const soap::SoapMethod*>(registry_.Find("/constructs.test.Constructs/Echo"));
    ASSERT_NE(method_, nullptr);
  }

  // A message with the required parts set.
  static pb::Everything Minimal() {
    pb::Everything m;
    m.set_text("t");
    m.set_amount("1.00");
    m.add_tags("a");
    m.set_must_or_nil(5);
    m.set_by_id(9);
    m.set_id(1);
    m.set_unit("kg");  // the schema default: what an absent attribute reads as
    return m;
  }

  absl::StatusOr<std::string> Encode(const pb::Everything& message) {
    return testing::EncodeRequest(*method_, message);
  }

  // Reads a reply whose EchoResponse element is `body` (namespace declarations included).
  absl::StatusOr<pb::Everything> DecodeReply(std::string_view body) {
    return testing::DecodeReplyBody<pb::Everything>(*method_, body);
  }

  // Encodes Minimal() changed by each case and checks the outcome.
  template <size_t N>
  void ExpectEncodeOutcomes(const EncodeCase (&cases)[N]) {
    for (const EncodeCase& c : cases) {
      pb::Everything m = Minimal();
      c.mutate(m);
      absl::StatusOr<std::string> payload = Encode(m);
      if (std::string_view(c.expected).empty()) {
        EXPECT_TRUE(payload.ok()) << c.what << ": " << payload.status();
        continue;
      }
      ASSERT_FALSE(payload.ok()) << c.what;
      EXPECT_EQ(payload.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
      EXPECT_THAT(std::string(payload.status().message()), HasSubstr(c.expected)) << c.what;
    }
  }

  TranslatorRegistry registry_;
  const soap::SoapMethod* method_ = nullptr;
};

TEST_F(GeneratedTranslatorTest, EveryConstructSurvivesWriteThenRead) {
  pb::Everything m = Minimal();
  m.set_text("<&> \"quotes\" 'apos' ]]> Zürich € 日本 😀\ttab\r\nCRLF");
  m.set_amount("-12.50");
  m.set_count("123456789012345678901234567890");
  m.set_tiny(-128);
  m.set_small(65535);
  m.set_big(INT64_MIN);
  m.set_huge(UINT64_MAX);
  m.set_ratio(0.1);
  m.set_fraction(-1.5e-7f);
  m.set_flag(false);
  m.set_day("2024-02-29");
  m.set_moment("2024-05-02T09:30:15.250+02:00");
  m.set_span("-P1Y2M3DT4H5M6.5S");
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  m.set_blob(all_bytes);
  m.set_hex(std::string("\x00\xff\x10", 3));
  m.set_kind("{urn:kinds}special");
  m.set_colour(pb::COLOUR_DARK_GREEN);
  m.add_tags("b");
  m.add_tags("c");
  m.set_maybe_or_nil_nil(true);
  m.set_plain("unqualified");
  m.set_by_name("chosen");
  m.set_phone("+44 20");
  m.mutable_derived()->set_base_text("from the base");
  m.mutable_derived()->set_version(3);
  m.mutable_derived()->set_extra(4);
  m.mutable_derived()->set_colour(pb::COLOUR_RED);
  m.mutable_price()->set_value("19.99");
  m.mutable_price()->set_currency("EUR");
  m.mutable_price()->set_tax_rate("0.19");
  m.set_anything(R"(text <x:el xmlns:x="urn:x">with &amp; markup</x:el> more)");
  m.mutable_memo()->set_lang("en");
  m.mutable_memo()->set_content(R"(Hello <e:b xmlns:e="urn:dragoman:test:constructs">bold</e:b>!)");
  m.mutable_open()->set_known("k");
  m.mutable_open()->add_any(R"(<x:ext xmlns:x="urn:ext" a="1"><x:deep>text</x:deep></x:ext>)");
  (*m.mutable_open()->mutable_any_attributes())["{urn:attrs}flag"] = "on";
  (*m.mutable_open()->mutable_any_attributes())["plain"] = "p";
  m.mutable_nested()->set_inner("inside");
  m.mutable_nested()->set_lang("en-GB");
  m.set_id(77);
  m.set_note("a \"note\" & <more>\n");

  absl::StatusOr<std::string> payload = Encode(m);
  ASSERT_TRUE(payload.ok()) << payload.status();
  pb::Everything back;
  absl::Status status = method_->DecodeRequest(*payload, &back);
  ASSERT_TRUE(status.ok()) << status;
  std::string diff;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differ.Compare(m, back)) << diff;
}

TEST_F(GeneratedTranslatorTest, WritesNilsQualificationAndAttributesAsTheSchemaSays) {
  pb::Everything m = Minimal();
  m.clear_must_or_nil();  // required + nillable: unset is nil
  m.set_plain("p");
  m.mutable_derived()->set_base_text("b");
  m.mutable_derived()->set_version(2);
  absl::StatusOr<std::string> payload = Encode(m);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_THAT(*payload, HasSubstr(R"(:mustOrNil xsi:nil="true"/>)"));
  EXPECT_THAT(*payload, Not(HasSubstr("maybeOrNil")));   // absent stays absent
  EXPECT_THAT(*payload, HasSubstr("<plain>p</plain>"));  // form="unqualified"
  EXPECT_THAT(*payload, HasSubstr(R"( id="1")"));
  // The base type's schema is unqualified: its element has no prefix, in any namespace.
  EXPECT_THAT(*payload, HasSubstr(R"(:derived version="2"><baseText>b</baseText></)"));
}

TEST_F(GeneratedTranslatorTest, SimpleContentCarriesTextBesideItsAttributes) {
  pb::Everything m = Minimal();
  m.mutable_price()->set_value("5.00");
  m.mutable_price()->set_currency("GBP");
  absl::StatusOr<std::string> payload = Encode(m);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_THAT(*payload, HasSubstr(R"(:price currency="GBP">5.00</)"));

  absl::StatusOr<pb::Everything> read = DecodeReply(
      R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs" id="1"><e:text/>)"
      R"(<e:amount>1</e:amount><e:tags>a</e:tags><e:mustOrNil>1</e:mustOrNil><e:byId>1</e:byId>)"
      R"(<e:price currency="CHF" taxRate="0.077"> 12.5 </e:price></e:EchoResponse>)");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->price().value(), "12.5");
  EXPECT_EQ(read->price().currency(), "CHF");
  EXPECT_EQ(read->price().tax_rate(), "0.077");

  absl::StatusOr<pb::Everything> nested = DecodeReply(
      R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs" id="1"><e:text/>)"
      R"(<e:amount>1</e:amount><e:tags>a</e:tags><e:mustOrNil>1</e:mustOrNil><e:byId>1</e:byId>)"
      R"(<e:price currency="CHF"><e:x/></e:price></e:EchoResponse>)");
  ASSERT_FALSE(nested.ok());
  EXPECT_THAT(std::string(nested.status().message()), HasSubstr("has child elements"));
}

TEST_F(GeneratedTranslatorTest, AnyContentIsCarriedAsStandaloneXml) {
  absl::StatusOr<pb::Everything> read = DecodeReply(
      R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs" xmlns:x="urn:ext" id="1">)"
      R"(<e:text/><e:amount>1</e:amount><e:tags>a</e:tags><e:mustOrNil>1</e:mustOrNil>)"
      R"(<e:byId>1</e:byId><e:open x:mark="m" other="o"><e:known>k</e:known>)"
      R"(<x:one><x:two>2</x:two></x:one><x:three/></e:open></e:EchoResponse>)");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->open().any_size(), 2);
  // The namespace declared far up comes along, so the fragment stands alone.
  EXPECT_EQ(read->open().any(0), R"(<x:one xmlns:x="urn:ext"><x:two>2</x:two></x:one>)");
  EXPECT_EQ(read->open().any_attributes().at("{urn:ext}mark"), "m");
  EXPECT_EQ(read->open().any_attributes().at("other"), "o");

  // What a caller puts into xsd:any must not be able to break the envelope.
  for (const char* bad : {"<a>unclosed", "<a/><b/>", "text only", "<a/>trailing",
                          "</e:open><e:injected/><e:open>", "<u:undeclared/>"}) {
    pb::Everything m = Minimal();
    m.mutable_open()->set_known("k");
    m.mutable_open()->add_any(bad);
    absl::StatusOr<std::string> payload = Encode(m);
    ASSERT_FALSE(payload.ok()) << bad;
    EXPECT_THAT(std::string(payload.status().message()), HasSubstr("open.any")) << bad;
  }
}

TEST_F(GeneratedTranslatorTest, AnyTypeContentMustBeWellFormed) {
  for (const char* bad : {"<open>", "a < b", "<u:x/>", "</e:anything><e:injected/>"}) {
    pb::Everything m = Minimal();
    m.set_anything(bad);
    absl::StatusOr<std::string> payload = Encode(m);
    ASSERT_FALSE(payload.ok()) << bad;
    EXPECT_THAT(std::string(payload.status().message()), HasSubstr("field 'anything'")) << bad;
  }
}

TEST_F(GeneratedTranslatorTest, FacetsAreCheckedOnEncode) {
  const EncodeCase cases[] = {
      {"valid",
       [](pb::Everything& m) {
         m.set_currency("EUR");
         m.set_percent("99.95");
         m.set_floor(-2);
       },
       ""},
      {"length", [](pb::Everything& m) { m.set_currency("EURO"); }, "xsd:length"},
      {"pattern", [](pb::Everything& m) { m.set_currency("eur"); }, "pattern"},
      {"max inclusive", [](pb::Everything& m) { m.set_percent("100.01"); }, "xsd:maxInclusive"},
      {"min inclusive", [](pb::Everything& m) { m.set_percent("-0.5"); }, "xsd:minInclusive"},
      {"bound itself", [](pb::Everything& m) { m.set_percent("100.00"); }, ""},
      {"fraction digits", [](pb::Everything& m) { m.set_percent("1.234"); }, "xsd:fractionDigits"},
      {"trailing zeros are not digits", [](pb::Everything& m) { m.set_percent("1.2000"); }, ""},
      {"min exclusive", [](pb::Everything& m) { m.set_floor(-3); }, "xsd:minExclusive"},
      {"max exclusive", [](pb::Everything& m) { m.set_floor(100); }, "xsd:maxExclusive"},
      {"double in range", [](pb::Everything& m) { m.set_share(0.25); }, ""},
      {"double at exclusive bound", [](pb::Everything& m) { m.set_share(1.0); },
       "xsd:maxExclusive"},
      {"double below", [](pb::Everything& m) { m.set_share(-0.001); }, "xsd:minInclusive"},
      {"NaN is outside", [](pb::Everything& m) { m.set_share(std::nan("")); }, "xsd:minInclusive"},
      {"dateTime in range", [](pb::Everything& m) { m.set_since("2024-02-29T12:00:00Z"); }, ""},
      {"dateTime at its minimum in another zone",
       [](pb::Everything& m) { m.set_since("2000-01-01T01:00:00+01:00"); }, ""},
      {"dateTime just before it",
       [](pb::Everything& m) { m.set_since("2000-01-01T00:59:59.999+01:00"); }, "xsd:minInclusive"},
      {"dateTime past the maximum (23:00Z is midnight at +01:00)",
       [](pb::Everything& m) { m.set_since("2099-12-31T23:00:00Z"); }, "xsd:maxExclusive"},
  };
  ExpectEncodeOutcomes(cases);
}

TEST_F(GeneratedTranslatorTest, SchemaDefaultsApplyWhereXsdSaysTheyDo) {
  const std::string head = R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs" id="1">)"
                           R"(<e:text/><e:amount>1</e:amount><e:tags>a</e:tags>)"
                           R"(<e:mustOrNil>1</e:mustOrNil><e:byId>1</e:byId>)";
  // An absent attribute takes its default; an absent element does not, an empty one does.
  absl::StatusOr<pb::Everything> absent = DecodeReply(head + "</e:EchoResponse>");
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_EQ(absent->unit(), "kg");
  EXPECT_FALSE(absent->has_level());
  absl::StatusOr<pb::Everything> empty = DecodeReply(head + "<e:level/></e:EchoResponse>");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->level(), 5);
  absl::StatusOr<pb::Everything> given =
      DecodeReply(R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs" id="1" unit="g">)"
                  R"(<e:text/><e:amount>1</e:amount><e:tags>a</e:tags><e:mustOrNil>1</e:mustOrNil>)"
                  R"(<e:byId>1</e:byId><e:level>7</e:level></e:EchoResponse>)");
  ASSERT_TRUE(given.ok()) << given.status();
  EXPECT_EQ(given->unit(), "g");
  EXPECT_EQ(given->level(), 7);
}

TEST_F(GeneratedTranslatorTest, AnEmptyEnumerationLiteralIsAValueLikeAnyOther) {
  pb::Everything m = Minimal();
  m.set_grade(pb::GRADE_EMPTY);
  absl::StatusOr<std::string> xml = Encode(m);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr("<ns1:grade></ns1:grade>"));
  const std::string head = R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs" id="1">)"
                           R"(<e:text/><e:amount>1</e:amount><e:tags>a</e:tags>)"
                           R"(<e:mustOrNil>1</e:mustOrNil><e:byId>1</e:byId>)";
  absl::StatusOr<pb::Everything> read = DecodeReply(head + "<e:grade/></e:EchoResponse>");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->grade(), pb::GRADE_EMPTY);
}

TEST_F(GeneratedTranslatorTest, ReadsWhatOtherStacksWrite) {
  // Default namespace instead of prefixes, xmlns="" for the unqualified element, whitespace
  // around numbers, CDATA, comments and canonicalisation of lexical forms.
  absl::StatusOr<pb::Everything> m = DecodeReply(R"(
    <EchoResponse xmlns="urn:dragoman:test:constructs" id=" 12 "
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:k="urn:kinds">
      <text><![CDATA[a < b]]> &amp; c</text>
      <!-- a comment -->
      <amount> +007.50 </amount>
      <tiny>
        -5
      </tiny>
      <flag>1</flag>
      <kind>k:thing</kind>
      <colour>dark-green</colour>
      <tags>x</tags>
      <mustOrNil xsi:nil="1"/>
      <maybeOrNil xsi:nil="true"></maybeOrNil>
      <plain xmlns="">p</plain>
      <byId>42</byId>
    </EchoResponse>)");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->id(), 12);
  EXPECT_EQ(m->text(), "a < b & c");
  EXPECT_EQ(m->amount(), "7.50");
  EXPECT_EQ(m->tiny(), -5);
  EXPECT_TRUE(m->flag());
  EXPECT_EQ(m->kind(), "{urn:kinds}thing");
  EXPECT_EQ(m->colour(), pb::COLOUR_DARK_GREEN);
  EXPECT_FALSE(m->has_must_or_nil());
  EXPECT_TRUE(m->maybe_or_nil_nil());
  EXPECT_EQ(m->plain(), "p");
  EXPECT_EQ(m->by_id(), 42);
  EXPECT_EQ(m->choice_2_case(), pb::Everything::CHOICE_2_NOT_SET);
}

TEST_F(GeneratedTranslatorTest, RefusesToEncodeWhatTheSchemaCannotCarry) {
  const EncodeCase cases[] = {
      {"byte out of range", [](pb::Everything& m) { m.set_tiny(200); }, "field 'tiny'"},
      {"no choice member", [](pb::Everything& m) { m.clear_choice(); }, "field 'choice'"},
      {"too few", [](pb::Everything& m) { m.clear_tags(); }, "at least 1"},
      {"too many",
       [](pb::Everything& m) {
         for (int i = 0; i < 3; ++i) m.add_tags("x");
       },
       "at most 3"},
      {"bad decimal", [](pb::Everything& m) { m.set_amount("1,5"); }, "field 'amount'"},
      {"bad date", [](pb::Everything& m) { m.set_day("2023-02-29"); }, "field 'day'"},
      {"control char", [](pb::Everything& m) { m.set_text("bell\x07"); }, "field 'text'"},
      {"bad qname", [](pb::Everything& m) { m.set_kind("{urn:x"); }, "field 'kind'"},
      {"unknown enum", [](pb::Everything& m) { m.set_colour(static_cast<pb::Colour>(99)); },
       "field 'colour'"},
      {"nested path",
       [](pb::Everything& m) { m.mutable_derived()->set_extra(1); },  // base_text stays ""
       ""},
  };
  ExpectEncodeOutcomes(cases);
}

TEST_F(GeneratedTranslatorTest, RefusesRepliesThatBreakTheSchema) {
  const std::string head = R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs" id="1" )"
                           R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">)";
  const std::string required =
      "<e:text>t</e:text><e:amount>1</e:amount><e:tags>a</e:tags>"
      "<e:mustOrNil>1</e:mustOrNil>";
  struct Case {
    const char* what;
    std::string body;
    const char* expected;
  };
  const Case cases[] = {
      {"two choice members", head + required + "<e:byName>n</e:byName><e:byId>1</e:byId>",
       "only one of byName or byId"},
      {"no choice member", head + required, "needs one of byName or byId"},
      {"missing element", head + "<e:amount>1</e:amount><e:tags>a</e:tags><e:byId>1</e:byId>",
       "<ns1:text> occurs 0 times"},
      {"unknown element", head + required + "<e:byId>1</e:byId><e:surprise/>",
       "is not expected here"},
      {"wrong namespace", head + required + "<x:byId xmlns:x=\"urn:other\">1</x:byId>",
       "is not expected here"},
      {"byte out of range", head + required + "<e:byId>1</e:byId><e:tiny>300</e:tiny>", "xsd:byte"},
      {"nil where not nillable", head + required + "<e:byId xsi:nil=\"true\"/>", "not nillable"},
      {"text in element-only content", head + required + "<e:byId>1</e:byId>stray",
       "unexpected text"},
      {"element where a value belongs", head + required + "<e:byId><e:x/></e:byId>",
       "has child elements"},
  };
  for (const Case& c : cases) {
    std::string body = c.body + "</e:EchoResponse>";
    absl::StatusOr<pb::Everything> m = DecodeReply(body);
    ASSERT_FALSE(m.ok()) << c.what;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInternal) << c.what;
    EXPECT_THAT(std::string(m.status().message()), HasSubstr(c.expected)) << c.what;
  }
  absl::StatusOr<pb::Everything> no_id =
      DecodeReply(R"(<e:EchoResponse xmlns:e="urn:dragoman:test:constructs">)" + required +
                  "<e:byId>1</e:byId></e:EchoResponse>");
  ASSERT_FALSE(no_id.ok());
  EXPECT_THAT(std::string(no_id.status().message()), HasSubstr("required attribute id"));
}

TEST_F(GeneratedTranslatorTest, DeclaredFaultDetailIsDecodedToItsMessage) {
  std::string payload =
      std::string(kEnvelopeStart) +
      R"(<soap:Fault><faultcode>soap:Server</faultcode><faultstring>broken</faultstring>)"
      R"(<detail><p:Problem xmlns:p="urn:dragoman:test:constructs"><p:code>7</p:code>)"
      R"(</p:Problem></detail></soap:Fault>)" +
      kEnvelopeEnd;
  std::string bytes;
  absl::Status status = method_->DecodeReply(payload, &bytes);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);  // Server fault
  auto detail = status.GetPayload("type.googleapis.com/constructs.test.Problem");
  ASSERT_TRUE(detail.has_value());
  pb::Problem problem;
  ASSERT_TRUE(problem.ParseFromString(std::string(*detail)));
  EXPECT_EQ(problem.code(), 7);
}

TEST_F(GeneratedTranslatorTest, MockSideWritesARepliesThatTheClientSideReads) {
  pb::Everything reply = Minimal();
  reply.set_email("e@example.org");
  std::string payload;
  ASSERT_TRUE(method_->EncodeReply(reply, &payload).ok());
  std::string bytes;
  ASSERT_TRUE(method_->DecodeReply(payload, &bytes).ok());
  pb::Everything back;
  ASSERT_TRUE(back.ParseFromString(bytes));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(reply, back));
}

TEST(RpcLiteralTranslatorTest, WrapsPartsInTheOperationElementBothWays) {
  TranslatorRegistry registry;
  ASSERT_TRUE(generated::rpc_literal::Register(registry).ok());
  const Translator* add = registry.Find("/calc.test.Calc/Add");
  ASSERT_NE(add, nullptr);
  ::calc::test::AddRequest request;
  request.set_a(1);
  request.set_b(2);
  request.mutable_origin()->set_x(3);
  request.mutable_origin()->set_y(4);
  BackendRequest out;
  ASSERT_TRUE(add->EncodeRequest(request.SerializeAsString(), &out).ok());
  EXPECT_THAT(out.payload, HasSubstr(R"(<ns2:Add xmlns:ns1="urn:dragoman:test:calc")"));
  EXPECT_THAT(out.payload, HasSubstr(R"(xmlns:ns2="urn:dragoman:test:calc:wire")"));
  EXPECT_THAT(out.payload,
              HasSubstr("<a>1</a><b>2</b><origin><x>3</x><y>4</y></origin></ns2:Add>"));
  EXPECT_EQ(out.soap_action.value_or(""), "urn:dragoman:test:calc#Add");

  std::string reply = std::string(kEnvelopeStart) +
                      R"(<m:AddResponse xmlns:m="urn:dragoman:test:calc:wire"><sum>3</sum>)"
                      R"(<moved><x>5</x><y>6</y></moved></m:AddResponse>)" +
                      kEnvelopeEnd;
  std::string bytes;
  absl::Status status = add->DecodeReply(reply, &bytes);
  ASSERT_TRUE(status.ok()) << status;
  ::calc::test::AddResponse response;
  ASSERT_TRUE(response.ParseFromString(bytes));
  EXPECT_EQ(response.sum(), 3);
  EXPECT_EQ(response.moved().y(), 6);
}

TEST(RpcLiteralTranslatorTest, DeclaredHeadersTravelBesideTheRpcWrapper) {
  TranslatorRegistry registry;
  ASSERT_TRUE(generated::rpc_literal::Register(registry).ok());
  const Translator* scale = registry.Find("/calc.test.Calc/Scale");
  ASSERT_NE(scale, nullptr);
  ::calc::test::ScaleRequest request;
  request.set_session("s-1");
  request.set_factor(3);
  BackendRequest out;
  ASSERT_TRUE(scale->EncodeRequest(request.SerializeAsString(), &out).ok());
  EXPECT_THAT(out.payload,
              HasSubstr(R"(<soapenv:Header><ns1:Session xmlns:ns1="urn:dragoman:test:calc")"));
  EXPECT_THAT(out.payload,
              HasSubstr(">s-1</ns1:Session></soapenv:Header><soapenv:Body><ns2:Scale"));
  EXPECT_THAT(out.payload, HasSubstr("<factor>3</factor></ns2:Scale>"));

  std::string reply =
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>)"
      R"(<c:Session xmlns:c="urn:dragoman:test:calc">s-2</c:Session></s:Header><s:Body>)"
      R"(<m:ScaleResponse xmlns:m="urn:dragoman:test:calc:wire"><result>9</result>)"
      R"(</m:ScaleResponse></s:Body></s:Envelope>)";
  std::string bytes;
  absl::Status status = scale->DecodeReply(reply, &bytes);
  ASSERT_TRUE(status.ok()) << status;
  ::calc::test::ScaleResponse response;
  ASSERT_TRUE(response.ParseFromString(bytes));
  EXPECT_EQ(response.session(), "s-2");
  EXPECT_EQ(response.result(), 9);
}

TEST(HeadersTranslatorTest, DeclaredHeadersTravelInSoapHeader) {
  TranslatorRegistry registry;
  ASSERT_TRUE(generated::headers::Register(registry).ok());
  const Translator* lookup = registry.Find("/headers.test.Directory/Lookup");
  ASSERT_NE(lookup, nullptr);
  ::headers::test::LookupRequest request;
  request.mutable_auth()->set_user("ada");
  request.mutable_auth()->set_token("s3cret");
  request.mutable_lookup()->set_key("k");
  BackendRequest out;
  ASSERT_TRUE(lookup->EncodeRequest(request.SerializeAsString(), &out).ok());
  EXPECT_THAT(out.payload, HasSubstr("<soapenv:Header><ns1:Auth "));
  EXPECT_THAT(out.payload, HasSubstr("</ns1:Auth></soapenv:Header><soapenv:Body><ns1:Lookup "));

  auto reply_with = [](std::string_view header) {
    return std::string(R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">)") +
           std::string(header) +
           R"(<s:Body><h:LookupResponse xmlns:h="urn:dragoman:test:headers"><h:value>v</h:value>)"
           R"(</h:LookupResponse></s:Body></s:Envelope>)";
  };
  std::string reply =
      reply_with(R"(<s:Header><h:Session xmlns:h="urn:dragoman:test:headers">sess-1</h:Session>)"
                 R"(<x:Trace xmlns:x="urn:other">ignored</x:Trace></s:Header>)");
  std::string bytes;
  absl::Status status = lookup->DecodeReply(reply, &bytes);
  ASSERT_TRUE(status.ok()) << status;
  ::headers::test::LookupResponse response;
  ASSERT_TRUE(response.ParseFromString(bytes));
  EXPECT_EQ(response.session(), "sess-1");
  EXPECT_EQ(response.lookup_response().value(), "v");

  // An undeclared entry the reader must understand fails the reply instead of being dropped.
  std::string must = reply_with(
      R"(<s:Header><x:Txn xmlns:x="urn:other" s:mustUnderstand="1">t</x:Txn></s:Header>)");
  status = lookup->DecodeReply(must, &bytes);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr("{urn:other}Txn must be understood"));

  // A reply without the optional header is fine.
  std::string none = reply_with("");
  ASSERT_TRUE(lookup->DecodeReply(none, &bytes).ok());

  // An operation whose request declares headers and whose reply declares none ignores a reply
  // header it does not know, even one named like a request header.
  const Translator* ping = registry.Find("/headers.test.Directory/Ping");
  ASSERT_NE(ping, nullptr);
  std::string echoed =
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>)"
      R"(<h:Auth xmlns:h="urn:dragoman:test:headers"><h:user>u</h:user><h:token>t</h:token>)"
      R"(</h:Auth></s:Header><s:Body><h:Pong xmlns:h="urn:dragoman:test:headers">)"
      R"(<h:value>v</h:value></h:Pong></s:Body></s:Envelope>)";
  status = ping->DecodeReply(echoed, &bytes);
  ASSERT_TRUE(status.ok()) << status;
  ::headers::test::Pong pong;
  ASSERT_TRUE(pong.ParseFromString(bytes));
  EXPECT_EQ(pong.value(), "v");
}

}  // namespace
}  // namespace dragoman
