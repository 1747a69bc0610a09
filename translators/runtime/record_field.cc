#include "translators/runtime/record_field.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "translators/runtime/cobol_numeric.h"
#include "translators/runtime/strings.h"

namespace dragoman::records {
namespace {

std::string HexOf(std::string_view bytes) {
  std::string hex;
  for (char c : bytes) absl::StrAppend(&hex, absl::Hex(static_cast<uint8_t>(c), absl::kZeroPad2));
  return hex;
}

absl::Status ReadError(const FieldLayout& field, std::string_view record, size_t at,
                       std::string_view why) {
  const size_t from = std::min(at, record.size());
  return absl::InvalidArgumentError(StrCat("field ", field.name, " at byte ", at, ": ", why,
                                           " (bytes ", HexOf(record.substr(from, field.length)),
                                           ")"));
}

absl::Status WriteError(const FieldLayout& field, size_t at, std::string_view why) {
  return absl::InvalidArgumentError(StrCat("field ", field.name, " at byte ", at, ": ", why));
}

// P positions (999PPP, VPPP999) are not stored: the stored digits form an integer scaled
// by 10^-scale.
bool PScaled(const FieldLayout& field) { return field.scale < 0 || field.scale > field.digits; }

Picture PictureOf(const FieldLayout& field) {
  return Picture{std::max<int>(field.digits, 1), PScaled(field) ? 0 : field.scale, field.is_signed};
}

ZonedFormat ZonedOf(const FieldLayout& field, const RecordDialect& dialect) {
  ZonedFormat format;
  format.ebcdic = IsEbcdic(*dialect.code_page);
  format.sign_leading = field.sign_leading;
  format.sign_separate = field.sign_separate;
  return format;
}

// An integer's decimal text divided by 10^scale (a negative scale multiplies).
std::string PlacePoint(const std::string& integer, int scale) {
  if (integer == "0") return integer;
  const bool negative = integer.front() == '-';
  std::string digits = negative ? integer.substr(1) : integer;
  if (scale < 0) {
    digits.append(static_cast<size_t>(-scale), '0');
  } else {
    if (static_cast<int>(digits.size()) <= scale) {
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return (negative ? "-" : "") + digits;
}

// The integer `decimal` * 10^scale as text; false when that is not an integer (digits would
// be lost) or `decimal` is not a decimal.
bool ShiftToInteger(std::string_view decimal, int scale, std::string* integer) {
  bool negative = false;
  if (!decimal.empty() && (decimal.front() == '-' || decimal.front() == '+')) {
    negative = decimal.front() == '-';
    decimal.remove_prefix(1);
  }
  const size_t point = decimal.find('.');
  std::string whole(decimal.substr(0, point));
  std::string fraction(point == std::string_view::npos ? "" : decimal.substr(point + 1));
  if (whole.empty() && fraction.empty()) return false;
  for (char c : whole + fraction) {
    if (c < '0' || c > '9') return false;
  }
  if (scale >= 0) {
    fraction.resize(std::max(fraction.size(), static_cast<size_t>(scale)), '0');
    whole += fraction.substr(0, static_cast<size_t>(scale));
    fraction.erase(0, static_cast<size_t>(scale));
  } else {
    const size_t move = std::min(whole.size(), static_cast<size_t>(-scale));
    fraction.insert(0, std::string(static_cast<size_t>(-scale) - move, '0'));
    fraction.insert(0, whole.substr(whole.size() - move));
    whole.resize(whole.size() - move);
  }
  if (fraction.find_first_not_of('0') != std::string::npos) return false;
  const size_t first = whole.find_first_not_of('0');
  whole = first == std::string::npos ? "0" : whole.substr(first);
  *integer = (negative && whole != "0" ? "-" : "") + whole;
  return true;
}

// The bytes of the item, or an error when the record is too short.
absl::Status FieldBytes(const FieldLayout& field, std::string_view record, size_t base,
                        std::string_view* bytes) {
  const size_t at = base + field.offset;
  if (at > record.size() || record.size() - at < field.length) {
    return ReadError(field, record, at, StrCat("the record ends at byte ", record.size()));
  }
  *bytes = record.substr(at, field.length);
  return absl::OkStatus();
}

absl::Status Place(const FieldLayout& field, std::string_view bytes, size_t base,
                   std::string* record) {
  const size_t at = base + field.offset;
  if (bytes.size() != field.length || at > record->size() || record->size() - at < bytes.size()) {
    return WriteError(field, at, "lies outside the record");
  }
  record->replace(at, bytes.size(), bytes.data(), bytes.size());
  return absl::OkStatus();
}

bool IsPlainDecimal(std::string_view text) {
  size_t i = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  bool digit = false;
  bool point = false;
  for (; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') {
      digit = true;
    } else if (text[i] == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digit;
}

// Whether the item's value goes through the int64 paths of cobol_numeric.h: a numeric kind
// whose stored digits carry the value as is (P positions need the string forms).
bool IntegerPath(const FieldLayout& field) {
  return (field.kind == FieldKind::kPacked || field.kind == FieldKind::kZoned ||
          field.kind == FieldKind::kBinary || field.kind == FieldKind::kNativeBinary) &&
         !PScaled(field);
}

// Reads the item's stored integer through the int64 paths; false when they do not take it
// (the string forms then decide, errors included).
bool ReadScaled(const FieldLayout& field, std::string_view bytes, const RecordDialect& dialect,
                int64_t* scaled) {
  const Picture picture = PictureOf(field);
  switch (field.kind) {
    case FieldKind::kPacked:
      return DecodePackedInt(bytes, picture, scaled);
    case FieldKind::kZoned:
      return DecodeZonedInt(bytes, picture, ZonedOf(field, dialect), scaled);
    case FieldKind::kBinary:
    case FieldKind::kNativeBinary:
      return DecodeBinaryInt(bytes, picture,
                             field.kind == FieldKind::kBinary || !dialect.native_little_endian,
                             field.kind == FieldKind::kBinary, scaled);
    default:
      return false;
  }
}

// Writes stored integer `scaled` into the item through the int64 paths; false, the record
// untouched, when they do not take it.
bool WriteScaled(const FieldLayout& field, int64_t scaled, const RecordDialect& dialect,
                 size_t base, std::string* record) {
  const size_t at = base + field.offset;
  if (at > record->size() || record->size() - at < field.length) return false;
  if (field.blank_when_zero && scaled == 0) return false;
  const Picture picture = PictureOf(field);
  char* out = record->data() + at;
  switch (field.kind) {
    case FieldKind::kPacked:
      return static_cast<int>(field.length) == PackedSize(picture.digits) &&
             EncodePackedInt(scaled, picture, out);
    case FieldKind::kZoned: {
      const ZonedFormat format = ZonedOf(field, dialect);
      return static_cast<int>(field.length) == ZonedSize(picture, format) &&
             EncodeZonedInt(scaled, picture, format, out);
    }
    case FieldKind::kBinary:
    case FieldKind::kNativeBinary:
      return EncodeBinaryInt(scaled, picture, static_cast<int>(field.length),
                             field.kind == FieldKind::kBinary || !dialect.native_little_endian,
                             field.kind == FieldKind::kBinary, out);
    default:
      return false;
  }
}

// `decimal` ("-12.5", "+7", ".25") times 10^scale as an int64 when that is exact and has at
// most 18 digits; false otherwise, for the string forms to decide.
bool ParseScaled(std::string_view decimal, int scale, int64_t* scaled) {
  if (scale < 0 || scale > 18) return false;
  size_t i = 0;
  bool negative = false;
  if (!decimal.empty() && (decimal[0] == '-' || decimal[0] == '+')) {
    negative = decimal[0] == '-';
    i = 1;
  }
  uint64_t value = 0;
  int significant = 0;
  int fraction = -1;  // digits after the point, -1 before it
  bool digit = false;
  for (; i < decimal.size(); ++i) {
    const char c = decimal[i];
    if (c == '.' && fraction < 0) {
      fraction = 0;
      continue;
    }
    if (c < '0' || c > '9') return false;
    digit = true;
    if (fraction >= 0 && ++fraction > scale) return false;
    if (value != 0 || c != '0') ++significant;
    if (significant > 18) return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (!digit) return false;
  for (int k = std::max(fraction, 0); k < scale; ++k) {
    if (value != 0 && ++significant > 18) return false;
    value *= 10;
  }
  *scaled = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

std::string ShortestDouble(double value) {
  char text[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

}  // namespace

bool IsEbcdic(const CodePage& page) { return page.name() != "ascii" && page.name() != "latin1"; }

absl::Status ReadText(const FieldLayout& field, std::string_view record, size_t base,
                      const RecordDialect& dialect, std::string* utf8, bool keep_padding) {
  std::string_view bytes;
  if (absl::Status status = FieldBytes(field, record, base, &bytes); !status.ok()) return status;
  const size_t at = base + field.offset;
  utf8->clear();
  if (field.kind != FieldKind::kNational) {
    // Trim the bytes before decoding (a byte is padding when it is the page's U+0020), so
    // only kept characters are written, into room made once. A failure takes the path below,
    // whose message names the offset within the whole item.
    const CodePage& page = *dialect.code_page;
    size_t begin = 0;
    size_t end = bytes.size();
    if (!keep_padding && field.justified) {
      while (begin < end && page.DecodeChar(static_cast<uint8_t>(bytes[begin])) == U' ') ++begin;
    } else if (!keep_padding) {
      while (end > begin && page.DecodeChar(static_cast<uint8_t>(bytes[end - 1])) == U' ') --end;
    }
    if (page.Decode(bytes.substr(begin, end - begin), utf8).ok()) return absl::OkStatus();
    utf8->clear();
  }
  if (field.kind == FieldKind::kNational) {
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
      char32_t unit = (static_cast<uint8_t>(bytes[i]) << 8) | static_cast<uint8_t>(bytes[i + 1]);
      if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < bytes.size()) {
        const char32_t low =
            (static_cast<uint8_t>(bytes[i + 2]) << 8) | static_cast<uint8_t>(bytes[i + 3]);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
          i += 2;
        }
      }
      if (unit >= 0xD800 && unit <= 0xDFFF) {
        return ReadError(field, record, at, "holds an unpaired UTF-16 surrogate");
      }
      AppendUtf8(unit, utf8);
    }
  } else if (absl::Status status = dialect.code_page->Decode(bytes, utf8); !status.ok()) {
    return ReadError(field, record, at, ToStd(status.message()));
  }
  if (keep_padding) return absl::OkStatus();
  if (field.justified) {
    utf8->erase(0, std::min(utf8->size(), utf8->find_first_not_of(' ')));
  } else {
    const size_t last = utf8->find_last_not_of(' ');
    utf8->resize(last == std::string::npos ? 0 : last + 1);
  }
  return absl::OkStatus();
}

absl::Status AppendText(const FieldLayout& field, std::string_view record, size_t base,
                        const RecordDialect& dialect, std::string* utf8) {
  const size_t start = utf8->size();
  const size_t at = base + field.offset;
  if (field.kind != FieldKind::kNational && at <= record.size() &&
      record.size() - at >= field.length) {
    // As ReadText's fast path, decoding straight onto the end of `utf8`.
    const std::string_view bytes = record.substr(at, field.length);
    const CodePage& page = *dialect.code_page;
    size_t begin = 0;
    size_t end = bytes.size();
    if (field.justified) {
      while (begin < end && page.DecodeChar(static_cast<uint8_t>(bytes[begin])) == U' ') ++begin;
    } else {
      while (end > begin && page.DecodeChar(static_cast<uint8_t>(bytes[end - 1])) == U' ') --end;
    }
    if (page.Decode(bytes.substr(begin, end - begin), utf8).ok()) return absl::OkStatus();
    utf8->resize(start);
  }
  std::string text;
  if (absl::Status status = ReadText(field, record, base, dialect, &text); !status.ok()) {
    return status;
  }
  utf8->append(text);
  return absl::OkStatus();
}

absl::Status ReadDecimal(const FieldLayout& field, std::string_view record, size_t base,
                         const RecordDialect& dialect, std::string* decimal) {
  std::string_view bytes;
  if (absl::Status status = FieldBytes(field, record, base, &bytes); !status.ok()) return status;
  const size_t at = base + field.offset;
  const Picture picture = PictureOf(field);
  absl::Status status;
  decimal->clear();
  if (field.blank_when_zero && bytes.find_first_not_of(static_cast<char>(
                                   dialect.code_page->space())) == std::string_view::npos) {
    *decimal = "0";
    return absl::OkStatus();
  }
  if (int64_t scaled = 0; IntegerPath(field) && ReadScaled(field, bytes, dialect, &scaled)) {
    AppendScaled(scaled, picture.scale, decimal);
    return absl::OkStatus();
  }
  switch (field.kind) {
    case FieldKind::kEdited: {
      std::string text;
      if (!dialect.code_page->Decode(bytes, &text).ok() || !EditedToDecimal(text, decimal)) {
        return ReadError(field, record, at, "not a numeric-edited value");
      }
      return absl::OkStatus();
    }
    case FieldKind::kText:
    case FieldKind::kNational:
      return ReadError(field, record, at, "is text, not a number");
    case FieldKind::kPacked:
      status = DecodePacked(bytes, picture, decimal);
      break;
    case FieldKind::kBinary:
    case FieldKind::kNativeBinary: {
      const bool big_endian = field.kind == FieldKind::kBinary || !dialect.native_little_endian;
      status = DecodeBinary(bytes, picture, big_endian, field.kind == FieldKind::kBinary, decimal);
      break;
    }
    case FieldKind::kFloat: {
      double value = 0;
      status = DecodeFloat(bytes, dialect.ibm_float, &value);
      if (status.ok()) *decimal = ShortestDouble(value);
      break;
    }
    case FieldKind::kZoned:
      status = DecodeZoned(bytes, picture, ZonedOf(field, dialect), decimal);
      break;
  }
  if (!status.ok()) return ReadError(field, record, at, ToStd(status.message()));
  if (PScaled(field) && field.kind != FieldKind::kFloat) {
    *decimal = PlacePoint(*decimal, field.scale);
  }
  return absl::OkStatus();
}

absl::Status ReadInt64(const FieldLayout& field, std::string_view record, size_t base,
                       const RecordDialect& dialect, int64_t* value) {
  if (IntegerPath(field) && field.scale == 0) {
    std::string_view bytes;
    if (FieldBytes(field, record, base, &bytes).ok() && ReadScaled(field, bytes, dialect, value)) {
      return absl::OkStatus();
    }
  }
  std::string decimal;
  if (absl::Status status = ReadDecimal(field, record, base, dialect, &decimal); !status.ok()) {
    return status;
  }
  if (!absl::SimpleAtoi(decimal, value)) {
    return ReadError(field, record, base + field.offset, "does not hold a 64-bit integer");
  }
  return absl::OkStatus();
}

absl::Status ReadDouble(const FieldLayout& field, std::string_view record, size_t base,
                        const RecordDialect& dialect, double* value) {
  std::string_view bytes;
  if (absl::Status status = FieldBytes(field, record, base, &bytes); !status.ok()) return status;
  if (absl::Status status = DecodeFloat(bytes, dialect.ibm_float, value); !status.ok()) {
    return ReadError(field, record, base + field.offset, ToStd(status.message()));
  }
  return absl::OkStatus();
}

absl::Status WriteText(const FieldLayout& field, std::string_view utf8,
                       const RecordDialect& dialect, size_t base, std::string* record) {
  const size_t at = base + field.offset;
  if (field.kind != FieldKind::kNational && at <= record->size() &&
      record->size() - at >= field.length &&
      dialect.code_page->EncodeAsciiPadded(utf8, field.justified, record->data() + at,
                                           field.length)) {
    return absl::OkStatus();
  }
  std::string bytes;
  if (field.kind == FieldKind::kNational) {
    std::string units;
    // UTF-8 -> UTF-16BE through the code points the Latin-1 page would refuse: decode by hand.
    for (size_t i = 0; i < utf8.size();) {
      const auto lead = static_cast<uint8_t>(utf8[i]);
      const int extra = lead < 0x80    ? 0
                        : lead >= 0xF0 ? 3
                        : lead >= 0xE0 ? 2
                        : lead >= 0xC0 ? 1
                                       : -1;
      if (extra < 0 || i + static_cast<size_t>(extra) >= utf8.size()) {
        return WriteError(field, at, StrCat("invalid UTF-8 at offset ", i));
      }
      char32_t c = extra == 0 ? lead : lead & (0x3F >> extra);
      for (int k = 1; k <= extra; ++k) {
        const auto next = static_cast<uint8_t>(utf8[i + static_cast<size_t>(k)]);
        if ((next & 0xC0) != 0x80)
          return WriteError(field, at, StrCat("invalid UTF-8 at offset ", i));
        c = (c << 6) | (next & 0x3F);
      }
      i += static_cast<size_t>(extra) + 1;
      auto unit = [&bytes](char32_t u) {
        bytes.push_back(static_cast<char>(u >> 8));
        bytes.push_back(static_cast<char>(u & 0xFF));
      };
      if (c >= 0x10000) {
        unit(0xD800 + ((c - 0x10000) >> 10));
        unit(0xDC00 + ((c - 0x10000) & 0x3FF));
      } else {
        unit(c);
      }
    }
  } else if (absl::Status status = dialect.code_page->Encode(utf8, &bytes); !status.ok()) {
    return WriteError(field, at, ToStd(status.message()));
  }
  if (bytes.size() > field.length) {
    const size_t unit = field.kind == FieldKind::kNational ? 2 : 1;
    return WriteError(
        field, at,
        StrCat("holds ", bytes.size() / unit, " characters, room for ", field.length / unit));
  }
  std::string pad;
  if (field.kind == FieldKind::kNational) {
    for (size_t i = bytes.size(); i < field.length; i += 2) pad.append("\0 ", 2);
  } else {
    pad.assign(field.length - bytes.size(), static_cast<char>(dialect.code_page->space()));
  }
  bytes = field.justified ? pad + bytes : bytes + pad;
  return Place(field, bytes, base, record);
}

absl::Status WriteDecimal(const FieldLayout& field, std::string_view decimal,
                          const RecordDialect& dialect, size_t base, std::string* record) {
  if (int64_t value = 0; IntegerPath(field) && ParseScaled(decimal, field.scale, &value) &&
                         WriteScaled(field, value, dialect, base, record)) {
    return absl::OkStatus();
  }
  const size_t at = base + field.offset;
  std::string scaled;
  if (PScaled(field) && field.kind != FieldKind::kFloat) {
    if (!ShiftToInteger(decimal, field.scale, &scaled)) {
      return WriteError(field, at, "the value does not fit the P positions of its picture");
    }
    decimal = scaled;
  }
  const Picture picture = PictureOf(field);
  std::string bytes;
  absl::Status status;
  if (field.blank_when_zero && decimal.find_first_of("123456789") == std::string_view::npos &&
      IsPlainDecimal(decimal)) {
    bytes.assign(field.length, static_cast<char>(dialect.code_page->space()));
    return Place(field, bytes, base, record);
  }
  switch (field.kind) {
    case FieldKind::kText:
    case FieldKind::kNational:
    case FieldKind::kEdited:
      return WriteError(field, at, "is not a numeric item");
    case FieldKind::kPacked:
      status = EncodePacked(decimal, picture, &bytes);
      break;
    case FieldKind::kBinary:
    case FieldKind::kNativeBinary: {
      const bool big_endian = field.kind == FieldKind::kBinary || !dialect.native_little_endian;
      status = EncodeBinary(decimal, picture, static_cast<int>(field.length), big_endian,
                            field.kind == FieldKind::kBinary, &bytes);
      break;
    }
    case FieldKind::kFloat: {
      const std::string text(decimal);
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != 0) return WriteError(field, at, "is not a number");
      return WriteDouble(field, value, dialect, base, record);
    }
    case FieldKind::kZoned:
      status = EncodeZoned(decimal, picture, ZonedOf(field, dialect), &bytes);
      break;
  }
  if (!status.ok()) return WriteError(field, at, ToStd(status.message()));
  return Place(field, bytes, base, record);
}

absl::Status WriteInt64(const FieldLayout& field, int64_t value, const RecordDialect& dialect,
                        size_t base, std::string* record) {
  if (IntegerPath(field) && field.scale >= 0 && field.scale <= 18) {
    int64_t factor = 1;
    for (int i = 0; i < field.scale; ++i) factor *= 10;
    int64_t scaled = 0;
    if (!__builtin_mul_overflow(value, factor, &scaled) &&
        WriteScaled(field, scaled, dialect, base, record)) {
      return absl::OkStatus();
    }
  }
  char text[24];
  const int size = std::snprintf(text, sizeof(text), "%lld", static_cast<long long>(value));
  return WriteDecimal(field, std::string_view(text, static_cast<size_t>(size)), dialect, base,
                      record);
}

absl::Status WriteDouble(const FieldLayout& field, double value, const RecordDialect& dialect,
                         size_t base, std::string* record) {
  std::string bytes;
  if (absl::Status status =
          EncodeFloat(value, static_cast<int>(field.length), dialect.ibm_float, &bytes);
      !status.ok()) {
    return WriteError(field, base + field.offset, ToStd(status.message()));
  }
  return Place(field, bytes, base, record);
}

bool EditedToDecimal(std::string_view text, std::string* decimal) {
  bool negative = false;
  std::string digits;
  bool point = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '.' && !point) {
      point = true;
      digits.push_back('.');
    } else if (c == '-') {
      negative = true;
    } else if ((c == 'C' || c == 'D') && i + 1 < text.size() &&
               text[i + 1] == (c == 'C' ? 'R' : 'B')) {
      negative = true;
      ++i;
    } else if (c != ',' && c != ' ' && c != '+' && c != '$' && c != '*' && c != '/' && c != 'B') {
      return false;
    }
  }
  if (digits.empty() || digits == ".") return false;
  if (digits.front() == '.') digits.insert(digits.begin(), '0');
  if (digits.back() == '.') digits.pop_back();
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits = "0";
  } else if (digits[first] == '.') {
    digits = digits.substr(first - 1);
  } else {
    digits = digits.substr(first);
  }
  const bool zero = digits.find_first_of("123456789") == std::string::npos;
  *decimal = (negative && !zero ? "-" : "") + digits;
  return true;
}

namespace {

// A picture's symbols with repetitions expanded; "CR" and "DB" become 'C' and 'D'.
bool ExpandPicture(std::string_view picture, std::string* symbols) {
  for (size_t i = 0; i < picture.size(); ++i) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(picture[i])));
    if (c == '(') {
      const size_t close = picture.find(')', i);
      int count = 0;
      if (close == std::string_view::npos || symbols->empty() ||
          !absl::SimpleAtoi(ToAbsl(picture.substr(i + 1, close - i - 1)), &count) || count < 1 ||
          count > 256) {
        return false;
      }
      symbols->append(static_cast<size_t>(count - 1), symbols->back());
      i = close;
    } else if ((c == 'C' || c == 'D') && i + 1 < picture.size()) {
      symbols->push_back(c);
      ++i;  // the R of CR, the B of DB
    } else {
      symbols->push_back(c);
    }
  }
  return symbols->size() <= 256;
}

}  // namespace

bool EditNumber(std::string_view picture, std::string_view decimal, std::string* edited) {
  std::string symbols;
  if (!ExpandPicture(picture, &symbols) || !IsPlainDecimal(decimal)) return false;
  // The floating string: the first run of two or more '+', '-' or '$'. Its first symbol only
  // holds the sign or currency; the others are digit positions.
  size_t float_begin = std::string::npos;
  size_t float_end = std::string::npos;
  for (size_t i = 0; i + 1 < symbols.size(); ++i) {
    const char c = symbols[i];
    if ((c == '+' || c == '-' || c == '$') && symbols[i + 1] == c) {
      float_begin = i;
      float_end = i;
      while (float_end < symbols.size() &&
             (symbols[float_end] == c || symbols[float_end] == ',' || symbols[float_end] == 'B' ||
              symbols[float_end] == '0' || symbols[float_end] == '/')) {
        ++float_end;
      }
      break;
    }
  }
  const auto floating = [&](size_t i) { return i >= float_begin && i < float_end; };
  const auto is_digit_position = [&](size_t i) {
    const char c = symbols[i];
    if (floating(i)) return i != float_begin && c == symbols[float_begin];
    return c == '9' || c == 'Z' || c == '*';
  };
  int integer_positions = 0;
  int fraction_positions = 0;
  bool after_point = false;
  bool any_nine = false;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (symbols[i] == '.' || symbols[i] == 'V') after_point = true;
    if (!is_digit_position(i)) continue;
    ++(after_point ? fraction_positions : integer_positions);
    any_nine = any_nine || symbols[i] == '9';
  }
  const bool has_sign = symbols.find_first_of("+-CD") != std::string::npos;
  // The value's digits, aligned to the picture's positions.
  bool negative = decimal.front() == '-';
  if (decimal.front() == '+' || decimal.front() == '-') decimal.remove_prefix(1);
  const size_t point = decimal.find('.');
  std::string whole(decimal.substr(0, point));
  std::string fraction(point == std::string_view::npos ? "" : decimal.substr(point + 1));
  whole.erase(0, std::min(whole.size(), whole.find_first_not_of('0')));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (static_cast<int>(whole.size()) > integer_positions ||
      static_cast<int>(fraction.size()) > fraction_positions) {
    return false;
  }
  const bool zero = whole.empty() && fraction.empty();
  if (zero) negative = false;
  if (negative && !has_sign) return false;
  const std::string digits =
      std::string(static_cast<size_t>(integer_positions) - whole.size(), '0') + whole + fraction +
      std::string(static_cast<size_t>(fraction_positions) - fraction.size(), '0');
  const char fill = symbols.find('*') != std::string::npos ? '*' : ' ';
  std::string out;
  size_t next_digit = 0;
  bool significant = false;
  size_t last_float_fill = std::string::npos;
  bool float_placed = float_begin == std::string::npos;
  const char float_char = float_begin == std::string::npos ? ' '
                          : symbols[float_begin] == '$'    ? '$'
                          : negative                       ? '-'
                          : symbols[float_begin] == '+'    ? '+'
                                                           : ' ';
  const auto place_float = [&] {
    if (float_placed) return;
    float_placed = true;
    if (last_float_fill != std::string::npos) out[last_float_fill] = float_char;
  };
  for (size_t i = 0; i < symbols.size(); ++i) {
    const char c = symbols[i];
    if (is_digit_position(i)) {
      const char d = digits[next_digit++];
      const bool suppressible = c == 'Z' || c == '*' || floating(i);
      if (!significant && suppressible && d == '0') {
        out.push_back(floating(i) ? ' ' : fill);
        if (floating(i)) last_float_fill = out.size() - 1;
        continue;
      }
      place_float();
      significant = true;
      out.push_back(d);
      continue;
    }
    switch (c) {
      case '.':
        place_float();
        significant = true;
        out.push_back('.');
        break;
      case 'V':
        break;
      case ',':
      case 'B':
      case '0':
      case '/':
        if (significant) {
          out.push_back(c == 'B' ? ' ' : c);
        } else {
          out.push_back(floating(i) ? ' ' : fill);
          if (floating(i)) last_float_fill = out.size() - 1;
        }
        break;
      case '+':
      case '-':
      case '$':
        if (i == float_begin) {
          out.push_back(' ');
          last_float_fill = out.size() - 1;
        } else if (c == '$') {
          out.push_back('$');
        } else {
          out.push_back(negative ? '-' : c == '+' ? '+' : ' ');
        }
        break;
      case 'C':
        out.append(negative ? "CR" : "  ");
        break;
      case 'D':
        out.append(negative ? "DB" : "  ");
        break;
      default:  // S, P and others have no print position
        break;
    }
  }
  place_float();
  // A zero edited only through suppression prints nothing (asterisks with '*', point kept).
  if (zero && !any_nine) {
    for (char& ch : out) {
      if (fill == '*' && ch == '.') continue;
      ch = fill;
    }
  }
  *edited = std::move(out);
  return true;
}

absl::Status WriteEdited(const FieldLayout& field, std::string_view text,
                         const RecordDialect& dialect, size_t base, std::string* record) {
  std::string edited;
  if (IsPlainDecimal(text)) {
    if (!EditNumber(field.picture, text, &edited)) {
      return WriteError(field, base + field.offset,
                        StrCat("the value does not fit PIC ", field.picture));
    }
    text = edited;
  }
  return WriteText(field, text, dialect, base, record);
}

}  // namespace dragoman::records
