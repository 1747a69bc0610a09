// node-soap's JSON conventions, mapped onto Dragoman's generated messages through their
// (dragoman.xml_*) options. Test-only: the product never sees this JSON.
//
// node-soap describes the content of one XML element as a JSON object whose keys are the local
// names of child elements (a "prefix:" is allowed and ignored), with "attributes" holding the
// element's attributes ("xsi_type": {"type", "xmlns"} stands for xsi:type) and "$value" its
// character data. Repeated elements are arrays, though a single occurrence may be written as a
// plain value; an element with only text may be written as that text; null is xsi:nil (and,
// in replies, an element with no content). Values are strings, numbers or booleans whatever
// the XSD type.
#ifndef DRAGOMAN_TESTS_CONFORMANCE_NODE_SOAP_JSON_H_
#define DRAGOMAN_TESTS_CONFORMANCE_NODE_SOAP_JSON_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/struct.pb.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace dragoman::conformance {

// Parses JSON text into a google.protobuf.Value (numbers become doubles).
absl::Status ParseJson(std::string_view text, google::protobuf::Value* value);
// The JSON text of a value, for messages.
std::string JsonText(const google::protobuf::Value& value);

// Fills `message`, the content of one XML element, from node-soap's JSON for that content.
// Header fields are not addressed (node-soap's JSON describes the Body). InvalidArgument
// names the JSON path of anything that has no counterpart in the message: such a request
// cannot be expressed through Dragoman's API.
absl::Status FillFromJson(const google::protobuf::Value& json, google::protobuf::Message* message);

// Compares a decoded message, the content of one XML element, with node-soap's JSON for that
// content; returns the first difference with its path, or an empty string. Leniency follows
// node-soap: strings are compared trimmed, numbers and booleans by value, a one-item repeated
// field matches a plain value, and null matches xsi:nil or an element without content.
std::string CompareWithJson(const google::protobuf::Message& message,
                            const google::protobuf::Value& json, std::string_view path);

// The field of `type` for the Body element {ns}local (header fields excluded), or null.
const google::protobuf::FieldDescriptor* FindBodyElementField(
    const google::protobuf::Descriptor* type, std::string_view ns, std::string_view local);

}  // namespace dragoman::conformance

#endif  // DRAGOMAN_TESTS_CONFORMANCE_NODE_SOAP_JSON_H_
