#include "translators/codegen/record_decoder.h"

#include <cstdio>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "translators/runtime/record_field.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", byte);
      out->append(escaped);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

std::string HexOf(std::string_view bytes) {
  std::string hex;
  for (char c : bytes) absl::StrAppend(&hex, absl::Hex(static_cast<uint8_t>(c), absl::kZeroPad2));
  return hex;
}

class Decoder {
 public:
  Decoder(std::string_view bytes, const RecordDecodeOptions& options)
      : bytes_(bytes), options_(options) {
    dialect_.code_page = options.code_page;
    dialect_.ibm_float = options.ibm_float;
  }

  // Writes the fields of group `item` (shifted by `shift` bytes) as JSON members.
  absl::Status Members(const CopybookItem& item, int shift, std::string* json) {
    bool first = true;
    for (const CopybookItem& child : item.children) {
      if (child.filler || child.name.empty()) continue;
      StrAppend(json, first ? "" : ",");
      first = false;
      AppendJsonString(child.name, json);
      json->push_back(':');
      DRAGOMAN_RETURN_IF_ERROR(Item(child, shift, json));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Item(const CopybookItem& item, int shift, std::string* json) {
    if (item.occurs_max == 0) return Occurrence(item, shift, json);
    int count = item.occurs_max;
    if (!item.depending_on.empty()) {
      auto it = counters_.find(absl::AsciiStrToUpper(item.depending_on));
      if (it != counters_.end()) {
        count = static_cast<int>(std::clamp<int64_t>(it->second, item.occurs_min, item.occurs_max));
      }
    }
    json->push_back('[');
    for (int i = 0; i < count; ++i) {
      if (i > 0) json->push_back(',');
      DRAGOMAN_RETURN_IF_ERROR(Occurrence(item, shift + i * item.storage_length, json));
    }
    json->push_back(']');
    return absl::OkStatus();
  }

  absl::Status Occurrence(const CopybookItem& item, int shift, std::string* json) {
    if (item.category == Category::kGroup) {
      json->push_back('{');
      DRAGOMAN_RETURN_IF_ERROR(Members(item, shift, json));
      json->push_back('}');
      return absl::OkStatus();
    }
    const int at = item.offset + shift;
    if (at < 0 || static_cast<size_t>(at + item.storage_length) > bytes_.size()) {
      return Bad(item, at, "the record ends before it", json);
    }
    const records::FieldLayout layout = ElementaryLayout(item);
    std::string value;
    absl::Status status;
    const bool text = item.category == Category::kAlphanumeric ||
                      item.category == Category::kAlphabetic ||
                      item.category == Category::kNational;
    if (text) {
      status = records::ReadText(layout, bytes_, static_cast<size_t>(shift), dialect_, &value,
                                 /*keep_padding=*/!options_.trim);
    } else {
      status = records::ReadDecimal(layout, bytes_, static_cast<size_t>(shift), dialect_, &value);
    }
    if (!status.ok()) {
      if (options_.strict) return status;
      json->append("null");
      return absl::OkStatus();
    }
    if (text) {
      AppendJsonString(options_.trim ? std::string(absl::StripAsciiWhitespace(value)) : value,
                       json);
      return absl::OkStatus();
    }
    const std::string& decimal = value;
    int64_t counter = 0;
    if (absl::SimpleAtoi(decimal, &counter)) counters_[absl::AsciiStrToUpper(item.name)] = counter;
    json->append(decimal);
    return absl::OkStatus();
  }

  // Strict: the error naming the field; lenient: the field is null.
  absl::Status Bad(const CopybookItem& item, int at, std::string_view why, std::string* json) {
    if (!options_.strict) {
      json->append("null");
      return absl::OkStatus();
    }
    const size_t from = std::min(bytes_.size(), static_cast<size_t>(std::max(at, 0)));
    return absl::InvalidArgumentError(StrCat("field ", item.name, " at byte ", at, ": ", why,
                                             " (bytes ",
                                             HexOf(bytes_.substr(from, item.storage_length)), ")"));
  }

  std::string_view bytes_;
  const RecordDecodeOptions& options_;
  records::RecordDialect dialect_;
  std::map<std::string, int64_t> counters_;
};

}  // namespace

absl::Status DecodeRecordToJson(const CopybookItem& record, std::string_view bytes,
                                const RecordDecodeOptions& options, std::string* json) {
  if (options.code_page == nullptr) return absl::InvalidArgumentError("no code page");
  Decoder decoder(bytes, options);
  json->push_back('{');
  DRAGOMAN_RETURN_IF_ERROR(decoder.Members(record, 0, json));
  json->push_back('}');
  return absl::OkStatus();
}

}  // namespace dragoman::codegen
