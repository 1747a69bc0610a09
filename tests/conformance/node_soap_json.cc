#include "tests/conformance/node_soap_json.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "dragoman/options.pb.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xml_reader.h"

namespace dragoman::conformance {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::EnumValueDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::google::protobuf::Value;

constexpr std::string_view kAttributes = "attributes";
constexpr std::string_view kText = "$value";

const XmlField& XmlOf(const FieldDescriptor* field) {
  return field->options().GetExtension(dragoman::xml_field);
}

// The field carries its element's content as raw XML (xsd:anyType, mixed content). Read
// through reflection so the helpers build with and without that option.
bool IsRawContent(const FieldDescriptor* field) {
  static const FieldDescriptor* const raw = XmlField::descriptor()->FindFieldByName("raw_content");
  const XmlField& xml = XmlOf(field);
  return raw != nullptr && xml.GetReflection()->GetBool(xml, raw);
}

std::string EscapeText(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Raw XML content back to text when it is only character data (the predefined entities
// resolved); content with markup is returned as is.
std::string UnescapeText(std::string_view content) {
  if (content.find('<') != std::string_view::npos) return std::string(content);
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (size_t i = 0; i < content.size();) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (content.substr(i, entity.size()) == entity) {
        out.push_back(c);
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(content[i++]);
  }
  return out;
}

// What a field stands for in XML.
enum class Role {
  kElement,
  kHeader,
  kAttribute,
  kText,
  kNilMarker,
  kAny,
  kAnyAttribute,
  kDerivedType
};

Role RoleOf(const FieldDescriptor* field) {
  const XmlField& xml = XmlOf(field);
  if (!xml.nil_of().empty()) return Role::kNilMarker;
  if (xml.xsi_type()) return Role::kDerivedType;
  if (xml.any_attribute()) return Role::kAnyAttribute;
  if (xml.any()) return Role::kAny;
  if (xml.text()) return Role::kText;
  if (xml.attribute()) return Role::kAttribute;
  if (xml.header()) return Role::kHeader;
  return Role::kElement;
}

const FieldDescriptor* FindField(const Descriptor* type, Role role, std::string_view local) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (RoleOf(field) == role &&
        (role == Role::kText || role == Role::kAnyAttribute || XmlOf(field).name() == local)) {
      return field;
    }
  }
  return nullptr;
}

// The bool field recording that `field` is xsi:nil, or null.
const FieldDescriptor* NilMarkerOf(const FieldDescriptor* field) {
  const Descriptor* type = field->containing_type();
  for (int i = 0; i < type->field_count(); ++i) {
    if (XmlOf(type->field(i)).nil_of() == field->name()) return type->field(i);
  }
  return nullptr;
}

// Map keys in a stable order, so errors and differences are reproducible.
std::vector<std::string> SortedKeys(const google::protobuf::Struct& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.fields()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::string FormatDouble(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 1e18) {
    return StrCat(static_cast<int64_t>(value));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  return buffer;
}

// node-soap's attribute keys that are XML plumbing rather than data: namespace declarations
// and xsi:* (node-soap reports xsi:type as it found it, prefix and all).
bool IsPlumbingAttribute(std::string_view key) {
  return key == "xmlns" || absl::StartsWith(ToAbsl(key), "xmlns:") || key == "xsi_type" ||
         xml::Prefix(key) == "xsi";
}

// The same, plus SOAP-ENC:arrayType on a SOAP-encoded array.
bool IsPlumbingAttribute(std::string_view key, const Message& message) {
  if (IsPlumbingAttribute(key)) return true;
  const XmlType& type = message.GetDescriptor()->options().GetExtension(dragoman::xml_type);
  return !type.array_item_type().name().empty() && xml::LocalName(key) == "arrayType";
}

// ---- JSON -> message ----------------------------------------------------------------------

absl::Status JsonError(std::string_view path, std::string_view problem) {
  return absl::InvalidArgumentError(StrCat(path, ": ", problem));
}

// The lexical form node-soap would write for a JSON scalar.
absl::Status Lexical(const Value& json, std::string_view path, std::string* out) {
  switch (json.kind_case()) {
    case Value::kStringValue:
      *out = json.string_value();
      return absl::OkStatus();
    case Value::kNumberValue:
      *out = FormatDouble(json.number_value());
      return absl::OkStatus();
    case Value::kBoolValue:
      *out = json.bool_value() ? "true" : "false";
      return absl::OkStatus();
    default:
      return JsonError(path, StrCat("expected a scalar, got ", JsonText(json)));
  }
}

// Sets (or, for a repeated field, adds) a scalar field from a JSON scalar.
absl::Status SetScalar(const Value& json, const FieldDescriptor* field, Message* message,
                       std::string_view path) {
  const Reflection* reflection = message->GetReflection();
  const bool add = field->is_repeated();
  std::string text;
  if (absl::Status status = Lexical(json, path, &text); !status.ok()) return status;
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  const auto bad = [&]() {
    return JsonError(path, StrCat("\"", text, "\" is not a valid ", field->type_name(), " for ",
                                  field->full_name()));
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = IsRawContent(field) ? EscapeText(text) : text;
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        if (XmlOf(field).type() == XSD_HEX_BINARY) {
          value = absl::HexStringToBytes(trimmed);
        } else if (!absl::Base64Unescape(trimmed, &value)) {
          return bad();
        }
      }
      add ? reflection->AddString(message, field, value)
          : reflection->SetString(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value;
      if (!absl::SimpleAtoi(trimmed, &value)) return bad();
      add ? reflection->AddInt32(message, field, value)
          : reflection->SetInt32(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value;
      if (!absl::SimpleAtoi(trimmed, &value)) return bad();
      add ? reflection->AddInt64(message, field, value)
          : reflection->SetInt64(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t value;
      if (!absl::SimpleAtoi(trimmed, &value)) return bad();
      add ? reflection->AddUInt32(message, field, value)
          : reflection->SetUInt32(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t value;
      if (!absl::SimpleAtoi(trimmed, &value)) return bad();
      add ? reflection->AddUInt64(message, field, value)
          : reflection->SetUInt64(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double value;
      if (!absl::SimpleAtod(trimmed, &value)) return bad();
      add ? reflection->AddDouble(message, field, value)
          : reflection->SetDouble(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      float value;
      if (!absl::SimpleAtof(trimmed, &value)) return bad();
      add ? reflection->AddFloat(message, field, value)
          : reflection->SetFloat(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool value;
      if (trimmed == "true" || trimmed == "1") {
        value = true;
      } else if (trimmed == "false" || trimmed == "0") {
        value = false;
      } else {
        return bad();
      }
      add ? reflection->AddBool(message, field, value) : reflection->SetBool(message, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumDescriptor* type = field->enum_type();
      for (int i = 0; i < type->value_count(); ++i) {
        const EnumValueDescriptor* value = type->value(i);
        if (value->options().GetExtension(dragoman::xml_value).literal() == trimmed) {
          add ? reflection->AddEnum(message, field, value)
              : reflection->SetEnum(message, field, value);
          return absl::OkStatus();
        }
      }
      return bad();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return JsonError(path, StrCat("no scalar mapping for ", field->full_name()));
}

absl::Status FillMessage(const Value& json, Message* message, const std::string& path);

// One value (or one item of a repeated field) from JSON.
absl::Status FillOne(const Value& json, const FieldDescriptor* field, Message* message,
                     const std::string& path) {
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    const Reflection* reflection = message->GetReflection();
    Message* child = field->is_repeated() ? reflection->AddMessage(message, field)
                                          : reflection->MutableMessage(message, field);
    return FillMessage(json, child, path);
  }
  if (json.kind_case() == Value::kStructValue) {
    // {"$value": ...} with nothing else is the same as the bare value.
    const auto& fields = json.struct_value().fields();
    auto text = fields.find(std::string(kText));
    for (const std::string& key : SortedKeys(json.struct_value())) {
      if (key == kText) continue;
      if (IsRawContent(field)) {
        // xsd:anyType: the field holds the element's content only.
        return JsonError(
            StrCat(path, ".", key),
            StrCat("element ", XmlOf(field).name(),
                   " is carried as raw XML content, which cannot express ",
                   key == kAttributes ? "the element's own attributes " : "structured content ",
                   JsonText(fields.at(key))));
      }
      return JsonError(StrCat(path, ".", key),
                       StrCat("element ", XmlOf(field).name(), " has a simple type (",
                              field->type_name(), "), so it cannot carry '", key, "'"));
    }
    if (text == fields.end()) return JsonError(path, "an object without \"$value\"");
    return SetScalar(text->second, field, message, StrCat(path, ".", kText));
  }
  return SetScalar(json, field, message, path);
}

absl::Status FillField(const Value& json, const FieldDescriptor* field, Message* message,
                       const std::string& path) {
  const XmlField& xml = XmlOf(field);
  if (field->is_map()) return JsonError(path, StrCat("map field ", field->full_name()));
  if (field->is_repeated()) {
    if (json.kind_case() != Value::kListValue) return FillOne(json, field, message, path);
    int index = 0;
    for (const Value& item : json.list_value().values()) {
      const std::string item_path = StrCat(path, "[", index++, "]");
      if (item.kind_case() == Value::kNullValue) {
        const FieldDescriptor* marker = NilMarkerOf(field);
        if (marker == nullptr) {
          return JsonError(item_path, "a nil item of an element that is not nillable");
        }
        // A nil item: its position in the marker, a default value in its place.
        const Reflection* r = message->GetReflection();
        r->AddUInt32(message, marker, static_cast<uint32_t>(r->FieldSize(*message, field)));
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          r->AddMessage(message, field);
        } else {
          // protobuf's text form of the type's default value appends it.
          const char* zero = field->cpp_type() == FieldDescriptor::CPPTYPE_STRING ? "\"\""
                             : field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL ? "false"
                                                                                  : "0";
          google::protobuf::TextFormat::ParseFieldValueFromString(zero, field, message);
        }
        continue;
      }
      if (absl::Status status = FillOne(item, field, message, item_path); !status.ok()) {
        return status;
      }
    }
    return absl::OkStatus();
  }
  if (json.kind_case() == Value::kListValue) {
    return JsonError(path, StrCat("an array for ", xml.name(), ", which is not repeated"));
  }
  if (json.kind_case() == Value::kNullValue) {
    if (const FieldDescriptor* marker = NilMarkerOf(field); marker != nullptr) {
      message->GetReflection()->SetBool(message, marker, true);
      return absl::OkStatus();
    }
    if (xml.nillable()) {  // minOccurs 1: unset means nil
      message->GetReflection()->ClearField(message, field);
      return absl::OkStatus();
    }
    return JsonError(path, StrCat("null for element ", xml.name(), ", which is not nillable"));
  }
  return FillOne(json, field, message, path);
}

// The type node-soap's xsi_type attribute names ({"type": local, "xmlns": uri}, or "p:local",
// whose namespace node-soap does not report): *ns_known is false for the latter.
void XsiTypeOf(const Value& json, std::string* ns, std::string* local, bool* ns_known) {
  *ns_known = false;
  if (json.kind_case() == Value::kStructValue) {
    const auto& fields = json.struct_value().fields();
    if (auto it = fields.find("type"); it != fields.end()) *local = it->second.string_value();
    if (auto it = fields.find("xmlns"); it != fields.end()) {
      *ns = it->second.string_value();
      *ns_known = true;
    }
  } else {
    *local = std::string(xml::LocalName(json.string_value()));
  }
}

// The xsi:type an element's JSON names, if any: the "attributes" entry's xsi_type or xsi:type.
const Value* XsiTypeJson(const Value& element) {
  if (element.kind_case() != Value::kStructValue) return nullptr;
  auto attributes = element.struct_value().fields().find(std::string(kAttributes));
  if (attributes == element.struct_value().fields().end() ||
      attributes->second.kind_case() != Value::kStructValue) {
    return nullptr;
  }
  for (const char* key : {"xsi_type", "xsi:type"}) {
    auto it = attributes->second.struct_value().fields().find(key);
    if (it != attributes->second.struct_value().fields().end()) return &it->second;
  }
  return nullptr;
}

// Resolves an xsi:type against `type`: null when it names `type` itself; the xsi_type member
// for a derived type; an error for anything else.
absl::StatusOr<const FieldDescriptor*> DerivedMember(const Value& xsi_type, const Descriptor* type,
                                                     const std::string& path) {
  const XmlType& declared = type->options().GetExtension(dragoman::xml_type);
  std::string ns;
  std::string local;
  bool ns_known = false;
  XsiTypeOf(xsi_type, &ns, &local, &ns_known);
  if (local == declared.name() && (!ns_known || ns == declared.namespace_())) return nullptr;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (RoleOf(field) == Role::kDerivedType && XmlOf(field).name() == local &&
        (!ns_known || XmlOf(field).namespace_() == ns)) {
      return field;
    }
  }
  return JsonError(path, StrCat("xsi:type {", ns, "}", local, " is neither ", type->full_name(),
                                " nor a type derived from it"));
}

absl::Status FillAttributes(const Value& json, Message* message, const std::string& path) {
  if (json.kind_case() != Value::kStructValue) return JsonError(path, "expected an object");
  const Descriptor* type = message->GetDescriptor();
  const Reflection* reflection = message->GetReflection();
  for (const std::string& key : SortedKeys(json.struct_value())) {
    const Value& value = json.struct_value().fields().at(key);
    const std::string key_path = StrCat(path, ".", key);
    if (key == "xsi_type" || key == "xsi:type") continue;  // resolved by FillMessage
    if (key == "xmlns" || absl::StartsWith(key, "xmlns:")) continue;
    const std::string_view local = xml::LocalName(key);
    if (const FieldDescriptor* field = FindField(type, Role::kAttribute, local); field != nullptr) {
      if (absl::Status status = SetScalar(value, field, message, key_path); !status.ok()) {
        return status;
      }
      continue;
    }
    if (const FieldDescriptor* any = FindField(type, Role::kAnyAttribute, "");
        any != nullptr && xml::Prefix(key).empty()) {
      std::string text;
      if (absl::Status status = Lexical(value, key_path, &text); !status.ok()) return status;
      Message* entry = reflection->AddMessage(message, any);
      const Reflection* entry_reflection = entry->GetReflection();
      entry_reflection->SetString(entry, entry->GetDescriptor()->map_key(), std::string(local));
      entry_reflection->SetString(entry, entry->GetDescriptor()->map_value(), text);
      continue;
    }
    return JsonError(key_path,
                     StrCat("type ", type->full_name(), " declares no attribute '", local, "'"));
  }
  return absl::OkStatus();
}

absl::Status FillMessage(const Value& json, Message* message, const std::string& path) {
  const Descriptor* type = message->GetDescriptor();
  switch (json.kind_case()) {
    case Value::kStructValue:
      break;
    case Value::kStringValue:
    case Value::kNumberValue:
    case Value::kBoolValue: {
      const FieldDescriptor* text = FindField(type, Role::kText, "");
      if (text == nullptr) {
        return JsonError(
            path, StrCat("a scalar for type ", type->full_name(), ", which has no simple content"));
      }
      return SetScalar(json, text, message, path);
    }
    default:
      return JsonError(path, StrCat("cannot map ", JsonText(json), " onto ", type->full_name()));
  }
  if (const Value* xsi_type = XsiTypeJson(json)) {
    // A derived type in the declared one's place: its member holds the whole content.
    absl::StatusOr<const FieldDescriptor*> member =
        DerivedMember(*xsi_type, type, StrCat(path, ".attributes.xsi_type"));
    if (!member.ok()) return member.status();
    if (*member != nullptr) {
      return FillMessage(json, message->GetReflection()->MutableMessage(message, *member), path);
    }
  }
  for (const std::string& key : SortedKeys(json.struct_value())) {
    const Value& value = json.struct_value().fields().at(key);
    const std::string key_path = StrCat(path, ".", key);
    if (key == kAttributes) {
      if (absl::Status status = FillAttributes(value, message, key_path); !status.ok()) {
        return status;
      }
      continue;
    }
    if (key == kText) {
      const FieldDescriptor* text = FindField(type, Role::kText, "");
      if (text == nullptr) {
        return JsonError(key_path, StrCat("type ", type->full_name(), " has no simple content"));
      }
      if (absl::Status status = SetScalar(value, text, message, key_path); !status.ok()) {
        return status;
      }
      continue;
    }
    if (absl::StartsWith(key, "$")) {
      return JsonError(key_path, "node-soap's raw-XML keys cannot be expressed");
    }
    const FieldDescriptor* field = FindField(type, Role::kElement, xml::LocalName(key));
    if (field == nullptr) {
      return JsonError(key_path, StrCat("type ", type->full_name(), " has no element '",
                                        xml::LocalName(key), "'"));
    }
    if (absl::Status status = FillField(value, field, message, key_path); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

// ---- message vs JSON ----------------------------------------------------------------------

// The lexical form of one scalar value of a decoded message.
std::string FormatScalar(const Message& message, const FieldDescriptor* field, int index) {
  const Reflection* r = message.GetReflection();
  const bool rep = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      const std::string value =
          rep ? r->GetRepeatedString(message, field, index) : r->GetString(message, field);
      if (IsRawContent(field)) return UnescapeText(value);
      if (field->type() != FieldDescriptor::TYPE_BYTES) return value;
      return XmlOf(field).type() == XSD_HEX_BINARY
                 ? absl::AsciiStrToUpper(absl::BytesToHexString(value))
                 : absl::Base64Escape(value);
    }
    case FieldDescriptor::CPPTYPE_INT32:
      return StrCat(rep ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
      return StrCat(rep ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return StrCat(rep ? r->GetRepeatedUInt32(message, field, index)
                        : r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return StrCat(rep ? r->GetRepeatedUInt64(message, field, index)
                        : r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return FormatDouble(rep ? r->GetRepeatedDouble(message, field, index)
                              : r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return FormatDouble(rep ? r->GetRepeatedFloat(message, field, index)
                              : r->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumValueDescriptor* value =
          rep ? r->GetRepeatedEnum(message, field, index) : r->GetEnum(message, field);
      return value->options().GetExtension(dragoman::xml_value).literal();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

bool SameNumber(std::string_view a, std::string_view b) {
  double x;
  double y;
  return absl::SimpleAtod(ToAbsl(a), &x) && absl::SimpleAtod(ToAbsl(b), &y) && x == y;
}

std::string CompareScalar(std::string_view decoded, const Value& json, std::string_view path) {
  const std::string_view got = ToStd(absl::StripAsciiWhitespace(ToAbsl(decoded)));
  const auto differ = [&]() {
    return StrCat(path, ": decoded \"", got, "\", response.json has ", JsonText(json));
  };
  switch (json.kind_case()) {
    case Value::kStringValue: {
      const std::string_view want = ToStd(absl::StripAsciiWhitespace(ToAbsl(json.string_value())));
      return want == got || SameNumber(want, got) ? "" : differ();
    }
    case Value::kNumberValue: {
      double value;
      return absl::SimpleAtod(ToAbsl(got), &value) && value == json.number_value() ? "" : differ();
    }
    case Value::kBoolValue:
      return (json.bool_value() ? (got == "true" || got == "1") : (got == "false" || got == "0"))
                 ? ""
                 : differ();
    case Value::kNullValue:
      return got.empty() ? "" : differ();
    case Value::kStructValue: {
      // {"$value": ...}, with at most plumbing attributes (xsi:type), is the bare value.
      const auto& fields = json.struct_value().fields();
      auto text = fields.find(std::string(kText));
      for (const auto& [key, value] : fields) {
        if (key == kText) continue;
        if (key != kAttributes || value.kind_case() != Value::kStructValue) return differ();
        for (const auto& [name, attribute] : value.struct_value().fields()) {
          if (!IsPlumbingAttribute(name)) return differ();
        }
      }
      if (text == fields.end()) return differ();
      return CompareScalar(decoded, text->second, StrCat(path, ".", kText));
    }
    default:
      return differ();
  }
}

bool IsEmpty(const Message& message) {
  std::vector<const FieldDescriptor*> set;
  message.GetReflection()->ListFields(message, &set);
  return set.empty();
}

std::string CompareMessage(const Message& message, const Value& json, const std::string& path);

// One value (or one item) of a field against JSON.
std::string CompareOne(const Message& message, const FieldDescriptor* field, int index,
                       const Value& json, const std::string& path) {
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    const Reflection* r = message.GetReflection();
    const Message& child = field->is_repeated() ? r->GetRepeatedMessage(message, field, index)
                                                : r->GetMessage(message, field);
    return CompareMessage(child, json, path);
  }
  return CompareScalar(FormatScalar(message, field, index), json, path);
}

// True if the element a field stands for is in the decoded message (as a value or as nil).
bool Present(const Message& message, const FieldDescriptor* field) {
  const Reflection* r = message.GetReflection();
  if (field->is_repeated()) return r->FieldSize(message, field) > 0;
  if (const FieldDescriptor* marker = NilMarkerOf(field); marker != nullptr) {
    return r->HasField(message, marker) || r->HasField(message, field);
  }
  if (!field->has_presence()) return true;
  return r->HasField(message, field) || XmlOf(field).nillable();
}

std::string CompareField(const Message& message, const FieldDescriptor* field, const Value& json,
                         const std::string& path) {
  const Reflection* r = message.GetReflection();
  if (field->is_repeated()) {
    const int size = r->FieldSize(message, field);
    if (json.kind_case() != Value::kListValue) {
      if (size != 1) {
        return StrCat(path, ": decoded ", size, " items, response.json has one: ", JsonText(json));
      }
      return CompareOne(message, field, 0, json, path);
    }
    const auto& items = json.list_value().values();
    if (items.size() != size) {
      return StrCat(path, ": decoded ", size, " items, response.json has ", items.size());
    }
    const FieldDescriptor* marker = NilMarkerOf(field);
    for (int i = 0; i < size; ++i) {
      bool nil = false;
      for (int j = 0; marker != nullptr && j < r->FieldSize(message, marker); ++j) {
        nil |= r->GetRepeatedUInt32(message, marker, j) == static_cast<uint32_t>(i);
      }
      if (nil || items[i].kind_case() == Value::kNullValue) {
        if (nil && items[i].kind_case() == Value::kNullValue) continue;
        return StrCat(path, "[", i, "]: decoded ", nil ? "xsi:nil" : "a value",
                      ", response.json has ", JsonText(items[i]));
      }
      std::string difference = CompareOne(message, field, i, items[i], StrCat(path, "[", i, "]"));
      if (!difference.empty()) return difference;
    }
    return "";
  }
  const FieldDescriptor* marker = NilMarkerOf(field);
  const bool nil = (marker != nullptr && r->GetBool(message, marker)) ||
                   (XmlOf(field).nillable() && field->has_presence() && marker == nullptr &&
                    !r->HasField(message, field));
  if (nil) {
    return json.kind_case() == Value::kNullValue
               ? ""
               : StrCat(path, ": decoded xsi:nil, response.json has ", JsonText(json));
  }
  if (field->has_presence() && !r->HasField(message, field)) {
    return StrCat(path, ": not decoded, response.json has ", JsonText(json));
  }
  return CompareOne(message, field, -1, json, path);
}

std::string CompareAttributes(const Message& message, const Value& json, const std::string& path) {
  const Descriptor* type = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  std::vector<std::string> seen;
  if (json.kind_case() == Value::kStructValue) {
    for (const std::string& key : SortedKeys(json.struct_value())) {
      if (IsPlumbingAttribute(key, message)) continue;
      const Value& value = json.struct_value().fields().at(key);
      const std::string key_path = StrCat(path, ".attributes.", key);
      const std::string local(xml::LocalName(key));
      seen.push_back(local);
      if (const FieldDescriptor* field = FindField(type, Role::kAttribute, local);
          field != nullptr) {
        if (field->has_presence() && !r->HasField(message, field)) {
          return StrCat(key_path, ": not decoded, response.json has ", JsonText(value));
        }
        std::string difference = CompareScalar(FormatScalar(message, field, -1), value, key_path);
        if (!difference.empty()) return difference;
        continue;
      }
      bool found = false;
      if (const FieldDescriptor* any = FindField(type, Role::kAnyAttribute, ""); any != nullptr) {
        for (int i = 0; i < r->FieldSize(message, any) && !found; ++i) {
          const Message& entry = r->GetRepeatedMessage(message, any, i);
          const Reflection* er = entry.GetReflection();
          std::string name = er->GetString(entry, entry.GetDescriptor()->map_key());
          if (const size_t brace = name.rfind('}'); brace != std::string::npos) {
            name = name.substr(brace + 1);
          }
          if (name != local) continue;
          found = true;
          std::string difference = CompareScalar(
              er->GetString(entry, entry.GetDescriptor()->map_value()), value, key_path);
          if (!difference.empty()) return difference;
        }
      }
      if (!found) {
        return StrCat(key_path, ": response.json has it, ", type->full_name(),
                      " declares no such attribute");
      }
    }
  }
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (RoleOf(field) != Role::kAttribute) continue;
    if (field->has_presence() && !r->HasField(message, field)) continue;
    const std::string& local = XmlOf(field).name();
    if (std::find(seen.begin(), seen.end(), local) == seen.end()) {
      return StrCat(path, ".attributes.", local, ": decoded \"", FormatScalar(message, field, -1),
                    "\", not in response.json");
    }
  }
  return "";
}

std::string CompareMessage(const Message& message, const Value& json, const std::string& path) {
  const Descriptor* type = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    // A value of a derived type is compared as that type.
    const FieldDescriptor* field = type->field(i);
    if (RoleOf(field) == Role::kDerivedType && r->HasField(message, field)) {
      return CompareMessage(r->GetMessage(message, field), json, path);
    }
  }
  if (const Value* xsi_type = XsiTypeJson(json)) {
    absl::StatusOr<const FieldDescriptor*> member = DerivedMember(*xsi_type, type, path);
    if (!member.ok() || *member != nullptr) {
      return StrCat(path, ": response.json has xsi:type ", JsonText(*xsi_type), ", decoded as ",
                    type->full_name());
    }
  }
  const FieldDescriptor* text = FindField(type, Role::kText, "");
  switch (json.kind_case()) {
    case Value::kStructValue:
      break;
    case Value::kNullValue:
      return IsEmpty(message) ? ""
                              : StrCat(path, ": decoded ", message.ShortDebugString(),
                                       ", response.json has null");
    default: {
      // A bare value stands for an element with only text.
      if (text == nullptr) {
        return StrCat(path, ": response.json has ", JsonText(json), " but ", type->full_name(),
                      " has no simple content");
      }
      std::vector<const FieldDescriptor*> set;
      r->ListFields(message, &set);
      for (const FieldDescriptor* field : set) {
        if (field != text) {
          return StrCat(path, ": response.json has only text, decoded ", field->name(),
                        " too: ", message.ShortDebugString());
        }
      }
      return CompareScalar(FormatScalar(message, text, -1), json, path);
    }
  }
  const auto& fields = json.struct_value().fields();
  std::vector<std::string> seen;
  for (const std::string& key : SortedKeys(json.struct_value())) {
    const Value& value = fields.at(key);
    const std::string key_path = StrCat(path, ".", key);
    if (key == kAttributes) continue;
    if (key == kText) {
      if (text == nullptr) return StrCat(key_path, ": ", type->full_name(), " has no text");
      std::string difference = CompareScalar(FormatScalar(message, text, -1), value, key_path);
      if (!difference.empty()) return difference;
      continue;
    }
    const std::string local(xml::LocalName(key));
    seen.push_back(local);
    const FieldDescriptor* field = FindField(type, Role::kElement, local);
    if (field == nullptr) {
      return StrCat(key_path, ": response.json has it, ", type->full_name(),
                    " has no such element");
    }
    std::string difference = CompareField(message, field, value, key_path);
    if (!difference.empty()) return difference;
  }
  auto attributes = fields.find(std::string(kAttributes));
  std::string difference =
      CompareAttributes(message, attributes == fields.end() ? Value() : attributes->second, path);
  if (!difference.empty()) return difference;
  if (text != nullptr && fields.find(std::string(kText)) == fields.end() &&
      !absl::StripAsciiWhitespace(FormatScalar(message, text, -1)).empty()) {
    return StrCat(path, ": decoded text \"", FormatScalar(message, text, -1),
                  "\", not in response.json");
  }
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const Role role = RoleOf(field);
    if (role == Role::kAny && r->FieldSize(message, field) > 0) {
      return StrCat(path, ": decoded xsd:any content, not compared: ", message.ShortDebugString());
    }
    if (role != Role::kElement || !Present(message, field)) continue;
    const std::string& local = XmlOf(field).name();
    if (std::find(seen.begin(), seen.end(), local) == seen.end()) {
      return StrCat(path, ".", local, ": decoded, not in response.json");
    }
  }
  return "";
}

}  // namespace

absl::Status ParseJson(std::string_view text, Value* value) {
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), value);
  if (!status.ok()) {
    return absl::InvalidArgumentError(StrCat("invalid JSON: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

std::string JsonText(const Value& value) {
  // Written here rather than with MessageToJsonString: object keys come out sorted, where
  // protobuf's map order varies from run to run, and the text lands in known-failure reasons.
  switch (value.kind_case()) {
    case Value::kNullValue:
      return "null";
    case Value::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case Value::kNumberValue:
      return FormatDouble(value.number_value());
    case Value::kStringValue:
      return StrCat("\"", absl::CEscape(value.string_value()), "\"");
    case Value::kListValue: {
      std::string out = "[";
      for (const Value& item : value.list_value().values()) {
        StrAppend(&out, out.size() > 1 ? "," : "", JsonText(item));
      }
      return out + "]";
    }
    case Value::kStructValue: {
      std::string out = "{";
      for (const std::string& key : SortedKeys(value.struct_value())) {
        StrAppend(&out, out.size() > 1 ? "," : "", "\"", absl::CEscape(key),
                  "\":", JsonText(value.struct_value().fields().at(key)));
      }
      return out + "}";
    }
    default:
      return "(no value)";
  }
}

absl::Status FillFromJson(const Value& json, Message* message) {
  return FillMessage(json, message, "$");
}

std::string CompareWithJson(const Message& message, const Value& json, std::string_view path) {
  return CompareMessage(message, json, std::string(path));
}

const FieldDescriptor* FindBodyElementField(const Descriptor* type, std::string_view ns,
                                            std::string_view local) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (RoleOf(field) == Role::kElement && XmlOf(field).name() == local &&
        XmlOf(field).namespace_() == ns) {
      return field;
    }
  }
  return nullptr;
}

}  // namespace dragoman::conformance
