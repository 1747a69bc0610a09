#include "translators/runtime/soap_method.h"

#include <google/protobuf/message.h>

#include "absl/strings/str_cat.h"
#include "translators/runtime/scratch_arena.h"
#include "translators/runtime/soap.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::soap {
namespace {

// Envelopes are usually a little larger than the protobuf they carry; reserving up front saves
// most reallocations without a second pass.
constexpr size_t kEnvelopeOverhead = 512;

const google::protobuf::Message* PrototypeOf(const google::protobuf::Descriptor* type) {
  return google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
}

}  // namespace

SoapMethod::SoapMethod(const google::protobuf::MethodDescriptor* method)
    : method_(method),
      method_path_(StrCat("/", method->service()->full_name(), "/", method->name())),
      operation_(method->options().GetExtension(dragoman::soap_operation)),
      content_type_(ContentType(operation_.version(), operation_.action())),
      request_prototype_(PrototypeOf(method->input_type())),
      reply_prototype_(PrototypeOf(method->output_type())) {}

absl::Status SoapMethod::EncodeRequest(std::string_view request_bytes, BackendRequest* out) const {
  ScratchArena arena;
  google::protobuf::Message* request = request_prototype_->New(arena.get());
  if (!request->ParseFromArray(request_bytes.data(), static_cast<int>(request_bytes.size()))) {
    return absl::InvalidArgumentError(
        StrCat(method_path_, ": request is not a valid ", request->GetTypeName()));
  }
  out->payload.clear();
  out->payload.reserve(request_bytes.size() * 2 + kEnvelopeOverhead);
  std::string header;
  xml::XmlWriter header_writer(&header);
  absl::Status status = WriteRequestHeaders(*request, header_writer);
  if (!status.ok()) return WithContext(status, method_path_);
  xml::XmlWriter writer(&out->payload);
  BeginEnvelope(operation_.version(), writer, header);
  status = WriteRequest(*request, writer);
  if (!status.ok()) return WithContext(status, method_path_);
  EndEnvelope(writer);
  out->content_type = content_type_;
  if (operation_.version() == SOAP_1_2) {
    out->soap_action.reset();
  } else {
    out->soap_action = operation_.action();
  }
  out->one_way = operation_.one_way();
  return absl::OkStatus();
}

absl::Status SoapMethod::DecodeReply(std::string& payload, std::string* reply_bytes) const {
  ScratchArena arena;
  google::protobuf::Message* reply = reply_prototype_->New(arena.get());
  if (operation_.one_way() && payload.empty()) {
    reply_bytes->clear();
    return absl::OkStatus();
  }
  pugi::xml_document doc;
  Envelope envelope;
  absl::Status status = xml::ParseXmlInPlace(payload.data(), payload.size(), &doc, kLimits);
  if (status.ok()) status = FindEnvelope(doc, operation_.version(), &envelope);
  if (!status.ok()) {
    return absl::InternalError(
        StrCat(method_path_, ": reply is not a SOAP envelope: ", status.message()));
  }
  if (envelope.fault) return FaultStatus(envelope.fault, envelope.version);
  status = ReadReplyHeaders(envelope.header, reply);
  if (status.ok()) status = ReadReply(envelope.body, reply);
  if (!status.ok()) {
    return absl::InternalError(
        StrCat(method_path_, ": reply does not match the schema: ", status.message()));
  }
  if (!reply->SerializeToString(reply_bytes)) {
    return absl::InternalError(StrCat(method_path_, ": cannot serialize the reply"));
  }
  return absl::OkStatus();
}

absl::Status SoapMethod::FaultStatus(pugi::xml_node fault_node, SoapVersion version) const {
  SoapFault fault;
  absl::Status status = ReadFault(fault_node, version, &fault);
  if (!status.ok()) {
    return absl::InternalError(StrCat(method_path_, ": malformed SOAP fault: ", status.message()));
  }
  google::protobuf::Arena arena;
  google::protobuf::Message* detail = nullptr;
  // The declared fault is identified by the detail's first element child.
  const std::string_view detail_name = version == SOAP_1_2 ? "Detail" : "detail";
  const std::string_view detail_ns = version == SOAP_1_2 ? kSoap12Namespace : "";
  for (pugi::xml_node child : fault_node.children()) {
    if (child.type() != pugi::node_element || xml::LocalName(child.name()) != detail_name) {
      continue;
    }
    std::string_view ns;
    if (!xml::ElementNamespace(child, &ns) || (version == SOAP_1_2 && ns != detail_ns)) continue;
    for (pugi::xml_node entry : child.children()) {
      if (entry.type() != pugi::node_element) continue;
      std::string fault_name;
      // A detail that claims to be a declared fault but does not decode is still reported,
      // with its raw XML; the decode problem goes into the message.
      absl::Status detail_status = ReadFaultDetail(entry, &arena, &detail, &fault_name);
      if (!detail_status.ok()) {
        fault.set_reason(StrCat(
            fault.reason(), " (detail does not match the schema: ", detail_status.message(), ")"));
        detail = nullptr;
      }
      if (detail != nullptr) fault.set_fault_name(fault_name);
      break;
    }
    break;
  }
  absl::Status result(FaultStatusCode(fault),
                      StrCat(method_path_, ": SOAP fault ", fault.code(), ": ", fault.reason()));
  AttachDetail(result, fault);
  if (detail != nullptr) AttachDetail(result, *detail);
  return result;
}

absl::Status SoapMethod::DecodeRequest(std::string& payload,
                                       google::protobuf::Message* request) const {
  pugi::xml_document doc;
  Envelope envelope;
  DRAGOMAN_RETURN_IF_ERROR(xml::ParseXmlInPlace(payload.data(), payload.size(), &doc, kLimits));
  DRAGOMAN_RETURN_IF_ERROR(FindEnvelope(doc, operation_.version(), &envelope));
  if (envelope.fault) return absl::InvalidArgumentError("a request must not be a SOAP fault");
  absl::Status status = ReadRequestHeaders(envelope.header, request);
  if (status.ok()) status = ReadRequest(envelope.body, request);
  if (!status.ok()) return WithContext(status, method_path_);
  return absl::OkStatus();
}

absl::Status SoapMethod::EncodeReply(const google::protobuf::Message& reply,
                                     std::string* payload) const {
  payload->clear();
  std::string header;
  xml::XmlWriter header_writer(&header);
  absl::Status status = WriteReplyHeaders(reply, header_writer);
  if (!status.ok()) return WithContext(status, method_path_);
  xml::XmlWriter writer(payload);
  BeginEnvelope(operation_.version(), writer, header);
  status = WriteReply(reply, writer);
  if (!status.ok()) return WithContext(status, method_path_);
  EndEnvelope(writer);
  return absl::OkStatus();
}

absl::Status SoapMethod::EncodeFault(const SoapFault& fault, std::string_view fault_name,
                                     const google::protobuf::Message* detail,
                                     std::string* payload) const {
  SoapFault with_detail = fault;
  if (detail != nullptr) {
    std::string detail_xml;
    xml::XmlWriter writer(&detail_xml);
    DRAGOMAN_RETURN_IF_ERROR(WriteFaultDetail(fault_name, *detail, writer));
    with_detail.set_detail_xml(detail_xml);
  }
  payload->clear();
  WriteFaultEnvelope(operation_.version(), with_detail, payload);
  return absl::OkStatus();
}

absl::Status SoapMethod::WriteRequestHeaders(const google::protobuf::Message& /*request*/,
                                             xml::XmlWriter& /*writer*/) const {
  return absl::OkStatus();
}

absl::Status SoapMethod::WriteReplyHeaders(const google::protobuf::Message& /*reply*/,
                                           xml::XmlWriter& /*writer*/) const {
  return absl::OkStatus();
}

absl::Status SoapMethod::ReadRequestHeaders(pugi::xml_node header,
                                            google::protobuf::Message* /*request*/) const {
  return CheckNoHeaderNeedsUnderstanding(header);
}

absl::Status SoapMethod::ReadReplyHeaders(pugi::xml_node header,
                                          google::protobuf::Message* /*reply*/) const {
  // Not ReadRequestHeaders: a subclass overrides that one for its request type only.
  return CheckNoHeaderNeedsUnderstanding(header);
}

absl::Status SoapMethod::CheckNoHeaderNeedsUnderstanding(pugi::xml_node header) const {
  for (pugi::xml_node entry : header.children()) {
    if (entry.type() != pugi::node_element) continue;
    DRAGOMAN_RETURN_IF_ERROR(CheckMustUnderstand(entry, operation_.version()));
  }
  return absl::OkStatus();
}

}  // namespace dragoman::soap
