#include "translators/runtime/status_util.h"

#include <optional>
#include <string>

#include "absl/strings/cord.h"
#include "translators/runtime/strings.h"

namespace dragoman {

void AttachDetail(absl::Status& status, const google::protobuf::Message& detail) {
  status.SetPayload(std::string(kTypeUrlPrefix) + detail.GetDescriptor()->full_name(),
                    absl::Cord(detail.SerializeAsString()));
}

bool ReadDetail(const absl::Status& status, google::protobuf::Message* detail) {
  absl::optional<absl::Cord> payload =
      status.GetPayload(std::string(kTypeUrlPrefix) + detail->GetDescriptor()->full_name());
  return payload.has_value() && detail->ParseFromString(std::string(*payload));
}

absl::Status WithContext(const absl::Status& status, std::string_view context) {
  if (status.ok()) return status;
  absl::Status out(status.code(), StrCat(context, ": ", status.message()));
  status.ForEachPayload([&out](absl::string_view type_url, const absl::Cord& payload) {
    out.SetPayload(type_url, payload);
  });
  return out;
}

}  // namespace dragoman
