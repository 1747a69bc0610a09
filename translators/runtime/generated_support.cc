#include "translators/runtime/generated_support.h"

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"
#include "translators/runtime/xsd_value.h"

namespace dragoman::gen {
namespace {

constexpr std::string_view kSoapEncodingNamespace11 = "http://schemas.xmlsoap.org/soap/encoding/";
constexpr std::string_view kSoap12EncodingNamespace = "http://www.w3.org/2003/05/soap-encoding";

}  // namespace

namespace {

// "ns1:account (byte 812)" for error messages; values are never echoed, they may be personal.
std::string Describe(pugi::xml_node element) {
  return StrCat("element <", element.name(), "> (byte ", element.offset_debug(), ")");
}

}  // namespace

absl::Status FieldError(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(StrCat("field '", field, "' ", problem));
}

absl::Status InvalidValue(std::string_view field, XsdType type) {
  return absl::InvalidArgumentError(
      StrCat("field '", field, "': value is not a valid ", xsd::TypeName(type)));
}

absl::Status ElementError(pugi::xml_node element, std::string_view problem) {
  return absl::InvalidArgumentError(StrCat(Describe(element), ": ", problem));
}

absl::Status BadLiteral(pugi::xml_node element, XsdType type) {
  return ElementError(element, StrCat("value is not a valid ", xsd::TypeName(type)));
}

absl::Status InField(absl::Status status, std::string_view name) {
  // Field paths read outside-in: "account.owner.name".
  constexpr std::string_view kPrefix = "field '";
  const std::string_view message = ToStd(status.message());
  std::string rewritten;
  if (message.substr(0, kPrefix.size()) == kPrefix) {
    rewritten = StrCat(kPrefix, name, ".", message.substr(kPrefix.size()));
  } else {
    rewritten = StrCat("field '", name, "': ", message);
  }
  absl::Status result(status.code(), rewritten);
  status.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& payload) { result.SetPayload(url, payload); });
  return result;
}

absl::Status OccursError(pugi::xml_node parent, std::string_view name, uint32_t count, uint32_t min,
                         uint32_t max) {
  if (count < min) {
    return ElementError(
        parent, StrCat("child <", name, "> occurs ", count, " times, at least ", min, " required"));
  }
  if (max != 0 && count > max) {
    return ElementError(
        parent, StrCat("child <", name, "> occurs ", count, " times, at most ", max, " allowed"));
  }
  return absl::OkStatus();
}

absl::Status CheckRepeatedSize(std::string_view field, int size, uint32_t min, uint32_t max) {
  const auto count = static_cast<uint32_t>(size);
  if (count < min) {
    return FieldError(field, StrCat("has ", count, " items, at least ", min, " required"));
  }
  if (max != 0 && count > max) {
    return FieldError(field, StrCat("has ", count, " items, at most ", max, " allowed"));
  }
  return absl::OkStatus();
}

bool IsIgnorable(pugi::xml_node node) {
  switch (node.type()) {
    case pugi::node_comment:
    case pugi::node_pi:
    case pugi::node_declaration:
      return true;
    case pugi::node_pcdata:
    case pugi::node_cdata:
      return xsd::TrimWhitespace(node.value()).empty();
    default:
      return false;
  }
}

absl::Status AttributeName(pugi::xml_node owner, pugi::xml_attribute attribute, bool* is_data,
                           std::string_view* ns, std::string_view* local) {
  const std::string_view name = attribute.name();
  const std::string_view prefix = xml::Prefix(name);
  *local = xml::LocalName(name);
  *is_data = false;
  if (name == "xmlns" || prefix == "xmlns") return absl::OkStatus();
  *ns = {};
  // Unprefixed attributes are in no namespace, whatever the default namespace is.
  if (!prefix.empty() && !xml::ResolvePrefix(owner, prefix, ns)) {
    return ElementError(owner, StrCat("attribute prefix '", prefix, "' is not declared"));
  }
  *is_data = *ns != xml::kXsiNamespace;
  return absl::OkStatus();
}

absl::Status ChildNamespace(pugi::xml_node element, std::string_view* ns) {
  if (!xml::ElementNamespace(element, ns)) {
    return ElementError(element, "its namespace prefix is not declared");
  }
  return absl::OkStatus();
}

absl::Status ChildName(xml::ChildScope& scope, pugi::xml_node child, std::string_view* ns,
                       std::string_view* local) {
  if (!scope.Resolve(child, ns, local)) {
    return ElementError(child, "its namespace prefix is not declared");
  }
  return absl::OkStatus();
}

absl::Status ElementText(pugi::xml_node element, std::string* scratch, std::string_view* text) {
  if (!xml::TextContent(element, scratch, text)) {
    return ElementError(element, "has child elements where a simple value is expected");
  }
  return absl::OkStatus();
}

absl::Status NilState(pugi::xml_node element, bool* nil) {
  bool invalid = false;
  *nil = xml::IsNil(element, &invalid);
  if (invalid) return ElementError(element, "xsi:nil must be true, false, 1 or 0");
  if (*nil && element.first_child()) {
    for (pugi::xml_node child : element.children()) {
      if (!IsIgnorable(child)) return ElementError(element, "is xsi:nil but has content");
    }
  }
  return absl::OkStatus();
}

namespace {

// Types whose values are decimal numbers (every integer type included).
bool IsDecimalValued(XsdType type) {
  return (type >= XSD_DECIMAL && type <= XSD_POSITIVE_INTEGER) ||
         (type >= XSD_LONG && type <= XSD_UNSIGNED_BYTE);
}

}  // namespace

bool IsNilItem(const google::protobuf::RepeatedField<uint32_t>& nil_items, int index) {
  for (uint32_t position : nil_items) {
    if (position == static_cast<uint32_t>(index)) return true;
  }
  return false;
}

absl::Status CheckFixed(std::string_view field, std::string_view lexical, std::string_view fixed,
                        XsdType type) {
  bool equal = false;
  if (type == XSD_BOOLEAN) {
    bool a = false, b = false;
    equal = xsd::ParseBool(lexical, &a) && xsd::ParseBool(fixed, &b) && a == b;
  } else if (type == XSD_FLOAT || type == XSD_DOUBLE) {
    double a = 0, b = 0;
    equal = xsd::ParseDouble(lexical, &a) && xsd::ParseDouble(fixed, &b) && a == b;
  } else if (IsDecimalValued(type)) {
    std::string a, b;
    equal = xsd::CanonicalizeLexical(XSD_DECIMAL, lexical, &a) &&
            xsd::CanonicalizeLexical(XSD_DECIMAL, fixed, &b) && a == b;
  } else if (type == XSD_STRING || type == XSD_TYPE_UNSPECIFIED) {
    equal = lexical == fixed;
  } else {
    // The other types collapse whitespace before comparing.
    equal = xsd::TrimWhitespace(lexical) == xsd::TrimWhitespace(fixed);
  }
  if (equal) return absl::OkStatus();
  return FieldError(field, StrCat("must be the schema's fixed value '", fixed, "'"));
}

absl::Status ArrayTypeValue(std::string_view item, int rank,
                            const google::protobuf::RepeatedField<uint32_t>* dimensions,
                            int item_count, std::string* out) {
  if (rank <= 1 || dimensions == nullptr) {
    *out = StrCat(item, "[", item_count, "]");
    return absl::OkStatus();
  }
  if (dimensions->size() != rank) {
    return FieldError("dimensions", StrCat("needs ", rank, " sizes, one per dimension"));
  }
  uint64_t product = 1;
  *out = StrCat(item, "[");
  for (int i = 0; i < rank; ++i) {
    product *= dimensions->Get(i);
    StrAppend(out, i > 0 ? "," : "", dimensions->Get(i));
  }
  out->push_back(']');
  if (product != static_cast<uint64_t>(item_count)) {
    return FieldError("dimensions", StrCat("multiply to ", product, " but the array holds ",
                                           item_count, " items"));
  }
  return absl::OkStatus();
}

absl::Status ReadArrayDimensions(pugi::xml_node array, int rank,
                                 google::protobuf::RepeatedField<uint32_t>* dimensions) {
  std::string_view value = xml::FindAttribute(array, kSoapEncodingNamespace11, "arrayType").value();
  if (!value.empty()) {
    // "T[...][d1,d2]": the last brackets hold this array's own sizes.
    const size_t open = value.rfind('[');
    if (open == std::string_view::npos || value.back() != ']') {
      return ElementError(array, "SOAP-ENC:arrayType has no [dimensions]");
    }
    value = value.substr(open + 1, value.size() - open - 2);
  } else {
    // SOAP 1.2: enc:arraySize="d1 d2".
    value = xml::FindAttribute(array, kSoap12EncodingNamespace, "arraySize").value();
  }
  dimensions->Clear();
  for (absl::string_view size :
       absl::StrSplit(ToAbsl(value), absl::ByAnyChar(", "), absl::SkipEmpty())) {
    uint32_t parsed = 0;
    if (!absl::SimpleAtoi(size, &parsed)) {
      return ElementError(array, "array dimensions are not all sizes");
    }
    dimensions->Add(parsed);
  }
  if (dimensions->size() != rank) {
    return ElementError(array, StrCat("a ", rank, "-dimensional array needs ", rank,
                                      " sizes in its SOAP-ENC:arrayType"));
  }
  return absl::OkStatus();
}

absl::Status XsiType(pugi::xml_node element, bool* typed, std::string_view* ns,
                     std::string_view* local) {
  const pugi::xml_attribute type = xml::FindAttribute(element, xml::kXsiNamespace, "type");
  *typed = static_cast<bool>(type);
  if (!*typed) return absl::OkStatus();
  const std::string_view value = xsd::TrimWhitespace(type.value());
  *local = xml::LocalName(value);
  if (!xml::ResolvePrefix(element, xml::Prefix(value), ns)) {
    return ElementError(element, "xsi:type has an undeclared prefix");
  }
  return absl::OkStatus();
}

namespace {

// Most elements visited to resolve one reference; bounds the work an adversarial reply can cause.
constexpr int kMaxReferenceSearch = 100000;

// The id an element is known by for references, if any.
std::string_view IdOf(pugi::xml_node element) {
  if (pugi::xml_attribute id = element.attribute("id")) return id.value();
  return xml::FindAttribute(element, kSoap12EncodingNamespace, "id").value();
}

}  // namespace

absl::Status Dereference(pugi::xml_node element, pugi::xml_node* target) {
  *target = element;
  std::string_view id;
  if (pugi::xml_attribute href = element.attribute("href")) {
    id = href.value();
    if (!id.starts_with("#")) return ElementError(element, "href is not a local #reference");
    id.remove_prefix(1);
  } else if (pugi::xml_attribute ref =
                 xml::FindAttribute(element, kSoap12EncodingNamespace, "ref")) {
    id = ref.value();
  } else {
    return absl::OkStatus();
  }
  // The referenced value is a Body child (SOAP 1.1 section 5.4.1) or, as some stacks write it,
  // any element of the Body carrying the id: search the Body, within a bounded effort.
  pugi::xml_node body = element;
  while (body.parent().type() == pugi::node_element &&
         body.parent().parent().type() == pugi::node_element) {
    body = body.parent();
  }
  int visited = 0;
  for (pugi::xml_node node = body.first_child(); node;) {
    if (node.type() == pugi::node_element) {
      if (++visited > kMaxReferenceSearch) {
        return ElementError(element, "reference search exceeds its limit");
      }
      if (node != element && IdOf(node) == id) {
        *target = node;
        return absl::OkStatus();
      }
    }
    // Depth-first without recursion.
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node != body && !node.next_sibling()) node = node.parent();
    if (node == body) break;
    node = node.next_sibling();
  }
  return ElementError(element, StrCat("reference '", id, "' points at nothing"));
}

absl::Status FindBodyElement(pugi::xml_node body, std::string_view ns, std::string_view local,
                             pugi::xml_node* element) {
  *element = {};
  for (pugi::xml_node child : body.children()) {
    if (child.type() != pugi::node_element) {
      if (IsIgnorable(child)) continue;
      return ElementError(body, "unexpected text content");
    }
    if (*element) {
      // After the accessor, SOAP encoding may place the values it references.
      if (!IdOf(child).empty()) continue;
      return ElementError(child, "Body must have exactly one child element");
    }
    *element = child;
  }
  if (!*element) {
    return ElementError(body, StrCat("Body is empty, expected {", ns, "}", local));
  }
  if (!xml::IsElement(*element, ns, local)) {
    return ElementError(*element, StrCat("expected {", ns, "}", local));
  }
  return absl::OkStatus();
}

void WriteNil(xml::XmlWriter& writer, std::string_view qname) {
  writer.StartElement(qname);
  writer.RawAttribute("xsi:nil", "true");
  writer.EndElement(qname);
}

namespace {

// Splits "{uri}local" or "local"; false when the braces are unbalanced or local is empty.
bool SplitClark(std::string_view clark, std::string_view* uri, std::string_view* local) {
  *uri = {};
  if (!clark.empty() && clark.front() == '{') {
    const size_t close = clark.find('}');
    if (close == std::string_view::npos) return false;
    *uri = clark.substr(1, close - 1);
    clark.remove_prefix(close + 1);
  }
  *local = clark;
  return !local->empty() && local->find_first_of("{}: \t\r\n") == std::string_view::npos;
}

}  // namespace

bool WriteQNameText(xml::XmlWriter& writer, std::string_view clark) {
  std::string_view uri;
  std::string_view local;
  if (!SplitClark(clark, &uri, &local)) return false;
  if (uri.empty()) {
    // An unprefixed QName takes the default namespace; make sure there is none in scope.
    writer.DeclareNamespace("", "");
    return writer.Text(local);
  }
  if (!writer.Attribute("xmlns:q", uri)) return false;
  return writer.Text(StrCat("q:", local));
}

bool WriteQNameAttribute(xml::XmlWriter& writer, std::string_view qname, std::string_view prefix,
                         std::string_view clark) {
  std::string_view uri;
  std::string_view local;
  if (!SplitClark(clark, &uri, &local)) return false;
  if (uri.empty()) return writer.Attribute(qname, local);
  if (!writer.Attribute(StrCat("xmlns:", prefix), uri)) return false;
  return writer.Attribute(qname, StrCat(prefix, ":", local));
}

namespace {

// Checks that `content` is well-formed element content that declares every prefix it uses;
// with `single_element`, also that it is exactly one element (text only around it as
// whitespace). Returns the content without a leading XML declaration.
absl::StatusOr<std::string_view> CheckXmlContent(std::string_view content, bool single_element) {
  // An XML declaration may lead a stored document but cannot stand inside the envelope.
  if (content.starts_with("<?xml")) {
    const size_t end = content.find("?>");
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 2);
  }
  // Parsed inside a wrapper so that anything before or after an element shows up as a sibling.
  std::string wrapped = StrCat("<w>", content, "</w>");
  pugi::xml_document doc;
  absl::Status status = xml::ParseXmlInPlace(wrapped.data(), wrapped.size(), &doc);
  if (!status.ok()) {
    return absl::InvalidArgumentError(StrCat("not well-formed XML: ", status.message()));
  }
  if (single_element) {
    int elements = 0;
    for (pugi::xml_node node : doc.document_element().children()) {
      if (node.type() == pugi::node_element) {
        ++elements;
      } else if (!IsIgnorable(node)) {
        return absl::InvalidArgumentError("text outside the element");
      }
    }
    if (elements != 1) {
      return absl::InvalidArgumentError(
          StrCat("must be exactly one XML element, found ", elements));
    }
  }
  // The content lands inside the envelope's namespaces, so it must declare every prefix it
  // uses.
  struct PrefixCheck : pugi::xml_tree_walker {
    bool for_each(pugi::xml_node& node) override {
      if (node.type() != pugi::node_element) return true;
      std::string_view uri;
      const std::string_view prefix = xml::Prefix(node.name());
      if (!prefix.empty() && !xml::ResolvePrefix(node, prefix, &uri)) undeclared = prefix;
      for (pugi::xml_attribute attribute : node.attributes()) {
        const std::string_view attribute_prefix = xml::Prefix(attribute.name());
        if (attribute_prefix.empty() || attribute_prefix == "xmlns") continue;
        if (!xml::ResolvePrefix(node, attribute_prefix, &uri)) undeclared = attribute_prefix;
      }
      return undeclared.empty();
    }
    std::string_view undeclared;
  } check;
  doc.document_element().traverse(check);
  if (!check.undeclared.empty()) {
    return absl::InvalidArgumentError(
        StrCat("prefix '", check.undeclared, "' is not declared in the XML"));
  }
  return content;
}

}  // namespace

absl::Status WriteXmlFragment(xml::XmlWriter& writer, std::string_view fragment) {
  absl::StatusOr<std::string_view> checked = CheckXmlContent(fragment, /*single_element=*/true);
  if (!checked.ok()) return checked.status();
  writer.RawXml(*checked);
  return absl::OkStatus();
}

absl::Status WriteXmlContent(xml::XmlWriter& writer, std::string_view content) {
  absl::StatusOr<std::string_view> checked = CheckXmlContent(content, /*single_element=*/false);
  if (!checked.ok()) return checked.status();
  writer.RawXml(*checked);
  return absl::OkStatus();
}

absl::Status WriteAnyAttributes(xml::XmlWriter& writer,
                                const google::protobuf::Map<std::string, std::string>& attributes) {
  int prefix = 0;
  for (const auto& [name, value] : attributes) {
    std::string_view uri;
    std::string_view local;
    if (!SplitClark(name, &uri, &local)) {
      return absl::InvalidArgumentError(StrCat("attribute name is not {namespace}local"));
    }
    std::string qualified(local);
    if (!uri.empty()) {
      const std::string declared = StrCat("da", ++prefix);
      if (!writer.Attribute(StrCat("xmlns:", declared), uri)) {
        return absl::InvalidArgumentError("attribute namespace holds a character XML cannot carry");
      }
      qualified = StrCat(declared, ":", local);
    }
    if (!writer.Attribute(qualified, value)) {
      return absl::InvalidArgumentError("attribute value holds a character XML cannot carry");
    }
  }
  return absl::OkStatus();
}

std::string ClarkName(std::string_view ns, std::string_view local) {
  return ns.empty() ? std::string(local) : StrCat("{", ns, "}", local);
}

absl::Status CheckLength(std::string_view field, std::string_view value, bool octets,
                         int64_t length, int64_t min_length, int64_t max_length) {
  int64_t size = static_cast<int64_t>(value.size());
  if (!octets) {
    size = 0;  // characters: every byte that does not continue a UTF-8 sequence
    for (char c : value) size += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  const std::string_view unit = octets ? "octets" : "characters";
  if (length >= 0 && size != length) {
    return FieldError(field,
                      StrCat("must be ", length, " ", unit, " long (xsd:length), not ", size));
  }
  if (min_length >= 0 && size < min_length) {
    return FieldError(field,
                      StrCat("must be at least ", min_length, " ", unit, " (xsd:minLength)"));
  }
  if (max_length >= 0 && size > max_length) {
    return FieldError(field, StrCat("must be at most ", max_length, " ", unit, " (xsd:maxLength)"));
  }
  return absl::OkStatus();
}

absl::Status CheckPattern(std::string_view field, std::string_view value, const re2::RE2& pattern) {
  if (re2::RE2::FullMatch(re2::StringPiece(value.data(), value.size()), pattern)) {
    return absl::OkStatus();
  }
  return FieldError(field, StrCat("does not match the schema's pattern ", pattern.pattern()));
}

int CompareDecimal(std::string_view a, std::string_view b) {
  const bool a_negative = a.starts_with('-');
  const bool b_negative = b.starts_with('-');
  if (a_negative) a.remove_prefix(1);
  if (b_negative) b.remove_prefix(1);
  auto is_zero = [](std::string_view v) {
    return v.find_first_not_of("0.") == std::string_view::npos;
  };
  if (is_zero(a) && is_zero(b)) return 0;
  if (a_negative != b_negative) return a_negative ? -1 : 1;
  // Same sign: compare magnitudes, then flip for negatives.
  const size_t a_dot = std::min(a.find('.'), a.size());
  const size_t b_dot = std::min(b.find('.'), b.size());
  int order = 0;
  if (a_dot != b_dot) {
    order = a_dot < b_dot ? -1 : 1;  // canonical: no leading zeros, so longer is larger
  } else {
    const int integer = a.substr(0, a_dot).compare(b.substr(0, b_dot));
    if (integer != 0) {
      order = integer < 0 ? -1 : 1;
    } else {
      std::string_view a_fraction = a.substr(std::min(a_dot + 1, a.size()));
      std::string_view b_fraction = b.substr(std::min(b_dot + 1, b.size()));
      const size_t width = std::max(a_fraction.size(), b_fraction.size());
      for (size_t i = 0; i < width && order == 0; ++i) {
        const char x = i < a_fraction.size() ? a_fraction[i] : '0';
        const char y = i < b_fraction.size() ? b_fraction[i] : '0';
        if (x != y) order = x < y ? -1 : 1;
      }
    }
  }
  return a_negative ? -order : order;
}

absl::Status CheckBounds(std::string_view field, XsdType type, std::string_view value,
                         std::string_view min_inclusive, std::string_view max_inclusive,
                         std::string_view min_exclusive, std::string_view max_exclusive) {
  // value versus bound; nullopt when they do not compare (NaN, an unreadable bound).
  auto compare = [&](std::string_view bound) -> std::optional<int> {
    if (type == XSD_FLOAT || type == XSD_DOUBLE) {
      double a = 0;
      double b = 0;
      if (!xsd::ParseDouble(value, &a) || !xsd::ParseDouble(bound, &b) || a != a || b != b) {
        return std::nullopt;
      }
      return a < b ? -1 : (a > b ? 1 : 0);
    }
    if (type == XSD_DATE || type == XSD_DATE_TIME || type == XSD_TIME) {
      return xsd::CompareTemporal(type, value, bound);
    }
    return CompareDecimal(value, bound);
  };
  struct Bound {
    std::string_view limit;
    bool (*allows)(int order);
    const char* words;
    const char* facet;
  };
  const Bound bounds[] = {
      {min_inclusive, [](int order) { return order >= 0; }, "must be at least ", "minInclusive"},
      {max_inclusive, [](int order) { return order <= 0; }, "must be at most ", "maxInclusive"},
      {min_exclusive, [](int order) { return order > 0; }, "must be more than ", "minExclusive"},
      {max_exclusive, [](int order) { return order < 0; }, "must be less than ", "maxExclusive"},
  };
  for (const Bound& bound : bounds) {
    if (bound.limit.empty()) continue;
    const std::optional<int> order = compare(bound.limit);
    if (!order.has_value() || !bound.allows(*order)) {
      return FieldError(field, StrCat(bound.words, bound.limit, " (xsd:", bound.facet, ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDigits(std::string_view field, std::string_view value, int64_t total,
                         int64_t fraction) {
  if (value.starts_with('-')) value.remove_prefix(1);
  const size_t dot = std::min(value.find('.'), value.size());
  std::string_view integer = value.substr(0, dot);
  std::string_view fraction_part = value.substr(std::min(dot + 1, value.size()));
  // Trailing fraction zeros and a lone leading zero are not significant digits.
  while (!fraction_part.empty() && fraction_part.back() == '0') fraction_part.remove_suffix(1);
  if (integer == "0") integer = {};
  const int64_t digits = static_cast<int64_t>(integer.size() + fraction_part.size());
  if (total >= 0 && digits > total) {
    return FieldError(field, StrCat("has more than ", total, " digits (xsd:totalDigits)"));
  }
  if (fraction >= 0 && static_cast<int64_t>(fraction_part.size()) > fraction) {
    return FieldError(field,
                      StrCat("has more than ", fraction, " fraction digits (xsd:fractionDigits)"));
  }
  return absl::OkStatus();
}

bool FormatLexical(XsdType type, std::string_view value, std::string* out) {
  switch (type) {
    case XSD_BASE64_BINARY:
      xsd::AppendBase64(value, out);
      return true;
    case XSD_HEX_BINARY:
      xsd::AppendHex(value, out);
      return true;
    default:
      return xsd::CanonicalizeLexical(type, value, out);
  }
}

absl::Status ReadQName(pugi::xml_node element, std::string_view text, std::string* clark) {
  if (!xml::QNameToClark(element, xsd::TrimWhitespace(text), clark)) {
    return ElementError(element, "QName value has an undeclared prefix");
  }
  return absl::OkStatus();
}

}  // namespace dragoman::gen
