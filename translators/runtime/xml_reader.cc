#include "translators/runtime/xml_reader.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "translators/runtime/strings.h"
#include "translators/runtime/xml_writer.h"

namespace dragoman::xml {
namespace {

// parse_default decodes references, keeps CDATA and normalises line ends and attribute
// whitespace. parse_ws_pcdata_single additionally keeps whitespace-only text when it is an
// element's only content, so a string value of "  " survives while indentation between
// elements is still dropped. Comments, PIs and the declaration are not kept.
constexpr unsigned int kParseFlags = pugi::parse_default | pugi::parse_ws_pcdata_single;

absl::Status ErrorAt(std::string_view what, std::size_t offset) {
  return absl::InvalidArgumentError(StrCat("XML: ", what, " (offset ", offset, ")"));
}

bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Checks the reference whose '&' is at `pos`: pugixml would pass anything else through as
// literal text, and a numeric reference to a non-character (e.g. &#0;) would truncate or
// corrupt the decoded string.
absl::Status CheckReference(std::string_view doc, std::size_t pos) {
  std::string_view rest = doc.substr(pos + 1);
  for (std::string_view name : {"amp;", "lt;", "gt;", "quot;", "apos;"}) {
    if (rest.substr(0, name.size()) == name) return absl::OkStatus();
  }
  if (rest.empty() || rest[0] != '#') {
    return ErrorAt("'&' does not start a predefined entity or character reference", pos);
  }
  const bool hex = rest.size() > 1 && rest[1] == 'x';
  std::size_t i = hex ? 2 : 1;
  const std::size_t first_digit = i;
  uint32_t value = 0;
  for (; i < rest.size(); ++i) {
    const int digit =
        hex ? HexValue(rest[i]) : (rest[i] >= '0' && rest[i] <= '9' ? rest[i] - '0' : -1);
    if (digit < 0) break;
    // Saturate above the Unicode range instead of overflowing.
    value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
  }
  if (i == first_digit || i >= rest.size() || rest[i] != ';') {
    return ErrorAt("malformed character reference", pos);
  }
  if (!IsXmlChar(value)) {
    return ErrorAt("character reference to a character XML 1.0 does not allow", pos);
  }
  return absl::OkStatus();
}

// Walks the document's '&'s in order, so that checking the references of every text run and
// attribute value searches the document once rather than once per run (runs are short, and
// most hold no '&').
class ReferenceChecker {
 public:
  explicit ReferenceChecker(std::string_view doc) : doc_(doc) { Advance(0); }

  // Checks every '&' in doc[begin, end); ranges must come in increasing order. An '&' before
  // `begin` is in markup whose references are not checked (a comment, CDATA, a PI) and is passed.
  absl::Status Check(std::size_t begin, std::size_t end) {
    while (next_ < end) {
      if (next_ >= begin) {
        if (absl::Status s = CheckReference(doc_, next_); !s.ok()) return s;
      }
      Advance(next_ + 1);
    }
    return absl::OkStatus();
  }

 private:
  // Moves to the first '&' at or after `from` (the document's size when there is none).
  void Advance(std::size_t from) {
    const void* hit =
        from < doc_.size() ? std::memchr(doc_.data() + from, '&', doc_.size() - from) : nullptr;
    next_ = hit == nullptr ? doc_.size() : static_cast<const char*>(hit) - doc_.data();
  }

  std::string_view doc_;
  std::size_t next_ = 0;
};

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Marks the zero bytes of `word`. Exact for the lowest zero byte (a borrow can only mark bytes
// above a true zero), which is all the searches below use.
constexpr uint64_t ZeroBytes(uint64_t word) { return (word - kOnes) & ~word & kHighBits; }

// The position of the first `c` in doc[from, n), or n. Runs between markup are short, too
// short for a call to memchr to pay off; this runs inline, eight bytes a step on little-endian
// machines.
inline std::size_t FindByte(const char* doc, std::size_t from, std::size_t n, char c) {
  std::size_t i = from;
  if constexpr (std::endian::native == std::endian::little) {
    const uint64_t pattern = static_cast<unsigned char>(c) * kOnes;
    for (; i + 8 <= n; i += 8) {
      uint64_t word;
      std::memcpy(&word, doc + i, sizeof(word));
      if (const uint64_t hits = ZeroBytes(word ^ pattern); hits != 0) {
        return i + static_cast<std::size_t>(std::countr_zero(hits)) / 8;
      }
    }
  }
  for (; i < n; ++i) {
    if (doc[i] == c) return i;
  }
  return n;
}

// The position of the first '>', '"' or '\'' in doc[from, n), or n: what ends a start tag or
// opens an attribute value. Eight bytes a step on little-endian machines, where the lowest
// marked byte is the first in memory.
inline std::size_t FindTagDelimiter(const char* doc, std::size_t from, std::size_t n) {
  std::size_t i = from;
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= n; i += 8) {
      uint64_t word;
      std::memcpy(&word, doc + i, sizeof(word));
      const uint64_t hits = ZeroBytes(word ^ ('>' * kOnes)) | ZeroBytes(word ^ ('"' * kOnes)) |
                            ZeroBytes(word ^ ('\'' * kOnes));
      if (hits != 0) return i + static_cast<std::size_t>(std::countr_zero(hits)) / 8;
    }
  }
  for (; i < n; ++i) {
    if (doc[i] == '>' || doc[i] == '"' || doc[i] == '\'') return i;
  }
  return n;
}

bool StartsWith(std::string_view doc, std::size_t pos, std::string_view prefix) {
  return doc.substr(pos, prefix.size()) == prefix;
}

// Rejects what pugixml would accept but a decoder must never see: entity declarations
// (billion laughs, external entities), undefined or invalid references, and nesting deep
// enough to exhaust the stack of a recursive decoder. Only markup boundaries are inspected, so
// the cost is close to a memchr over the document.
absl::Status PreScan(std::string_view doc, int max_depth) {
  if (const void* nul = std::memchr(doc.data(), '\0', doc.size()); nul != nullptr) {
    return ErrorAt("NUL byte (UTF-16 and UTF-32 documents are not supported)",
                   static_cast<const char*>(nul) - doc.data());
  }
  ReferenceChecker references(doc);
  const std::size_t n = doc.size();
  std::size_t pos = 0;
  int depth = 0;
  while (pos < n) {
    const std::size_t next = FindByte(doc.data(), pos, n, '<');
    if (absl::Status s = references.Check(pos, next); !s.ok()) return s;
    if (next == n) break;
    pos = next;
    // The byte after '<' tells the markup apart; start and end tags, the bulk, take one test.
    const char kind = pos + 1 < n ? doc[pos + 1] : '\0';
    if (kind != '!' && kind != '?' && kind != '/') {
      // A start tag: find its '>' outside quoted attribute values, checking those values.
      const std::size_t tag = pos;
      std::size_t i = FindTagDelimiter(doc.data(), pos + 1, n);
      while (i < n && doc[i] != '>') {
        // A quote opens an attribute value.
        const std::size_t close = doc.find(doc[i], i + 1);
        if (close == std::string_view::npos) return ErrorAt("unterminated attribute value", i);
        if (const std::size_t bad = doc.substr(i + 1, close - i - 1).find('<');
            bad != std::string_view::npos) {
          return ErrorAt("'<' in attribute value", i + 1 + bad);
        }
        if (absl::Status s = references.Check(i + 1, close); !s.ok()) return s;
        i = FindTagDelimiter(doc.data(), close + 1, n);
      }
      if (i >= n) return ErrorAt("unterminated start tag", tag);
      // An empty-element tag sits one level down too, but leaves the depth unchanged.
      if (depth + 1 > max_depth) {
        return ErrorAt(StrCat("elements nested deeper than ", max_depth), tag);
      }
      if (doc[i - 1] != '/') ++depth;
      pos = i + 1;
    } else if (kind == '/') {
      --depth;
      pos += 2;
    } else if (StartsWith(doc, pos, "<!--")) {
      const std::size_t end = doc.find("-->", pos + 4);
      if (end == std::string_view::npos) return ErrorAt("unterminated comment", pos);
      pos = end + 3;
    } else if (StartsWith(doc, pos, "<![CDATA[")) {
      const std::size_t end = doc.find("]]>", pos + 9);
      if (end == std::string_view::npos) return ErrorAt("unterminated CDATA section", pos);
      pos = end + 3;
    } else if (StartsWith(doc, pos, "<!DOCTYPE")) {
      return ErrorAt("DOCTYPE is not allowed", pos);
    } else if (StartsWith(doc, pos, "<!")) {
      return ErrorAt("markup declarations are not allowed", pos);
    } else {
      // "<?": a processing instruction or the XML declaration.
      const std::size_t end = doc.find("?>", pos + 2);
      if (end == std::string_view::npos) return ErrorAt("unterminated processing instruction", pos);
      pos = end + 2;
    }
  }
  return absl::OkStatus();
}

// FindInvalidCharacter with a fast path for what most of a document is: ASCII that XML allows
// (0x20-0x7F), skipped eight bytes at a time. Only runs holding a control byte or a multi-byte
// sequence go to the full check; a run of bytes >= 0x80 that ends at ASCII holds whole
// sequences (every byte of a valid sequence is >= 0x80), so offsets come out the same.
std::size_t FindInvalidByte(std::string_view doc) {
  const auto* s = reinterpret_cast<const unsigned char*>(doc.data());
  const std::size_t n = doc.size();
  std::size_t i = 0;
  while (i < n) {
    // A byte >= 0x80 sets its own high bit; the lowest byte < 0x20 sets its high bit in the
    // difference, so the test has no false negatives.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, sizeof(word));
      if (((word | (word - 0x20 * kOnes)) & kHighBits) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if ((c >= 0x20 && c < 0x80) || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < n && s[end] >= 0x80) ++end;
    if (const std::size_t bad = FindInvalidCharacter(doc.substr(i, end - i));
        bad != std::string_view::npos) {
      return i + bad;
    }
    i = end;
  }
  return std::string_view::npos;
}

std::string_view Name(const char* name) { return std::string_view(name); }

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimXmlSpace(std::string_view value) {
  while (!value.empty() && IsXmlSpace(value.front())) value.remove_prefix(1);
  while (!value.empty() && IsXmlSpace(value.back())) value.remove_suffix(1);
  return value;
}

// If `attribute` is a namespace declaration, sets `*prefix` to the prefix it declares ("" for
// the default namespace).
bool DeclaredPrefix(pugi::xml_attribute attribute, std::string_view* prefix) {
  const std::string_view name = Name(attribute.name());
  if (name.substr(0, 5) != "xmlns") return false;
  if (name.size() == 5) {
    *prefix = {};
    return true;
  }
  if (name[5] != ':') return false;
  *prefix = name.substr(6);
  return true;
}

// True if the attribute name starts with "xmlns": a namespace declaration, or a name XML
// reserves. Tests the bytes in place rather than measuring the name first.
bool IsDeclaration(const char* name) {
  return name[0] == 'x' && name[1] == 'm' && name[2] == 'l' && name[3] == 'n' && name[4] == 's';
}

// True if the attribute name declares `prefix` ("xmlns" for the empty prefix, "xmlns:p" for p),
// compared in place: the walk up the ancestors runs this on every attribute it passes.
bool Declares(const char* name, std::string_view prefix) {
  if (!IsDeclaration(name)) return false;
  if (prefix.empty()) return name[5] == '\0';
  if (name[5] != ':') return false;
  const char* rest = name + 6;
  // A prefix holds no NUL, so a shorter name stops the loop at its terminator.
  for (const char c : prefix) {
    if (*rest != c) return false;
    ++rest;
  }
  return *rest == '\0';
}

// pugixml writes a carriage return in text as is, and a reader's end-of-line handling would
// turn it into a line feed. Outside CDATA (where '<' is always escaped, so "<![CDATA[" can only
// open a real section) every raw CR in printed XML comes from text and becomes "&#13;".
void EscapeCarriageReturns(std::string* xml) {
  std::string out;
  out.reserve(xml->size() + 16);
  std::size_t pos = 0;
  while (pos < xml->size()) {
    const std::size_t cdata = xml->find("<![CDATA[", pos);
    const std::size_t end = cdata == std::string::npos ? xml->size() : cdata;
    for (std::size_t i = pos; i < end; ++i) {
      if ((*xml)[i] == '\r') {
        out.append("&#13;");
      } else {
        out.push_back((*xml)[i]);
      }
    }
    if (cdata == std::string::npos) break;
    const std::size_t close = xml->find("]]>", cdata);
    const std::size_t stop = close == std::string::npos ? xml->size() : close + 3;
    out.append(*xml, cdata, stop - cdata);
    pos = stop;
  }
  xml->swap(out);
}

// A namespace declaration in scope: attribute name ("xmlns:p"), prefix ("p") and URI.
struct Declaration {
  std::string_view name;
  std::string_view prefix;
  std::string_view uri;
};

bool Contains(const std::vector<std::string_view>& list, std::string_view item) {
  for (std::string_view entry : list) {
    if (entry == item) return true;
  }
  return false;
}

// Adds the prefix of every whitespace-separated "p:..." token in `value`: QName-valued content
// (xsi:type="p:T", a fault code) needs its prefix declared although no name uses it. Extra
// candidates are harmless, since only prefixes that are actually in scope get declared.
void CollectValuePrefixes(std::string_view value, std::vector<std::string_view>* prefixes) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    while (pos < value.size() && IsXmlSpace(value[pos])) ++pos;
    std::size_t end = pos;
    while (end < value.size() && !IsXmlSpace(value[end])) ++end;
    const std::string_view token = value.substr(pos, end - pos);
    const std::size_t colon = token.find(':');
    if (colon != std::string_view::npos && colon > 0 &&
        !Contains(*prefixes, token.substr(0, colon))) {
      prefixes->push_back(token.substr(0, colon));
    }
    pos = end;
  }
}

// Adds every prefix the subtree under `top` uses in names or in QName-like values. Iterative,
// because the subtree may come from a document this module did not depth-check.
void CollectPrefixes(pugi::xml_node top, std::vector<std::string_view>* prefixes) {
  pugi::xml_node node = top;
  while (node) {
    if (node.type() == pugi::node_element) {
      const std::string_view prefix = Prefix(Name(node.name()));
      if (!prefix.empty() && !Contains(*prefixes, prefix)) prefixes->push_back(prefix);
      for (pugi::xml_attribute attribute : node.attributes()) {
        std::string_view declared;
        if (DeclaredPrefix(attribute, &declared)) continue;
        const std::string_view attribute_prefix = Prefix(Name(attribute.name()));
        if (!attribute_prefix.empty() && !Contains(*prefixes, attribute_prefix)) {
          prefixes->push_back(attribute_prefix);
        }
        CollectValuePrefixes(Name(attribute.value()), prefixes);
      }
    } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      CollectValuePrefixes(Name(node.value()), prefixes);
    }
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node != top && !node.next_sibling()) node = node.parent();
    if (node == top) break;
    node = node.next_sibling();
  }
}

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string* out) : out_(out) {}
  void write(const void* data, std::size_t size) override {
    out_->append(static_cast<const char*>(data), size);
  }

 private:
  std::string* out_;
};

}  // namespace

absl::Status ParseXmlInPlace(char* data, std::size_t size, pugi::xml_document* doc,
                             const XmlLimits& limits) {
  if (size > limits.max_bytes) {
    return absl::InvalidArgumentError(StrCat(
        "XML: document of ", size, " bytes exceeds the limit of ", limits.max_bytes, " bytes"));
  }
  if (size >= 2 &&
      ((data[0] == '\xFE' && data[1] == '\xFF') || (data[0] == '\xFF' && data[1] == '\xFE'))) {
    return ErrorAt("UTF-16 and UTF-32 documents are not supported", 0);
  }
  if (absl::Status s = PreScan(std::string_view(data, size), limits.max_depth); !s.ok()) return s;
  // Decoded strings must be valid UTF-8 for protobuf; checking the whole document once is cheaper
  // than checking every value and also covers names and attribute values.
  if (const std::size_t bad = FindInvalidByte(std::string_view(data, size));
      bad != std::string_view::npos) {
    return ErrorAt("invalid UTF-8 or a character XML 1.0 does not allow", bad);
  }
  const pugi::xml_parse_result result = doc->load_buffer_inplace(data, size, kParseFlags);
  if (!result) {
    return ErrorAt(result.description(), static_cast<std::size_t>(result.offset));
  }
  return absl::OkStatus();
}

std::string_view LocalName(std::string_view qualified_name) {
  const std::size_t colon = qualified_name.find(':');
  return colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
}

std::string_view Prefix(std::string_view qualified_name) {
  const std::size_t colon = qualified_name.find(':');
  return colon == std::string_view::npos ? std::string_view() : qualified_name.substr(0, colon);
}

bool ResolvePrefix(pugi::xml_node context, std::string_view prefix, std::string_view* uri) {
  if (prefix == "xml") {
    *uri = kXmlNamespace;
    return true;
  }
  if (prefix == "xmlns") return false;
  // An empty handle's type is node_null, which ends the walk too.
  for (pugi::xml_node node = context; node.type() == pugi::node_element; node = node.parent()) {
    for (pugi::xml_attribute attribute = node.first_attribute(); attribute;
         attribute = attribute.next_attribute()) {
      if (!Declares(attribute.name(), prefix)) continue;
      *uri = Name(attribute.value());
      // xmlns="" undeclares the default namespace; xmlns:p="" is not allowed in XML 1.0.
      return !uri->empty() || prefix.empty();
    }
  }
  // No declaration: unprefixed names are in no namespace, prefixed ones are unbound.
  *uri = {};
  return prefix.empty();
}

bool ChildScope::Resolve(pugi::xml_node child, std::string_view* ns, std::string_view* local) {
  const std::string_view name = Name(child.name());
  const std::size_t colon = name.find(':');
  const std::string_view prefix =
      colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
  *local = colon == std::string_view::npos ? name : name.substr(colon + 1);
  // A child that declares namespaces itself (rare), or is not a child of the parent this scope
  // was made for, resolves on its own.
  bool own_scope = child.parent() != parent_;
  for (pugi::xml_attribute attribute = child.first_attribute(); attribute && !own_scope;
       attribute = attribute.next_attribute()) {
    own_scope = IsDeclaration(attribute.name());
  }
  if (own_scope) return ResolvePrefix(child, prefix, ns);
  if (!cached_ || prefix != prefix_) {
    bound_ = ResolvePrefix(parent_, prefix, &uri_);
    prefix_ = prefix;
    cached_ = true;
  }
  *ns = uri_;
  return bound_;
}

bool ElementNamespace(pugi::xml_node element, std::string_view* uri) {
  return ResolvePrefix(element, Prefix(Name(element.name())), uri);
}

bool IsElement(pugi::xml_node element, std::string_view ns, std::string_view local) {
  if (element.type() != pugi::node_element) return false;
  const std::string_view name = Name(element.name());
  if (LocalName(name) != local) return false;
  std::string_view uri;
  return ResolvePrefix(element, Prefix(name), &uri) && uri == ns;
}

pugi::xml_attribute FindAttribute(pugi::xml_node element, std::string_view ns,
                                  std::string_view local) {
  for (pugi::xml_attribute attribute = element.first_attribute(); attribute;
       attribute = attribute.next_attribute()) {
    const std::string_view name = Name(attribute.name());
    if (LocalName(name) != local) continue;
    const std::string_view prefix = Prefix(name);
    std::string_view declared;
    if (DeclaredPrefix(attribute, &declared)) continue;
    // Unprefixed attributes are in no namespace; the default namespace does not apply to them.
    if (prefix.empty()) {
      if (ns.empty()) return attribute;
      continue;
    }
    std::string_view uri;
    if (ResolvePrefix(element, prefix, &uri) && uri == ns) return attribute;
  }
  return {};
}

bool IsNil(pugi::xml_node element, bool* invalid) {
  *invalid = false;
  const pugi::xml_attribute nil = FindAttribute(element, kXsiNamespace, "nil");
  if (!nil) return false;
  // xsd:boolean collapses whitespace.
  const std::string_view value = TrimXmlSpace(Name(nil.value()));
  if (value == "true" || value == "1") return true;
  if (value != "false" && value != "0") *invalid = true;
  return false;
}

bool AppendTextContent(pugi::xml_node element, std::string* out) {
  const std::size_t mark = out->size();
  for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
    switch (child.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        out->append(child.value());
        break;
      case pugi::node_element:
        out->resize(mark);
        return false;
      default:
        break;
    }
  }
  return true;
}

bool TextContent(pugi::xml_node element, std::string* scratch, std::string_view* text) {
  const pugi::xml_node first = element.first_child();
  if (!first) {
    *text = {};
    return true;
  }
  // The common case, one text or CDATA node, in as few calls into pugixml as it takes.
  if (const pugi::xml_node_type type = first.type();
      (type == pugi::node_pcdata || type == pugi::node_cdata) && !first.next_sibling()) {
    *text = Name(first.value());
    return true;
  }
  pugi::xml_node only;
  int count = 0;
  for (pugi::xml_node child = first; child; child = child.next_sibling()) {
    switch (child.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        only = child;
        ++count;
        break;
      case pugi::node_element:
        return false;
      default:
        break;
    }
  }
  if (count == 0) {
    *text = {};
    return true;
  }
  if (count == 1) {
    *text = Name(only.value());
    return true;
  }
  scratch->clear();
  AppendTextContent(element, scratch);
  *text = *scratch;
  return true;
}

namespace {

// Declarations in scope at `node`, nearest first; a farther one with the same name is shadowed
// and skipped.
std::vector<Declaration> ScopeAt(pugi::xml_node node) {
  std::vector<Declaration> scope;
  for (; node && node.type() == pugi::node_element; node = node.parent()) {
    for (pugi::xml_attribute attribute : node.attributes()) {
      Declaration declaration;
      if (!DeclaredPrefix(attribute, &declaration.prefix)) continue;
      declaration.name = Name(attribute.name());
      declaration.uri = Name(attribute.value());
      bool shadowed = false;
      for (const Declaration& seen : scope) shadowed = shadowed || seen.name == declaration.name;
      if (!shadowed) scope.push_back(declaration);
    }
  }
  return scope;
}

// Prints `node` so it stands alone: an element gets the declarations of `scope` it uses.
void PrintStandalone(pugi::xml_node node, const std::vector<Declaration>& scope,
                     StringWriter& writer) {
  if (node.type() != pugi::node_element || scope.empty()) {
    node.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
    return;
  }
  std::vector<std::string_view> used;
  CollectPrefixes(node, &used);
  // Declarations go on a copy: the source document is shared with the caller.
  pugi::xml_document copy;
  pugi::xml_node top = copy.append_copy(node);
  for (auto it = scope.rbegin(); it != scope.rend(); ++it) {
    // An empty URI only undeclares, which a standalone fragment does not need. The default
    // namespace is always carried: unprefixed QName-valued text may rely on it.
    if (it->uri.empty() || top.attribute(std::string(it->name).c_str())) continue;
    if (!it->prefix.empty() && !Contains(used, it->prefix)) continue;
    top.prepend_attribute(std::string(it->name).c_str()).set_value(std::string(it->uri).c_str());
  }
  top.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
}

}  // namespace

std::string InnerXml(pugi::xml_node element) {
  std::string out;
  if (!element) return out;
  const std::vector<Declaration> scope = ScopeAt(element);
  StringWriter writer(&out);
  for (pugi::xml_node child : element.children()) PrintStandalone(child, scope, writer);
  if (out.find('\r') != std::string::npos) EscapeCarriageReturns(&out);
  return out;
}

std::string OuterXml(pugi::xml_node element) {
  std::string out;
  if (!element) return out;
  StringWriter writer(&out);
  PrintStandalone(element, ScopeAt(element.parent()), writer);
  if (out.find('\r') != std::string::npos) EscapeCarriageReturns(&out);
  return out;
}

bool QNameToClark(pugi::xml_node context, std::string_view value, std::string* clark) {
  // QName's whitespace facet is collapse.
  value = TrimXmlSpace(value);
  const std::string_view prefix = Prefix(value);
  const std::string_view local = LocalName(value);
  if (local.empty() || local.find(':') != std::string_view::npos ||
      (prefix.empty() && local.size() != value.size())) {
    return false;
  }
  std::string_view uri;
  if (!ResolvePrefix(context, prefix, &uri)) return false;
  clark->clear();
  if (!uri.empty()) {
    clark->push_back('{');
    clark->append(uri);
    clark->push_back('}');
  }
  clark->append(local);
  return true;
}

}  // namespace dragoman::xml
