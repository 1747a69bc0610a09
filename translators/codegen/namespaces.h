// Namespace URIs the generator's front ends and emitters agree on.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_NAMESPACES_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_NAMESPACES_H_

#include <string_view>

namespace dragoman::codegen {

inline constexpr std::string_view kXsdNamespace = "http://www.w3.org/2001/XMLSchema";
inline constexpr std::string_view kWsdlNamespace = "http://schemas.xmlsoap.org/wsdl/";
inline constexpr std::string_view kWsdlSoap11Namespace = "http://schemas.xmlsoap.org/wsdl/soap/";
inline constexpr std::string_view kWsdlSoap12Namespace = "http://schemas.xmlsoap.org/wsdl/soap12/";
// SOAP 1.1 section 5 encoding (SOAP-ENC).
inline constexpr std::string_view kSoapEncodingNamespace =
    "http://schemas.xmlsoap.org/soap/encoding/";
// SOAP 1.2 encoding; some generators declare SOAP-ENC arrays in it too.
inline constexpr std::string_view kSoap12EncodingNamespace =
    "http://www.w3.org/2003/05/soap-encoding";

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_NAMESPACES_H_
