// Encodes JSON objects into binary records with a parsed copybook, for `dragoman records
// encode`: the reverse of record_decoder, byte for byte.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_ENCODER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_ENCODER_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/runtime/codepage.h"

namespace dragoman::codegen {

// How record bytes are written.
struct RecordEncodeOptions {
  const records::CodePage* code_page = nullptr;
  // COMP-1/COMP-2 as IBM hexadecimal floating point (else IEEE 754).
  bool ibm_float = true;
};

// Appends the record `json` (one object as DecodeRecordToJson writes it: fields by name,
// tables as arrays, every REDEFINES branch optional) describes. A field the object leaves out
// or sets to null is initialized as COBOL's INITIALIZE would: spaces for text, zero for
// numbers. InvalidArgument names the field: a value that does not fit its picture, text the
// code page cannot carry or longer than the field, malformed JSON (with its offset).
absl::Status EncodeRecordFromJson(const CopybookItem& record, std::string_view json,
                                  const RecordEncodeOptions& options, std::string* bytes);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_ENCODER_H_
