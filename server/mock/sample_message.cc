#include "server/mock/sample_message.h"

#include <google/protobuf/descriptor.h>

#include "dragoman/options.pb.h"

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

void Fill(Message* message, int depth);

void SetOne(Message* message, const FieldDescriptor* field, int depth) {
  const Reflection* reflection = message->GetReflection();
  const XmlField& xml = field->options().GetExtension(dragoman::xml_field);
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child = repeated ? reflection->AddMessage(message, field)
                                : reflection->MutableMessage(message, field);
      Fill(child, depth + 1);
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
    case FieldDescriptor::CPPTYPE_BOOL:
      repeated ? reflection->AddBool(message, field, true)
               : reflection->SetBool(message, field, true);
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      repeated ? reflection->AddInt32(message, field, 7) : reflection->SetInt32(message, field, 7);
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      repeated ? reflection->AddInt64(message, field, 7) : reflection->SetInt64(message, field, 7);
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      repeated ? reflection->AddUInt32(message, field, 7)
               : reflection->SetUInt32(message, field, 7);
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      repeated ? reflection->AddUInt64(message, field, 7)
               : reflection->SetUInt64(message, field, 7);
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      repeated ? reflection->AddDouble(message, field, 1.5)
               : reflection->SetDouble(message, field, 1.5);
      return;
    case FieldDescriptor::CPPTYPE_FLOAT:
      repeated ? reflection->AddFloat(message, field, 1.5f)
               : reflection->SetFloat(message, field, 1.5f);
      return;
    case FieldDescriptor::CPPTYPE_STRING: {
      const std::string value = SampleLexical(xml.type(), xml.name());
      repeated ? reflection->AddString(message, field, value)
               : reflection->SetString(message, field, value);
      return;
    }
  }
}

void Fill(Message* message, int depth) {
  const auto* descriptor = message->GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const XmlField& xml = field->options().GetExtension(dragoman::xml_field);
    if (!xml.nil_of().empty()) continue;  // values, not nils, make better samples
    if (xml.dimensions()) continue;       // set once the items are (below)
    if (xml.xsi_type()) {
      // The base's own content, unless it is abstract: then its first derived type.
      const bool abstract = descriptor->options().GetExtension(dragoman::xml_type).abstract();
      if (!abstract || message->GetReflection()->HasOneof(*message, field->containing_oneof())) {
        continue;
      }
    }
    const bool required = xml.min_occurs() > 0;
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
