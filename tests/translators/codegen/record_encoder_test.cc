// Records written from JSON: what the decoder reads, the encoder writes back byte for byte, and
// what does not fit is refused, naming the field.
#include "translators/codegen/record_encoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/codegen/record_decoder.h"

namespace dragoman::codegen {
namespace {

using ::testing::HasSubstr;

CopybookItem Parse(std::string_view text) {
  absl::StatusOr<std::vector<CopybookItem>> parsed = ParseCopybook(text, "test.cpy");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() && !parsed->empty() ? parsed->front() : CopybookItem();
}

TEST(RecordEncoderTest, CorpusRecordsRoundTripByteForByte) {
  const std::string root = testing::CorpusDir() + "/copybooks/cobrix/";
  for (const char* copybook_and_data : {"test3/test3_copybook.cob|test3/TRAN2.AUG31.DATA.dat",
                                        "test9/test9_copybook.cob|test9/TRAN.APR14.NPT.DATA.dat"}) {
    const std::string pair = copybook_and_data;
    const std::string copybook_path = pair.substr(0, pair.find('|'));
    const std::string data = testing::ReadFileOrEmpty(root + pair.substr(pair.find('|') + 1));
    const CopybookItem record = Parse(testing::ReadFileOrEmpty(root + copybook_path));
    const auto size = static_cast<size_t>(record.storage_length);
    ASSERT_GT(size, 0u);
    RecordDecodeOptions decode;
    decode.code_page = records::CodePage::Find("cp037");
    decode.trim = false;
    RecordEncodeOptions encode;
    encode.code_page = decode.code_page;
    int records = 0;
    for (size_t at = 0; at + size <= data.size(); at += size, ++records) {
      const std::string_view original = std::string_view(data).substr(at, size);
      std::string json;
      ASSERT_TRUE(DecodeRecordToJson(record, original, decode, &json).ok()) << at / size;
      std::string bytes;
      absl::Status status = EncodeRecordFromJson(record, json, encode, &bytes);
      ASSERT_TRUE(status.ok()) << status << "\n" << json;
      ASSERT_EQ(bytes, original) << copybook_path << " record " << at / size << ": " << json;
    }
    EXPECT_EQ(records, 1000);
  }
}

TEST(RecordEncoderTest, WritesWhatTheCopybookSaysAndInitializesTheRest) {
  const CopybookItem record = Parse(R"(
       01  ORDER-REC.
           05  ORDER-ID      PIC X(6).
           05  QTY           PIC S9(3) COMP-3.
           05  PRICE         PIC S9(5)V99 COMP.
           05  LINES OCCURS 2.
               10  SKU       PIC X(3).
           05  NOTE          PIC X(4).
)");
  RecordEncodeOptions options;
  options.code_page = records::CodePage::Find("cp037");
  std::string bytes;
  absl::Status status = EncodeRecordFromJson(
      record, R"({"ORDER-ID":"A1","QTY":-12,"PRICE":"12.50","LINES":[{"SKU":"X"}]})", options,
      &bytes);
  ASSERT_TRUE(status.ok()) << status;
  // "A1" padded with EBCDIC spaces, packed -12, binary 1250, one SKU, the rest initialized.
  EXPECT_EQ(bytes, std::string("\xC1\xF1\x40\x40\x40\x40"
                               "\x01\x2D"
                               "\x00\x00\x04\xE2"
                               "\xE7\x40\x40"
                               "\x40\x40\x40"
                               "\x40\x40\x40\x40",
                               22));
}

TEST(RecordEncoderTest, RefusesWhatDoesNotFitNamingTheField) {
  const CopybookItem record = Parse(R"(
       01  R.
           05  CODE          PIC X(2).
           05  AMOUNT        PIC 9(2)V9.
)");
  RecordEncodeOptions options;
  options.code_page = records::CodePage::Find("cp037");
  std::string bytes;
  EXPECT_THAT(EncodeRecordFromJson(record, R"({"CODE":"ABC"})", options, &bytes).message(),
              HasSubstr("field CODE at byte 0: holds 3 characters, room for 2"));
  EXPECT_THAT(EncodeRecordFromJson(record, R"({"AMOUNT":178.7})", options, &bytes).message(),
              HasSubstr("field AMOUNT at byte 2: needs 3 integer digits"));
  EXPECT_THAT(EncodeRecordFromJson(record, R"({"CODE":"\u20ac"})", options, &bytes).message(),
              HasSubstr("U+20AC"));
  EXPECT_THAT(EncodeRecordFromJson(record, R"({"CODE":"A",})", options, &bytes).message(),
              HasSubstr("JSON at offset"));
  EXPECT_THAT(EncodeRecordFromJson(record, std::string(100, '['), options, &bytes).message(),
              HasSubstr("nested too deeply"));
}

}  // namespace
}  // namespace dragoman::codegen
