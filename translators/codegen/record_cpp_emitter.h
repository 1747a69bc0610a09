// protoc-gen-dragoman's emitter for copybook services: per message a record writer and reader
// that work on the generated protobuf classes, field by field at offsets the .proto's
// (dragoman.cobol_field) options fix, and per method a RecordMethod subclass.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_CPP_EMITTER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_CPP_EMITTER_H_

#include <google/protobuf/compiler/code_generator.h>
#include <google/protobuf/descriptor.h>

#include <string>

namespace dragoman::codegen {

// True when some method of `file` carries (dragoman.cobol_program).
bool HasRecordMethods(const google::protobuf::FileDescriptor* file);

// Writes <stem>.dragoman.cc for such a file (the header is the one every translator shares).
// False with `error` set for a mapping that cannot be generated (unknown code page, a field
// without its option, a streaming method).
bool EmitRecordTranslators(const google::protobuf::FileDescriptor* file,
                           google::protobuf::compiler::GeneratorContext* context,
                           std::string* error);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_CPP_EMITTER_H_
