#include "translators/runtime/xsd_value.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <system_error>

namespace dragoman::xsd {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Writes `text` with each run of whitespace folded into one space and none at either end.
void Collapse(std::string_view text, std::string* out) {
  text = TrimWhitespace(text);
  out->clear();
  out->reserve(text.size());
  bool in_space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      in_space = true;
      continue;
    }
    if (in_space) out->push_back(' ');
    in_space = false;
    out->push_back(c);
  }
}

// Appends the canonical form of the integer literal `text` (already trimmed) and reports its
// sign. Arbitrary length: xsd:integer is unbounded.
bool CanonicalIntegerLiteral(std::string_view text, std::string* out, bool* negative, bool* zero) {
  *negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    *negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  const std::size_t first = text.find_first_not_of('0');
  text = first == std::string_view::npos ? std::string_view("0") : text.substr(first);
  *zero = text == "0";
  if (*zero) *negative = false;
  out->clear();
  if (*negative) out->push_back('-');
  out->append(text);
  return true;
}

bool CanonicalDecimal(std::string_view text, std::string* out) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const std::size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (integer.empty() && fraction.empty()) return false;
  for (char c : integer) {
    if (!IsDigit(c)) return false;
  }
  for (char c : fraction) {
    if (!IsDigit(c)) return false;
  }
  const std::size_t first = integer.find_first_not_of('0');
  integer = first == std::string_view::npos ? std::string_view("0") : integer.substr(first);
  const bool zero = integer == "0" && fraction.find_first_not_of('0') == std::string_view::npos;
  out->clear();
  if (negative && !zero) out->push_back('-');
  out->append(integer);
  // Trailing fraction zeros stay: the scale of an amount is part of its meaning.
  if (!fraction.empty()) {
    out->push_back('.');
    out->append(fraction);
  }
  return true;
}

// A cursor over a date/time literal.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }

  bool Consume(char c) {
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // Reads exactly `count` digits.
  bool Digits(int count, int* value) {
    *value = 0;
    for (int i = 0; i < count; ++i) {
      if (!IsDigit(peek())) return false;
      *value = *value * 10 + (text_[pos_++] - '0');
    }
    return true;
  }

  // Reads one or more digits; returns how many.
  std::size_t DigitRun() {
    const std::size_t start = pos_;
    while (IsDigit(peek())) ++pos_;
    return pos_ - start;
  }

  std::string_view Slice(std::size_t start) const { return text_.substr(start, pos_ - start); }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// yearFrag: four or more digits, no leading zero beyond four, optional '-'. Sets the year
// modulo 400, which is all the leap-year rule needs, so years of any length work.
bool ScanYear(Scanner& s, int* year_mod_400) {
  const bool negative = s.Consume('-');
  const std::size_t start = s.pos();
  const std::size_t count = s.DigitRun();
  const std::string_view digits = s.Slice(start);
  if (count < 4 || (count > 4 && digits[0] == '0')) return false;
  int mod = 0;
  for (char c : digits) mod = (mod * 10 + (c - '0')) % 400;
  *year_mod_400 = negative ? (400 - mod) % 400 : mod;
  return true;
}

bool IsLeap(int year_mod_400) {
  return year_mod_400 % 4 == 0 && (year_mod_400 % 100 != 0 || year_mod_400 == 0);
}

int DaysInMonth(int month, bool leap) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool ScanMonth(Scanner& s, int* month) { return s.Digits(2, month) && *month >= 1 && *month <= 12; }

bool ScanDay(Scanner& s, int max_day) {
  int day = 0;
  return s.Digits(2, &day) && day >= 1 && day <= max_day;
}

// hh:mm:ss with an optional fraction; 24:00:00 is the end of the day and takes no fraction.
bool ScanTime(Scanner& s) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!s.Digits(2, &hour) || !s.Consume(':') || !s.Digits(2, &minute) || !s.Consume(':') ||
      !s.Digits(2, &second)) {
    return false;
  }
  const bool fraction = s.Consume('.');
  if (fraction && s.DigitRun() == 0) return false;
  if (hour == 24) return minute == 0 && second == 0 && !fraction;
  return hour < 24 && minute < 60 && second < 60;
}

// An optional time zone, then the end of the literal.
bool ScanTimezoneAndEnd(Scanner& s) {
  if (s.Consume('Z')) return s.done();
  if (s.peek() == '+' || s.peek() == '-') {
    s.Consume(s.peek());
    int hours = 0;
    int minutes = 0;
    if (!s.Digits(2, &hours) || !s.Consume(':') || !s.Digits(2, &minutes)) return false;
    if (minutes > 59 || hours > 14 || (hours == 14 && minutes != 0)) return false;
  }
  return s.done();
}

bool ValidDateLike(XsdType type, std::string_view text) {
  Scanner s(text);
  int year_mod_400 = 0;
  int month = 0;
  switch (type) {
    case XSD_DATE:
    case XSD_DATE_TIME:
      if (!ScanYear(s, &year_mod_400) || !s.Consume('-') || !ScanMonth(s, &month) ||
          !s.Consume('-') || !ScanDay(s, DaysInMonth(month, IsLeap(year_mod_400)))) {
        return false;
      }
      if (type == XSD_DATE_TIME && (!s.Consume('T') || !ScanTime(s))) return false;
      break;
    case XSD_TIME:
      if (!ScanTime(s)) return false;
      break;
    case XSD_G_YEAR:
      if (!ScanYear(s, &year_mod_400)) return false;
      break;
    case XSD_G_YEAR_MONTH:
      if (!ScanYear(s, &year_mod_400) || !s.Consume('-') || !ScanMonth(s, &month)) return false;
      break;
    case XSD_G_MONTH:
      if (!s.Consume('-') || !s.Consume('-') || !ScanMonth(s, &month)) return false;
      break;
    case XSD_G_MONTH_DAY:
      // No year: February 29 is allowed.
      if (!s.Consume('-') || !s.Consume('-') || !ScanMonth(s, &month) || !s.Consume('-') ||
          !ScanDay(s, DaysInMonth(month, true))) {
        return false;
      }
      break;
    case XSD_G_DAY:
      if (!s.Consume('-') || !s.Consume('-') || !s.Consume('-') || !ScanDay(s, 31)) return false;
      break;
    default:
      return false;
  }
  return ScanTimezoneAndEnd(s);
}

// A point on the time line: whole seconds since 0000-03-01 UTC (proleptic Gregorian), and the
// fraction's digits.
struct Instant {
  int64_t seconds = 0;
  std::string_view fraction;
};

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Reads a valid date, dateTime or time literal into an Instant; false for years too long to
// count in seconds.
bool ToInstant(XsdType type, std::string_view text, Instant* out) {
  text = TrimWhitespace(text);
  if (!ValidDateLike(type, text)) return false;
  Scanner s(text);
  int64_t days = 0;
  if (type != XSD_TIME) {
    const bool negative = s.Consume('-');
    const std::size_t start = s.pos();
    if (s.DigitRun() > 12) return false;
    int64_t year = 0;
    for (char c : s.Slice(start)) year = year * 10 + (c - '0');
    if (negative) year = -year;
    int month = 0;
    int day = 0;
    s.Consume('-');
    s.Digits(2, &month);
    s.Consume('-');
    s.Digits(2, &day);
    days = DaysFromCivil(year, month, day);
    if (type == XSD_DATE_TIME) s.Consume('T');
  }
  int64_t seconds = days * 86400;
  if (type != XSD_DATE) {
    int hour = 0;
    int minute = 0;
    int second = 0;
    s.Digits(2, &hour);
    s.Consume(':');
    s.Digits(2, &minute);
    s.Consume(':');
    s.Digits(2, &second);
    seconds += hour * 3600 + minute * 60 + second;
    if (s.Consume('.')) {
      const std::size_t start = s.pos();
      s.DigitRun();
      out->fraction = s.Slice(start);
      while (!out->fraction.empty() && out->fraction.back() == '0') out->fraction.remove_suffix(1);
    }
  }
  if (s.peek() == '+' || s.peek() == '-') {
    const int sign = s.peek() == '+' ? 1 : -1;
    s.Consume(s.peek());
    int hours = 0;
    int minutes = 0;
    s.Digits(2, &hours);
    s.Consume(':');
    s.Digits(2, &minutes);
    seconds -= sign * (hours * 3600 + minutes * 60);
  }
  out->seconds = seconds;
  return true;
}

// -?PnYnMnDTnHnMnS: components in order, each optional, at least one present, a 'T' only when
// a time component follows it, and a fraction only on seconds.
bool ValidDuration(std::string_view text) {
  Scanner s(text);
  s.Consume('-');
  if (!s.Consume('P')) return false;
  bool any = false;
  std::string_view designators = "YMD";
  while (!s.done() && s.peek() != 'T') {
    if (s.DigitRun() == 0) return false;
    const std::size_t at = designators.find(s.peek());
    if (at == std::string_view::npos) return false;
    s.Consume(s.peek());
    designators.remove_prefix(at + 1);
    any = true;
  }
  if (s.Consume('T')) {
    bool any_time = false;
    designators = "HMS";
    while (!s.done()) {
      std::size_t digits = s.DigitRun();
      const bool fraction = s.Consume('.');
      if (fraction) digits += s.DigitRun();
      if (digits == 0) return false;
      const std::size_t at = designators.find(s.peek());
      if (at == std::string_view::npos || (fraction && s.peek() != 'S')) return false;
      s.Consume(s.peek());
      designators.remove_prefix(at + 1);
      any_time = true;
    }
    if (!any_time) return false;
    any = true;
  }
  return any && s.done();
}

bool IsNameChar(char c) {
  // Bytes of non-ASCII characters are accepted without checking the Unicode name classes.
  return IsAsciiAlpha(c) || IsDigit(c) || c == '-' || c == '.' || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool ValidName(std::string_view text, bool allow_colon, bool any_first) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsNameChar(c) || (c == ':' && !allow_colon)) return false;
  }
  const char first = text[0];
  return any_first || !(IsDigit(first) || first == '-' || first == '.');
}

// RFC 3066 style: 1-8 letters, then "-" and 1-8 letters or digits, repeated.
bool ValidLanguage(std::string_view text) {
  bool first = true;
  while (true) {
    const std::size_t dash = text.find('-');
    const std::string_view part = text.substr(0, dash);
    if (part.empty() || part.size() > 8) return false;
    for (char c : part) {
      if (!IsAsciiAlpha(c) && (first || !IsDigit(c))) return false;
    }
    if (dash == std::string_view::npos) return true;
    text.remove_prefix(dash + 1);
    first = false;
  }
}

// Decimal exponent of the leading non-zero digit of a validated floating literal's mantissa,
// plus its exponent; tells underflow from overflow when from_chars reports out of range.
long Magnitude(std::string_view integer, std::string_view fraction, long exponent) {
  const std::size_t lead = integer.find_first_not_of('0');
  if (lead != std::string_view::npos) {
    return static_cast<long>(integer.size() - lead - 1) + exponent;
  }
  const std::size_t frac_lead = fraction.find_first_not_of('0');
  return -static_cast<long>(frac_lead + 1) + exponent;
}

template <typename T>
bool ParseFloating(std::string_view text, T* value) {
  text = TrimWhitespace(text);
  if (text == "INF" || text == "+INF") {
    *value = std::numeric_limits<T>::infinity();
    return true;
  }
  if (text == "-INF") {
    *value = -std::numeric_limits<T>::infinity();
    return true;
  }
  if (text == "NaN") {
    *value = std::numeric_limits<T>::quiet_NaN();
    return true;
  }
  // Check the XSD grammar first: from_chars also takes "inf", "nan" and other spellings.
  Scanner s(text);
  bool negative = false;
  if (s.peek() == '-' || s.peek() == '+') {
    negative = s.peek() == '-';
    s.Consume(s.peek());
  }
  std::size_t start = s.pos();
  s.DigitRun();
  const std::string_view integer = s.Slice(start);
  std::string_view fraction;
  if (s.Consume('.')) {
    start = s.pos();
    s.DigitRun();
    fraction = s.Slice(start);
  }
  if (integer.empty() && fraction.empty()) return false;
  long exponent = 0;
  if (s.Consume('e') || s.Consume('E')) {
    const bool exponent_negative = s.Consume('-');
    if (!exponent_negative) s.Consume('+');
    start = s.pos();
    if (s.DigitRun() == 0) return false;
    for (char c : s.Slice(start)) {
      exponent = exponent > 100000 ? exponent : exponent * 10 + (c - '0');
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (!s.done()) return false;
  const std::string_view number = text[0] == '+' ? text.substr(1) : text;
  T parsed{};
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), parsed,
                                         std::chars_format::general);
  if (ec == std::errc() && ptr == number.data() + number.size()) {
    *value = parsed;
    return true;
  }
  if (ec != std::errc::result_out_of_range) return false;
  // Too small to represent rounds to zero as XSD prescribes; too large is out of range.
  if (Magnitude(integer, fraction, exponent) >= 0) return false;
  *value = negative ? -T{0} : T{0};
  return true;
}

template <typename T>
void AppendFloating(T value, std::string* out) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(value)) {
    out->append(value < 0 ? "-INF" : "INF");
    return;
  }
  char buffer[64];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, ptr);
}

constexpr std::array<int8_t, 256> MakeBase64Table() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

constexpr std::array<int8_t, 256> kBase64Values = MakeBase64Table();
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kHexDigits = "0123456789ABCDEF";

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view TypeName(XsdType type) {
  switch (type) {
    case XSD_STRING:
      return "xsd:string";
    case XSD_NORMALIZED_STRING:
      return "xsd:normalizedString";
    case XSD_TOKEN:
      return "xsd:token";
    case XSD_LANGUAGE:
      return "xsd:language";
    case XSD_NAME:
      return "xsd:Name";
    case XSD_NCNAME:
      return "xsd:NCName";
    case XSD_NMTOKEN:
      return "xsd:NMTOKEN";
    case XSD_ID:
      return "xsd:ID";
    case XSD_IDREF:
      return "xsd:IDREF";
    case XSD_ENTITY:
      return "xsd:ENTITY";
    case XSD_ANY_URI:
      return "xsd:anyURI";
    case XSD_QNAME:
      return "xsd:QName";
    case XSD_BOOLEAN:
      return "xsd:boolean";
    case XSD_FLOAT:
      return "xsd:float";
    case XSD_DOUBLE:
      return "xsd:double";
    case XSD_DECIMAL:
      return "xsd:decimal";
    case XSD_INTEGER:
      return "xsd:integer";
    case XSD_NON_POSITIVE_INTEGER:
      return "xsd:nonPositiveInteger";
    case XSD_NEGATIVE_INTEGER:
      return "xsd:negativeInteger";
    case XSD_NON_NEGATIVE_INTEGER:
      return "xsd:nonNegativeInteger";
    case XSD_POSITIVE_INTEGER:
      return "xsd:positiveInteger";
    case XSD_LONG:
      return "xsd:long";
    case XSD_INT:
      return "xsd:int";
    case XSD_SHORT:
      return "xsd:short";
    case XSD_BYTE:
      return "xsd:byte";
    case XSD_UNSIGNED_LONG:
      return "xsd:unsignedLong";
    case XSD_UNSIGNED_INT:
      return "xsd:unsignedInt";
    case XSD_UNSIGNED_SHORT:
      return "xsd:unsignedShort";
    case XSD_UNSIGNED_BYTE:
      return "xsd:unsignedByte";
    case XSD_DATE:
      return "xsd:date";
    case XSD_DATE_TIME:
      return "xsd:dateTime";
    case XSD_TIME:
      return "xsd:time";
    case XSD_DURATION:
      return "xsd:duration";
    case XSD_G_YEAR:
      return "xsd:gYear";
    case XSD_G_YEAR_MONTH:
      return "xsd:gYearMonth";
    case XSD_G_MONTH:
      return "xsd:gMonth";
    case XSD_G_MONTH_DAY:
      return "xsd:gMonthDay";
    case XSD_G_DAY:
      return "xsd:gDay";
    case XSD_BASE64_BINARY:
      return "xsd:base64Binary";
    case XSD_HEX_BINARY:
      return "xsd:hexBinary";
    default:
      return "xsd:anySimpleType";
  }
}

std::string_view TrimWhitespace(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

void AppendInt(int64_t value, std::string* out) {
  char buffer[24];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, ptr);
}

void AppendUint(uint64_t value, std::string* out) {
  char buffer[24];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, ptr);
}

void AppendBool(bool value, std::string* out) { out->append(value ? "true" : "false"); }

void AppendDouble(double value, std::string* out) { AppendFloating(value, out); }

void AppendFloat(float value, std::string* out) { AppendFloating(value, out); }

bool InSignedRange(XsdType type, int64_t value) {
  switch (type) {
    case XSD_BYTE:
      return value >= std::numeric_limits<int8_t>::min() &&
             value <= std::numeric_limits<int8_t>::max();
    case XSD_SHORT:
      return value >= std::numeric_limits<int16_t>::min() &&
             value <= std::numeric_limits<int16_t>::max();
    case XSD_INT:
      return value >= std::numeric_limits<int32_t>::min() &&
             value <= std::numeric_limits<int32_t>::max();
    case XSD_LONG:
    case XSD_INTEGER:
      return true;
    case XSD_NON_POSITIVE_INTEGER:
      return value <= 0;
    case XSD_NEGATIVE_INTEGER:
      return value < 0;
    case XSD_NON_NEGATIVE_INTEGER:
      return value >= 0;
    case XSD_POSITIVE_INTEGER:
      return value > 0;
    case XSD_UNSIGNED_LONG:
    case XSD_UNSIGNED_INT:
    case XSD_UNSIGNED_SHORT:
    case XSD_UNSIGNED_BYTE:
      return value >= 0 && InUnsignedRange(type, static_cast<uint64_t>(value));
    default:
      return false;
  }
}

bool InUnsignedRange(XsdType type, uint64_t value) {
  switch (type) {
    case XSD_UNSIGNED_BYTE:
      return value <= std::numeric_limits<uint8_t>::max();
    case XSD_UNSIGNED_SHORT:
      return value <= std::numeric_limits<uint16_t>::max();
    case XSD_UNSIGNED_INT:
      return value <= std::numeric_limits<uint32_t>::max();
    case XSD_UNSIGNED_LONG:
    case XSD_NON_NEGATIVE_INTEGER:
    case XSD_INTEGER:
      return true;
    case XSD_POSITIVE_INTEGER:
      return value > 0;
    case XSD_NON_POSITIVE_INTEGER:
      return value == 0;
    case XSD_BYTE:
    case XSD_SHORT:
    case XSD_INT:
    case XSD_LONG:
      return value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) &&
             InSignedRange(type, static_cast<int64_t>(value));
    default:
      return false;
  }
}

bool ParseSigned(XsdType type, std::string_view text, int64_t* value) {
  text = TrimWhitespace(text);
  // from_chars takes '-' but not '+'.
  std::size_t first_digit = 0;
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
  } else if (!text.empty() && text[0] == '-') {
    first_digit = 1;
  }
  if (text.size() <= first_digit || !IsDigit(text[first_digit])) return false;
  int64_t parsed = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  if (!InSignedRange(type, parsed)) return false;
  *value = parsed;
  return true;
}

bool ParseUnsigned(XsdType type, std::string_view text, uint64_t* value) {
  text = TrimWhitespace(text);
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || !IsDigit(text[0])) return false;
  uint64_t parsed = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  // "-0" is a valid literal of the unsigned types; any other negative is not.
  if (negative && parsed != 0) return false;
  if (!InUnsignedRange(type, parsed)) return false;
  *value = parsed;
  return true;
}

bool ParseBool(std::string_view text, bool* value) {
  text = TrimWhitespace(text);
  if (text == "true" || text == "1") {
    *value = true;
    return true;
  }
  if (text == "false" || text == "0") {
    *value = false;
    return true;
  }
  return false;
}

bool ParseDouble(std::string_view text, double* value) { return ParseFloating(text, value); }

bool ParseFloat(std::string_view text, float* value) { return ParseFloating(text, value); }

std::optional<int> CompareTemporal(XsdType type, std::string_view a, std::string_view b) {
  Instant x;
  Instant y;
  if (!ToInstant(type, a, &x) || !ToInstant(type, b, &y)) return std::nullopt;
  if (x.seconds != y.seconds) return x.seconds < y.seconds ? -1 : 1;
  // Fractions without trailing zeros compare as digit strings.
  const int order = x.fraction.compare(y.fraction);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

bool CanonicalizeLexical(XsdType type, std::string_view text, std::string* out) {
  switch (type) {
    case XSD_NORMALIZED_STRING:
      out->assign(text);
      for (char& c : *out) {
        if (IsSpace(c)) c = ' ';
      }
      return true;
    case XSD_TOKEN:
    case XSD_ANY_URI:
      Collapse(text, out);
      return true;
    case XSD_LANGUAGE:
      Collapse(text, out);
      return ValidLanguage(*out);
    case XSD_NAME:
      Collapse(text, out);
      return ValidName(*out, /*allow_colon=*/true, /*any_first=*/false);
    case XSD_NCNAME:
    case XSD_ID:
    case XSD_IDREF:
    case XSD_ENTITY:
      Collapse(text, out);
      return ValidName(*out, /*allow_colon=*/false, /*any_first=*/false);
    case XSD_NMTOKEN:
      Collapse(text, out);
      return ValidName(*out, /*allow_colon=*/true, /*any_first=*/true);
    case XSD_BOOLEAN: {
      bool value = false;
      if (!ParseBool(text, &value)) return false;
      out->assign(value ? "true" : "false");
      return true;
    }
    case XSD_FLOAT: {
      float value = 0;
      if (!ParseFloat(text, &value)) return false;
      out->clear();
      AppendFloat(value, out);
      return true;
    }
    case XSD_DOUBLE: {
      double value = 0;
      if (!ParseDouble(text, &value)) return false;
      out->clear();
      AppendDouble(value, out);
      return true;
    }
    case XSD_DECIMAL:
      return CanonicalDecimal(TrimWhitespace(text), out);
    case XSD_INTEGER:
    case XSD_NON_POSITIVE_INTEGER:
    case XSD_NEGATIVE_INTEGER:
    case XSD_NON_NEGATIVE_INTEGER:
    case XSD_POSITIVE_INTEGER:
    case XSD_LONG:
    case XSD_INT:
    case XSD_SHORT:
    case XSD_BYTE:
    case XSD_UNSIGNED_LONG:
    case XSD_UNSIGNED_INT:
    case XSD_UNSIGNED_SHORT:
    case XSD_UNSIGNED_BYTE: {
      bool negative = false;
      bool zero = false;
      if (!CanonicalIntegerLiteral(TrimWhitespace(text), out, &negative, &zero)) return false;
      switch (type) {
        case XSD_INTEGER:
          return true;
        case XSD_NON_POSITIVE_INTEGER:
          return negative || zero;
        case XSD_NEGATIVE_INTEGER:
          return negative;
        case XSD_NON_NEGATIVE_INTEGER:
          return !negative;
        case XSD_POSITIVE_INTEGER:
          return !negative && !zero;
        case XSD_UNSIGNED_LONG:
        case XSD_UNSIGNED_INT:
        case XSD_UNSIGNED_SHORT:
        case XSD_UNSIGNED_BYTE: {
          uint64_t unused = 0;
          return ParseUnsigned(type, *out, &unused);
        }
        default: {
          int64_t unused = 0;
          return ParseSigned(type, *out, &unused);
        }
      }
    }
    case XSD_DATE:
    case XSD_DATE_TIME:
    case XSD_TIME:
    case XSD_G_YEAR:
    case XSD_G_YEAR_MONTH:
    case XSD_G_MONTH:
    case XSD_G_MONTH_DAY:
    case XSD_G_DAY:
      // The literal is kept as written: normalising to UTC would lose the offset.
      text = TrimWhitespace(text);
      if (!ValidDateLike(type, text)) return false;
      out->assign(text);
      return true;
    case XSD_DURATION:
      text = TrimWhitespace(text);
      if (!ValidDuration(text)) return false;
      out->assign(text);
      return true;
    case XSD_BASE64_BINARY: {
      std::string bytes;
      if (!ParseBase64(text, &bytes)) return false;
      out->clear();
      AppendBase64(bytes, out);
      return true;
    }
    case XSD_HEX_BINARY: {
      std::string bytes;
      if (!ParseHex(text, &bytes)) return false;
      out->clear();
      AppendHex(bytes, out);
      return true;
    }
    default:
      // xsd:string, and QName values already in Clark notation.
      out->assign(text);
      return true;
  }
}

void AppendBase64(std::string_view bytes, std::string* out) {
  out->reserve(out->size() + (bytes.size() + 2) / 3 * 4);
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = (uint32_t{s[i]} << 16) | (uint32_t{s[i + 1]} << 8) | s[i + 2];
    out->push_back(kBase64Alphabet[(group >> 18) & 0x3F]);
    out->push_back(kBase64Alphabet[(group >> 12) & 0x3F]);
    out->push_back(kBase64Alphabet[(group >> 6) & 0x3F]);
    out->push_back(kBase64Alphabet[group & 0x3F]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return;
  uint32_t group = uint32_t{s[i]} << 16;
  if (rest == 2) group |= uint32_t{s[i + 1]} << 8;
  out->push_back(kBase64Alphabet[(group >> 18) & 0x3F]);
  out->push_back(kBase64Alphabet[(group >> 12) & 0x3F]);
  out->push_back(rest == 2 ? kBase64Alphabet[(group >> 6) & 0x3F] : '=');
  out->push_back('=');
}

void AppendHex(std::string_view bytes, std::string* out) {
  out->reserve(out->size() + bytes.size() * 2);
  for (char byte : bytes) {
    const auto b = static_cast<unsigned char>(byte);
    out->push_back(kHexDigits[b >> 4]);
    out->push_back(kHexDigits[b & 0xF]);
  }
}

bool ParseBase64(std::string_view text, std::string* bytes) {
  bytes->clear();
  std::size_t length = 0;
  for (char c : text) length += IsSpace(c) ? 0 : 1;
  if (length % 4 != 0) return false;
  bytes->reserve(length / 4 * 3);
  uint32_t group = 0;
  int filled = 0;
  int padding = 0;
  std::size_t index = 0;
  for (char c : text) {
    if (IsSpace(c)) continue;
    int value = kBase64Values[static_cast<unsigned char>(c)];
    if (c == '=') {
      // Padding only in the last two positions, and nothing but padding after it.
      if (index + 2 < length) return false;
      ++padding;
      value = 0;
    } else if (value < 0 || padding > 0) {
      return false;
    }
    group = (group << 6) | static_cast<uint32_t>(value);
    ++index;
    if (++filled < 4) continue;
    // Canonical form only: the bits padding leaves over must be zero.
    if ((padding == 1 && (group & 0xFF) != 0) || (padding == 2 && (group & 0xFFFF) != 0)) {
      return false;
    }
    bytes->push_back(static_cast<char>(group >> 16));
    if (padding < 2) bytes->push_back(static_cast<char>((group >> 8) & 0xFF));
    if (padding < 1) bytes->push_back(static_cast<char>(group & 0xFF));
    group = 0;
    filled = 0;
  }
  return true;
}

bool ParseHex(std::string_view text, std::string* bytes) {
  bytes->clear();
  text = TrimWhitespace(text);
  if (text.size() % 2 != 0) return false;
  bytes->reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = HexValue(text[i]);
    const int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes->push_back(static_cast<char>((hi << 4) | lo));
  }
  return true;
}

}  // namespace dragoman::xsd
