// Streaming XML writer: appends well-formed, escaped XML to a caller-owned string.
//
// Encoders write envelopes straight from protobuf messages through this class; no DOM is built.
// Names are passed pre-qualified ("ns1:account") because generated code knows every prefix at
// generation time. Text and attribute values are escaped; a value containing a character that
// XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF, invalid UTF-8) is refused.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_XML_WRITER_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_XML_WRITER_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace dragoman::xml {

// Appends `text` escaped for character data; returns false (appending nothing) when `text`
// holds a character XML 1.0 cannot represent.
bool AppendEscapedText(std::string_view text, std::string* out);

// Appends `value` escaped for a double-quoted attribute value (whitespace kept as character
// references so attribute normalisation does not alter it); false as for AppendEscapedText.
bool AppendEscapedAttribute(std::string_view value, std::string* out);

// Offset of the first byte of `text` that is not XML 1.0 character data encoded as UTF-8 (a C0
// control other than tab, LF and CR, malformed UTF-8, U+FFFE or U+FFFF), or npos if all are.
std::size_t FindInvalidCharacter(std::string_view text);

// Writes one XML document or fragment into a string it does not own.
class XmlWriter {
 public:
  // Appends to `*out`, which must outlive the writer.
  explicit XmlWriter(std::string* out) : out_(out) {}

  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // Writes "<qname" and leaves the start tag open for attributes and namespace declarations.
  void StartElement(std::string_view qname);
  // Writes xmlns:prefix="uri" (or xmlns="uri" for an empty prefix) on the open start tag.
  void DeclareNamespace(std::string_view prefix, std::string_view uri);
  // Writes an attribute with an escaped value; false if the value cannot be carried.
  bool Attribute(std::string_view qname, std::string_view value);
  // Writes an attribute whose value is known to need no escaping (numbers, fixed literals).
  void RawAttribute(std::string_view qname, std::string_view value);
  // Writes escaped character data; false if the text cannot be carried.
  bool Text(std::string_view text);
  // Writes character data known to need no escaping (numbers, base64, fixed literals).
  void RawText(std::string_view text);
  // Writes an already well-formed XML fragment as is (e.g. carried xsd:any content).
  void RawXml(std::string_view xml);
  // Closes the innermost element: "/>" when it has no content, "</qname>" otherwise.
  void EndElement(std::string_view qname);

  // The string being written.
  std::string& output() { return *out_; }

 private:
  // Terminates an open start tag with '>' before content is written.
  void CloseStartTag() {
    if (start_tag_open_) {
      out_->push_back('>');
      start_tag_open_ = false;
    }
  }

  std::string* out_;
  bool start_tag_open_ = false;
};

}  // namespace dragoman::xml

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_XML_WRITER_H_
