// Golden tests of dragoman-gen's .proto output on real schemas: the bank example and WSDLs from
// the conformance corpus the generator supports today. Each output is compared with
// golden/<name>.proto.golden (DRAGOMAN_UPDATE_GOLDEN=1 rewrites them) and must be accepted by
// protoc together with dragoman/options.proto.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/codegen/default_http_rules.h"
#include "translators/codegen/proto_emitter.h"
#include "translators/codegen/wsdl_frontend.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

using testing::CorpusDir;
using testing::ReadFileOrEmpty;
using testing::RunProtoc;
using testing::ScratchDir;
using testing::SourceDir;

struct GoldenCase {
  // Golden file stem and test name.
  const char* name;
  // Where the WSDL lives: relative to the project root or to the corpus.
  enum class Root { kSource, kCorpus } root;
  const char* path;
};

const GoldenCase kCases[] = {
    // Doc/literal wrapped, SOAP 1.1 + 1.2, xsd:import, all, nillable, enums, faults.
    {"bank", GoldenCase::Root::kSource, "schemas/bank/bank.wsdl"},
    // SOAP 1.1 + 1.2 + HTTP GET/POST ports in one service.
    {"soap_go_global_weather", GoldenCase::Root::kCorpus, "wsdl/soap-go/GlobalWeather.wsdl"},
    // Anonymous enumerations on elements and on an attribute.
    {"soap_go_inline_enums", GoldenCase::Root::kCorpus, "wsdl/soap-go/inline_enums.wsdl"},
    // A schema imported from a separate file; declared faults.
    {"zeep_soap_import_main", GoldenCase::Root::kCorpus, "wsdl/zeep/soap_import_main.wsdl"},
    // Self-referencing complex types (Node -> ArrayOfNode -> Node).
    {"node_soap_get_nodes", GoldenCase::Root::kCorpus,
     "wsdl/node-soap/request-response-samples/GetNodes__complex_self_referencing/soap.wsdl"},
};

void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

std::string WsdlPath(const GoldenCase& c) {
  return StrCat(c.root == GoldenCase::Root::kSource ? SourceDir() : CorpusDir(), "/", c.path);
}

std::string GoldenPath(const GoldenCase& c) {
  return StrCat(SourceDir(), "/tests/translators/codegen/golden/", c.name, ".proto.golden");
}

class GoldenProtoTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenProtoTest, MatchesGoldenFile) {
  const GoldenCase& c = GetParam();
  absl::StatusOr<FileModel> model = BuildModelFromWsdl(WsdlPath(c), {});
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(testing::CheckGolden(EmitProto(*model), GoldenPath(c)), "");
}

TEST_P(GoldenProtoTest, GoldenFileIsAcceptedByProtoc) {
  const GoldenCase& c = GetParam();
  absl::StatusOr<FileModel> model = BuildModelFromWsdl(WsdlPath(c), {});
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string golden = ReadFileOrEmpty(GoldenPath(c));
  ASSERT_FALSE(golden.empty()) << "missing " << GoldenPath(c);
  ScratchDir dir;
  dir.Write(model->file_name, golden);
  const testing::CommandResult result = RunProtoc(dir.path(), model->file_name);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_P(GoldenProtoTest, GenerationIsDeterministic) {
  const GoldenCase& c = GetParam();
  absl::StatusOr<FileModel> first = BuildModelFromWsdl(WsdlPath(c), {});
  absl::StatusOr<FileModel> second = BuildModelFromWsdl(WsdlPath(c), {});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(EmitProto(*first), EmitProto(*second));
}

INSTANTIATE_TEST_SUITE_P(Schemas, GoldenProtoTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GoldenCase>& p) {
                           return std::string(p.param.name);
                         });

// The bank schema with a package and file name chosen on the command line.
TEST(GoldenOptionsTest, PackageAndFileNameOverrides) {
  WsdlOptions options;
  options.package = "acme.core.v1";
  options.proto_file = "core_banking.proto";
  absl::StatusOr<FileModel> model =
      BuildModelFromWsdl(StrCat(SourceDir(), "/schemas/bank/bank.wsdl"), options);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->file_name, "core_banking.proto");
  EXPECT_EQ(model->package, "acme.core.v1");
  const std::string text = EmitProto(*model);
  EXPECT_NE(text.find("package acme.core.v1;"), std::string::npos);
  // Outside a package with a "dragoman" component the options need no leading dot.
  EXPECT_NE(text.find("option (dragoman.schema)"), std::string::npos);
  EXPECT_NE(text.find("message_type: \"acme.core.v1.AccountNotFound\""), std::string::npos);
  ScratchDir dir;
  dir.Write(model->file_name, text);
  const testing::CommandResult result = RunProtoc(dir.path(), model->file_name);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

// dragoman-gen --http-rules: a default REST mapping for every method, accepted by protoc.
TEST(GoldenOptionsTest, DefaultHttpRulesGiveEveryMethodARestPath) {
  absl::StatusOr<FileModel> model =
      BuildModelFromWsdl(StrCat(SourceDir(), "/schemas/bank/bank.wsdl"), {});
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_TRUE(AddDefaultHttpRules("/api", &*model).ok());
  const std::string text = EmitProto(*model);
  EXPECT_NE(text.find("import \"google/api/annotations.proto\";"), std::string::npos);
  EXPECT_NE(text.find("option (google.api.http) = {post: \"/api/BankPort/GetAccount\" body: "
                      "\"*\"};"),
            std::string::npos);
  ScratchDir dir;
  dir.Write(model->file_name, text);
  const testing::CommandResult result = RunProtoc(dir.path(), model->file_name);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_FALSE(AddDefaultHttpRules("api/", &*model).ok());
}

// --- Generated files protoc must accept, from small schemas that stress naming. ---

// A WSDL with one doc/literal operation Op(tns:Req) -> tns:Resp around `schema_body`.
std::string WsdlAround(std::string_view schema_body) {
  return StrCat(R"(<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="http://example.com/t" targetNamespace="http://example.com/t">
  <wsdl:types>
    <xs:schema targetNamespace="http://example.com/t" elementFormDefault="qualified">
)",
                schema_body, R"(
      <xs:element name="Resp"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="tns:Req"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="p" element="tns:Resp"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op">
      <soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
)");
}

// Generates the .proto for `schema_body` and runs protoc on it.
void ExpectProtocAccepts(std::string_view schema_body) {
  ScratchDir dir;
  const std::string wsdl = dir.Write("t.wsdl", WsdlAround(schema_body));
  absl::StatusOr<FileModel> model = BuildModelFromWsdl(wsdl, {});
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string text = EmitProto(*model);
  dir.Write(model->file_name, text);
  const testing::CommandResult result = RunProtoc(dir.path(), model->file_name);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << text;
}

TEST(ProtocAcceptsTest, KeywordAndCollidingNames) {
  ExpectProtocAccepts(R"(
      <xs:complexType name="class"><xs:sequence>
        <xs:element name="type" type="xs:string"/>
        <xs:element name="Type" type="xs:string"/>
        <xs:element name="package" type="xs:int"/>
        <xs:element name="accountId" type="xs:string"/>
        <xs:element name="account_id" type="xs:string"/>
        <xs:element name="account-id" type="xs:string"/>
      </xs:sequence></xs:complexType>
      <xs:complexType name="Class"><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="tns:class"/>
        <xs:element name="b" type="tns:Class"/>
        <xs:element name="value" type="xs:string" minOccurs="0" nillable="true"/>
        <xs:element name="valueNil" type="xs:string"/>
        <xs:element name="value_or_nil" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>)");
}

TEST(ProtocAcceptsTest, EnumLiteralsThatNeedNames) {
  ExpectProtocAccepts(R"(
      <xs:simpleType name="Odd"><xs:restriction base="xs:string">
        <xs:enumeration value=""/>
        <xs:enumeration value="-"/>
        <xs:enumeration value="+"/>
        <xs:enumeration value="a-b"/>
        <xs:enumeration value="a_b"/>
        <xs:enumeration value="A B"/>
        <xs:enumeration value="UNSPECIFIED"/>
        <xs:enumeration value="1"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="v" type="tns:Odd"/>
        <xs:element name="w"><xs:simpleType><xs:restriction base="xs:int">
          <xs:enumeration value="1"/><xs:enumeration value="2"/>
        </xs:restriction></xs:simpleType></xs:element>
      </xs:sequence></xs:complexType></xs:element>)");
}

TEST(ProtocAcceptsTest, NamesThatDifferOnlyInJsonCamelCase) {
  ExpectProtocAccepts(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="xs:int"/>
        <xs:element name="A" type="xs:int"/>
        <xs:element name="a2" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>)");
}

TEST(ProtocAcceptsTest, EnumLiteralsThatCollideWithoutThePrefix) {
  ExpectProtocAccepts(R"(
      <xs:simpleType name="Ver"><xs:restriction base="xs:string">
        <xs:enumeration value="1.0"/>
        <xs:enumeration value="10"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="v" type="tns:Ver"/>
      </xs:sequence></xs:complexType></xs:element>)");
}

TEST(ProtocAcceptsTest, AnonymousTypesNestedTwoLevels) {
  ExpectProtocAccepts(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="outer"><xs:complexType><xs:sequence>
          <xs:element name="inner"><xs:complexType><xs:sequence>
            <xs:element name="x" type="xs:int"/>
          </xs:sequence></xs:complexType></xs:element>
          <xs:element name="color"><xs:simpleType><xs:restriction base="xs:string">
            <xs:enumeration value="red"/>
          </xs:restriction></xs:simpleType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>)");
}

}  // namespace
}  // namespace dragoman::codegen
