// Minimal HTTP/1.1 header parsing for tests that talk raw bytes to servers and clients under
// test, so they do not depend on the Beast code they are testing.
#ifndef DRAGOMAN_TESTS_SERVER_RAW_HTTP_H_
#define DRAGOMAN_TESTS_SERVER_RAW_HTTP_H_

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

namespace dragoman::testing {

// Header fields of a message head (start line first, CRLF-separated, no final blank line),
// keyed by lower-case name, values without leading spaces.
inline std::map<std::string, std::string> ParseHeaderFields(const std::string& head) {
  std::map<std::string, std::string> headers;
  std::size_t line_end = head.find("\r\n");
  while (line_end != std::string::npos) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end - start);
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    headers[name] = value;
  }
  return headers;
}

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_SERVER_RAW_HTTP_H_
