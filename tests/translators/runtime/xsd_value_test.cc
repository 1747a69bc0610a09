#include "translators/runtime/xsd_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace dragoman::xsd {
namespace {

std::string Int(int64_t value) {
  std::string out;
  AppendInt(value, &out);
  return out;
}

std::string Uint(uint64_t value) {
  std::string out;
  AppendUint(value, &out);
  return out;
}

std::string Double(double value) {
  std::string out;
  AppendDouble(value, &out);
  return out;
}

std::string Float(float value) {
  std::string out;
  AppendFloat(value, &out);
  return out;
}

TEST(TypeNameTest, NamesBuiltInTypes) {
  EXPECT_EQ(TypeName(XSD_INT), "xsd:int");
  EXPECT_EQ(TypeName(XSD_UNSIGNED_LONG), "xsd:unsignedLong");
  EXPECT_EQ(TypeName(XSD_DATE_TIME), "xsd:dateTime");
  EXPECT_EQ(TypeName(XSD_G_MONTH_DAY), "xsd:gMonthDay");
  EXPECT_EQ(TypeName(XSD_BASE64_BINARY), "xsd:base64Binary");
  EXPECT_EQ(TypeName(XSD_NCNAME), "xsd:NCName");
}

TEST(TrimWhitespaceTest, StripsOnlyXmlWhitespace) {
  EXPECT_EQ(TrimWhitespace(" \t\r\n a b \n"), "a b");
  EXPECT_EQ(TrimWhitespace("   "), "");
  EXPECT_EQ(TrimWhitespace("\xC2\xA0x"), "\xC2\xA0x");  // NBSP is not XML whitespace
}

TEST(IntegerTest, FormatsExtremes) {
  EXPECT_EQ(Int(0), "0");
  EXPECT_EQ(Int(-1), "-1");
  EXPECT_EQ(Int(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(Int(std::numeric_limits<int64_t>::max()), "9223372036854775807");
  EXPECT_EQ(Uint(std::numeric_limits<uint64_t>::max()), "18446744073709551615");
  std::string out = "x=";
  AppendBool(true, &out);
  AppendBool(false, &out);
  EXPECT_EQ(out, "x=truefalse");
}

TEST(IntegerTest, ParsesSignedLiterals) {
  struct Case {
    XsdType type;
    std::string_view text;
    int64_t value;
  };
  const Case cases[] = {
      {XSD_LONG, "0", 0},
      {XSD_LONG, "-0", 0},
      {XSD_LONG, "+0", 0},
      {XSD_LONG, "007", 7},
      {XSD_LONG, "+42", 42},
      {XSD_LONG, " \n\t-42\r ", -42},
      {XSD_LONG, "-9223372036854775808", std::numeric_limits<int64_t>::min()},
      {XSD_LONG, "9223372036854775807", std::numeric_limits<int64_t>::max()},
      {XSD_INT, "-2147483648", std::numeric_limits<int32_t>::min()},
      {XSD_INT, "2147483647", std::numeric_limits<int32_t>::max()},
      {XSD_SHORT, "-32768", -32768},
      {XSD_SHORT, "32767", 32767},
      {XSD_BYTE, "-128", -128},
      {XSD_BYTE, "127", 127},
      {XSD_INTEGER, "-9223372036854775808", std::numeric_limits<int64_t>::min()},
      {XSD_NON_POSITIVE_INTEGER, "-0", 0},
      {XSD_NEGATIVE_INTEGER, "-1", -1},
      {XSD_NON_NEGATIVE_INTEGER, "0", 0},
      {XSD_POSITIVE_INTEGER, "1", 1},
      {XSD_UNSIGNED_INT, "4294967295", 4294967295},
  };
  for (const Case& c : cases) {
    int64_t value = 12345;
    EXPECT_TRUE(ParseSigned(c.type, c.text, &value)) << TypeName(c.type) << " " << c.text;
    EXPECT_EQ(value, c.value) << TypeName(c.type) << " " << c.text;
  }
}

TEST(IntegerTest, RejectsBadOrOutOfRangeSignedLiterals) {
  struct Case {
    XsdType type;
    std::string_view text;
  };
  const Case cases[] = {
      {XSD_LONG, ""},
      {XSD_LONG, " "},
      {XSD_LONG, "+"},
      {XSD_LONG, "-"},
      {XSD_LONG, "+-1"},
      {XSD_LONG, "-+1"},
      {XSD_LONG, "--1"},
      {XSD_LONG, "1 2"},
      {XSD_LONG, "1.0"},
      {XSD_LONG, "1e3"},
      {XSD_LONG, "0x10"},
      {XSD_LONG, "12a"},
      {XSD_LONG, "\xD9\xA1"},  // ARABIC-INDIC DIGIT ONE
      {XSD_LONG, "9223372036854775808"},
      {XSD_LONG, "-9223372036854775809"},
      {XSD_LONG, "99999999999999999999999"},
      {XSD_INT, "2147483648"},
      {XSD_INT, "-2147483649"},
      {XSD_SHORT, "32768"},
      {XSD_SHORT, "-32769"},
      {XSD_BYTE, "128"},
      {XSD_BYTE, "-129"},
      {XSD_NON_POSITIVE_INTEGER, "1"},
      {XSD_NEGATIVE_INTEGER, "0"},
      {XSD_NON_NEGATIVE_INTEGER, "-1"},
      {XSD_POSITIVE_INTEGER, "0"},
      {XSD_UNSIGNED_BYTE, "-1"},
      {XSD_UNSIGNED_BYTE, "256"},
      {XSD_STRING, "1"},
  };
  for (const Case& c : cases) {
    int64_t value = 12345;
    EXPECT_FALSE(ParseSigned(c.type, c.text, &value)) << TypeName(c.type) << " " << c.text;
    EXPECT_EQ(value, 12345);
  }
}

TEST(IntegerTest, ParsesUnsignedLiterals) {
  uint64_t value = 0;
  ASSERT_TRUE(ParseUnsigned(XSD_UNSIGNED_LONG, "18446744073709551615", &value));
  EXPECT_EQ(value, std::numeric_limits<uint64_t>::max());
  ASSERT_TRUE(ParseUnsigned(XSD_UNSIGNED_LONG, " +0018 ", &value));
  EXPECT_EQ(value, 18u);
  // "-0" is a valid literal of the unsigned types.
  ASSERT_TRUE(ParseUnsigned(XSD_UNSIGNED_INT, "-0", &value));
  EXPECT_EQ(value, 0u);
  ASSERT_TRUE(ParseUnsigned(XSD_UNSIGNED_BYTE, "255", &value));
  EXPECT_EQ(value, 255u);
  ASSERT_TRUE(ParseUnsigned(XSD_UNSIGNED_SHORT, "65535", &value));
  EXPECT_EQ(value, 65535u);
  ASSERT_TRUE(ParseUnsigned(XSD_UNSIGNED_INT, "4294967295", &value));
  EXPECT_EQ(value, 4294967295u);
  ASSERT_TRUE(ParseUnsigned(XSD_NON_NEGATIVE_INTEGER, "18446744073709551615", &value));

  for (std::string_view bad :
       {"", "-", "+", "-1", "--0", "+-0", "18446744073709551616", "1.5", "1 2", "\t", "0x1"}) {
    value = 7;
    EXPECT_FALSE(ParseUnsigned(XSD_UNSIGNED_LONG, bad, &value)) << bad;
    EXPECT_EQ(value, 7u);
  }
  EXPECT_FALSE(ParseUnsigned(XSD_UNSIGNED_BYTE, "256", &value));
  EXPECT_FALSE(ParseUnsigned(XSD_UNSIGNED_SHORT, "65536", &value));
  EXPECT_FALSE(ParseUnsigned(XSD_UNSIGNED_INT, "4294967296", &value));
  EXPECT_FALSE(ParseUnsigned(XSD_POSITIVE_INTEGER, "0", &value));
}

TEST(IntegerTest, RangesPerType) {
  EXPECT_TRUE(InSignedRange(XSD_BYTE, -128));
  EXPECT_FALSE(InSignedRange(XSD_BYTE, 128));
  EXPECT_TRUE(InSignedRange(XSD_INT, std::numeric_limits<int32_t>::max()));
  EXPECT_FALSE(InSignedRange(XSD_INT, int64_t{std::numeric_limits<int32_t>::max()} + 1));
  EXPECT_TRUE(InSignedRange(XSD_LONG, std::numeric_limits<int64_t>::min()));
  EXPECT_FALSE(InSignedRange(XSD_UNSIGNED_INT, -1));
  EXPECT_TRUE(InSignedRange(XSD_UNSIGNED_SHORT, 65535));
  EXPECT_FALSE(InSignedRange(XSD_UNSIGNED_SHORT, 65536));
  EXPECT_FALSE(InSignedRange(XSD_NEGATIVE_INTEGER, 0));
  EXPECT_FALSE(InSignedRange(XSD_DECIMAL, 0));

  EXPECT_TRUE(InUnsignedRange(XSD_UNSIGNED_LONG, std::numeric_limits<uint64_t>::max()));
  EXPECT_FALSE(InUnsignedRange(XSD_UNSIGNED_BYTE, 256));
  EXPECT_TRUE(InUnsignedRange(XSD_LONG, std::numeric_limits<int64_t>::max()));
  EXPECT_FALSE(InUnsignedRange(XSD_LONG, uint64_t{std::numeric_limits<int64_t>::max()} + 1));
  EXPECT_FALSE(InUnsignedRange(XSD_BYTE, 128));
  EXPECT_TRUE(InUnsignedRange(XSD_NON_POSITIVE_INTEGER, 0));
  EXPECT_FALSE(InUnsignedRange(XSD_NEGATIVE_INTEGER, 0));
}

TEST(BoolTest, ParsesTheFourLiterals) {
  bool value = false;
  ASSERT_TRUE(ParseBool("true", &value));
  EXPECT_TRUE(value);
  ASSERT_TRUE(ParseBool(" 0\n", &value));
  EXPECT_FALSE(value);
  ASSERT_TRUE(ParseBool("1", &value));
  EXPECT_TRUE(value);
  ASSERT_TRUE(ParseBool("false", &value));
  EXPECT_FALSE(value);
  for (std::string_view bad : {"", "True", "TRUE", "yes", "2", "t", "01", "-0"}) {
    EXPECT_FALSE(ParseBool(bad, &value)) << bad;
  }
}

TEST(DoubleTest, FormatsShortestRoundTrip) {
  EXPECT_EQ(Double(0.1), "0.1");
  EXPECT_EQ(Double(1.5), "1.5");
  EXPECT_EQ(Double(-0.0), "-0");
  EXPECT_EQ(Double(1e308), "1e+308");
  EXPECT_EQ(Double(std::numeric_limits<double>::infinity()), "INF");
  EXPECT_EQ(Double(-std::numeric_limits<double>::infinity()), "-INF");
  EXPECT_EQ(Double(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(Float(0.1f), "0.1");
  EXPECT_EQ(Float(std::numeric_limits<float>::infinity()), "INF");
}

TEST(DoubleTest, FormattedValuesParseBackExactly) {
  const double doubles[] = {0.0,
                            -0.0,
                            0.1,
                            1.0 / 3.0,
                            123456789012345678.0,
                            1e308,
                            std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::min(),
                            std::numeric_limits<double>::denorm_min(),
                            -2.5e-300,
                            std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity()};
  for (double d : doubles) {
    double parsed = 42;
    ASSERT_TRUE(ParseDouble(Double(d), &parsed)) << Double(d);
    EXPECT_EQ(parsed, d) << Double(d);
    EXPECT_EQ(std::signbit(parsed), std::signbit(d)) << Double(d);
  }
  const float floats[] = {0.1f,
                          1.0f / 3.0f,
                          16777217.0f,
                          std::numeric_limits<float>::max(),
                          std::numeric_limits<float>::denorm_min(),
                          -0.0f};
  for (float f : floats) {
    float parsed = 42;
    ASSERT_TRUE(ParseFloat(Float(f), &parsed)) << Float(f);
    EXPECT_EQ(parsed, f) << Float(f);
    EXPECT_EQ(std::signbit(parsed), std::signbit(f)) << Float(f);
  }
  double nan = 0;
  ASSERT_TRUE(ParseDouble(Double(std::numeric_limits<double>::quiet_NaN()), &nan));
  EXPECT_TRUE(std::isnan(nan));
}

TEST(DoubleTest, ParsesXsdLexicalForms) {
  struct Case {
    std::string_view text;
    double value;
  };
  const Case cases[] = {
      {"1", 1},        {"-1", -1},          {"+1", 1},         {"1.", 1},        {".5", 0.5},
      {"-.5", -0.5},   {"1.5E2", 150},      {"1.5e-2", 0.015}, {"1e+2", 100},    {"1.e1", 10},
      {"007.50", 7.5}, {" \t1.25\n", 1.25}, {"0", 0},          {"1e308", 1e308}, {"1e-400", 0},
  };
  for (const Case& c : cases) {
    double value = 42;
    EXPECT_TRUE(ParseDouble(c.text, &value)) << c.text;
    EXPECT_EQ(value, c.value) << c.text;
  }
  double value = 0;
  ASSERT_TRUE(ParseDouble("INF", &value));
  EXPECT_EQ(value, std::numeric_limits<double>::infinity());
  ASSERT_TRUE(ParseDouble("+INF", &value));
  EXPECT_EQ(value, std::numeric_limits<double>::infinity());
  ASSERT_TRUE(ParseDouble("-INF", &value));
  EXPECT_EQ(value, -std::numeric_limits<double>::infinity());
  ASSERT_TRUE(ParseDouble("NaN", &value));
  EXPECT_TRUE(std::isnan(value));
  // Underflow rounds to a signed zero.
  ASSERT_TRUE(ParseDouble("-1e-400", &value));
  EXPECT_EQ(value, 0);
  EXPECT_TRUE(std::signbit(value));
}

TEST(DoubleTest, RejectsNonXsdSpellingsAndOverflow) {
  for (std::string_view bad : {"",      " ",      ".",
                               "-",     "+",      "e5",
                               "1e",    "1e+",    "1.5.2",
                               "inf",   "-inf",   "Infinity",
                               "nan",   "NAN",    "-NaN",
                               "+NaN",  "0x1p3",  "1,5",
                               "1 5",   "1f",     "1d",
                               "--1",   "+-1",    "1e5.5",
                               "1e400", "-1e400", "1.7976931348623159e308"}) {
    double value = 42;
    EXPECT_FALSE(ParseDouble(bad, &value)) << bad;
    EXPECT_EQ(value, 42) << bad;
  }
}

TEST(FloatTest, RangeAndPrecisionAreThoseOfFloat) {
  float value = 0;
  ASSERT_TRUE(ParseFloat("3.4028235e38", &value));
  EXPECT_EQ(value, std::numeric_limits<float>::max());
  EXPECT_FALSE(ParseFloat("3.5e38", &value));
  EXPECT_FALSE(ParseFloat("1e39", &value));
  ASSERT_TRUE(ParseFloat("1e-50", &value));
  EXPECT_EQ(value, 0.0f);
  // Rounded to the nearest float, not to the nearest double.
  ASSERT_TRUE(ParseFloat("16777217", &value));
  EXPECT_EQ(value, 16777216.0f);
  ASSERT_TRUE(ParseFloat("0.1", &value));
  EXPECT_EQ(value, 0.1f);
  EXPECT_EQ(Float(value), "0.1");
}

struct LexicalCase {
  XsdType type;
  std::string_view text;
  std::string_view canonical;
};

TEST(CanonicalizeLexicalTest, AcceptsAndCanonicalisesValidValues) {
  const LexicalCase cases[] = {
      // Decimal: sign and leading zeros go, fraction digits stay.
      {XSD_DECIMAL, "+1.50", "1.50"},
      {XSD_DECIMAL, "007", "7"},
      {XSD_DECIMAL, ".5", "0.5"},
      {XSD_DECIMAL, "5.", "5"},
      {XSD_DECIMAL, "-0.0", "0.0"},
      {XSD_DECIMAL, "-0", "0"},
      {XSD_DECIMAL, "-.5", "-0.5"},
      {XSD_DECIMAL, "000.000", "0.000"},
      {XSD_DECIMAL, " \n-12.340\t", "-12.340"},
      {XSD_DECIMAL, "123456789012345678901234567890.123456789",
       "123456789012345678901234567890.123456789"},
      // Integers of any length.
      {XSD_INTEGER, "+0000", "0"},
      {XSD_INTEGER, "-0", "0"},
      {XSD_INTEGER, "-00123", "-123"},
      {XSD_INTEGER, "123456789012345678901234567890", "123456789012345678901234567890"},
      {XSD_NON_POSITIVE_INTEGER, "-5", "-5"},
      {XSD_NON_POSITIVE_INTEGER, "+0", "0"},
      {XSD_NEGATIVE_INTEGER, "-99999999999999999999", "-99999999999999999999"},
      {XSD_NON_NEGATIVE_INTEGER, "-0", "0"},
      {XSD_NON_NEGATIVE_INTEGER, "99999999999999999999", "99999999999999999999"},
      {XSD_POSITIVE_INTEGER, "+01", "1"},
      {XSD_LONG, "-9223372036854775808", "-9223372036854775808"},
      {XSD_INT, "+0042", "42"},
      {XSD_SHORT, "-032768", "-32768"},
      {XSD_BYTE, "127", "127"},
      {XSD_UNSIGNED_LONG, "18446744073709551615", "18446744073709551615"},
      {XSD_UNSIGNED_INT, "-0", "0"},
      {XSD_UNSIGNED_SHORT, "65535", "65535"},
      {XSD_UNSIGNED_BYTE, " 255 ", "255"},
      // Boolean, float, double.
      {XSD_BOOLEAN, "1", "true"},
      {XSD_BOOLEAN, " false ", "false"},
      {XSD_DOUBLE, "+INF", "INF"},
      {XSD_DOUBLE, "1.50", "1.5"},
      {XSD_FLOAT, "0.1", "0.1"},
      // Dates and times keep their time zone as written.
      {XSD_DATE, "2024-02-29", "2024-02-29"},
      {XSD_DATE, "2000-02-29Z", "2000-02-29Z"},
      {XSD_DATE, " 2023-12-31+14:00 ", "2023-12-31+14:00"},
      {XSD_DATE, "2023-01-31-14:00", "2023-01-31-14:00"},
      {XSD_DATE, "-0044-03-15", "-0044-03-15"},
      {XSD_DATE, "12345-01-01", "12345-01-01"},
      {XSD_DATE, "0000-01-01", "0000-01-01"},
      {XSD_DATE_TIME, "2024-06-30T23:59:59", "2024-06-30T23:59:59"},
      {XSD_DATE_TIME, "2024-06-30T12:00:00.123456789Z", "2024-06-30T12:00:00.123456789Z"},
      {XSD_DATE_TIME, "2024-06-30T24:00:00", "2024-06-30T24:00:00"},
      {XSD_DATE_TIME, "2024-06-30T00:00:00+05:30", "2024-06-30T00:00:00+05:30"},
      {XSD_TIME, "13:20:00", "13:20:00"},
      {XSD_TIME, "00:00:00.5-03:00", "00:00:00.5-03:00"},
      {XSD_TIME, "24:00:00Z", "24:00:00Z"},
      {XSD_DURATION, "P1Y2M3DT4H5M6.7S", "P1Y2M3DT4H5M6.7S"},
      {XSD_DURATION, "-P10D", "-P10D"},
      {XSD_DURATION, "PT0S", "PT0S"},
      {XSD_DURATION, "P1M", "P1M"},
      {XSD_DURATION, "PT1M", "PT1M"},
      {XSD_DURATION, "PT36H", "PT36H"},
      {XSD_DURATION, "P0Y1347M", "P0Y1347M"},
      {XSD_DURATION, "PT.5S", "PT.5S"},
      {XSD_G_YEAR, "1999", "1999"},
      {XSD_G_YEAR, "-0001Z", "-0001Z"},
      {XSD_G_YEAR_MONTH, "1999-05", "1999-05"},
      {XSD_G_MONTH, "--05", "--05"},
      {XSD_G_MONTH, "--12+01:00", "--12+01:00"},
      {XSD_G_MONTH_DAY, "--02-29", "--02-29"},
      {XSD_G_MONTH_DAY, "--12-31Z", "--12-31Z"},
      {XSD_G_DAY, "---31", "---31"},
      {XSD_G_DAY, "---01-00:00", "---01-00:00"},
      // String family.
      {XSD_STRING, "  keep\t\nall  ", "  keep\t\nall  "},
      {XSD_NORMALIZED_STRING, " a\tb\r\nc ", " a b  c "},
      {XSD_TOKEN, "  a \t b\n\nc  ", "a b c"},
      {XSD_ANY_URI, " http://example.com/a b ", "http://example.com/a b"},
      {XSD_LANGUAGE, " en-GB ", "en-GB"},
      {XSD_LANGUAGE, "de", "de"},
      {XSD_LANGUAGE, "zh-Hant-TW", "zh-Hant-TW"},
      {XSD_LANGUAGE, "x-klingon1", "x-klingon1"},
      {XSD_NAME, "ns:elem", "ns:elem"},
      {XSD_NAME, "_x.y-z", "_x.y-z"},
      {XSD_NCNAME, " abc ", "abc"},
      {XSD_NCNAME, "\xC3\xA9l\xC3\xA9ment", "\xC3\xA9l\xC3\xA9ment"},
      {XSD_ID, "id-1", "id-1"},
      {XSD_NMTOKEN, "-1.x", "-1.x"},
      {XSD_QNAME, "{urn:x}local", "{urn:x}local"},
      // Binary: canonical spelling.
      {XSD_BASE64_BINARY, " SGVs\nbG8= ", "SGVsbG8="},
      {XSD_BASE64_BINARY, "", ""},
      {XSD_HEX_BINARY, "0aff", "0AFF"},
      {XSD_HEX_BINARY, "", ""},
  };
  for (const LexicalCase& c : cases) {
    std::string out = "junk";
    EXPECT_TRUE(CanonicalizeLexical(c.type, c.text, &out))
        << TypeName(c.type) << " '" << c.text << "'";
    EXPECT_EQ(out, c.canonical) << TypeName(c.type) << " '" << c.text << "'";
  }
}

TEST(CanonicalizeLexicalTest, RejectsInvalidValues) {
  const LexicalCase cases[] = {
      {XSD_DECIMAL, "", ""},
      {XSD_DECIMAL, ".", ""},
      {XSD_DECIMAL, "-", ""},
      {XSD_DECIMAL, "+.", ""},
      {XSD_DECIMAL, "1e5", ""},
      {XSD_DECIMAL, "1.2.3", ""},
      {XSD_DECIMAL, "1 000", ""},
      {XSD_DECIMAL, "1,5", ""},
      {XSD_DECIMAL, "INF", ""},
      {XSD_DECIMAL, "NaN", ""},
      {XSD_DECIMAL, "--1", ""},
      {XSD_INTEGER, "", ""},
      {XSD_INTEGER, "1.0", ""},
      {XSD_INTEGER, "+", ""},
      {XSD_NON_POSITIVE_INTEGER, "1", ""},
      {XSD_NEGATIVE_INTEGER, "0", ""},
      {XSD_NEGATIVE_INTEGER, "-0", ""},
      {XSD_NON_NEGATIVE_INTEGER, "-1", ""},
      {XSD_POSITIVE_INTEGER, "0", ""},
      {XSD_POSITIVE_INTEGER, "-5", ""},
      {XSD_LONG, "9223372036854775808", ""},
      {XSD_INT, "2147483648", ""},
      {XSD_SHORT, "40000", ""},
      {XSD_BYTE, "-129", ""},
      {XSD_UNSIGNED_LONG, "18446744073709551616", ""},
      {XSD_UNSIGNED_INT, "-1", ""},
      {XSD_UNSIGNED_BYTE, "256", ""},
      {XSD_BOOLEAN, "yes", ""},
      {XSD_DOUBLE, "inf", ""},
      {XSD_FLOAT, "1e39", ""},
      // Dates.
      {XSD_DATE, "", ""},
      {XSD_DATE, "2023-02-29", ""},
      {XSD_DATE, "1900-02-29", ""},
      {XSD_DATE, "2024-04-31", ""},
      {XSD_DATE, "2024-13-01", ""},
      {XSD_DATE, "2024-00-10", ""},
      {XSD_DATE, "2024-01-00", ""},
      {XSD_DATE, "2024-1-01", ""},
      {XSD_DATE, "24-01-01", ""},
      {XSD_DATE, "02024-01-01", ""},
      {XSD_DATE, "2024-01-01T00:00:00", ""},
      {XSD_DATE, "2024-01-01+14:01", ""},
      {XSD_DATE, "2024-01-01+15:00", ""},
      {XSD_DATE, "2024-01-01+05:60", ""},
      {XSD_DATE, "2024-01-01+0500", ""},
      {XSD_DATE, "2024-01-01z", ""},
      {XSD_DATE, "2024-01-01 Z", ""},
      {XSD_DATE, "+2024-01-01", ""},
      {XSD_DATE_TIME, "2024-01-01", ""},
      {XSD_DATE_TIME, "2024-01-01 12:00:00", ""},
      {XSD_DATE_TIME, "2024-01-01T24:00:01", ""},
      {XSD_DATE_TIME, "2024-01-01T24:00:00.0", ""},
      {XSD_DATE_TIME, "2024-01-01T25:00:00", ""},
      {XSD_DATE_TIME, "2024-01-01T12:60:00", ""},
      {XSD_DATE_TIME, "2024-01-01T12:00:60", ""},
      {XSD_DATE_TIME, "2024-01-01T12:00", ""},
      {XSD_DATE_TIME, "2024-01-01T12:00:00.", ""},
      {XSD_DATE_TIME, "2024-01-01T1:00:00", ""},
      {XSD_TIME, "12:00", ""},
      {XSD_TIME, "T12:00:00", ""},
      {XSD_DURATION, "", ""},
      {XSD_DURATION, "P", ""},
      {XSD_DURATION, "PT", ""},
      {XSD_DURATION, "P1DT", ""},
      {XSD_DURATION, "-P", ""},
      {XSD_DURATION, "P-1D", ""},
      {XSD_DURATION, "P1D2Y", ""},
      {XSD_DURATION, "P1Y1Y", ""},
      {XSD_DURATION, "P1H", ""},
      {XSD_DURATION, "PT1D", ""},
      {XSD_DURATION, "P1.5Y", ""},
      {XSD_DURATION, "PT1.5M", ""},
      {XSD_DURATION, "PT.S", ""},
      {XSD_DURATION, "1Y", ""},
      {XSD_G_YEAR, "99", ""},
      {XSD_G_YEAR, "1999-01", ""},
      {XSD_G_YEAR_MONTH, "1999-13", ""},
      {XSD_G_MONTH, "05", ""},
      {XSD_G_MONTH, "--13", ""},
      {XSD_G_MONTH, "--05--", ""},
      {XSD_G_MONTH_DAY, "--02-30", ""},
      {XSD_G_MONTH_DAY, "--04-31", ""},
      {XSD_G_DAY, "---32", ""},
      {XSD_G_DAY, "--01", ""},
      // Names.
      {XSD_LANGUAGE, "", ""},
      {XSD_LANGUAGE, "en_GB", ""},
      {XSD_LANGUAGE, "toolongtag", ""},
      {XSD_LANGUAGE, "en-", ""},
      {XSD_LANGUAGE, "1en", ""},
      {XSD_NAME, "", ""},
      {XSD_NAME, "a b", ""},
      {XSD_NAME, "1abc", ""},
      {XSD_NCNAME, "ns:elem", ""},
      {XSD_NCNAME, "-abc", ""},
      {XSD_NCNAME, ".abc", ""},
      {XSD_NCNAME, "a&b", ""},
      {XSD_ID, "a b", ""},
      {XSD_NMTOKEN, "", ""},
      {XSD_NMTOKEN, "a b", ""},
      // Binary.
      {XSD_BASE64_BINARY, "SGVsbG8", ""},
      {XSD_HEX_BINARY, "ABC", ""},
      {XSD_HEX_BINARY, "GG", ""},
  };
  for (const LexicalCase& c : cases) {
    std::string out;
    EXPECT_FALSE(CanonicalizeLexical(c.type, c.text, &out))
        << TypeName(c.type) << " '" << c.text << "' -> '" << out << "'";
  }
}

TEST(CanonicalizeLexicalTest, LeapYearsFollowTheGregorianRule) {
  std::string out;
  for (std::string_view leap : {"2000-02-29", "2024-02-29", "1600-02-29", "0000-02-29",
                                "-0004-02-29", "-0400-02-29", "400000000000000000000-02-29"}) {
    EXPECT_TRUE(CanonicalizeLexical(XSD_DATE, leap, &out)) << leap;
  }
  for (std::string_view common : {"1900-02-29", "2100-02-29", "2023-02-29", "-0001-02-29",
                                  "-0100-02-29", "100000000000000000100-02-29"}) {
    EXPECT_FALSE(CanonicalizeLexical(XSD_DATE, common, &out)) << common;
  }
}

TEST(BinaryTest, Base64RoundTripsEveryPaddingLength) {
  const std::string all_bytes = [] {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    return bytes;
  }();
  for (std::size_t length = 0; length <= 10; ++length) {
    const std::string bytes = all_bytes.substr(250 - length, length);
    std::string encoded;
    AppendBase64(bytes, &encoded);
    EXPECT_EQ(encoded.size() % 4, 0u);
    std::string decoded;
    ASSERT_TRUE(ParseBase64(encoded, &decoded)) << encoded;
    EXPECT_EQ(decoded, bytes);
  }
  std::string encoded;
  AppendBase64(all_bytes, &encoded);
  std::string decoded;
  ASSERT_TRUE(ParseBase64(encoded, &decoded));
  EXPECT_EQ(decoded, all_bytes);
}

TEST(BinaryTest, Base64KnownVectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
      {"\xFB\xFF", "+/8="},
  };
  for (const auto& [bytes, text] : vectors) {
    std::string encoded;
    AppendBase64(bytes, &encoded);
    EXPECT_EQ(encoded, text);
    std::string decoded;
    ASSERT_TRUE(ParseBase64(text, &decoded));
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(BinaryTest, Base64IgnoresWhitespaceAnywhere) {
  std::string decoded;
  ASSERT_TRUE(ParseBase64(" Zm9v\r\nYmFy\t", &decoded));
  EXPECT_EQ(decoded, "foobar");
  ASSERT_TRUE(ParseBase64("Z m 9 v Y g = =", &decoded));
  EXPECT_EQ(decoded, "foob");
}

TEST(BinaryTest, Base64RejectsMalformedInput) {
  for (std::string_view bad : {"Zg", "Zg=", "Zm9", "Zg===", "=Zg=", "Z=g=", "Zg==Zg==", "Zm9v!",
                               "Zm9v-_==", "Zh==", "Zm9=", "Zg=\x01",
                               "\xC3\xA9"
                               "AA",
                               "===="}) {
    std::string decoded;
    EXPECT_FALSE(ParseBase64(bad, &decoded)) << bad;
  }
}

TEST(BinaryTest, HexRoundTripsAndAcceptsEitherCase) {
  std::string encoded;
  AppendHex(std::string("\x00\x01\xAB\xFF", 4), &encoded);
  EXPECT_EQ(encoded, "0001ABFF");
  std::string decoded;
  ASSERT_TRUE(ParseHex(" 0001abFF\n", &decoded));
  EXPECT_EQ(decoded, std::string("\x00\x01\xAB\xFF", 4));
  ASSERT_TRUE(ParseHex("", &decoded));
  EXPECT_EQ(decoded, "");
  for (std::string_view bad : {"0", "abc", "0g", "0x00", "00 11", "-1"}) {
    EXPECT_FALSE(ParseHex(bad, &decoded)) << bad;
  }
}

}  // namespace
}  // namespace dragoman::xsd

namespace dragoman::xsd {
namespace {

TEST(CompareTemporalTest, OrdersOnTheTimeLineAcrossZones) {
  EXPECT_EQ(CompareTemporal(XSD_DATE_TIME, "2026-01-01T00:00:00Z", "2026-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(CompareTemporal(XSD_DATE_TIME, "2025-12-31T23:59:59.5Z", "2026-01-01T00:00:00Z"), -1);
  EXPECT_EQ(CompareTemporal(XSD_DATE_TIME, "2026-01-01T00:00:00.25Z", "2026-01-01T00:00:00.2Z"), 1);
  EXPECT_EQ(CompareTemporal(XSD_DATE, "2024-02-29", "2024-03-01"), -1);
  EXPECT_EQ(CompareTemporal(XSD_DATE, "-0044-03-15", "0001-01-01"), -1);
  EXPECT_EQ(CompareTemporal(XSD_TIME, "01:00:00+01:00", "00:00:00Z"), 0);
  // Times compare as instants of one reference day: 23:00 at -01:00 is past midnight UTC.
  EXPECT_EQ(CompareTemporal(XSD_TIME, "23:00:00-01:00", "00:00:00Z"), 1);
  EXPECT_EQ(CompareTemporal(XSD_DATE, "2024-02-30", "2024-03-01"), std::nullopt);
}

}  // namespace
}  // namespace dragoman::xsd
