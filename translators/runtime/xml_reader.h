// Safe XML parsing and namespace-correct navigation over pugixml.
//
// pugixml is fast and parses in place, but it is not namespace-aware, keeps unknown entity
// references as text and accepts a DOCTYPE. ParseXml closes those gaps before any byte reaches
// a decoder; the helpers below resolve prefixes through in-scope xmlns declarations so that
// decoders compare namespace URIs, never prefixes.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_XML_READER_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_XML_READER_H_

#include <cstddef>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace dragoman::xml {

// Well-known namespace URIs.
inline constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

// Limits applied to untrusted XML.
struct XmlLimits {
  // Largest document accepted, in bytes.
  std::size_t max_bytes = 8 << 20;
  // Deepest element nesting accepted.
  int max_depth = 128;
};

// Parses `size` bytes at `data` in place into `doc` (the buffer must outlive `doc`). Rejects
// documents over the size limit, a DOCTYPE, '&' that does not start a predefined or numeric
// character reference, nesting deeper than the limit, and anything pugixml finds malformed,
// as InvalidArgument naming the byte offset; callers choose the gRPC mapping.
absl::Status ParseXmlInPlace(char* data, std::size_t size, pugi::xml_document* doc,
                             const XmlLimits& limits = {});

// The local part of an element or attribute name ("a:b" -> "b", "b" -> "b").
std::string_view LocalName(std::string_view qualified_name);

// The prefix of an element or attribute name ("a:b" -> "a", "b" -> "").
std::string_view Prefix(std::string_view qualified_name);

// The namespace URI bound to `prefix` at `context` ("" resolves the default namespace; "xml"
// is predefined). Returns false when the prefix is not declared.
bool ResolvePrefix(pugi::xml_node context, std::string_view prefix, std::string_view* uri);

// The namespace URI of an element (its prefix resolved at the element itself); empty for no
// namespace. An undeclared prefix yields false.
bool ElementNamespace(pugi::xml_node element, std::string_view* uri);

// Resolves the names of one element's children. A child that declares no namespace is in its
// parent's scope, so the prefix siblings share is resolved once per parent instead of once per
// child (resolving walks every ancestor's attributes). Holds views into the document: keep it
// on the stack of the code that walks the parent, never beyond the document.
class ChildScope {
 public:
  // Resolves children of `parent`.
  explicit ChildScope(pugi::xml_node parent) : parent_(parent) {}

  // Splits `child`'s name into its namespace URI (empty for none) and local part. False when
  // its prefix is not declared.
  bool Resolve(pugi::xml_node child, std::string_view* ns, std::string_view* local);

 private:
  pugi::xml_node parent_;
  // The last prefix resolved at the parent, whether it is bound, and its URI.
  bool cached_ = false;
  bool bound_ = false;
  std::string_view prefix_;
  std::string_view uri_;
};

// True if `element` is named {ns}local.
bool IsElement(pugi::xml_node element, std::string_view ns, std::string_view local);

// Finds the attribute {ns}local on `element` (ns empty: an unprefixed attribute).
pugi::xml_attribute FindAttribute(pugi::xml_node element, std::string_view ns,
                                  std::string_view local);

// True if the element carries xsi:nil="true" or "1". An xsi:nil with any other value than
// true/false/1/0 sets `*invalid`.
bool IsNil(pugi::xml_node element, bool* invalid);

// Appends the element's character data (text and CDATA children, comments and processing
// instructions skipped). Returns false if the element has child elements.
bool AppendTextContent(pugi::xml_node element, std::string* out);

// The element's character data as a view when it is a single text or CDATA node (the common
// case, no copy); otherwise copies into `*scratch` and views that. False on child elements.
bool TextContent(pugi::xml_node element, std::string* scratch, std::string_view* text);

// Serialises the children of `element` as XML text, declaring on each top-level child element
// the namespaces in scope at `element` that it uses (in names, or as "p:" in QName-like values,
// plus any default namespace), so the fragment stands alone.
std::string InnerXml(pugi::xml_node element);

// Serialises `element` itself as XML text, declaring the in-scope namespaces it uses on it.
std::string OuterXml(pugi::xml_node element);

// Converts a QName value ("p:local") found at `context` to Clark notation ("{uri}local").
// False when the prefix is not declared.
bool QNameToClark(pugi::xml_node context, std::string_view value, std::string* clark);

}  // namespace dragoman::xml

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_XML_READER_H_
