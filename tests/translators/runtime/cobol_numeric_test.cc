// Numeric fields of mainframe records: exhaustive sign and nibble cases, round trips, and the
// overflows encode must refuse rather than round or truncate.
#include "translators/runtime/cobol_numeric.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dragoman::records {
namespace {

using ::testing::HasSubstr;

std::string Hex(std::string_view bytes) {
  std::string out;
  for (char c : bytes) absl::StrAppend(&out, absl::Hex(static_cast<uint8_t>(c), absl::kZeroPad2));
  return out;
}

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// The decimal text of n / 10^scale, canonical.
std::string Scaled(int64_t n, int scale) {
  std::string digits = absl::StrCat(n < 0 ? -n : n);
  if (scale == 0) return absl::StrCat(n < 0 ? "-" : "", digits);
  if (static_cast<int>(digits.size()) <= scale) {
    digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
  }
  return absl::StrCat(n < 0 ? "-" : "", digits.substr(0, digits.size() - scale), ".",
                      digits.substr(digits.size() - scale));
}

TEST(PackedDecimalTest, KnownEncodings) {
  const Picture s5v2{7, 2, true};
  std::string out;
  ASSERT_TRUE(EncodePacked("-12345.67", s5v2, &out).ok());
  EXPECT_EQ(Hex(out), "1234567d");
  out.clear();
  ASSERT_TRUE(EncodePacked("178.7", Picture{4, 1, true}, &out).ok());  // even: a leading zero
  EXPECT_EQ(Hex(out), "01787c");
  out.clear();
  ASSERT_TRUE(EncodePacked("42", Picture{3, 0, false}, &out).ok());  // unsigned: F
  EXPECT_EQ(Hex(out), "042f");
  std::string decimal;
  ASSERT_TRUE(DecodePacked(Unhex("00012c"), Picture{5, 2, true}, &decimal).ok());
  EXPECT_EQ(decimal, "0.12");
  ASSERT_TRUE(DecodePacked(Unhex("00000d"), Picture{5, 2, true}, &decimal).ok());
  EXPECT_EQ(decimal, "0.00");  // negative zero reads as zero
}

TEST(PackedDecimalTest, EverySignNibble) {
  // A-F are signs: B and D negative, A, C, E, F positive; 0-9 are not.
  for (int nibble = 0; nibble < 16; ++nibble) {
    SCOPED_TRACE(nibble);
    const std::string bytes = {static_cast<char>(0x12), static_cast<char>(0x30 | nibble)};
    std::string decimal;
    absl::Status status = DecodePacked(bytes, Picture{3, 0, true}, &decimal);
    if (nibble < 0xA) {
      EXPECT_THAT(status.message(), HasSubstr("not a sign"));
    } else {
      ASSERT_TRUE(status.ok()) << status;
      EXPECT_EQ(decimal, nibble == 0xB || nibble == 0xD ? "-123" : "123");
    }
  }
}

TEST(PackedDecimalTest, EveryDigitNibbleOfEveryByte) {
  // Each byte value in each position of PIC S9(3): digits where digits go, or an error.
  for (int position = 0; position < 2; ++position) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string bytes = {static_cast<char>(0x12), static_cast<char>(0x3C)};
      bytes[position] = static_cast<char>(byte);
      std::string decimal;
      absl::Status status = DecodePacked(bytes, Picture{3, 0, true}, &decimal);
      const int high = byte >> 4;
      const int low = byte & 0xF;
      const bool valid = position == 0 ? high <= 9 && low <= 9 : high <= 9 && low >= 0xA;
      EXPECT_EQ(status.ok(), valid) << position << " " << byte << ": " << status;
    }
  }
  // The unused first nibble of an even digit count must be zero.
  std::string decimal;
  EXPECT_THAT(DecodePacked(Unhex("11234c"), Picture{4, 0, true}, &decimal).message(),
              HasSubstr("unused first nibble"));
}

TEST(PackedDecimalTest, EveryValueOfASmallPictureRoundTrips) {
  for (int scale : {0, 1, 3}) {
    const Picture picture{3, scale, true};
    for (int n = -999; n <= 999; ++n) {
      const std::string text = Scaled(n, scale);
      std::string bytes;
      ASSERT_TRUE(EncodePacked(text, picture, &bytes).ok()) << text;
      std::string back;
      ASSERT_TRUE(DecodePacked(bytes, picture, &back).ok()) << text;
      EXPECT_EQ(back, text);
    }
  }
}

TEST(PackedDecimalTest, EighteenAndMoreDigitsStayExact) {
  const Picture picture{31, 2, true};
  const std::string big = "-12345678901234567890123456789.01";
  std::string bytes;
  ASSERT_TRUE(EncodePacked(big, picture, &bytes).ok());
  EXPECT_EQ(bytes.size(), 16u);
  std::string back;
  ASSERT_TRUE(DecodePacked(bytes, picture, &back).ok());
  EXPECT_EQ(back, big);
}

TEST(NumericEncodeTest, RefusesWhatThePictureCannotHold) {
  std::string out;
  // 178.7 into PIC 9(2)V9: the integer part needs three digits.
  absl::Status status = EncodePacked("178.7", Picture{3, 1, false}, &out);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("needs 3 integer digits; PIC 9(2)V9(1) holds 2"));
  EXPECT_THAT(EncodePacked("1.234", Picture{3, 2, true}, &out).message(),
              HasSubstr("more than 2 fraction digits"));
  EXPECT_TRUE(EncodePacked("1.2300", Picture{3, 2, true}, &out).ok());  // zeros are not lost
  EXPECT_THAT(EncodeZoned("-1", Picture{3, 0, false}, ZonedFormat{}, &out).message(),
              HasSubstr("is negative; PIC 9(3) has no sign"));
  EXPECT_TRUE(EncodeZoned("-0", Picture{3, 0, false}, ZonedFormat{}, &out).ok());
  EXPECT_THAT(EncodePacked("1", Picture{1, 2, true}, &out).message(),
              HasSubstr("is not valid"));  // a broken layout is an error, not a crash
  std::string decimal;
  EXPECT_FALSE(DecodeZoned("1", Picture{1, 2, true}, ZonedFormat{}, &decimal).ok());
  for (const char* bad : {"", "-", ".", "1e3", "1,5", "12a", "--1", " 1"}) {
    EXPECT_THAT(EncodePacked(bad, Picture{5, 0, true}, &out).message(),
                HasSubstr("not a decimal number"))
        << bad;
  }
}

TEST(ZonedDecimalTest, EbcdicOverpunchAndSeparateSigns) {
  const Picture s3v2{5, 2, true};
  struct Case {
    ZonedFormat format;
    const char* text;
    const char* hex;
  };
  const Case cases[] = {
      {ZonedFormat{}, "-123.45", "f1f2f3f4d5"},
      {ZonedFormat{}, "123.45", "f1f2f3f4c5"},
      {ZonedFormat{.sign_leading = true}, "-123.45", "d1f2f3f4f5"},
      {ZonedFormat{.sign_separate = true}, "-123.45", "f1f2f3f4f560"},
      {ZonedFormat{.sign_leading = true, .sign_separate = true}, "1.00", "4ef0f0f1f0f0"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.hex);
    std::string bytes;
    ASSERT_TRUE(EncodeZoned(c.text, s3v2, c.format, &bytes).ok());
    EXPECT_EQ(Hex(bytes), c.hex);
    std::string back;
    ASSERT_TRUE(DecodeZoned(bytes, s3v2, c.format, &back).ok());
    EXPECT_EQ(back, c.text);
  }
  std::string back;
  ASSERT_TRUE(DecodeZoned(Unhex("f4f2"), Picture{2, 0, false}, ZonedFormat{}, &back).ok());
  EXPECT_EQ(back, "42");
}

TEST(ZonedDecimalTest, EveryByteInEveryEbcdicPosition) {
  const Picture picture{2, 0, true};
  for (int position = 0; position < 2; ++position) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string bytes = Unhex("f1c2");
      bytes[position] = static_cast<char>(byte);
      std::string decimal;
      const bool ok = DecodeZoned(bytes, picture, ZonedFormat{}, &decimal).ok();
      const int zone = byte >> 4;
      const int digit = byte & 0xF;
      const bool valid = digit <= 9 && (position == 0 ? zone == 0xF : zone >= 0xA);
      EXPECT_EQ(ok, valid) << position << " " << byte;
      if (ok && position == 1) {
        const bool negative = zone == 0xB || zone == 0xD;
        EXPECT_EQ(decimal, absl::StrCat(negative ? "-" : "", 10 + digit)) << byte;
      }
    }
  }
}

TEST(ZonedDecimalTest, AsciiOverpunchBothConventions) {
  const Picture picture{3, 0, true};
  for (bool ibm : {false, true}) {
    const ZonedFormat format{.ebcdic = false, .ascii_ibm_overpunch = ibm};
    for (int n = -999; n <= 999; ++n) {
      const std::string text = absl::StrCat(n);
      std::string bytes;
      ASSERT_TRUE(EncodeZoned(text, picture, format, &bytes).ok());
      std::string back;
      ASSERT_TRUE(DecodeZoned(bytes, picture, format, &back).ok()) << Hex(bytes);
      EXPECT_EQ(back, text);
    }
  }
  std::string bytes;
  ASSERT_TRUE(EncodeZoned("-123", picture, ZonedFormat{.ebcdic = false}, &bytes).ok());
  EXPECT_EQ(bytes, "12s");  // GnuCOBOL and Micro Focus: 0x70 | digit
  bytes.clear();
  ASSERT_TRUE(EncodeZoned("-120", picture,
                          ZonedFormat{.ebcdic = false, .ascii_ibm_overpunch = true}, &bytes)
                  .ok());
  EXPECT_EQ(bytes, "12}");
  std::string back;
  ASSERT_TRUE(DecodeZoned("12C", picture, ZonedFormat{.ebcdic = false}, &back).ok());
  EXPECT_EQ(back, "123");
  EXPECT_FALSE(DecodeZoned("1s3", picture, ZonedFormat{.ebcdic = false}, &back).ok());
}

TEST(BinaryTest, SizesByteOrdersAndLimits) {
  std::string out;
  ASSERT_TRUE(EncodeBinary("-2", Picture{4, 0, true}, 2, true, true, &out).ok());
  EXPECT_EQ(Hex(out), "fffe");
  out.clear();
  ASSERT_TRUE(EncodeBinary("1234.56", Picture{9, 2, true}, 4, false, true, &out).ok());
  EXPECT_EQ(Hex(out), "40e20100");  // 123456 little-endian
  std::string decimal;
  ASSERT_TRUE(DecodeBinary(out, Picture{9, 2, true}, false, true, &decimal).ok());
  EXPECT_EQ(decimal, "1234.56");
  // PIC S9(4) COMP holds +-9999 although two bytes hold 32767; COMP-5 holds 32767.
  out.clear();
  EXPECT_THAT(EncodeBinary("10000", Picture{4, 0, true}, 2, true, true, &out).message(),
              HasSubstr("needs 5 integer digits"));
  EXPECT_TRUE(EncodeBinary("32767", Picture{4, 0, true}, 2, true, false, &out).ok());
  EXPECT_THAT(EncodeBinary("32768", Picture{4, 0, true}, 2, true, false, &out).message(),
              HasSubstr("does not fit 2 bytes"));
  EXPECT_TRUE(DecodeBinary(Unhex("7fff"), Picture{4, 0, true}, true, false, &decimal).ok());
  EXPECT_EQ(decimal, "32767");
  EXPECT_THAT(DecodeBinary(Unhex("7fff"), Picture{4, 0, true}, true, true, &decimal).message(),
              HasSubstr("more digits"));
  // Eight bytes, both ends of the range.
  for (const char* text : {"-9223372036854775808", "9223372036854775807"}) {
    out.clear();
    ASSERT_TRUE(EncodeBinary(text, Picture{18, 0, true}, 8, true, false, &out).ok()) << text;
    ASSERT_TRUE(DecodeBinary(out, Picture{18, 0, true}, true, false, &decimal).ok());
    EXPECT_EQ(decimal, text);
  }
  out.clear();
  ASSERT_TRUE(
      EncodeBinary("18446744073709551615", Picture{18, 0, false}, 8, true, false, &out).ok());
  EXPECT_EQ(Hex(out), "ffffffffffffffff");
}

TEST(BinaryTest, EveryTwoByteValueRoundTripsBothByteOrders) {
  for (bool big_endian : {true, false}) {
    for (int n = -32768; n <= 32767; ++n) {
      const std::string text = absl::StrCat(n);
      std::string bytes;
      ASSERT_TRUE(EncodeBinary(text, Picture{5, 0, true}, 2, big_endian, false, &bytes).ok());
      std::string back;
      ASSERT_TRUE(DecodeBinary(bytes, Picture{5, 0, true}, big_endian, false, &back).ok());
      ASSERT_EQ(back, text);
    }
  }
}

TEST(FloatTest, IbmHexadecimalKnownValues) {
  struct Case {
    double value;
    const char* single;
    const char* dbl;
  };
  // From IBM's description of the format: 1.0 is 0x41100000, -118.625 is 0xC276A000.
  const Case cases[] = {
      {1.0, "41100000", "4110000000000000"},
      {-118.625, "c276a000", "c276a00000000000"},
      {0.5, "40800000", "4080000000000000"},
      {0.0, "00000000", "0000000000000000"},
  };
  for (const Case& c : cases) {
    std::string single;
    ASSERT_TRUE(EncodeFloat(c.value, 4, true, &single).ok());
    EXPECT_EQ(Hex(single), c.single) << c.value;
    std::string dbl;
    ASSERT_TRUE(EncodeFloat(c.value, 8, true, &dbl).ok());
    EXPECT_EQ(Hex(dbl), c.dbl) << c.value;
    double back = 1;
    ASSERT_TRUE(DecodeFloat(dbl, true, &back).ok());
    EXPECT_EQ(back, c.value);
  }
}

TEST(FloatTest, DoublesSurviveIbmHexExactlyAndIeeeBitForBit) {
  for (double value : {3.141592653589793, -2.5e-70, 7.2e75, 1.0 / 3.0, 123456789.125}) {
    std::string bytes;
    ASSERT_TRUE(EncodeFloat(value, 8, true, &bytes).ok()) << value;
    double back = 0;
    ASSERT_TRUE(DecodeFloat(bytes, true, &back).ok());
    EXPECT_EQ(back, value);  // 56 fraction bits hold a double's 53
    bytes.clear();
    ASSERT_TRUE(EncodeFloat(value, 8, false, &bytes).ok());
    ASSERT_TRUE(DecodeFloat(bytes, false, &back).ok());
    EXPECT_EQ(back, value);
  }
  std::string bytes;
  EXPECT_THAT(EncodeFloat(1e300, 8, true, &bytes).message(), HasSubstr("too large"));
  EXPECT_THAT(EncodeFloat(std::nan(""), 8, true, &bytes).message(), HasSubstr("not a finite"));
}

// The int64 paths must agree with the string forms: what they accept reads (or writes) exactly
// as the string form does, and whatever the string form refuses they refuse too.
class IntegerPathTest : public ::testing::Test {
 protected:
  // Decodes `bytes` both ways; `int_path` (the fast form) may decline only a valid value the
  // string form reads when `may_decline`.
  template <typename Fast, typename Exact>
  void CheckDecode(std::string_view bytes, int scale, bool may_decline, Fast fast, Exact exact) {
    std::string expected;
    const bool exact_ok = exact(bytes, &expected).ok();
    int64_t scaled = 0;
    const bool fast_ok = fast(bytes, &scaled);
    if (fast_ok) {
      ASSERT_TRUE(exact_ok) << Hex(bytes);
      std::string decimal;
      AppendScaled(scaled, scale, &decimal);
      ASSERT_EQ(decimal, expected) << Hex(bytes);
    } else {
      ASSERT_TRUE(!exact_ok || may_decline) << Hex(bytes) << " reads as " << expected;
    }
  }

  // Encodes `scaled` both ways, the string form given its decimal text.
  template <typename Fast, typename Exact>
  void CheckEncode(int64_t scaled, int scale, size_t size, bool may_decline, Fast fast,
                   Exact exact) {
    std::string expected;
    const bool exact_ok = exact(Scaled(scaled, scale), &expected).ok();
    std::string bytes(size, '\x55');
    const bool fast_ok = fast(scaled, bytes.data());
    if (fast_ok) {
      ASSERT_TRUE(exact_ok) << scaled;
      ASSERT_EQ(Hex(bytes), Hex(expected)) << scaled;
    } else {
      ASSERT_EQ(bytes, std::string(size, '\x55')) << "wrote on refusal: " << scaled;
      ASSERT_TRUE(!exact_ok || may_decline) << scaled;
    }
  }

  // Values around every power of ten and the int64 limits, both signs.
  static std::vector<int64_t> Values() {
    std::vector<int64_t> values = {0, 1, -1, std::numeric_limits<int64_t>::max(),
                                   std::numeric_limits<int64_t>::min() + 1};
    int64_t power = 1;
    for (int i = 0; i <= 18; ++i) {
      for (int64_t v : {power - 1, power, power + 1, 3 * power + 7}) {
        values.push_back(v);
        values.push_back(-v);
      }
      if (i < 18) power *= 10;
    }
    for (int64_t v :
         std::initializer_list<int64_t>{127, 128, 255, 256, 32767, 32768, 65535, 65536, 2147483647,
                                        2147483648, 4294967295, 4294967296}) {
      values.push_back(v);
      values.push_back(-v);
    }
    return values;
  }
};

TEST_F(IntegerPathTest, PackedEveryTwoByteAndKnownValues) {
  for (const Picture& picture :
       {Picture{1, 0, true}, Picture{2, 0, false}, Picture{3, 0, true}, Picture{3, 2, false},
        Picture{3, 3, true}, Picture{5, 0, true}, Picture{18, 4, true}, Picture{18, 0, false}}) {
    const auto fast = [&](std::string_view b, int64_t* v) {
      return DecodePackedInt(b, picture, v);
    };
    const auto exact = [&](std::string_view b, std::string* d) {
      return DecodePacked(b, picture, d);
    };
    const size_t size = static_cast<size_t>(PackedSize(picture.digits));
    if (size <= 2) {
      for (int word = 0; word < (1 << (8 * size)); ++word) {
        std::string bytes;
        for (size_t i = 0; i < size; ++i) {
          bytes.push_back(static_cast<char>(word >> (8 * (size - 1 - i))));
        }
        CheckDecode(bytes, picture.scale, false, fast, exact);
      }
    }
    for (int64_t value : Values()) {
      CheckEncode(
          value, picture.scale, size, false,
          [&](int64_t v, char* out) { return EncodePackedInt(v, picture, out); },
          [&](std::string_view d, std::string* out) { return EncodePacked(d, picture, out); });
      std::string bytes;
      if (EncodePacked(Scaled(value, picture.scale), picture, &bytes).ok()) {
        CheckDecode(bytes, picture.scale, false, fast, exact);
        int64_t scaled = 0;
        EXPECT_TRUE(DecodePackedInt(bytes, picture, &scaled)) << Hex(bytes);
      }
    }
  }
  // More than 18 digits: declined, the string form reads it.
  int64_t scaled = 0;
  EXPECT_FALSE(DecodePackedInt(std::string(10, '\0') + "\x0c", Picture{19, 0, true}, &scaled));
}

TEST_F(IntegerPathTest, ZonedEveryTwoBytesEveryFormat) {
  for (bool ebcdic : {true, false}) {
    for (bool leading : {false, true}) {
      for (bool separate : {false, true}) {
        for (const Picture& picture :
             {Picture{1, 0, true}, Picture{2, 0, true}, Picture{2, 1, false}, Picture{2, 0, false},
              Picture{7, 2, true}, Picture{18, 0, true}}) {
          ZonedFormat format;
          format.ebcdic = ebcdic;
          format.sign_leading = leading;
          format.sign_separate = separate;
          const auto fast = [&](std::string_view b, int64_t* v) {
            return DecodeZonedInt(b, picture, format, v);
          };
          const auto exact = [&](std::string_view b, std::string* d) {
            return DecodeZoned(b, picture, format, d);
          };
          const size_t size = static_cast<size_t>(ZonedSize(picture, format));
          // The fast form leaves separate signs and ASCII's IBM overpunch letters to the
          // string form.
          const bool separate_sign = separate && picture.is_signed;
          const bool may_decline = !ebcdic || separate_sign;
          if (size <= 2) {
            for (int word = 0; word < (1 << (8 * size)); ++word) {
              std::string bytes;
              for (size_t i = 0; i < size; ++i) {
                bytes.push_back(static_cast<char>(word >> (8 * (size - 1 - i))));
              }
              CheckDecode(bytes, picture.scale, may_decline, fast, exact);
            }
          }
          for (bool ibm : {false, true}) {
            format.ascii_ibm_overpunch = ibm;
            for (int64_t value : Values()) {
              CheckEncode(
                  value, picture.scale, size, separate_sign,
                  [&](int64_t v, char* out) { return EncodeZonedInt(v, picture, format, out); },
                  [&](std::string_view d, std::string* out) {
                    return EncodeZoned(d, picture, format, out);
                  });
              std::string bytes;
              if (EncodeZoned(Scaled(value, picture.scale), picture, format, &bytes).ok()) {
                CheckDecode(bytes, picture.scale, may_decline, fast, exact);
              }
            }
          }
        }
      }
    }
  }
}

TEST_F(IntegerPathTest, BinaryEverySizeOrderAndLimit) {
  for (int size : {1, 2, 4, 8}) {
    for (bool big_endian : {true, false}) {
      for (bool limit : {true, false}) {
        for (bool is_signed : {true, false}) {
          for (int scale : {0, 2}) {
            const int digits = size == 1 ? 2 : size == 2 ? 4 : size == 4 ? 9 : 18;
            const Picture picture{digits, scale, is_signed};
            const auto fast = [&](std::string_view b, int64_t* v) {
              return DecodeBinaryInt(b, picture, big_endian, limit, v);
            };
            const auto exact = [&](std::string_view b, std::string* d) {
              return DecodeBinary(b, picture, big_endian, limit, d);
            };
            if (size <= 2) {
              for (int word = 0; word < (1 << (8 * size)); ++word) {
                std::string bytes;
                for (int i = 0; i < size; ++i) bytes.push_back(static_cast<char>(word >> (8 * i)));
                CheckDecode(bytes, scale, false, fast, exact);
              }
            }
            for (int64_t value : Values()) {
              CheckEncode(
                  value, scale, static_cast<size_t>(size), false,
                  [&](int64_t v, char* out) {
                    return EncodeBinaryInt(v, picture, size, big_endian, limit, out);
                  },
                  [&](std::string_view d, std::string* out) {
                    return EncodeBinary(d, picture, size, big_endian, limit, out);
                  });
              std::string bytes;
              if (EncodeBinary(Scaled(value, scale), picture, size, big_endian, limit, &bytes)
                      .ok()) {
                CheckDecode(bytes, scale, false, fast, exact);
              }
            }
            // Unsigned 8-byte values past int64: declined, the string form reads them.
            if (size == 8 && !is_signed && !limit) {
              CheckDecode(std::string(8, '\xff'), scale, true, fast, exact);
            }
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace dragoman::records
