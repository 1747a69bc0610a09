// `dragoman records decode|encode` on the corpus data files: JSON lines out and records back
// (fixed, RDW, BDW blocks), and errors that say which record, field and bytes.
#include "server/records/records_tool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
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

// Records as a variable-length file carries them: each after an RDW (V), and those in turn in
// blocks after a BDW (VB); decoding either gives back the fixed file's lines.
TEST(RecordsToolTest, VariableAndBlockedRecordsReadAsTheFixedOnes) {
  RecordsCommand command;
  command.copybook = Cobrix("test3/test3_copybook.cob");
  std::string lines;
  ASSERT_TRUE(Decode(command, "test3/TRAN2.AUG31.DATA.dat", &lines).ok());
  command.record_format = "V";
  std::istringstream in(lines);
  std::ostringstream variable;
  ASSERT_TRUE(EncodeRecords(command, in, variable).ok());
  const std::string rdw_records = variable.str();
  ASSERT_EQ(static_cast<uint8_t>(rdw_records[2]) | static_cast<uint8_t>(rdw_records[3]), 0);

  std::istringstream v_in(rdw_records);
  std::ostringstream v_lines;
  ASSERT_TRUE(DecodeRecords(command, v_in, v_lines).ok());
  EXPECT_EQ(v_lines.str(), lines);

  // Two blocks, split at a record boundary: BDW = 2-byte length (header included), 2 zero bytes.
  const size_t framed_size =
      static_cast<uint8_t>(rdw_records[0]) << 8 | static_cast<uint8_t>(rdw_records[1]);
  const size_t split = framed_size * 7;
  std::string blocked;
  for (std::string_view block : {std::string_view(rdw_records).substr(0, split),
                                 std::string_view(rdw_records).substr(split, split)}) {
    const size_t length = block.size() + 4;
    blocked += {static_cast<char>(length >> 8), static_cast<char>(length & 0xFF), 0, 0};
    blocked += block;
  }
  command.record_format = "VB";
  std::istringstream vb_in(blocked);
  std::ostringstream vb_lines;
  ASSERT_TRUE(DecodeRecords(command, vb_in, vb_lines).ok());
  const std::string first_blocks = vb_lines.str();
  EXPECT_EQ(std::count(first_blocks.begin(), first_blocks.end(), '\n'), 14);
  EXPECT_TRUE(lines.starts_with(first_blocks));

  // An RDW whose reserved bytes are set is not an RDW: refused as the framed backend refuses it.
  std::string spanned = rdw_records;
  spanned[2] = 0x01;
  std::istringstream bad(spanned);
  std::ostringstream ignored;
  command.record_format = "V";
  EXPECT_THAT(DecodeRecords(command, bad, ignored).message(),
              HasSubstr("RDW at byte 0: RDW's reserved bytes are not zero"));
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

TEST(RecordsToolTest, AManifestsRulesPickTheRedefinesBranchAndItsCodePageApplies) {
  const std::string manifest = ::testing::TempDir() + "/segments.manifest.yaml";
  std::ofstream(manifest) << "code_page: cp037\n"
                             "redefines:\n"
                             "  COMPANY: \"SEGMENT-ID = 'C'\"\n"
                             "  PERSON: \"SEGMENT-ID = 'P'\"\n"
                             "  PO-BOX: \"SEGMENT-ID = 'B'\"\n";
  RecordsCommand command;
  command.copybook = Cobrix("test16/test16_fix_len_segments.cob");
  command.manifest = manifest;
  std::string out;
  ASSERT_TRUE(Decode(command, "test16/ENTITY.DB.AUG12.DATA.FIX.LEN.dat", &out).ok());
  const std::string first = out.substr(0, out.find('\n'));
  EXPECT_THAT(first, HasSubstr(R"({"SEGMENT-ID":"P","PERSON":{"FIRST-NAME":"Eliana)"));
  EXPECT_EQ(first.find("COMPANY"), std::string::npos);
  EXPECT_EQ(first.find("PO-BOX"), std::string::npos);
  // Without rules every branch is written.
  command.manifest.clear();
  ASSERT_TRUE(Decode(command, "test16/ENTITY.DB.AUG12.DATA.FIX.LEN.dat", &out).ok());
  EXPECT_THAT(out.substr(0, out.find('\n')), HasSubstr(R"("PO-BOX":)"));
}

TEST(RecordsToolTest, VariableOccursRecordsFollowOneAnotherWithoutRdws) {
  RecordsCommand command;
  command.copybook = Cobrix("test21/test21_copybook.cob");
  command.code_page = "ascii";
  command.variable_occurs = true;
  std::string out;
  ASSERT_TRUE(Decode(command, "test21/data.dat", &out).ok());
  EXPECT_EQ(out,
            "{\"COUNT\":0,\"GROUP\":[]}\n"
            "{\"COUNT\":1,\"GROUP\":[{\"INNER-COUNT\":0,\"INNER-GROUP\":[]}]}\n"
            "{\"COUNT\":1,\"GROUP\":[{\"INNER-COUNT\":2,\"INNER-GROUP\":[{\"FIELD\":\"A\"},"
            "{\"FIELD\":\"B\"}]}]}\n"
            "{\"COUNT\":2,\"GROUP\":[{\"INNER-COUNT\":1,\"INNER-GROUP\":[{\"FIELD\":\"A\"}]},"
            "{\"INNER-COUNT\":2,\"INNER-GROUP\":[{\"FIELD\":\"B\"},{\"FIELD\":\"C\"}]}]}\n"
            "{\"COUNT\":2,\"GROUP\":[{\"INNER-COUNT\":1,\"INNER-GROUP\":[{\"FIELD\":\"A\"}]},"
            "{\"INNER-COUNT\":1,\"INNER-GROUP\":[{\"FIELD\":\"B\"}]}]}\n");
}

}  // namespace
}  // namespace dragoman::records
