// The generator's intermediate model: what one generated .proto file declares, independent of
// the schema language it came from. Front ends (WSDL, copybooks) build it; emitters read it.
// Each declaration carries the mapping options of its schema language: XML ones from a WSDL,
// COBOL ones from a copybook.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_MODEL_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_MODEL_H_

#include <google/protobuf/descriptor.pb.h>

#include <string>
#include <vector>

#include "dragoman/options.pb.h"
#include "google/api/http.pb.h"

namespace dragoman::codegen {

// One field of a message.
struct FieldModel {
  // How many values the field holds.
  enum class Label { kSingular, kOptional, kRepeated };

  // proto field name (snake_case).
  std::string name;
  // Field number.
  int number = 0;
  // A scalar type keyword ("string", "int64", ...) or a message/enum name relative to the
  // package.
  std::string type;
  Label label = Label::kSingular;
  // Name of the oneof the field belongs to; empty when none.
  std::string oneof;
  // XML mapping written as the (dragoman.xml_field) option.
  XmlField xml;
  // Copybook mapping written as the (dragoman.cobol_field) option instead, when it has a name.
  CobolField cobol;
  // Documentation carried from the schema.
  std::string doc;
};

// One enum.
struct EnumModel {
  // One enum value.
  struct Value {
    std::string name;
    int number = 0;
    // Schema literal; empty for the UNSPECIFIED zero value.
    std::string literal;
  };

  std::string name;
  std::vector<Value> values;
  XmlEnum xml;
  std::string doc;
};

// One message, possibly with nested declarations.
struct MessageModel {
  std::string name;
  std::vector<FieldModel> fields;
  std::vector<MessageModel> nested_messages;
  std::vector<EnumModel> nested_enums;
  XmlType xml;
  // Copybook mapping, written instead of `xml` when it has a name.
  CobolRecord cobol;
  std::string doc;
};

// One RPC.
struct MethodModel {
  std::string name;
  // Request and reply message names relative to the package.
  std::string input;
  std::string output;
  SoapOperation soap;
  // Copybook mapping, written instead of `soap` when the file is a copybook service.
  CobolProgram cobol;
  // REST mapping written as the google.api.http option when it names a path.
  google::api::HttpRule http;
  // Written as the rpc's idempotency_level option unless unknown.
  google::protobuf::MethodOptions::IdempotencyLevel idempotency =
      google::protobuf::MethodOptions::IDEMPOTENCY_UNKNOWN;
  std::string doc;
};

// One service.
struct ServiceModel {
  std::string name;
  std::vector<MethodModel> methods;
  SoapService soap;
  CobolService cobol;
  std::string doc;
};

// One generated .proto file.
struct FileModel {
  // File name relative to the output directory, e.g. "bank.proto".
  std::string file_name;
  // proto package, e.g. "example.dragoman.bank".
  std::string package;
  std::vector<MessageModel> messages;
  std::vector<EnumModel> enums;
  std::vector<ServiceModel> services;
  SchemaSource source;
  // Generated from copybooks: (dragoman.cobol_*) options instead of the XML and SOAP ones.
  bool copybook = false;
  // Schema mistakes the front end read past, with file:line, for the user to see.
  std::vector<std::string> warnings;
};

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_MODEL_H_
