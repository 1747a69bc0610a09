// protoc-gen-dragoman's code generator: annotated .proto -> C++ translators.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_CPP_EMITTER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_CPP_EMITTER_H_

#include <google/protobuf/compiler/code_generator.h>
#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

namespace dragoman::codegen {

// For each file with (dragoman.soap) methods, writes <stem>.dragoman.h and <stem>.dragoman.cc:
// per message a streaming XML writer and a pugixml reader, per method a SoapMethod subclass,
// and `dragoman::generated::<stem>::Register(TranslatorRegistry&)`. The parameter "parts=N"
// (protoc --dragoman_opt=parts=N) spreads the readers and writers over <stem>.dragoman.cc and
// <stem>.dragoman-1.cc .. <stem>.dragoman-<N-1>.cc, to bound each compile of a huge schema.
class CppEmitter : public google::protobuf::compiler::CodeGenerator {
 public:
  bool Generate(const google::protobuf::FileDescriptor* file, const std::string& parameter,
                google::protobuf::compiler::GeneratorContext* context,
                std::string* error) const override;

  uint64_t GetSupportedFeatures() const override { return FEATURE_PROTO3_OPTIONAL; }
};

// The C++ namespace component for a .proto file: "dir/bank_v1.proto" -> "bank_v1".
std::string GeneratedNamespace(const std::string& proto_file);

// Names both emitters (SOAP and record) give generated code.
// A C++ string literal for `text`.
std::string Literal(std::string_view text);
// The C++ class protoc generates for a message: "a.b.Outer.Inner" -> "::a::b::Outer_Inner".
std::string ClassName(const google::protobuf::Descriptor* message);
// An identifier fragment for a message: "a.b.Outer.Inner" -> "Outer_Inner".
std::string Mangle(const google::protobuf::Descriptor* message);
// protoc's oneof case constant for a field: "foo_bar" -> "kFooBar", "line1text" -> "kLine1Text".
std::string CaseConstant(const google::protobuf::FieldDescriptor* field);
// Appends `Register(TranslatorRegistry&)`, which adds a <Service>_<Method>_Method (in
// namespace `inner`, "" or "name::") for each of `methods`, and the leading comments of
// `file`'s services, methods, messages, fields, enums and values as SchemaDocs.
void EmitRegister(const google::protobuf::FileDescriptor* file,
                  const std::vector<const google::protobuf::MethodDescriptor*>& methods,
                  const std::string& inner, std::string* out);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_CPP_EMITTER_H_
