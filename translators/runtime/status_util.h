// Small absl::Status helpers Abseil 2022 does not have, and typed status payloads.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_STATUS_UTIL_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_STATUS_UTIL_H_

#include <google/protobuf/message.h>

#include <string_view>

#include "absl/status/status.h"

// Returns from the enclosing function if `expr` yields a non-OK absl::Status.
#define DRAGOMAN_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::absl::Status dragoman_status_ = (expr);            \
    if (!dragoman_status_.ok()) return dragoman_status_; \
  } while (false)

namespace dragoman {

// Type URL prefix of payloads that carry protobuf messages ("type.googleapis.com/").
inline constexpr std::string_view kTypeUrlPrefix = "type.googleapis.com/";

// Attaches `detail` to `status` as a payload keyed by its type URL; the gRPC front end turns
// every such payload into a google.rpc.Status detail.
void AttachDetail(absl::Status& status, const google::protobuf::Message& detail);

// Reads the payload AttachDetail attached for `detail`'s type into `detail`; false when
// `status` has none (or it does not parse).
bool ReadDetail(const absl::Status& status, google::protobuf::Message* detail);

// Returns `status` with "context: " prepended to its message, payloads kept.
absl::Status WithContext(const absl::Status& status, std::string_view context);

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_STATUS_UTIL_H_
