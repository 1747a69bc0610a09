#include "translators/runtime/soap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "translators/runtime/xml_reader.h"
#include "translators/runtime/xml_writer.h"

namespace dragoman::soap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kSoap11 = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view kSoap12 = "http://www.w3.org/2003/05/soap-envelope";

struct Parsed {
  std::string buffer;
  pugi::xml_document doc;
};

std::unique_ptr<Parsed> Parse(std::string_view xml) {
  auto parsed = std::make_unique<Parsed>();
  parsed->buffer = std::string(xml);
  const absl::Status status =
      xml::ParseXmlInPlace(parsed->buffer.data(), parsed->buffer.size(), &parsed->doc);
  EXPECT_TRUE(status.ok()) << status << "\n" << xml;
  return parsed;
}

std::string Clark(std::string_view ns, std::string_view local) {
  return "{" + std::string(ns) + "}" + std::string(local);
}

TEST(EnvelopeNamespaceTest, PerVersion) {
  EXPECT_EQ(EnvelopeNamespace(SOAP_1_1), kSoap11);
  EXPECT_EQ(EnvelopeNamespace(SOAP_1_2), kSoap12);
  EXPECT_EQ(EnvelopeNamespace(SOAP_VERSION_UNSPECIFIED), kSoap11);
}

TEST(ContentTypeTest, Soap11IsTextXml) {
  EXPECT_EQ(ContentType(SOAP_1_1, "urn:Action"), "text/xml; charset=utf-8");
  EXPECT_EQ(ContentType(SOAP_VERSION_UNSPECIFIED, ""), "text/xml; charset=utf-8");
}

TEST(ContentTypeTest, Soap12CarriesTheActionParameter) {
  EXPECT_EQ(ContentType(SOAP_1_2, "urn:bank#Transfer"),
            "application/soap+xml; charset=utf-8; action=\"urn:bank#Transfer\"");
  EXPECT_EQ(ContentType(SOAP_1_2, ""), "application/soap+xml; charset=utf-8");
  EXPECT_EQ(ContentType(SOAP_1_2, "a\"b\\c"),
            "application/soap+xml; charset=utf-8; action=\"a\\\"b\\\\c\"");
}

TEST(BeginEnvelopeTest, WritesEnvelopeAndBody) {
  for (SoapVersion version : {SOAP_1_1, SOAP_1_2}) {
    std::string out;
    xml::XmlWriter writer(&out);
    BeginEnvelope(version, writer);
    writer.StartElement("m:Ping");
    writer.DeclareNamespace("m", "urn:m");
    writer.EndElement("m:Ping");
    EndEnvelope(writer);
    EXPECT_EQ(out, "<soapenv:Envelope xmlns:soapenv=\"" + std::string(EnvelopeNamespace(version)) +
                       "\"><soapenv:Body><m:Ping xmlns:m=\"urn:m\"/></soapenv:Body>"
                       "</soapenv:Envelope>");

    auto parsed = Parse(out);
    Envelope envelope;
    ASSERT_TRUE(FindEnvelope(parsed->doc, version, &envelope).ok());
    EXPECT_EQ(envelope.version, version);
    EXPECT_TRUE(xml::IsElement(envelope.body.first_child(), "urn:m", "Ping"));
  }
}

TEST(BeginEnvelopeTest, EmptyBodyStaysWellFormed) {
  std::string out;
  xml::XmlWriter writer(&out);
  BeginEnvelope(SOAP_1_1, writer);
  EndEnvelope(writer);
  auto parsed = Parse(out);
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  EXPECT_FALSE(envelope.body.first_child());
}

TEST(FindEnvelopeTest, FindsHeaderBodyAndNoFault) {
  auto parsed = Parse(
      "<?xml version='1.0' encoding='utf-8'?>\n"
      "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'>\n"
      "  <s:Header><auth xmlns='urn:auth'>token</auth></s:Header>\n"
      "  <s:Body><m:BalanceResponse xmlns:m='urn:bank'><m:amount>10.00</m:amount>"
      "</m:BalanceResponse></s:Body>\n"
      "</s:Envelope>");
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  EXPECT_EQ(envelope.version, SOAP_1_1);
  EXPECT_TRUE(xml::IsElement(envelope.header, kSoap11, "Header"));
  EXPECT_TRUE(xml::IsElement(envelope.body, kSoap11, "Body"));
  EXPECT_FALSE(envelope.fault);
}

TEST(FindEnvelopeTest, DetectsTheVersionWhenUnspecified) {
  auto parsed = Parse(
      "<Envelope xmlns='http://www.w3.org/2003/05/soap-envelope'><Body>"
      "<Fault/></Body></Envelope>");
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_VERSION_UNSPECIFIED, &envelope).ok());
  EXPECT_EQ(envelope.version, SOAP_1_2);
  EXPECT_FALSE(envelope.header);
  EXPECT_TRUE(xml::IsElement(envelope.fault, kSoap12, "Fault"));
}

TEST(FindEnvelopeTest, VersionMismatchNamesBothVersions) {
  auto parsed =
      Parse("<e:Envelope xmlns:e='http://www.w3.org/2003/05/soap-envelope'><e:Body/></e:Envelope>");
  Envelope envelope;
  const absl::Status status = FindEnvelope(parsed->doc, SOAP_1_1, &envelope);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("expected a SOAP 1.1 envelope"));
  EXPECT_THAT(status.message(), HasSubstr("found SOAP 1.2"));
  EXPECT_THAT(status.message(), HasSubstr(std::string(kSoap12)));
}

TEST(FindEnvelopeTest, RejectsDocumentsThatAreNotEnvelopes) {
  struct Case {
    const char* xml;
    const char* message;
  };
  const Case cases[] = {
      {"<html><body/></html>", "found html"},
      {"<Envelope><Body/></Envelope>", "found Envelope"},
      {"<e:Envelope xmlns:e='urn:not-soap'><e:Body/></e:Envelope>", "found {urn:not-soap}Envelope"},
      {"<e:Body xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'/>",
       "found {http://schemas.xmlsoap.org/soap/envelope/}Body"},
      {"<e:Envelope/>", "undeclared prefix"},
      {"<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'/>", "no Body"},
      {"<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'><e:Header/></e:Envelope>",
       "no Body"},
      {"<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'><Body/></e:Envelope>",
       "found Body"},
      {"<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'>"
       "<x:Extra xmlns:x='urn:x'/><e:Body/></e:Envelope>",
       "found {urn:x}Extra"},
      {"<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'>"
       "<e:Header/><e:Header/><e:Body/></e:Envelope>",
       "Header"},
      {"<e:Envelope xmlns:e='http://www.w3.org/2003/05/soap-envelope'>"
       "<e:Body/><e:Header/></e:Envelope>",
       "after Body"},
  };
  for (const Case& c : cases) {
    auto parsed = Parse(c.xml);
    Envelope envelope;
    const absl::Status status = FindEnvelope(parsed->doc, SOAP_VERSION_UNSPECIFIED, &envelope);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.xml;
    EXPECT_THAT(status.message(), HasSubstr(c.message)) << c.xml;
    EXPECT_THAT(status.message(), HasSubstr("SOAP: ")) << c.xml;
  }
}

TEST(FindEnvelopeTest, Soap11ToleratesElementsAfterBody) {
  auto parsed = Parse(
      "<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'>"
      "<e:Body><r/></e:Body><x:Trailer xmlns:x='urn:x'/></e:Envelope>");
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  EXPECT_STREQ(envelope.body.first_child().name(), "r");
}

TEST(FindEnvelopeTest, FaultMustBeInTheEnvelopeNamespace) {
  auto parsed = Parse(
      "<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'>"
      "<e:Body><Fault/></e:Body></e:Envelope>");
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  EXPECT_FALSE(envelope.fault);
}

// A SOAP 1.1 fault as Axis/CXF-style servers send it.
constexpr std::string_view kFault11 = R"(<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soap:Body>
    <soap:Fault>
      <faultcode>soap:Client.Authentication</faultcode>
      <faultstring xml:lang="en">Invalid credentials for account 42 &amp; branch &lt;7&gt;</faultstring>
      <faultactor>http://bank.example.com/auth</faultactor>
      <detail>
        <ns1:AuthFault xmlns:ns1="urn:bank:faults">
          <ns1:reason>EXPIRED</ns1:reason>
          <ns1:kind xsi:type="ns1:Code">ns1:Expired</ns1:kind>
        </ns1:AuthFault>
      </detail>
    </soap:Fault>
  </soap:Body>
</soap:Envelope>)";

TEST(ReadFaultTest, Soap11FaultWithDetail) {
  auto parsed = Parse(kFault11);
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  ASSERT_TRUE(envelope.fault);
  SoapFault fault;
  fault.set_fault_name("stale");
  ASSERT_TRUE(ReadFault(envelope.fault, SOAP_1_1, &fault).ok());
  EXPECT_EQ(fault.code(), Clark(kSoap11, "Client.Authentication"));
  EXPECT_EQ(fault.reason(), "Invalid credentials for account 42 & branch <7>");
  EXPECT_EQ(fault.actor(), "http://bank.example.com/auth");
  EXPECT_TRUE(fault.subcodes().empty());
  EXPECT_EQ(fault.node(), "");
  EXPECT_EQ(fault.fault_name(), "");
  EXPECT_EQ(FaultStatusCode(fault), absl::StatusCode::kInvalidArgument);

  // The detail stands alone: its namespaces and the xsi prefix its content uses resolve.
  const std::string wrapped = "<w>" + fault.detail_xml() + "</w>";
  auto detail = Parse(wrapped);
  const pugi::xml_node auth = detail->doc.document_element().child("ns1:AuthFault");
  EXPECT_TRUE(xml::IsElement(auth, "urn:bank:faults", "AuthFault")) << fault.detail_xml();
  const pugi::xml_node kind = auth.child("ns1:kind");
  EXPECT_TRUE(xml::FindAttribute(kind, xml::kXsiNamespace, "type")) << fault.detail_xml();
  std::string clark;
  ASSERT_TRUE(xml::QNameToClark(kind, kind.text().get(), &clark));
  EXPECT_EQ(clark, "{urn:bank:faults}Expired");
}

TEST(ReadFaultTest, Soap11ServerFaultWithoutDetail) {
  auto parsed = Parse(
      "<SOAP-ENV:Envelope xmlns:SOAP-ENV='http://schemas.xmlsoap.org/soap/envelope/'>"
      "<SOAP-ENV:Body><SOAP-ENV:Fault>"
      "<faultcode>SOAP-ENV:Server</faultcode><faultstring>Database unavailable</faultstring>"
      "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>");
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  SoapFault fault;
  ASSERT_TRUE(ReadFault(envelope.fault, SOAP_1_1, &fault).ok());
  EXPECT_EQ(fault.code(), Clark(kSoap11, "Server"));
  EXPECT_EQ(fault.reason(), "Database unavailable");
  EXPECT_EQ(fault.actor(), "");
  EXPECT_EQ(fault.detail_xml(), "");
  EXPECT_EQ(FaultStatusCode(fault), absl::StatusCode::kInternal);
}

TEST(ReadFaultTest, Soap11CodeInAnApplicationNamespaceDeclaredOnTheCode) {
  auto parsed = Parse(
      "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><s:Fault>"
      "<faultcode xmlns:app='urn:app'> app:InsufficientFunds </faultcode>"
      "<faultstring/></s:Fault></s:Body></s:Envelope>");
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  SoapFault fault;
  ASSERT_TRUE(ReadFault(envelope.fault, SOAP_1_1, &fault).ok());
  EXPECT_EQ(fault.code(), "{urn:app}InsufficientFunds");
  EXPECT_EQ(FaultStatusCode(fault), absl::StatusCode::kInternal);
}

TEST(ReadFaultTest, Soap11QualifiedChildrenAreAccepted) {
  auto parsed = Parse(
      "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><s:Fault>"
      "<s:faultcode>s:Client</s:faultcode><s:faultstring>bad</s:faultstring>"
      "</s:Fault></s:Body></s:Envelope>");
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
  SoapFault fault;
  ASSERT_TRUE(ReadFault(envelope.fault, SOAP_1_1, &fault).ok());
  EXPECT_EQ(fault.code(), Clark(kSoap11, "Client"));
  EXPECT_EQ(fault.reason(), "bad");
}

TEST(ReadFaultTest, Soap11MalformedFaults) {
  struct Case {
    const char* inner;
    const char* message;
  };
  const Case cases[] = {
      {"<faultstring>no code</faultstring>", "no faultcode"},
      {"<faultcode></faultcode>", "no faultcode"},
      {"<faultcode>undeclared:Client</faultcode>", "'undeclared:Client'"},
      {"<faultcode>s:Client</faultcode><faultstring>a<b/></faultstring>",
       "faultstring has child elements"},
  };
  for (const Case& c : cases) {
    auto parsed =
        Parse(std::string("<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"
                          "<s:Fault>") +
              c.inner + "</s:Fault></s:Body></s:Envelope>");
    Envelope envelope;
    ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_1, &envelope).ok());
    SoapFault fault;
    const absl::Status status = ReadFault(envelope.fault, SOAP_1_1, &fault);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.inner;
    EXPECT_THAT(status.message(), HasSubstr(c.message)) << c.inner;
  }
}

// A SOAP 1.2 fault with a chain of subcodes, several Reason texts, Node, Role and Detail.
constexpr std::string_view kFault12 = R"(<?xml version="1.0"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:m="urn:bank">
  <env:Header/>
  <env:Body>
    <env:Fault>
      <env:Code>
        <env:Value>env:Sender</env:Value>
        <env:Subcode>
          <env:Value>m:InvalidAccount</env:Value>
          <env:Subcode>
            <env:Value xmlns:x="urn:x">x:Closed</env:Value>
          </env:Subcode>
        </env:Subcode>
      </env:Code>
      <env:Reason>
        <env:Text xml:lang="en">Account closed</env:Text>
        <env:Text xml:lang="de">Konto geschlossen</env:Text>
      </env:Reason>
      <env:Node>http://bank.example.com/node</env:Node>
      <env:Role>http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver</env:Role>
      <env:Detail>
        <m:AccountFault><m:id>42</m:id><m:owner>Zürich € 日本 😀</m:owner></m:AccountFault>
      </env:Detail>
    </env:Fault>
  </env:Body>
</env:Envelope>)";

TEST(ReadFaultTest, Soap12FaultWithSubcodesAndDetail) {
  auto parsed = Parse(kFault12);
  Envelope envelope;
  ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_2, &envelope).ok());
  ASSERT_TRUE(envelope.fault);
  SoapFault fault;
  ASSERT_TRUE(ReadFault(envelope.fault, SOAP_1_2, &fault).ok());
  EXPECT_EQ(fault.code(), Clark(kSoap12, "Sender"));
  EXPECT_THAT(fault.subcodes(), ElementsAre("{urn:bank}InvalidAccount", "{urn:x}Closed"));
  EXPECT_EQ(fault.reason(), "Account closed");
  EXPECT_EQ(fault.node(), "http://bank.example.com/node");
  EXPECT_EQ(fault.actor(), "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver");
  EXPECT_EQ(FaultStatusCode(fault), absl::StatusCode::kInvalidArgument);

  // m is declared on the Envelope only; the detail must carry it.
  auto detail = Parse("<w>" + fault.detail_xml() + "</w>");
  const pugi::xml_node account = detail->doc.document_element().child("m:AccountFault");
  EXPECT_TRUE(xml::IsElement(account, "urn:bank", "AccountFault")) << fault.detail_xml();
  EXPECT_STREQ(account.child("m:owner").text().get(), "Zürich € 日本 😀");
}

TEST(ReadFaultTest, Soap12MalformedFaults) {
  struct Case {
    const char* inner;
    const char* message;
  };
  const Case cases[] = {
      {"<e:Reason><e:Text>x</e:Text></e:Reason>", "no Code"},
      {"<e:Code/>", "no Code/Value"},
      {"<e:Code><e:Value>nope:Sender</e:Value></e:Code>", "'nope:Sender'"},
      {"<e:Code><e:Value>e:Sender</e:Value><e:Subcode/></e:Code>", "no Subcode/Value"},
      // Unqualified (1.1-style) children are not SOAP 1.2.
      {"<faultcode>e:Sender</faultcode>", "no Code"},
  };
  for (const Case& c : cases) {
    auto parsed =
        Parse(std::string("<e:Envelope xmlns:e='http://www.w3.org/2003/05/soap-envelope'><e:Body>"
                          "<e:Fault>") +
              c.inner + "</e:Fault></e:Body></e:Envelope>");
    Envelope envelope;
    ASSERT_TRUE(FindEnvelope(parsed->doc, SOAP_1_2, &envelope).ok());
    SoapFault fault;
    const absl::Status status = ReadFault(envelope.fault, SOAP_1_2, &fault);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.inner;
    EXPECT_THAT(status.message(), HasSubstr(c.message)) << c.inner;
  }
}

TEST(FaultStatusCodeTest, ClientAndSenderAreInvalidArgumentEverythingElseInternal) {
  struct Case {
    std::string code;
    absl::StatusCode status;
  };
  const Case cases[] = {
      {Clark(kSoap11, "Client"), absl::StatusCode::kInvalidArgument},
      {Clark(kSoap11, "Client.Authentication"), absl::StatusCode::kInvalidArgument},
      {Clark(kSoap11, "Client.A.B"), absl::StatusCode::kInvalidArgument},
      {Clark(kSoap11, "Server"), absl::StatusCode::kInternal},
      {Clark(kSoap11, "Server.Database"), absl::StatusCode::kInternal},
      {Clark(kSoap11, "ClientError"), absl::StatusCode::kInternal},
      {Clark(kSoap11, "VersionMismatch"), absl::StatusCode::kInternal},
      {Clark(kSoap11, "MustUnderstand"), absl::StatusCode::kInternal},
      {Clark(kSoap11, "Sender"), absl::StatusCode::kInternal},
      {Clark(kSoap12, "Sender"), absl::StatusCode::kInvalidArgument},
      {Clark(kSoap12, "Receiver"), absl::StatusCode::kInternal},
      {Clark(kSoap12, "Client"), absl::StatusCode::kInternal},
      {Clark(kSoap12, "DataEncodingUnknown"), absl::StatusCode::kInternal},
      {"Client", absl::StatusCode::kInternal},
      {"{urn:app}Client", absl::StatusCode::kInternal},
      {"", absl::StatusCode::kInternal},
  };
  for (const Case& c : cases) {
    SoapFault fault;
    fault.set_code(c.code);
    EXPECT_EQ(FaultStatusCode(fault), c.status) << c.code;
  }
}

SoapFault RoundTrip(SoapVersion version, const SoapFault& fault, std::string* envelope_xml) {
  envelope_xml->clear();
  WriteFaultEnvelope(version, fault, envelope_xml);
  auto parsed = Parse(*envelope_xml);
  Envelope envelope;
  const absl::Status found = FindEnvelope(parsed->doc, version, &envelope);
  EXPECT_TRUE(found.ok()) << found << "\n" << *envelope_xml;
  EXPECT_TRUE(envelope.fault) << *envelope_xml;
  SoapFault read;
  const absl::Status status = ReadFault(envelope.fault, version, &read);
  EXPECT_TRUE(status.ok()) << status << "\n" << *envelope_xml;
  return read;
}

TEST(WriteFaultEnvelopeTest, Soap11RoundTrip) {
  SoapFault fault;
  fault.set_code(Clark(kSoap11, "Client.Validation"));
  fault.set_reason("amount < 0 & \"negative\" in Zürich €");
  fault.set_actor("http://bank.example.com/validator");
  fault.set_detail_xml("<v:Invalid xmlns:v=\"urn:v\"><v:field>amount</v:field></v:Invalid>");
  std::string xml;
  const SoapFault read = RoundTrip(SOAP_1_1, fault, &xml);
  EXPECT_THAT(xml, HasSubstr("<faultcode>soapenv:Client.Validation</faultcode>"));
  EXPECT_EQ(read.code(), fault.code());
  EXPECT_EQ(read.reason(), fault.reason());
  EXPECT_EQ(read.actor(), fault.actor());
  EXPECT_EQ(FaultStatusCode(read), absl::StatusCode::kInvalidArgument);
  auto detail = Parse("<w>" + read.detail_xml() + "</w>");
  EXPECT_TRUE(xml::IsElement(detail->doc.document_element().first_child(), "urn:v", "Invalid"));
  EXPECT_STREQ(detail->doc.document_element().first_child().child("v:field").text().get(),
               "amount");
}

TEST(WriteFaultEnvelopeTest, Soap11ApplicationCodeGetsItsOwnPrefix) {
  SoapFault fault;
  fault.set_code("{urn:app}Overdrawn");
  fault.set_reason("no money");
  std::string xml;
  const SoapFault read = RoundTrip(SOAP_1_1, fault, &xml);
  EXPECT_EQ(read.code(), "{urn:app}Overdrawn");
  EXPECT_EQ(read.actor(), "");
  EXPECT_EQ(read.detail_xml(), "");
  EXPECT_THAT(xml, testing::Not(HasSubstr("faultactor")));
  EXPECT_THAT(xml, testing::Not(HasSubstr("detail")));
}

TEST(WriteFaultEnvelopeTest, Soap12RoundTripWithSubcodes) {
  SoapFault fault;
  fault.set_code(Clark(kSoap12, "Sender"));
  fault.add_subcodes("{urn:bank}InvalidAccount");
  fault.add_subcodes("{urn:bank:detail}Closed");
  fault.add_subcodes("NoNamespace");
  fault.set_reason("Account <42> closed");
  fault.set_node("http://bank.example.com/node");
  fault.set_actor("http://bank.example.com/role");
  fault.set_detail_xml("<m:AccountFault xmlns:m=\"urn:bank\"><m:id>42</m:id></m:AccountFault>");
  std::string xml;
  const SoapFault read = RoundTrip(SOAP_1_2, fault, &xml);
  EXPECT_EQ(read.code(), fault.code());
  EXPECT_THAT(read.subcodes(),
              ElementsAre("{urn:bank}InvalidAccount", "{urn:bank:detail}Closed", "NoNamespace"));
  EXPECT_EQ(read.reason(), fault.reason());
  EXPECT_EQ(read.node(), fault.node());
  EXPECT_EQ(read.actor(), fault.actor());
  EXPECT_EQ(FaultStatusCode(read), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(xml, HasSubstr("xml:lang=\"en\""));
  auto detail = Parse("<w>" + read.detail_xml() + "</w>");
  EXPECT_TRUE(
      xml::IsElement(detail->doc.document_element().first_child(), "urn:bank", "AccountFault"));
}

TEST(WriteFaultEnvelopeTest, MissingCodeDefaultsToServerOrReceiver) {
  SoapFault fault;
  fault.set_reason("boom");
  std::string xml;
  EXPECT_EQ(RoundTrip(SOAP_1_1, fault, &xml).code(), Clark(kSoap11, "Server"));
  EXPECT_EQ(RoundTrip(SOAP_1_2, fault, &xml).code(), Clark(kSoap12, "Receiver"));
}

TEST(WriteFaultEnvelopeTest, AppendsToTheOutput) {
  SoapFault fault;
  fault.set_code(Clark(kSoap11, "Server"));
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  WriteFaultEnvelope(SOAP_1_1, fault, &out);
  EXPECT_EQ(out,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            "<soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode>"
            "<faultstring></faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>");
}

}  // namespace
}  // namespace dragoman::soap
