#include "translators/runtime/json_scanner.h"

#include <cctype>
#include <cstdint>

#include "translators/runtime/codepage.h"

namespace dragoman {

absl::Status JsonScanner::String(std::string* out) {
  out->clear();
  if (!Consume('"')) return absl::InvalidArgumentError("expected a string");
  while (at_ < text_.size()) {
    // Most strings have no escapes: copy each run of plain characters at once.
    const size_t run = at_;
    while (at_ < text_.size() && text_[at_] != '"' && text_[at_] != '\\' &&
           static_cast<unsigned char>(text_[at_]) >= 0x20) {
      ++at_;
    }
    out->append(text_.data() + run, at_ - run);
    if (at_ >= text_.size()) break;
    const char c = text_[at_++];
    if (c == '"') return absl::OkStatus();
    if (c != '\\') return absl::InvalidArgumentError("a control character in a string");
    if (at_ >= text_.size()) break;
    const char e = text_[at_++];
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out->push_back(e);
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        uint32_t code = 0;
        if (absl::Status hex = Hex4(&code); !hex.ok()) return hex;
        if (code >= 0xD800 && code <= 0xDBFF && text_.substr(at_, 2) == "\\u") {
          at_ += 2;
          uint32_t low = 0;
          if (absl::Status hex = Hex4(&low); !hex.ok()) return hex;
          if (low < 0xDC00 || low > 0xDFFF) {
            return absl::InvalidArgumentError("an unpaired surrogate");
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xD800 && code <= 0xDFFF) {
          return absl::InvalidArgumentError("an unpaired surrogate");
        }
        records::AppendUtf8(code, out);
        break;
      }
      default:
        return absl::InvalidArgumentError("an unknown escape in a string");
    }
  }
  return absl::InvalidArgumentError("a string is not closed");
}

std::string_view JsonScanner::NumberText() {
  SkipSpace();
  const size_t start = at_;
  while (at_ < text_.size() &&
         (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '-' ||
          text_[at_] == '+' || text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E')) {
    ++at_;
  }
  return text_.substr(start, at_ - start);
}

absl::Status JsonScanner::Hex4(uint32_t* code) {
  if (text_.size() - at_ < 4) return absl::InvalidArgumentError("a \\u escape is cut short");
  *code = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = text_[at_++];
    const int digit = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
    if (digit < 0) return absl::InvalidArgumentError("a \\u escape is not hexadecimal");
    *code = *code * 16 + static_cast<uint32_t>(digit);
  }
  return absl::OkStatus();
}

}  // namespace dragoman
