#include "translators/codegen/copybook_frontend.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "server/config/yaml_message.h"
#include "translators/codegen/namer.h"
#include "translators/codegen/record_encoder.h"
#include "translators/codegen/wsdl_frontend.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

constexpr size_t kMaxSourceBytes = 16 << 20;
constexpr size_t kMaxManifestBytes = 1 << 20;
constexpr int kMaxCopyDepth = 16;

std::string Upper(std::string_view text) { return absl::AsciiStrToUpper(ToAbsl(text)); }

absl::StatusOr<std::string> ReadFile(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > limit) {
      return absl::InvalidArgumentError(StrCat(path, " is larger than ", limit, " bytes"));
    }
  }
  return text;
}

// Expands `COPY member.` lines of `text` (read from `path`) in place.
absl::Status ExpandCopies(const std::string& path, const std::vector<std::string>& dirs,
                          bool free_format, int depth, std::string* out) {
  if (depth > kMaxCopyDepth) {
    return absl::InvalidArgumentError(
        StrCat(path, ": COPY members nest more than ", kMaxCopyDepth, " deep"));
  }
  absl::StatusOr<std::string> text = ReadFile(path, kMaxSourceBytes);
  if (!text.ok()) return text.status();
  int line_number = 0;
  for (size_t start = 0; start < text->size();) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    const std::string_view line = std::string_view(*text).substr(start, end - start);
    start = end + 1;
    ++line_number;
    std::string_view code = line;
    if (!free_format) {
      code = line.size() > 7 && line[6] != '*' && line[6] != '/' ? line.substr(7, 65) : "";
    }
    const std::string words = Upper(ToStd(absl::StripAsciiWhitespace(ToAbsl(code))));
    if (!words.starts_with("COPY ")) {
      out->append(line);
      out->push_back('\n');
      continue;
    }
    std::string member(absl::StripAsciiWhitespace(words.substr(5)));
    if (!member.empty() && member.back() == '.') member.pop_back();
    if (member.find(' ') != std::string::npos) {
      return absl::UnimplementedError(
          StrCat(path, ":", line_number, ": COPY ... REPLACING and COPY ... OF are not supported"));
    }
    if (member.size() > 1 && (member.front() == '\'' || member.front() == '"')) {
      member = member.substr(1, member.size() - 2);
    }
    std::vector<std::string> searched;
    std::string found;
    for (const std::string& dir : dirs) {
      for (const std::string& name :
           {member, absl::AsciiStrToLower(member), member + ".cpy", member + ".CPY",
            absl::AsciiStrToLower(member) + ".cpy", member + ".cob", member + ".cbl"}) {
        const std::filesystem::path candidate = std::filesystem::path(dir) / name;
        if (std::filesystem::is_regular_file(candidate)) {
          found = candidate.string();
          break;
        }
      }
      if (!found.empty()) break;
      searched.push_back(dir);
    }
    if (found.empty()) {
      return absl::NotFoundError(StrCat(path, ":", line_number, ": COPY member ", member,
                                        " is in none of: ", StrJoin(searched, ", ")));
    }
    DRAGOMAN_RETURN_IF_ERROR(ExpandCopies(found, dirs, free_format, depth + 1, out));
  }
  return absl::OkStatus();
}

// Where an item sits in its record.
struct ItemInfo {
  const CopybookItem* item = nullptr;
  const CopybookItem* parent = nullptr;
  // The item is a table or lies inside one: it has no single offset.
  bool in_table = false;
};

void IndexItems(const CopybookItem& item, const CopybookItem* parent, bool in_table,
                std::vector<ItemInfo>* out) {
  in_table = in_table || item.occurs_max > 0;
  out->push_back(ItemInfo{&item, parent, in_table});
  for (const CopybookItem& child : item.children) IndexItems(child, &item, in_table, out);
}

CobolUsage UsageOf(const CopybookItem& item) {
  if (item.category == Category::kGroup) return COBOL_GROUP;
  switch (ElementaryLayout(item).kind) {
    case records::FieldKind::kText:
      return COBOL_TEXT;
    case records::FieldKind::kNational:
      return COBOL_NATIONAL;
    case records::FieldKind::kEdited:
      return COBOL_EDITED;
    case records::FieldKind::kZoned:
      return COBOL_ZONED;
    case records::FieldKind::kPacked:
      return COBOL_PACKED;
    case records::FieldKind::kBinary:
      return COBOL_BINARY;
    case records::FieldKind::kNativeBinary:
      return COBOL_NATIVE_BINARY;
    case records::FieldKind::kFloat:
      return COBOL_FLOAT;
  }
  return COBOL_TEXT;
}

// The item's layout, its offset taken from `base` (the enclosing group's start).
CobolField CobolFieldOf(const CopybookItem& item, int base) {
  CobolField field;
  field.set_name(item.name);
  field.set_offset(static_cast<uint32_t>(item.offset - base));
  field.set_length(static_cast<uint32_t>(item.storage_length));
  field.set_picture(item.picture);
  field.set_usage(UsageOf(item));
  if (item.category == Category::kNumeric) {
    field.set_digits(static_cast<uint32_t>(item.digits));
    field.set_scale(item.scale);
    field.set_is_signed(item.is_signed);
    field.set_sign_leading(item.sign_leading);
    field.set_sign_separate(item.sign_separate);
  }
  field.set_justified(item.justified);
  field.set_blank_when_zero(item.blank_when_zero);
  if (item.occurs_max > 0) {
    field.set_occurs(static_cast<uint32_t>(item.occurs_max));
    field.set_occurs_min(static_cast<uint32_t>(item.occurs_min));
  }
  for (const ConditionName& condition : item.conditions) {
    CobolCondition* out = field.add_conditions();
    out->set_name(condition.name);
    for (const std::string& value : condition.values) out->add_values(value);
  }
  return field;
}

// The proto type of an elementary item: text as string, integers up to 18 digits as
// integers, other decimals as canonical decimal strings, COMP-1/COMP-2 as double.
std::string ScalarType(const CopybookItem& item) {
  switch (UsageOf(item)) {
    case COBOL_FLOAT:
      return "double";
    case COBOL_ZONED:
    case COBOL_PACKED:
    case COBOL_BINARY:
    case COBOL_NATIVE_BINARY: {
      if (item.scale > 0) return "string";
      const int positions = item.digits - std::min(item.scale, 0);
      if (item.usage == Usage::kIndex) return "int64";
      if (positions <= 9 && item.scale == 0) return item.is_signed ? "int32" : "uint32";
      if (positions <= 18) return item.is_signed ? "int64" : "uint64";
      return "string";
    }
    default:
      return "string";
  }
}

std::string Describe(const CopybookItem& item) {
  std::string doc = item.name;
  if (!item.picture.empty()) StrAppend(&doc, " PIC ", item.picture);
  switch (item.usage) {
    case Usage::kBinary:
      StrAppend(&doc, " COMP");
      break;
    case Usage::kNative:
      StrAppend(&doc, " COMP-5");
      break;
    case Usage::kPacked:
      StrAppend(&doc, " COMP-3");
      break;
    case Usage::kFloat:
      StrAppend(&doc, " COMP-1");
      break;
    case Usage::kDouble:
      StrAppend(&doc, " COMP-2");
      break;
    default:
      break;
  }
  if (item.occurs_max > 0) {
    StrAppend(&doc, " OCCURS ",
              item.occurs_min < item.occurs_max && !item.depending_on.empty()
                  ? StrCat(item.occurs_min, " TO ", item.occurs_max)
                  : StrCat(item.occurs_max));
    if (!item.depending_on.empty()) StrAppend(&doc, " DEPENDING ON ", item.depending_on);
  }
  if (!item.redefines.empty()) StrAppend(&doc, " REDEFINES ", item.redefines);
  if (UsageOf(item) == COBOL_EDITED) {
    StrAppend(&doc, " (numeric-edited: read as the edited text; a plain number is edited)");
  }
  if (item.category != Category::kGroup && ScalarType(item) == "string" &&
      UsageOf(item) != COBOL_TEXT && UsageOf(item) != COBOL_NATIONAL &&
      UsageOf(item) != COBOL_EDITED) {
    StrAppend(&doc, " (exact decimal string)");
  }
  for (const ConditionName& condition : item.conditions) {
    StrAppend(&doc, "; ", condition.name, " = ", StrJoin(condition.values, ", "));
  }
  StrAppend(&doc, ".");
  return doc;
}

absl::StatusOr<int> StatusCodeNamed(std::string_view name) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  for (int code = 1; code < 17; ++code) {
    if (Upper(name) == kNames[code]) return code;
  }
  return absl::InvalidArgumentError(
      StrCat("'", name, "' is not a gRPC status other than OK (e.g. NOT_FOUND)"));
}

// Builds the messages of one level 01 record.
class RecordBuilder {
 public:
  RecordBuilder(const CopybookItem& record, const manifest::Manifest& manifest,
                const records::RecordDialect& dialect, std::string_view file,
                std::vector<std::string>* warnings = nullptr)
      : record_(record), manifest_(manifest), dialect_(dialect), file_(file), warnings_(warnings) {
    IndexItems(record, nullptr, false, &items_);
    for (const std::string& name : manifest.redact()) redacted_.insert(Upper(name));
  }

  // The record's message, named `name`.
  absl::StatusOr<MessageModel> Build(const std::string& name) {
    MessageModel message;
    message.name = name;
    DRAGOMAN_RETURN_IF_ERROR(Group(record_, name, &message));
    message.cobol.set_name(record_.name);
    message.cobol.set_length(static_cast<uint32_t>(record_.storage_length));
    message.doc = StrCat("Level 01 record ", record_.name, ", ", record_.storage_length,
                         " bytes, from ", file_, ".");
    std::string initial;
    DRAGOMAN_RETURN_IF_ERROR(InitialBytes(&initial));
    message.cobol.set_initial_hex(absl::BytesToHexString(initial));
    // Items after an OCCURS DEPENDING ON table keep the positions of its largest size (as
    // cb2xml and Cobrix lay them out); a table that ends the record, outside other tables,
    // ends it after its last occurrence (IBM's variable-length record).
    for (const ItemInfo& info : items_) {
      if (info.item->depending_on.empty()) continue;
      const int end = info.item->offset + info.item->storage_length * info.item->occurs_max;
      if ((info.parent == nullptr || !InTable(info.parent)) && end == record_.storage_length) {
        message.cobol.set_variable(true);
      }
    }
    return message;
  }

  // A rule over this record's items, their offsets from the record start.
  absl::StatusOr<CobolRule> AbsoluteRule(std::string_view text) { return Rule(text, nullptr); }

  // The absolute layout of text item `name`, for status messages.
  absl::StatusOr<CobolField> AbsoluteTextItem(std::string_view name) {
    const ItemInfo* info = Find(name);
    if (info == nullptr || info->in_table || info->item->category == Category::kGroup) {
      return absl::InvalidArgumentError(
          StrCat("no elementary item ", name, " outside tables in ", record_.name));
    }
    return CobolFieldOf(*info->item, 0);
  }

 private:
  bool InTable(const CopybookItem* item) const {
    for (const ItemInfo& info : items_) {
      if (info.item == item) return info.in_table;
    }
    return false;
  }

  const ItemInfo* Find(std::string_view name) const {
    for (const ItemInfo& info : items_) {
      if (!info.item->name.empty() && Upper(info.item->name) == Upper(name)) return &info;
    }
    return nullptr;
  }

  absl::Status Unsupported(const CopybookItem& item, std::string_view what) const {
    return absl::UnimplementedError(
        StrCat(file_, ":", item.line, ": ", item.name, ": ", what, " is not supported yet"));
  }

  // The subject of a rule held by a field of `holder` (the group the field lies in, null for
  // record-wide rules): relative when it is an item of that group, else absolute, which
  // needs it outside any table.
  absl::StatusOr<std::pair<CobolField, bool>> Subject(std::string_view name,
                                                      const CopybookItem* holder) const {
    const ItemInfo* info = Find(name);
    if (info == nullptr) {
      return absl::InvalidArgumentError(StrCat("no item ", name, " in ", record_.name));
    }
    if (info->item->category == Category::kGroup) {
      return absl::InvalidArgumentError(StrCat(name, " is a group, not an elementary item"));
    }
    if (holder != nullptr && info->parent == holder && info->item->occurs_max == 0) {
      return std::make_pair(CobolFieldOf(*info->item, holder->offset), false);
    }
    if (info->in_table) {
      return absl::InvalidArgumentError(
          StrCat(name, " lies in a table (OCCURS) and is not beside the item that needs it"));
    }
    return std::make_pair(CobolFieldOf(*info->item, 0), true);
  }

  // Parses "ITEM = v1, v2" / "ITEM != v"; values are checked against the item and kept in the
  // form a read of it yields.
  absl::StatusOr<CobolRule> Rule(std::string_view text, const CopybookItem* holder) const {
    CobolRule rule;
    rule.set_text(std::string(text));
    absl::StatusOr<RuleText> parsed = ParseRuleText(text);
    if (!parsed.ok()) return parsed.status();
    rule.set_negate(parsed->negate);
    absl::StatusOr<std::pair<CobolField, bool>> subject = Subject(parsed->subject, holder);
    if (!subject.ok()) return WithContext(subject.status(), StrCat("rule '", text, "'"));
    *rule.mutable_subject() = subject->first;
    rule.mutable_subject()->clear_conditions();
    rule.set_absolute(subject->second);
    const CobolField& field = subject->first;
    records::FieldLayout layout = ElementaryLayout(*Find(parsed->subject)->item);
    layout.offset = 0;
    const bool is_text = field.usage() == COBOL_TEXT || field.usage() == COBOL_NATIONAL ||
                         field.usage() == COBOL_EDITED;
    if (parsed->quoted != is_text) {
      return absl::InvalidArgumentError(
          StrCat("rule '", text, "': ", parsed->subject, " is ",
                 is_text ? "text: quote its values" : "numeric: write its values unquoted"));
    }
    for (const std::string& literal : parsed->values) {
      // Kept as a read of the item yields it, so the runtime compares strings.
      std::string scratch(field.length(), '\0');
      std::string canonical;
      absl::Status status = is_text ? records::WriteText(layout, literal, dialect_, 0, &scratch)
                                    : records::WriteDecimal(layout, literal, dialect_, 0, &scratch);
      if (status.ok()) {
        status = is_text ? records::ReadText(layout, scratch, 0, dialect_, &canonical)
                         : records::ReadDecimal(layout, scratch, 0, dialect_, &canonical);
      }
      if (!status.ok()) return WithContext(status, StrCat("rule '", text, "'"));
      rule.add_values(canonical);
    }
    return rule;
  }

  absl::Status Group(const CopybookItem& group, const std::string& path, MessageModel* message) {
    NameScope fields;
    NameScope types;
    int number = 1;
    std::map<std::string, std::vector<const CopybookItem*>> redefiners;
    for (const CopybookItem& child : group.children) {
      if (!child.redefines.empty() && Kept(child))
        redefiners[Upper(child.redefines)].push_back(&child);
    }
    for (const CopybookItem& child : group.children) {
      if (!Kept(child) || !child.redefines.empty()) continue;
      auto branches = redefiners.find(Upper(child.name));
      if (branches == redefiners.end()) {
        DRAGOMAN_RETURN_IF_ERROR(Field(group, child, "", path, fields, types, &number, message));
        continue;
      }
      const std::string oneof = fields.Unique(StrCat(ToSnakeCase(child.name), "_layout"));
      std::vector<const CopybookItem*> members = {&child};
      members.insert(members.end(), branches->second.begin(), branches->second.end());
      for (const CopybookItem* member : members) {
        if (member->occurs_max > 0) {
          return Unsupported(*member, "a table (OCCURS) in a REDEFINES");
        }
        DRAGOMAN_RETURN_IF_ERROR(
            Field(group, *member, oneof, path, fields, types, &number, message));
      }
    }
    return absl::OkStatus();
  }

  bool Kept(const CopybookItem& item) const {
    return !item.filler && !item.name.empty() && redacted_.count(Upper(item.name)) == 0;
  }

  absl::Status Field(const CopybookItem& group, const CopybookItem& item, const std::string& oneof,
                     const std::string& path, NameScope& fields, NameScope& types, int* number,
                     MessageModel* message) {
    FieldModel field;
    field.name = fields.Unique(ToSnakeCase(item.name));
    field.number = (*number)++;
    field.oneof = oneof;
    field.cobol = CobolFieldOf(item, group.offset);
    field.doc = Describe(item);
    if (item.occurs_max > 0) field.label = FieldModel::Label::kRepeated;
    if (!item.depending_on.empty()) {
      absl::StatusOr<CobolRule> counter = Rule(StrCat(item.depending_on, " = 0"), &group);
      if (!counter.ok()) {
        return WithContext(counter.status(), StrCat(file_, ":", item.line, ": ", item.name,
                                                    " DEPENDING ON ", item.depending_on));
      }
      counter->clear_values();
      counter->set_text(StrCat("DEPENDING ON ", item.depending_on));
      *field.cobol.mutable_depending_on() = *std::move(counter);
    }
    if (!oneof.empty()) {
      auto rule = manifest_.redefines().find(item.name);
      if (rule == manifest_.redefines().end()) {
        for (const auto& [name, text] : manifest_.redefines()) {
          if (Upper(name) == Upper(item.name)) rule = manifest_.redefines().find(name);
        }
      }
      if (rule != manifest_.redefines().end()) {
        absl::StatusOr<CobolRule> when = Rule(rule->second, &group);
        if (!when.ok()) {
          return WithContext(when.status(), StrCat("redefines.", rule->first));
        }
        *field.cobol.mutable_when() = *std::move(when);
      }
      field.cobol.set_redefines(item.redefines);
    }
    if (item.category == Category::kGroup) {
      MessageModel nested;
      nested.name = types.Unique(ToPascalCase(item.name), /*pascal=*/true);
      nested.cobol.set_name(item.name);
      nested.cobol.set_length(static_cast<uint32_t>(item.storage_length));
      const std::string nested_path = StrCat(path, ".", nested.name);
      DRAGOMAN_RETURN_IF_ERROR(Group(item, nested_path, &nested));
      field.type = nested_path;
      message->nested_messages.push_back(std::move(nested));
    } else {
      field.type = ScalarType(item);
    }
    message->fields.push_back(std::move(field));
    return absl::OkStatus();
  }

  // INITIALIZE's image of the record, then the VALUE clauses of items outside tables, then
  // the manifest's defaults.
  absl::Status InitialBytes(std::string* bytes) const {
    RecordEncodeOptions options;
    options.code_page = dialect_.code_page;
    options.ibm_float = dialect_.ibm_float;
    DRAGOMAN_RETURN_IF_ERROR(EncodeRecordFromJson(record_, "{}", options, bytes));
    for (const ItemInfo& info : items_) {
      const CopybookItem& item = *info.item;
      if (item.value.empty() || info.in_table || item.category == Category::kGroup) continue;
      // A VALUE the item or code page cannot hold is the copybook's business on its own
      // platform; here it only seeds the initial bytes, so it is reported and left out.
      if (absl::Status status = ApplyValue(item, bytes); !status.ok() && warnings_ != nullptr) {
        warnings_->push_back(StrCat(status.message(), " (not applied to the initial bytes)"));
      }
    }
    for (const auto& [name, value] : manifest_.defaults()) {
      const ItemInfo* info = Find(name);
      if (info == nullptr) continue;  // an item of another record
      if (info->in_table || info->item->category == Category::kGroup) {
        return absl::InvalidArgumentError(
            StrCat("defaults.", name, ": only elementary items outside tables have defaults"));
      }
      const records::FieldLayout layout = ElementaryLayout(*info->item);
      const CobolUsage usage = UsageOf(*info->item);
      absl::Status status = usage == COBOL_TEXT || usage == COBOL_NATIONAL || usage == COBOL_EDITED
                                ? records::WriteText(layout, value, dialect_, 0, bytes)
                                : records::WriteDecimal(layout, value, dialect_, 0, bytes);
      if (!status.ok()) return WithContext(status, StrCat("defaults.", name));
    }
    return absl::OkStatus();
  }

  // Writes an elementary item's VALUE: a literal, a figurative constant (SPACES, ZEROS,
  // LOW-VALUES, HIGH-VALUES, QUOTES) or ALL 'x'.
  absl::Status ApplyValue(const CopybookItem& item, std::string* bytes) const {
    const records::FieldLayout layout = ElementaryLayout(item);
    const std::string where = StrCat(file_, ":", item.line, ": ", item.name, " VALUE");
    std::string value = item.value;
    const std::string word = Upper(value);
    const bool text = item.category != Category::kNumeric;
    auto fill = [&](char byte) {
      bytes->replace(item.offset, static_cast<size_t>(item.storage_length),
                     static_cast<size_t>(item.storage_length), byte);
      return absl::OkStatus();
    };
    if (word == "LOW-VALUE" || word == "LOW-VALUES" || word == "NULL" || word == "NULLS") {
      return fill('\0');
    }
    if (word == "HIGH-VALUE" || word == "HIGH-VALUES") return fill('\xFF');
    if (word == "SPACE" || word == "SPACES") {
      return text ? fill(static_cast<char>(dialect_.code_page->space()))
                  : absl::InvalidArgumentError(StrCat(where, ": SPACES for a number"));
    }
    if (word == "ZERO" || word == "ZEROS" || word == "ZEROES") {
      value = text ? std::string(static_cast<size_t>(item.storage_length), '0') : "0";
    } else if (word == "QUOTE" || word == "QUOTES") {
      value = std::string(static_cast<size_t>(item.storage_length), '"');
    } else if (word.starts_with("ALL ")) {
      std::string pattern = value.substr(4);
      if (pattern.size() >= 2 && (pattern.front() == '\'' || pattern.front() == '"')) {
        pattern = pattern.substr(1, pattern.size() - 2);
      }
      if (pattern.empty()) return absl::InvalidArgumentError(StrCat(where, ": ALL ''"));
      value.clear();
      while (static_cast<int>(value.size()) < item.storage_length) value += pattern;
      value.resize(static_cast<size_t>(item.storage_length));
    } else if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"')) {
      value = value.substr(1, value.size() - 2);
    } else if (word.starts_with("X'") || word.starts_with("X\"")) {
      return absl::OkStatus();  // hexadecimal literals: the bytes are the program's business
    }
    absl::Status status = text ? records::WriteText(layout, value, dialect_, 0, bytes)
                               : records::WriteDecimal(layout, value, dialect_, 0, bytes);
    return status.ok() ? status : WithContext(status, where);
  }

  const CopybookItem& record_;
  const manifest::Manifest& manifest_;
  const records::RecordDialect& dialect_;
  std::string file_;
  std::vector<ItemInfo> items_;
  std::set<std::string> redacted_;
  std::vector<std::string>* warnings_;
};

}  // namespace

absl::StatusOr<manifest::Manifest> LoadManifest(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, kMaxManifestBytes);
  if (!text.ok()) return text.status();
  DRAGOMAN_RETURN_IF_ERROR(config::CheckYamlNesting(*text));
  YAML::Node root;
  try {  // yaml-cpp reports syntax errors only by exception; this is the generator, not a call
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(StrCat(path, ": YAML syntax error at line ", e.mark.line + 1,
                                             ", column ", e.mark.column + 1, ": ", e.msg));
  }
  manifest::Manifest manifest;
  if (absl::Status status = config::YamlToMessage(root, "", &manifest); !status.ok()) {
    return WithContext(status, path);
  }
  return manifest;
}

absl::StatusOr<std::string> ReadCopybookSource(const std::string& path,
                                               const std::vector<std::string>& include_paths,
                                               bool free_format) {
  std::vector<std::string> dirs = {std::filesystem::path(path).parent_path().string()};
  if (dirs.front().empty()) dirs.front() = ".";
  dirs.insert(dirs.end(), include_paths.begin(), include_paths.end());
  std::string text;
  DRAGOMAN_RETURN_IF_ERROR(ExpandCopies(path, dirs, free_format, 0, &text));
  return text;
}

absl::StatusOr<RecordDialectChoice> DialectOf(const manifest::Manifest& manifest) {
  RecordDialectChoice choice;
  if (!manifest.code_page().empty()) {
    const records::CodePage* page = records::CodePage::Find(manifest.code_page());
    if (page == nullptr) {
      return absl::InvalidArgumentError(
          StrCat("code_page: unknown code page '", manifest.code_page(),
                 "' (known: ", StrJoin(records::CodePage::Names(), ", "), ")"));
    }
    choice.code_page = std::string(page->name());
  }
  if (manifest.dialect() == "gnucobol") {
    choice.dialect = "gnucobol";
    choice.ibm_float = false;
    choice.native_little_endian = true;
  } else if (!manifest.dialect().empty() && manifest.dialect() != "ibm") {
    return absl::InvalidArgumentError(
        StrCat("dialect: '", manifest.dialect(), "' is neither ibm nor gnucobol"));
  }
  if (manifest.float_format() == "ieee" || manifest.float_format() == "ibm") {
    choice.ibm_float = manifest.float_format() == "ibm";
  } else if (!manifest.float_format().empty()) {
    return absl::InvalidArgumentError(
        StrCat("float_format: '", manifest.float_format(), "' is neither ibm nor ieee"));
  }
  if (manifest.native_byte_order() == "big" || manifest.native_byte_order() == "little") {
    choice.native_little_endian = manifest.native_byte_order() == "little";
  } else if (!manifest.native_byte_order().empty()) {
    return absl::InvalidArgumentError(StrCat("native_byte_order: '", manifest.native_byte_order(),
                                             "' is neither big nor little"));
  }
  if (manifest.binary_sizes() == "1-2-4-8" || manifest.binary_sizes() == "2-4-8") {
    choice.one_byte_binary = manifest.binary_sizes() == "1-2-4-8";
  } else if (!manifest.binary_sizes().empty()) {
    return absl::InvalidArgumentError(
        StrCat("binary_sizes: '", manifest.binary_sizes(), "' is neither 2-4-8 nor 1-2-4-8"));
  }
  return choice;
}

absl::StatusOr<FileModel> BuildModelFromCopybook(const std::string& copybook_path,
                                                 const CopybookGenOptions& options) {
  manifest::Manifest manifest;
  std::vector<std::string> include_paths;
  if (!options.manifest_path.empty()) {
    absl::StatusOr<manifest::Manifest> loaded = LoadManifest(options.manifest_path);
    if (!loaded.ok()) return loaded.status();
    manifest = *std::move(loaded);
    const std::filesystem::path base = std::filesystem::path(options.manifest_path).parent_path();
    for (const std::string& dir : manifest.include_paths()) {
      include_paths.push_back((base / dir).string());
    }
  }
  include_paths.insert(include_paths.end(), options.include_paths.begin(),
                       options.include_paths.end());
  absl::StatusOr<RecordDialectChoice> choice = DialectOf(manifest);
  if (!choice.ok()) return WithContext(choice.status(), options.manifest_path);
  absl::StatusOr<std::string> source =
      ReadCopybookSource(copybook_path, include_paths, options.free_format);
  if (!source.ok()) return source.status();
  const std::string file_name = std::filesystem::path(copybook_path).filename().string();
  CopybookOptions parse_options;
  parse_options.free_format = options.free_format;
  parse_options.one_byte_binary = choice->one_byte_binary;
  absl::StatusOr<std::vector<CopybookItem>> records =
      ParseCopybook(*source, file_name, parse_options);
  if (!records.ok()) return records.status();

  records::RecordDialect dialect;
  dialect.code_page = records::CodePage::Find(choice->code_page);
  dialect.ibm_float = choice->ibm_float;
  dialect.native_little_endian = choice->native_little_endian;

  FileModel file;
  file.copybook = true;
  file.file_name =
      options.proto_file.empty() ? ProtoFileNameFor(copybook_path) : options.proto_file;
  const std::string stem = file.file_name.substr(0, file.file_name.rfind('.'));
  file.package = manifest.package().empty() ? StrCat("legacy.", stem) : manifest.package();
  file.source.set_source(file_name);

  NameScope top;
  std::map<std::string, std::string> message_of;  // upper COBOL record name -> message
  std::map<std::string, const CopybookItem*> record_of;
  for (const CopybookItem& record : *records) {
    if (record.name.empty() || record.category != Category::kGroup) continue;
    RecordBuilder builder(record, manifest, dialect, file_name, &file.warnings);
    const std::string name = top.Unique(ToPascalCase(record.name), /*pascal=*/true);
    absl::StatusOr<MessageModel> message = builder.Build(name);
    if (!message.ok()) return message.status();
    file.messages.push_back(*std::move(message));
    message_of[Upper(record.name)] = name;
    record_of[Upper(record.name)] = &record;
  }
  if (manifest.methods().empty()) return file;

  ServiceModel service;
  service.name =
      manifest.service().empty() ? StrCat(ToPascalCase(stem), "Service") : manifest.service();
  service.doc = StrCat("Programs of ", file_name, ", as ",
                       options.manifest_path.empty()
                           ? std::string("the manifest")
                           : std::filesystem::path(options.manifest_path).filename().string(),
                       " lists them.");
  service.cobol.set_code_page(choice->code_page);
  service.cobol.set_ibm_float(choice->ibm_float);
  service.cobol.set_native_little_endian(choice->native_little_endian);
  service.cobol.set_dialect(choice->dialect);
  if (manifest.has_framing()) *service.cobol.mutable_framing() = manifest.framing();
  NameScope method_names;
  for (int i = 0; i < manifest.methods_size(); ++i) {
    const manifest::Method& spec = manifest.methods(i);
    const std::string where = StrCat(options.manifest_path, ": methods[", i, "]");
    for (const std::string* record : {&spec.request(), &spec.reply()}) {
      if (message_of.count(Upper(*record)) == 0) {
        return absl::InvalidArgumentError(
            StrCat(where, ": no level 01 record '", *record, "' in ", file_name));
      }
    }
    if (spec.program().empty() && spec.name().empty()) {
      return absl::InvalidArgumentError(StrCat(where, ": give the program (or at least a name)"));
    }
    if (spec.transaction().size() > 8) {
      return absl::InvalidArgumentError(StrCat(where, ".transaction: at most 8 characters, '",
                                               spec.transaction(), "' has ",
                                               spec.transaction().size()));
    }
    MethodModel method;
    method.name = method_names.Unique(
        spec.name().empty() ? ToPascalCase(spec.program()) : spec.name(), /*pascal=*/true);
    method.input = message_of[Upper(spec.request())];
    method.output = message_of[Upper(spec.reply())];
    method.doc =
        StrCat("Calls program ", spec.program().empty() ? spec.name() : spec.program(),
               spec.transaction().empty() ? "" : StrCat(" (transaction ", spec.transaction(), ")"),
               spec.read_only()    ? "; changes nothing, safe to retry."
               : spec.idempotent() ? "; safe to retry."
                                   : "; never retried once sent.");
    method.cobol.set_program(spec.program());
    method.cobol.set_transaction(spec.transaction());
    method.cobol.set_idempotent(spec.idempotent() || spec.read_only());
    if (spec.read_only()) {
      method.idempotency = google::protobuf::MethodOptions::NO_SIDE_EFFECTS;
    } else if (spec.idempotent()) {
      method.idempotency = google::protobuf::MethodOptions::IDEMPOTENT;
    }
    method.http = spec.http();
    RecordBuilder reply(*record_of[Upper(spec.reply())], manifest, dialect, file_name);
    for (int j = 0; j < spec.errors_size(); ++j) {
      const manifest::Outcome& outcome = spec.errors(j);
      const std::string at = StrCat(where, ".errors[", j, "]");
      CobolReplyRule* rule = method.cobol.add_replies();
      absl::StatusOr<CobolRule> when = reply.AbsoluteRule(outcome.when());
      if (!when.ok()) return WithContext(when.status(), StrCat(at, ".when"));
      *rule->mutable_when() = *std::move(when);
      absl::StatusOr<int> code = StatusCodeNamed(outcome.status());
      if (!code.ok()) return WithContext(code.status(), StrCat(at, ".status"));
      rule->set_status(*code);
      if (!outcome.message().empty()) {
        absl::StatusOr<CobolField> message = reply.AbsoluteTextItem(outcome.message());
        if (!message.ok()) return WithContext(message.status(), StrCat(at, ".message"));
        *rule->mutable_message() = *std::move(message);
      }
    }
    service.methods.push_back(std::move(method));
  }
  file.services.push_back(std::move(service));
  return file;
}

}  // namespace dragoman::codegen
