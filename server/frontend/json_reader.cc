#include "server/frontend/json_reader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "translators/runtime/json_scanner.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 100;

// Returns from the enclosing function when `expr` fails.
#define DRAGOMAN_JSON_TRY(expr)        \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (false)

bool IsWellKnown(const google::protobuf::Descriptor* type) {
  return type->file()->name().starts_with("google/protobuf/");
}

class Parser {
 public:
  Parser(std::string_view text, bool ignore_unknown)
      : scan_(text), ignore_unknown_(ignore_unknown) {}

  absl::Status Top(Message* message) {
    DRAGOMAN_JSON_TRY(Object(message, 0));
    if (!scan_.AtEnd()) return Error("text after the object");
    return absl::OkStatus();
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(StrCat(path_.empty() ? "" : StrCat("field '", path_, "': "),
                                             what, " (at offset ", scan_.offset(), ")"));
  }

  // A string literal, its error placed at the field and offset.
  absl::Status String(std::string* out) {
    absl::Status read = scan_.String(out);
    return read.ok() ? read : Error(ToStd(read.message()));
  }

  // The text of a number literal.
  absl::Status NumberText(std::string* out) {
    const std::string_view number = scan_.NumberText();
    if (number.empty()) return Error("expected a number");
    out->assign(number.data(), number.size());
    return absl::OkStatus();
  }

  absl::Status SkipValue(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    const char c = scan_.Peek();
    std::string scratch;
    if (c == '"') return String(&scratch);
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      scan_.Consume(c);
      if (scan_.Consume(close)) return absl::OkStatus();
      do {
        if (c == '{') {
          DRAGOMAN_JSON_TRY(String(&scratch));
          if (!scan_.Consume(':')) return Error("':' is missing");
        }
        DRAGOMAN_JSON_TRY(SkipValue(depth + 1));
      } while (scan_.Consume(','));
      if (!scan_.Consume(close)) return Error(StrCat("'", std::string(1, close), "' is missing"));
      return absl::OkStatus();
    }
    if (scan_.ConsumeWord("true") || scan_.ConsumeWord("false") || scan_.ConsumeWord("null")) {
      return absl::OkStatus();
    }
    return NumberText(&scratch);
  }

  absl::Status Object(Message* message, int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    if (!scan_.Consume('{'))
      return Error(StrCat("expected an object for ", message->GetTypeName()));
    if (scan_.Consume('}')) return absl::OkStatus();
    const auto* descriptor = message->GetDescriptor();
    // Generated messages look their reflection up through a once-guard; once per object will do.
    const Reflection* reflection = message->GetReflection();
    std::string key;
    do {
      // JsonUtil accepts a trailing comma; so does this reader.
      if (scan_.Peek() == '}') break;
      DRAGOMAN_JSON_TRY(String(&key));
      if (!scan_.Consume(':')) return Error("':' is missing");
      const FieldDescriptor* field = FindField(descriptor, key);
      if (field == nullptr) {
        if (!ignore_unknown_) {
          return absl::InvalidArgumentError(StrCat(key, ": Cannot find field."));
        }
        DRAGOMAN_JSON_TRY(SkipValue(depth + 1));
        continue;
      }
      const size_t saved = path_.size();
      if (!path_.empty()) path_.push_back('.');
      path_ += key;
      DRAGOMAN_JSON_TRY(Field(message, reflection, field, depth));
      path_.resize(saved);
    } while (scan_.Consume(','));
    if (!scan_.Consume('}')) return Error("'}' or ',' is missing");
    return absl::OkStatus();
  }

  // The field a JSON key names: its JSON name (lowerCamelCase unless the .proto sets
  // json_name, the common spelling, found by hash) or its .proto name.
  static const FieldDescriptor* FindField(const google::protobuf::Descriptor* descriptor,
                                          const std::string& key) {
    const FieldDescriptor* field = descriptor->FindFieldByCamelcaseName(key);
    if (field != nullptr && field->json_name() == key) return field;
    field = descriptor->FindFieldByName(key);
    if (field != nullptr) return field;
    // A json_name set in the .proto that differs from the camel-case name.
    for (int i = 0; i < descriptor->field_count(); ++i) {
      if (descriptor->field(i)->json_name() == key) return descriptor->field(i);
    }
    return nullptr;
  }

  absl::Status Field(Message* message, const Reflection* reflection, const FieldDescriptor* field,
                     int depth) {
    const bool value_type = field->message_type() != nullptr &&
                            field->message_type()->full_name() == "google.protobuf.Value";
    if (!value_type && scan_.ConsumeWord("null")) return absl::OkStatus();  // null is the default
    if (const auto* oneof = field->real_containing_oneof();
        oneof != nullptr && reflection->HasOneof(*message, oneof)) {
      return Error(StrCat("another member of oneof '", oneof->name(), "' is already set"));
    }
    if (field->is_map()) {
      if (!scan_.Consume('{')) return Error("expected an object for a map");
      if (scan_.Consume('}')) return absl::OkStatus();
      std::string key;
      do {
        DRAGOMAN_JSON_TRY(String(&key));
        if (!scan_.Consume(':')) return Error("':' is missing");
        Message* entry = reflection->AddMessage(message, field);
        const Reflection* entry_reflection = entry->GetReflection();
        const FieldDescriptor* key_field = entry->GetDescriptor()->map_key();
        DRAGOMAN_JSON_TRY(Scalar(entry, entry_reflection, key_field, key, /*from_key=*/true));
        DRAGOMAN_JSON_TRY(
            Value(entry, entry_reflection, entry->GetDescriptor()->map_value(), depth));
      } while (scan_.Consume(','));
      if (!scan_.Consume('}')) return Error("'}' or ',' is missing");
      return absl::OkStatus();
    }
    if (field->is_repeated()) {
      // JsonUtil takes a lone value for a repeated field as a list of one; so does this reader.
      if (!scan_.Consume('[')) return Value(message, reflection, field, depth);
      if (scan_.Consume(']')) return absl::OkStatus();
      do {
        if (scan_.Peek() == ']') break;
        DRAGOMAN_JSON_TRY(Value(message, reflection, field, depth));
      } while (scan_.Consume(','));
      if (!scan_.Consume(']')) return Error("']' or ',' is missing");
      return absl::OkStatus();
    }
    return Value(message, reflection, field, depth);
  }

  // One value of `field` into `message` (appended when repeated).
  absl::Status Value(Message* message, const Reflection* reflection, const FieldDescriptor* field,
                     int depth) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* sub = field->is_repeated() ? reflection->AddMessage(message, field)
                                          : reflection->MutableMessage(message, field);
      if (!IsWellKnown(field->message_type())) return Object(sub, depth + 1);
      scan_.Peek();  // past the whitespace, so the value starts at the offset
      const size_t start = scan_.offset();
      DRAGOMAN_JSON_TRY(SkipValue(depth + 1));
      google::protobuf::util::JsonParseOptions options;
      options.ignore_unknown_fields = ignore_unknown_;
      const auto status =
          google::protobuf::util::JsonStringToMessage(scan_.Since(start), sub, options);
      if (!status.ok()) return Error(status.message().as_string());
      return absl::OkStatus();
    }
    std::string text;
    if (scan_.Peek() == '"') {
      DRAGOMAN_JSON_TRY(String(&text));
      return Scalar(message, reflection, field, text, /*from_key=*/false, /*quoted=*/true);
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
      if (scan_.ConsumeWord("true")) {
        text = "true";
        return Scalar(message, reflection, field, text, false, false);
      }
      if (scan_.ConsumeWord("false")) {
        text = "false";
        return Scalar(message, reflection, field, text, false, false);
      }
      return Error("expected true or false");
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) return Error("expected a string");
    DRAGOMAN_JSON_TRY(NumberText(&text));
    return Scalar(message, reflection, field, text, false, false);
  }

  // Sets a scalar from its text: a JSON string's content (`quoted`), a number or boolean
  // literal, or a map key. A string field takes `text` over (it is left moved from).
  absl::Status Scalar(Message* message, const Reflection* r, const FieldDescriptor* field,
                      std::string& text, bool from_key, bool quoted = true) {
    const bool repeated = field->is_repeated();
    auto integer = [&](auto* value) -> bool {
      using T = std::remove_pointer_t<decltype(value)>;
      if (absl::SimpleAtoi(text, value)) return true;
      double d = 0;  // 1e3 and 5.0 are integers too
      if (!absl::SimpleAtod(text, &d) || std::trunc(d) != d ||
          d < static_cast<double>(std::numeric_limits<T>::lowest()) ||
          d > static_cast<double>(std::numeric_limits<T>::max())) {
        return false;
      }
      *value = static_cast<T>(d);
      return true;
    };
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        int32_t v = 0;
        if (!integer(&v)) return Error("not a 32-bit integer");
        repeated ? r->AddInt32(message, field, v) : r->SetInt32(message, field, v);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t v = 0;
        if (!integer(&v)) return Error("not a 64-bit integer");
        repeated ? r->AddInt64(message, field, v) : r->SetInt64(message, field, v);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint32_t v = 0;
        if (!integer(&v)) return Error("not an unsigned 32-bit integer");
        repeated ? r->AddUInt32(message, field, v) : r->SetUInt32(message, field, v);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t v = 0;
        if (!integer(&v)) return Error("not an unsigned 64-bit integer");
        repeated ? r->AddUInt64(message, field, v) : r->SetUInt64(message, field, v);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        double v = 0;
        if (quoted && text == "NaN") {
          v = std::numeric_limits<double>::quiet_NaN();
        } else if (quoted && text == "Infinity") {
          v = std::numeric_limits<double>::infinity();
        } else if (quoted && text == "-Infinity") {
          v = -std::numeric_limits<double>::infinity();
        } else if (!absl::SimpleAtod(text, &v) || std::isinf(v)) {
          return Error("not a number");
        }
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
          if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()) {
            return Error("out of the float range");
          }
          repeated ? r->AddFloat(message, field, static_cast<float>(v))
                   : r->SetFloat(message, field, static_cast<float>(v));
        } else {
          repeated ? r->AddDouble(message, field, v) : r->SetDouble(message, field, v);
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        if (text != "true" && text != "false") return Error("expected true or false");
        if (quoted && !from_key) return Error("expected true or false, not a string");
        repeated ? r->AddBool(message, field, text == "true")
                 : r->SetBool(message, field, text == "true");
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        int number = 0;
        if (const auto* value = field->enum_type()->FindValueByName(text); value != nullptr) {
          number = value->number();
        } else if (!absl::SimpleAtoi(text, &number)) {
          if (ignore_unknown_ && quoted) return absl::OkStatus();
          return Error(StrCat("'", text, "' is not a value of ", field->enum_type()->full_name()));
        }
        repeated ? r->AddEnumValue(message, field, number)
                 : r->SetEnumValue(message, field, number);
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        if (!quoted) return Error("expected a string");
        std::string value;
        if (field->type() != FieldDescriptor::TYPE_BYTES) {
          value = std::move(text);
        } else if (!absl::Base64Unescape(text, &value) &&
                   !absl::WebSafeBase64Unescape(text, &value)) {
          return Error("not base64");
        }
        repeated ? r->AddString(message, field, std::move(value))
                 : r->SetString(message, field, std::move(value));
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Error("expected an object");
    }
    return Error("cannot be read");
  }
  JsonScanner scan_;
  bool ignore_unknown_;
  // The dotted JSON path of the field being read, for errors.
  std::string path_;
};

}  // namespace

#undef DRAGOMAN_JSON_TRY

absl::Status ReadJson(std::string_view json, bool ignore_unknown_fields,
                      google::protobuf::Message* message) {
  if (IsWellKnown(message->GetDescriptor())) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = ignore_unknown_fields;
    const auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(json.data(), json.size()), message, options);
    if (!status.ok()) return absl::InvalidArgumentError(status.message().as_string());
    return absl::OkStatus();
  }
  Parser parser(json, ignore_unknown_fields);
  return parser.Top(message);
}

}  // namespace dragoman
