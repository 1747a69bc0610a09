#include "server/frontend/http_rule.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "translators/runtime/strings.h"

namespace dragoman {
namespace {

using google::protobuf::FieldDescriptor;

// Segments longer than this, or more of them, are not a template anyone writes.
constexpr size_t kMaxSegments = 64;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const FieldDescriptor* FindField(const google::protobuf::Descriptor* type, std::string_view name) {
  const FieldDescriptor* field = type->FindFieldByName(std::string(name));
  if (field == nullptr) field = type->FindFieldByCamelcaseName(std::string(name));
  if (field == nullptr) {
    for (int i = 0; i < type->field_count(); ++i) {
      if (type->field(i)->json_name() == name) return type->field(i);
    }
  }
  return field;
}

}  // namespace

bool PercentDecode(std::string_view text, bool plus_is_space, std::string* out) {
  out->clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out->push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (text[i] == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(text[i]);
    }
  }
  return true;
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(std::string_view text) {
  PathTemplate result;
  result.text_ = std::string(text);
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("path template '", text, "': ", why));
  };
  if (text.empty() || text.front() != '/') return bad("must start with '/'");
  std::string_view rest = text.substr(1);
  // The verb follows the last ':' outside braces.
  int depth = 0;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '{') ++depth;
    if (rest[i] == '}') --depth;
    if (rest[i] == ':' && depth == 0) {
      result.verb_ = std::string(rest.substr(i + 1));
      rest = rest.substr(0, i);
      if (result.verb_.empty()) return bad("empty verb");
      break;
    }
  }
  // Tokens split at '/' outside braces.
  std::vector<std::string_view> tokens;
  size_t start = 0;
  depth = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i < rest.size() && rest[i] == '{') ++depth;
    if (i < rest.size() && rest[i] == '}') --depth;
    if (depth < 0) return bad("unbalanced braces");
    if (i == rest.size() || (rest[i] == '/' && depth == 0)) {
      tokens.push_back(rest.substr(start, i - start));
      start = i + 1;
    }
  }
  if (depth != 0) return bad("unbalanced braces");
  auto add_segment = [&](std::string_view token) -> absl::Status {
    if (token.empty()) return bad("empty segment");
    Segment segment;
    if (token == "*") {
      segment.kind = Segment::Kind::kWildcard;
    } else if (token == "**") {
      segment.kind = Segment::Kind::kMulti;
    } else if (token.find_first_of("{}*=") != std::string_view::npos) {
      return bad(StrCat("segment '", token, "' is not a literal"));
    } else {
      segment.literal = std::string(token);
    }
    result.segments_.push_back(std::move(segment));
    return absl::OkStatus();
  };
  for (std::string_view token : tokens) {
    if (token.empty() || token.front() != '{') {
      if (absl::Status status = add_segment(token); !status.ok()) return status;
      continue;
    }
    if (token.back() != '}') return bad(StrCat("variable '", token, "' is not closed"));
    std::string_view inside = token.substr(1, token.size() - 2);
    const size_t equals = inside.find('=');
    Variable variable;
    variable.field_path = std::string(inside.substr(0, equals));
    if (variable.field_path.empty()) return bad("a variable without a field");
    variable.begin = result.segments_.size();
    if (equals == std::string_view::npos) {
      if (absl::Status status = add_segment("*"); !status.ok()) return status;
    } else {
      for (absl::string_view part : absl::StrSplit(ToAbsl(inside.substr(equals + 1)), '/')) {
        if (absl::Status status = add_segment(ToStd(part)); !status.ok()) return status;
      }
    }
    variable.end = result.segments_.size();
    result.variables_.push_back(std::move(variable));
  }
  if (result.segments_.size() > kMaxSegments) return bad("too many segments");
  for (size_t i = 0; i + 1 < result.segments_.size(); ++i) {
    if (result.segments_[i].kind == Segment::Kind::kMulti) return bad("'**' must come last");
  }
  return result;
}

bool PathTemplate::MatchFrom(const std::vector<std::string>& parts, size_t part, size_t segment,
                             std::vector<std::pair<size_t, size_t>>* spans) const {
  if (segment == segments_.size()) return part == parts.size();
  const Segment& s = segments_[segment];
  if (s.kind == Segment::Kind::kMulti) {
    (*spans)[segment] = {part, parts.size()};
    return true;  // '**' is last and takes the rest, possibly nothing
  }
  if (part == parts.size()) return false;
  if (s.kind == Segment::Kind::kLiteral && parts[part] != s.literal) return false;
  (*spans)[segment] = {part, part + 1};
  return MatchFrom(parts, part + 1, segment + 1, spans);
}

std::optional<std::vector<std::pair<std::string, std::string>>> PathTemplate::Match(
    std::string_view path) const {
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  if (!verb_.empty()) {
    if (path.size() <= verb_.size() + 1 || !path.ends_with(verb_) ||
        path[path.size() - verb_.size() - 1] != ':') {
      return std::nullopt;
    }
    path.remove_suffix(verb_.size() + 1);
  }
  std::vector<std::string> raw;  // still encoded, so an escaped '/' stays inside its segment
  for (absl::string_view part : absl::StrSplit(ToAbsl(path), '/')) raw.emplace_back(part);
  if (raw.size() > kMaxSegments * 4) return std::nullopt;
  std::vector<std::pair<size_t, size_t>> spans(segments_.size());
  std::vector<std::string> parts(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (!PercentDecode(raw[i], /*plus_is_space=*/false, &parts[i])) return std::nullopt;
  }
  if (!MatchFrom(parts, 0, 0, &spans)) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> bound;
  for (const Variable& variable : variables_) {
    std::string value;
    for (size_t s = variable.begin; s < variable.end; ++s) {
      for (size_t p = spans[s].first; p < spans[s].second; ++p) {
        if (!value.empty() || p > spans[variable.begin].first) value.push_back('/');
        value += parts[p];
      }
    }
    bound.emplace_back(variable.field_path, std::move(value));
  }
  return bound;
}

absl::StatusOr<std::vector<HttpBinding>> BindingsOf(const google::api::HttpRule& rule) {
  std::vector<HttpBinding> bindings;
  auto add = [&bindings](const google::api::HttpRule& r) -> absl::Status {
    std::string method;
    std::string path;
    switch (r.pattern_case()) {
      case google::api::HttpRule::kGet:
        method = "GET";
        path = r.get();
        break;
      case google::api::HttpRule::kPut:
        method = "PUT";
        path = r.put();
        break;
      case google::api::HttpRule::kPost:
        method = "POST";
        path = r.post();
        break;
      case google::api::HttpRule::kDelete:
        method = "DELETE";
        path = r.delete_();
        break;
      case google::api::HttpRule::kPatch:
        method = "PATCH";
        path = r.patch();
        break;
      case google::api::HttpRule::kCustom:
        method = r.custom().kind();
        path = r.custom().path();
        break;
      default:
        return absl::OkStatus();
    }
    absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(path);
    if (!parsed.ok()) return parsed.status();
    bindings.push_back(HttpBinding{method, *std::move(parsed), r.body(), r.response_body()});
    return absl::OkStatus();
  };
  if (absl::Status status = add(rule); !status.ok()) return status;
  for (const google::api::HttpRule& extra : rule.additional_bindings()) {
    if (absl::Status status = add(extra); !status.ok()) return status;
  }
  return bindings;
}

absl::Status SetFieldFromText(google::protobuf::Message* message, std::string_view field_path,
                              std::string_view value) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("field '", field_path, "': ", why));
  };
  std::vector<std::string> names = absl::StrSplit(ToAbsl(field_path), '.');
  google::protobuf::Message* target = message;
  for (size_t i = 0; i + 1 < names.size(); ++i) {
    const FieldDescriptor* field = FindField(target->GetDescriptor(), names[i]);
    if (field == nullptr || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        field->is_repeated()) {
      return bad(StrCat("'", names[i], "' is not a message field"));
    }
    target = target->GetReflection()->MutableMessage(target, field);
  }
  const FieldDescriptor* field = FindField(target->GetDescriptor(), names.back());
  if (field == nullptr) return bad("no such field");
  const auto* reflection = target->GetReflection();
  const bool repeated = field->is_repeated();
  const std::string text(value);
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string bytes = text;
      if (field->type() == FieldDescriptor::TYPE_BYTES &&
          !absl::WebSafeBase64Unescape(text, &bytes) && !absl::Base64Unescape(text, &bytes)) {
        return bad("not base64");
      }
      repeated ? reflection->AddString(target, field, bytes)
               : reflection->SetString(target, field, bytes);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return bad("not a 32-bit integer");
      repeated ? reflection->AddInt32(target, field, v) : reflection->SetInt32(target, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return bad("not a 64-bit integer");
      repeated ? reflection->AddInt64(target, field, v) : reflection->SetInt64(target, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return bad("not an unsigned 32-bit integer");
      repeated ? reflection->AddUInt32(target, field, v) : reflection->SetUInt32(target, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return bad("not an unsigned 64-bit integer");
      repeated ? reflection->AddUInt64(target, field, v) : reflection->SetUInt64(target, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double v = 0;
      if (!absl::SimpleAtod(text, &v)) return bad("not a number");
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
        repeated ? reflection->AddFloat(target, field, static_cast<float>(v))
                 : reflection->SetFloat(target, field, static_cast<float>(v));
      } else {
        repeated ? reflection->AddDouble(target, field, v)
                 : reflection->SetDouble(target, field, v);
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      if (text != "true" && text != "false") return bad("not true or false");
      repeated ? reflection->AddBool(target, field, text == "true")
               : reflection->SetBool(target, field, text == "true");
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* enum_value = field->enum_type()->FindValueByName(text);
      int number = 0;
      if (enum_value != nullptr) {
        number = enum_value->number();
      } else if (!absl::SimpleAtoi(text, &number)) {
        return bad(StrCat("not a value of ", field->enum_type()->full_name()));
      }
      repeated ? reflection->AddEnumValue(target, field, number)
               : reflection->SetEnumValue(target, field, number);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return bad("is a message; set its fields instead");
  }
  return bad("cannot be set from text");
}

}  // namespace dragoman
