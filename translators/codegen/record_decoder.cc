#include "translators/codegen/record_decoder.h"

#include <cstdio>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "translators/runtime/json_string.h"
#include "translators/runtime/record_field.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

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
    dialect_.native_little_endian = options.native_little_endian;
  }

  // Writes the fields of group `item` (shifted by `shift` bytes) as JSON members.
  absl::Status Members(const CopybookItem& item, int shift, std::string* json) {
    bool first = true;
    for (const CopybookItem& child : item.children) {
      if (child.filler || child.name.empty()) continue;
      if (!options_.redefines.empty() && !Chosen(item, child)) continue;
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
    // What follows moves up over the occurrences the counter left out.
    if (options_.variable_occurs && !item.depending_on.empty()) {
      slack_ += (item.occurs_max - count) * item.storage_length;
    }
    return absl::OkStatus();
  }

  // Whether `child` of `group` is written: outside a REDEFINES area always; inside, only the
  // branch the rules choose (when some branch of the area has a rule).
  bool Chosen(const CopybookItem& group, const CopybookItem& child) const {
    const std::string base = Upper(child.redefines.empty() ? child.name : child.redefines);
    std::vector<const CopybookItem*> members;
    for (const CopybookItem& other : group.children) {
      if (Upper(other.name) == base || Upper(other.redefines) == base) members.push_back(&other);
    }
    if (members.size() < 2) return true;
    bool any_rule = false;
    const CopybookItem* fallback = nullptr;
    for (const CopybookItem* member : members) {
      auto rule = options_.redefines.find(Upper(member->name));
      if (rule == options_.redefines.end()) {
        if (fallback == nullptr) fallback = member;
        continue;
      }
      any_rule = true;
      if (Holds(rule->second)) return member == &child;
    }
    return !any_rule || fallback == &child;
  }

  bool Holds(const RuleText& rule) const {
    auto value = values_.find(Upper(rule.subject));
    if (value == values_.end()) return rule.negate;
    for (const std::string& literal : rule.values) {
      const bool equal = rule.quoted ? absl::StripAsciiWhitespace(literal) == value->second
                                     : CanonicalNumber(literal) == value->second;
      if (equal) return !rule.negate;
    }
    return rule.negate;
  }

  // "+007" -> "7", "-0.50" -> "-0.50": what the decoder writes for an integer literal.
  static std::string CanonicalNumber(std::string literal) {
    bool negative = false;
    if (!literal.empty() && (literal.front() == '+' || literal.front() == '-')) {
      negative = literal.front() == '-';
      literal.erase(0, 1);
    }
    const size_t first = literal.find_first_not_of('0');
    literal = first == std::string::npos ? "0" : literal.substr(first);
    // Built by appending: GCC 12 at -O2 misreads insert(0, ...) here as an overlapping copy
    // (-Wrestrict).
    std::string canonical = negative && literal != "0" ? "-" : "";
    if (literal.front() == '.') canonical += '0';
    return canonical + literal;
  }

  static std::string Upper(std::string_view text) { return absl::AsciiStrToUpper(ToAbsl(text)); }

 public:
  // Bytes the record took.
  size_t consumed(const CopybookItem& record) const {
    return static_cast<size_t>(std::max(0, record.storage_length - slack_));
  }

 private:
  absl::Status Occurrence(const CopybookItem& item, int shift, std::string* json) {
    if (item.category == Category::kGroup) {
      json->push_back('{');
      DRAGOMAN_RETURN_IF_ERROR(Members(item, shift, json));
      json->push_back('}');
      return absl::OkStatus();
    }
    const int at = item.offset + shift - slack_;
    if (at < 0 || static_cast<size_t>(at + item.storage_length) > bytes_.size()) {
      return Bad(item, at, "the record ends before it", json);
    }
    records::FieldLayout layout = ElementaryLayout(item);
    layout.offset = static_cast<uint32_t>(at);
    std::string value;
    absl::Status status;
    const bool text = item.category == Category::kAlphanumeric ||
                      item.category == Category::kAlphabetic ||
                      item.category == Category::kNational;
    if (text) {
      status = records::ReadText(layout, bytes_, 0, dialect_, &value,
                                 /*keep_padding=*/!options_.trim);
    } else {
      status = records::ReadDecimal(layout, bytes_, 0, dialect_, &value);
    }
    if (!status.ok()) {
      if (options_.strict) return status;
      json->append("null");
      return absl::OkStatus();
    }
    if (text) {
      values_[Upper(item.name)] = std::string(absl::StripAsciiWhitespace(value));
      AppendJsonString(options_.trim ? std::string(absl::StripAsciiWhitespace(value)) : value,
                       json);
      return absl::OkStatus();
    }
    values_[Upper(item.name)] = value;
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
  // Elementary values read so far (text trimmed), for REDEFINES rules.
  std::map<std::string, std::string> values_;
  // Bytes the short tables before the current item left out (variable_occurs).
  int slack_ = 0;
};

}  // namespace

absl::Status DecodeRecordToJson(const CopybookItem& record, std::string_view bytes,
                                const RecordDecodeOptions& options, std::string* json,
                                size_t* consumed) {
  if (options.code_page == nullptr) return absl::InvalidArgumentError("no code page");
  Decoder decoder(bytes, options);
  json->push_back('{');
  DRAGOMAN_RETURN_IF_ERROR(decoder.Members(record, 0, json));
  json->push_back('}');
  if (consumed != nullptr) *consumed = decoder.consumed(record);
  return absl::OkStatus();
}

}  // namespace dragoman::codegen
