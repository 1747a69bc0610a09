#include "translators/codegen/record_encoder.h"

#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "translators/runtime/json_scanner.h"
#include "translators/runtime/record_field.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

constexpr int kMaxDepth = 64;

// A JSON value; numbers keep their text so decimals stay exact.
struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  std::string text;  // number literal, string (unescaped), "true"/"false"
  std::vector<Json> items;
  // Object members, in order (names and values kept apart: a pair would need Json complete).
  std::vector<std::string> member_names;
  std::vector<Json> member_values;

  const Json* Member(std::string_view name) const {
    for (size_t i = 0; i < member_names.size(); ++i) {
      if (member_names[i] == name) return &member_values[i];
    }
    return nullptr;
  }
};

// The records tool's JSON: a small tree of values over the shared scanner.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : scan_(text) {}

  absl::Status Read(Json* value) {
    DRAGOMAN_RETURN_IF_ERROR(Value(value, 0));
    if (!scan_.AtEnd()) return Error("text after the object");
    return absl::OkStatus();
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(StrCat("JSON at offset ", scan_.offset(), ": ", what));
  }
  absl::Status String(std::string* out) {
    absl::Status read = scan_.String(out);
    return read.ok() ? read : Error(ToStd(read.message()));
  }

  absl::Status Value(Json* value, int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    const char c = scan_.Peek();
    if (c == '\0') return Error("a value is missing");
    if (c == '{') return Object(value, depth);
    if (c == '[') return Array(value, depth);
    if (c == '"') {
      value->kind = Json::Kind::kString;
      return String(&value->text);
    }
    if (scan_.ConsumeWord("null")) return absl::OkStatus();
    for (const char* word : {"true", "false"}) {
      if (scan_.ConsumeWord(word)) {
        value->kind = Json::Kind::kBool;
        value->text = word;
        return absl::OkStatus();
      }
    }
    const std::string_view number = scan_.NumberText();
    if (number.empty()) return Error("not a JSON value");
    value->kind = Json::Kind::kNumber;
    value->text = std::string(number);
    return absl::OkStatus();
  }

  absl::Status Object(Json* value, int depth) {
    value->kind = Json::Kind::kObject;
    scan_.Consume('{');
    if (scan_.Consume('}')) return absl::OkStatus();
    for (;;) {
      if (scan_.Peek() != '"') return Error("a member name is missing");
      std::string key;
      DRAGOMAN_RETURN_IF_ERROR(String(&key));
      if (!scan_.Consume(':')) return Error("':' is missing");
      Json member;
      DRAGOMAN_RETURN_IF_ERROR(Value(&member, depth + 1));
      value->member_names.push_back(std::move(key));
      value->member_values.push_back(std::move(member));
      if (scan_.Consume('}')) return absl::OkStatus();
      if (!scan_.Consume(',')) return Error("',' or '}' is missing");
    }
  }

  absl::Status Array(Json* value, int depth) {
    value->kind = Json::Kind::kArray;
    scan_.Consume('[');
    if (scan_.Consume(']')) return absl::OkStatus();
    for (;;) {
      Json item;
      DRAGOMAN_RETURN_IF_ERROR(Value(&item, depth + 1));
      value->items.push_back(std::move(item));
      if (scan_.Consume(']')) return absl::OkStatus();
      if (!scan_.Consume(',')) return Error("',' or ']' is missing");
    }
  }

  JsonScanner scan_;
};

class Encoder {
 public:
  Encoder(std::string* bytes, const RecordEncodeOptions& options) : bytes_(*bytes) {
    dialect_.code_page = options.code_page;
    dialect_.ibm_float = options.ibm_float;
  }

  absl::Status Members(const CopybookItem& item, const Json* object, int shift) {
    for (const CopybookItem& child : item.children) {
      const Json* value =
          object == nullptr || child.name.empty() ? nullptr : object->Member(child.name);
      // A REDEFINES branch the object leaves out keeps what the redefined item wrote.
      if (!child.redefines.empty() && (value == nullptr || value->kind == Json::Kind::kNull)) {
        continue;
      }
      DRAGOMAN_RETURN_IF_ERROR(Item(child, value, shift));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Item(const CopybookItem& item, const Json* value, int shift) {
    if (item.occurs_max == 0) return Occurrence(item, value, shift);
    if (value != nullptr && value->kind != Json::Kind::kArray && value->kind != Json::Kind::kNull) {
      return Bad(item, "expects an array");
    }
    if (value != nullptr && static_cast<int>(value->items.size()) > item.occurs_max) {
      return Bad(item, StrCat("has ", value->items.size(), " items, at most ", item.occurs_max));
    }
    for (int i = 0; i < item.occurs_max; ++i) {
      const Json* element = value != nullptr && i < static_cast<int>(value->items.size())
                                ? &value->items[i]
                                : nullptr;
      DRAGOMAN_RETURN_IF_ERROR(Occurrence(item, element, shift + i * item.storage_length));
    }
    return absl::OkStatus();
  }

  absl::Status Occurrence(const CopybookItem& item, const Json* value, int shift) {
    if (value != nullptr && value->kind == Json::Kind::kNull) value = nullptr;
    if (item.category == Category::kGroup) {
      if (value != nullptr && value->kind != Json::Kind::kObject) {
        return Bad(item, "is a group: expects an object");
      }
      return Members(item, value, shift);
    }
    const records::FieldLayout layout = ElementaryLayout(item);
    const auto base = static_cast<size_t>(shift);
    switch (item.category) {
      case Category::kNumericEdited:
        // Left out, the item keeps its spaces; a number is edited as the picture says.
        if (value == nullptr) return absl::OkStatus();
        if (value->kind != Json::Kind::kString && value->kind != Json::Kind::kNumber) {
          return Bad(item, "expects a number or its edited text");
        }
        return records::WriteEdited(layout, value->text, dialect_, base, &bytes_);
      case Category::kAlphanumeric:
      case Category::kAlphabetic:
      case Category::kNational:
        if (value != nullptr && value->kind != Json::Kind::kString &&
            value->kind != Json::Kind::kNumber) {
          return Bad(item, "expects a string");
        }
        return records::WriteText(layout, value == nullptr ? "" : value->text, dialect_, base,
                                  &bytes_);
      default:
        if (value != nullptr && value->kind != Json::Kind::kNumber &&
            value->kind != Json::Kind::kString) {
          return Bad(item, "expects a number");
        }
        return records::WriteDecimal(layout, value == nullptr ? "0" : value->text, dialect_, base,
                                     &bytes_);
    }
  }

  static absl::Status Bad(const CopybookItem& item, std::string_view why) {
    return absl::InvalidArgumentError(StrCat("field ", item.name.empty() ? "(unnamed)" : item.name,
                                             " at byte ", item.offset, ": ", why));
  }

  std::string& bytes_;
  records::RecordDialect dialect_;
};

}  // namespace

absl::Status EncodeRecordFromJson(const CopybookItem& record, std::string_view json,
                                  const RecordEncodeOptions& options, std::string* bytes) {
  if (options.code_page == nullptr) return absl::InvalidArgumentError("no code page");
  Json object;
  DRAGOMAN_RETURN_IF_ERROR(JsonReader(json).Read(&object));
  if (object.kind != Json::Kind::kObject) return absl::InvalidArgumentError("not a JSON object");
  // Fields the object leaves out start as COBOL's INITIALIZE leaves them; the encoder then
  // writes every elementary item.
  std::string record_bytes(static_cast<size_t>(record.storage_length),
                           static_cast<char>(options.code_page->space()));
  Encoder encoder(&record_bytes, options);
  DRAGOMAN_RETURN_IF_ERROR(encoder.Members(record, &object, 0));
  bytes->append(record_bytes);
  return absl::OkStatus();
}

}  // namespace dragoman::codegen
