// Helpers for the code protoc-gen-dragoman generates. Kept out of the generated files so each
// translator stays small and every error message is worded the same way.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_GENERATED_SUPPORT_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_GENERATED_SUPPORT_H_

#include <google/protobuf/map.h>
#include <google/protobuf/repeated_field.h>

#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "dragoman/options.pb.h"
#include "re2/re2.h"
#include "translators/runtime/xml_reader.h"
#include "translators/runtime/xml_writer.h"

namespace dragoman::gen {

// Deepest nesting of generated readers (recursive types stop here).
inline constexpr int kMaxReadDepth = 100;

// InvalidArgument "field '<field>': <problem>" for values that cannot be encoded.
absl::Status FieldError(std::string_view field, std::string_view problem);
// InvalidArgument "field '<field>': <text> is not a valid <type>" without echoing the value.
absl::Status InvalidValue(std::string_view field, XsdType type);
// InvalidArgument naming an XML element (qualified name and byte offset) that cannot be read.
absl::Status ElementError(pugi::xml_node element, std::string_view problem);
// ElementError for a value that is not a valid literal of `type`.
absl::Status BadLiteral(pugi::xml_node element, XsdType type);
// Prepends "<name>." (encode) to a nested error's field path.
absl::Status InField(absl::Status status, std::string_view name);

// The error CheckOccurs reports for a count out of [min, max].
absl::Status OccursError(pugi::xml_node parent, std::string_view name, uint32_t count, uint32_t min,
                         uint32_t max);
// Checks that an element or field occurs between min and max times (max 0: unbounded). Inline:
// every reader checks every field it has, and the count is almost always right.
inline absl::Status CheckOccurs(pugi::xml_node parent, std::string_view name, uint32_t count,
                                uint32_t min, uint32_t max) {
  if (count >= min && (max == 0 || count <= max)) return absl::OkStatus();
  return OccursError(parent, name, count, min, max);
}
// Same check on the encode side, for repeated fields.
absl::Status CheckRepeatedSize(std::string_view field, int size, uint32_t min, uint32_t max);

// Text that may stand between child elements: whitespace, comments, PIs.
bool IsIgnorable(pugi::xml_node node);
// Reads the namespace and local name of an attribute; false for namespace declarations and
// xsi:* attributes, which are not data. An undeclared prefix is an error.
absl::Status AttributeName(pugi::xml_node owner, pugi::xml_attribute attribute, bool* is_data,
                           std::string_view* ns, std::string_view* local);
// The namespace of an element; an undeclared prefix is an error.
absl::Status ChildNamespace(pugi::xml_node element, std::string_view* ns);
// The namespace and local name of a child of the element `scope` was made for, the prefix
// resolved through `scope`; an undeclared prefix is an error.
absl::Status ChildName(xml::ChildScope& scope, pugi::xml_node child, std::string_view* ns,
                       std::string_view* local);
// The element's text, or an error when it has child elements.
absl::Status ElementText(pugi::xml_node element, std::string* scratch, std::string_view* text);
// True if the element is xsi:nil; an invalid xsi:nil value is an error.
absl::Status NilState(pugi::xml_node element, bool* nil);
// The type the element's xsi:type attribute names, its prefix resolved at the element;
// `*typed` is false when there is none. An undeclared prefix is an error.
absl::Status XsiType(pugi::xml_node element, bool* typed, std::string_view* ns,
                     std::string_view* local);
// The element a SOAP-encoded multi-reference points at (href="#id" in SOAP 1.1, enc:ref in
// 1.2), searched among the Body's children; `element` itself when it is not a reference.
absl::Status Dereference(pugi::xml_node element, pugi::xml_node* target);

// The value of SOAP-ENC:arrayType for an array of `item_count` items of `item` (a prefixed
// type name with any item rank brackets): "item[n]", or for a multi-dimensional array (rank
// > 1) "item[d1,d2,...]" from `dimensions`, which must hold `rank` sizes multiplying to
// `item_count`.
absl::Status ArrayTypeValue(std::string_view item, int rank,
                            const google::protobuf::RepeatedField<uint32_t>* dimensions,
                            int item_count, std::string* out);
// Reads the `rank` sizes of a multi-dimensional array from its SOAP-ENC:arrayType (SOAP 1.1)
// or enc:arraySize (SOAP 1.2).
absl::Status ReadArrayDimensions(pugi::xml_node array, int rank,
                                 google::protobuf::RepeatedField<uint32_t>* dimensions);

// Finds the one element child of Body that must be {ns}local.
absl::Status FindBodyElement(pugi::xml_node body, std::string_view ns, std::string_view local,
                             pugi::xml_node* element);

// True if position `index` is listed among the nil items of a repeated element.
bool IsNilItem(const google::protobuf::RepeatedField<uint32_t>& nil_items, int index);
// Writes "<qname xsi:nil="true"/>".
void WriteNil(xml::XmlWriter& writer, std::string_view qname);
// Writes a Clark-notation QName value as element text, declaring its prefix on the element
// whose start tag is open. False when `clark` is not "{uri}local" or "local".
bool WriteQNameText(xml::XmlWriter& writer, std::string_view clark);
// Writes a Clark-notation QName as an attribute value, declaring `prefix` for its namespace.
bool WriteQNameAttribute(xml::XmlWriter& writer, std::string_view qname, std::string_view prefix,
                         std::string_view clark);

// Validates that `xml` is exactly one well-formed element (with the namespace declarations it
// needs) and writes it as is; carried xsd:any content cannot break the envelope.
absl::Status WriteXmlFragment(xml::XmlWriter& writer, std::string_view xml);
// Validates that `content` is well-formed XML content (text and elements, every prefix declared)
// and writes it as is: carried xsd:anyType or mixed content cannot break the envelope.
absl::Status WriteXmlContent(xml::XmlWriter& writer, std::string_view content);
// Writes xsd:anyAttribute values keyed by Clark name, declaring a prefix for each namespace.
absl::Status WriteAnyAttributes(xml::XmlWriter& writer,
                                const google::protobuf::Map<std::string, std::string>& attributes);
// "{ns}local", or "local" when ns is empty.
std::string ClarkName(std::string_view ns, std::string_view local);

// Facet checks on encode; each fails InvalidArgument naming the field and the facet, never the
// value (it may be personal data). Unset facets are -1 or empty.
// length/minLength/maxLength in characters of UTF-8 text, or octets for binary values.
absl::Status CheckLength(std::string_view field, std::string_view value, bool octets,
                         int64_t length, int64_t min_length, int64_t max_length);
// The whole value must match the (XSD-derived) pattern.
absl::Status CheckPattern(std::string_view field, std::string_view value, const re2::RE2& pattern);
// Bounds (min/max inclusive/exclusive; empty when unset) on the lexical form `value` of a
// value of `type`: canonical decimals for decimal and integer types, floats and doubles by
// value (NaN is outside every bound), date, dateTime and time on the time line.
absl::Status CheckBounds(std::string_view field, XsdType type, std::string_view value,
                         std::string_view min_inclusive, std::string_view max_inclusive,
                         std::string_view min_exclusive, std::string_view max_exclusive);
// totalDigits and fractionDigits of a canonical decimal.
absl::Status CheckDigits(std::string_view field, std::string_view value, int64_t total,
                         int64_t fraction);
// The lexical form written for a field must equal the schema's fixed value, compared as values
// of `type` ("2.50" equals "2.5" for a decimal, "1" equals "true" for a boolean).
absl::Status CheckFixed(std::string_view field, std::string_view lexical, std::string_view fixed,
                        XsdType type);
// Orders two canonical decimals: negative, zero or positive as a < b, a == b, a > b.
int CompareDecimal(std::string_view a, std::string_view b);

// Appends the lexical form of a scalar for `type` to `out`; false when the value is invalid.
bool FormatLexical(XsdType type, std::string_view value, std::string* out);
// Reads a QName-valued element into Clark notation.
absl::Status ReadQName(pugi::xml_node element, std::string_view text, std::string* clark);

}  // namespace dragoman::gen

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_GENERATED_SUPPORT_H_
