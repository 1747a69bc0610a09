// Writing a JSON string literal, for the places that write JSON text by hand (the records
// tool, the HTTP front end's error bodies, the YAML to JSON conversion).
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_JSON_STRING_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_JSON_STRING_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace dragoman {

// Appends `text` (UTF-8) as a quoted JSON string: quotes, backslashes and control characters
// escaped, everything else as is.
inline void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  // Runs that need no escape (nearly all of any text) are copied whole.
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        char escaped[8];
        std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned char>(c));
        out->append(escaped);
      }
    }
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_JSON_STRING_H_
