// One elementary item of a mainframe record, read and written in place: the layer both the
// generated record translators and the interpretive `dragoman records` tool stand on.
//
// Text travels as UTF-8, numbers as canonical decimal strings (see cobol_numeric.h), so
// nothing passes through binary floating point except COMP-1/COMP-2, which are floating
// point on the host too. Errors name the item, its byte offset in the record and, when
// reading, its bytes in hex; never the value being written.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_FIELD_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_FIELD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "translators/runtime/codepage.h"

namespace dragoman::records {

// How an elementary item is stored.
enum class FieldKind : uint8_t {
  kText,          // PIC X / A: characters of the code page
  kNational,      // PIC N / G: UTF-16 big-endian
  kEdited,        // numeric-edited pictures: the edited characters
  kZoned,         // numeric DISPLAY
  kPacked,        // COMP-3, PACKED-DECIMAL
  kBinary,        // COMP, COMP-4, BINARY: held to the picture's digits
  kNativeBinary,  // COMP-5, INDEX, POINTER: held to the storage only
  kFloat,         // COMP-1 (4 bytes) and COMP-2 (8 bytes)
};

// Choices that differ between compilers and platforms, fixed per service.
struct RecordDialect {
  // Text and zoned decimals; EBCDIC zones unless the page is ascii or latin1. Never null.
  const CodePage* code_page = nullptr;
  // COMP-1/COMP-2 as IBM hexadecimal floating point (else IEEE 754).
  bool ibm_float = true;
  // COMP-5 in little-endian byte order (GnuCOBOL on x86 without -fbinary-byteorder).
  bool native_little_endian = false;
};

// Where an elementary item lies and what its PICTURE says.
struct FieldLayout {
  // The COBOL data name, for errors.
  std::string_view name;
  // Byte offset from the start of the enclosing group's occurrence, and storage bytes.
  uint32_t offset = 0;
  uint32_t length = 0;
  FieldKind kind = FieldKind::kText;
  // Numeric items: digit positions stored, and implied decimal places (negative with trailing
  // P positions, above `digits` with leading ones).
  uint8_t digits = 0;
  int8_t scale = 0;
  bool is_signed = false;
  bool sign_leading = false;
  bool sign_separate = false;
  // JUSTIFIED RIGHT text: padded on the left, trimmed there when read.
  bool justified = false;
  // Numeric-edited items: the PICTURE, which says how a number is edited.
  std::string_view picture;
  // BLANK WHEN ZERO: zero is written as spaces, and spaces read as zero.
  bool blank_when_zero = false;
};

// True when zoned decimals of `page` use EBCDIC zones.
bool IsEbcdic(const CodePage& page);

// Reads text (kText, kNational, kEdited) at `base` + layout.offset of `record` as UTF-8,
// padding trimmed (trailing spaces; leading ones when justified) unless `keep_padding`.
absl::Status ReadText(const FieldLayout& field, std::string_view record, size_t base,
                      const RecordDialect& dialect, std::string* utf8, bool keep_padding = false);
// Appends the item's text as ReadText reads it (padding trimmed) to `utf8`, for callers that
// own the buffer; on error `utf8` is as it was.
absl::Status AppendText(const FieldLayout& field, std::string_view record, size_t base,
                        const RecordDialect& dialect, std::string* utf8);
// Reads a number (any numeric kind, or the value of a numeric-edited item) as a canonical
// decimal string; COMP-1/COMP-2 as the shortest text that reads back as the same double.
absl::Status ReadDecimal(const FieldLayout& field, std::string_view record, size_t base,
                         const RecordDialect& dialect, std::string* decimal);
// Reads an integer item (scale 0, at most 18 digits) into `value`.
absl::Status ReadInt64(const FieldLayout& field, std::string_view record, size_t base,
                       const RecordDialect& dialect, int64_t* value);
// Reads COMP-1/COMP-2 into `value`.
absl::Status ReadDouble(const FieldLayout& field, std::string_view record, size_t base,
                        const RecordDialect& dialect, double* value);

// Writes UTF-8 text into the item, padded with spaces. InvalidArgument when it is longer than
// the item or holds a character the code page cannot carry.
absl::Status WriteText(const FieldLayout& field, std::string_view utf8,
                       const RecordDialect& dialect, size_t base, std::string* record);
// Writes a decimal string into a numeric item. InvalidArgument when it is not a decimal or
// does not fit the picture (too many digits, fraction digits beyond the scale, a negative
// value in an unsigned item): never rounded or truncated.
absl::Status WriteDecimal(const FieldLayout& field, std::string_view decimal,
                          const RecordDialect& dialect, size_t base, std::string* record);
// Writes an integer into a numeric item, as WriteDecimal.
absl::Status WriteInt64(const FieldLayout& field, int64_t value, const RecordDialect& dialect,
                        size_t base, std::string* record);
// Writes a floating-point value into COMP-1/COMP-2.
absl::Status WriteDouble(const FieldLayout& field, double value, const RecordDialect& dialect,
                         size_t base, std::string* record);

// Writes text into a numeric-edited item: a plain decimal ("-1234.5") is edited as the
// picture says (zero suppression, insertion characters, fixed and floating signs and currency,
// CR/DB); other text is taken as already edited and must fit. InvalidArgument when a number
// has more integer or fraction digits than the picture, or is negative where it has no sign.
absl::Status WriteEdited(const FieldLayout& field, std::string_view text,
                         const RecordDialect& dialect, size_t base, std::string* record);
// Edits `decimal` by numeric-edited `picture` (as WriteEdited); false when it does not fit.
bool EditNumber(std::string_view picture, std::string_view decimal, std::string* edited);

// Reads the numeric value of numeric-edited text ("1,234.56-", "  12.50CR") as a canonical
// decimal; false when the text is not such a value.
bool EditedToDecimal(std::string_view text, std::string* decimal);

}  // namespace dragoman::records

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_FIELD_H_
