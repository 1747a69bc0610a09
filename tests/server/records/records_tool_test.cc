// `dragoman records decode` on the corpus data files: JSON lines out, and errors that say
// which record, field and bytes.
#include "server/records/records_tool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/translators/codegen/codegen_test_util.h"

namespace dragoman::records {
namespace {

using ::testing::HasSubstr;

std::string Cobrix(std::string_view path) {
  return codegen::testing::CorpusDir() + "/copybooks/cobrix/" + std::string(path);
}

absl::Status Decode(const RecordsCommand& command, std::string_view data_file, std::string* out) {
  std::ifstream in(Cobrix(data_file), std::ios::binary);
  std::ostringstream lines;
  absl::Status status = DecodeRecords(command, in, lines);
  *out = lines.str();
  return status;
}

TEST(RecordsToolTest, DecodesEveryFixedRecordToAJsonLine) {
  RecordsCommand command;
  command.copybook = Cobrix("test3/test3_copybook.cob");
  std::string out;
  ASSERT_TRUE(Decode(command, "test3/TRAN2.AUG31.DATA.dat", &out).ok());
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1000);
  EXPECT_THAT(out, HasSubstr(R"({"CURRENCY":")"));
  EXPECT_THAT(out, HasSubstr(R"("AMOUNT":)"));
}

TEST(RecordsToolTest, ErrorsNameTheRecordFieldOffsetAndBytes) {
  RecordsCommand command;
  command.copybook = Cobrix("test19/test19_display_num.cob");
  std::string out;
  absl::Status status = Decode(command, "test19/data.dat", &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  // The sixth record's date is spaces.
  EXPECT_THAT(status.message(), HasSubstr("record 6: field WS-DATE-NUM at byte 0"));
  EXPECT_THAT(status.message(), HasSubstr("(bytes 4040404040404040)"));
  command.lenient = true;
  ASSERT_TRUE(Decode(command, "test19/data.dat", &out).ok());
  EXPECT_THAT(out, HasSubstr(R"({"WS-DATE-NUM":null,)"));
}

TEST(RecordsToolTest, EncodeWritesBackTheRecordsDecodeRead) {
  RecordsCommand command;
  command.copybook = Cobrix("test9/test9_copybook.cob");
  command.keep_spaces = true;
  std::string lines;
  ASSERT_TRUE(Decode(command, "test9/TRAN.APR14.NPT.DATA.dat", &lines).ok());
  std::istringstream in(lines);
  std::ostringstream bytes;
  ASSERT_TRUE(EncodeRecords(command, in, bytes).ok());
  std::ifstream original(Cobrix("test9/TRAN.APR14.NPT.DATA.dat"), std::ios::binary);
  std::stringstream expected;
  expected << original.rdbuf();
  EXPECT_EQ(bytes.str(), expected.str());

  std::istringstream bad("{\"CURRENCY\":\"TOOLONG\"}\n");
  std::ostringstream ignored;
  EXPECT_THAT(EncodeRecords(command, bad, ignored).message(),
              HasSubstr("line 1: field CURRENCY at byte 0: holds 7 characters, room for 3"));
}

TEST(RecordsToolTest, RefusesWhatItCannotRead) {
  RecordsCommand command;
  command.copybook = Cobrix("test19/test19_display_num.cob");
  command.code_page = "cp9999";
  std::string out;
  EXPECT_THAT(Decode(command, "test19/data.dat", &out).message(), HasSubstr("unknown code page"));
  command.code_page = "cp037";
  command.record_format = "V";
  EXPECT_THAT(Decode(command, "test19/data.dat", &out).message(), HasSubstr("RDW at byte 0"));
}

}  // namespace
}  // namespace dragoman::records
