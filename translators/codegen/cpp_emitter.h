// protoc-gen-dragoman's code generator: annotated .proto -> C++ translators.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_CPP_EMITTER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_CPP_EMITTER_H_

#include <google/protobuf/compiler/code_generator.h>

#include <string>

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

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_CPP_EMITTER_H_
