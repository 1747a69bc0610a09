// dragoman-gen copybook: the .proto written for the example and test copybook services
// (golden files), every copybook of the corpus turned into a .proto protoc accepts, and the
// manifest mistakes a user makes reported with where they are.
#include "translators/codegen/copybook_frontend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/codegen/proto_emitter.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

using testing::CorpusDir;
using ::testing::HasSubstr;
using testing::ReadFileOrEmpty;
using testing::RunProtoc;
using testing::ScratchDir;
using testing::SourceDir;

struct GoldenCase {
  const char* name;
  const char* copybook;
  const char* manifest;
};

const GoldenCase kGoldenCases[] = {
    // The example: a COMMAREA both ways, reply rules, an OCCURS DEPENDING ON schedule.
    {"loancalc", "schemas/loans/loancalc.cpy", "schemas/loans/loancalc.manifest.yaml"},
    // Every construct the record translators map, REDEFINES rules, defaults, redaction.
    {"records", "tests/translators/generated/records.cpy",
     "tests/translators/generated/records.manifest.yaml"},
};

class CopybookGoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(CopybookGoldenTest, MatchesGoldenFileAndProtocAcceptsIt) {
  const GoldenCase& c = GetParam();
  CopybookGenOptions options;
  options.manifest_path = StrCat(SourceDir(), "/", c.manifest);
  absl::StatusOr<FileModel> model =
      BuildModelFromCopybook(StrCat(SourceDir(), "/", c.copybook), options);
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string actual = EmitProto(*model);
  EXPECT_EQ(testing::CheckGolden(actual, StrCat(SourceDir(), "/tests/translators/codegen/golden/",
                                                c.name, ".proto.golden")),
            "");
  ScratchDir dir;
  dir.Write(model->file_name, actual);
  const testing::CommandResult result = RunProtoc(dir.path(), model->file_name);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

INSTANTIATE_TEST_SUITE_P(Services, CopybookGoldenTest, ::testing::ValuesIn(kGoldenCases),
                         [](const ::testing::TestParamInfo<GoldenCase>& p) {
                           return std::string(p.param.name);
                         });

// Every copybook of the corpus (cb2xml, Cobrix, IBM's GENAPP, CardDemo) maps to messages
// protoc accepts, or fails with a message naming the construct; known failures are listed
// with their reason and must stay failures.
TEST(CopybookCorpusTest, EveryCorpusCopybookMapsToAProtoProtocAccepts) {
  const std::map<std::string, std::string> known_failures = {};
  int mapped = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(StrCat(CorpusDir(), "/copybooks"))) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".cpy" || ext == ".cob" || ext == ".cbl")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 30u);
  for (const std::filesystem::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string relative = std::filesystem::relative(file, CorpusDir()).string();
    CopybookGenOptions options;
    absl::StatusOr<FileModel> model = BuildModelFromCopybook(file.string(), options);
    if (!model.ok()) {
      // A program (PROCEDURE DIVISION) rather than a copybook is not a generator input.
      EXPECT_TRUE(known_failures.count(relative) > 0) << relative << ": " << model.status();
      continue;
    }
    EXPECT_EQ(known_failures.count(relative), 0u) << relative << " passes now: unlist it";
    ScratchDir dir;
    dir.Write(model->file_name, EmitProto(*model));
    const testing::CommandResult result = RunProtoc(dir.path(), model->file_name);
    EXPECT_EQ(result.exit_code, 0) << relative << ":\n" << result.output;
    ++mapped;
  }
  std::cout << mapped << " of " << files.size() << " corpus copybooks map to a .proto\n";
}

class ManifestErrorTest : public ::testing::Test {
 protected:
  absl::Status Generate(std::string_view manifest) {
    const std::string path = StrCat(dir_.path().string(), "/m.manifest.yaml");
    std::ofstream(path) << manifest;
    CopybookGenOptions options;
    options.manifest_path = path;
    return BuildModelFromCopybook(StrCat(SourceDir(), "/schemas/loans/loancalc.cpy"), options)
        .status();
  }

  ScratchDir dir_;
};

TEST_F(ManifestErrorTest, MistakesNameWhereTheyAre) {
  EXPECT_THAT(Generate("methodz: []\n").message(), HasSubstr("methodz: unknown key"));
  EXPECT_THAT(Generate("methods: [{program: P, request: NOPE, reply: LOAN-COMMAREA}]\n").message(),
              HasSubstr("methods[0]: no level 01 record 'NOPE'"));
  EXPECT_THAT(Generate("code_page: cp999\n").message(), HasSubstr("unknown code page 'cp999'"));
  EXPECT_THAT(Generate("methods: [{program: P, transaction: TOOLONGXX, request: LOAN-COMMAREA, "
                       "reply: LOAN-COMMAREA}]\n")
                  .message(),
              HasSubstr("transaction: at most 8 characters"));
  EXPECT_THAT(Generate("methods: [{program: P, request: LOAN-COMMAREA, reply: LOAN-COMMAREA, "
                       "errors: [{when: \"LC-RETURN-CODE = 4\", status: NOPE}]}]\n")
                  .message(),
              HasSubstr("errors[0].status: 'NOPE' is not a gRPC status"));
  EXPECT_THAT(Generate("methods: [{program: P, request: LOAN-COMMAREA, reply: LOAN-COMMAREA, "
                       "errors: [{when: \"LC-RETURN-CODE = 'X'\", status: NOT_FOUND}]}]\n")
                  .message(),
              HasSubstr("LC-RETURN-CODE is numeric: write its values unquoted"));
  EXPECT_THAT(Generate("methods: [{program: P, request: LOAN-COMMAREA, reply: LOAN-COMMAREA, "
                       "errors: [{when: \"LC-SCHED-MONTH = 1\", status: NOT_FOUND}]}]\n")
                  .message(),
              HasSubstr("lies in a table"));
  EXPECT_THAT(Generate("defaults: {LC-TERM-MONTHS: \"1000\"}\n").message(),
              HasSubstr("defaults.LC-TERM-MONTHS"));
}

TEST(CopybookSourceTest, CopyMembersResolveFromIncludePaths) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.path() / "members");
  dir.Write("members/ADDRESS.cpy",
            "           05  STREET              PIC X(20).\n"
            "           05  CITY                PIC X(10).\n");
  dir.Write("main.cpy",
            "       01  CUSTOMER.\n"
            "           05  NAME                PIC X(10).\n"
            "           COPY ADDRESS.\n");
  CopybookGenOptions options;
  options.include_paths = {(dir.path() / "members").string()};
  absl::StatusOr<FileModel> model =
      BuildModelFromCopybook((dir.path() / "main.cpy").string(), options);
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->messages.size(), 1u);
  ASSERT_EQ(model->messages[0].fields.size(), 3u);
  EXPECT_EQ(model->messages[0].fields[2].cobol.name(), "CITY");
  EXPECT_EQ(model->messages[0].fields[2].cobol.offset(), 30u);
  options.include_paths.clear();
  EXPECT_THAT(
      BuildModelFromCopybook((dir.path() / "main.cpy").string(), options).status().message(),
      HasSubstr("COPY member ADDRESS is in none of"));
}

}  // namespace
}  // namespace dragoman::codegen
