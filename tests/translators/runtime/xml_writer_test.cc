#include "translators/runtime/xml_writer.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "translators/runtime/xml_reader.h"

namespace dragoman::xml {
namespace {

std::string EscapedText(std::string_view text) {
  std::string out;
  EXPECT_TRUE(AppendEscapedText(text, &out)) << text;
  return out;
}

std::string EscapedAttribute(std::string_view value) {
  std::string out;
  EXPECT_TRUE(AppendEscapedAttribute(value, &out)) << value;
  return out;
}

TEST(AppendEscapedTextTest, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapedText("a<b>&c\"d'e"), "a&lt;b&gt;&amp;c\"d'e");
  EXPECT_EQ(EscapedText("]]>"), "]]&gt;");
  EXPECT_EQ(EscapedText("&amp;"), "&amp;amp;");
}

TEST(AppendEscapedTextTest, KeepsTabAndNewlineButEscapesCarriageReturn) {
  EXPECT_EQ(EscapedText("a\tb\nc\r\nd"), "a\tb\nc&#13;\nd");
}

TEST(AppendEscapedTextTest, CopiesPlainAndNonAsciiTextUnchanged) {
  EXPECT_EQ(EscapedText(""), "");
  EXPECT_EQ(EscapedText("plain text 123"), "plain text 123");
  const std::string unicode =
      "Z\xC3\xBCrich \xE2\x82\xAC, \xE6\x97\xA5\xE6\x9C\xAC, \xF0\x9F\x98\x80";
  EXPECT_EQ(EscapedText(unicode), unicode);
}

TEST(AppendEscapedTextTest, AppendsToExistingContent) {
  std::string out = "<a>";
  ASSERT_TRUE(AppendEscapedText("x&y", &out));
  EXPECT_EQ(out, "<a>x&amp;y");
}

TEST(AppendEscapedAttributeTest, EscapesQuoteAmpersandLessThanAndWhitespace) {
  EXPECT_EQ(EscapedAttribute("a\"b<c&d>e'f"), "a&quot;b&lt;c&amp;d>e'f");
  EXPECT_EQ(EscapedAttribute("\t\n\r"), "&#9;&#10;&#13;");
  EXPECT_EQ(EscapedAttribute(" two  spaces "), " two  spaces ");
}

TEST(AppendEscapedTextTest, AcceptsBoundaryCharacters) {
  for (std::string_view text : {
           std::string_view("\x7F"),              // DEL
           std::string_view("\xC2\x80"),          // U+0080, first two-byte code point
           std::string_view("\xC2\x85"),          // C1 control NEL: allowed in XML 1.0
           std::string_view("\xED\x9F\xBF"),      // U+D7FF, last before surrogates
           std::string_view("\xEE\x80\x80"),      // U+E000, first after surrogates
           std::string_view("\xEF\xBF\xBD"),      // U+FFFD
           std::string_view("\xF0\x90\x80\x80"),  // U+10000
           std::string_view("\xF4\x8F\xBF\xBF"),  // U+10FFFF
       }) {
    std::string out;
    EXPECT_TRUE(AppendEscapedText(text, &out)) << testing::PrintToString(text);
    EXPECT_EQ(out, text);
    out.clear();
    EXPECT_TRUE(AppendEscapedAttribute(text, &out)) << testing::PrintToString(text);
  }
}

TEST(AppendEscapedTextTest, RefusesCharactersXmlCannotCarry) {
  std::vector<std::string> refused;
  for (int c = 0; c < 0x20; ++c) {
    if (c != '\t' && c != '\n' && c != '\r')
      refused.push_back(std::string(1, static_cast<char>(c)));
  }
  for (const char* bad : {
           "\xEF\xBF\xBE",      // U+FFFE
           "\xEF\xBF\xBF",      // U+FFFF
           "\xC0\x80",          // overlong NUL
           "\xC1\xBF",          // overlong
           "\xE0\x80\xAF",      // overlong '/'
           "\xF0\x80\x80\x80",  // overlong
           "\xED\xA0\x80",      // high surrogate
           "\xED\xBF\xBF",      // low surrogate
           "\xF4\x90\x80\x80",  // above U+10FFFF
           "\xF5\x80\x80\x80",  // invalid lead
           "\xFF",              // invalid byte
           "\x80",              // lone continuation
           "\xC3",              // truncated two-byte
           "\xE2\x82",          // truncated three-byte
           "\xF0\x9F\x98",      // truncated four-byte
           "\xC3\x28",          // bad continuation
       }) {
    refused.push_back(bad);
  }
  for (const std::string& bad : refused) {
    for (const std::string& text : {bad, "ok " + bad, bad + " ok", "a&b" + bad}) {
      std::string out = "keep";
      EXPECT_FALSE(AppendEscapedText(text, &out)) << testing::PrintToString(text);
      EXPECT_EQ(out, "keep");
      EXPECT_FALSE(AppendEscapedAttribute(text, &out)) << testing::PrintToString(text);
      EXPECT_EQ(out, "keep");
    }
  }
}

TEST(XmlWriterTest, WritesElementsAttributesAndNamespaces) {
  std::string out;
  XmlWriter writer(&out);
  writer.StartElement("p:root");
  writer.DeclareNamespace("p", "urn:example:p");
  writer.DeclareNamespace("", "urn:example:default");
  EXPECT_TRUE(writer.Attribute("id", "a\"b"));
  writer.RawAttribute("count", "3");
  writer.StartElement("empty");
  writer.EndElement("empty");
  writer.StartElement("text");
  EXPECT_TRUE(writer.Text("1 < 2"));
  writer.EndElement("text");
  writer.StartElement("raw");
  writer.RawText("AAEC");
  writer.EndElement("raw");
  writer.RawXml("<x:any xmlns:x=\"urn:x\"/>");
  writer.EndElement("p:root");
  EXPECT_EQ(out,
            "<p:root xmlns:p=\"urn:example:p\" xmlns=\"urn:example:default\" id=\"a&quot;b\" "
            "count=\"3\"><empty/><text>1 &lt; 2</text><raw>AAEC</raw>"
            "<x:any xmlns:x=\"urn:x\"/></p:root>");
}

TEST(XmlWriterTest, EmptyTextStillClosesTheStartTag) {
  std::string out;
  XmlWriter writer(&out);
  writer.StartElement("a");
  EXPECT_TRUE(writer.Text(""));
  writer.EndElement("a");
  EXPECT_EQ(out, "<a></a>");
}

TEST(XmlWriterTest, AppendsAfterExistingContent) {
  std::string out = "<?xml version=\"1.0\"?>";
  XmlWriter writer(&out);
  writer.StartElement("a");
  writer.EndElement("a");
  EXPECT_EQ(out, "<?xml version=\"1.0\"?><a/>");
  EXPECT_EQ(&writer.output(), &out);
}

TEST(XmlWriterTest, RefusedTextLeavesTheWriterUnchanged) {
  std::string out;
  XmlWriter writer(&out);
  writer.StartElement("a");
  EXPECT_FALSE(writer.Text("bad\x01"));
  EXPECT_EQ(out, "<a");
  // The start tag is still open, so attributes may follow and the element closes as empty.
  EXPECT_TRUE(writer.Attribute("k", "v"));
  writer.EndElement("a");
  EXPECT_EQ(out, "<a k=\"v\"/>");
}

TEST(XmlWriterTest, RefusedAttributeLeavesTheWriterUnchanged) {
  std::string out;
  XmlWriter writer(&out);
  writer.StartElement("a");
  EXPECT_FALSE(writer.Attribute("k", "\xEF\xBF\xBF"));
  writer.EndElement("a");
  EXPECT_EQ(out, "<a/>");
}

// What a user notices: whatever the writer accepts comes back byte for byte from the reader.
TEST(XmlWriterTest, TextAndAttributesRoundTripThroughTheReader) {
  const std::string values[] = {
      "",
      "plain",
      "<>&\"'",
      "&amp; &lt; &#65; &bogus;",
      "]]>",
      "<![CDATA[x]]>",
      "<!DOCTYPE x>",
      "  leading and trailing  ",
      "   ",
      "\t",
      "line1\nline2",
      "crlf\r\nand lone cr\r",
      "\r",
      "tab\there",
      "Z\xC3\xBCrich \xE2\x82\xAC, \xE6\x97\xA5\xE6\x9C\xAC, emoji \xF0\x9F\x98\x80",
      "\xF4\x8F\xBF\xBF\xEF\xBF\xBD\x7F\xC2\x85",
  };
  for (const std::string& value : values) {
    std::string doc;
    XmlWriter writer(&doc);
    writer.StartElement("r");
    writer.DeclareNamespace("t", "urn:t");
    ASSERT_TRUE(writer.Attribute("t:attr", value)) << testing::PrintToString(value);
    writer.StartElement("t:text");
    ASSERT_TRUE(writer.Text(value));
    writer.EndElement("t:text");
    writer.EndElement("r");

    pugi::xml_document parsed;
    ASSERT_TRUE(ParseXmlInPlace(doc.data(), doc.size(), &parsed).ok()) << doc;
    const pugi::xml_node root = parsed.document_element();
    EXPECT_EQ(std::string_view(FindAttribute(root, "urn:t", "attr").value()), value)
        << testing::PrintToString(value);
    std::string scratch;
    std::string_view text;
    ASSERT_TRUE(TextContent(root.first_child(), &scratch, &text));
    EXPECT_EQ(text, value) << testing::PrintToString(value);
  }
}

}  // namespace
}  // namespace dragoman::xml
