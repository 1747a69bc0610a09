#include "translators/runtime/cobol_numeric.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "translators/runtime/strings.h"

namespace dragoman::records {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Pictures come from generated layouts, but a bad one must be an error, never a crash.
absl::Status CheckPicture(const Picture& picture) {
  if (picture.digits < 1 || picture.digits > 38 || picture.scale < 0 ||
      picture.scale > picture.digits) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a picture of ", picture.digits, " digits and scale ", picture.scale, " is not valid"));
  }
  return absl::OkStatus();
}

// "S9(3)V99"-style spelling of a picture for messages.
std::string Describe(const Picture& picture) {
  const int integer = picture.digits - picture.scale;
  std::string text = picture.is_signed ? "PIC S" : "PIC ";
  if (integer > 0) absl::StrAppend(&text, "9(", integer, ")");
  if (picture.scale > 0) absl::StrAppend(&text, "V9(", picture.scale, ")");
  return text;
}

absl::Status Invalid(std::string_view what) { return absl::InvalidArgumentError(ToAbsl(what)); }

// The canonical decimal of `digits` (the value times 10^scale, leading zeros allowed).
std::string Canonical(bool negative, std::string_view digits, int scale) {
  std::string integer(digits.substr(0, digits.size() - scale));
  std::string_view fraction = digits.substr(digits.size() - scale);
  const size_t first = integer.find_first_not_of('0');
  integer = first == std::string::npos ? "0" : integer.substr(first);
  const bool zero = integer == "0" && fraction.find_first_not_of('0') == std::string_view::npos;
  std::string out = negative && !zero ? "-" : "";
  out += integer;
  if (scale > 0) absl::StrAppend(&out, ".", ToAbsl(fraction));
  return out;
}

bool IsNegativeSign(uint8_t nibble) { return nibble == 0xD || nibble == 0xB; }
bool IsSign(uint8_t nibble) { return nibble >= 0xA; }

// Zoned decimal helpers: the digit and sign of one byte, false when it is not a digit byte.
bool EbcdicDigit(uint8_t byte, int* digit, uint8_t* zone) {
  *digit = byte & 0x0F;
  *zone = byte >> 4;
  return *digit <= 9;
}

// An ASCII byte carrying a digit and maybe an overpunched sign.
bool AsciiDigit(uint8_t byte, int* digit, bool* negative, bool* overpunched) {
  *overpunched = true;
  *negative = false;
  if (byte >= '0' && byte <= '9') {
    *digit = byte - '0';
    *overpunched = false;
    return true;
  }
  if (byte >= 'p' && byte <= 'y') {  // Micro Focus and GnuCOBOL: 0x70 | digit is negative
    *digit = byte - 'p';
    *negative = true;
    return true;
  }
  if (byte == '{' || (byte >= 'A' && byte <= 'I')) {  // IBM convention, positive
    *digit = byte == '{' ? 0 : byte - 'A' + 1;
    return true;
  }
  if (byte == '}' || (byte >= 'J' && byte <= 'R')) {  // IBM convention, negative
    *digit = byte == '}' ? 0 : byte - 'J' + 1;
    *negative = true;
    return true;
  }
  return false;
}

// Reads `digits` (value times 10^scale, no sign) as an unsigned 64-bit integer.
bool ToUint64(std::string_view digits, uint64_t* value) {
  *value = 0;
  for (char c : digits) {
    const auto digit = static_cast<uint64_t>(c - '0');
    if (*value > (std::numeric_limits<uint64_t>::max() - digit) / 10) return false;
    *value = *value * 10 + digit;
  }
  return true;
}

// Writes the sign of a zoned decimal into its sign position `at`, which holds `digit`: the
// EBCDIC zone, or an ASCII overpunch letter (IBM's {A-I}J-R, or p-y for negatives otherwise).
void Overpunch(int digit, bool negative, const ZonedFormat& format, char* at) {
  if (format.ebcdic) {
    *at = static_cast<char>((negative ? 0xD0 : 0xC0) | digit);
  } else if (negative) {
    *at = static_cast<char>(format.ascii_ibm_overpunch ? (digit == 0 ? '}' : 'J' + digit - 1)
                                                       : 'p' + digit);
  } else if (format.ascii_ibm_overpunch) {
    *at = static_cast<char>(digit == 0 ? '{' : 'A' + digit - 1);
  }
}

}  // namespace

absl::Status ScaledDigits(std::string_view decimal, const Picture& picture, bool* negative,
                          std::string* digits) {
  if (absl::Status status = CheckPicture(picture); !status.ok()) return status;
  std::string_view text = decimal;
  *negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    *negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (integer.empty() && fraction.empty()) return Invalid("is not a decimal number");
  for (std::string_view part : {integer, fraction}) {
    for (char c : part) {
      if (!IsDigit(c)) return Invalid("is not a decimal number");
    }
  }
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  // Trailing fraction zeros are not significant; others past the scale would be lost.
  while (static_cast<int>(fraction.size()) > picture.scale && fraction.back() == '0') {
    fraction.remove_suffix(1);
  }
  if (static_cast<int>(fraction.size()) > picture.scale) {
    return Invalid(StrCat("has more than ", picture.scale, " fraction digits; ", Describe(picture),
                          " would have to round it"));
  }
  const int integer_room = picture.digits - picture.scale;
  if (static_cast<int>(integer.size()) > integer_room) {
    return Invalid(StrCat("needs ", integer.size(), " integer digits; ", Describe(picture),
                          " holds ", integer_room));
  }
  digits->assign(static_cast<size_t>(integer_room) - integer.size(), '0');
  digits->append(integer);
  digits->append(fraction);
  digits->append(static_cast<size_t>(picture.scale) - fraction.size(), '0');
  const bool zero = digits->find_first_not_of('0') == std::string::npos;
  if (zero) *negative = false;
  if (*negative && !picture.is_signed) {
    return Invalid(StrCat("is negative; ", Describe(picture), " has no sign"));
  }
  return absl::OkStatus();
}

absl::Status DecodePacked(std::string_view bytes, const Picture& picture, std::string* decimal) {
  if (absl::Status status = CheckPicture(picture); !status.ok()) return status;
  if (static_cast<int>(bytes.size()) != PackedSize(picture.digits)) {
    return Invalid(StrCat("packed decimal of ", picture.digits, " digits needs ",
                          PackedSize(picture.digits), " bytes, got ", bytes.size()));
  }
  std::string digits;
  digits.reserve(bytes.size() * 2);
  const size_t nibbles = bytes.size() * 2;
  // An even digit count leaves the first nibble unused; it must be zero.
  const size_t pad = nibbles - 1 - static_cast<size_t>(picture.digits);
  for (size_t i = 0; i + 1 < nibbles; ++i) {
    const auto byte = static_cast<uint8_t>(bytes[i / 2]);
    const uint8_t nibble = i % 2 == 0 ? byte >> 4 : byte & 0x0F;
    if (nibble > 9) {
      return Invalid(StrCat("packed decimal has nibble ", absl::Hex(nibble), " at byte ", i / 2,
                            " where a digit goes"));
    }
    if (i < pad) {
      if (nibble != 0) return Invalid("packed decimal has a digit in its unused first nibble");
      continue;
    }
    digits.push_back(static_cast<char>('0' + nibble));
  }
  const uint8_t sign = static_cast<uint8_t>(bytes.back()) & 0x0F;
  if (!IsSign(sign)) {
    return Invalid(
        StrCat("packed decimal ends in nibble ", static_cast<int>(sign), ", not a sign (A-F)"));
  }
  const bool negative = IsNegativeSign(sign);
  if (negative && !picture.is_signed) {
    return Invalid(StrCat("packed decimal is negative but ", Describe(picture), " has no sign"));
  }
  *decimal = Canonical(negative, digits, picture.scale);
  return absl::OkStatus();
}

absl::Status EncodePacked(std::string_view decimal, const Picture& picture, std::string* out) {
  bool negative = false;
  std::string digits;
  if (absl::Status status = ScaledDigits(decimal, picture, &negative, &digits); !status.ok()) {
    return status;
  }
  // A leading zero nibble when the digit count is even, then the sign nibble.
  if (digits.size() % 2 == 0) digits.insert(digits.begin(), '0');
  const uint8_t sign = !picture.is_signed ? 0xF : (negative ? 0xD : 0xC);
  for (size_t i = 0; i < digits.size(); i += 2) {
    const auto high = static_cast<uint8_t>(digits[i] - '0');
    const uint8_t low = i + 1 < digits.size() ? static_cast<uint8_t>(digits[i + 1] - '0') : sign;
    out->push_back(static_cast<char>((high << 4) | low));
  }
  return absl::OkStatus();
}

absl::Status DecodeZoned(std::string_view bytes, const Picture& picture, const ZonedFormat& format,
                         std::string* decimal) {
  if (absl::Status status = CheckPicture(picture); !status.ok()) return status;
  if (static_cast<int>(bytes.size()) != ZonedSize(picture, format)) {
    return Invalid(StrCat("zoned decimal of ", picture.digits, " digits needs ",
                          ZonedSize(picture, format), " bytes, got ", bytes.size()));
  }
  bool negative = false;
  std::string_view body = bytes;
  if (picture.is_signed && format.sign_separate) {
    const auto sign = static_cast<uint8_t>(format.sign_leading ? body.front() : body.back());
    const uint8_t plus = format.ebcdic ? 0x4E : '+';
    const uint8_t minus = format.ebcdic ? 0x60 : '-';
    if (sign != plus && sign != minus)
      return Invalid("zoned decimal's separate sign is not + or -");
    negative = sign == minus;
    body = format.sign_leading ? body.substr(1) : body.substr(0, body.size() - 1);
  }
  const size_t sign_at = format.sign_leading ? 0 : body.size() - 1;
  const bool overpunch = picture.is_signed && !format.sign_separate;
  std::string digits;
  digits.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    const auto byte = static_cast<uint8_t>(body[i]);
    int digit = 0;
    if (format.ebcdic) {
      uint8_t zone = 0;
      const bool signed_here = i == sign_at;
      if (!EbcdicDigit(byte, &digit, &zone) || (signed_here ? zone < 0xA : zone != 0xF)) {
        return Invalid(StrCat("zoned decimal has byte ", absl::Hex(byte), " at offset ", i,
                              " where a digit goes"));
      }
      if (signed_here && IsNegativeSign(zone)) {
        if (!overpunch) return Invalid("zoned decimal is negative but the picture has no sign");
        negative = true;
      }
    } else {
      bool minus = false;
      bool overpunched = false;
      if (!AsciiDigit(byte, &digit, &minus, &overpunched) || (overpunched && i != sign_at)) {
        return Invalid(StrCat("zoned decimal has byte ", absl::Hex(byte), " at offset ", i,
                              " where a digit goes"));
      }
      if (minus) {
        if (!overpunch) return Invalid("zoned decimal is negative but the picture has no sign");
        negative = true;
      }
    }
    digits.push_back(static_cast<char>('0' + digit));
  }
  *decimal = Canonical(negative, digits, picture.scale);
  return absl::OkStatus();
}

absl::Status EncodeZoned(std::string_view decimal, const Picture& picture,
                         const ZonedFormat& format, std::string* out) {
  bool negative = false;
  std::string digits;
  if (absl::Status status = ScaledDigits(decimal, picture, &negative, &digits); !status.ok()) {
    return status;
  }
  std::string body;
  body.reserve(digits.size());
  for (char c : digits) {
    const int digit = c - '0';
    body.push_back(static_cast<char>(format.ebcdic ? 0xF0 | digit : '0' + digit));
  }
  if (picture.is_signed && format.sign_separate) {
    const char sign =
        static_cast<char>(format.ebcdic ? (negative ? 0x60 : 0x4E) : (negative ? '-' : '+'));
    body = format.sign_leading ? sign + body : body + sign;
  } else if (picture.is_signed) {
    Overpunch((format.sign_leading ? digits.front() : digits.back()) - '0', negative, format,
              format.sign_leading ? &body.front() : &body.back());
  }
  out->append(body);
  return absl::OkStatus();
}

absl::Status DecodeBinary(std::string_view bytes, const Picture& picture, bool big_endian,
                          bool limit_digits, std::string* decimal) {
  if (absl::Status status = CheckPicture(picture); !status.ok()) return status;
  const size_t size = bytes.size();
  if (size != 1 && size != 2 && size != 4 && size != 8) {
    return Invalid(StrCat("binary field of ", size, " bytes (1, 2, 4 or 8 expected)"));
  }
  uint64_t raw = 0;
  for (size_t i = 0; i < size; ++i) {
    const auto byte = static_cast<uint8_t>(bytes[big_endian ? i : size - 1 - i]);
    raw = (raw << 8) | byte;
  }
  bool negative = false;
  uint64_t magnitude = raw;
  if (picture.is_signed && size < 8 && (raw >> (size * 8 - 1)) != 0) {
    negative = true;
    magnitude = (uint64_t{1} << (size * 8)) - raw;
  } else if (picture.is_signed && size == 8 && (raw >> 63) != 0) {
    negative = true;
    magnitude = ~raw + 1;  // two's complement, INT64_MIN included
  }
  std::string digits = StrCat(magnitude);
  if (limit_digits && static_cast<int>(digits.size()) > picture.digits) {
    return Invalid(StrCat("binary value has more digits than ", Describe(picture), " allows"));
  }
  if (static_cast<int>(digits.size()) <= picture.scale) {
    digits.insert(0, static_cast<size_t>(picture.scale) + 1 - digits.size(), '0');
  }
  *decimal = Canonical(negative, digits, picture.scale);
  return absl::OkStatus();
}

absl::Status EncodeBinary(std::string_view decimal, const Picture& picture, int size,
                          bool big_endian, bool limit_digits, std::string* out) {
  if (size != 1 && size != 2 && size != 4 && size != 8) {
    return Invalid(StrCat("binary field of ", size, " bytes (1, 2, 4 or 8 expected)"));
  }
  // Without the digit limit (COMP-5) the storage, not the picture, bounds the integer part.
  Picture room = picture;
  if (!limit_digits) room.digits = std::max(picture.digits, 20 + picture.scale);
  bool negative = false;
  std::string digits;
  if (absl::Status status = ScaledDigits(decimal, room, &negative, &digits); !status.ok()) {
    return status;
  }
  uint64_t magnitude = 0;
  const int bits = size * 8;
  const uint64_t max_positive =
      picture.is_signed
          ? (uint64_t{1} << (bits - 1)) - 1
          : (bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << bits) - 1);
  const uint64_t max_magnitude = negative ? max_positive + 1 : max_positive;
  if (!ToUint64(digits, &magnitude) || magnitude > max_magnitude) {
    return Invalid(StrCat("does not fit ", size, " bytes of binary"));
  }
  const uint64_t raw = negative ? ~magnitude + 1 : magnitude;
  for (int i = 0; i < size; ++i) {
    const int shift = big_endian ? (size - 1 - i) * 8 : i * 8;
    out->push_back(static_cast<char>((raw >> shift) & 0xFF));
  }
  return absl::OkStatus();
}

absl::Status DecodeFloat(std::string_view bytes, bool ibm_hex, double* value) {
  const size_t size = bytes.size();
  if (size != 4 && size != 8) return Invalid("floating point field of neither 4 nor 8 bytes");
  uint64_t raw = 0;
  for (char c : bytes) raw = (raw << 8) | static_cast<uint8_t>(c);
  if (!ibm_hex) {
    if (size == 4) {
      const auto bits = static_cast<uint32_t>(raw);
      float f = 0;
      std::memcpy(&f, &bits, sizeof(f));
      *value = f;
    } else {
      std::memcpy(value, &raw, sizeof(*value));
    }
    return absl::OkStatus();
  }
  // IBM: sign, 7-bit excess-64 exponent of 16, fraction 0.F (24 or 56 bits).
  const int fraction_bits = size == 4 ? 24 : 56;
  const bool negative = (raw >> (size * 8 - 1)) & 1;
  const int exponent = static_cast<int>((raw >> fraction_bits) & 0x7F) - 64;
  const uint64_t fraction = raw & ((uint64_t{1} << fraction_bits) - 1);
  const double magnitude = std::ldexp(static_cast<double>(fraction), 4 * exponent - fraction_bits);
  *value = negative ? -magnitude : magnitude;
  return absl::OkStatus();
}

absl::Status EncodeFloat(double value, int size, bool ibm_hex, std::string* out) {
  if (size != 4 && size != 8) return Invalid("floating point field of neither 4 nor 8 bytes");
  if (!std::isfinite(value)) return Invalid("is not a finite number");
  uint64_t raw = 0;
  if (!ibm_hex) {
    if (size == 4) {
      const auto f = static_cast<float>(value);
      if (!std::isfinite(f)) return Invalid("does not fit a 4-byte float");
      uint32_t bits = 0;
      std::memcpy(&bits, &f, sizeof(bits));
      raw = bits;
    } else {
      std::memcpy(&raw, &value, sizeof(raw));
    }
  } else if (value != 0) {
    const int fraction_bits = size == 4 ? 24 : 56;
    const bool negative = value < 0;
    int binary_exponent = 0;
    std::frexp(std::fabs(value), &binary_exponent);  // |value| = m * 2^e, 0.5 <= m < 1
    // Smallest power of 16 above |value|: 16^e16 > |value| >= 16^(e16-1).
    int e16 = binary_exponent >= 0 ? (binary_exponent + 3) / 4 : -((-binary_exponent) / 4);
    double fraction = std::ldexp(std::fabs(value), fraction_bits - 4 * e16);
    auto digits = static_cast<uint64_t>(std::llround(fraction));
    if (digits >> fraction_bits) {  // rounding carried into a new hex digit
      digits >>= 4;
      ++e16;
    }
    if (e16 + 64 > 127) return Invalid("is too large for IBM hexadecimal floating point");
    if (e16 + 64 < 0) return Invalid("is too small for IBM hexadecimal floating point");
    raw = (uint64_t{negative} << (size * 8 - 1)) |
          (static_cast<uint64_t>(e16 + 64) << fraction_bits) | digits;
  }
  for (int i = size - 1; i >= 0; --i) out->push_back(static_cast<char>((raw >> (i * 8)) & 0xFF));
  return absl::OkStatus();
}

namespace {

// Powers of ten that fit a uint64: kPow10[n] = 10^n, n = 0..19.
constexpr uint64_t kPow10[20] = {1ULL,
                                 10ULL,
                                 100ULL,
                                 1000ULL,
                                 10000ULL,
                                 100000ULL,
                                 1000000ULL,
                                 10000000ULL,
                                 100000000ULL,
                                 1000000000ULL,
                                 10000000000ULL,
                                 100000000000ULL,
                                 1000000000000ULL,
                                 10000000000000ULL,
                                 100000000000000ULL,
                                 1000000000000000ULL,
                                 10000000000000000ULL,
                                 100000000000000000ULL,
                                 1000000000000000000ULL,
                                 10000000000000000000ULL};

// True when `magnitude` has at most `digits` decimal digits.
bool FitsDigits(uint64_t magnitude, int digits) {
  return digits >= 20 || magnitude < kPow10[digits];
}

// The pictures the integer paths take: valid and at most 18 digits, so any value fits int64.
bool IntPicture(const Picture& picture) {
  return picture.digits >= 1 && picture.digits <= 18 && picture.scale >= 0 &&
         picture.scale <= picture.digits;
}

// Packed byte -> its two digits as a number (0-99), or -1 when a nibble is not a digit: one
// lookup per byte instead of two nibble tests.
struct PackedPairs {
  int8_t value[256];
  constexpr PackedPairs() : value() {
    for (int byte = 0; byte < 256; ++byte) {
      value[byte] = (byte >> 4) <= 9 && (byte & 0xF) <= 9
                        ? static_cast<int8_t>((byte >> 4) * 10 + (byte & 0xF))
                        : static_cast<int8_t>(-1);
    }
  }
};
constexpr PackedPairs kPackedPairs;

// Writes the decimal digits of `value` right-aligned in `out[0, width)`, zero-filled.
void PutDigits(uint64_t value, char zero, char* out, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>(zero + static_cast<char>(value % 10));
    value /= 10;
  }
}

}  // namespace

bool DecodePackedInt(std::string_view bytes, const Picture& picture, int64_t* scaled) {
  if (!IntPicture(picture) || static_cast<int>(bytes.size()) != PackedSize(picture.digits)) {
    return false;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t last = bytes.size() - 1;
  // An even digit count leaves the first nibble unused; it must be zero.
  if (picture.digits % 2 == 0 && (p[0] >> 4) != 0) return false;
  uint64_t value = 0;
  for (size_t i = 0; i < last; ++i) {
    const int pair = kPackedPairs.value[p[i]];
    if (pair < 0) return false;
    value = value * 100 + static_cast<uint64_t>(pair);
  }
  const uint8_t high = p[last] >> 4;
  const uint8_t sign = p[last] & 0x0F;
  if (high > 9 || !IsSign(sign)) return false;
  value = value * 10 + high;
  const bool negative = IsNegativeSign(sign);
  if (negative && !picture.is_signed) return false;
  *scaled = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

bool DecodeZonedInt(std::string_view bytes, const Picture& picture, const ZonedFormat& format,
                    int64_t* scaled) {
  if (!IntPicture(picture) || (picture.is_signed && format.sign_separate) ||
      static_cast<int>(bytes.size()) != picture.digits) {
    return false;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  const size_t sign_at = format.sign_leading ? 0 : size - 1;
  const uint8_t zero = format.ebcdic ? 0xF0 : '0';
  uint64_t value = 0;
  bool negative = false;
  for (size_t i = 0; i < size; ++i) {
    uint8_t digit = static_cast<uint8_t>(p[i] - zero);
    if (digit > 9) {
      if (i != sign_at) return false;
      // The sign byte: EBCDIC C/D/... zones; ASCII only GnuCOBOL's negative 'p'-'y' here,
      // the IBM overpunch letters take the string path.
      if (format.ebcdic) {
        digit = p[i] & 0x0F;
        if (digit > 9 || (p[i] >> 4) < 0xA) return false;
        negative = IsNegativeSign(p[i] >> 4);
      } else {
        digit = static_cast<uint8_t>(p[i] - 'p');
        if (digit > 9) return false;
        negative = true;
      }
      if (negative && !picture.is_signed) return false;
    }
    value = value * 10 + digit;
  }
  *scaled = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

bool DecodeBinaryInt(std::string_view bytes, const Picture& picture, bool big_endian,
                     bool limit_digits, int64_t* scaled) {
  const size_t size = bytes.size();
  if ((size != 1 && size != 2 && size != 4 && size != 8) || picture.digits < 1 ||
      picture.digits > 38 || picture.scale < 0 || picture.scale > picture.digits) {
    return false;
  }
  uint64_t raw = 0;
  for (size_t i = 0; i < size; ++i) {
    raw = (raw << 8) | static_cast<uint8_t>(bytes[big_endian ? i : size - 1 - i]);
  }
  const int bits = static_cast<int>(size) * 8;
  int64_t value = 0;
  if (picture.is_signed && (raw >> (bits - 1)) != 0) {
    value = bits == 64 ? static_cast<int64_t>(raw)
                       : static_cast<int64_t>(raw) - static_cast<int64_t>(uint64_t{1} << bits);
  } else if (raw > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return false;
  } else {
    value = static_cast<int64_t>(raw);
  }
  const uint64_t magnitude = value < 0 ? ~static_cast<uint64_t>(value) + 1 : raw;
  if (limit_digits && !FitsDigits(magnitude, picture.digits)) return false;
  *scaled = value;
  return true;
}

bool EncodePackedInt(int64_t scaled, const Picture& picture, char* out) {
  if (!IntPicture(picture)) return false;
  const bool negative = scaled < 0;
  const uint64_t magnitude =
      negative ? ~static_cast<uint64_t>(scaled) + 1 : static_cast<uint64_t>(scaled);
  if (!FitsDigits(magnitude, picture.digits) || (negative && !picture.is_signed)) return false;
  const int size = PackedSize(picture.digits);
  uint64_t rest = magnitude / 10;
  const uint8_t sign = !picture.is_signed ? 0xF : (negative ? 0xD : 0xC);
  out[size - 1] = static_cast<char>(((magnitude % 10) << 4) | sign);
  for (int i = size - 2; i >= 0; --i) {
    const uint64_t pair = rest % 100;
    rest /= 100;
    out[i] = static_cast<char>(((pair / 10) << 4) | (pair % 10));
  }
  return true;
}

bool EncodeZonedInt(int64_t scaled, const Picture& picture, const ZonedFormat& format, char* out) {
  if (!IntPicture(picture) || (picture.is_signed && format.sign_separate)) return false;
  const bool negative = scaled < 0;
  const uint64_t magnitude =
      negative ? ~static_cast<uint64_t>(scaled) + 1 : static_cast<uint64_t>(scaled);
  if (!FitsDigits(magnitude, picture.digits) || (negative && !picture.is_signed)) return false;
  const char zero = static_cast<char>(format.ebcdic ? 0xF0 : '0');
  PutDigits(magnitude, zero, out, picture.digits);
  if (picture.is_signed) {
    char* at = &out[format.sign_leading ? 0 : picture.digits - 1];
    Overpunch(static_cast<uint8_t>(*at - zero), negative, format, at);
  }
  return true;
}

bool EncodeBinaryInt(int64_t scaled, const Picture& picture, int size, bool big_endian,
                     bool limit_digits, char* out) {
  if ((size != 1 && size != 2 && size != 4 && size != 8) || picture.digits < 1 ||
      picture.digits > 38 || picture.scale < 0 || picture.scale > picture.digits) {
    return false;
  }
  const bool negative = scaled < 0;
  const uint64_t magnitude =
      negative ? ~static_cast<uint64_t>(scaled) + 1 : static_cast<uint64_t>(scaled);
  if (negative && !picture.is_signed) return false;
  if (limit_digits && !FitsDigits(magnitude, picture.digits)) return false;
  const int bits = size * 8;
  const uint64_t max_positive =
      picture.is_signed
          ? (uint64_t{1} << (bits - 1)) - 1
          : (bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << bits) - 1);
  if (magnitude > (negative ? max_positive + 1 : max_positive)) return false;
  const auto raw = static_cast<uint64_t>(scaled);
  for (int i = 0; i < size; ++i) {
    const int shift = big_endian ? (size - 1 - i) * 8 : i * 8;
    out[i] = static_cast<char>((raw >> shift) & 0xFF);
  }
  return true;
}

void AppendScaled(int64_t scaled, int scale, std::string* decimal) {
  const bool negative = scaled < 0;
  const uint64_t magnitude =
      negative ? ~static_cast<uint64_t>(scaled) + 1 : static_cast<uint64_t>(scaled);
  // At most 20 digits, a sign, a point and, for |value| < 1, the leading "0".
  char text[48];
  char* end = text + sizeof(text);
  char* at = end;
  uint64_t rest = magnitude;
  for (int i = 0; i < scale; ++i) {
    *--at = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  if (scale > 0) *--at = '.';
  do {
    *--at = static_cast<char>('0' + rest % 10);
    rest /= 10;
  } while (rest != 0);
  if (negative) *--at = '-';
  decimal->append(at, static_cast<size_t>(end - at));
}

}  // namespace dragoman::records
