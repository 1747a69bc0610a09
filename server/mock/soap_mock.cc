#include "server/mock/soap_mock.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/message_differencer.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iterator>

#include "server/config/yaml_message.h"
#include "server/mock/sample_message.h"
#include "translators/runtime/soap.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"

namespace dragoman::mock {
namespace {

namespace http = boost::beast::http;

const google::protobuf::Message* Prototype(const google::protobuf::Descriptor* type) {
  return google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
}

HttpResponse Respond(const HttpRequest& request, http::status status, std::string content_type,
                     std::string body) {
  HttpResponse response(status, request.version());
  response.set(http::field::content_type, content_type);
  response.set(http::field::server, "dragoman-mock");
  response.body() = std::move(body);
  response.keep_alive(request.keep_alive());
  return response;
}

}  // namespace

// One entry of the examples file.
struct SoapMock::Example {
  const soap::SoapMethod* method = nullptr;
  // Fields the request must carry (compared only where set).
  std::unique_ptr<google::protobuf::Message> match;
  std::unique_ptr<google::protobuf::Message> reply;
  // Set instead of reply for a fault answer.
  bool is_fault = false;
  SoapFault fault;
  std::string fault_name;
  std::unique_ptr<google::protobuf::Message> fault_detail;
};

SoapMock::~SoapMock() = default;

absl::StatusOr<std::unique_ptr<SoapMock>> SoapMock::Create(const TranslatorRegistry& registry,
                                                           const std::string& service,
                                                           const std::string& examples_path) {
  std::unique_ptr<SoapMock> mock(new SoapMock());
  std::vector<std::string> known;
  for (const auto& translator : registry.all()) {
    const std::string& name = translator->method()->service()->full_name();
    if (known.empty() || known.back() != name) known.push_back(name);
    if (name != service) continue;
    if (const auto* method = dynamic_cast<const soap::SoapMethod*>(translator.get())) {
      mock->methods_.push_back(method);
    }
  }
  if (mock->methods_.empty()) {
    std::string list;
    for (const std::string& name : known) StrAppend(&list, "\n  ", name);
    return absl::NotFoundError(
        StrCat("no SOAP service named '", service, "' is built in; available:", list));
  }
  if (!examples_path.empty()) {
    absl::Status status = mock->LoadExamples(examples_path);
    if (!status.ok()) return status;
  }
  return mock;
}

std::vector<std::string> SoapMock::OperationNames() const {
  std::vector<std::string> names;
  for (const soap::SoapMethod* method : methods_) names.push_back(method->operation().name());
  return names;
}

absl::Status SoapMock::LoadExamples(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot open examples file ", path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (absl::Status status = config::CheckYamlNesting(text); !status.ok()) {
    return absl::InvalidArgumentError(StrCat(path, ": ", status.message()));
  }
  YAML::Node root;
  try {  // startup only: yaml-cpp reports errors by exception
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(StrCat(path, ": ", e.what()));
  }
  if (!root.IsSequence()) return absl::InvalidArgumentError(StrCat(path, ": expected a list"));
  for (size_t i = 0; i < root.size(); ++i) {
    const YAML::Node entry = root[i];
    const std::string where = StrCat(path, "[", i, "]");
    if (!entry.IsMap() || !entry["operation"]) {
      return absl::InvalidArgumentError(StrCat(where, ": expected a map with an operation"));
    }
    auto example = std::make_unique<Example>();
    const std::string operation = entry["operation"].as<std::string>();
    for (const soap::SoapMethod* method : methods_) {
      if (method->operation().name() == operation || method->method()->name() == operation) {
        example->method = method;
      }
    }
    if (example->method == nullptr) {
      return absl::InvalidArgumentError(
          StrCat(where, ".operation: this service has no operation '", operation, "'"));
    }
    for (const auto& key : entry) {
      const std::string name = key.first.as<std::string>();
      if (name != "operation" && name != "match" && name != "reply" && name != "fault") {
        return absl::InvalidArgumentError(StrCat(where, ".", name, ": unknown key"));
      }
    }
    const auto* method = example->method->method();
    example->match.reset(Prototype(method->input_type())->New());
    if (entry["match"]) {
      absl::Status status =
          config::YamlToMessage(entry["match"], where + ".match", example->match.get());
      if (!status.ok()) return status;
    }
    if (entry["reply"] && entry["fault"]) {
      return absl::InvalidArgumentError(StrCat(where, ": give reply or fault, not both"));
    }
    if (entry["fault"]) {
      const YAML::Node fault = entry["fault"];
      example->is_fault = true;
      const std::string code = fault["code"] ? fault["code"].as<std::string>() : "Server";
      const bool soap12 = example->method->operation().version() == SOAP_1_2;
      std::string local = code;
      if (soap12 && code == "Client") local = "Sender";
      if (soap12 && code == "Server") local = "Receiver";
      example->fault.set_code(
          StrCat("{", soap::EnvelopeNamespace(example->method->operation().version()), "}", local));
      example->fault.set_reason(fault["reason"] ? fault["reason"].as<std::string>() : "mock fault");
      if (const YAML::Node detail = fault["detail"]) {
        example->fault_name = detail["name"] ? detail["name"].as<std::string>() : "";
        const SoapFaultType* declared = nullptr;
        for (const SoapFaultType& candidate : example->method->operation().faults()) {
          if (candidate.name() == example->fault_name) declared = &candidate;
        }
        if (declared == nullptr) {
          return absl::InvalidArgumentError(StrCat(where, ".fault.detail.name: operation '",
                                                   operation, "' declares no fault '",
                                                   example->fault_name, "'"));
        }
        const auto* type =
            google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
                declared->message_type());
        if (type == nullptr) {
          return absl::InternalError(StrCat(declared->message_type(), " is not linked in"));
        }
        example->fault_detail.reset(Prototype(type)->New());
        if (detail["message"]) {
          absl::Status status = config::YamlToMessage(
              detail["message"], where + ".fault.detail.message", example->fault_detail.get());
          if (!status.ok()) return status;
        }
      }
    } else {
      example->reply.reset(Prototype(method->output_type())->New());
      if (entry["reply"]) {
        absl::Status status =
            config::YamlToMessage(entry["reply"], where + ".reply", example->reply.get());
        if (!status.ok()) return status;
      }
      // Encode once now so an example that the schema cannot carry fails at startup.
      std::string probe;
      absl::Status status = example->method->EncodeReply(*example->reply, &probe);
      if (!status.ok())
        return absl::InvalidArgumentError(StrCat(where, ".reply: ", status.message()));
    }
    examples_.push_back(std::move(example));
  }
  return absl::OkStatus();
}

const soap::SoapMethod* SoapMock::FindMethod(const HttpRequest& request,
                                             std::string_view body) const {
  // SOAPAction (1.1) or the action parameter (1.2) first; it is what real servers dispatch on.
  std::string action;
  auto soap_action = request.find("SOAPAction");
  if (soap_action != request.end()) {
    action = std::string(soap_action->value());
    if (action.size() >= 2 && action.front() == '"' && action.back() == '"') {
      action = action.substr(1, action.size() - 2);
    }
  }
  const soap::SoapMethod* by_action = nullptr;
  int action_matches = 0;
  for (const soap::SoapMethod* method : methods_) {
    const std::string& declared = method->operation().action();
    if (declared.empty()) continue;
    const bool matches =
        action == declared ||
        std::string(request[http::field::content_type]).find(StrCat("action=\"", declared, "\"")) !=
            std::string::npos;
    if (matches) {
      by_action = method;
      ++action_matches;
    }
  }
  if (action_matches == 1) return by_action;
  // Otherwise the Body's first element names the operation.
  for (const soap::SoapMethod* method : methods_) {
    const QName& element = method->operation().request_element();
    if (!element.name().empty() &&
        body.find(StrCat(":", element.name())) != std::string_view::npos) {
      return method;
    }
  }
  return methods_.size() == 1 ? methods_.front() : nullptr;
}

void SoapMock::Handle(HttpRequest request, ResponseWriter respond) {
  const std::string xml_type = "text/xml; charset=utf-8";
  if (request.method() != http::verb::post) {
    std::move(respond)(Respond(request, http::status::method_not_allowed, "text/plain",
                               "SOAP endpoints take POST\n"));
    return;
  }
  const soap::SoapMethod* method = FindMethod(request, request.body());
  if (method == nullptr) {
    SoapFault fault;
    fault.set_code(StrCat("{", soap::kSoap11Namespace, "}Client"));
    fault.set_reason("no operation matches the SOAPAction or the Body element");
    std::string payload;
    soap::WriteFaultEnvelope(SOAP_1_1, fault, &payload);
    std::move(respond)(Respond(request, http::status::internal_server_error, xml_type, payload));
    return;
  }
  const std::string content_type =
      method->operation().version() == SOAP_1_2 ? "application/soap+xml; charset=utf-8" : xml_type;
  google::protobuf::Arena arena;
  google::protobuf::Message* decoded = Prototype(method->method()->input_type())->New(&arena);
  std::string body = std::move(request.body());
  absl::Status status = method->DecodeRequest(body, decoded);
  std::string payload;
  if (!status.ok()) {
    // As a strict legacy server would: a request that does not match the schema is a client fault.
    SoapFault fault;
    fault.set_code(StrCat("{", soap::EnvelopeNamespace(method->operation().version()), "}",
                          method->operation().version() == SOAP_1_2 ? "Sender" : "Client"));
    fault.set_reason(std::string(ToStd(status.message())));
    soap::WriteFaultEnvelope(method->operation().version(), fault, &payload);
    std::move(respond)(
        Respond(request, http::status::internal_server_error, content_type, payload));
    return;
  }
  google::protobuf::util::MessageDifferencer partial;
  partial.set_scope(google::protobuf::util::MessageDifferencer::PARTIAL);
  for (const auto& example : examples_) {
    if (example->method != method || !partial.Compare(*example->match, *decoded)) continue;
    if (example->is_fault) {
      status = method->EncodeFault(example->fault, example->fault_name, example->fault_detail.get(),
                                   &payload);
      if (status.ok()) {
        std::move(respond)(
            Respond(request, http::status::internal_server_error, content_type, payload));
        return;
      }
    } else {
      status = method->EncodeReply(*example->reply, &payload);
      if (status.ok()) {
        std::move(respond)(Respond(request, http::status::ok, content_type, payload));
        return;
      }
    }
    break;
  }
  if (status.ok()) {
    google::protobuf::Message* reply = Prototype(method->method()->output_type())->New(&arena);
    FillSample(reply);
    status = method->EncodeReply(*reply, &payload);
  }
  if (!status.ok()) {
    SoapFault fault;
    fault.set_code(StrCat("{", soap::EnvelopeNamespace(method->operation().version()), "}",
                          method->operation().version() == SOAP_1_2 ? "Receiver" : "Server"));
    fault.set_reason(StrCat("mock cannot encode its reply: ", status.message()));
    payload.clear();
    soap::WriteFaultEnvelope(method->operation().version(), fault, &payload);
    std::move(respond)(
        Respond(request, http::status::internal_server_error, content_type, payload));
    return;
  }
  std::move(respond)(Respond(request, http::status::ok, content_type, payload));
}

}  // namespace dragoman::mock
