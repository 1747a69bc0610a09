// SOAP 1.1 and 1.2 envelopes and faults, independent of any particular service.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_SOAP_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_SOAP_H_

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "dragoman/errors.pb.h"
#include "dragoman/options.pb.h"
#include "translators/runtime/xml_writer.h"

namespace dragoman::soap {

inline constexpr std::string_view kSoap11Namespace = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kSoap12Namespace = "http://www.w3.org/2003/05/soap-envelope";

// The envelope namespace URI of a SOAP version (1.1 when unspecified).
std::string_view EnvelopeNamespace(SoapVersion version);

// The HTTP Content-Type of a request: text/xml for 1.1; application/soap+xml with the action
// parameter for 1.2.
std::string ContentType(SoapVersion version, std::string_view action);

// Writes the envelope start and opens Body: `<soapenv:Envelope xmlns:soapenv=..><soapenv:Body>`,
// with `<soapenv:Header>header_xml</soapenv:Header>` between them when header_xml is not empty.
void BeginEnvelope(SoapVersion version, xml::XmlWriter& writer, std::string_view header_xml = {});
// Closes Body and Envelope.
void EndEnvelope(xml::XmlWriter& writer);

// The parts of a parsed envelope a decoder needs.
struct Envelope {
  SoapVersion version = SOAP_VERSION_UNSPECIFIED;
  // The Header element, or null.
  pugi::xml_node header;
  // The Body element.
  pugi::xml_node body;
  // Body's Fault child, or null.
  pugi::xml_node fault;
};

// Finds Envelope, Header, Body and Fault in a parsed document. The version is taken from the
// envelope namespace; a mismatch with `expected` (when not unspecified) is an error, as is any
// document that is not a SOAP envelope. Errors are InvalidArgument naming what was found.
absl::Status FindEnvelope(const pugi::xml_document& doc, SoapVersion expected, Envelope* out);

// For a Header entry the reader does not handle: fails when the entry demands mustUnderstand
// (an entry that may be ignored is).
absl::Status CheckMustUnderstand(pugi::xml_node entry, SoapVersion version);

// Reads a Fault element of either version into its version-neutral form.
absl::Status ReadFault(pugi::xml_node fault, SoapVersion version, SoapFault* out);

// The status code a fault maps to: Client/Sender -> INVALID_ARGUMENT; Server/Receiver and
// anything else -> INTERNAL.
absl::StatusCode FaultStatusCode(const SoapFault& fault);

// Writes a complete fault envelope (for mock backends): code and reason, actor, and the
// pre-serialised detail XML when not empty.
void WriteFaultEnvelope(SoapVersion version, const SoapFault& fault, std::string* out);

}  // namespace dragoman::soap

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_SOAP_H_
