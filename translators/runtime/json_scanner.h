// The lexical layer of JSON (RFC 8259) over one text: whitespace, punctuation, literals, number
// text and strings with their escapes. The readers above it (the HTTP front end's reader into
// protobuf messages, the records tool's reader) decide what the values mean.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_JSON_SCANNER_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_JSON_SCANNER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace dragoman {

// A cursor over a JSON text. Every method but offset() first skips whitespace.
class JsonScanner {
 public:
  // Scans `text`, which must outlive the scanner.
  explicit JsonScanner(std::string_view text) : text_(text) {}

  // Where the cursor is, in bytes from the start (for error messages).
  size_t offset() const { return at_; }
  // The text between `start` (an earlier offset()) and the cursor.
  std::string_view Since(size_t start) const { return text_.substr(start, at_ - start); }

  // True when only whitespace is left.
  bool AtEnd() {
    SkipSpace();
    return at_ == text_.size();
  }
  // The next character, '\0' at the end; not consumed.
  char Peek() {
    SkipSpace();
    return at_ < text_.size() ? text_[at_] : '\0';
  }
  // Consumes `c` when it is next.
  bool Consume(char c) {
    SkipSpace();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  // Consumes `word` (true, false, null) when it is next.
  bool ConsumeWord(std::string_view word) {
    SkipSpace();
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  // Reads the string literal that must be next into `out` (UTF-8, escapes and surrogate pairs
  // decoded). InvalidArgument says what is wrong, without the offset: raw control characters
  // (RFC 8259 wants them escaped), unknown escapes, unpaired surrogates, no closing quote.
  absl::Status String(std::string* out);
  // The text of the number literal next (digits, sign, point, exponent); empty when none.
  std::string_view NumberText();

 private:
  void SkipSpace() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
      ++at_;
    }
  }
  absl::Status Hex4(uint32_t* code);

  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_JSON_SCANNER_H_
