// Numeric fields of mainframe records: packed decimal (COMP-3), zoned decimal (DISPLAY with
// overpunched or separate signs), binary (COMP, COMP-4, BINARY, COMP-5) and floating point
// (COMP-1, COMP-2 as IBM hexadecimal or IEEE 754).
//
// Values are exact: decimal fields travel as canonical decimal strings ("-1234.50": an
// optional '-', the integer part without leading zeros, '.' and exactly `scale` fraction
// digits when scale > 0), never through binary floating point. Encoding never rounds or
// truncates: a value that does not fit the picture is an error, which the caller turns into
// INVALID_ARGUMENT naming the field. Error messages describe the problem, never the value.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_COBOL_NUMERIC_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_COBOL_NUMERIC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace dragoman::records {

// The PICTURE of a numeric field: S9(digits - scale)V9(scale).
struct Picture {
  // Digit positions stored, integer and fraction together (1-38).
  int digits = 1;
  // Digits after the implied decimal point (V); at most `digits`.
  int scale = 0;
  // PIC S...: a sign is stored.
  bool is_signed = false;
};

// How a zoned decimal carries its sign and digits.
struct ZonedFormat {
  // EBCDIC (digits 0xF0-0xF9, sign in the zone nibble: C/D, F unsigned) or ASCII (digits
  // 0x30-0x39; see `ascii_overpunch`).
  bool ebcdic = true;
  // SIGN LEADING (first byte) instead of the default trailing (last byte).
  bool sign_leading = false;
  // SIGN ... SEPARATE: a '+' or '-' byte of its own instead of an overpunch.
  bool sign_separate = false;
  // ASCII overpunch on encode: true writes '{', 'A'-'I' / '}', 'J'-'R' (the IBM convention),
  // false writes negative digits as 'p'-'y' (Micro Focus and GnuCOBOL's default). Decoding
  // accepts both.
  bool ascii_ibm_overpunch = false;
};

// Storage bytes of a packed decimal of `digits` digits: the digits and a sign nibble.
inline int PackedSize(int digits) { return digits / 2 + 1; }

// Reads a packed decimal. InvalidArgument for a nibble that is not a digit where a digit goes
// or not a sign (A-F) in the last one, or a negative sign in an unsigned field.
absl::Status DecodePacked(std::string_view bytes, const Picture& picture, std::string* decimal);
// Appends a packed decimal: sign C or D when signed, F when not.
absl::Status EncodePacked(std::string_view decimal, const Picture& picture, std::string* out);

// Storage bytes of a zoned decimal: one per digit, plus one for a separate sign.
inline int ZonedSize(const Picture& picture, const ZonedFormat& format) {
  return picture.digits + (picture.is_signed && format.sign_separate ? 1 : 0);
}
absl::Status DecodeZoned(std::string_view bytes, const Picture& picture, const ZonedFormat& format,
                         std::string* decimal);
absl::Status EncodeZoned(std::string_view decimal, const Picture& picture,
                         const ZonedFormat& format, std::string* out);

// Binary integers of 1, 2, 4 or 8 bytes, two's complement when signed. `limit_digits`
// (COMP, COMP-4, BINARY with TRUNC(STD)) also holds the value to the picture's digits; COMP-5
// holds it only to the storage.
absl::Status DecodeBinary(std::string_view bytes, const Picture& picture, bool big_endian,
                          bool limit_digits, std::string* decimal);
absl::Status EncodeBinary(std::string_view decimal, const Picture& picture, int size,
                          bool big_endian, bool limit_digits, std::string* out);

// COMP-1 (4 bytes) and COMP-2 (8 bytes), big-endian, as IBM System/360 hexadecimal floating
// point or IEEE 754.
absl::Status DecodeFloat(std::string_view bytes, bool ibm_hex, double* value);
absl::Status EncodeFloat(double value, int size, bool ibm_hex, std::string* out);

// Integer fast paths: the values and checks of the string forms above, for values whose stored
// digits (the value times 10^scale) fit an int64, without building any string. Each returns
// false for what it does not handle (more than 18 digits, unusual signs) and for invalid
// bytes or values, leaving the output untouched: callers then take the string form, which
// says why. Encoders write exactly the item's storage bytes at `out`.

// Reads a packed decimal of at most 18 digits as its stored integer.
bool DecodePackedInt(std::string_view bytes, const Picture& picture, int64_t* scaled);
// Reads a zoned decimal of at most 18 digits (overpunched or no sign) as its stored integer.
bool DecodeZonedInt(std::string_view bytes, const Picture& picture, const ZonedFormat& format,
                    int64_t* scaled);
// Reads a binary integer that fits an int64 (held to the picture's digits if `limit_digits`).
bool DecodeBinaryInt(std::string_view bytes, const Picture& picture, bool big_endian,
                     bool limit_digits, int64_t* scaled);
// Writes the stored integer `scaled` as a packed decimal of PackedSize(picture.digits) bytes.
bool EncodePackedInt(int64_t scaled, const Picture& picture, char* out);
// Writes the stored integer `scaled` as a zoned decimal of ZonedSize(picture, format) bytes.
bool EncodeZonedInt(int64_t scaled, const Picture& picture, const ZonedFormat& format, char* out);
// Writes the stored integer `scaled` as a binary integer of `size` bytes.
bool EncodeBinaryInt(int64_t scaled, const Picture& picture, int size, bool big_endian,
                     bool limit_digits, char* out);
// Appends the canonical decimal of stored integer `scaled` with `scale` fraction digits.
void AppendScaled(int64_t scaled, int scale, std::string* decimal);

// Splits a decimal string ("-12.340", "+5", ".5") into its sign and digits, moved to `scale`
// fraction digits: "12.34" at scale 3 is 12340. InvalidArgument when the text is not a
// decimal, has significant digits past `scale`, or needs more than `digits` digits.
absl::Status ScaledDigits(std::string_view decimal, const Picture& picture, bool* negative,
                          std::string* digits);

}  // namespace dragoman::records

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_COBOL_NUMERIC_H_
