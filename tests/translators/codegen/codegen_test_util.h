// Helpers shared by the generator tests: scratch directories, files, the environment the
// CMake test registration passes, and running protoc on generated .proto text.
#ifndef DRAGOMAN_TESTS_TRANSLATORS_CODEGEN_CODEGEN_TEST_UTIL_H_
#define DRAGOMAN_TESTS_TRANSLATORS_CODEGEN_CODEGEN_TEST_UTIL_H_

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace dragoman::codegen::testing {

// A fresh directory under the system temp directory, removed (with its contents) on
// destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to `relative` (parent directories created) and returns its full path.
  std::string Write(std::string_view relative, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

// The whole file, or an empty string when it cannot be read.
std::string ReadFileOrEmpty(const std::filesystem::path& path);
// Writes `text` to `path`; false on failure.
bool WriteFile(const std::filesystem::path& path, std::string_view text);
// The entries of a known-failures list: "<key> | <text>" per line, blank and '#' lines
// skipped; key -> text (empty for a line without " | ").
std::map<std::string, std::string> ParseKeyedLines(std::string_view text);

// Value of an environment variable, or `fallback` when unset or empty.
std::string Env(const char* name, std::string_view fallback = "");
// The project root: DRAGOMAN_SOURCE_DIR, else the source directory CMake configured.
std::string SourceDir();
// The conformance corpus: DRAGOMAN_CORPUS_DIR, else CMake's DRAGOMAN_CORPUS_DIR cache value,
// else <source>/../shared/corpus.
std::string CorpusDir();
// True when DRAGOMAN_UPDATE_GOLDEN=1: golden files are rewritten instead of compared.
bool UpdateGolden();
// Compares `actual` with the golden file at `path` (which DRAGOMAN_UPDATE_GOLDEN=1 rewrites
// instead). Returns what is wrong, naming the first differing line, or "" when it matches or
// was rewritten.
std::string CheckGolden(std::string_view actual, const std::filesystem::path& path);

// The 1-based line of the first occurrence of `needle` in `text`; 0 when absent.
int LineOf(std::string_view text, std::string_view needle);

// Result of running a command.
struct CommandResult {
  int exit_code = -1;
  // stdout and stderr together.
  std::string output;
};
// Runs `command` through the shell.
CommandResult RunCommand(const std::string& command);

// Runs protoc on `proto_file` (a path inside `dir`) with the include paths the build uses
// (`dir`, <source>/proto, the protobuf include directory), writing the descriptor set to
// /dev/null. protoc and the protobuf include directory come from DRAGOMAN_PROTOC and
// DRAGOMAN_PROTOBUF_INCLUDE, else from the values CMake found.
CommandResult RunProtoc(const std::filesystem::path& dir, std::string_view proto_file);

}  // namespace dragoman::codegen::testing

#endif  // DRAGOMAN_TESTS_TRANSLATORS_CODEGEN_CODEGEN_TEST_UTIL_H_
