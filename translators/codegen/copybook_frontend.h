// Copybook front end: builds the generator's model from COBOL copybooks and a service
// manifest. Every layout decision (offsets, lengths, scales, the record's initial bytes, the
// items that counters and discriminators read) is taken here and written into the .proto's
// (dragoman.cobol_*) options, so the translators only follow them.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_COPYBOOK_FRONTEND_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_COPYBOOK_FRONTEND_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dragoman/manifest.pb.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/codegen/model.h"

namespace dragoman::codegen {

// Choices the user makes on the command line.
struct CopybookGenOptions {
  // The service manifest (YAML); without one, the .proto declares the records' messages only.
  std::string manifest_path;
  // Output file name; "<copybook stem>.proto" when empty.
  std::string proto_file;
  // Free-format source instead of fixed columns.
  bool free_format = false;
  // Directories searched for COPY members, after those of the manifest and the copybook's own.
  std::vector<std::string> include_paths;
};

// Reads a manifest file. InvalidArgument names the file and the offending key's path.
absl::StatusOr<manifest::Manifest> LoadManifest(const std::string& path);

// Reads a copybook with its COPY members expanded (searched beside the copybook, then in
// `include_paths`; nested up to 16 deep). NotFound names the member and where it looked.
absl::StatusOr<std::string> ReadCopybookSource(const std::string& path,
                                               const std::vector<std::string>& include_paths,
                                               bool free_format);

// The layout options a manifest's dialect and overrides stand for.
struct RecordDialectChoice {
  std::string code_page = "cp037";
  bool ibm_float = true;
  bool native_little_endian = false;
  bool one_byte_binary = false;
  std::string dialect = "ibm";
};
absl::StatusOr<RecordDialectChoice> DialectOf(const manifest::Manifest& manifest);

// Maps the level 01 records of `copybook_path` to messages and, with a manifest, its methods
// to a service. InvalidArgument or Unimplemented name the file, line and item.
absl::StatusOr<FileModel> BuildModelFromCopybook(const std::string& copybook_path,
                                                 const CopybookGenOptions& options);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_COPYBOOK_FRONTEND_H_
