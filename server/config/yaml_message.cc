#include "server/config/yaml_message.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <set>
#include <sstream>

#include "translators/runtime/json_string.h"
#include "translators/runtime/strings.h"

namespace dragoman::config {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Deepest YAML nesting accepted.
constexpr int kMaxDepth = 32;

// "did you mean" for a mistyped key: the field whose name differs least.
std::string Suggestion(const Descriptor* message, std::string_view key) {
  std::string best;
  size_t best_distance = 3;  // only close matches help
  for (int i = 0; i < message->field_count(); ++i) {
    const std::string& name = message->field(i)->name();
    // Levenshtein distance, small strings only.
    std::vector<size_t> row(name.size() + 1);
    for (size_t j = 0; j <= name.size(); ++j) row[j] = j;
    for (size_t a = 1; a <= key.size(); ++a) {
      size_t previous = row[0];
      row[0] = a;
      for (size_t b = 1; b <= name.size(); ++b) {
        const size_t current = row[b];
        row[b] =
            std::min({row[b] + 1, row[b - 1] + 1, previous + (key[a - 1] == name[b - 1] ? 0 : 1)});
        previous = current;
      }
    }
    if (row[name.size()] < best_distance) {
      best_distance = row[name.size()];
      best = name;
    }
  }
  return best.empty() ? "" : StrCat(" (did you mean '", best, "'?)");
}

class YamlToJson {
 public:
  absl::Status Message(const YAML::Node& node, const Descriptor* type, const std::string& path,
                       int depth, std::string* out);

 private:
  absl::Status Value(const YAML::Node& node, const FieldDescriptor* field, const std::string& path,
                     int depth, std::string* out);
};

absl::Status YamlToJson::Message(const YAML::Node& node, const Descriptor* type,
                                 const std::string& path, int depth, std::string* out) {
  if (depth > kMaxDepth) return absl::InvalidArgumentError(StrCat(path, ": nested too deeply"));
  if (node.IsNull()) {
    out->append("{}");
    return absl::OkStatus();
  }
  if (!node.IsMap()) {
    return absl::InvalidArgumentError(StrCat(path.empty() ? "config" : path, ": expected a map"));
  }
  out->push_back('{');
  bool first = true;
  std::set<const FieldDescriptor*> seen;
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const std::string key_path = path.empty() ? key : StrCat(path, ".", key);
    const FieldDescriptor* field = type->FindFieldByName(key);
    if (field == nullptr) field = type->FindFieldByCamelcaseName(key);
    if (field == nullptr) {
      return absl::InvalidArgumentError(StrCat(key_path, ": unknown key", Suggestion(type, key)));
    }
    if (!seen.insert(field).second) {
      return absl::InvalidArgumentError(StrCat(key_path, ": key given twice"));
    }
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(field->json_name(), out);
    out->push_back(':');
    if (field->is_map()) {
      // A map is a JSON object whose keys are the map's keys, values typed by the entry.
      if (!entry.second.IsMap()) {
        return absl::InvalidArgumentError(StrCat(key_path, ": expected a map"));
      }
      const FieldDescriptor* value_field = field->message_type()->map_value();
      out->push_back('{');
      bool first_entry = true;
      for (const auto& item : entry.second) {
        const std::string map_key = item.first.as<std::string>();
        if (!first_entry) out->push_back(',');
        first_entry = false;
        AppendJsonString(map_key, out);
        out->push_back(':');
        absl::Status status =
            Value(item.second, value_field, StrCat(key_path, ".", map_key), depth + 1, out);
        if (!status.ok()) return status;
      }
      out->push_back('}');
    } else if (field->is_repeated()) {
      if (!entry.second.IsSequence()) {
        return absl::InvalidArgumentError(StrCat(key_path, ": expected a list"));
      }
      out->push_back('[');
      for (size_t i = 0; i < entry.second.size(); ++i) {
        if (i > 0) out->push_back(',');
        absl::Status status =
            Value(entry.second[i], field, StrCat(key_path, "[", i, "]"), depth + 1, out);
        if (!status.ok()) return status;
      }
      out->push_back(']');
    } else {
      absl::Status status = Value(entry.second, field, key_path, depth + 1, out);
      if (!status.ok()) return status;
    }
  }
  out->push_back('}');
  return absl::OkStatus();
}

absl::Status YamlToJson::Value(const YAML::Node& node, const FieldDescriptor* field,
                               const std::string& path, int depth, std::string* out) {
  if (field->type() == FieldDescriptor::TYPE_MESSAGE &&
      field->message_type()->full_name() != "google.protobuf.Duration") {
    return Message(node, field->message_type(), path, depth, out);
  }
  if (!node.IsScalar()) {
    return absl::InvalidArgumentError(StrCat(path, ": expected a single value"));
  }
  const std::string text = node.Scalar();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      if (text != "true" && text != "false") {
        return absl::InvalidArgumentError(StrCat(path, ": expected true or false"));
      }
      out->append(text);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_MESSAGE: {  // Duration: "250ms", "2s", "1m"
      std::string normalized = text;
      double factor = 1;
      if (normalized.ends_with("ms")) {
        factor = 1e-3;
        normalized.resize(normalized.size() - 2);
      } else if (normalized.ends_with("s")) {
        normalized.resize(normalized.size() - 1);
      } else if (normalized.ends_with("m")) {
        factor = 60;
        normalized.resize(normalized.size() - 1);
      } else {
        return absl::InvalidArgumentError(
            StrCat(path, ": expected a duration such as 250ms, 2s or 1m"));
      }
      double value = 0;
      std::istringstream stream(normalized);
      if (!(stream >> value) || !stream.eof() || value < 0) {
        return absl::InvalidArgumentError(
            StrCat(path, ": expected a duration such as 250ms, 2s or 1m"));
      }
      AppendJsonString(StrCat(value * factor, "s"), out);
      return absl::OkStatus();
    }
    default:
      // Numbers and enums as strings: the JSON parser checks their syntax and range.
      AppendJsonString(text, out);
      return absl::OkStatus();
  }
}

// Indentation beyond this many columns means nesting no config or examples file needs.
constexpr size_t kMaxIndent = 256;

}  // namespace

absl::Status CheckYamlNesting(std::string_view text) {
  int flow_depth = 0;
  size_t line = 1;
  size_t indent = 0;
  bool at_line_start = true;
  char quote = 0;
  for (char c : text) {
    if (c == '\n') {
      ++line;
      indent = 0;
      at_line_start = true;
      continue;
    }
    if (at_line_start && c == ' ') {
      if (++indent > kMaxIndent) {
        return absl::InvalidArgumentError(
            StrCat("line ", line, ": indented deeper than ", kMaxIndent, " columns"));
      }
      continue;
    }
    at_line_start = false;
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (++flow_depth > kMaxDepth) {
        return absl::InvalidArgumentError(
            StrCat("line ", line, ": nested deeper than ", kMaxDepth, " levels"));
      }
    } else if ((c == ']' || c == '}') && flow_depth > 0) {
      --flow_depth;
    }
  }
  return absl::OkStatus();
}

absl::Status YamlToMessage(const YAML::Node& node, const std::string& path,
                           google::protobuf::Message* out) {
  std::string json;
  YamlToJson converter;
  absl::Status status;
  try {  // yaml-cpp reports type errors only by exception
    status = converter.Message(node, out->GetDescriptor(), path, 0, &json);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        StrCat(path, ": YAML error at line ", e.mark.line + 1, ": ", e.msg));
  }
  if (!status.ok()) return status;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(json, out, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(StrCat(path.empty() ? "" : StrCat(path, ": "),
                                             "invalid value: ", parsed.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace dragoman::config
