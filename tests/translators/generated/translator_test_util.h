// Calling a generated SOAP translator the way the server does, for tests of generated code.
#ifndef DRAGOMAN_TESTS_TRANSLATORS_GENERATED_TRANSLATOR_TEST_UTIL_H_
#define DRAGOMAN_TESTS_TRANSLATORS_GENERATED_TRANSLATOR_TEST_UTIL_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "translators/runtime/soap_method.h"

namespace dragoman::testing {

// The SOAP 1.1 envelope around a reply body, split where the body goes.
inline constexpr char kEnvelopeStart[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>)";
inline constexpr char kEnvelopeEnd[] = "</soap:Body></soap:Envelope>";

// The request envelope `method` writes for `message`.
inline absl::StatusOr<std::string> EncodeRequest(const soap::SoapMethod& method,
                                                 const google::protobuf::Message& message) {
  BackendRequest request;
  absl::Status status = method.EncodeRequest(message.SerializeAsString(), &request);
  if (!status.ok()) return status;
  return request.payload;
}

// Decodes a reply whose Body holds `body` (namespace declarations included) into a Reply.
template <typename Reply>
absl::StatusOr<Reply> DecodeReplyBody(const soap::SoapMethod& method, std::string_view body) {
  std::string payload = std::string(kEnvelopeStart) + std::string(body) + kEnvelopeEnd;
  std::string bytes;
  absl::Status status = method.DecodeReply(payload, &bytes);
  if (!status.ok()) return status;
  Reply message;
  if (!message.ParseFromString(bytes)) return absl::InternalError("unparsable reply bytes");
  return message;
}

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_TRANSLATORS_GENERATED_TRANSLATOR_TEST_UTIL_H_
