// google.api.http REST mappings: path templates compiled once, matched against request paths,
// and the request message assembled from path variables, query parameters and the body, as
// grpc-gateway and Envoy's transcoder do.
#ifndef DRAGOMAN_SERVER_FRONTEND_HTTP_RULE_H_
#define DRAGOMAN_SERVER_FRONTEND_HTTP_RULE_H_

#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/api/http.pb.h"

namespace dragoman {

// A compiled path template: "/v1/{name=shelves/*}/books/{book_id}:publish".
class PathTemplate {
 public:
  // Parses `text`; InvalidArgument quoting it when it is not a template.
  static absl::StatusOr<PathTemplate> Parse(std::string_view text);

  // Binds the variables when `path` (no query string) matches: field path -> value, values
  // percent-decoded ("/" kept inside multi-segment variables). nullopt when it does not match.
  std::optional<std::vector<std::pair<std::string, std::string>>> Match(
      std::string_view path) const;

  // The template as written.
  const std::string& text() const { return text_; }
  // The field paths its variables bind, in order.
  std::vector<std::string> variables() const {
    std::vector<std::string> paths;
    for (const Variable& variable : variables_) paths.push_back(variable.field_path);
    return paths;
  }

 private:
  // One segment of the template.
  struct Segment {
    enum class Kind { kLiteral, kWildcard, kMulti } kind = Kind::kLiteral;
    std::string literal;
  };
  // A variable covers segments [begin, end).
  struct Variable {
    std::string field_path;
    size_t begin = 0;
    size_t end = 0;
  };

  bool MatchFrom(const std::vector<std::string>& parts, size_t part, size_t segment,
                 std::vector<std::pair<size_t, size_t>>* spans) const;

  std::string text_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
};

// One binding of a method: a verb, a template, the body and response_body fields.
struct HttpBinding {
  std::string http_method;  // GET, POST, ... (custom kinds as written)
  PathTemplate path;
  std::string body;           // "", "*" or a field name
  std::string response_body;  // "" or a field name
};

// Every binding of `rule` (itself and its additional_bindings).
absl::StatusOr<std::vector<HttpBinding>> BindingsOf(const google::api::HttpRule& rule);

// Sets the field at dotted `field_path` (proto or JSON names) of `message` from the text
// `value` (numbers, booleans, enum names or numbers, base64 bytes; repeated fields append).
// InvalidArgument names the path when it names no scalar field or the value does not parse.
absl::Status SetFieldFromText(google::protobuf::Message* message, std::string_view field_path,
                              std::string_view value);

// Percent-decodes `text` ("+" as space when `plus_is_space`); false on a bad escape.
bool PercentDecode(std::string_view text, bool plus_is_space, std::string* out);

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_FRONTEND_HTTP_RULE_H_
