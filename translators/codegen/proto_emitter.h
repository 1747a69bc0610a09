// Writes the generator's model as an annotated .proto file.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_PROTO_EMITTER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_PROTO_EMITTER_H_

#include <string>

#include "translators/codegen/model.h"

namespace dragoman::codegen {

// The .proto text for `file`: deterministic, readable, with schema documentation as comments.
std::string EmitProto(const FileModel& file);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_PROTO_EMITTER_H_
