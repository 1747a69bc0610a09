#include "translators/runtime/header_metadata.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "dragoman/options.pb.h"
#include "translators/runtime/strings.h"
#include "translators/runtime/xsd_value.h"

namespace dragoman {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsBinaryKey(std::string_view key) { return absl::EndsWith(ToAbsl(key), "-bin"); }

// Checks `key` against gRPC's rules for custom metadata keys and the field's type.
absl::Status CheckKey(const FieldDescriptor* field, std::string_view key) {
  auto fail = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        StrCat("header field '", field->full_name(), "': metadata key '", key, "' ", why));
  };
  for (char c : key) {
    const bool allowed =
        absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' || c == '_' || c == '.';
    if (!allowed) return fail("may hold only lowercase letters, digits, '-', '_' and '.'");
  }
  if (absl::StartsWith(ToAbsl(key), "grpc-")) return fail("is reserved by gRPC");
  if (field->is_repeated()) return fail("cannot carry a repeated field");
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsBinaryKey(key)) {
    return fail("must end in \"-bin\": the header is a message, sent serialized");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<const FieldDescriptor*, std::string>>> MappedFields(
    const Descriptor* type) {
  std::vector<std::pair<const FieldDescriptor*, std::string>> mapped;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const XmlField& xml = field->options().GetExtension(dragoman::xml_field);
    if (xml.metadata().empty()) continue;
    if (!xml.header()) {
      return absl::InvalidArgumentError(
          StrCat("field '", field->full_name(),
                 "': (dragoman.xml_field).metadata applies to soap:Header fields only"));
    }
    if (absl::Status status = CheckKey(field, xml.metadata()); !status.ok()) return status;
    mapped.emplace_back(field, xml.metadata());
  }
  return mapped;
}

// The enum value a metadata value names: the schema's literal, or the proto name.
const google::protobuf::EnumValueDescriptor* EnumValueFor(const FieldDescriptor* field,
                                                          std::string_view text) {
  const google::protobuf::EnumDescriptor* e = field->enum_type();
  for (int i = 0; i < e->value_count(); ++i) {
    if (e->value(i)->options().GetExtension(dragoman::xml_value).literal() == text) {
      return e->value(i);
    }
  }
  return e->FindValueByName(std::string(text));
}

// Sets scalar or message `field` of `message` from a metadata value.
absl::Status SetFromMetadata(const FieldDescriptor* field, std::string_view key,
                             std::string_view value, Message* message) {
  const Reflection* r = message->GetReflection();
  bool ok = true;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(message, field, std::string(value));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      ok = r->MutableMessage(message, field)->ParseFromString(std::string(value));
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumValueDescriptor* found =
          EnumValueFor(field, xsd::TrimWhitespace(value));
      ok = found != nullptr;
      if (ok) r->SetEnum(message, field, found);
      break;
    }
    default:
      // Numbers and booleans: protobuf's own text form ("42", "1.5", "true").
      ok = google::protobuf::TextFormat::ParseFieldValueFromString(
          std::string(xsd::TrimWhitespace(value)), field, message);
      break;
  }
  if (ok) return absl::OkStatus();
  // The value is not echoed: headers often carry credentials.
  return absl::InvalidArgumentError(
      StrCat("metadata '", key, "' is not a valid value for header '", field->name(), "'"));
}

// The metadata value of a set scalar or message field.
absl::StatusOr<std::string> MetadataValue(const FieldDescriptor* field, std::string_view key,
                                          const Message& message) {
  const Reflection* r = message.GetReflection();
  std::string value;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      value = r->GetString(message, field);
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      value = r->GetMessage(message, field).SerializeAsString();
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumValueDescriptor* e = r->GetEnum(message, field);
      value = e->options().GetExtension(dragoman::xml_value).literal();
      if (value.empty()) value = e->name();
      break;
    }
    default:
      google::protobuf::TextFormat::PrintFieldValueToString(message, field, -1, &value);
      break;
  }
  if (!IsBinaryKey(key)) {
    // Text metadata carries printable ASCII only.
    for (unsigned char c : value) {
      if (c < 0x20 || c > 0x7e) {
        return absl::InternalError(StrCat("reply header '", field->name(),
                                          "' holds text that metadata '", key,
                                          "' cannot carry; map it to a \"-bin\" key"));
      }
    }
  }
  return value;
}

const Message* PrototypeOf(const Descriptor* type) {
  return google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
}

}  // namespace

absl::StatusOr<HeaderMetadata> HeaderMetadata::ForMethod(
    const google::protobuf::MethodDescriptor* method) {
  HeaderMetadata mapping;
  for (auto [type, out, prototype] :
       {std::tuple{method->input_type(), &mapping.request_, &mapping.request_prototype_},
        std::tuple{method->output_type(), &mapping.reply_, &mapping.reply_prototype_}}) {
    auto mapped = MappedFields(type);
    if (!mapped.ok()) return mapped.status();
    for (auto& [field, key] : *mapped) out->push_back({field, std::move(key)});
    if (!out->empty()) *prototype = PrototypeOf(type);
  }
  return mapping;
}

absl::Status HeaderMetadata::ApplyToRequest(Lookup lookup, std::string* request_bytes) const {
  if (request_.empty()) return absl::OkStatus();
  google::protobuf::Arena arena;
  Message* request = request_prototype_->New(&arena);
  if (!request->ParseFromString(*request_bytes)) {
    return absl::InvalidArgumentError(
        StrCat("request is not a valid ", request_prototype_->GetDescriptor()->full_name()));
  }
  bool changed = false;
  for (const Mapped& mapped : request_) {
    const std::optional<std::string_view> value = lookup(mapped.key);
    if (!value.has_value()) continue;
    if (absl::Status status = SetFromMetadata(mapped.field, mapped.key, *value, request);
        !status.ok()) {
      return status;
    }
    changed = true;
  }
  if (changed) *request_bytes = request->SerializeAsString();
  return absl::OkStatus();
}

absl::Status HeaderMetadata::MoveFromReply(std::string* reply_bytes, Pairs* out) const {
  if (reply_.empty()) return absl::OkStatus();
  google::protobuf::Arena arena;
  Message* reply = reply_prototype_->New(&arena);
  if (!reply->ParseFromString(*reply_bytes)) {
    return absl::InternalError(
        StrCat("decoded reply is not a valid ", reply_prototype_->GetDescriptor()->full_name()));
  }
  const Reflection* r = reply->GetReflection();
  bool changed = false;
  for (const Mapped& mapped : reply_) {
    if (!r->HasField(*reply, mapped.field)) continue;
    absl::StatusOr<std::string> value = MetadataValue(mapped.field, mapped.key, *reply);
    if (!value.ok()) return value.status();
    out->emplace_back(mapped.key, *std::move(value));
    r->ClearField(reply, mapped.field);
    changed = true;
  }
  if (changed) *reply_bytes = reply->SerializeAsString();
  return absl::OkStatus();
}

}  // namespace dragoman
