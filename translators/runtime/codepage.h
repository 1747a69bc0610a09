// Single-byte character sets of mainframe records: the EBCDIC code pages mainframes use and
// ASCII/Latin-1, table-driven (tables taken from iconv at build time).
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_CODEPAGE_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_CODEPAGE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace dragoman::records {

// Appends the UTF-8 form of Unicode character `c` (U+0000 to U+10FFFF).
void AppendUtf8(char32_t c, std::string* out);

// One code page: a byte <-> Unicode mapping. Immutable; shared by every thread.
class CodePage {
 public:
  // The code page named `name` ("cp037", "cp1047", "cp500", "cp273", "cp1140", "cp1141",
  // "cp1148", "ascii", "latin1"; case and an "ibm-"/"ibm" prefix ignored), or null.
  static const CodePage* Find(std::string_view name);
  // The names Find accepts, canonical spelling.
  static std::vector<std::string_view> Names();

  // Canonical name, e.g. "cp037".
  std::string_view name() const { return name_; }
  // Appends the UTF-8 form of `bytes`. InvalidArgument with the offset for a byte the code page
  // does not define (only ASCII has such bytes: 0x80-0xFF).
  absl::Status Decode(std::string_view bytes, std::string* utf8) const;
  // Appends the bytes of UTF-8 `text`. InvalidArgument for invalid UTF-8 or a character the
  // code page cannot carry, naming it (U+XXXX) and its offset: never a substitute byte.
  absl::Status Encode(std::string_view utf8, std::string* bytes) const;
  // Writes `utf8` as exactly `size` bytes at `out`, space-padded on the right (on the left
  // when `pad_left`). False, writing nothing, unless every character is ASCII the page carries
  // and they fit: the common case gets a table lookup per byte, the rest takes Encode.
  bool EncodeAsciiPadded(std::string_view utf8, bool pad_left, char* out, size_t size) const;
  // The byte of Unicode character `c`; false when the code page has none.
  bool EncodeChar(char32_t c, uint8_t* byte) const;
  // The character of `byte`, or U+FFFFFFFF when the code page does not define it.
  char32_t DecodeChar(uint8_t byte) const { return to_unicode_[byte]; }
  // The byte of a space (0x40 in EBCDIC, 0x20 in ASCII), which pads text fields.
  uint8_t space() const { return space_; }

  // Builds a code page from its byte -> code point table (kUndefined for undefined bytes).
  CodePage(std::string_view name, const char32_t (&to_unicode)[256]);

  // Marks a byte a code page does not define.
  static constexpr char32_t kUndefined = 0xFFFFFFFF;

 private:
  std::string_view name_;
  const char32_t* to_unicode_;
  // UTF-8 of each byte (up to 3 bytes; size 0 when undefined).
  std::array<std::array<char, 3>, 256> utf8_{};
  std::array<uint8_t, 256> utf8_size_{};
  // Bytes of the code points below U+0100 (-1 when none), and of the others, sorted.
  std::array<int16_t, 256> from_latin1_{};
  std::vector<std::pair<char32_t, uint8_t>> from_other_;
  // The one-byte UTF-8 form of each byte, and 1 where a byte has none (undefined or longer),
  // for Decode's branch-free loop.
  std::array<char, 256> single_{};
  std::array<uint8_t, 256> not_single_{};
  // Bytes of U+0000-U+007F, and whether the page has all of them (every page Find knows).
  std::array<char, 128> from_ascii_{};
  bool ascii_complete_ = false;
  uint8_t space_ = 0x20;
};

}  // namespace dragoman::records

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_CODEPAGE_H_
