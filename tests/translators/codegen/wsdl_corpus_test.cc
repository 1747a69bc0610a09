// Corpus conformance: runs the WSDL front end and the proto emitter (generation only) on every
// WSDL under ../shared/corpus/wsdl that declares a wsdl:service, and checks the outcome against
// wsdl_known_failures.txt (the default mode) and wsdl_strict_findings.txt (--strict: the schema
// mistakes the default mode reads past). A WSDL that fails but is not listed (a new failure) or
// is listed but now succeeds (an unexpected pass: remove it from the list) fails the test. Run
// with DRAGOMAN_UPDATE_GOLDEN=1 to rewrite both lists from the current generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/codegen/proto_emitter.h"
#include "translators/codegen/wsdl_frontend.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

namespace fs = std::filesystem;

constexpr char kSeparator[] = " | ";

std::string WsdlRoot() { return StrCat(testing::CorpusDir(), "/wsdl"); }

// The expected outcomes of one mode: where they are kept and what the file says about them.
struct Expectations {
  bool strict;
  const char* file;
  const char* header;
};

constexpr Expectations kDefaultMode = {
    false, "wsdl_known_failures.txt",
    "# WSDLs under ../shared/corpus/wsdl that declare a wsdl:service but dragoman-gen cannot\n"
    "# translate yet, with the first line of the error. Checked by codegen_wsdl_corpus_test:\n"
    "# a failure not listed here, or a listed WSDL that now succeeds, fails the test.\n"
    "# Regenerate with DRAGOMAN_UPDATE_GOLDEN=1 (then review the diff).\n"
    "# <path relative to corpus/wsdl> | <error>\n"};

constexpr Expectations kStrictMode = {
    true, "wsdl_strict_findings.txt",
    "# Corpus WSDLs that reference what they never define (types, elements, prefixes,\n"
    "# messages, portType operations), found by dragoman-gen --strict. The default mode reads\n"
    "# past each of these with a warning. Checked by codegen_wsdl_corpus_test; regenerate with\n"
    "# DRAGOMAN_UPDATE_GOLDEN=1 (then review the diff).\n"
    "# <path relative to corpus/wsdl> | <first finding>\n"};

std::string ExpectationsPath(const Expectations& mode) {
  return StrCat(testing::SourceDir(), "/tests/translators/codegen/", mode.file);
}

// True if the WSDL declares a wsdl:service (WSDLs without one are only imported by others).
bool DeclaresService(const fs::path& path) {
  static const std::regex kService("<([A-Za-z0-9_.-]+:)?service[\\s>]");
  return std::regex_search(testing::ReadFileOrEmpty(path), kService);
}

// Every WSDL under the corpus that declares a service, relative to WsdlRoot(), sorted.
std::vector<std::string> CorpusWsdls() {
  std::vector<std::string> out;
  const fs::path root = WsdlRoot();
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".wsdl") continue;
    if (!DeclaresService(it->path())) continue;
    out.push_back(it->path().lexically_relative(root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The folder a WSDL is counted under: the corpus README's grouping.
std::string FolderOf(const std::string& relative) {
  std::vector<std::string> parts = absl::StrSplit(relative, '/');
  if (parts.size() > 2 && parts[0] == "node-soap") return StrCat(parts[0], "/", parts[1]);
  return parts.size() > 1 ? parts[0] : ".";
}

// Empty when generation succeeds, else the first line of the error with corpus paths made
// relative, so the list does not depend on where the corpus lives. `warnings` counts what the
// default mode read past.
std::string Generate(const std::string& relative, bool strict, size_t* warnings = nullptr) {
  const std::string root = WsdlRoot();
  WsdlOptions options;
  options.strict = strict;
  absl::StatusOr<FileModel> model = BuildModelFromWsdl(StrCat(root, "/", relative), options);
  if (model.ok()) {
    if (warnings != nullptr) *warnings = model->warnings.size();
    const std::string text = EmitProto(*model);
    if (text.empty()) return "EmitProto returned nothing";
    return "";
  }
  std::string message(model.status().message());
  message = message.substr(0, message.find('\n'));
  message = absl::StrReplaceAll(message, {{StrCat(root, "/"), ""}});
  return message.empty() ? std::string(absl::StatusCodeToString(model.status().code())) : message;
}

std::string FormatKnownFailures(const Expectations& mode,
                                const std::map<std::string, std::string>& failures) {
  std::string out = mode.header;
  for (const auto& [path, error] : failures) StrAppend(&out, path, kSeparator, error, "\n");
  return out;
}

// Generates every corpus WSDL in `mode`, prints pass counts per folder and checks the failures
// against the mode's list; returns the WSDLs that generated with warnings.
std::set<std::string> CheckOutcomes(const Expectations& mode) {
  std::set<std::string> warned;
  EXPECT_TRUE(fs::is_directory(WsdlRoot())) << "corpus not found at " << WsdlRoot();
  const std::vector<std::string> wsdls = CorpusWsdls();
  EXPECT_FALSE(wsdls.empty()) << "no WSDL with a service under " << WsdlRoot();

  std::map<std::string, std::string> failures;
  struct Count {
    int total = 0;
    int passed = 0;
  };
  std::map<std::string, Count> per_folder;
  for (const std::string& wsdl : wsdls) {
    size_t warnings = 0;
    const std::string error = Generate(wsdl, mode.strict, &warnings);
    if (warnings > 0) warned.insert(wsdl);
    Count& count = per_folder[FolderOf(wsdl)];
    ++count.total;
    if (error.empty()) {
      ++count.passed;
    } else {
      failures[wsdl] = error;
    }
  }

  int passed = 0;
  std::cout << "WSDL corpus: dragoman-gen" << (mode.strict ? " --strict" : "") << " succeeds on\n";
  for (const auto& [folder, count] : per_folder) {
    std::cout << "  " << folder << ": " << count.passed << "/" << count.total << "\n";
    passed += count.passed;
  }
  std::cout << "  total: " << passed << "/" << wsdls.size() << "\n";
  ::testing::Test::RecordProperty("wsdl_corpus_passed", passed);
  ::testing::Test::RecordProperty("wsdl_corpus_total", static_cast<int>(wsdls.size()));

  const std::string path = ExpectationsPath(mode);
  if (testing::UpdateGolden()) {
    EXPECT_TRUE(testing::WriteFile(path, FormatKnownFailures(mode, failures)));
    std::cout << "updated " << path << "\n";
    return warned;
  }

  const std::string text = testing::ReadFileOrEmpty(path);
  EXPECT_FALSE(text.empty()) << "missing " << path
                             << "; run with DRAGOMAN_UPDATE_GOLDEN=1 to create it";
  const std::map<std::string, std::string> known = testing::ParseKeyedLines(text);

  for (const auto& [wsdl, error] : failures) {
    auto it = known.find(wsdl);
    if (it == known.end()) {
      ADD_FAILURE() << "NEW failure: " << wsdl << "\n  " << error;
    } else if (it->second != error) {
      // Still failing, for a different reason: worth a look, but not a regression.
      std::cout << "note: " << wsdl << " fails differently now\n  was: " << it->second
                << "\n  now: " << error << "\n";
    }
  }
  const std::set<std::string> all(wsdls.begin(), wsdls.end());
  for (const auto& [wsdl, error] : known) {
    if (all.count(wsdl) == 0) {
      ADD_FAILURE() << "stale entry in " << path << ": " << wsdl
                    << " is not a corpus WSDL with a service";
    } else if (failures.count(wsdl) == 0) {
      ADD_FAILURE() << "UNEXPECTED pass: " << wsdl << " now generates; remove it from " << path;
    }
  }
  return warned;
}

TEST(WsdlCorpusTest, OutcomesMatchKnownFailures) { CheckOutcomes(kDefaultMode); }

// Everything --strict refuses, the default mode reads past with a warning (the default mode also
// warns about repairs strict mode makes too, such as unqualified built-in type names).
TEST(WsdlCorpusTest, StrictFindingsAreWarningsByDefault) {
  const std::set<std::string> warned = CheckOutcomes(kDefaultMode);
  CheckOutcomes(kStrictMode);
  for (const auto& [wsdl, error] :
       testing::ParseKeyedLines(testing::ReadFileOrEmpty(ExpectationsPath(kStrictMode)))) {
    EXPECT_EQ(warned.count(wsdl), 1u) << wsdl << " fails --strict but has no warning by default";
  }
}

}  // namespace
}  // namespace dragoman::codegen
