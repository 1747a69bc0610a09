#include "server/mock/sample_message.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "dragoman/options.pb.h"
#include "re2/re2.h"

namespace dragoman::mock {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 6;

std::string SampleLexical(XsdType type, const std::string& name) {
  switch (type) {
    case XSD_DECIMAL:
      return "123.45";
    case XSD_INTEGER:
    case XSD_NON_NEGATIVE_INTEGER:
      return "42";
    case XSD_POSITIVE_INTEGER:
      return "1";
    case XSD_NON_POSITIVE_INTEGER:
      return "0";
    case XSD_NEGATIVE_INTEGER:
      return "-1";
    case XSD_DATE:
      return "2024-01-31";
    case XSD_DATE_TIME:
      return "2024-01-31T09:30:00Z";
    case XSD_TIME:
      return "09:30:00";
    case XSD_DURATION:
      return "P1DT2H";
    case XSD_G_YEAR:
      return "2024";
    case XSD_G_YEAR_MONTH:
      return "2024-01";
    case XSD_G_MONTH:
      return "--01";
    case XSD_G_MONTH_DAY:
      return "--01-31";
    case XSD_G_DAY:
      return "---31";
    case XSD_ANY_URI:
      return "http://example.invalid/sample";
    case XSD_QNAME:
      return "{http://example.invalid/}sample";
    case XSD_LANGUAGE:
      return "en";
    case XSD_NAME:
    case XSD_NCNAME:
    case XSD_NMTOKEN:
    case XSD_ID:
    case XSD_IDREF:
    case XSD_ENTITY:
      return "sample";
    case XSD_BASE64_BINARY:
    case XSD_HEX_BINARY:
      return "sample";
    default:
      return "sample " + name;
  }
}

// An integer in decimal text moved by `delta`, or "" when it is not one.
std::string Step(const std::string& text, int delta) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) return "";
  return absl::StrCat(value + delta);
}

bool IsNumberText(XsdType type, FieldDescriptor::CppType cpp) {
  return cpp != FieldDescriptor::CPPTYPE_STRING || type == XSD_DECIMAL || type == XSD_INTEGER ||
         type == XSD_NON_NEGATIVE_INTEGER || type == XSD_POSITIVE_INTEGER ||
         type == XSD_NON_POSITIVE_INTEGER || type == XSD_NEGATIVE_INTEGER;
}

// Whether `text` satisfies the length and pattern facets.
bool FitsText(const Facets& facets, const std::string& text) {
  const size_t length = text.size();
  if (facets.has_length() && length != facets.length()) return false;
  if (facets.has_min_length() && length < facets.min_length()) return false;
  if (facets.has_max_length() && length > facets.max_length()) return false;
  for (const std::string& pattern : facets.pattern()) {
    const re2::RE2 re(pattern, re2::RE2::Quiet);
    if (re.ok() && !re2::RE2::FullMatch(text, re)) return false;
  }
  return true;
}

// A lexical form for one value of scalar `field` that its fixed or default value, bounds,
// digits, lengths and patterns allow (patterns from a few candidates; an exotic pattern may
// still refuse the sample, and encoding then says so).
std::string SampleText(const FieldDescriptor* field) {
  const XmlField& xml = field->options().GetExtension(dragoman::xml_field);
  if (!xml.default_value().empty()) return xml.default_value();
  if (xml.any()) return "<sample/>";  // one standalone element
  const Facets& facets = xml.facets();
  const bool number = IsNumberText(xml.type(), field->cpp_type());
  std::string text;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      return "true";
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      text = "1.5";
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      text = SampleLexical(xml.type(), xml.name());
      if (number && (facets.has_total_digits() || facets.has_fraction_digits())) text = "1";
      break;
    default:
      text = "7";
      break;
  }
  // A bound itself is a valid value; exclusive integer bounds step inside.
  if (!facets.min_inclusive().empty()) return facets.min_inclusive();
  if (!facets.max_inclusive().empty()) return facets.max_inclusive();
  if (number && !Step(facets.min_exclusive(), 1).empty()) return Step(facets.min_exclusive(), 1);
  if (number && !Step(facets.max_exclusive(), -1).empty()) return Step(facets.max_exclusive(), -1);
  if (number || FitsText(facets, text)) return text;
  // Candidates for the usual pattern shapes (codes, digits, identifiers), in lengths the length
  // facets allow, then a few shapes that regular expressions commonly spell out.
  std::vector<size_t> sizes;
  if (facets.has_length()) {
    sizes = {facets.length()};
  } else {
    const size_t low = facets.has_min_length() ? facets.min_length() : 1;
    const size_t high = facets.has_max_length() ? facets.max_length() : 64;
    for (size_t size : {size_t{3}, low, size_t{1}, size_t{2}, size_t{4}, size_t{5}, size_t{6},
                        size_t{8}, size_t{10}, size_t{12}, size_t{16}, size_t{20}, high}) {
      if (size >= low && size <= high) sizes.push_back(size);
    }
  }
  for (size_t size : sizes) {
    for (char c : {'A', 'a', '1', '0'}) {
      if (std::string candidate(size, c); FitsText(facets, candidate)) return candidate;
    }
    if (std::string candidate = text.substr(0, std::min(text.size(), size));
        FitsText(facets, candidate)) {
      return candidate;
    }
  }
  for (const char* shaped : {"00000000-0000-0000-0000-000000000000", "A1", "a@example.invalid",
                             "2024-01-31", "+1 555 0100", "http://example.invalid/"}) {
    if (FitsText(facets, shaped)) return shaped;
  }
  return sizes.empty() ? text : std::string(sizes.front(), 'A');
}

void Fill(Message* message, int depth);

void SetOne(Message* message, const FieldDescriptor* field, int depth) {
  const Reflection* reflection = message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child = repeated ? reflection->AddMessage(message, field)
                                : reflection->MutableMessage(message, field);
      Fill(child, depth + 1);
      // An empty occurrence of a model group writes nothing, so it cannot come back: drop it.
      if (field->options().GetExtension(dragoman::xml_field).group() &&
          child->ByteSizeLong() == 0) {
        repeated ? reflection->RemoveLast(message, field) : reflection->ClearField(message, field);
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      // The first value with a schema literal; 0 is UNSPECIFIED.
      const auto* type = field->enum_type();
      const int value = type->value_count() > 1 ? type->value(1)->number() : 0;
      repeated ? reflection->AddEnumValue(message, field, value)
               : reflection->SetEnumValue(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      const std::string value = SampleText(field);
      repeated ? reflection->AddString(message, field, value)
               : reflection->SetString(message, field, value);
      return;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::string text = SampleText(field);
      const bool value = text == "true" || text == "1";
      repeated ? reflection->AddBool(message, field, value)
               : reflection->SetBool(message, field, value);
      return;
    }
    default:
      // Numbers: protobuf's text form reads the XSD lexical forms used here ("7", "-2", "1.5",
      // "INF"); one it does not read leaves the default.
      google::protobuf::TextFormat::ParseFieldValueFromString(SampleText(field), field, message);
      return;
  }
}

void Fill(Message* message, int depth) {
  const auto* descriptor = message->GetDescriptor();
  if (descriptor->options().GetExtension(dragoman::xml_type).abstract()) {
    // Only a derived type can appear: the first one is the sample.
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      if (field->options().GetExtension(dragoman::xml_field).xsi_type()) {
        SetOne(message, field, depth);
        return;
      }
    }
  }
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const XmlField& xml = field->options().GetExtension(dragoman::xml_field);
    if (!xml.nil_of().empty()) continue;  // values, not nils, make better samples
    if (xml.dimensions()) continue;       // set once the items are (below)
    if (xml.any_attribute()) continue;    // optional by nature
    if (xml.xsi_type()) continue;         // the base's own content (abstract types are above)
    // A member of a required choice is required while no member is set.
    const bool required =
        xml.min_occurs() > 0 || (xml.required_choice() && !message->GetReflection()->HasOneof(
                                                              *message, field->containing_oneof()));
    if (depth >= kMaxDepth && !required) continue;
    if (!field->is_repeated()) {
      SetOne(message, field, depth);
      continue;
    }
    uint32_t count = std::max<uint32_t>(xml.min_occurs(), 1);
    if (xml.max_occurs() != 0) count = std::min(count, xml.max_occurs());
    if (depth >= kMaxDepth) count = xml.min_occurs();
    for (uint32_t n = 0; n < count; ++n) SetOne(message, field, depth);
  }
  // A multi-dimensional SOAP-ENC array: all items along the first dimension.
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const XmlField& xml = field->options().GetExtension(dragoman::xml_field);
    if (!xml.dimensions()) continue;
    const FieldDescriptor* items = descriptor->FindFieldByName("item");
    const Reflection* reflection = message->GetReflection();
    for (uint32_t d = 0; d < xml.min_occurs(); ++d) {
      const int size = items == nullptr ? 0 : reflection->FieldSize(*message, items);
      reflection->AddUInt32(message, field, d == 0 ? static_cast<uint32_t>(size) : 1);
    }
  }
}

}  // namespace

void FillSample(Message* message) { Fill(message, 0); }

}  // namespace dragoman::mock
