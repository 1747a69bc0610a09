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
  for (char c : text) {
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
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned char>(c));
          out->append(escaped);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_JSON_STRING_H_
