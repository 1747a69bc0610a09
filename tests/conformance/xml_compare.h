// Canonical comparison of XML produced by Dragoman with XML another SOAP stack wrote: names are
// compared by namespace URI and local name, never by prefix.
#ifndef DRAGOMAN_TESTS_CONFORMANCE_XML_COMPARE_H_
#define DRAGOMAN_TESTS_CONFORMANCE_XML_COMPARE_H_

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace dragoman::conformance {

// Compares two elements canonically and returns the first difference with its path (empty when
// they are equivalent):
// - element names by (namespace URI, local name);
// - attributes as a set keyed by (namespace URI, local name), namespace declarations ignored;
//   xsi:type values are compared as resolved QNames;
// - direct character data (text and CDATA) concatenated and trimmed, so indentation between
//   child elements does not count;
// - child elements in order.
// `path` prefixes the reported location.
std::string CompareElements(pugi::xml_node expected, pugi::xml_node actual,
                            std::string_view path = "");

// Compares the child elements (and trimmed character data) of two elements, e.g. two SOAP
// Body or Header elements, ignoring the parents' own names and attributes. Either node may be
// null, which counts as an element without children.
std::string CompareContent(pugi::xml_node expected, pugi::xml_node actual, std::string_view path);

}  // namespace dragoman::conformance

#endif  // DRAGOMAN_TESTS_CONFORMANCE_XML_COMPARE_H_
