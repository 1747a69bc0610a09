// Lexical forms of XSD built-in types: formatting for encoders, strict parsing for decoders.
//
// Values are exact: decimals and unbounded integers stay strings in canonical form and never
// pass through binary floating point. Parsers take the element's raw text and apply XSD's
// whitespace collapse for non-string types themselves.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_XSD_VALUE_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_XSD_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dragoman/options.pb.h"

namespace dragoman::xsd {

// The XSD name of a built-in type, e.g. "xsd:int", for error messages.
std::string_view TypeName(XsdType type);

// Strips XML whitespace (space, tab, CR, LF) from both ends.
std::string_view TrimWhitespace(std::string_view text);

// Appends the canonical lexical form of a signed or unsigned integer.
void AppendInt(int64_t value, std::string* out);
void AppendUint(uint64_t value, std::string* out);
// Appends "true" or "false".
void AppendBool(bool value, std::string* out);
// Appends the shortest form that reads back to the same value; INF, -INF and NaN as XSD spells
// them.
void AppendDouble(double value, std::string* out);
void AppendFloat(float value, std::string* out);

// True if `value` lies in the range of a signed integer type (XSD_LONG, XSD_INT, XSD_SHORT,
// XSD_BYTE) or an unsigned one (XSD_UNSIGNED_*).
bool InSignedRange(XsdType type, int64_t value);
bool InUnsignedRange(XsdType type, uint64_t value);

// Parse the lexical form of a value (surrounding whitespace allowed) into a C++ value. False
// when the text is not a valid literal of `type` or lies outside its range.
bool ParseSigned(XsdType type, std::string_view text, int64_t* value);
bool ParseUnsigned(XsdType type, std::string_view text, uint64_t* value);
bool ParseBool(std::string_view text, bool* value);
bool ParseDouble(std::string_view text, double* value);
bool ParseFloat(std::string_view text, float* value);

// Checks a value carried as a string against its type's lexical space and rewrites it in
// canonical form into `*out`: decimals and integer-family types lose a '+' sign and redundant
// leading zeros (trailing fraction zeros are kept: scale is meaningful for money); whitespace
// is collapsed for every non-string type; date and time types are checked field by field
// (month 1-12, day within month, hour 0-24, time zone). String types are copied unchanged.
// False when the value is not valid for `type`.
bool CanonicalizeLexical(XsdType type, std::string_view text, std::string* out);

// Orders two literals of xsd:date, xsd:dateTime or xsd:time on the time line: negative, zero
// or positive as a < b, a == b, a > b; nullopt when either is not a valid literal. A literal
// without a time zone counts as UTC (XSD calls such a pair indeterminate within 14 hours).
std::optional<int> CompareTemporal(XsdType type, std::string_view a, std::string_view b);

// Appends the base64 (RFC 4648, padded, no line breaks) or uppercase hex form of bytes.
void AppendBase64(std::string_view bytes, std::string* out);
void AppendHex(std::string_view bytes, std::string* out);
// Decodes base64 (whitespace ignored, padding required) or hex (either case); false on
// malformed input.
bool ParseBase64(std::string_view text, std::string* bytes);
bool ParseHex(std::string_view text, std::string* bytes);

}  // namespace dragoman::xsd

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_XSD_VALUE_H_
