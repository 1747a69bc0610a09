#include "translators/runtime/xml_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace dragoman::xml {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Owns the buffer a document is parsed in place from.
struct Parsed {
  std::string buffer;
  pugi::xml_document doc;
  absl::Status status;
};

std::unique_ptr<Parsed> Parse(std::string_view xml, const XmlLimits& limits = {}) {
  auto parsed = std::make_unique<Parsed>();
  parsed->buffer = std::string(xml);
  parsed->status =
      ParseXmlInPlace(parsed->buffer.data(), parsed->buffer.size(), &parsed->doc, limits);
  return parsed;
}

std::string ParseError(std::string_view xml, const XmlLimits& limits = {}) {
  auto parsed = Parse(xml, limits);
  EXPECT_EQ(parsed->status.code(), absl::StatusCode::kInvalidArgument) << xml;
  return std::string(parsed->status.message());
}

std::string Text(pugi::xml_node element) {
  std::string scratch;
  std::string_view text;
  EXPECT_TRUE(TextContent(element, &scratch, &text));
  return std::string(text);
}

std::string Namespace(pugi::xml_node element) {
  std::string_view ns;
  EXPECT_TRUE(ElementNamespace(element, &ns)) << element.name();
  return std::string(ns);
}

// Follows a path of child element names ("a/b/c") from the document element.
pugi::xml_node At(const pugi::xml_document& doc, const char* path) {
  return doc.document_element().first_element_by_path(path);
}

TEST(ParseXmlInPlaceTest, ParsesAWellFormedDocument) {
  auto parsed = Parse(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!-- a comment with & and < -->\n"
      "<a x='1 &amp; 2'><?pi has & and <?><b>&lt;&#65;&#x42;&gt;</b></a>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  const pugi::xml_node a = parsed->doc.document_element();
  EXPECT_STREQ(a.name(), "a");
  EXPECT_STREQ(a.attribute("x").value(), "1 & 2");
  EXPECT_EQ(Text(a.child("b")), "<AB>");
}

TEST(ParseXmlInPlaceTest, DecodesAllPredefinedAndNumericReferences) {
  auto parsed = Parse("<a>&amp;&lt;&gt;&quot;&apos;&#9;&#x1F600;&#233;</a>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  EXPECT_EQ(Text(parsed->doc.document_element()), "&<>\"'\t\xF0\x9F\x98\x80\xC3\xA9");
}

TEST(ParseXmlInPlaceTest, RejectsOversizeDocumentsBeforeParsing) {
  XmlLimits limits;
  limits.max_bytes = 16;
  EXPECT_TRUE(Parse("<a>012345678</a>", limits)->status.ok());
  EXPECT_THAT(ParseError("<a>0123456789</a>", limits), HasSubstr("exceeds the limit of 16"));
}

TEST(ParseXmlInPlaceTest, RejectsDoctypeWithItsOffset) {
  EXPECT_EQ(ParseError("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ELEMENT a ANY>]><a/>"),
            "XML: DOCTYPE is not allowed (offset 22)");
}

TEST(ParseXmlInPlaceTest, RejectsBillionLaughs) {
  const std::string bomb =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE lolz [\n"
      " <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
      "]>\n"
      "<lolz>&lol3;</lolz>";
  EXPECT_THAT(ParseError(bomb), HasSubstr("DOCTYPE is not allowed"));
}

TEST(ParseXmlInPlaceTest, RejectsExternalEntitiesAndOtherDeclarations) {
  EXPECT_THAT(ParseError("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a>&xxe;</a>"),
              HasSubstr("DOCTYPE"));
  EXPECT_THAT(ParseError("<a><!ENTITY x \"y\"></a>"), HasSubstr("offset 3"));
  EXPECT_THAT(ParseError("<a><!doctype a></a>"), HasSubstr("not allowed"));
}

TEST(ParseXmlInPlaceTest, RejectsAmpersandsThatAreNotReferences) {
  EXPECT_EQ(ParseError("<a>AT&T</a>"),
            "XML: '&' does not start a predefined entity or character reference (offset 5)");
  EXPECT_THAT(ParseError("<a>&nbsp;</a>"), HasSubstr("offset 3"));
  EXPECT_THAT(ParseError("<a>&amp</a>"), HasSubstr("offset 3"));
  EXPECT_THAT(ParseError("<a>&#;</a>"), HasSubstr("malformed character reference"));
  EXPECT_THAT(ParseError("<a>&#x;</a>"), HasSubstr("malformed character reference"));
  EXPECT_THAT(ParseError("<a>&#12a;</a>"), HasSubstr("malformed character reference"));
  EXPECT_THAT(ParseError("<a>&#65</a>"), HasSubstr("malformed character reference"));
  EXPECT_THAT(ParseError("<a>&</a>"), HasSubstr("offset 3"));
  EXPECT_THAT(ParseError("<a b=\"x&y\"/>"), HasSubstr("offset 7"));
  EXPECT_THAT(ParseError("<a b='&lol;'/>"), HasSubstr("offset 6"));
  EXPECT_THAT(ParseError("text &x; after <a/>"), HasSubstr("offset 5"));
}

TEST(ParseXmlInPlaceTest, RejectsReferencesToNonCharacters) {
  for (const char* xml :
       {"<a>&#0;</a>", "<a>&#x0;</a>", "<a>&#1;</a>", "<a>&#xB;</a>", "<a>&#xD800;</a>",
        "<a>&#xDFFF;</a>", "<a>&#xFFFE;</a>", "<a>&#xFFFF;</a>", "<a>&#x110000;</a>",
        "<a>&#99999999999999999999;</a>", "<a b='&#0;'/>"}) {
    EXPECT_THAT(ParseError(xml), HasSubstr("does not allow")) << xml;
  }
}

TEST(ParseXmlInPlaceTest, AmpersandIsFreeInsideCdataCommentsAndPis) {
  auto parsed = Parse("<a><!-- & --><?p & ?><![CDATA[&bogus; <b> & ]]]></a>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  EXPECT_EQ(Text(parsed->doc.document_element()), "&bogus; <b> & ]");
}

TEST(ParseXmlInPlaceTest, RejectsNestingDeeperThanTheLimit) {
  XmlLimits limits;
  limits.max_depth = 3;
  EXPECT_TRUE(Parse("<a><b><c/></b></a>", limits)->status.ok());
  EXPECT_TRUE(Parse("<a><b><c></c></b><b><c>x</c></b></a>", limits)->status.ok());
  EXPECT_EQ(ParseError("<a><b><c><d/></c></b></a>", limits),
            "XML: elements nested deeper than 3 (offset 9)");
  EXPECT_THAT(ParseError("<a><b><c><d></d></c></b></a>", limits), HasSubstr("deeper than 3"));
}

TEST(ParseXmlInPlaceTest, DepthIgnoresMarkupThatIsNotAnElement) {
  XmlLimits limits;
  limits.max_depth = 2;
  auto parsed = Parse(
      "<a x='>' y=\"<!-- >\" z='/>'><!-- <b><b><b> --><![CDATA[<c><c><c>]]><?p <d><d>?>"
      "<b attr='>>'/></a>",
      limits);
  // '<' inside an attribute value is itself malformed; check the rest without it.
  EXPECT_THAT(parsed->status.message(), HasSubstr("'<' in attribute value"));
  parsed =
      Parse("<a x='>' z='/>'><!-- <b><b><b> --><![CDATA[<c><c><c>]]><?p <d><d>?><b attr='>>'/></a>",
            limits);
  EXPECT_TRUE(parsed->status.ok()) << parsed->status;
}

TEST(ParseXmlInPlaceTest, DefaultDepthLimitStopsDeepDocuments) {
  std::string ok;
  for (int i = 0; i < 128; ++i) ok += "<e>";
  for (int i = 0; i < 128; ++i) ok += "</e>";
  EXPECT_TRUE(Parse(ok)->status.ok());
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<e>";
  EXPECT_THAT(ParseError(deep), HasSubstr("nested deeper than 128"));
}

TEST(ParseXmlInPlaceTest, RejectsNulBytesAndUtf16) {
  EXPECT_THAT(ParseError(std::string_view("<a>x\0y</a>", 10)), HasSubstr("NUL byte"));
  EXPECT_THAT(ParseError(std::string_view("\xFF\xFE<\0a\0/\0>\0", 10)), HasSubstr("UTF-16"));
}

TEST(ParseXmlInPlaceTest, RejectsInvalidUtf8AndControlCharactersWithTheirOffset) {
  // Decoded strings become proto3 strings, which must be valid UTF-8.
  EXPECT_THAT(ParseError("<a>caf\xC3</a>"), AllOf(HasSubstr("UTF-8"), HasSubstr("offset 6")));
  EXPECT_THAT(ParseError("<a>\xED\xA0\x80</a>"), HasSubstr("offset 3"));  // a surrogate
  EXPECT_THAT(ParseError("<a>bell\x07</a>"), HasSubstr("offset 7"));
  EXPECT_TRUE(Parse("<a>Z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x98\x80</a>")->status.ok());
}

// The scans skip eight bytes at a time; a problem must be found, at its exact offset, wherever
// it falls against those steps and after any mix of plain ASCII and multi-byte characters.
TEST(ParseXmlInPlaceTest, FindsProblemsAtEveryOffsetOfLongRuns) {
  for (int before = 0; before < 20; ++before) {
    for (const std::string_view lead : {"", "\xC3\xA9", "\xE2\x82\xAC\t"}) {
      const std::string text = std::string(lead) + std::string(before, 'x');
      const std::string offset = "offset " + std::to_string(3 + text.size()) + ")";
      // An invalid byte after a run of valid ones.
      EXPECT_THAT(ParseError("<a>" + text + "\x07yyyyyyyyyyyyyyy</a>"), HasSubstr(offset));
      EXPECT_THAT(ParseError("<a>" + text + "\xC3zzzzzzzzzzzzzzzz</a>"), HasSubstr(offset));
      EXPECT_THAT(ParseError("<a>" + text + "\xF8\x80\x80\x80zzzzzz</a>"), HasSubstr(offset));
      EXPECT_THAT(ParseError("<a>" + text + "\xED\xA0\x80zzzzzzzzz</a>"), HasSubstr(offset));
      // A truncated sequence at the very end of the document.
      EXPECT_THAT(ParseError("<a>" + text + "</a>\xE2\x82"),
                  HasSubstr("offset " + std::to_string(7 + text.size()) + ")"));
      EXPECT_THAT(ParseError("<a>" + text + "&bad;</a>"), HasSubstr(offset));
      EXPECT_THAT(ParseError("<a b='" + text + "&bad;'/>"),
                  HasSubstr("offset " + std::to_string(6 + text.size()) + ")"));
      EXPECT_THAT(ParseError("<a b='" + text + "<'/>"),
                  HasSubstr("offset " + std::to_string(6 + text.size()) + ")"));
      auto parsed = Parse("<a>" + text + "\xF0\x9F\x98\x80" + text + "</a>");
      EXPECT_TRUE(parsed->status.ok()) << parsed->status;
    }
  }
}

TEST(ParseXmlInPlaceTest, LongStartTagsKeepQuotedMarkupInsideTheirValues) {
  XmlLimits limits;
  limits.max_depth = 2;
  for (int pad = 0; pad < 17; ++pad) {
    const std::string spaces(pad, ' ');
    // '>' and '/>' inside values neither end the tag nor make it empty; a quote of the other
    // kind does not close a value.
    const std::string xml = "<root" + spaces + " a='x>y/>' b=\"it's >\"" + spaces + "><child" +
                            spaces + " c='\"/>'" + spaces + "/></root>";
    auto parsed = Parse(xml, limits);
    ASSERT_TRUE(parsed->status.ok()) << parsed->status << " " << xml;
    EXPECT_STREQ(parsed->doc.document_element().attribute("a").value(), "x>y/>");
    EXPECT_STREQ(parsed->doc.document_element().child("child").attribute("c").value(), "\"/>");
    // The depth count sees every start tag, however long.
    EXPECT_THAT(
        ParseError("<r" + spaces + " a='1'><s" + spaces + "><t" + spaces + " b='>'/></s></r>",
                   limits),
        HasSubstr("deeper than 2"));
  }
}

TEST(ParseXmlInPlaceTest, ChecksAmpersandsAroundMarkupThatSkipsThem) {
  // The '&'s in a comment, a PI and CDATA are passed over; one after them is still checked,
  // and so is one before them.
  EXPECT_THAT(ParseError("<a><!-- & --><?p & ?><![CDATA[&]]>&bad;</a>"), HasSubstr("offset 34"));
  EXPECT_THAT(ParseError("<a>&bad;<!-- & --></a>"), HasSubstr("offset 3"));
  EXPECT_THAT(ParseError("<a x='&amp;' y='&'><!-- & --></a>"), HasSubstr("offset 16"));
  auto parsed = Parse("<a x='&amp;&lt;'>&#65;<!-- & -->&gt;<![CDATA[&]]>&apos;</a>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  EXPECT_EQ(Text(parsed->doc.document_element()), "A>&'");
}

TEST(ParseXmlInPlaceTest, ReportsMalformedXmlWithOffset) {
  EXPECT_THAT(ParseError("<a><b></a>"), AllOf(StartsWith("XML: "), HasSubstr("(offset ")));
  EXPECT_THAT(ParseError(""), HasSubstr("No document element"));
  EXPECT_THAT(ParseError("<a"), HasSubstr("unterminated start tag"));
  EXPECT_THAT(ParseError("<a b='x/>"), HasSubstr("unterminated attribute value"));
  EXPECT_THAT(ParseError("<a><!-- x </a>"), HasSubstr("unterminated comment"));
  EXPECT_THAT(ParseError("<a><![CDATA[ x </a>"), HasSubstr("unterminated CDATA"));
}

TEST(ParseXmlInPlaceTest, NormalisesLineEndsButKeepsEscapedCarriageReturns) {
  auto parsed = Parse("<a v='x\r\ny&#13;'>x\r\ny\rz&#13;</a>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  const pugi::xml_node a = parsed->doc.document_element();
  EXPECT_EQ(Text(a), "x\ny\nz\r");
  // Literal whitespace in attributes is normalised to spaces; references are kept.
  EXPECT_STREQ(a.attribute("v").value(), "x y\r");
}

TEST(ParseXmlInPlaceTest, KeepsWhitespaceOnlyValuesButNotIndentation) {
  auto parsed = Parse("<a>\n  <b>  </b>\n  <c>\t</c>\n</a>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  const pugi::xml_node a = parsed->doc.document_element();
  EXPECT_EQ(a.first_child().type(), pugi::node_element);
  EXPECT_EQ(Text(a.child("b")), "  ");
  EXPECT_EQ(Text(a.child("c")), "\t");
}

TEST(ParseXmlInPlaceTest, AcceptsUtf8ByteOrderMark) {
  auto parsed = Parse("\xEF\xBB\xBF<a>\xC3\xA9</a>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  EXPECT_EQ(Text(parsed->doc.document_element()), "\xC3\xA9");
}

TEST(NameTest, SplitsQualifiedNames) {
  EXPECT_EQ(LocalName("a:b"), "b");
  EXPECT_EQ(LocalName("b"), "b");
  EXPECT_EQ(Prefix("a:b"), "a");
  EXPECT_EQ(Prefix("b"), "");
}

constexpr std::string_view kNested =
    "<r xmlns='urn:default' xmlns:p='urn:p1'>"
    "<p:a>"
    "<b xmlns:p='urn:p2'>"
    "<p:c xmlns=''><d/></p:c>"
    "</b>"
    "<p:e/>"
    "</p:a>"
    "<q:f xmlns:q='urn:q'/>"
    "<g:h/>"
    "</r>";

TEST(NamespaceTest, ResolvesPrefixesRedefinedAtNestedLevels) {
  auto parsed = Parse(kNested);
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  const pugi::xml_document& doc = parsed->doc;
  EXPECT_EQ(Namespace(doc.document_element()), "urn:default");
  EXPECT_EQ(Namespace(At(doc, "p:a")), "urn:p1");
  EXPECT_EQ(Namespace(At(doc, "p:a/b")), "urn:default");
  EXPECT_EQ(Namespace(At(doc, "p:a/b/p:c")), "urn:p2");
  // xmlns='' takes the default namespace away again.
  EXPECT_EQ(Namespace(At(doc, "p:a/b/p:c/d")), "");
  // Redefinition is scoped: the sibling after b sees the outer binding.
  EXPECT_EQ(Namespace(At(doc, "p:a/p:e")), "urn:p1");
  EXPECT_EQ(Namespace(At(doc, "q:f")), "urn:q");
}

TEST(NamespaceTest, UndeclaredPrefixesDoNotResolve) {
  auto parsed = Parse(kNested);
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  std::string_view uri = "unchanged";
  EXPECT_FALSE(ElementNamespace(At(parsed->doc, "g:h"), &uri));
  EXPECT_FALSE(ResolvePrefix(At(parsed->doc, "p:a"), "q", &uri));
  EXPECT_FALSE(IsElement(At(parsed->doc, "g:h"), "", "h"));
}

TEST(NamespaceTest, XmlPrefixIsPredefinedAndXmlnsIsNotAnElementPrefix) {
  auto parsed = Parse("<a/>");
  ASSERT_TRUE(parsed->status.ok());
  std::string_view uri;
  ASSERT_TRUE(ResolvePrefix(parsed->doc.document_element(), "xml", &uri));
  EXPECT_EQ(uri, kXmlNamespace);
  EXPECT_FALSE(ResolvePrefix(parsed->doc.document_element(), "xmlns", &uri));
  // No declaration at all: unprefixed names are in no namespace.
  ASSERT_TRUE(ResolvePrefix(parsed->doc.document_element(), "", &uri));
  EXPECT_EQ(uri, "");
}

TEST(NamespaceTest, IsElementComparesNamespaceUrisNotPrefixes) {
  auto parsed =
      Parse("<x:a xmlns:x='urn:one'><y:a xmlns:y='urn:one'/><x:a xmlns:x='urn:two'/></x:a>");
  ASSERT_TRUE(parsed->status.ok());
  const pugi::xml_node root = parsed->doc.document_element();
  EXPECT_TRUE(IsElement(root, "urn:one", "a"));
  EXPECT_TRUE(IsElement(root.first_child(), "urn:one", "a"));
  EXPECT_FALSE(IsElement(root.last_child(), "urn:one", "a"));
  EXPECT_TRUE(IsElement(root.last_child(), "urn:two", "a"));
  EXPECT_FALSE(IsElement(root, "urn:one", "b"));
  EXPECT_FALSE(IsElement(pugi::xml_node(), "", ""));
}

// Every child of every element, resolved through its parent's ChildScope, must come out as
// ElementNamespace resolves it on its own.
void ExpectChildScopeAgrees(pugi::xml_node parent) {
  ChildScope scope(parent);
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view expected = "unset";
    const bool bound = ElementNamespace(child, &expected);
    std::string_view ns = "unset";
    std::string_view local;
    EXPECT_EQ(scope.Resolve(child, &ns, &local), bound) << child.name();
    if (bound) {
      EXPECT_EQ(ns, expected) << child.name();
    }
    EXPECT_EQ(local, LocalName(child.name()));
    ExpectChildScopeAgrees(child);
  }
}

TEST(ChildScopeTest, AgreesWithResolvingEachElementAlone) {
  for (std::string_view xml : {
           kNested,
           // Siblings switch prefixes, so the remembered one keeps changing; an undeclared prefix
           // between declared ones; the same prefix again after it.
           std::string_view("<r xmlns:a='urn:a' xmlns:b='urn:b'><a:x/><b:x/><c:x/><a:x/><a:y/>"
                            "<x/><b:y/></r>"),
           // Children that declare for themselves: the same prefix to another URI, the default
           // namespace, xmlns='' undeclaring it, and a declaration of another prefix only.
           std::string_view("<r xmlns='urn:d' xmlns:p='urn:p'><p:a/><p:a xmlns:p='urn:other'/>"
                            "<p:a/><a xmlns='urn:d2'/><a/><a xmlns=''/><a/>"
                            "<p:a xmlns:q='urn:q'/><q:a/><q:a xmlns:q='urn:q'/></r>"),
           // Attributes that are not declarations, one that only looks like one, and xml:.
           std::string_view("<r xmlns:p='urn:p'><p:a id='1' p:x='2'/><p:a xmlnsx='3'/><p:a/>"
                            "<xml:a/><xmlns:a/></r>"),
           // No namespaces at all.
           std::string_view("<r><a/><b><c/></b></r>"),
       }) {
    auto parsed = Parse(xml);
    ASSERT_TRUE(parsed->status.ok()) << parsed->status;
    ExpectChildScopeAgrees(parsed->doc);
  }
}

TEST(ChildScopeTest, ResolvesRedeclarationsOnTheChildItself) {
  auto parsed = Parse(
      "<r xmlns='urn:d' xmlns:p='urn:p'><p:a/><p:a xmlns:p='urn:other'/><a xmlns=''/><p:b/>"
      "<g:h/></r>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  const pugi::xml_node r = parsed->doc.document_element();
  ChildScope scope(r);
  std::string_view ns;
  std::string_view local;
  pugi::xml_node child = r.first_child();
  ASSERT_TRUE(scope.Resolve(child, &ns, &local));
  EXPECT_EQ(ns, "urn:p");
  EXPECT_EQ(local, "a");
  child = child.next_sibling();
  ASSERT_TRUE(scope.Resolve(child, &ns, &local));
  EXPECT_EQ(ns, "urn:other");
  child = child.next_sibling();
  ASSERT_TRUE(scope.Resolve(child, &ns, &local));
  EXPECT_EQ(ns, "");
  // The child's own declarations do not leak into the scope its siblings share.
  child = child.next_sibling();
  ASSERT_TRUE(scope.Resolve(child, &ns, &local));
  EXPECT_EQ(ns, "urn:p");
  EXPECT_EQ(local, "b");
  child = child.next_sibling();
  EXPECT_FALSE(scope.Resolve(child, &ns, &local));
  EXPECT_EQ(local, "h");
}

TEST(ChildScopeTest, ElementsOfAnotherParentResolveOnTheirOwn) {
  auto parsed = Parse("<r xmlns:p='urn:r'><p:a/><s xmlns:p='urn:s'><p:a/></s></r>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  const pugi::xml_node r = parsed->doc.document_element();
  ChildScope scope(r);
  std::string_view ns;
  std::string_view local;
  ASSERT_TRUE(scope.Resolve(r.first_child(), &ns, &local));
  EXPECT_EQ(ns, "urn:r");
  // A grandchild is not in r's scope; its nearer declaration wins.
  ASSERT_TRUE(scope.Resolve(At(parsed->doc, "s/p:a"), &ns, &local));
  EXPECT_EQ(ns, "urn:s");
}

TEST(FindAttributeTest, MatchesOnNamespaceAndLocalName) {
  auto parsed = Parse(
      "<a xmlns='urn:default' xmlns:p='urn:p' xmlns:q='urn:p' plain='1' p:ns='2' q:other='3'/>");
  ASSERT_TRUE(parsed->status.ok());
  const pugi::xml_node a = parsed->doc.document_element();
  EXPECT_STREQ(FindAttribute(a, "", "plain").value(), "1");
  // The default namespace does not apply to attributes.
  EXPECT_FALSE(FindAttribute(a, "urn:default", "plain"));
  EXPECT_STREQ(FindAttribute(a, "urn:p", "ns").value(), "2");
  EXPECT_STREQ(FindAttribute(a, "urn:p", "other").value(), "3");
  EXPECT_FALSE(FindAttribute(a, "", "ns"));
  EXPECT_FALSE(FindAttribute(a, "", "xmlns"));
  EXPECT_FALSE(FindAttribute(a, "", "p"));
  EXPECT_FALSE(FindAttribute(a, "urn:p", "missing"));
}

TEST(IsNilTest, RecognisesXsiNilWhateverThePrefix) {
  struct Case {
    const char* xml;
    bool nil;
    bool invalid;
  };
  const Case cases[] = {
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil='true'/>", true, false},
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil='1'/>", true, false},
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil=' true '/>", true, false},
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil='false'/>", false, false},
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil='0'/>", false, false},
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil='yes'/>", false, true},
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil='TRUE'/>", false, true},
      {"<a xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xsi:nil=''/>", false, true},
      {"<a xmlns:i='http://www.w3.org/2001/XMLSchema-instance' i:nil='true'/>", true, false},
      {"<r xmlns:i='http://www.w3.org/2001/XMLSchema-instance'><a i:nil='true'/></r>", true, false},
      // Right prefix, wrong namespace.
      {"<a xmlns:xsi='urn:not-xsi' xsi:nil='true'/>", false, false},
      // Unprefixed attributes are in no namespace.
      {"<a xmlns='http://www.w3.org/2001/XMLSchema-instance' nil='true'/>", false, false},
      // Undeclared prefix.
      {"<a xsi:nil='true'/>", false, false},
      {"<a/>", false, false},
  };
  for (const Case& c : cases) {
    auto parsed = Parse(c.xml);
    ASSERT_TRUE(parsed->status.ok()) << c.xml;
    pugi::xml_node a = parsed->doc.document_element();
    if (std::string_view(a.name()) == "r") a = a.first_child();
    bool invalid = !c.invalid;
    EXPECT_EQ(IsNil(a, &invalid), c.nil) << c.xml;
    EXPECT_EQ(invalid, c.invalid) << c.xml;
  }
}

TEST(TextContentTest, SingleTextNodeIsViewedWithoutCopy) {
  auto parsed = Parse("<a>hello</a>");
  ASSERT_TRUE(parsed->status.ok());
  std::string scratch;
  std::string_view text;
  ASSERT_TRUE(TextContent(parsed->doc.document_element(), &scratch, &text));
  EXPECT_EQ(text, "hello");
  EXPECT_TRUE(scratch.empty());
  EXPECT_GE(text.data(), parsed->buffer.data());
  EXPECT_LT(text.data(), parsed->buffer.data() + parsed->buffer.size());
}

TEST(TextContentTest, JoinsTextAndCdataSkippingComments) {
  auto parsed = Parse("<a>one <![CDATA[<two>]]> three<!-- c --><?pi x?> four</a>");
  ASSERT_TRUE(parsed->status.ok());
  EXPECT_EQ(Text(parsed->doc.document_element()), "one <two> three four");
  std::string out = "prefix:";
  EXPECT_TRUE(AppendTextContent(parsed->doc.document_element(), &out));
  EXPECT_EQ(out, "prefix:one <two> three four");
}

TEST(TextContentTest, EmptyElementHasEmptyText) {
  auto parsed = Parse("<r><a/><b></b></r>");
  ASSERT_TRUE(parsed->status.ok());
  EXPECT_EQ(Text(At(parsed->doc, "a")), "");
  EXPECT_EQ(Text(At(parsed->doc, "b")), "");
}

TEST(TextContentTest, RefusesElementsWithChildElements) {
  auto parsed = Parse("<a>text<b/>more</a>");
  ASSERT_TRUE(parsed->status.ok());
  std::string scratch;
  std::string_view text;
  EXPECT_FALSE(TextContent(parsed->doc.document_element(), &scratch, &text));
  std::string out = "keep";
  EXPECT_FALSE(AppendTextContent(parsed->doc.document_element(), &out));
  EXPECT_EQ(out, "keep");
}

// Re-parses an InnerXml fragment under a wrapper that declares nothing, so every namespace it
// uses must be declared inside the fragment itself.
std::unique_ptr<Parsed> ParseFragment(const std::string& fragment) {
  return Parse("<wrapper>" + fragment + "</wrapper>");
}

TEST(InnerXmlTest, FragmentStandsAloneWithInheritedNamespaces) {
  auto parsed = Parse(
      "<env:Envelope xmlns:env='urn:env' xmlns:t='urn:types' xmlns='urn:default'>"
      "<env:Body><detail>"
      "<t:Error code='E1'><message>x &amp; y &lt; z</message><t:kind>t:Bad</t:kind></t:Error>"
      "tail text"
      "<t:Other xmlns:t='urn:other'/>"
      "<plain xmlns=''/>"
      "</detail></env:Body></env:Envelope>");
  ASSERT_TRUE(parsed->status.ok()) << parsed->status;
  const pugi::xml_node detail = At(parsed->doc, "env:Body/detail");
  const std::string inner = InnerXml(detail);

  auto fragment = ParseFragment(inner);
  ASSERT_TRUE(fragment->status.ok()) << fragment->status << "\n" << inner;
  const pugi::xml_node wrapper = fragment->doc.document_element();
  const pugi::xml_node error = wrapper.child("t:Error");
  EXPECT_TRUE(IsElement(error, "urn:types", "Error")) << inner;
  EXPECT_STREQ(error.attribute("code").value(), "E1");
  EXPECT_TRUE(IsElement(error.child("message"), "urn:default", "message")) << inner;
  EXPECT_EQ(Text(error.child("message")), "x & y < z");
  // QName-valued content still resolves, which is why every in-scope namespace is carried.
  std::string clark;
  ASSERT_TRUE(QNameToClark(error.child("t:kind"), Text(error.child("t:kind")), &clark));
  EXPECT_EQ(clark, "{urn:types}Bad");
  // A child's own declarations win over inherited ones.
  EXPECT_TRUE(IsElement(wrapper.child("t:Other"), "urn:other", "Other")) << inner;
  EXPECT_TRUE(IsElement(wrapper.child("plain"), "", "plain")) << inner;
  // Text between elements is kept.
  EXPECT_THAT(inner, HasSubstr("tail text"));
}

TEST(InnerXmlTest, DeclaresOnlyTheNamespacesTheFragmentUses) {
  auto parsed = Parse(
      "<env:Envelope xmlns:env='urn:env' xmlns:unused='urn:unused' xmlns:a='urn:a' "
      "xmlns:v='urn:v' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>"
      "<env:Body><detail><a:E xsi:type='v:T'>plain text: not a prefix</a:E></detail>"
      "</env:Body></env:Envelope>");
  ASSERT_TRUE(parsed->status.ok());
  const std::string inner = InnerXml(At(parsed->doc, "env:Body/detail"));
  EXPECT_EQ(inner,
            "<a:E xmlns:a=\"urn:a\" xmlns:v=\"urn:v\" "
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"v:T\">"
            "plain text: not a prefix</a:E>");
}

TEST(InnerXmlTest, NearestDeclarationWins) {
  auto parsed = Parse("<r xmlns:a='urn:1'><s xmlns:a='urn:2'><c><a:x/></c></s></r>");
  ASSERT_TRUE(parsed->status.ok());
  auto fragment = ParseFragment(InnerXml(At(parsed->doc, "s/c")));
  ASSERT_TRUE(fragment->status.ok());
  EXPECT_TRUE(IsElement(fragment->doc.document_element().first_child(), "urn:2", "x"));
}

TEST(InnerXmlTest, DoesNotModifyTheSourceDocument) {
  auto parsed = Parse("<r xmlns:a='urn:1'><d><a:x k='v'/></d></r>");
  ASSERT_TRUE(parsed->status.ok());
  const pugi::xml_node d = At(parsed->doc, "d");
  const std::string inner = InnerXml(d);
  EXPECT_EQ(inner, "<a:x xmlns:a=\"urn:1\" k=\"v\"/>");
  EXPECT_FALSE(d.first_child().attribute("xmlns:a"));
  EXPECT_EQ(InnerXml(d), inner);
}

TEST(InnerXmlTest, RoundTripsSpecialCharactersAndCdata) {
  auto parsed =
      Parse("<d><v a='&quot;&amp;&lt;&#9;'>&lt;&amp;&gt; Z\xC3\xBCrich</v><![CDATA[<raw>]]></d>");
  ASSERT_TRUE(parsed->status.ok());
  auto fragment = ParseFragment(InnerXml(parsed->doc.document_element()));
  ASSERT_TRUE(fragment->status.ok());
  const pugi::xml_node v = fragment->doc.document_element().child("v");
  EXPECT_STREQ(v.attribute("a").value(), "\"&<\t");
  EXPECT_EQ(Text(v), "<&> Z\xC3\xBCrich");
  EXPECT_THAT(InnerXml(parsed->doc.document_element()), HasSubstr("<![CDATA[<raw>]]>"));
}

TEST(InnerXmlTest, KeepsCarriageReturnsInText) {
  auto parsed = Parse("<d><v a='&#13;&#10;'>x&#13;&#10;y</v>t&#13;</d>");
  ASSERT_TRUE(parsed->status.ok());
  const std::string inner = InnerXml(parsed->doc.document_element());
  auto fragment = ParseFragment(inner);
  ASSERT_TRUE(fragment->status.ok()) << inner;
  const pugi::xml_node wrapper = fragment->doc.document_element();
  EXPECT_STREQ(wrapper.child("v").attribute("a").value(), "\r\n");
  EXPECT_EQ(Text(wrapper.child("v")), "x\r\ny");
  EXPECT_STREQ(wrapper.last_child().value(), "t\r");
}

TEST(InnerXmlTest, EmptyAndNullElements) {
  auto parsed = Parse("<d/>");
  ASSERT_TRUE(parsed->status.ok());
  EXPECT_EQ(InnerXml(parsed->doc.document_element()), "");
  EXPECT_EQ(InnerXml(pugi::xml_node()), "");
}

TEST(QNameToClarkTest, ResolvesPrefixesAndTheDefaultNamespace) {
  auto parsed = Parse("<r xmlns:p='urn:p'><with xmlns='urn:d'/><without/></r>");
  ASSERT_TRUE(parsed->status.ok());
  const pugi::xml_node with = At(parsed->doc, "with");
  const pugi::xml_node without = At(parsed->doc, "without");
  std::string clark;
  ASSERT_TRUE(QNameToClark(with, "p:local", &clark));
  EXPECT_EQ(clark, "{urn:p}local");
  ASSERT_TRUE(QNameToClark(with, " \n p:local\t", &clark));
  EXPECT_EQ(clark, "{urn:p}local");
  ASSERT_TRUE(QNameToClark(with, "local", &clark));
  EXPECT_EQ(clark, "{urn:d}local");
  ASSERT_TRUE(QNameToClark(without, "local", &clark));
  EXPECT_EQ(clark, "local");
  ASSERT_TRUE(QNameToClark(without, "xml:lang", &clark));
  EXPECT_EQ(clark, "{http://www.w3.org/XML/1998/namespace}lang");
  for (std::string_view bad : {"", "   ", "q:local", "a:b:c", ":x", "x:", "p:"}) {
    EXPECT_FALSE(QNameToClark(with, bad, &clark)) << bad;
  }
}

}  // namespace
}  // namespace dragoman::xml
