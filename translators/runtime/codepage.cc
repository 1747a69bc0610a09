#include "translators/runtime/codepage.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "translators/runtime/strings.h"

namespace dragoman::records {
namespace {

#include "codepage_tables.inc"

// ASCII defines 0x00-0x7F only.
const char32_t (&AsciiTable())[256] {
  static char32_t table[256];
  for (int byte = 0; byte < 256; ++byte) {
    table[byte] = byte < 0x80 ? static_cast<char32_t>(byte) : CodePage::kUndefined;
  }
  return table;
}

// The UTF-8 form of `c` (below U+10000 in the tables) in `out`; returns its size.
int Utf8(char32_t c, char* out) {
  std::string text;
  AppendUtf8(c, &text);
  std::copy(text.begin(), text.end(), out);
  return static_cast<int>(text.size());
}

// Reads one UTF-8 character at `text[*at]`, advancing `*at`; false when malformed.
bool NextUtf8(std::string_view text, size_t* at, char32_t* c) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*at);
  int size = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    size = 1;
    value = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    size = 2;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    size = 4;
    value = lead & 0x07;
  } else {
    return false;
  }
  if (*at + size > text.size()) return false;
  for (int i = 1; i < size; ++i) {
    if ((byte(*at + i) & 0xC0) != 0x80) return false;
    value = (value << 6) | (byte(*at + i) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMin[size] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return false;
  }
  *at += size;
  *c = value;
  return true;
}

const std::vector<CodePage>& All() {
  static const auto* const pages = new std::vector<CodePage>{
      CodePage("cp037", kTable_cp037),   CodePage("cp1047", kTable_cp1047),
      CodePage("cp500", kTable_cp500),   CodePage("cp273", kTable_cp273),
      CodePage("cp1140", kTable_cp1140), CodePage("cp1141", kTable_cp1141),
      CodePage("cp1148", kTable_cp1148), CodePage("ascii", AsciiTable()),
      CodePage("latin1", kTable_latin1),
  };
  return *pages;
}

}  // namespace

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

CodePage::CodePage(std::string_view name, const char32_t (&to_unicode)[256])
    : name_(name), to_unicode_(to_unicode) {
  from_latin1_.fill(-1);
  for (int byte = 255; byte >= 0; --byte) {  // the lowest byte wins for a repeated character
    const char32_t c = to_unicode[byte];
    if (c == kUndefined) continue;
    utf8_size_[byte] = static_cast<uint8_t>(Utf8(c, utf8_[byte].data()));
    if (c < 0x100) {
      from_latin1_[c] = static_cast<int16_t>(byte);
    } else {
      from_other_.emplace_back(c, static_cast<uint8_t>(byte));
    }
  }
  std::sort(from_other_.begin(), from_other_.end());
  for (int byte = 0; byte < 256; ++byte) {
    single_[byte] = utf8_[byte][0];
    not_single_[byte] = utf8_size_[byte] == 1 ? 0 : 1;
  }
  ascii_complete_ = true;
  for (int c = 0; c < 0x80; ++c) {
    ascii_complete_ = ascii_complete_ && from_latin1_[c] >= 0;
    from_ascii_[c] = static_cast<char>(from_latin1_[c]);
  }
  if (from_latin1_[' '] >= 0) space_ = static_cast<uint8_t>(from_latin1_[' ']);
}

const CodePage* CodePage::Find(std::string_view name) {
  std::string key = absl::AsciiStrToLower(ToAbsl(name));
  for (std::string_view prefix : {"ibm-", "ibm"}) {
    if (key.starts_with(prefix)) key = "cp" + key.substr(prefix.size());
  }
  if (key == "cp37") key = "cp037";
  if (key == "iso-8859-1" || key == "iso8859-1") key = "latin1";
  if (key == "us-ascii") key = "ascii";
  for (const CodePage& page : All()) {
    if (page.name() == key) return &page;
  }
  return nullptr;
}

std::vector<std::string_view> CodePage::Names() {
  std::vector<std::string_view> names;
  for (const CodePage& page : All()) names.push_back(page.name());
  return names;
}

absl::Status CodePage::Decode(std::string_view bytes, std::string* utf8) const {
  // Most bytes of real records are one UTF-8 byte each: write those straight into room made
  // once, and append byte by byte only from the first one that is not.
  const size_t start = utf8->size();
  utf8->resize(start + bytes.size());
  char* out = utf8->data() + start;
  const auto* in = reinterpret_cast<const uint8_t*>(bytes.data());
  uint8_t other = 0;
  for (size_t k = 0; k < bytes.size(); ++k) {
    out[k] = single_[in[k]];
    other |= not_single_[in[k]];
  }
  if (other == 0) return absl::OkStatus();
  size_t i = 0;
  while (not_single_[in[i]] == 0) ++i;
  utf8->resize(start + i);
  for (; i < bytes.size(); ++i) {
    const auto byte = static_cast<uint8_t>(bytes[i]);
    if (utf8_size_[byte] == 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("byte 0x%02X at offset %d is not defined in %s", byte, i, ToAbsl(name_)));
    }
    utf8->append(utf8_[byte].data(), utf8_size_[byte]);
  }
  return absl::OkStatus();
}

bool CodePage::EncodeChar(char32_t c, uint8_t* byte) const {
  if (c < 0x100) {
    if (from_latin1_[c] < 0) return false;
    *byte = static_cast<uint8_t>(from_latin1_[c]);
    return true;
  }
  auto it = std::lower_bound(from_other_.begin(), from_other_.end(), std::make_pair(c, uint8_t{0}));
  if (it == from_other_.end() || it->first != c) return false;
  *byte = it->second;
  return true;
}

bool CodePage::EncodeAsciiPadded(std::string_view utf8, bool pad_left, char* out,
                                 size_t size) const {
  if (utf8.size() > size || !ascii_complete_) return false;
  // Check every byte before writing any, so a refusal leaves `out` as it was.
  unsigned char high = 0;
  for (char c : utf8) high |= static_cast<unsigned char>(c);
  if (high >= 0x80) return false;
  const size_t pad = size - utf8.size();
  char* at = out;
  if (pad_left) {
    std::memset(out, space_, pad);
    at += pad;
  }
  for (char c : utf8) *at++ = from_ascii_[static_cast<unsigned char>(c)];
  if (!pad_left) std::memset(at, space_, pad);
  return true;
}

absl::Status CodePage::Encode(std::string_view utf8, std::string* bytes) const {
  bytes->reserve(bytes->size() + utf8.size());
  for (size_t at = 0; at < utf8.size();) {
    const size_t start = at;
    char32_t c = 0;
    if (!NextUtf8(utf8, &at, &c)) {
      return absl::InvalidArgumentError(absl::StrFormat("invalid UTF-8 at offset %d", start));
    }
    uint8_t byte = 0;
    if (!EncodeChar(c, &byte)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("character U+%04X at offset %d has no byte in %s",
                          static_cast<uint32_t>(c), start, ToAbsl(name_)));
    }
    bytes->push_back(static_cast<char>(byte));
  }
  return absl::OkStatus();
}

}  // namespace dragoman::records
