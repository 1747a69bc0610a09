// Decodes binary records with a parsed copybook into JSON, for `dragoman records decode` and
// the conformance tests: the interpretive twin of the generated record translators.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_DECODER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_DECODER_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/runtime/codepage.h"

namespace dragoman::codegen {

// How record bytes are read.
struct RecordDecodeOptions {
  // Text fields and zoned decimals; EBCDIC zones unless the page is ascii or latin1.
  const records::CodePage* code_page = nullptr;
  // Trim spaces from both ends of text fields.
  bool trim = true;
  // Strict: a field that does not decode fails the record, naming field, offset and bytes.
  // Lenient: such a field is null.
  bool strict = true;
  // COMP-1/COMP-2 as IBM hexadecimal floating point (else IEEE 754).
  bool ibm_float = true;
  // COMP-5 little-endian.
  bool native_little_endian = false;
  // REDEFINES branches chosen by a rule over an earlier item, keyed by the branch's name in
  // upper case: only the branch whose rule holds is written (else the first branch without a
  // rule; else none). Without rules every branch is written.
  std::map<std::string, RuleText> redefines;
  // Items after an OCCURS DEPENDING ON table follow its last occurrence (Cobrix's
  // variable_size_occurs) instead of its largest size, so the record ends early.
  bool variable_occurs = false;
};

// Appends one JSON object for `record` (its fields at the top level, FILLER left out; tables
// as arrays, sized by their DEPENDING ON counter; REDEFINES branches as `options` says)
// decoded from `bytes`. Numbers are written as exact decimal literals. InvalidArgument (strict
// mode) names the field, its byte offset and its bytes in hex. `consumed`, when given, is set
// to the bytes the record took (less than its size with variable_occurs).
absl::Status DecodeRecordToJson(const CopybookItem& record, std::string_view bytes,
                                const RecordDecodeOptions& options, std::string* json,
                                size_t* consumed = nullptr);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_RECORD_DECODER_H_
