// Elementary items read and written in place: what the generated record translators and the
// records tool see of a field, errors included.
#include "translators/runtime/record_field.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace dragoman::records {
namespace {

using ::testing::HasSubstr;

RecordDialect Dialect(std::string_view page) {
  RecordDialect dialect;
  dialect.code_page = CodePage::Find(page);
  return dialect;
}

FieldLayout Numeric(FieldKind kind, uint32_t offset, uint32_t length, int digits, int scale,
                    bool is_signed) {
  FieldLayout field;
  field.name = "AMOUNT";
  field.kind = kind;
  field.offset = offset;
  field.length = length;
  field.digits = static_cast<uint8_t>(digits);
  field.scale = static_cast<int8_t>(scale);
  field.is_signed = is_signed;
  return field;
}

TEST(RecordFieldTest, TextIsPaddedWithTheCodePagesSpaceAndTrimmedWhenRead) {
  const RecordDialect cp037 = Dialect("cp037");
  FieldLayout name;
  name.name = "NAME";
  name.offset = 2;
  name.length = 5;
  std::string record(8, '\0');
  ASSERT_TRUE(WriteText(name, "Ab", cp037, /*base=*/1, &record).ok());
  EXPECT_EQ(record.substr(3, 5), "\xC1\x82\x40\x40\x40");
  std::string text;
  ASSERT_TRUE(ReadText(name, record, 1, cp037, &text).ok());
  EXPECT_EQ(text, "Ab");

  name.justified = true;
  ASSERT_TRUE(WriteText(name, "Ab", cp037, 1, &record).ok());
  EXPECT_EQ(record.substr(3, 5), "\x40\x40\x40\xC1\x82");
  ASSERT_TRUE(ReadText(name, record, 1, cp037, &text).ok());
  EXPECT_EQ(text, "Ab");
}

TEST(RecordFieldTest, NationalTextIsUtf16BigEndianWithSurrogatePairs) {
  const RecordDialect cp037 = Dialect("cp037");
  FieldLayout name;
  name.name = "NAME-N";
  name.length = 10;
  name.kind = FieldKind::kNational;
  std::string record(10, '\0');
  ASSERT_TRUE(WriteText(name, "\xC3\xA9\xF0\x9F\x98\x80", cp037, 0, &record).ok());  // é😀
  EXPECT_EQ(record, std::string("\x00\xE9\xD8\x3D\xDE\x00\x00\x20\x00\x20", 10));
  std::string text;
  ASSERT_TRUE(ReadText(name, record, 0, cp037, &text).ok());
  EXPECT_EQ(text, "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_THAT(WriteText(name, "abcdef", cp037, 0, &record).message(),
              HasSubstr("field NAME-N at byte 0: holds 6 characters, room for 5"));
}

TEST(RecordFieldTest, PScaledPicturesStoreOnlyTheirDigits) {
  const RecordDialect ascii = Dialect("ascii");
  // PIC 999PPP: thousands.
  const FieldLayout thousands = Numeric(FieldKind::kZoned, 0, 3, 3, -3, false);
  std::string record(3, ' ');
  ASSERT_TRUE(WriteDecimal(thousands, "125000", ascii, 0, &record).ok());
  EXPECT_EQ(record, "125");
  std::string decimal;
  ASSERT_TRUE(ReadDecimal(thousands, record, 0, ascii, &decimal).ok());
  EXPECT_EQ(decimal, "125000");
  EXPECT_THAT(WriteDecimal(thousands, "125001", ascii, 0, &record).message(),
              HasSubstr("P positions"));
  // PIC VPPP999: millionths.
  const FieldLayout small = Numeric(FieldKind::kZoned, 0, 3, 3, 6, false);
  ASSERT_TRUE(WriteDecimal(small, "0.000042", ascii, 0, &record).ok());
  EXPECT_EQ(record, "042");
  ASSERT_TRUE(ReadDecimal(small, record, 0, ascii, &decimal).ok());
  EXPECT_EQ(decimal, "0.000042");
}

TEST(RecordFieldTest, NativeBinaryFollowsTheDialectsByteOrder) {
  RecordDialect dialect = Dialect("ascii");
  const FieldLayout count = Numeric(FieldKind::kNativeBinary, 0, 2, 4, 0, true);
  std::string record(2, '\0');
  ASSERT_TRUE(WriteInt64(count, 258, dialect, 0, &record).ok());
  EXPECT_EQ(record, "\x01\x02");
  dialect.native_little_endian = true;
  ASSERT_TRUE(WriteInt64(count, 258, dialect, 0, &record).ok());
  EXPECT_EQ(record, "\x02\x01");
  int64_t value = 0;
  ASSERT_TRUE(ReadInt64(count, record, 0, dialect, &value).ok());
  EXPECT_EQ(value, 258);
  // COMP (kBinary) stays big-endian whatever the COMP-5 order.
  const FieldLayout comp = Numeric(FieldKind::kBinary, 0, 2, 4, 0, true);
  ASSERT_TRUE(WriteInt64(comp, 258, dialect, 0, &record).ok());
  EXPECT_EQ(record, "\x01\x02");
}

TEST(RecordFieldTest, FloatsReadBackAsTheShortestExactText) {
  const RecordDialect dialect = Dialect("cp037");
  const FieldLayout rate = Numeric(FieldKind::kFloat, 0, 8, 0, 0, true);
  std::string record(8, '\0');
  ASSERT_TRUE(WriteDecimal(rate, "0.1", dialect, 0, &record).ok());
  std::string decimal;
  ASSERT_TRUE(ReadDecimal(rate, record, 0, dialect, &decimal).ok());
  EXPECT_EQ(decimal, "0.1");
}

TEST(RecordFieldTest, ErrorsNameTheFieldItsOffsetAndTheBytesRead) {
  const RecordDialect cp037 = Dialect("cp037");
  const FieldLayout amount = Numeric(FieldKind::kPacked, 1, 3, 5, 2, true);
  const std::string record("\x00\x12\x3A\x5C", 4);
  std::string decimal;
  EXPECT_THAT(ReadDecimal(amount, record, 0, cp037, &decimal).message(),
              HasSubstr("field AMOUNT at byte 1: "));
  EXPECT_THAT(ReadDecimal(amount, record, 0, cp037, &decimal).message(),
              HasSubstr("(bytes 123a5c)"));
  EXPECT_THAT(ReadDecimal(amount, record, 2, cp037, &decimal).message(),
              HasSubstr("the record ends at byte 4"));
  std::string out(4, '\0');
  // PIC S9(3)V99 holds 999.99 at most: 178.765 has a third fraction digit, 1000 a fourth
  // integer digit.
  EXPECT_EQ(WriteDecimal(amount, "178.765", cp037, 0, &out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(WriteDecimal(amount, "1000", cp037, 0, &out).message(),
              HasSubstr("field AMOUNT at byte 1: "));
  EXPECT_TRUE(WriteDecimal(amount, "-999.99", cp037, 0, &out).ok());
  EXPECT_EQ(out.substr(1), "\x99\x99\x9D");
}

TEST(RecordFieldTest, EditedTextReadsAsItsValue) {
  std::string decimal;
  EXPECT_TRUE(EditedToDecimal("  1,234.50CR", &decimal));
  EXPECT_EQ(decimal, "-1234.50");
  EXPECT_TRUE(EditedToDecimal("$***12.00", &decimal));
  EXPECT_EQ(decimal, "12.00");
  EXPECT_FALSE(EditedToDecimal("12X", &decimal));
}

TEST(RecordFieldTest, FastTextPathsKeepTrimmingAndErrorsOfTheFullPath) {
  const RecordDialect ascii = Dialect("ascii");
  FieldLayout name;
  name.name = "NAME";
  name.length = 6;
  // Padding around an undefined byte: the offset is the byte's within the whole item.
  name.justified = true;
  std::string record = "  A\x80  ";
  std::string text;
  absl::Status status = ReadText(name, record, 0, ascii, &text);
  EXPECT_THAT(status.message(), HasSubstr("byte 0x80 at offset 3"));
  name.justified = false;
  status = ReadText(name, record, 0, ascii, &text);
  EXPECT_THAT(status.message(), HasSubstr("byte 0x80 at offset 3"));
  // Padding kept on request, inner spaces always.
  record = " A B  ";
  ASSERT_TRUE(ReadText(name, record, 0, ascii, &text).ok());
  EXPECT_EQ(text, " A B");
  ASSERT_TRUE(ReadText(name, record, 0, ascii, &text, /*keep_padding=*/true).ok());
  EXPECT_EQ(text, " A B  ");
  record = "      ";
  ASSERT_TRUE(ReadText(name, record, 0, ascii, &text).ok());
  EXPECT_EQ(text, "");

  // Non-ASCII text takes the full encoder, refusals leave the item as it was.
  const RecordDialect cp037 = Dialect("cp037");
  record.assign(6, '\x00');
  ASSERT_TRUE(WriteText(name, "\xC3\xA9t\xC3\xA9", cp037, 0, &record).ok());  // "été"
  EXPECT_EQ(record, std::string("\x51\xA3\x51\x40\x40\x40", 6));
  ASSERT_TRUE(ReadText(name, record, 0, cp037, &text).ok());
  EXPECT_EQ(text, "\xC3\xA9t\xC3\xA9");
  EXPECT_THAT(WriteText(name, "\xE2\x82\xAC", cp037, 0, &record).message(), HasSubstr("U+20AC"));
  EXPECT_THAT(WriteText(name, "1234567", cp037, 0, &record).message(),
              HasSubstr("holds 7 characters, room for 6"));
  EXPECT_THAT(WriteText(name, "AB", cp037, 1, &record).message(), HasSubstr("outside"));
  EXPECT_EQ(record, std::string("\x51\xA3\x51\x40\x40\x40", 6));
}

TEST(RecordFieldTest, FastNumericPathsMatchTheDecimalForms) {
  const RecordDialect cp037 = Dialect("cp037");
  const FieldLayout packed = Numeric(FieldKind::kPacked, 1, 4, 7, 2, true);
  std::string record(6, '\0');
  ASSERT_TRUE(WriteDecimal(packed, "-12345.6", cp037, 0, &record).ok());
  EXPECT_EQ(record.substr(1, 4), "\x12\x34\x56\x0D");
  std::string decimal;
  ASSERT_TRUE(ReadDecimal(packed, record, 0, cp037, &decimal).ok());
  EXPECT_EQ(decimal, "-12345.60");
  // Trailing fraction zeros past the scale are not significant; others are refused.
  ASSERT_TRUE(WriteDecimal(packed, "+1.5000", cp037, 0, &record).ok());
  ASSERT_TRUE(ReadDecimal(packed, record, 0, cp037, &decimal).ok());
  EXPECT_EQ(decimal, "1.50");
  EXPECT_THAT(WriteDecimal(packed, "1.505", cp037, 0, &record).message(), HasSubstr("round"));
  EXPECT_THAT(WriteDecimal(packed, "123456", cp037, 0, &record).message(),
              HasSubstr("integer digits"));
  EXPECT_THAT(WriteDecimal(packed, "1e5", cp037, 0, &record).message(), HasSubstr("not a decimal"));
  ASSERT_TRUE(WriteDecimal(packed, "-0.00", cp037, 0, &record).ok());
  EXPECT_EQ(record.substr(1, 4), std::string("\x00\x00\x00\x0C", 4));

  // Integers: scaled by the picture, held to it, refused without a sign.
  ASSERT_TRUE(WriteInt64(packed, -42, cp037, 0, &record).ok());
  ASSERT_TRUE(ReadDecimal(packed, record, 0, cp037, &decimal).ok());
  EXPECT_EQ(decimal, "-42.00");
  EXPECT_FALSE(WriteInt64(packed, 100000, cp037, 0, &record).ok());
  const FieldLayout count = Numeric(FieldKind::kZoned, 0, 3, 3, 0, false);
  ASSERT_TRUE(WriteInt64(count, 7, cp037, 0, &record).ok());
  EXPECT_EQ(record.substr(0, 3), "\xF0\xF0\xF7");
  int64_t value = 0;
  ASSERT_TRUE(ReadInt64(count, record, 0, cp037, &value).ok());
  EXPECT_EQ(value, 7);
  EXPECT_THAT(WriteInt64(count, -7, cp037, 0, &record).message(), HasSubstr("no sign"));
  record[1] = '\xC0';  // a sign zone where a digit goes
  EXPECT_THAT(ReadInt64(count, record, 0, cp037, &value).message(), HasSubstr("where a digit"));

  // Blank when zero still writes and reads spaces.
  FieldLayout blank = Numeric(FieldKind::kZoned, 0, 3, 3, 0, false);
  blank.blank_when_zero = true;
  ASSERT_TRUE(WriteInt64(blank, 0, cp037, 0, &record).ok());
  EXPECT_EQ(record.substr(0, 3), "\x40\x40\x40");
  ASSERT_TRUE(ReadInt64(blank, record, 0, cp037, &value).ok());
  EXPECT_EQ(value, 0);
}

}  // namespace
}  // namespace dragoman::records
