#include "translators/runtime/xml_writer.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace dragoman::xml {
namespace {

// What a byte asks of the escaper. Most bytes are kPlain, so the hot loop only tests one table
// entry per byte and copies whole runs.
enum ByteClass : uint8_t {
  kPlain,
  kEscape,     // Replaced by a reference.
  kForbidden,  // A C0 control XML 1.0 cannot carry, even as a character reference.
  kLead,       // First byte of a multi-byte UTF-8 sequence: validated, then copied.
  kInvalid,    // Never valid in UTF-8 at this position (continuation byte, 0xC0, 0xC1, >0xF4).
};

constexpr std::array<uint8_t, 256> MakeTable(bool attribute) {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = kForbidden;
  table['\r'] = kEscape;  // A literal CR would be folded into LF by end-of-line handling.
  table['\t'] = attribute ? kEscape : kPlain;
  table['\n'] = attribute ? kEscape : kPlain;
  table['&'] = kEscape;
  table['<'] = kEscape;
  if (attribute) {
    table['"'] = kEscape;
  } else {
    // Escaping every '>' is the cheap way to never emit "]]>" in character data.
    table['>'] = kEscape;
  }
  for (int c = 0x80; c < 0xC2; ++c) table[c] = kInvalid;
  for (int c = 0xC2; c < 0xF5; ++c) table[c] = kLead;
  for (int c = 0xF5; c < 0x100; ++c) table[c] = kInvalid;
  return table;
}

constexpr std::array<uint8_t, 256> kTextTable = MakeTable(false);
constexpr std::array<uint8_t, 256> kAttributeTable = MakeTable(true);

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting with lead byte `s[i]` whose code point XML
// can carry, or 0. Overlong forms, surrogates and values above U+10FFFF are excluded by the
// allowed range of the second byte, as in the Unicode well-formed byte sequence table.
std::size_t ValidSequenceLength(const unsigned char* s, std::size_t i, std::size_t n) {
  const unsigned char lead = s[i];
  if (lead < 0xE0) {
    return (i + 1 < n && IsContinuation(s[i + 1])) ? 2 : 0;
  }
  if (lead < 0xF0) {
    if (i + 2 >= n) return 0;
    const unsigned char b1 = s[i + 1];
    const unsigned char b2 = s[i + 2];
    const unsigned char lo = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = lead == 0xED ? 0x9F : 0xBF;
    if (b1 < lo || b1 > hi || !IsContinuation(b2)) return 0;
    // U+FFFE and U+FFFF are not XML characters.
    if (lead == 0xEF && b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)) return 0;
    return 3;
  }
  if (i + 3 >= n) return 0;
  const unsigned char b1 = s[i + 1];
  const unsigned char lo = lead == 0xF0 ? 0x90 : 0x80;
  const unsigned char hi = lead == 0xF4 ? 0x8F : 0xBF;
  if (b1 < lo || b1 > hi || !IsContinuation(s[i + 2]) || !IsContinuation(s[i + 3])) return 0;
  return 4;
}

std::string_view Replacement(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\t':
      return "&#9;";
    case '\n':
      return "&#10;";
    case '\r':
      return "&#13;";
    default:
      return {};
  }
}

bool AppendEscaped(std::string_view text, const std::array<uint8_t, 256>& table, std::string* out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const std::size_t mark = out->size();
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < n) {
    switch (table[s[i]]) {
      case kPlain:
        ++i;
        break;
      case kLead: {
        const std::size_t len = ValidSequenceLength(s, i, n);
        if (len == 0) {
          out->resize(mark);
          return false;
        }
        i += len;
        break;
      }
      case kEscape:
        out->append(text.data() + run_start, i - run_start);
        out->append(Replacement(text[i]));
        run_start = ++i;
        break;
      default:  // kForbidden, kInvalid
        out->resize(mark);
        return false;
    }
  }
  out->append(text.data() + run_start, n - run_start);
  return true;
}

}  // namespace

std::size_t FindInvalidCharacter(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      if (kTextTable[s[i]] == kForbidden) return i;
      ++i;
      continue;
    }
    const std::size_t len = kTextTable[s[i]] == kLead ? ValidSequenceLength(s, i, n) : 0;
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool AppendEscapedText(std::string_view text, std::string* out) {
  return AppendEscaped(text, kTextTable, out);
}

bool AppendEscapedAttribute(std::string_view value, std::string* out) {
  return AppendEscaped(value, kAttributeTable, out);
}

void XmlWriter::StartElement(std::string_view qname) {
  CloseStartTag();
  out_->push_back('<');
  out_->append(qname);
  start_tag_open_ = true;
}

void XmlWriter::DeclareNamespace(std::string_view prefix, std::string_view uri) {
  out_->append(" xmlns");
  if (!prefix.empty()) {
    out_->push_back(':');
    out_->append(prefix);
  }
  out_->append("=\"");
  // Namespace URIs come from the schema at generation time; one XML cannot carry would have
  // been rejected when the schema was read, so a failure here leaves the value empty.
  AppendEscapedAttribute(uri, out_);
  out_->push_back('"');
}

bool XmlWriter::Attribute(std::string_view qname, std::string_view value) {
  const std::size_t mark = out_->size();
  out_->push_back(' ');
  out_->append(qname);
  out_->append("=\"");
  if (!AppendEscapedAttribute(value, out_)) {
    out_->resize(mark);
    return false;
  }
  out_->push_back('"');
  return true;
}

void XmlWriter::RawAttribute(std::string_view qname, std::string_view value) {
  out_->push_back(' ');
  out_->append(qname);
  out_->append("=\"");
  out_->append(value);
  out_->push_back('"');
}

bool XmlWriter::Text(std::string_view text) {
  // On failure the writer is left exactly as before, start tag still open.
  const std::size_t mark = out_->size();
  const bool was_open = start_tag_open_;
  CloseStartTag();
  if (!AppendEscapedText(text, out_)) {
    out_->resize(mark);
    start_tag_open_ = was_open;
    return false;
  }
  return true;
}

void XmlWriter::RawText(std::string_view text) {
  CloseStartTag();
  out_->append(text);
}

void XmlWriter::RawXml(std::string_view xml) {
  CloseStartTag();
  out_->append(xml);
}

void XmlWriter::EndElement(std::string_view qname) {
  if (start_tag_open_) {
    out_->append("/>");
    start_tag_open_ = false;
    return;
  }
  out_->append("</");
  out_->append(qname);
  out_->push_back('>');
}

}  // namespace dragoman::xml
