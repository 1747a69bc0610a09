// The interface between the router and the code generated for one legacy method.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_TRANSLATOR_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_TRANSLATOR_H_

#include <google/protobuf/descriptor.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace dragoman {

// The bytes a backend client sends for one call, with what its transport needs to know.
struct BackendRequest {
  // The request as the legacy system reads it (a SOAP envelope or a record).
  std::string payload;
  // HTTP Content-Type for SOAP backends.
  std::string content_type;
  // SOAPAction header value (sent quoted). SOAP 1.1 always sends the header, "" included, as
  // WS-I Basic Profile requires; nullopt (SOAP 1.2, which carries the action in content_type)
  // sends none.
  std::optional<std::string> soap_action;
  // The legacy operation has no reply.
  bool one_way = false;
  // Framed record backends: the transaction code for a frame header, already in the host's
  // code page and padded to its 8 bytes; empty for SOAP.
  std::string transaction;
};

// Translates one method's calls between protobuf and the legacy wire format. Implementations
// are immutable and safe to use from many threads at once.
class Translator {
 public:
  virtual ~Translator() = default;

  // The method as gRPC names it on the wire: "/package.Service/Method".
  virtual const std::string& method_path() const = 0;
  // The method's descriptor (request and reply types, options).
  virtual const google::protobuf::MethodDescriptor* method() const = 0;
  // Encodes a serialized request message into the backend's request. InvalidArgument names the
  // field when a value does not fit the legacy type.
  virtual absl::Status EncodeRequest(std::string_view request_bytes, BackendRequest* out) const = 0;
  // Decodes a backend reply into a serialized reply message. The payload is parsed in place and
  // left modified. Legacy faults come back as the mapped status with details attached.
  virtual absl::Status DecodeReply(std::string& payload, std::string* reply_bytes) const = 0;
};

// True when the schema marks `method` safe to repeat after the request may have reached the
// backend: an idempotency_level, (dragoman.soap_operation).idempotent, or a copybook program's
// idempotent (a manifest's idempotent or read_only).
bool MarkedIdempotent(const google::protobuf::MethodDescriptor* method);

// The documentation of one element of a translated .proto (its leading comment), kept by the
// generated code because compiled descriptors drop comments.
struct SchemaDoc {
  // The element's full name: "pkg.Service", "pkg.Service.Method", "pkg.Message",
  // "pkg.Message.field", "pkg.Enum", or "pkg.Enum.VALUE" (scoped by its enum, unlike protobuf).
  std::string_view full_name;
  // The comment text, lines joined; paragraphs separated by a blank line.
  std::string_view text;
};

// Every translator compiled into this binary, by method path, with the documentation of their
// schemas.
class TranslatorRegistry {
 public:
  // Adds a translator; a second one for the same method is an error.
  absl::Status Add(std::unique_ptr<Translator> translator);
  // The translator of "/package.Service/Method", or null.
  const Translator* Find(std::string_view method_path) const;
  // All translators in the order they were added.
  const std::vector<std::unique_ptr<Translator>>& all() const { return translators_; }

  // Adds documentation; the strings must live as long as the registry (generated code passes
  // literals). A later entry for the same name replaces an earlier one.
  void AddDocs(absl::Span<const SchemaDoc> docs);
  // The documentation of `full_name` (see SchemaDoc), or "" when it has none.
  std::string_view DocOf(std::string_view full_name) const;

 private:
  std::vector<std::unique_ptr<Translator>> translators_;
  std::map<std::string_view, std::string_view, std::less<>> docs_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_TRANSLATOR_H_
