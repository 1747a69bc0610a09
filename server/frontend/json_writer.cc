#include "server/frontend/json_writer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "translators/runtime/json_string.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Nesting deeper than this is refused rather than recursed into.
constexpr int kMaxDepth = 100;

void AppendDouble(double value, std::string* out) {
  if (std::isnan(value)) {
    out->append("\"NaN\"");
  } else if (std::isinf(value)) {
    out->append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    char text[32];
    for (int precision = 15; precision <= 17; ++precision) {
      std::snprintf(text, sizeof(text), "%.*g", precision, value);
      if (std::strtod(text, nullptr) == value) break;
    }
    out->append(text);
  }
}

void AppendFloat(float value, std::string* out) {
  if (std::isnan(value) || std::isinf(value)) {
    AppendDouble(value, out);
    return;
  }
  char text[32];
  for (int precision = 6; precision <= 9; ++precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, static_cast<double>(value));
    if (std::strtof(text, nullptr) == value) break;
  }
  out->append(text);
}

class Writer {
 public:
  Writer(bool emit_defaults, bool proto_field_names, std::string* out)
      : emit_defaults_(emit_defaults), proto_field_names_(proto_field_names), out_(*out) {}

  absl::Status Object(const Message& message, int depth) {
    if (depth > kMaxDepth) return absl::InvalidArgumentError("message nested too deeply");
    const auto* descriptor = message.GetDescriptor();
    if (descriptor->file()->name().starts_with("google/protobuf/")) {
      // Well-known types have JSON forms of their own (Timestamp, Duration, Struct, ...).
      google::protobuf::util::JsonPrintOptions options;
      options.always_print_primitive_fields = emit_defaults_;
      options.preserve_proto_field_names = proto_field_names_;
      std::string text;
      const auto status = google::protobuf::util::MessageToJsonString(message, &text, options);
      if (!status.ok()) return absl::InternalError(status.message().as_string());
      out_.append(text);
      return absl::OkStatus();
    }
    const Reflection* reflection = message.GetReflection();
    out_.push_back('{');
    bool first = true;
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      if (!Present(message, *reflection, field)) continue;
      if (!first) out_.push_back(',');
      first = false;
      AppendJsonString(proto_field_names_ ? field->name() : field->json_name(), &out_);
      out_.push_back(':');
      absl::Status status;
      if (field->is_map()) {
        status = Map(message, field, depth);
      } else if (field->is_repeated()) {
        out_.push_back('[');
        const int size = reflection->FieldSize(message, field);
        for (int j = 0; j < size && status.ok(); ++j) {
          if (j > 0) out_.push_back(',');
          status = Value(message, *reflection, field, j, depth);
        }
        out_.push_back(']');
      } else {
        status = Value(message, *reflection, field, -1, depth);
      }
      if (!status.ok()) return status;
    }
    out_.push_back('}');
    return absl::OkStatus();
  }

 private:
  // `reflection` is the message's, passed along: looking it up costs a call per field.
  bool Present(const Message& message, const Reflection& reflection,
               const FieldDescriptor* field) const {
    if (field->is_repeated()) {
      return emit_defaults_ || reflection.FieldSize(message, field) > 0;
    }
    if (field->has_presence()) return reflection.HasField(message, field);
    return emit_defaults_ || reflection.HasField(message, field);
  }

  absl::Status Map(const Message& message, const FieldDescriptor* field, int depth) {
    const Reflection* reflection = message.GetReflection();
    const FieldDescriptor* key = field->message_type()->map_key();
    const FieldDescriptor* value = field->message_type()->map_value();
    out_.push_back('{');
    const int size = reflection->FieldSize(message, field);
    for (int j = 0; j < size; ++j) {
      if (j > 0) out_.push_back(',');
      const Message& entry = reflection->GetRepeatedMessage(message, field, j);
      // Keys are always strings in JSON.
      std::string key_text;
      Writer key_writer(false, proto_field_names_, &key_text);
      const Reflection& entry_reflection = *entry.GetReflection();
      if (absl::Status status = key_writer.Value(entry, entry_reflection, key, -1, depth);
          !status.ok()) {
        return status;
      }
      if (key_text.front() != '"') key_text = StrCat("\"", key_text, "\"");
      out_.append(key_text);
      out_.push_back(':');
      if (absl::Status status = Value(entry, entry_reflection, value, -1, depth); !status.ok()) {
        return status;
      }
    }
    out_.push_back('}');
    return absl::OkStatus();
  }

  // One value of `field`: element `index` when repeated, else the singular value.
  absl::Status Value(const Message& message, const Reflection& reflection,
                     const FieldDescriptor* field, int index, int depth) {
    const bool repeated = index >= 0;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        StrAppend(&out_, repeated ? reflection.GetRepeatedInt32(message, field, index)
                                  : reflection.GetInt32(message, field));
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_UINT32:
        StrAppend(&out_, repeated ? reflection.GetRepeatedUInt32(message, field, index)
                                  : reflection.GetUInt32(message, field));
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_INT64:
        StrAppend(&out_, "\"",
                  repeated ? reflection.GetRepeatedInt64(message, field, index)
                           : reflection.GetInt64(message, field),
                  "\"");
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_UINT64:
        StrAppend(&out_, "\"",
                  repeated ? reflection.GetRepeatedUInt64(message, field, index)
                           : reflection.GetUInt64(message, field),
                  "\"");
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_DOUBLE:
        AppendDouble(repeated ? reflection.GetRepeatedDouble(message, field, index)
                              : reflection.GetDouble(message, field),
                     &out_);
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_FLOAT:
        AppendFloat(repeated ? reflection.GetRepeatedFloat(message, field, index)
                             : reflection.GetFloat(message, field),
                    &out_);
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_BOOL:
        out_.append((repeated ? reflection.GetRepeatedBool(message, field, index)
                              : reflection.GetBool(message, field))
                        ? "true"
                        : "false");
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int number = repeated ? reflection.GetRepeatedEnumValue(message, field, index)
                                    : reflection.GetEnumValue(message, field);
        const auto* value = field->enum_type()->FindValueByNumber(number);
        if (field->enum_type()->full_name() == "google.protobuf.NullValue") {
          out_.append("null");
        } else if (value != nullptr) {
          AppendJsonString(value->name(), &out_);
        } else {
          StrAppend(&out_, number);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& text =
            repeated ? reflection.GetRepeatedStringReference(message, field, index, &scratch)
                     : reflection.GetStringReference(message, field, &scratch);
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          std::string encoded;
          absl::Base64Escape(text, &encoded);
          AppendJsonString(encoded, &out_);
        } else {
          AppendJsonString(text, &out_);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Object(repeated ? reflection.GetRepeatedMessage(message, field, index)
                               : reflection.GetMessage(message, field),
                      depth + 1);
    }
    return absl::InternalError("unknown field type");
  }

  bool emit_defaults_;
  bool proto_field_names_;
  std::string& out_;
};

}  // namespace

absl::Status WriteJson(const google::protobuf::Message& message, bool emit_defaults,
                       bool proto_field_names, std::string* out) {
  Writer writer(emit_defaults, proto_field_names, out);
  return writer.Object(message, 0);
}

}  // namespace dragoman
