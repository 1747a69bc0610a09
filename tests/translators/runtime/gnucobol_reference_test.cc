// GnuCOBOL as the reference: tests/translators/runtime/data/reference_record.cbl, compiled with
// `cobc -std=ibm`, moves known values into a record of every numeric usage and writes it. The
// record codecs must decode each field to the value COBOL moved, and encode that value to the
// very bytes COBOL wrote. GnuCOBOL keeps DISPLAY data in ASCII (negative zoned digits as
// 'p'-'y'), COMP big-endian and COMP-5 in the machine's (little-endian) order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "translators/runtime/cobol_numeric.h"
#include "translators/runtime/record_field.h"

namespace dragoman::records {
namespace {

enum class Usage { kPacked, kZoned, kBinary, kNative };

struct Field {
  const char* name;
  Usage usage;
  Picture picture;
  ZonedFormat zoned;
  int size;  // bytes
  const char* value;
};

// The record layout of reference_record.cbl and the values its PROCEDURE DIVISION moves.
const Field kFields[] = {
    {"P1", Usage::kPacked, {7, 2, true}, {}, 4, "-12345.67"},
    {"P2", Usage::kPacked, {4, 0, false}, {}, 3, "42"},
    {"Z1", Usage::kZoned, {5, 2, true}, {.ebcdic = false}, 5, "-123.45"},
    {"Z2",
     Usage::kZoned,
     {3, 0, true},
     {.ebcdic = false, .sign_leading = true, .sign_separate = true},
     4,
     "-7"},
    {"Z3", Usage::kZoned, {4, 0, false}, {.ebcdic = false}, 4, "1234"},
    {"B1", Usage::kBinary, {4, 0, true}, {}, 2, "-2"},
    {"B2", Usage::kBinary, {9, 0, true}, {}, 4, "123456789"},
    {"B3", Usage::kBinary, {18, 0, false}, {}, 8, "999999999999999999"},
    {"B5", Usage::kNative, {4, 0, true}, {}, 2, "-300"},
};

std::string ReadRecord() {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("dragoman-refrec-" + std::to_string(getpid())))
          .string();
  const std::string command = std::string("DD_REFOUT=") + path + " " + DRAGOMAN_REFERENCE_PROGRAM;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

TEST(GnuCobolReferenceTest, DecodesWhatCobolMovedAndEncodesTheSameBytes) {
  const std::string record = ReadRecord();
  size_t total = 0;
  for (const Field& field : kFields) total += static_cast<size_t>(field.size);
  ASSERT_EQ(record.size(), total) << "the layout here disagrees with the COBOL record";
  size_t offset = 0;
  for (const Field& field : kFields) {
    SCOPED_TRACE(field.name);
    const std::string bytes = record.substr(offset, static_cast<size_t>(field.size));
    offset += static_cast<size_t>(field.size);
    std::string decoded;
    std::string encoded;
    absl::Status read;
    absl::Status written;
    switch (field.usage) {
      case Usage::kPacked:
        read = DecodePacked(bytes, field.picture, &decoded);
        written = EncodePacked(field.value, field.picture, &encoded);
        break;
      case Usage::kZoned:
        read = DecodeZoned(bytes, field.picture, field.zoned, &decoded);
        written = EncodeZoned(field.value, field.picture, field.zoned, &encoded);
        break;
      case Usage::kBinary:
      case Usage::kNative: {
        const bool big_endian = field.usage == Usage::kBinary;
        const bool limit = field.usage == Usage::kBinary;
        read = DecodeBinary(bytes, field.picture, big_endian, limit, &decoded);
        written = EncodeBinary(field.value, field.picture, field.size, big_endian, limit, &encoded);
        break;
      }
    }
    ASSERT_TRUE(read.ok()) << read;
    ASSERT_TRUE(written.ok()) << written;
    EXPECT_EQ(decoded, field.value);
    EXPECT_EQ(encoded, bytes) << "Dragoman's bytes differ from GnuCOBOL's";
  }
}

// tests/translators/runtime/data/edited_reference.cbl moves numbers into numeric-edited items
// and DISPLAYs them: Dragoman's editing must print the same characters, except where COBOL
// truncated high-order digits (MOVE semantics), which Dragoman refuses instead.
TEST(GnuCobolReferenceTest, NumericEditingPrintsWhatCobolPrints) {
  FILE* pipe = popen(DRAGOMAN_EDITED_REFERENCE_PROGRAM, "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
  ASSERT_EQ(pclose(pipe), 0) << output;
  int compared = 0;
  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipEmpty())) {
    const std::vector<std::string> parts = absl::StrSplit(line, '|');
    ASSERT_EQ(parts.size(), 3u) << line;
    const std::string& picture = parts[0];
    const std::string& value = parts[1];
    const std::string cobol = parts[2].substr(1, parts[2].size() - 2);  // inside [ ]
    SCOPED_TRACE(absl::StrCat("PIC ", picture, " VALUE ", value));
    std::string edited;
    if (picture == "$$$$9") {  // 4 digit positions: COBOL drops the 1 of 12345
      EXPECT_EQ(cobol, "$2345");
      EXPECT_FALSE(EditNumber(picture, value, &edited)) << edited;
      continue;
    }
    ASSERT_TRUE(EditNumber(picture, value, &edited));
    EXPECT_EQ("[" + edited + "]", "[" + cobol + "]");
    std::string decimal;
    if (EditedToDecimal(edited, &decimal) && picture.find('/') == std::string::npos &&
        picture.find('B') == std::string::npos && picture.find('0') == std::string::npos) {
      std::string reread;
      ASSERT_TRUE(EditNumber(picture, decimal, &reread));
      EXPECT_EQ(reread, edited) << "editing the value read back changes it";
    }
    ++compared;
  }
  EXPECT_GE(compared, 25);
}

}  // namespace
}  // namespace dragoman::records
