// `dragoman records decode|encode`: mainframe data files to JSON lines and back, for looking at
// what a legacy program sends or stores (and making test data for it), with the same copybook
// and codecs the translators use.
#ifndef DRAGOMAN_SERVER_RECORDS_RECORDS_TOOL_H_
#define DRAGOMAN_SERVER_RECORDS_RECORDS_TOOL_H_

#include <istream>
#include <ostream>
#include <string>

#include "absl/status/status.h"

namespace dragoman::records {

// What `dragoman records decode` or `encode` was asked to do.
struct RecordsCommand {
  // The copybook; its first record (or the one `record` names) describes every record.
  std::string copybook;
  std::string record;
  // A service manifest: its code page, dialect, REDEFINES rules and COPY paths apply.
  std::string manifest;
  // Code page of text and zoned fields; default the manifest's, else cp037.
  std::string code_page;
  // ibm or gnucobol (see proto/dragoman/manifest.proto); default the manifest's, else ibm.
  std::string dialect;
  // Decode only: records follow one another without RDWs, each as long as its OCCURS
  // DEPENDING ON tables make it (items after a table follow its last occurrence).
  bool variable_occurs = false;
  // F: fixed-length records of the copybook's size; V: each record after a 4-byte RDW;
  // VB: blocks after a 4-byte BDW, holding RDW records.
  std::string record_format = "F";
  // Decode only: write null for a field that does not decode instead of stopping.
  bool lenient = false;
  // Decode only: keep the spaces around text fields.
  bool keep_spaces = false;
};

// Decodes every record of `in` to one JSON object per line on `out`. An error names the
// record (from 1), and for a field its name, byte offset and bytes in hex.
absl::Status DecodeRecords(const RecordsCommand& command, std::istream& in, std::ostream& out);

// Encodes one JSON object per line of `in` (as DecodeRecords writes them) to records on `out`,
// fixed-length (F) or each after an RDW (V). `lenient` and `keep_spaces` do not apply. An error
// names the line (from 1) and the field.
absl::Status EncodeRecords(const RecordsCommand& command, std::istream& in, std::ostream& out);

}  // namespace dragoman::records

#endif  // DRAGOMAN_SERVER_RECORDS_RECORDS_TOOL_H_
