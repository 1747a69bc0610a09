#include "tests/translators/codegen/codegen_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen::testing {

namespace fs = std::filesystem;

// Build-time defaults (CMakeLists.txt); the environment overrides them.
#ifndef DRAGOMAN_TEST_SOURCE_DIR
#define DRAGOMAN_TEST_SOURCE_DIR "."
#endif
#ifndef DRAGOMAN_TEST_CORPUS_DIR
#define DRAGOMAN_TEST_CORPUS_DIR ""
#endif
#ifndef DRAGOMAN_TEST_PROTOC
#define DRAGOMAN_TEST_PROTOC "protoc"
#endif
#ifndef DRAGOMAN_TEST_PROTOBUF_INCLUDE
#define DRAGOMAN_TEST_PROTOBUF_INCLUDE "/usr/include"
#endif

ScratchDir::ScratchDir() {
  std::string pattern = (fs::temp_directory_path() / "dragoman_codegen_test_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) abort();
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ScratchDir::Write(std::string_view relative, std::string_view text) const {
  const fs::path full = path_ / relative;
  std::error_code ec;
  fs::create_directories(full.parent_path(), ec);
  if (!WriteFile(full, text)) abort();
  return full.string();
}

std::string ReadFileOrEmpty(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(out.flush());
}

std::string Env(const char* name, std::string_view fallback) {
  const char* value = getenv(name);
  if (value == nullptr || *value == '\0') return std::string(fallback);
  return value;
}

std::string SourceDir() { return Env("DRAGOMAN_SOURCE_DIR", DRAGOMAN_TEST_SOURCE_DIR); }

std::string CorpusDir() {
  const std::string built_in = DRAGOMAN_TEST_CORPUS_DIR;
  return Env("DRAGOMAN_CORPUS_DIR",
             built_in.empty() ? StrCat(SourceDir(), "/../shared/corpus") : built_in);
}

bool UpdateGolden() { return Env("DRAGOMAN_UPDATE_GOLDEN") == "1"; }

std::string CheckGolden(std::string_view actual, const fs::path& path) {
  if (UpdateGolden()) {
    return WriteFile(path, actual) ? "" : absl::StrCat("cannot write ", path.string());
  }
  const std::string golden = ReadFileOrEmpty(path);
  if (golden.empty()) {
    return absl::StrCat("missing ", path.string(),
                        "; run with DRAGOMAN_UPDATE_GOLDEN=1 to create it");
  }
  if (golden == actual) return "";
  const std::vector<std::string> want = absl::StrSplit(golden, '\n');
  const std::vector<std::string> got = absl::StrSplit(ToAbsl(actual), '\n');
  size_t line = 0;
  while (line < want.size() && line < got.size() && want[line] == got[line]) ++line;
  return absl::StrCat(path.string(), ":", line + 1,
                      " differs (rerun with DRAGOMAN_UPDATE_GOLDEN=1 if the change is intended)",
                      "\n  golden: ", line < want.size() ? want[line] : "(end of file)",
                      "\n  actual: ", line < got.size() ? got[line] : "(end of file)");
}

int LineOf(std::string_view text, std::string_view needle) {
  const size_t at = text.find(needle);
  if (at == std::string_view::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(StrCat(command, " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::map<std::string, std::string> ParseKeyedLines(std::string_view text) {
  constexpr absl::string_view kSeparator = " | ";
  std::map<std::string, std::string> entries;
  for (absl::string_view line : absl::StrSplit(ToAbsl(text), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const size_t sep = line.find(kSeparator);
    const absl::string_view key = line.substr(0, sep);
    const absl::string_view value =
        sep == absl::string_view::npos ? "" : line.substr(sep + kSeparator.size());
    entries[std::string(absl::StripAsciiWhitespace(key))] = std::string(value);
  }
  return entries;
}

namespace {
// Single-quotes `arg` for the shell.
std::string Quote(std::string_view arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}
}  // namespace

CommandResult RunProtoc(const fs::path& dir, std::string_view proto_file) {
  const std::string command =
      StrCat(Quote(Env("DRAGOMAN_PROTOC", DRAGOMAN_TEST_PROTOC)), " -I", Quote(dir.string()), " -I",
             Quote(StrCat(SourceDir(), "/proto")), " -I",
             Quote(Env("DRAGOMAN_GOOGLEAPIS_DIR", DRAGOMAN_TEST_GOOGLEAPIS_DIR)), " -I",
             Quote(Env("DRAGOMAN_PROTOBUF_INCLUDE", DRAGOMAN_TEST_PROTOBUF_INCLUDE)),
             " --descriptor_set_out=/dev/null ", Quote((dir / proto_file).string()));
  return RunCommand(command);
}

}  // namespace dragoman::codegen::testing
