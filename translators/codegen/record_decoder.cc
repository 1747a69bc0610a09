#include "translators/codegen/record_decoder.h"

#include <cstdio>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "translators/runtime/cobol_numeric.h"
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

// Reads a numeric-edited display value ("1,234.56-", "  12.50CR") as a canonical decimal.
bool EditedToDecimal(std::string_view text, std::string* decimal) {
  bool negative = false;
  std::string digits;
  bool point = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '.' && !point) {
      point = true;
      digits.push_back('.');
    } else if (c == '-') {
      negative = true;
    } else if ((c == 'C' || c == 'D') && i + 1 < text.size() &&
               text[i + 1] == (c == 'C' ? 'R' : 'B')) {
      negative = true;
      ++i;
    } else if (c != ',' && c != ' ' && c != '+' && c != '$' && c != '*' && c != '/' && c != 'B') {
      return false;
    }
  }
  if (digits.empty() || digits == ".") return false;
  if (digits.front() == '.') digits.insert(digits.begin(), '0');
  if (digits.back() == '.') digits.pop_back();
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits = "0";
  } else if (digits[first] == '.') {
    digits = digits.substr(first - 1);
  } else {
    digits = digits.substr(first);
  }
  const bool zero = digits.find_first_of("123456789") == std::string::npos;
  *decimal = (negative && !zero ? "-" : "") + digits;
  return true;
}

class Decoder {
 public:
  Decoder(std::string_view bytes, const RecordDecodeOptions& options)
      : bytes_(bytes), options_(options) {
    const std::string_view page = options.code_page->name();
    ebcdic_ = page != "ascii" && page != "latin1";
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
    const std::string_view field = bytes_.substr(at, item.storage_length);
    std::string decimal;
    absl::Status status;
    // P positions (999PPP, VPPP999) are not stored: decode the digits, then place the point.
    const bool p_scaled = item.scale < 0 || item.scale > item.digits;
    const records::Picture picture{std::max(item.digits, 1), p_scaled ? 0 : item.scale,
                                   item.is_signed};
    switch (item.category) {
      case Category::kAlphanumeric:
      case Category::kAlphabetic: {
        std::string text;
        status = options_.code_page->Decode(field, &text);
        if (!status.ok()) return Bad(item, at, ToStd(status.message()), json);
        AppendJsonString(options_.trim ? std::string(absl::StripAsciiWhitespace(text)) : text,
                         json);
        return absl::OkStatus();
      }
      case Category::kNational: {
        std::string text;
        for (size_t i = 0; i + 1 < field.size(); i += 2) {
          const char32_t unit =
              (static_cast<uint8_t>(field[i]) << 8) | static_cast<uint8_t>(field[i + 1]);
          records::AppendUtf8(unit, &text);
        }
        AppendJsonString(options_.trim ? std::string(absl::StripAsciiWhitespace(text)) : text,
                         json);
        return absl::OkStatus();
      }
      case Category::kNumericEdited: {
        std::string text;
        if (!options_.code_page->Decode(field, &text).ok() || !EditedToDecimal(text, &decimal)) {
          return Bad(item, at, "not a numeric-edited value", json);
        }
        break;
      }
      case Category::kNumeric:
      case Category::kGroup:
        switch (item.usage) {
          case Usage::kPacked:
            status = records::DecodePacked(field, picture, &decimal);
            break;
          case Usage::kBinary:
          case Usage::kNative:
            status = records::DecodeBinary(field, picture, /*big_endian=*/true,
                                           item.usage == Usage::kBinary, &decimal);
            break;
          case Usage::kFloat:
          case Usage::kDouble: {
            double value = 0;
            status = records::DecodeFloat(field, options_.ibm_float, &value);
            if (status.ok()) {
              char text[32];
              std::snprintf(text, sizeof(text), "%.17g", value);
              decimal = text;
            }
            break;
          }
          default: {
            records::ZonedFormat format;
            format.ebcdic = ebcdic_;
            format.sign_leading = item.sign_leading;
            format.sign_separate = item.sign_separate;
            status = records::DecodeZoned(field, picture, format, &decimal);
            break;
          }
        }
        if (!status.ok()) return Bad(item, at, ToStd(status.message()), json);
        if (p_scaled && item.usage != Usage::kFloat && item.usage != Usage::kDouble) {
          decimal = PlacePoint(decimal, item.scale);
        }
        break;
    }
    int64_t counter = 0;
    if (absl::SimpleAtoi(decimal, &counter)) counters_[absl::AsciiStrToUpper(item.name)] = counter;
    json->append(decimal);
    return absl::OkStatus();
  }

  // An integer's decimal text divided by 10^scale (scale < 0 multiplies).
  static std::string PlacePoint(const std::string& integer, int scale) {
    if (integer == "0") return integer;
    const bool negative = integer.front() == '-';
    std::string digits = negative ? integer.substr(1) : integer;
    if (scale < 0) {
      digits.append(static_cast<size_t>(-scale), '0');
    } else {
      if (static_cast<int>(digits.size()) <= scale) {
        digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
      }
      digits.insert(digits.size() - static_cast<size_t>(scale), ".");
    }
    return (negative ? "-" : "") + digits;
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
  bool ebcdic_ = true;
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
