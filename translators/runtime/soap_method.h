// The SOAP half every generated method shares: envelopes, faults, parsing limits and the
// protobuf plumbing. Generated subclasses supply only the body writers and readers.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_SOAP_METHOD_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_SOAP_METHOD_H_

#include <google/protobuf/arena.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "dragoman/errors.pb.h"
#include "dragoman/options.pb.h"
#include "translators/runtime/translator.h"
#include "translators/runtime/xml_reader.h"
#include "translators/runtime/xml_writer.h"

namespace dragoman::soap {

// One SOAP operation. Also serves the mock backend, which runs the same mapping in reverse.
class SoapMethod : public Translator {
 public:
  // `method` must carry the (dragoman.soap_operation) option.
  explicit SoapMethod(const google::protobuf::MethodDescriptor* method);

  const std::string& method_path() const final { return method_path_; }
  const google::protobuf::MethodDescriptor* method() const final { return method_; }
  absl::Status EncodeRequest(std::string_view request_bytes, BackendRequest* out) const final;
  absl::Status DecodeReply(std::string& payload, std::string* reply_bytes) const final;

  // The operation's mapping options.
  const SoapOperation& operation() const { return operation_; }
  // Mock side: reads a request envelope (parsed in place) into `request`.
  absl::Status DecodeRequest(std::string& payload, google::protobuf::Message* request) const;
  // Mock side: writes a reply envelope for `reply`.
  absl::Status EncodeReply(const google::protobuf::Message& reply, std::string* payload) const;
  // Mock side: writes a fault envelope whose detail is `detail` encoded as the declared fault
  // `fault_name`; an empty name writes the fault without detail.
  absl::Status EncodeFault(const SoapFault& fault, std::string_view fault_name,
                           const google::protobuf::Message* detail, std::string* payload) const;

  // Limits on replies parsed by every method.
  static constexpr xml::XmlLimits kLimits{};

 protected:
  // Writes the request's Body children.
  virtual absl::Status WriteRequest(const google::protobuf::Message& request,
                                    xml::XmlWriter& writer) const = 0;
  // Reads the request from the Body element.
  virtual absl::Status ReadRequest(pugi::xml_node body,
                                   google::protobuf::Message* request) const = 0;
  // Writes the reply's Body children.
  virtual absl::Status WriteReply(const google::protobuf::Message& reply,
                                  xml::XmlWriter& writer) const = 0;
  // Reads the reply from the Body element.
  virtual absl::Status ReadReply(pugi::xml_node body, google::protobuf::Message* reply) const = 0;
  // Writes the request's declared soap:Header entries; none by default.
  virtual absl::Status WriteRequestHeaders(const google::protobuf::Message& request,
                                           xml::XmlWriter& writer) const;
  // Reads the request's declared Header entries (header may be null); by default only checks
  // that no entry demands mustUnderstand.
  virtual absl::Status ReadRequestHeaders(pugi::xml_node header,
                                          google::protobuf::Message* request) const;
  // Writes the reply's declared soap:Header entries; none by default.
  virtual absl::Status WriteReplyHeaders(const google::protobuf::Message& reply,
                                         xml::XmlWriter& writer) const;
  // Reads the reply's declared Header entries, as ReadRequestHeaders.
  virtual absl::Status ReadReplyHeaders(pugi::xml_node header,
                                        google::protobuf::Message* reply) const;
  // Decodes the detail child of a declared fault into a message allocated on `arena`; sets
  // `*detail` to null when `element` matches no declared fault.
  virtual absl::Status ReadFaultDetail(pugi::xml_node element, google::protobuf::Arena* arena,
                                       google::protobuf::Message** detail,
                                       std::string* fault_name) const = 0;
  // Writes a declared fault's detail message as one element.
  virtual absl::Status WriteFaultDetail(std::string_view fault_name,
                                        const google::protobuf::Message& detail,
                                        xml::XmlWriter& writer) const = 0;

 private:
  // Fails when an entry of `header` (which may be null) demands mustUnderstand.
  absl::Status CheckNoHeaderNeedsUnderstanding(pugi::xml_node header) const;
  // Builds the status for a Fault element, typed detail attached when one matches.
  absl::Status FaultStatus(pugi::xml_node fault, SoapVersion version) const;

  const google::protobuf::MethodDescriptor* method_;
  std::string method_path_;
  SoapOperation operation_;
  std::string content_type_;
  const google::protobuf::Message* request_prototype_;
  const google::protobuf::Message* reply_prototype_;
};

}  // namespace dragoman::soap

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_SOAP_METHOD_H_
