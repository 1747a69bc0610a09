// Unit tests of the WSDL/XSD -> model mapping on small WSDLs written to scratch files.
#include "translators/codegen/wsdl_frontend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/codegen/namer.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

using ::testing::HasSubstr;
using testing::LineOf;
using testing::ScratchDir;

constexpr char kTns[] = "http://example.com/t";

// Parts of the test WSDL a test may change.
struct WsdlParts {
  // Content of the xsd:schema in wsdl:types (targetNamespace kTns). Must define tns:Req
  // unless `messages` is replaced; tns:Resp is added unless define_resp is false.
  std::string schema_body;
  std::string schema_attributes = R"(elementFormDefault="qualified")";
  bool define_resp = true;
  // Extra namespace declarations on wsdl:definitions.
  std::string extra_xmlns;
  // Extra top-level WSDL content before wsdl:types (wsdl:import, documentation).
  std::string before_types;
  std::string messages =
      R"(<wsdl:message name="In"><wsdl:part name="parameters" element="tns:Req"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:Resp"/></wsdl:message>)";
  std::string port_type_operations =
      R"(<wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>)";
  std::string binding_style = "document";
  std::string binding_operations =
      R"(<wsdl:operation name="Op"> <soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>)";
  std::string services = R"(<wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/t"/></wsdl:port>
  </wsdl:service>)";
};

std::string Wsdl(const WsdlParts& parts) {
  return StrCat(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
    xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="http://example.com/t" )",
      parts.extra_xmlns, R"(
    targetNamespace="http://example.com/t">
  )",
      parts.before_types, R"(
  <wsdl:types>
    <xs:schema targetNamespace="http://example.com/t" )",
      parts.schema_attributes, R"(>
)",
      parts.schema_body, "\n",
      parts.define_resp
          ? R"(      <xs:element name="Resp"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
)"
          : "",
      R"(    </xs:schema>
  </wsdl:types>
  )",
      parts.messages, R"(
  <wsdl:portType name="PT">
    )",
      parts.port_type_operations, R"(
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style=")",
      parts.binding_style, R"(" transport="http://schemas.xmlsoap.org/soap/http"/>
    )",
      parts.binding_operations, R"(
  </wsdl:binding>
  )",
      parts.services, R"(
</wsdl:definitions>
)");
}

// A WSDL whose schema is `schema_body` and whose request element is tns:Req.
std::string Wsdl(std::string_view schema_body) {
  WsdlParts parts;
  parts.schema_body = std::string(schema_body);
  return Wsdl(parts);
}

// Scratch directory plus the model built from the WSDL written into it.
class WsdlFrontendTest : public ::testing::Test {
 protected:
  // Writes `text` as t.wsdl (and remembers it for line lookups) and builds the model.
  absl::StatusOr<FileModel> Build(std::string_view text, const WsdlOptions& options = {}) {
    wsdl_text_ = std::string(text);
    wsdl_path_ = dir_.Write("t.wsdl", text);
    return BuildModelFromWsdl(wsdl_path_, options);
  }
  // Builds, asserting success.
  FileModel BuildOk(std::string_view text) {
    absl::StatusOr<FileModel> model = Build(text);
    EXPECT_TRUE(model.ok()) << model.status();
    return model.ok() ? *std::move(model) : FileModel();
  }
  // "t.wsdl's path:line" of the first occurrence of `needle` in the WSDL text.
  std::string WsdlWhere(std::string_view needle) const {
    return StrCat(wsdl_path_, ":", LineOf(wsdl_text_, needle));
  }

  ScratchDir dir_;
  std::string wsdl_path_;
  std::string wsdl_text_;
};

// --- Model navigation. ---

const MessageModel* FindNested(const std::vector<MessageModel>& messages, std::string_view dotted) {
  const size_t dot = dotted.find('.');
  const std::string_view head = dotted.substr(0, dot);
  for (const MessageModel& m : messages) {
    if (m.name != head) continue;
    if (dot == std::string_view::npos) return &m;
    return FindNested(m.nested_messages, dotted.substr(dot + 1));
  }
  return nullptr;
}

// A message by its package-relative name ("Req", "Req.Inner").
const MessageModel* FindMessage(const FileModel& file, std::string_view name) {
  return FindNested(file.messages, name);
}

const FieldModel* FindField(const MessageModel* message, std::string_view name) {
  if (message == nullptr) return nullptr;
  for (const FieldModel& f : message->fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// A field by the XML name it maps.
const FieldModel* FindXmlField(const MessageModel* message, std::string_view xml_name) {
  if (message == nullptr) return nullptr;
  for (const FieldModel& f : message->fields) {
    if (f.xml.name() == xml_name) return &f;
  }
  return nullptr;
}

const EnumModel* FindEnumIn(const std::vector<EnumModel>& enums, std::string_view name) {
  for (const EnumModel& e : enums) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const EnumModel* FindEnum(const FileModel& file, std::string_view name) {
  return FindEnumIn(file.enums, name);
}

const ServiceModel* FindService(const FileModel& file, std::string_view name) {
  for (const ServiceModel& s : file.services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<std::string> FieldNames(const MessageModel* message) {
  std::vector<std::string> names;
  if (message == nullptr) return names;
  for (const FieldModel& f : message->fields) names.push_back(f.name);
  return names;
}

std::vector<std::string> ServiceNames(const FileModel& file) {
  std::vector<std::string> names;
  for (const ServiceModel& s : file.services) names.push_back(s.name);
  return names;
}

std::string Message(const absl::Status& status) { return std::string(status.message()); }

// ============================================================================================
// Built-in types.

struct BuiltinRow {
  const char* xsd;
  XsdType type;
  const char* proto;
};

// The documented mapping (options.proto, DESIGN.md): exact numbers of arbitrary precision and
// dates travel as their lexical form; binary as bytes.
const BuiltinRow kBuiltins[] = {
    {"string", XSD_STRING, "string"},
    {"normalizedString", XSD_NORMALIZED_STRING, "string"},
    {"token", XSD_TOKEN, "string"},
    {"language", XSD_LANGUAGE, "string"},
    {"Name", XSD_NAME, "string"},
    {"NCName", XSD_NCNAME, "string"},
    {"NMTOKEN", XSD_NMTOKEN, "string"},
    {"NMTOKENS", XSD_TOKEN, "string"},
    {"ID", XSD_ID, "string"},
    {"IDREF", XSD_IDREF, "string"},
    {"IDREFS", XSD_TOKEN, "string"},
    {"ENTITY", XSD_ENTITY, "string"},
    {"ENTITIES", XSD_TOKEN, "string"},
    {"anyURI", XSD_ANY_URI, "string"},
    {"QName", XSD_QNAME, "string"},
    {"anySimpleType", XSD_STRING, "string"},
    {"boolean", XSD_BOOLEAN, "bool"},
    {"float", XSD_FLOAT, "float"},
    {"double", XSD_DOUBLE, "double"},
    {"decimal", XSD_DECIMAL, "string"},
    {"integer", XSD_INTEGER, "string"},
    {"nonPositiveInteger", XSD_NON_POSITIVE_INTEGER, "string"},
    {"negativeInteger", XSD_NEGATIVE_INTEGER, "string"},
    {"nonNegativeInteger", XSD_NON_NEGATIVE_INTEGER, "string"},
    {"positiveInteger", XSD_POSITIVE_INTEGER, "string"},
    {"long", XSD_LONG, "int64"},
    {"int", XSD_INT, "int32"},
    {"short", XSD_SHORT, "int32"},
    {"byte", XSD_BYTE, "int32"},
    {"unsignedLong", XSD_UNSIGNED_LONG, "uint64"},
    {"unsignedInt", XSD_UNSIGNED_INT, "uint32"},
    {"unsignedShort", XSD_UNSIGNED_SHORT, "uint32"},
    {"unsignedByte", XSD_UNSIGNED_BYTE, "uint32"},
    {"date", XSD_DATE, "string"},
    {"dateTime", XSD_DATE_TIME, "string"},
    {"time", XSD_TIME, "string"},
    {"duration", XSD_DURATION, "string"},
    {"gYear", XSD_G_YEAR, "string"},
    {"gYearMonth", XSD_G_YEAR_MONTH, "string"},
    {"gMonth", XSD_G_MONTH, "string"},
    {"gMonthDay", XSD_G_MONTH_DAY, "string"},
    {"gDay", XSD_G_DAY, "string"},
    {"base64Binary", XSD_BASE64_BINARY, "bytes"},
    {"hexBinary", XSD_HEX_BINARY, "bytes"},
};

TEST_F(WsdlFrontendTest, BuiltinTypesMapToTheDocumentedProtoTypes) {
  std::string elements;
  std::string attributes;
  for (const BuiltinRow& row : kBuiltins) {
    StrAppend(&elements, R"(<xs:element name="e_)", row.xsd, R"(" type="xs:)", row.xsd, "\"/>\n");
    StrAppend(&attributes, R"(<xs:attribute name="a_)", row.xsd, R"(" type="xs:)", row.xsd,
              "\"/>\n");
  }
  const FileModel model =
      BuildOk(Wsdl(StrCat(R"(<xs:element name="Req"><xs:complexType><xs:sequence>)", elements,
                          "</xs:sequence>", attributes, "</xs:complexType></xs:element>")));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  for (const BuiltinRow& row : kBuiltins) {
    SCOPED_TRACE(row.xsd);
    for (const char* prefix : {"e_", "a_"}) {
      const FieldModel* field = FindXmlField(req, StrCat(prefix, row.xsd));
      ASSERT_NE(field, nullptr);
      EXPECT_EQ(field->type, row.proto);
      EXPECT_EQ(field->xml.type(), row.type) << XsdType_Name(field->xml.type());
      EXPECT_EQ(field->xml.attribute(), std::string_view(prefix) == "a_");
    }
  }
}

TEST_F(WsdlFrontendTest, BuiltinTypesResolveThroughAnyPrefix) {
  WsdlParts parts;
  parts.extra_xmlns = R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema")";
  parts.schema_body = R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="xsd:int"/>
        <xs:element name="b" xmlns:q="http://www.w3.org/2001/XMLSchema" type="q:long"/>
      </xs:sequence></xs:complexType></xs:element>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(FindField(req, "a"), nullptr);
  EXPECT_EQ(FindField(req, "a")->xml.type(), XSD_INT);
  ASSERT_NE(FindField(req, "b"), nullptr);
  EXPECT_EQ(FindField(req, "b")->type, "int64");
}

TEST_F(WsdlFrontendTest, NotationValuesAreQNames) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="n" type="xs:NOTATION"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const FieldModel* n = FindField(FindMessage(model, "Req"), "n");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->type, "string");
  EXPECT_EQ(n->xml.type(), XSD_QNAME);
}

TEST_F(WsdlFrontendTest, AnyTypeAndMixedContentTravelAsRawXml) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Note" mixed="true">
        <xs:sequence><xs:element name="b" type="xs:string" minOccurs="0"/></xs:sequence>
        <xs:attribute name="lang" type="xs:string"/>
      </xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="anything" type="xs:anyType"/>
        <xs:element name="untyped" minOccurs="0"/>
        <xs:element name="note" type="tns:Note"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  for (const char* name : {"anything", "untyped"}) {
    const FieldModel* field = FindField(req, name);
    ASSERT_NE(field, nullptr) << name;
    EXPECT_EQ(field->type, "string") << name;
    EXPECT_TRUE(field->xml.raw_content()) << name;
  }
  const MessageModel* note = FindMessage(model, "Note");
  ASSERT_NE(note, nullptr);
  ASSERT_EQ(note->fields.size(), 2u);
  EXPECT_TRUE(note->fields[0].xml.attribute());
  EXPECT_EQ(note->fields[1].name, "content");
  EXPECT_TRUE(note->fields[1].xml.text());
  EXPECT_TRUE(note->fields[1].xml.raw_content());
}

// ============================================================================================
// minOccurs / maxOccurs.

TEST_F(WsdlFrontendTest, OccursMapToLabels) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Thing"><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="required" type="xs:string"/>
        <xs:element name="explicitOne" type="xs:string" minOccurs="1" maxOccurs="1"/>
        <xs:element name="optional" type="xs:string" minOccurs="0"/>
        <xs:element name="optionalThing" type="tns:Thing" minOccurs="0"/>
        <xs:element name="requiredThing" type="tns:Thing"/>
        <xs:element name="many" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element name="atLeastOne" type="xs:int" maxOccurs="unbounded"/>
        <xs:element name="upToThree" type="xs:int" minOccurs="2" maxOccurs="3"/>
        <xs:element name="things" type="tns:Thing" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  struct Row {
    const char* field;
    FieldModel::Label label;
    uint32_t min;
    uint32_t max;
  };
  using L = FieldModel::Label;
  const Row rows[] = {
      {"required", L::kSingular, 1, 1},       {"explicit_one", L::kSingular, 1, 1},
      {"optional", L::kOptional, 0, 1},       {"optional_thing", L::kSingular, 0, 1},
      {"required_thing", L::kSingular, 1, 1}, {"many", L::kRepeated, 0, 0},
      {"at_least_one", L::kRepeated, 1, 0},   {"up_to_three", L::kRepeated, 2, 3},
      {"things", L::kRepeated, 0, 0},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.field);
    const FieldModel* field = FindField(req, row.field);
    ASSERT_NE(field, nullptr);
    EXPECT_EQ(field->label, row.label);
    EXPECT_EQ(field->xml.min_occurs(), row.min);
    EXPECT_EQ(field->xml.max_occurs(), row.max);
    EXPECT_TRUE(field->oneof.empty());
  }
  EXPECT_EQ(FindField(req, "things")->type, "Thing");
}

TEST_F(WsdlFrontendTest, FieldsAreNumberedInDocumentOrderAttributesLast) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType>
        <xs:sequence>
          <xs:element name="first" type="xs:string"/>
          <xs:element name="second" type="xs:string"/>
        </xs:sequence>
        <xs:attribute name="attr" type="xs:string"/>
      </xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  EXPECT_THAT(FieldNames(req), ::testing::ElementsAre("first", "second", "attr"));
  for (size_t i = 0; i < req->fields.size(); ++i) {
    EXPECT_EQ(req->fields[i].number, static_cast<int>(i) + 1);
  }
}

TEST_F(WsdlFrontendTest, InvalidOccursAreErrorsWithTheirLine) {
  struct Row {
    const char* element;
    const char* message;
  };
  const Row rows[] = {
      {R"(<xs:element name="bad" type="xs:int" minOccurs="x"/>)", "minOccurs='x'"},
      {R"(<xs:element name="bad" type="xs:int" maxOccurs="many"/>)", "maxOccurs='many'"},
      {R"(<xs:element name="bad" type="xs:int" minOccurs="3" maxOccurs="2"/>)",
       "maxOccurs is smaller than minOccurs"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.element);
    absl::StatusOr<FileModel> model = Build(Wsdl(StrCat(
        R"(<xs:element name="Req"><xs:complexType><xs:sequence>
        )",
        row.element, R"(
      </xs:sequence></xs:complexType></xs:element>)")));
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(model.status()), HasSubstr(row.message));
    EXPECT_THAT(Message(model.status()), HasSubstr(WsdlWhere(R"(name="bad")")));
  }
}

TEST_F(WsdlFrontendTest, OptionalSequenceMakesItsElementsOptional) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="always" type="xs:int"/>
        <xs:sequence minOccurs="0">
          <xs:element name="a" type="xs:int"/>
          <xs:element name="b" type="xs:int" maxOccurs="unbounded"/>
        </xs:sequence>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(FindField(req, "always"), nullptr);
  EXPECT_EQ(FindField(req, "always")->label, FieldModel::Label::kSingular);
  ASSERT_NE(FindField(req, "a"), nullptr);
  EXPECT_EQ(FindField(req, "a")->label, FieldModel::Label::kOptional);
  EXPECT_EQ(FindField(req, "a")->xml.min_occurs(), 0u);
  ASSERT_NE(FindField(req, "b"), nullptr);
  EXPECT_EQ(FindField(req, "b")->label, FieldModel::Label::kRepeated);
  EXPECT_EQ(FindField(req, "b")->xml.min_occurs(), 0u);
}

TEST_F(WsdlFrontendTest, OptionalSequenceMakesNestedSequenceElementsOptional) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:sequence minOccurs="0">
          <xs:sequence><xs:element name="a" type="xs:int"/></xs:sequence>
        </xs:sequence>
      </xs:sequence></xs:complexType></xs:element>)"));
  const FieldModel* a = FindField(FindMessage(model, "Req"), "a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->xml.min_occurs(), 0u);
  EXPECT_EQ(a->label, FieldModel::Label::kOptional);
}

TEST_F(WsdlFrontendTest, NestedSequencesAreFlattened) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="xs:int"/>
        <xs:sequence><xs:element name="b" type="xs:int"/><xs:element name="c" type="xs:int"/></xs:sequence>
        <xs:element name="d" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  EXPECT_THAT(FieldNames(FindMessage(model, "Req")), ::testing::ElementsAre("a", "b", "c", "d"));
}

// ============================================================================================
// nillable.

TEST_F(WsdlFrontendTest, NillableOptionalBecomesOneofWithNilMarker) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Money"><xs:sequence><xs:element name="amount" type="xs:decimal"/></xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="before" type="xs:int"/>
        <xs:element name="email" type="xs:string" minOccurs="0" nillable="true"/>
        <xs:element name="balance" type="tns:Money" minOccurs="0" nillable="true"/>
        <xs:element name="after" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  EXPECT_THAT(FieldNames(req), ::testing::ElementsAre("before", "email", "email_nil", "balance",
                                                      "balance_nil", "after"));
  for (const char* name : {"email", "balance"}) {
    SCOPED_TRACE(name);
    const FieldModel* value = FindField(req, name);
    const FieldModel* marker = FindField(req, StrCat(name, "_nil"));
    ASSERT_NE(value, nullptr);
    ASSERT_NE(marker, nullptr);
    EXPECT_EQ(value->oneof, StrCat(name, "_or_nil"));
    EXPECT_EQ(marker->oneof, value->oneof);
    EXPECT_EQ(value->label, FieldModel::Label::kSingular);
    EXPECT_TRUE(value->xml.nillable());
    EXPECT_EQ(value->xml.min_occurs(), 0u);
    EXPECT_EQ(value->xml.max_occurs(), 1u);
    EXPECT_TRUE(value->xml.nil_of().empty());
    EXPECT_EQ(marker->type, "bool");
    EXPECT_EQ(marker->label, FieldModel::Label::kSingular);
    EXPECT_EQ(marker->xml.nil_of(), name);
    EXPECT_TRUE(marker->xml.name().empty());
    EXPECT_EQ(marker->number, value->number + 1);
  }
  EXPECT_EQ(FindField(req, "email")->type, "string");
  EXPECT_EQ(FindField(req, "balance")->type, "Money");
  EXPECT_TRUE(FindField(req, "after")->oneof.empty());
  EXPECT_EQ(FindField(req, "after")->number, 6);
}

TEST_F(WsdlFrontendTest, NillableRequiredIsOptionalWithoutOneof) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Money"><xs:sequence><xs:element name="amount" type="xs:decimal"/></xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="closedOn" type="xs:date" nillable="true"/>
        <xs:element name="limit" type="tns:Money" nillable="true"/>
        <xs:element name="tags" type="xs:string" maxOccurs="unbounded" nillable="true"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  const FieldModel* closed = FindField(req, "closed_on");
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->label, FieldModel::Label::kOptional);
  EXPECT_TRUE(closed->oneof.empty());
  EXPECT_TRUE(closed->xml.nillable());
  EXPECT_EQ(closed->xml.min_occurs(), 1u);
  // Message fields have presence already.
  const FieldModel* limit = FindField(req, "limit");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->label, FieldModel::Label::kSingular);
  EXPECT_TRUE(limit->oneof.empty());
  EXPECT_TRUE(limit->xml.nillable());
  const FieldModel* tags = FindField(req, "tags");
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(tags->label, FieldModel::Label::kRepeated);
  EXPECT_TRUE(tags->xml.nillable());
  EXPECT_EQ(FindField(req, "closed_on_nil"), nullptr);
  // Repeated: the positions of nil items, beside the items.
  const FieldModel* tags_nil = FindField(req, "tags_nil");
  ASSERT_NE(tags_nil, nullptr);
  EXPECT_EQ(tags_nil->label, FieldModel::Label::kRepeated);
  EXPECT_EQ(tags_nil->type, "uint32");
  EXPECT_EQ(tags_nil->xml.nil_of(), "tags");
  EXPECT_EQ(req->fields.size(), 4u);
}

TEST_F(WsdlFrontendTest, NillableComesFromTheReferencedDeclaration) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="note" type="xs:string" nillable="true"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element ref="tns:note" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  const FieldModel* note = FindField(req, "note");
  ASSERT_NE(note, nullptr);
  EXPECT_TRUE(note->xml.nillable());
  EXPECT_EQ(note->oneof, "note_or_nil");
  ASSERT_NE(FindField(req, "note_nil"), nullptr);
}

TEST_F(WsdlFrontendTest, NilMarkerNamesAvoidSiblings) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="x_nil" type="xs:string"/>
        <xs:element name="x" type="xs:string" minOccurs="0" nillable="true"/>
        <xs:element name="xOrNil" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  std::set<std::string> names;
  for (const FieldModel& f : req->fields) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    if (!f.oneof.empty()) names.insert(f.oneof);
  }
  const FieldModel* x = FindXmlField(req, "x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->name, "x");
  const FieldModel* marker = nullptr;
  for (const FieldModel& f : req->fields) {
    if (f.xml.nil_of() == "x") marker = &f;
  }
  ASSERT_NE(marker, nullptr);
  EXPECT_NE(marker->name, "x_nil");
  EXPECT_EQ(marker->oneof, x->oneof);
  // The oneof name differs from every field name.
  EXPECT_NE(FindXmlField(req, "xOrNil")->name, x->oneof);
}

// ============================================================================================
// Enumerations.

TEST_F(WsdlFrontendTest, NamedEnumerationBecomesTopLevelEnum) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="accountStatus">
        <xs:annotation><xs:documentation>Where an   account
          stands.</xs:documentation></xs:annotation>
        <xs:restriction base="xs:string">
          <xs:enumeration value="ACTIVE"/>
          <xs:enumeration value="in-progress"/>
          <xs:enumeration value="closed"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="status" type="tns:accountStatus"/>
        <xs:element name="previous" type="tns:accountStatus" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  ASSERT_EQ(model.enums.size(), 1u);
  const EnumModel* e = FindEnum(model, "AccountStatus");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->xml.name(), "accountStatus");
  EXPECT_EQ(e->xml.namespace_(), kTns);
  EXPECT_EQ(e->xml.base(), XSD_STRING);
  EXPECT_EQ(e->doc, "Where an account stands.");
  ASSERT_EQ(e->values.size(), 4u);
  EXPECT_EQ(e->values[0].name, "ACCOUNT_STATUS_UNSPECIFIED");
  EXPECT_EQ(e->values[0].number, 0);
  EXPECT_EQ(e->values[0].literal, "");
  EXPECT_EQ(e->values[1].name, "ACCOUNT_STATUS_ACTIVE");
  EXPECT_EQ(e->values[1].literal, "ACTIVE");
  EXPECT_EQ(e->values[2].name, "ACCOUNT_STATUS_IN_PROGRESS");
  EXPECT_EQ(e->values[2].literal, "in-progress");
  EXPECT_EQ(e->values[3].name, "ACCOUNT_STATUS_CLOSED");
  EXPECT_EQ(e->values[3].literal, "closed");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(e->values[i].number, i);

  const MessageModel* req = FindMessage(model, "Req");
  const FieldModel* status = FindField(req, "status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->type, "AccountStatus");
  EXPECT_EQ(status->xml.type(), XSD_STRING);
  EXPECT_EQ(status->label, FieldModel::Label::kSingular);
  EXPECT_EQ(FindField(req, "previous")->label, FieldModel::Label::kOptional);
}

TEST_F(WsdlFrontendTest, EnumerationKeepsItsBaseType) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="Level"><xs:restriction base="xs:int">
        <xs:enumeration value="1"/><xs:enumeration value="2"/><xs:enumeration value="10"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="level" type="tns:Level"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const EnumModel* e = FindEnum(model, "Level");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->xml.base(), XSD_INT);
  ASSERT_EQ(e->values.size(), 4u);
  EXPECT_EQ(e->values[1].name, "LEVEL_1");
  EXPECT_EQ(e->values[3].name, "LEVEL_10");
  EXPECT_EQ(e->values[3].literal, "10");
  EXPECT_EQ(FindField(FindMessage(model, "Req"), "level")->xml.type(), XSD_INT);
}

TEST_F(WsdlFrontendTest, EnumerationLiteralsWithoutWordsGetNames) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="Sign"><xs:restriction base="xs:string">
        <xs:enumeration value=""/>
        <xs:enumeration value="+"/>
        <xs:enumeration value="-"/>
        <xs:enumeration value="a-b"/>
        <xs:enumeration value="a_b"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="sign" type="tns:Sign"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const EnumModel* e = FindEnum(model, "Sign");
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->values.size(), 6u);
  EXPECT_EQ(e->values[1].name, "SIGN_EMPTY");
  EXPECT_EQ(e->values[1].literal, "");
  EXPECT_EQ(e->values[1].number, 1);
  EXPECT_EQ(e->values[2].name, "SIGN_VALUE_2");
  EXPECT_EQ(e->values[2].literal, "+");
  EXPECT_EQ(e->values[3].name, "SIGN_VALUE_3");
  EXPECT_EQ(e->values[3].literal, "-");
  EXPECT_EQ(e->values[4].name, "SIGN_A_B");
  EXPECT_EQ(e->values[5].literal, "a_b");
  EXPECT_NE(e->values[5].name, "SIGN_A_B");
}

TEST_F(WsdlFrontendTest, EnumValueNamesAreUniqueAcrossTopLevelEnums) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="Colour"><xs:restriction base="xs:string">
        <xs:enumeration value="RED"/>
      </xs:restriction></xs:simpleType>
      <xs:simpleType name="colour"><xs:restriction base="xs:string">
        <xs:enumeration value="RED"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="tns:Colour"/>
        <xs:element name="b" type="tns:colour"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  ASSERT_EQ(model.enums.size(), 2u);
  std::set<std::string> names;
  for (const EnumModel& e : model.enums) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    for (const EnumModel::Value& v : e.values) {
      EXPECT_TRUE(names.insert(v.name).second) << v.name;
    }
  }
  EXPECT_EQ(FindField(FindMessage(model, "Req"), "a")->type, "Colour");
  EXPECT_EQ(FindField(FindMessage(model, "Req"), "b")->type, "Colour2");
}

TEST_F(WsdlFrontendTest, DerivedRestrictionsInheritOrReplaceTheEnumeration) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="Size"><xs:restriction base="xs:string">
        <xs:enumeration value="S"/><xs:enumeration value="M"/><xs:enumeration value="L"/>
      </xs:restriction></xs:simpleType>
      <xs:simpleType name="ShortSize"><xs:restriction base="tns:Size">
        <xs:maxLength value="1"/>
      </xs:restriction></xs:simpleType>
      <xs:simpleType name="SmallSize"><xs:restriction base="tns:Size">
        <xs:enumeration value="S"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="short" type="tns:ShortSize"/>
        <xs:element name="small" type="tns:SmallSize"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const EnumModel* short_size = FindEnum(model, "ShortSize");
  ASSERT_NE(short_size, nullptr);
  EXPECT_EQ(short_size->values.size(), 4u);
  EXPECT_EQ(short_size->xml.base(), XSD_STRING);
  const EnumModel* small = FindEnum(model, "SmallSize");
  ASSERT_NE(small, nullptr);
  ASSERT_EQ(small->values.size(), 2u);
  EXPECT_EQ(small->values[1].literal, "S");
}

TEST_F(WsdlFrontendTest, RestrictionsWithoutEnumerationAreTheirBuiltin) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="ShortCode"><xs:restriction base="tns:Code"><xs:minLength value="2"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Percent"><xs:restriction base="xs:decimal"><xs:maxInclusive value="100"/></xs:restriction></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="code" type="tns:ShortCode"/>
        <xs:element name="rate" type="tns:Percent"/>
        <xs:element name="inlined"><xs:simpleType><xs:restriction base="xs:short"/></xs:simpleType></xs:element>
        <xs:element name="nested"><xs:simpleType><xs:restriction>
          <xs:simpleType><xs:restriction base="xs:unsignedInt"/></xs:simpleType>
        </xs:restriction></xs:simpleType></xs:element>
      </xs:sequence></xs:complexType></xs:element>)"));
  EXPECT_TRUE(model.enums.empty());
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  EXPECT_TRUE(req->nested_enums.empty());
  EXPECT_EQ(FindField(req, "code")->type, "string");
  EXPECT_EQ(FindField(req, "code")->xml.type(), XSD_STRING);
  EXPECT_EQ(FindField(req, "rate")->type, "string");
  EXPECT_EQ(FindField(req, "rate")->xml.type(), XSD_DECIMAL);
  EXPECT_EQ(FindField(req, "inlined")->type, "int32");
  EXPECT_EQ(FindField(req, "inlined")->xml.type(), XSD_SHORT);
  EXPECT_EQ(FindField(req, "nested")->type, "uint32");
  EXPECT_EQ(FindField(req, "nested")->xml.type(), XSD_UNSIGNED_INT);
}

TEST_F(WsdlFrontendTest, AnonymousEnumerationBecomesNestedEnum) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="priority"><xs:simpleType><xs:restriction base="xs:string">
          <xs:enumeration value="HIGH"/><xs:enumeration value="LOW"/>
        </xs:restriction></xs:simpleType></xs:element>
        <xs:element name="urgency"><xs:simpleType><xs:restriction base="xs:string">
          <xs:enumeration value="HIGH"/><xs:enumeration value="LOW"/>
        </xs:restriction></xs:simpleType></xs:element>
      </xs:sequence></xs:complexType></xs:element>)"));
  EXPECT_TRUE(model.enums.empty());
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->nested_enums.size(), 2u);
  const EnumModel* priority = FindEnumIn(req->nested_enums, "Priority");
  ASSERT_NE(priority, nullptr);
  EXPECT_EQ(priority->xml.name(), "");
  EXPECT_EQ(priority->xml.namespace_(), kTns);
  ASSERT_EQ(priority->values.size(), 3u);
  EXPECT_EQ(priority->values[0].name, "PRIORITY_UNSPECIFIED");
  EXPECT_EQ(priority->values[1].name, "PRIORITY_HIGH");
  EXPECT_EQ(FindEnumIn(req->nested_enums, "Urgency")->values[1].name, "URGENCY_HIGH");
  EXPECT_EQ(FindField(req, "priority")->type, "Req.Priority");
  EXPECT_EQ(FindField(req, "priority")->xml.type(), XSD_STRING);
}

// ============================================================================================
// Complex types.

TEST_F(WsdlFrontendTest, AnonymousComplexTypesBecomeNestedMessages) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="address">
          <xs:complexType>
            <xs:annotation><xs:documentation>Postal address.</xs:documentation></xs:annotation>
            <xs:sequence><xs:element name="city" type="xs:string"/></xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Address" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType><xs:sequence><xs:element name="line" type="xs:string"/></xs:sequence></xs:complexType>
        </xs:element>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->xml.name(), "");  // the element's anonymous type
  EXPECT_EQ(req->xml.namespace_(), kTns);
  ASSERT_EQ(req->nested_messages.size(), 2u);
  const MessageModel* address = FindMessage(model, "Req.Address");
  ASSERT_NE(address, nullptr);
  EXPECT_EQ(address->xml.name(), "");
  EXPECT_EQ(address->xml.namespace_(), kTns);
  EXPECT_EQ(address->doc, "Postal address.");
  ASSERT_NE(FindField(address, "city"), nullptr);
  const MessageModel* second = FindMessage(model, "Req.Address2");
  ASSERT_NE(second, nullptr);
  ASSERT_NE(FindField(second, "line"), nullptr);

  const FieldModel* first_field = FindXmlField(req, "address");
  ASSERT_NE(first_field, nullptr);
  EXPECT_EQ(first_field->type, "Req.Address");
  EXPECT_EQ(first_field->xml.type(), XSD_TYPE_UNSPECIFIED);
  const FieldModel* second_field = FindXmlField(req, "Address");
  ASSERT_NE(second_field, nullptr);
  EXPECT_EQ(second_field->name, "address_2");
  EXPECT_EQ(second_field->type, "Req.Address2");
  EXPECT_EQ(second_field->label, FieldModel::Label::kRepeated);
}

TEST_F(WsdlFrontendTest, AnonymousTypesNestedTwoLevelsAreReferencedByTheirFullPath) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="outer"><xs:complexType><xs:sequence>
          <xs:element name="inner"><xs:complexType><xs:sequence>
            <xs:element name="x" type="xs:int"/>
          </xs:sequence></xs:complexType></xs:element>
          <xs:element name="color"><xs:simpleType><xs:restriction base="xs:string">
            <xs:enumeration value="red"/>
          </xs:restriction></xs:simpleType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* outer = FindMessage(model, "Req.Outer");
  ASSERT_NE(outer, nullptr);
  ASSERT_NE(FindMessage(model, "Req.Outer.Inner"), nullptr);
  EXPECT_EQ(FindField(outer, "inner")->type, "Req.Outer.Inner");
  EXPECT_EQ(FindField(outer, "color")->type, "Req.Outer.Color");
}

TEST_F(WsdlFrontendTest, NamedComplexTypesBecomeTopLevelMessagesOnce) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="party">
        <xs:annotation><xs:documentation>A customer.</xs:documentation></xs:annotation>
        <xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence>
      </xs:complexType>
      <xs:complexType name="Node"><xs:sequence>
        <xs:element name="child" type="tns:Node" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="owner" type="tns:party"/>
        <xs:element name="partner" type="tns:party" minOccurs="0"/>
        <xs:element name="tree" type="tns:Node"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* party = FindMessage(model, "Party");
  ASSERT_NE(party, nullptr);
  EXPECT_EQ(party->xml.name(), "party");
  EXPECT_EQ(party->xml.namespace_(), kTns);
  EXPECT_EQ(party->doc, "A customer.");
  int parties = 0;
  for (const MessageModel& m : model.messages) parties += m.xml.name() == "party";
  EXPECT_EQ(parties, 1);
  const MessageModel* req = FindMessage(model, "Req");
  EXPECT_EQ(FindField(req, "owner")->type, "Party");
  EXPECT_EQ(FindField(req, "partner")->type, "Party");
  // Recursion refers to the message by name.
  const MessageModel* node = FindMessage(model, "Node");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(FindField(node, "child")->type, "Node");
}

TEST_F(WsdlFrontendTest, ElementAndTypeWithTheSameNameGetDistinctMessages) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Req"><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="inner" type="tns:Req"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* element = FindMessage(model, "Req");
  ASSERT_NE(element, nullptr);
  EXPECT_EQ(element->xml.name(), "");
  const FieldModel* inner = FindField(element, "inner");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->type, "Req2");
  const MessageModel* type = FindMessage(model, "Req2");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->xml.name(), "Req");
}

TEST_F(WsdlFrontendTest, ElementWithNamedComplexTypeUsesTheTypesMessage) {
  WsdlParts parts;
  parts.schema_body = R"(
      <xs:complexType name="OpInput"><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:element name="Req" type="tns:OpInput"/>)";
  const FileModel model = BuildOk(Wsdl(parts));
  ASSERT_EQ(model.services.size(), 1u);
  ASSERT_EQ(model.services[0].methods.size(), 1u);
  const MethodModel& method = model.services[0].methods[0];
  EXPECT_EQ(method.input, "OpInput");
  EXPECT_EQ(method.soap.request_element().name(), "Req");
  EXPECT_EQ(method.soap.request_element().namespace_(), kTns);
  EXPECT_EQ(FindMessage(model, "OpInput")->xml.name(), "OpInput");
}

TEST_F(WsdlFrontendTest, XsdAllMapsLikeASequence) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Limits"><xs:all>
        <xs:element name="daily" type="xs:decimal"/>
        <xs:element name="overdraft" type="xs:decimal" minOccurs="0"/>
        <xs:element name="enabled" type="xs:boolean"/>
      </xs:all></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="limits" type="tns:Limits"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* limits = FindMessage(model, "Limits");
  ASSERT_NE(limits, nullptr);
  EXPECT_THAT(FieldNames(limits), ::testing::ElementsAre("daily", "overdraft", "enabled"));
  EXPECT_EQ(FindField(limits, "daily")->label, FieldModel::Label::kSingular);
  EXPECT_EQ(FindField(limits, "overdraft")->label, FieldModel::Label::kOptional);
  EXPECT_EQ(FindField(limits, "daily")->xml.type(), XSD_DECIMAL);
}

TEST_F(WsdlFrontendTest, EmptyComplexTypesAreEmptyMessages) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType/></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  EXPECT_TRUE(req->fields.empty());
}

TEST_F(WsdlFrontendTest, FieldNamesAreSnakeCaseUniqueAndAvoidKeywords) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="AccountID" type="xs:string"/>
        <xs:element name="accountId" type="xs:string"/>
        <xs:element name="class" type="xs:string"/>
        <xs:element name="type" type="xs:string"/>
        <xs:element name="2ndLine" type="xs:string"/>
        <xs:element name="_" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  EXPECT_THAT(FieldNames(req), ::testing::ElementsAre("account_id", "account_id_2", "class_",
                                                      "type_", "n_2nd_line", "value"));
  EXPECT_EQ(FindField(req, "account_id_2")->xml.name(), "accountId");
  EXPECT_EQ(FindField(req, "value")->xml.name(), "_");
}

TEST_F(WsdlFrontendTest, FieldNamesDoNotBreakGeneratedCpp) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="descriptor" type="xs:string"/>
        <xs:element name="default_instance" type="xs:string"/>
        <xs:element name="value" type="xs:string" minOccurs="0"/>
        <xs:element name="hasValue" type="xs:boolean"/>
        <xs:element name="item" type="xs:string" maxOccurs="unbounded"/>
        <xs:element name="itemSize" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  std::set<std::string> names;
  for (const FieldModel& f : req->fields) names.insert(f.name);
  EXPECT_EQ(names.count("descriptor"), 0u);
  EXPECT_EQ(names.count("default_instance"), 0u);
  for (const FieldModel& f : req->fields) {
    for (const std::string& generated :
         {StrCat("has_", f.name), StrCat("clear_", f.name), StrCat("set_", f.name),
          StrCat("mutable_", f.name), StrCat("add_", f.name), StrCat(f.name, "_size")}) {
      EXPECT_EQ(names.count(generated), 0u)
          << generated << " clashes with an accessor of " << f.name;
    }
  }
}

TEST_F(WsdlFrontendTest, DocumentationIsCarriedToFields) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="amount" type="xs:decimal">
          <xs:annotation><xs:documentation>
            Exact   amount,
            never a float.
          </xs:documentation></xs:annotation>
        </xs:element>
      </xs:sequence></xs:complexType></xs:element>)"));
  EXPECT_EQ(FindField(FindMessage(model, "Req"), "amount")->doc, "Exact amount, never a float.");
}

// ============================================================================================
// Element references.

TEST_F(WsdlFrontendTest, ElementRefsTakeTheGlobalNameAndNamespace) {
  WsdlParts parts;
  parts.schema_attributes = "";  // local elements unqualified; global ones are always qualified
  parts.schema_body = R"(
      <xs:element name="accountId" type="xs:string"/>
      <xs:element name="Owner"><xs:complexType><xs:sequence>
        <xs:element name="name" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element ref="tns:accountId"/>
        <xs:element ref="tns:Owner" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element name="local" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  const FieldModel* id = FindField(req, "account_id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->xml.name(), "accountId");
  EXPECT_EQ(id->xml.namespace_(), kTns);
  EXPECT_EQ(id->type, "string");
  const FieldModel* owner = FindField(req, "owner");
  ASSERT_NE(owner, nullptr);
  EXPECT_EQ(owner->xml.name(), "Owner");
  EXPECT_EQ(owner->xml.namespace_(), kTns);
  EXPECT_EQ(owner->type, "Owner");
  EXPECT_EQ(owner->label, FieldModel::Label::kRepeated);
  // The global element's anonymous type is a top-level message named after the element.
  const MessageModel* owner_message = FindMessage(model, "Owner");
  ASSERT_NE(owner_message, nullptr);
  EXPECT_EQ(owner_message->xml.name(), "");
  // Unqualified local elements have no namespace.
  EXPECT_EQ(FindField(req, "local")->xml.namespace_(), "");
  EXPECT_EQ(FindField(owner_message, "name")->xml.namespace_(), "");
}

TEST_F(WsdlFrontendTest, RefToGlobalElementWithAnonymousSimpleType) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="code"><xs:simpleType><xs:restriction base="xs:string">
        <xs:maxLength value="3"/>
      </xs:restriction></xs:simpleType></xs:element>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element ref="tns:code"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const FieldModel* code = FindField(FindMessage(model, "Req"), "code");
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(code->type, "string");
  EXPECT_EQ(code->xml.namespace_(), kTns);
}

TEST_F(WsdlFrontendTest, UndefinedReferencesAreReadPastWithAWarningByDefault) {
  FileModel model = BuildOk(Wsdl(R"(<xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element ref="tns:missing"/>
        <xs:element name="t" type="tns:Missing"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  ASSERT_EQ(model.warnings.size(), 2u);
  EXPECT_THAT(model.warnings[0], HasSubstr(StrCat(WsdlWhere("tns:missing"),
                                                  ": element {http://example.com/t}missing")));
  EXPECT_THAT(model.warnings[1], HasSubstr("{http://example.com/t}Missing is not defined"));
  EXPECT_THAT(model.warnings[1], HasSubstr("--strict makes this an error"));
  // Both are still carried, as raw XML: nothing the peer sends is dropped.
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 2u);
  EXPECT_EQ(req->fields[0].xml.name(), "missing");
  EXPECT_EQ(req->fields[1].xml.name(), "t");
  EXPECT_TRUE(req->fields[1].xml.raw_content());
}

TEST_F(WsdlFrontendTest, UndefinedReferencesAreNotFoundWithTheirLine) {
  struct Row {
    const char* content;
    const char* marker;
    const char* message;
  };
  const Row rows[] = {
      {R"(<xs:element ref="tns:missing"/>)", "tns:missing", "{http://example.com/t}missing"},
      {R"(<xs:element name="t" type="tns:Missing"/>)", "tns:Missing",
       "{http://example.com/t}Missing is not defined"},
      {R"(<xs:group ref="tns:NoGroup"/>)", "tns:NoGroup", "group 'NoGroup' is not defined"},
  };
  WsdlOptions strict;
  strict.strict = true;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.content);
    absl::StatusOr<FileModel> model =
        Build(Wsdl(StrCat(
                  R"(<xs:element name="Req"><xs:complexType><xs:sequence>
        )",
                  row.content, R"(
      </xs:sequence></xs:complexType></xs:element>)")),
              strict);
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.status().code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(Message(model.status()), HasSubstr(row.message));
    EXPECT_THAT(Message(model.status()), HasSubstr(WsdlWhere(row.marker)));
  }
}

TEST_F(WsdlFrontendTest, UndeclaredPrefixIsAnError) {
  absl::StatusOr<FileModel> model = Build(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="x" type="nope:int"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  ASSERT_FALSE(model.ok());
  EXPECT_THAT(Message(model.status()), HasSubstr("prefix 'nope'"));
  EXPECT_THAT(Message(model.status()), HasSubstr(WsdlWhere("nope:int")));
}

// ============================================================================================
// elementFormDefault / attributeFormDefault / form.

TEST_F(WsdlFrontendTest, ElementFormDecidesTheNamespaceOfLocalElements) {
  const std::string body = R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="plain" type="xs:string"/>
        <xs:element name="forcedQualified" type="xs:string" form="qualified"/>
        <xs:element name="forcedUnqualified" type="xs:string" form="unqualified"/>
      </xs:sequence></xs:complexType></xs:element>)";
  struct Row {
    const char* attributes;
    const char* plain_ns;
  };
  for (const Row& row : {Row{"", ""}, Row{R"(elementFormDefault="unqualified")", ""},
                         Row{R"(elementFormDefault="qualified")", kTns}}) {
    SCOPED_TRACE(row.attributes);
    WsdlParts parts;
    parts.schema_attributes = row.attributes;
    parts.schema_body = body;
    const FileModel model = BuildOk(Wsdl(parts));
    const MessageModel* req = FindMessage(model, "Req");
    ASSERT_NE(req, nullptr);
    EXPECT_EQ(req->xml.namespace_(), kTns);
    EXPECT_EQ(FindField(req, "plain")->xml.namespace_(), row.plain_ns);
    EXPECT_EQ(FindField(req, "forced_qualified")->xml.namespace_(), kTns);
    EXPECT_EQ(FindField(req, "forced_unqualified")->xml.namespace_(), "");
    // The Body element itself is global, hence qualified.
    EXPECT_EQ(model.services[0].methods[0].soap.request_element().namespace_(), kTns);
  }
}

// ============================================================================================
// Attributes and attribute groups.

TEST_F(WsdlFrontendTest, AttributesMapToAttributeFields) {
  WsdlParts parts;
  parts.extra_xmlns = R"(xmlns:xml="http://www.w3.org/XML/1998/namespace")";
  parts.schema_body = R"(
      <xs:attribute name="version" type="xs:int"/>
      <xs:element name="Req"><xs:complexType>
        <xs:sequence><xs:element name="body" type="xs:string"/></xs:sequence>
        <xs:attribute name="id" type="xs:long" use="required"/>
        <xs:attribute name="note" type="xs:string"/>
        <xs:attribute name="gone" type="xs:string" use="prohibited"/>
        <xs:attribute name="untyped"/>
        <xs:attribute name="q" type="xs:string" form="qualified"/>
        <xs:attribute ref="tns:version"/>
        <xs:attribute ref="xml:lang"/>
        <xs:attribute name="level"><xs:simpleType><xs:restriction base="xs:string">
          <xs:enumeration value="low"/><xs:enumeration value="high"/>
        </xs:restriction></xs:simpleType></xs:attribute>
      </xs:complexType></xs:element>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  EXPECT_THAT(FieldNames(req), ::testing::ElementsAre("body", "id", "note", "untyped", "q",
                                                      "version", "lang", "level"));
  const FieldModel* body = FindField(req, "body");
  EXPECT_FALSE(body->xml.attribute());

  const FieldModel* id = FindField(req, "id");
  EXPECT_TRUE(id->xml.attribute());
  EXPECT_EQ(id->xml.name(), "id");
  EXPECT_EQ(id->xml.namespace_(), "");  // attributeFormDefault defaults to unqualified
  EXPECT_EQ(id->type, "int64");
  EXPECT_EQ(id->xml.type(), XSD_LONG);
  EXPECT_EQ(id->label, FieldModel::Label::kSingular);
  EXPECT_EQ(id->xml.min_occurs(), 1u);
  EXPECT_EQ(id->xml.max_occurs(), 1u);

  const FieldModel* note = FindField(req, "note");
  EXPECT_TRUE(note->xml.attribute());
  EXPECT_EQ(note->label, FieldModel::Label::kOptional);
  EXPECT_EQ(note->xml.min_occurs(), 0u);

  EXPECT_EQ(FindField(req, "untyped")->type, "string");
  EXPECT_EQ(FindField(req, "untyped")->xml.type(), XSD_STRING);
  EXPECT_EQ(FindField(req, "q")->xml.namespace_(), kTns);

  const FieldModel* version = FindField(req, "version");
  EXPECT_TRUE(version->xml.attribute());
  EXPECT_EQ(version->xml.namespace_(), kTns);  // global attributes are qualified
  EXPECT_EQ(version->type, "int32");

  const FieldModel* lang = FindField(req, "lang");
  EXPECT_TRUE(lang->xml.attribute());
  EXPECT_EQ(lang->xml.name(), "lang");
  EXPECT_EQ(lang->xml.namespace_(), "http://www.w3.org/XML/1998/namespace");
  EXPECT_EQ(lang->type, "string");

  const FieldModel* level = FindField(req, "level");
  EXPECT_EQ(level->type, "Req.Level");
  ASSERT_NE(FindEnumIn(req->nested_enums, "Level"), nullptr);
}

TEST_F(WsdlFrontendTest, AttributeFormDefaultQualified) {
  WsdlParts parts;
  parts.schema_attributes = R"(attributeFormDefault="qualified")";
  parts.schema_body = R"(
      <xs:element name="Req"><xs:complexType>
        <xs:attribute name="a" type="xs:string"/>
        <xs:attribute name="b" type="xs:string" form="unqualified"/>
      </xs:complexType></xs:element>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MessageModel* req = FindMessage(model, "Req");
  EXPECT_EQ(FindField(req, "a")->xml.namespace_(), kTns);
  EXPECT_EQ(FindField(req, "b")->xml.namespace_(), "");
}

TEST_F(WsdlFrontendTest, AttributeGroupsAreExpandedInPlace) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:attributeGroup name="Audit">
        <xs:attribute name="createdBy" type="xs:string"/>
        <xs:attributeGroup ref="tns:Stamp"/>
      </xs:attributeGroup>
      <xs:attributeGroup name="Stamp">
        <xs:attribute name="at" type="xs:dateTime" use="required"/>
      </xs:attributeGroup>
      <xs:element name="Req"><xs:complexType>
        <xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence>
        <xs:attribute name="first" type="xs:string"/>
        <xs:attributeGroup ref="tns:Audit"/>
        <xs:attribute name="last" type="xs:string"/>
      </xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  EXPECT_THAT(FieldNames(req), ::testing::ElementsAre("x", "first", "created_by", "at", "last"));
  EXPECT_TRUE(FindField(req, "at")->xml.attribute());
  EXPECT_EQ(FindField(req, "at")->xml.type(), XSD_DATE_TIME);
  EXPECT_EQ(FindField(req, "at")->label, FieldModel::Label::kSingular);
}

TEST_F(WsdlFrontendTest, AttributeErrors) {
  struct Row {
    const char* schema;
    const char* marker;
    const char* message;
    absl::StatusCode code;
  };
  const Row rows[] = {
      {R"(<xs:complexType name="C"><xs:sequence/></xs:complexType>
      <xs:element name="Req"><xs:complexType>
        <xs:attribute name="bad" type="tns:C"/>
      </xs:complexType></xs:element>)",
       R"(name="bad")", "attribute 'bad' has a complex type", absl::StatusCode::kInvalidArgument},
      {R"(<xs:element name="Req"><xs:complexType>
        <xs:attributeGroup ref="tns:Nope"/>
      </xs:complexType></xs:element>)",
       "tns:Nope", "attributeGroup 'Nope' is not defined", absl::StatusCode::kNotFound},
      {R"(<xs:element name="Req"><xs:complexType>
        <xs:attribute ref="tns:nope"/>
      </xs:complexType></xs:element>)",
       "tns:nope", "attribute 'nope' is not defined", absl::StatusCode::kNotFound},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.schema);
    absl::StatusOr<FileModel> model = Build(Wsdl(row.schema));
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.status().code(), row.code) << model.status();
    EXPECT_THAT(Message(model.status()), HasSubstr(row.message));
    EXPECT_THAT(Message(model.status()), HasSubstr(WsdlWhere(row.marker)));
  }
}

// ============================================================================================
// Groups.

TEST_F(WsdlFrontendTest, GroupRefsAreExpandedInPlace) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:group name="Names">
        <xs:sequence>
          <xs:element name="given" type="xs:string"/>
          <xs:element name="family" type="xs:string" minOccurs="0"/>
        </xs:sequence>
      </xs:group>
      <xs:group name="Contact">
        <xs:sequence>
          <xs:group ref="tns:Names"/>
          <xs:element name="email" type="xs:string"/>
        </xs:sequence>
      </xs:group>
      <xs:complexType name="Person"><xs:group ref="tns:Contact"/></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="id" type="xs:int"/>
        <xs:group ref="tns:Names"/>
        <xs:element name="who" type="tns:Person"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  EXPECT_THAT(FieldNames(FindMessage(model, "Req")),
              ::testing::ElementsAre("id", "given", "family", "who"));
  EXPECT_EQ(FindField(FindMessage(model, "Req"), "family")->label, FieldModel::Label::kOptional);
  EXPECT_THAT(FieldNames(FindMessage(model, "Person")),
              ::testing::ElementsAre("given", "family", "email"));
}

TEST_F(WsdlFrontendTest, OptionalGroupRefMakesItsElementsOptional) {
  FileModel model = BuildOk(Wsdl(R"(
      <xs:group name="G"><xs:sequence><xs:element name="a" type="xs:int"/></xs:sequence></xs:group>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:group ref="tns:G" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 1u);
  EXPECT_EQ(req->fields[0].xml.name(), "a");
  EXPECT_EQ(req->fields[0].xml.min_occurs(), 0u);
  EXPECT_EQ(req->fields[0].label, FieldModel::Label::kOptional);
}

TEST_F(WsdlFrontendTest, RepeatedGroupRefBecomesARepeatedGroupField) {
  FileModel model = BuildOk(Wsdl(R"(
      <xs:group name="G"><xs:sequence><xs:element name="a" type="xs:int"/>
        <xs:element name="b" type="xs:string"/></xs:sequence></xs:group>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:group ref="tns:G" minOccurs="2" maxOccurs="5"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 1u);
  const FieldModel& group = req->fields[0];
  EXPECT_TRUE(group.xml.group());
  EXPECT_EQ(group.label, FieldModel::Label::kRepeated);
  EXPECT_EQ(group.xml.min_occurs(), 2u);
  EXPECT_EQ(group.xml.max_occurs(), 5u);
  ASSERT_EQ(req->nested_messages.size(), 1u);
  EXPECT_EQ(req->nested_messages[0].name, "AGroup");
  ASSERT_EQ(req->nested_messages[0].fields.size(), 2u);
  EXPECT_EQ(req->nested_messages[0].fields[1].xml.name(), "b");
}

// ============================================================================================
// Imports and includes.

constexpr char kTypesXsd[] = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ty="http://example.com/types" targetNamespace="http://example.com/types"
    elementFormDefault="qualified">
  <xs:complexType name="Money">
    <xs:sequence>
      <xs:element name="amount" type="xs:decimal"/>
      <xs:element name="currency" type="ty:Currency"/>
    </xs:sequence>
  </xs:complexType>
  <xs:simpleType name="Currency"><xs:restriction base="xs:string">
    <xs:enumeration value="EUR"/>
  </xs:restriction></xs:simpleType>
  <xs:element name="traceId" type="xs:string"/>
</xs:schema>
)";

TEST_F(WsdlFrontendTest, ImportedSchemaKeepsItsNamespace) {
  dir_.Write("types/money.xsd", kTypesXsd);
  WsdlParts parts;
  parts.extra_xmlns = R"(xmlns:ty="http://example.com/types")";
  parts.schema_body = R"(
      <xs:import namespace="http://example.com/types" schemaLocation="types/money.xsd"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="amount" type="ty:Money"/>
        <xs:element ref="ty:traceId"/>
      </xs:sequence></xs:complexType></xs:element>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MessageModel* money = FindMessage(model, "Money");
  ASSERT_NE(money, nullptr);
  EXPECT_EQ(money->xml.name(), "Money");
  EXPECT_EQ(money->xml.namespace_(), "http://example.com/types");
  EXPECT_EQ(FindField(money, "amount")->xml.namespace_(), "http://example.com/types");
  const EnumModel* currency = FindEnum(model, "Currency");
  ASSERT_NE(currency, nullptr);
  EXPECT_EQ(currency->xml.namespace_(), "http://example.com/types");
  const MessageModel* req = FindMessage(model, "Req");
  EXPECT_EQ(FindField(req, "amount")->xml.namespace_(), kTns);
  EXPECT_EQ(FindField(req, "trace_id")->xml.namespace_(), "http://example.com/types");
}

TEST_F(WsdlFrontendTest, IncludedSchemaSharesTheNamespace) {
  dir_.Write("part.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://example.com/t"
    targetNamespace="http://example.com/t" elementFormDefault="qualified">
  <xs:complexType name="Line"><xs:sequence><xs:element name="text" type="xs:string"/></xs:sequence></xs:complexType>
</xs:schema>
)");
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:include schemaLocation="part.xsd"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="line" type="tns:Line"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* line = FindMessage(model, "Line");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->xml.namespace_(), kTns);
  EXPECT_EQ(FindField(line, "text")->xml.namespace_(), kTns);
}

TEST_F(WsdlFrontendTest, ChameleonIncludeTakesTheIncludingNamespace) {
  // No targetNamespace: its components join the including schema's namespace.
  dir_.Write("chameleon.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:complexType name="Note"><xs:sequence><xs:element name="text" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:element name="stamp" type="xs:dateTime"/>
</xs:schema>
)");
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:include schemaLocation="chameleon.xsd"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="note" type="tns:Note"/>
        <xs:element ref="tns:stamp"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* note = FindMessage(model, "Note");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->xml.namespace_(), kTns);
  EXPECT_EQ(FindField(note, "text")->xml.namespace_(), kTns);
  EXPECT_EQ(FindField(FindMessage(model, "Req"), "stamp")->xml.namespace_(), kTns);
}

TEST_F(WsdlFrontendTest, IncludeCyclesAreLoadedOnce) {
  dir_.Write("a.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.com/t">
  <xs:include schemaLocation="b.xsd"/>
  <xs:simpleType name="A"><xs:restriction base="xs:int"/></xs:simpleType>
</xs:schema>
)");
  dir_.Write("b.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.com/t">
  <xs:include schemaLocation="a.xsd"/>
  <xs:simpleType name="B"><xs:restriction base="xs:long"/></xs:simpleType>
</xs:schema>
)");
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:include schemaLocation="a.xsd"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="tns:A"/><xs:element name="b" type="tns:B"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  EXPECT_EQ(FindField(FindMessage(model, "Req"), "b")->type, "int64");
}

TEST_F(WsdlFrontendTest, WellKnownNamespacesNeedNoFile) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/"
                 schemaLocation="http://schemas.xmlsoap.org/soap/encoding/"/>
      <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
      <xs:element name="Req"><xs:complexType><xs:sequence/></xs:complexType></xs:element>)"));
  EXPECT_NE(FindMessage(model, "Req"), nullptr);
}

TEST_F(WsdlFrontendTest, WsdlImportBringsMessagesAndPortTypes) {
  dir_.Write("abstract.wsdl", R"(<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://example.com/t"
    targetNamespace="http://example.com/t">
  <wsdl:types>
    <xs:schema targetNamespace="http://example.com/t" elementFormDefault="qualified">
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="q" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Resp"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="parameters" element="tns:Req"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:Resp"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>
  </wsdl:portType>
</wsdl:definitions>
)");
  const FileModel model = BuildOk(R"(<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="http://example.com/t"
    targetNamespace="http://example.com/t">
  <wsdl:import namespace="http://example.com/t" location="abstract.wsdl"/>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op"><soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/t"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
)");
  ASSERT_EQ(model.services.size(), 1u);
  EXPECT_EQ(model.services[0].methods[0].input, "Req");
  EXPECT_NE(FindField(FindMessage(model, "Req"), "q"), nullptr);
}

TEST_F(WsdlFrontendTest, ImportLoadErrors) {
  {
    absl::StatusOr<FileModel> model = Build(Wsdl(R"(
      <xs:import namespace="http://example.com/types" schemaLocation="missing.xsd"/>
      <xs:element name="Req"><xs:complexType/></xs:element>)"));
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.status().code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(Message(model.status()), HasSubstr("missing.xsd"));
  }
  {
    dir_.Write("broken.xsd", "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>\n<oops");
    absl::StatusOr<FileModel> model = Build(Wsdl(R"(
      <xs:import namespace="http://example.com/types" schemaLocation="broken.xsd"/>
      <xs:element name="Req"><xs:complexType/></xs:element>)"));
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(model.status()), HasSubstr("broken.xsd"));
    EXPECT_THAT(Message(model.status()), HasSubstr("not well-formed"));
  }
  {
    dir_.Write("dup.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.com/t">
  <xs:element name="Req"><xs:complexType/></xs:element>
</xs:schema>
)");
    absl::StatusOr<FileModel> model = Build(Wsdl(R"(
      <xs:include schemaLocation="dup.xsd"/>
      <xs:element name="Req"><xs:complexType/></xs:element>)"));
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(model.status()), HasSubstr("already defined"));
    EXPECT_THAT(Message(model.status()), HasSubstr("dup.xsd:3"));
  }
}

TEST_F(WsdlFrontendTest, ErrorsInImportedFilesNameThatFileAndLine) {
  const std::string xsd = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://example.com/types">
  <xs:complexType name="Choosy">
    <xs:choice><xs:sequence><xs:any/></xs:sequence></xs:choice>
  </xs:complexType>
</xs:schema>
)";
  const std::string xsd_path = dir_.Write("choosy.xsd", xsd);
  WsdlParts parts;
  parts.extra_xmlns = R"(xmlns:ty="http://example.com/types")";
  parts.schema_body = R"(
      <xs:import namespace="http://example.com/types" schemaLocation="choosy.xsd"/>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="c" type="ty:Choosy"/>
      </xs:sequence></xs:complexType></xs:element>)";
  absl::StatusOr<FileModel> model = Build(Wsdl(parts));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(Message(model.status()), HasSubstr("holding xsd:any"));
  EXPECT_THAT(Message(model.status()), HasSubstr(StrCat(xsd_path, ":4")));
}

// ============================================================================================
// Services, ports and operations.

TEST_F(WsdlFrontendTest, OneProtoServicePerSoapPortHttpSkipped) {
  WsdlParts parts;
  parts.schema_body = R"(
      <xs:element name="Req"><xs:complexType><xs:sequence/></xs:complexType></xs:element>)";
  parts.binding_operations += R"(
  </wsdl:binding>
  <wsdl:binding name="B12" type="tns:PT">
    <soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op"><soap12:operation soapAction="urn:op12"/>
      <wsdl:input><soap12:body use="literal"/></wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="BHttp" type="tns:PT">
    <http:binding verb="GET"/>
    <wsdl:operation name="Op"><http:operation location="/Op"/>
      <wsdl:input><http:urlEncoded/></wsdl:input>
      <wsdl:output><mime:mimeXml xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" part="parameters"/></wsdl:output>
    </wsdl:operation>)";
  parts.services = R"(<wsdl:service name="WeatherService">
    <wsdl:documentation>Weather everywhere.</wsdl:documentation>
    <wsdl:port name="WeatherSoap" binding="tns:B"><soap:address location="http://h/w"/></wsdl:port>
    <wsdl:port name="WeatherSoap12" binding="tns:B12"><soap12:address location="http://h/w12"/></wsdl:port>
    <wsdl:port name="WeatherHttpGet" binding="tns:BHttp"><http:address location="http://h/get"/></wsdl:port>
  </wsdl:service>
  <wsdl:service name="AdminService">
    <wsdl:port name="AdminPort" binding="tns:B"><soap:address location="http://h/admin"/></wsdl:port>
    <wsdl:port name="AdminHttp" binding="tns:BHttp"><http:address location="http://h/admin/get"/></wsdl:port>
  </wsdl:service>)";
  const FileModel model = BuildOk(Wsdl(parts));
  // A service with several SOAP ports gets one proto service per port, named after the port;
  // a service with one SOAP port is named after the service.
  EXPECT_THAT(ServiceNames(model),
              ::testing::ElementsAre("WeatherSoap", "WeatherSoap12", "AdminService"));
  const ServiceModel* soap11 = FindService(model, "WeatherSoap");
  ASSERT_NE(soap11, nullptr);
  EXPECT_EQ(soap11->soap.service(), "WeatherService");
  EXPECT_EQ(soap11->soap.port(), "WeatherSoap");
  EXPECT_EQ(soap11->soap.version(), SOAP_1_1);
  EXPECT_EQ(soap11->soap.address(), "http://h/w");
  EXPECT_EQ(soap11->doc, "Weather everywhere.");
  ASSERT_EQ(soap11->methods.size(), 1u);
  EXPECT_EQ(soap11->methods[0].soap.version(), SOAP_1_1);
  EXPECT_EQ(soap11->methods[0].soap.action(), "urn:op");

  const ServiceModel* soap12 = FindService(model, "WeatherSoap12");
  ASSERT_NE(soap12, nullptr);
  EXPECT_EQ(soap12->soap.version(), SOAP_1_2);
  EXPECT_EQ(soap12->soap.address(), "http://h/w12");
  ASSERT_EQ(soap12->methods.size(), 1u);
  EXPECT_EQ(soap12->methods[0].soap.version(), SOAP_1_2);
  EXPECT_EQ(soap12->methods[0].soap.action(), "urn:op12");
  // Both ports share the messages.
  EXPECT_EQ(soap12->methods[0].input, soap11->methods[0].input);

  const ServiceModel* admin = FindService(model, "AdminService");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->soap.port(), "AdminPort");
  EXPECT_EQ(admin->soap.address(), "http://h/admin");
}

TEST_F(WsdlFrontendTest, MethodsCarryTheSoapOperation) {
  WsdlParts parts;
  parts.schema_body = R"(
      <xs:element name="Req"><xs:complexType><xs:sequence/></xs:complexType></xs:element>)";
  parts.port_type_operations = R"(<wsdl:operation name="getQuote">
      <wsdl:documentation>Latest   quote.</wsdl:documentation>
      <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/>
    </wsdl:operation>)";
  parts.binding_operations = R"(<wsdl:operation name="getQuote">
      <soap:operation soapAction="http://example.com/t/getQuote" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>)";
  const FileModel model = BuildOk(Wsdl(parts));
  ASSERT_EQ(model.services.size(), 1u);
  EXPECT_EQ(model.services[0].name, "S");
  ASSERT_EQ(model.services[0].methods.size(), 1u);
  const MethodModel& m = model.services[0].methods[0];
  EXPECT_EQ(m.name, "GetQuote");
  EXPECT_EQ(m.doc, "Latest quote.");
  EXPECT_EQ(m.input, "Req");
  EXPECT_EQ(m.output, "Resp");
  EXPECT_EQ(m.soap.name(), "getQuote");
  EXPECT_EQ(m.soap.action(), "http://example.com/t/getQuote");
  EXPECT_EQ(m.soap.style(), DOCUMENT);
  EXPECT_EQ(m.soap.version(), SOAP_1_1);
  EXPECT_EQ(m.soap.request_element().name(), "Req");
  EXPECT_EQ(m.soap.request_element().namespace_(), kTns);
  EXPECT_EQ(m.soap.response_element().name(), "Resp");
  EXPECT_FALSE(m.soap.one_way());
  EXPECT_EQ(m.soap.faults_size(), 0);
}

TEST_F(WsdlFrontendTest, PackageAndFileNameDefaults) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType/></xs:element>)"));
  EXPECT_EQ(model.package, "com.example.t");
  EXPECT_EQ(model.file_name, "t.proto");
  EXPECT_EQ(model.source.source(), "t.wsdl");
  EXPECT_EQ(model.source.target_namespace(), kTns);
}

TEST_F(WsdlFrontendTest, NoSoapPortIsAnError) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType/></xs:element>)";
  parts.services = R"(<wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><http:address location="http://h/"/></wsdl:port>
  </wsdl:service>)";
  absl::StatusOr<FileModel> model = Build(Wsdl(parts));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(model.status()), HasSubstr("no wsdl:service with a SOAP port"));
  EXPECT_THAT(Message(model.status()), HasSubstr(wsdl_path_));
}

TEST_F(WsdlFrontendTest, BareMultiPartMessageBecomesSyntheticMessage) {
  WsdlParts parts;
  parts.schema_body = R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="x" type="xs:int"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="session" type="xs:string"/>
      <xs:element name="count" type="xs:int" nillable="true"/>)";
  parts.messages =
      R"(<wsdl:message name="In">
    <wsdl:part name="body" element="tns:Req"/>
    <wsdl:part name="session" element="tns:session"><wsdl:documentation>Login token.</wsdl:documentation></wsdl:part>
  </wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="n" element="tns:count"/></wsdl:message>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MethodModel& m = model.services[0].methods[0];
  EXPECT_EQ(m.input, "OpRequest");
  EXPECT_EQ(m.output, "OpResponse");
  // No single wrapper element: each field is a Body child.
  EXPECT_EQ(m.soap.request_element().name(), "");
  EXPECT_EQ(m.soap.request_element().namespace_(), "");
  EXPECT_EQ(m.soap.response_element().name(), "");

  const MessageModel* request = FindMessage(model, "OpRequest");
  ASSERT_NE(request, nullptr);
  EXPECT_THAT(FieldNames(request), ::testing::ElementsAre("req", "session"));
  const FieldModel* req = FindField(request, "req");
  EXPECT_EQ(req->type, "Req");
  EXPECT_EQ(req->xml.name(), "Req");
  EXPECT_EQ(req->xml.namespace_(), kTns);
  EXPECT_EQ(req->xml.min_occurs(), 1u);
  const FieldModel* session = FindField(request, "session");
  EXPECT_EQ(session->type, "string");
  EXPECT_EQ(session->xml.namespace_(), kTns);
  EXPECT_EQ(session->doc, "Login token.");

  // A single simple-typed part is a synthetic message too.
  const MessageModel* response = FindMessage(model, "OpResponse");
  ASSERT_NE(response, nullptr);
  ASSERT_EQ(response->fields.size(), 1u);
  EXPECT_EQ(response->fields[0].name, "count");
  EXPECT_EQ(response->fields[0].type, "int32");
  EXPECT_TRUE(response->fields[0].xml.nillable());
}

TEST_F(WsdlFrontendTest, SoapBodyPartsSelectsParts) {
  WsdlParts parts;
  parts.schema_body = R"(
      <xs:element name="Req"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      <xs:element name="extra" type="xs:string"/>)";
  parts.messages =
      R"(<wsdl:message name="In">
    <wsdl:part name="extra" element="tns:extra"/>
    <wsdl:part name="parameters" element="tns:Req"/>
  </wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:Resp"/></wsdl:message>)";
  parts.binding_operations = R"(<wsdl:operation name="Op"><soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal" parts="parameters"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MethodModel& m = model.services[0].methods[0];
  EXPECT_EQ(m.input, "Req");
  EXPECT_EQ(m.soap.request_element().name(), "Req");
}

TEST_F(WsdlFrontendTest, MessageWithoutPartsIsAnEmptySyntheticMessage) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType/></xs:element>)";
  parts.messages = R"(<wsdl:message name="In"/>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:Resp"/></wsdl:message>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MethodModel& m = model.services[0].methods[0];
  EXPECT_EQ(m.input, "OpRequest");
  const MessageModel* request = FindMessage(model, "OpRequest");
  ASSERT_NE(request, nullptr);
  EXPECT_TRUE(request->fields.empty());
}

TEST_F(WsdlFrontendTest, OneWayOperation) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType/></xs:element>)";
  parts.port_type_operations =
      R"(<wsdl:operation name="notify"><wsdl:input message="tns:In"/></wsdl:operation>)";
  parts.binding_operations = R"(<wsdl:operation name="notify"><soap:operation soapAction=""/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
    </wsdl:operation>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MethodModel& m = model.services[0].methods[0];
  EXPECT_EQ(m.name, "Notify");
  EXPECT_TRUE(m.soap.one_way());
  EXPECT_EQ(m.input, "Req");
  EXPECT_EQ(m.output, "NotifyAck");
  EXPECT_FALSE(m.soap.has_response_element());
  const MessageModel* ack = FindMessage(model, "NotifyAck");
  ASSERT_NE(ack, nullptr);
  EXPECT_TRUE(ack->fields.empty());
}

TEST_F(WsdlFrontendTest, OneWayOperationOnTwoPortsSharesTheAck) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType/></xs:element>)";
  parts.port_type_operations =
      R"(<wsdl:operation name="Op"><wsdl:input message="tns:In"/></wsdl:operation>)";
  parts.binding_operations = R"(<wsdl:operation name="Op"><soap:operation soapAction=""/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="B12" type="tns:PT">
    <soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op"><soap12:operation soapAction=""/>
      <wsdl:input><soap12:body use="literal"/></wsdl:input>
    </wsdl:operation>)";
  parts.services = R"(<wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><soap:address location="http://h/"/></wsdl:port>
    <wsdl:port name="P12" binding="tns:B12"><soap12:address location="http://h/"/></wsdl:port>
  </wsdl:service>)";
  const FileModel model = BuildOk(Wsdl(parts));
  ASSERT_EQ(model.services.size(), 2u);
  EXPECT_EQ(model.services[0].methods[0].output, model.services[1].methods[0].output);
  EXPECT_EQ(FindMessage(model, "OpAck2"), nullptr);
}

TEST_F(WsdlFrontendTest, DeclaredFaultsBecomeSoapFaultTypes) {
  WsdlParts parts;
  parts.schema_body = R"(
      <xs:element name="Req"><xs:complexType/></xs:element>
      <xs:element name="NotFound"><xs:complexType><xs:sequence>
        <xs:element name="id" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:complexType name="LimitInfo"><xs:sequence><xs:element name="limit" type="xs:decimal"/></xs:sequence></xs:complexType>
      <xs:element name="OverLimit" type="tns:LimitInfo"/>)";
  parts.messages += R"(
  <wsdl:message name="NotFoundFault"><wsdl:part name="fault" element="tns:NotFound"/></wsdl:message>
  <wsdl:message name="OverLimitFault"><wsdl:part name="fault" element="tns:OverLimit"/></wsdl:message>)";
  parts.port_type_operations = R"(<wsdl:operation name="Op">
      <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/>
      <wsdl:fault name="notFound" message="tns:NotFoundFault"/>
      <wsdl:fault name="overLimit" message="tns:OverLimitFault"/>
    </wsdl:operation>)";
  parts.binding_operations = R"(<wsdl:operation name="Op"><soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="notFound"><soap:fault name="notFound" use="literal"/></wsdl:fault>
      <wsdl:fault name="overLimit"><soap:fault name="overLimit" use="literal"/></wsdl:fault>
    </wsdl:operation>)";
  const FileModel model = BuildOk(Wsdl(parts));
  const MethodModel& m = model.services[0].methods[0];
  ASSERT_EQ(m.soap.faults_size(), 2);
  EXPECT_EQ(m.soap.faults(0).name(), "notFound");
  EXPECT_EQ(m.soap.faults(0).element().name(), "NotFound");
  EXPECT_EQ(m.soap.faults(0).element().namespace_(), kTns);
  EXPECT_EQ(m.soap.faults(0).message_type(), "com.example.t.NotFound");
  EXPECT_EQ(m.soap.faults(1).name(), "overLimit");
  EXPECT_EQ(m.soap.faults(1).element().name(), "OverLimit");
  EXPECT_EQ(m.soap.faults(1).message_type(), "com.example.t.LimitInfo");
  ASSERT_NE(FindMessage(model, "NotFound"), nullptr);
  ASSERT_NE(FindMessage(model, "LimitInfo"), nullptr);
}

TEST_F(WsdlFrontendTest, FaultMessageNeedsOneElementPart) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType/></xs:element>
      <xs:element name="F"><xs:complexType/></xs:element>)";
  parts.messages += R"(
  <wsdl:message name="TwoPartFault"><wsdl:part name="a" element="tns:F"/><wsdl:part name="b" element="tns:F"/></wsdl:message>)";
  parts.port_type_operations = R"(<wsdl:operation name="Op">
      <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/>
      <wsdl:fault name="f" message="tns:TwoPartFault"/>
    </wsdl:operation>)";
  absl::StatusOr<FileModel> model = Build(Wsdl(parts));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(Message(model.status()), HasSubstr("exactly one element part"));
  EXPECT_THAT(Message(model.status()), HasSubstr(WsdlWhere(R"(name="TwoPartFault")")));
}

TEST_F(WsdlFrontendTest, FaultWithSimpleTypedDetailElementIsUnimplemented) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType/></xs:element>
      <xs:element name="BadRecord" type="xs:string"/>)";
  parts.messages += R"(
  <wsdl:message name="BadRecordFault"><wsdl:part name="fault" element="tns:BadRecord"/></wsdl:message>)";
  parts.port_type_operations = R"(<wsdl:operation name="Op">
      <wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/>
      <wsdl:fault name="bad" message="tns:BadRecordFault"/>
    </wsdl:operation>)";
  absl::StatusOr<FileModel> model = Build(Wsdl(parts));
  if (model.ok()) return;  // mapping the simple detail is fine too
  EXPECT_EQ(model.status().code(), absl::StatusCode::kUnimplemented) << model.status();
  EXPECT_THAT(Message(model.status()), ::testing::Not(HasSubstr("is not defined")));
  EXPECT_THAT(Message(model.status()), HasSubstr(WsdlWhere(R"(name="BadRecord")")));
}

// ============================================================================================
// Unsupported constructs: an error naming the construct and its file and line.

struct UnsupportedCase {
  const char* name;
  WsdlParts parts;
  // Text on the line the error must name.
  const char* marker;
  // Text the message must contain.
  const char* construct;
  absl::StatusCode code;
};

std::vector<UnsupportedCase> UnsupportedCases() {
  std::vector<UnsupportedCase> cases;
  auto schema_case = [&](const char* name, std::string schema, const char* marker,
                         const char* construct,
                         absl::StatusCode code = absl::StatusCode::kUnimplemented) {
    WsdlParts parts;
    parts.schema_body = std::move(schema);
    cases.push_back({name, std::move(parts), marker, construct, code});
  };
  auto req = [](std::string_view content) {
    return StrCat(R"(<xs:element name="Req"><xs:complexType><xs:sequence>
        )",
                  content, R"(
      </xs:sequence></xs:complexType></xs:element>)");
  };
  schema_case("AnyInSequenceInChoice",
              req(R"(<xs:choice><xs:sequence><xs:any/></xs:sequence></xs:choice>)"),
              "<xs:sequence><xs:any/>", "holding xsd:any");
  schema_case("NestedRepeatedSequences",
              R"(<xs:element name="Req"><xs:complexType>
        <xs:sequence maxOccurs="unbounded"><xs:sequence maxOccurs="2">
          <xs:element name="a" type="xs:int"/></xs:sequence></xs:sequence>
      </xs:complexType></xs:element>)",
              R"(<xs:sequence maxOccurs="unbounded">)", "another such sequence");
  schema_case("Redefine",
              StrCat(R"(<xs:redefine schemaLocation="other.xsd"/>
      )",
                     req("")),
              "<xs:redefine", "xsd:redefine");
  schema_case(
      "RemoteImport",
      StrCat(
          R"(<xs:import namespace="http://other.example/x" schemaLocation="http://other.example/x.xsd"/>
      )",
          req("")),
      "http://other.example/x.xsd", "remote location", absl::StatusCode::kInvalidArgument);
  schema_case("RemoteInclude",
              StrCat(R"(<xs:include schemaLocation="https://other.example/y.xsd"/>
      )",
                     req("")),
              "https://other.example/y.xsd", "remote location", absl::StatusCode::kInvalidArgument);

  auto binding_case = [&](const char* name, WsdlParts parts, const char* marker,
                          const char* construct,
                          absl::StatusCode code = absl::StatusCode::kUnimplemented) {
    if (parts.schema_body.empty()) {
      parts.schema_body = R"(<xs:element name="Req"><xs:complexType/></xs:element>)";
    }
    cases.push_back({name, std::move(parts), marker, construct, code});
  };
  {
    WsdlParts parts;
    parts.binding_operations = R"(<wsdl:operation name="Op"> <soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>)";
    binding_case("UseEncoded", parts, R"(use="encoded")", R"(use="encoded")");
  }
  {
    WsdlParts parts;
    parts.messages =
        R"(<wsdl:message name="In"><wsdl:part name="text" type="xs:string"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="parameters" element="tns:Resp"/></wsdl:message>)";
    binding_case("DocumentPartWithType", parts, R"(type="xs:string")", "only rpc style allows",
                 absl::StatusCode::kInvalidArgument);
  }
  {
    WsdlParts parts;
    parts.port_type_operations =
        R"(<wsdl:operation name="Op"><wsdl:output message="tns:Out"/></wsdl:operation>)";
    binding_case("NotificationOperation", parts, R"(<wsdl:operation name="Op"><wsdl:output)",
                 "notification");
  }
  {
    WsdlParts parts;
    parts.port_type_operations =
        R"(<wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>
    <wsdl:operation name="Op"><wsdl:input message="tns:Out"/><wsdl:output message="tns:In"/></wsdl:operation>)";
    binding_case("OverloadedOperation", parts, R"(soapAction="urn:op")", "overloaded",
                 absl::StatusCode::kInvalidArgument);
  }
  {
    WsdlParts parts;
    parts.before_types =
        R"(<wsdl:import namespace="http://other.example/" location="http://other.example/a.wsdl"/>)";
    binding_case("RemoteWsdlImport", parts, "<wsdl:import", "remote location",
                 absl::StatusCode::kInvalidArgument);
  }
  return cases;
}

void PrintTo(const UnsupportedCase& c, std::ostream* os) { *os << c.name; }

class UnsupportedConstructTest : public WsdlFrontendTest,
                                 public ::testing::WithParamInterface<UnsupportedCase> {};

TEST_P(UnsupportedConstructTest, ErrorNamesConstructFileAndLine) {
  const UnsupportedCase& c = GetParam();
  absl::StatusOr<FileModel> model = Build(Wsdl(c.parts));
  ASSERT_FALSE(model.ok()) << wsdl_text_;
  EXPECT_EQ(model.status().code(), c.code) << model.status();
  EXPECT_THAT(Message(model.status()), HasSubstr(c.construct));
  ASSERT_GT(LineOf(wsdl_text_, c.marker), 0) << "marker not in the WSDL: " << c.marker;
  EXPECT_THAT(Message(model.status()), HasSubstr(WsdlWhere(c.marker))) << wsdl_text_;
}

INSTANTIATE_TEST_SUITE_P(Constructs, UnsupportedConstructTest,
                         ::testing::ValuesIn(UnsupportedCases()),
                         [](const ::testing::TestParamInfo<UnsupportedCase>& p) {
                           return std::string(p.param.name);
                         });

TEST_F(WsdlFrontendTest, UnsupportedContentOfANamedTypeKeepsItsCode) {
  WsdlParts parts;
  parts.schema_body = R"(
      <xs:complexType name="T"><xs:sequence maxOccurs="3"><xs:any/>
        </xs:sequence></xs:complexType>
      <xs:element name="Req" type="tns:T"/>)";
  absl::StatusOr<FileModel> model = Build(Wsdl(parts));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(Message(model.status()), HasSubstr("holding xsd:any"));
  EXPECT_THAT(Message(model.status()), ::testing::Not(HasSubstr("must have a complex type")));
}

// ============================================================================================
// Package and file names.

TEST(PackageFromNamespaceTest, Table) {
  struct Row {
    const char* ns;
    const char* package;
  };
  const Row rows[] = {
      {"http://dragoman.example/bank/v1", "example.dragoman.bank.v1"},
      {"http://dragoman.example/bank", "example.dragoman.bank"},
      {"urn:acme:billing", "acme.billing"},
      {"urn:ACME:Billing-Service", "acme.billing_service"},
      {"urn:schemas-microsoft-com:xml-data", "schemas_microsoft_com.xml_data"},
      {"http://tempuri.org/", "org.tempuri"},
      {"http://www.webserviceX.NET", "net.webservice_x"},
      {"http://www.example.com/", "com.example"},
      {"https://api.example.com/Billing/V2", "com.example.api.billing.v2"},
      {"http://example.com:8080/svc", "com.example.svc"},
      {"http://example.com/stockquote.wsdl", "com.example"},
      {"http://example.com/schemas/types.xsd", "com.example.schemas"},
      {"http://example.com/2004/08/svc", "com.example.v2004.v08.svc"},
      {"http://123.example.com/x", "com.example.v123.x"},
      {"http://my-company.com/order-service", "com.my_company.order_service"},
      {"http://example.com/a#frag", "com.example.a.frag"},
      {"http://schemas.xmlsoap.org/soap/envelope/", "org.xmlsoap.schemas.soap.envelope"},
      {"urn:uuid:1234", "uuid.v1234"},
      {"", "legacy"},
      {"urn:", "legacy"},
      {"http://", "legacy"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(PackageFromNamespace(row.ns), row.package) << row.ns;
  }
}

TEST(PackageFromNamespaceTest, ComponentsAreValidIdentifiers) {
  for (const char* ns : {"http://1.2.3.4/x", "urn:9:a", "http://example.com/-/_/.", "urn:a::b",
                         "http://EXAMPLE.com/A.B.C", "tag:example.com,2020:svc"}) {
    const std::string package = PackageFromNamespace(ns);
    SCOPED_TRACE(ns);
    ASSERT_FALSE(package.empty());
    for (absl::string_view part : absl::StrSplit(package, '.')) {
      ASSERT_FALSE(part.empty()) << package;
      EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(part[0]))) << package;
      for (char c : part) {
        EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_') << package;
      }
    }
  }
}

TEST(PackageFromNamespaceTest, ComponentsAreNotCppKeywords) {
  for (const char* ns : {"http://example.com/public/api", "http://example.com/new/",
                         "urn:acme:default", "http://class.example.com/"}) {
    const std::string package = PackageFromNamespace(ns);
    for (absl::string_view part : absl::StrSplit(package, '.')) {
      for (const char* keyword : {"public", "new", "default", "class"}) {
        EXPECT_NE(std::string(part), keyword) << ns << " -> " << package;
      }
    }
  }
}

TEST(ProtoFileNameForTest, Table) {
  struct Row {
    const char* path;
    const char* file;
  };
  const Row rows[] = {
      {"dir/Bank-Service.wsdl", "bank_service.proto"},
      {"bank.wsdl", "bank.proto"},
      {"/abs/path/GlobalWeather.wsdl", "global_weather.proto"},
      {"soap.wsdl", "soap.proto"},
      {"hello_world_recursive.wsdl", "hello_world_recursive.proto"},
      {"a/b/multi-service.wsdl", "multi_service.proto"},
      {"CyberSourceTransaction_1.26.wsdl", "cyber_source_transaction_1_26.proto"},
      {"XMLService.wsdl", "xml_service.proto"},
      {"service.v2.wsdl", "service_v2.proto"},
      {"noext", "noext.proto"},
      {"types.xsd", "types.proto"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ProtoFileNameFor(row.path), row.file) << row.path;
  }
}

// --- complexContent. ---

TEST_F(WsdlFrontendTest, ExtensionPutsTheBaseContentFirstWithItsOwnNamespaceRules) {
  FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Party">
        <xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence>
        <xs:attribute name="id" type="xs:int" use="required"/>
      </xs:complexType>
      <xs:complexType name="Customer">
        <xs:complexContent><xs:extension base="tns:Party">
          <xs:sequence><xs:element name="tier" type="xs:int" minOccurs="0"/></xs:sequence>
          <xs:attribute name="vip" type="xs:boolean"/>
        </xs:extension></xs:complexContent>
      </xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="customer" type="tns:Customer"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* customer = FindMessage(model, "Customer");
  ASSERT_NE(customer, nullptr);
  ASSERT_EQ(customer->fields.size(), 4u);
  EXPECT_EQ(customer->fields[0].name, "name");  // base elements first, in schema order
  EXPECT_EQ(customer->fields[1].name, "id");
  EXPECT_TRUE(customer->fields[1].xml.attribute());
  EXPECT_EQ(customer->fields[2].name, "tier");
  EXPECT_EQ(customer->fields[2].label, FieldModel::Label::kOptional);
  EXPECT_EQ(customer->fields[3].name, "vip");
  EXPECT_EQ(customer->xml.base().name(), "Party");
  EXPECT_EQ(customer->xml.base().namespace_(), kTns);
  // Only what operations reach is generated: the base is not used on its own here.
  EXPECT_EQ(FindMessage(model, "Party"), nullptr);
}

TEST_F(WsdlFrontendTest, ExtensionChainsAndAnyTypeBaseAreFlattened) {
  FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="A"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:complexType name="B"><xs:complexContent><xs:extension base="tns:A">
        <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
      </xs:extension></xs:complexContent></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:complexContent><xs:extension base="tns:B">
        <xs:sequence><xs:element name="c" type="xs:string"/></xs:sequence>
      </xs:extension></xs:complexContent></xs:complexType></xs:element>
      <xs:complexType name="D"><xs:complexContent><xs:extension base="xs:anyType">
        <xs:sequence><xs:element name="d" type="xs:string"/></xs:sequence>
      </xs:extension></xs:complexContent></xs:complexType>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 3u);
  EXPECT_EQ(req->fields[0].name, "a");
  EXPECT_EQ(req->fields[1].name, "b");
  EXPECT_EQ(req->fields[2].name, "c");
}

TEST_F(WsdlFrontendTest, RestrictionKeepsOnlyTheContentItRestates) {
  FileModel model = BuildOk(Wsdl(R"(
      <xs:complexType name="Wide"><xs:sequence>
        <xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string" minOccurs="0"/>
      </xs:sequence></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:complexContent><xs:restriction base="tns:Wide">
        <xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>
      </xs:restriction></xs:complexContent></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 1u);
  EXPECT_EQ(req->fields[0].name, "a");
}

TEST_F(WsdlFrontendTest, CircularExtensionIsAnErrorNotACrash) {
  absl::StatusOr<FileModel> model = Build(Wsdl(R"(
      <xs:complexType name="A"><xs:complexContent><xs:extension base="tns:B"/></xs:complexContent></xs:complexType>
      <xs:complexType name="B"><xs:complexContent><xs:extension base="tns:A"/></xs:complexContent></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="x" type="tns:A"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  ASSERT_FALSE(model.ok());
  EXPECT_THAT(std::string(model.status().message()), HasSubstr("circular"));
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, ChoiceBecomesAOneofThatKnowsWhetherItIsRequired) {
  FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:choice><xs:element name="a" type="xs:int"/><xs:element name="b" type="xs:string"/></xs:choice>
        <xs:choice minOccurs="0"><xs:element name="c" type="xs:int"/><xs:element name="d" type="xs:int"/></xs:choice>
        <xs:choice><xs:element name="e" type="xs:int"/><xs:element name="f" type="xs:int" minOccurs="0"/></xs:choice>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 6u);
  EXPECT_EQ(req->fields[0].oneof, "choice");
  EXPECT_EQ(req->fields[1].oneof, "choice");
  EXPECT_TRUE(req->fields[0].xml.required_choice());
  EXPECT_EQ(req->fields[2].oneof, "choice_2");
  EXPECT_FALSE(req->fields[2].xml.required_choice());  // minOccurs="0" on the choice
  EXPECT_FALSE(req->fields[4].xml.required_choice());  // a member that may be absent
  for (const FieldModel& field : req->fields) {
    EXPECT_EQ(field.label, FieldModel::Label::kSingular) << field.name;
    EXPECT_EQ(field.xml.min_occurs(), 0u) << field.name;
  }
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, RpcLiteralWrapsPartsInAnElementNamedAfterTheOperation) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:complexType name="Point"><xs:sequence>
        <xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>)";
  parts.messages = R"(
  <wsdl:message name="In"><wsdl:part name="label" type="xs:string"/>
    <wsdl:part name="where" type="tns:Point"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="ok" type="xs:boolean"/></wsdl:message>)";
  parts.binding_style = "rpc";
  parts.binding_operations = R"(<wsdl:operation name="Op"> <soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal" namespace="urn:rpc:ns"/></wsdl:input>
      <wsdl:output><soap:body use="literal" namespace="urn:rpc:ns"/></wsdl:output>
    </wsdl:operation>)";
  FileModel model = BuildOk(Wsdl(parts));
  ASSERT_EQ(model.services.size(), 1u);
  const MethodModel& method = model.services[0].methods.at(0);
  EXPECT_EQ(method.soap.style(), RPC);
  EXPECT_EQ(method.soap.request_element().namespace_(), "urn:rpc:ns");
  EXPECT_EQ(method.soap.request_element().name(), "Op");
  EXPECT_EQ(method.soap.response_element().name(), "OpResponse");
  const MessageModel* request = FindMessage(model, method.input);
  ASSERT_NE(request, nullptr);
  ASSERT_EQ(request->fields.size(), 2u);
  EXPECT_EQ(request->fields[0].xml.name(), "label");
  EXPECT_EQ(request->fields[0].xml.namespace_(), "");  // rpc parts are unqualified
  EXPECT_EQ(request->fields[0].xml.min_occurs(), 1u);
  EXPECT_EQ(request->fields[1].type, "Point");
  const MessageModel* response = FindMessage(model, method.output);
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->fields.at(0).type, "bool");
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, SimpleContentIsATextValueBesideTheAttributes) {
  FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="Code"><xs:restriction base="xs:string">
        <xs:enumeration value="A"/></xs:restriction></xs:simpleType>
      <xs:complexType name="Coded"><xs:simpleContent><xs:extension base="tns:Code">
        <xs:attribute name="value" type="xs:string"/>
      </xs:extension></xs:simpleContent></xs:complexType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="c" type="tns:Coded"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* coded = FindMessage(model, "Coded");
  ASSERT_NE(coded, nullptr);
  ASSERT_EQ(coded->fields.size(), 2u);
  EXPECT_TRUE(coded->fields[0].xml.text());
  EXPECT_EQ(coded->fields[0].name, "value");
  EXPECT_EQ(coded->fields[0].type, "Code");  // the enum of the base simple type
  EXPECT_TRUE(coded->fields[1].xml.attribute());
  EXPECT_EQ(coded->fields[1].name, "value_2");  // an attribute named value keeps its XML name
  EXPECT_EQ(coded->fields[1].xml.name(), "value");
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, SoapHeadersBecomeFieldsBeforeTheBodyParts) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="q" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Auth"><xs:complexType><xs:sequence>
        <xs:element name="token" type="xs:string"/></xs:sequence></xs:complexType></xs:element>)";
  parts.messages += R"(
  <wsdl:message name="AuthHeader"><wsdl:part name="auth" element="tns:Auth"/></wsdl:message>)";
  parts.binding_operations = R"(<wsdl:operation name="Op"><soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="literal"/><soap:header message="tns:AuthHeader" part="auth" use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>)";
  FileModel model = BuildOk(Wsdl(parts));
  const MethodModel& method = model.services.at(0).methods.at(0);
  EXPECT_TRUE(method.soap.request_element().name().empty());  // fields are Header/Body children
  EXPECT_EQ(method.soap.response_element().name(), "Resp");   // no header: unchanged
  const MessageModel* request = FindMessage(model, method.input);
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->name, "OpRequest");
  ASSERT_EQ(request->fields.size(), 2u);
  EXPECT_EQ(request->fields[0].name, "auth");
  EXPECT_TRUE(request->fields[0].xml.header());
  EXPECT_EQ(request->fields[0].xml.min_occurs(), 0u);
  EXPECT_EQ(request->fields[1].name, "req");
  EXPECT_FALSE(request->fields[1].xml.header());
  EXPECT_EQ(request->fields[1].type, "Req");
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, SoapEncodedArraysAndEncodedRpcPartsAreMapped) {
  WsdlParts parts;
  parts.extra_xmlns = R"(xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/")";
  parts.schema_body = R"(<xs:complexType name="ArrayOfint"><xs:complexContent>
        <xs:restriction base="SOAP-ENC:Array">
          <xs:attribute ref="SOAP-ENC:arrayType" wsdl:arrayType="xs:int[]"/>
        </xs:restriction></xs:complexContent></xs:complexType>)";
  parts.messages = R"(
  <wsdl:message name="In"><wsdl:part name="numbers" type="tns:ArrayOfint"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="sum" type="xs:int"/></wsdl:message>)";
  parts.binding_style = "rpc";
  parts.binding_operations = R"(<wsdl:operation name="Op"> <soap:operation soapAction="urn:op"/>
      <wsdl:input><soap:body use="encoded" namespace="urn:rpc" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:input>
      <wsdl:output><soap:body use="encoded" namespace="urn:rpc" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:output>
    </wsdl:operation>)";
  FileModel model = BuildOk(Wsdl(parts));
  const MethodModel& method = model.services.at(0).methods.at(0);
  EXPECT_TRUE(method.soap.encoded());
  const MessageModel* request = FindMessage(model, method.input);
  ASSERT_NE(request, nullptr);
  EXPECT_TRUE(request->xml.encoded());
  const MessageModel* array = FindMessage(model, "ArrayOfint");
  ASSERT_NE(array, nullptr);
  EXPECT_EQ(array->xml.array_item_type().name(), "int");
  EXPECT_EQ(array->xml.array_item_type().namespace_(), "http://www.w3.org/2001/XMLSchema");
  ASSERT_EQ(array->fields.size(), 1u);
  EXPECT_EQ(array->fields[0].label, FieldModel::Label::kRepeated);
  EXPECT_EQ(array->fields[0].type, "int32");
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, RepeatedChoicesBecomeOneFieldPerMember) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:choice maxOccurs="unbounded">
          <xs:element name="a" type="xs:int"/><xs:element name="b" type="xs:string"/>
        </xs:choice>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 2u);
  for (const FieldModel& field : req->fields) {
    EXPECT_TRUE(field.oneof.empty()) << field.name;  // members may mix: no oneof
    EXPECT_EQ(field.xml.min_occurs(), 0u) << field.name;
    EXPECT_EQ(field.label, FieldModel::Label::kRepeated) << field.name;
  }
}

TEST_F(WsdlFrontendTest, ASingleChoiceWithARepeatedMemberStaysOneChoice) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:choice><xs:element name="c" type="xs:int" maxOccurs="3"/><xs:element name="d" type="xs:int"/></xs:choice>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  ASSERT_EQ(req->fields.size(), 2u);
  // c's run of elements is one member of the oneof, wrapped in a message of its own.
  EXPECT_EQ(req->fields[0].oneof, "choice");
  EXPECT_TRUE(req->fields[0].xml.group());
  EXPECT_EQ(req->fields[1].oneof, "choice");
  EXPECT_EQ(req->fields[1].xml.name(), "d");
  ASSERT_EQ(req->nested_messages.size(), 1u);
  ASSERT_EQ(req->nested_messages[0].fields.size(), 1u);
  EXPECT_EQ(req->nested_messages[0].fields[0].label, FieldModel::Label::kRepeated);
  EXPECT_EQ(req->nested_messages[0].fields[0].xml.max_occurs(), 3u);
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, OperationsFilterKeepsOnlyWhatTheyReach) {
  WsdlParts parts;
  parts.schema_body = R"(<xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Other"><xs:complexType><xs:sequence>
        <xs:element name="b" type="xs:int"/></xs:sequence></xs:complexType></xs:element>)";
  parts.messages += R"(
  <wsdl:message name="OtherIn"><wsdl:part name="p" element="tns:Other"/></wsdl:message>)";
  parts.port_type_operations += R"(
    <wsdl:operation name="Skip"><wsdl:input message="tns:OtherIn"/><wsdl:output message="tns:Out"/></wsdl:operation>)";
  parts.binding_operations += R"(
    <wsdl:operation name="Skip"><soap:operation soapAction="urn:skip"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>)";
  const std::string text = Wsdl(parts);
  const std::string path = dir_.Write("ops.wsdl", text);
  WsdlOptions options;
  options.operations = {"Op"};
  absl::StatusOr<FileModel> model = BuildModelFromWsdl(path, options);
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->services.at(0).methods.size(), 1u);
  EXPECT_EQ(model->services[0].methods[0].name, "Op");
  EXPECT_NE(FindMessage(*model, "Req"), nullptr);
  EXPECT_EQ(FindMessage(*model, "Other"), nullptr);  // only Skip reached it

  options.operations = {"Nope"};
  model = BuildModelFromWsdl(path, options);
  ASSERT_FALSE(model.ok());
  EXPECT_THAT(Message(model.status()), HasSubstr("no SOAP port has an operation 'Nope'"));
}

}  // namespace
}  // namespace dragoman::codegen

namespace dragoman::codegen {
namespace {

TEST_F(WsdlFrontendTest, ListsAndUnionsTravelAsTheirLexicalForm) {
  const FileModel model = BuildOk(Wsdl(R"(
      <xs:simpleType name="Ints"><xs:list itemType="xs:int"/></xs:simpleType>
      <xs:simpleType name="IntOrAuto"><xs:union memberTypes="xs:int">
        <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="auto"/></xs:restriction></xs:simpleType>
      </xs:union></xs:simpleType>
      <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="ints" type="tns:Ints"/>
        <xs:element name="size" type="tns:IntOrAuto"/>
      </xs:sequence></xs:complexType></xs:element>)"));
  const MessageModel* req = FindMessage(model, "Req");
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(FindField(req, "ints")->type, "string");
  EXPECT_EQ(FindField(req, "ints")->xml.type(), XSD_TOKEN);  // whitespace-separated items
  EXPECT_EQ(FindField(req, "size")->type, "string");
  EXPECT_EQ(FindField(req, "size")->xml.type(), XSD_STRING);
}

}  // namespace
}  // namespace dragoman::codegen
