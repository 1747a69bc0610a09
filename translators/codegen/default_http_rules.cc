#include "translators/codegen/default_http_rules.h"

#include "translators/runtime/strings.h"

namespace dragoman::codegen {

absl::Status AddDefaultHttpRules(std::string_view prefix, FileModel* file) {
  if (!prefix.empty() && (prefix.front() != '/' || prefix.back() == '/' ||
                          prefix.find_first_of("{}*: ") != std::string_view::npos)) {
    return absl::InvalidArgumentError(StrCat("HTTP prefix '", prefix,
                                             "' must start with '/', not end with one, and hold "
                                             "no template characters"));
  }
  for (ServiceModel& service : file->services) {
    for (MethodModel& method : service.methods) {
      if (method.http.pattern_case() != google::api::HttpRule::PATTERN_NOT_SET) continue;
      method.http.set_post(StrCat(prefix, "/", service.name, "/", method.name));
      method.http.set_body("*");
    }
  }
  return absl::OkStatus();
}

}  // namespace dragoman::codegen
