// Declared SOAP headers that travel as gRPC metadata instead of in the messages.
//
// A user who would rather pass, say, a session token beside the call than inside every request
// message sets (dragoman.xml_field).metadata on the header field in the .proto. The generated
// translator still writes and reads the header from that field; this class fills the field from
// the call's metadata before encoding, and moves reply header values out of the reply message
// into response metadata after decoding. Scalar headers travel as their text; message-typed
// headers as the serialized message under a "-bin" key.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_HEADER_METADATA_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_HEADER_METADATA_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace dragoman {

// One method's header fields mapped to metadata keys. Immutable; safe to share across threads.
class HeaderMetadata {
 public:
  // The value of a request metadata key, or nullopt when the call does not carry it.
  using Lookup = absl::FunctionRef<std::optional<std::string_view>(std::string_view key)>;
  // Metadata (key, value) pairs for the response.
  using Pairs = std::vector<std::pair<std::string, std::string>>;

  // Reads the mapping of `method`'s request and reply header fields. InvalidArgument names the
  // field when a key is not a valid metadata key for it (lowercase letters, digits, '-', '_',
  // '.'; not "grpc-"; "-bin" for message-typed headers).
  static absl::StatusOr<HeaderMetadata> ForMethod(const google::protobuf::MethodDescriptor* method);

  // True when no header of the method travels as metadata (the calls need no extra work).
  bool empty() const { return request_.empty() && reply_.empty(); }

  // Sets the request's mapped header fields from the call's metadata; a key the call lacks
  // leaves its field as the message has it. InvalidArgument names the key of a bad value.
  absl::Status ApplyToRequest(Lookup lookup, std::string* request_bytes) const;

  // Moves the reply's mapped header fields (those set) out of `reply_bytes` into `out`.
  absl::Status MoveFromReply(std::string* reply_bytes, Pairs* out) const;

 private:
  struct Mapped {
    const google::protobuf::FieldDescriptor* field;
    std::string key;
  };

  const google::protobuf::Message* request_prototype_ = nullptr;
  const google::protobuf::Message* reply_prototype_ = nullptr;
  std::vector<Mapped> request_;
  std::vector<Mapped> reply_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_HEADER_METADATA_H_
