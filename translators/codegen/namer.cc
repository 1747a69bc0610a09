#include "translators/codegen/namer.h"

#include <cctype>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

// Keywords of the languages clients commonly generate stubs for; a field or type named like one
// compiles in some languages only after mangling, so the generator avoids them up front.
constexpr std::string_view kKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "class", "compl", "const", "constexpr", "const_cast", "continue",
    "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit",
    "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
    "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "return", "short",
    "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template",
    "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union",
    "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    // Python
    "as", "assert", "async", "await", "def", "del", "elif", "except", "finally", "from", "global",
    "import", "in", "is", "lambda", "nonlocal", "pass", "raise", "with", "yield", "None", "True",
    "False",
    // Java / Go / C#
    "abstract", "boolean", "byte", "extends", "final", "implements", "instanceof", "interface",
    "native", "package", "strictfp", "super", "synchronized", "throws", "transient", "chan", "func",
    "go", "map", "range", "select", "type", "var"};

// Members protoc's C++ generator adds to every message; a field with one of these names does
// not compile.
constexpr std::string_view kMessageMembers[] = {
    "descriptor",     "default_instance",       "internal_default_instance",
    "unknown_fields", "mutable_unknown_fields", "get_descriptor",
    "get_reflection"};

bool IsMessageMember(std::string_view name) {
  for (std::string_view m : kMessageMembers) {
    if (m == name) return true;
  }
  return false;
}

// The form protoc compares enum values in: prefix stripped, underscores dropped, lower case.
// Keyed by the prefix as well: values of different enums never clash with each other.
std::string EnumValueAlias(std::string_view name, std::string_view prefix) {
  if (name.substr(0, prefix.size()) == prefix) name.remove_prefix(prefix.size());
  std::string alias = StrCat(prefix, "|");
  for (char c : name) {
    if (c != '_') alias.push_back(absl::ascii_tolower(c));
  }
  return alias;
}

// Splits a schema name into lower-case words (see namer.h for the rules).
std::vector<std::string> SplitWords(std::string_view name) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(absl::AsciiStrToLower(current));
    current.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (!current.empty()) {
      const unsigned char prev = static_cast<unsigned char>(current.back());
      const bool next_lower =
          i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      if (std::isupper(c) && (std::islower(prev) || std::isdigit(prev))) {
        flush();  // accountId -> account | Id
      } else if (std::isupper(c) && std::isupper(prev) && next_lower) {
        flush();  // XMLParser -> XML | Parser
      }
    }
    current.push_back(static_cast<char>(c));
  }
  flush();
  return words;
}

}  // namespace

bool IsReservedWord(std::string_view name) {
  for (std::string_view k : kKeywords) {
    if (k == name) return true;
  }
  return false;
}

std::string JsonName(std::string_view field_name) {
  std::string out;
  bool upper = false;
  for (char c : field_name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? absl::ascii_toupper(c) : c);
    upper = false;
  }
  return out;
}

std::string ToPascalCase(std::string_view name) {
  std::string out;
  for (std::string& word : SplitWords(name)) {
    word[0] = absl::ascii_toupper(word[0]);
    out += word;
  }
  return out;
}

std::string ToSnakeCase(std::string_view name) {
  std::string out;
  for (const std::string& word : SplitWords(name)) {
    if (!out.empty()) out.push_back('_');
    out += word;
  }
  return out;
}

std::string ToUpperSnakeCase(std::string_view name) {
  return absl::AsciiStrToUpper(ToSnakeCase(name));
}

std::string NameScope::Unique(std::string candidate, bool pascal) {
  if (candidate.empty()) candidate = pascal ? "Unnamed" : "unnamed";
  if (std::isdigit(static_cast<unsigned char>(candidate[0]))) {
    candidate = StrCat(pascal ? "N" : "n", pascal ? "" : "_", candidate);
  }
  if (IsReservedWord(candidate)) candidate += pascal ? "Type" : "_";
  if (!pascal && IsMessageMember(candidate)) candidate += "_";
  std::string name = candidate;
  // "a_2" and "a2" share the JSON name "a2", so fields number with a distinct separator form.
  for (int suffix = 2; taken_.count(name) > 0 || (!pascal && json_names_.count(JsonName(name)) > 0);
       ++suffix) {
    name = StrCat(candidate, pascal ? "" : "_", suffix);
  }
  taken_.insert(name);
  if (!pascal) json_names_.insert(JsonName(name));
  return name;
}

std::string NameScope::UniqueEnumValue(std::string candidate, std::string_view prefix) {
  std::string name = candidate;
  for (int suffix = 2;
       taken_.count(name) > 0 || enum_aliases_.count(EnumValueAlias(name, prefix)) > 0; ++suffix) {
    name = StrCat(candidate, "_", suffix);
  }
  taken_.insert(name);
  enum_aliases_.insert(EnumValueAlias(name, prefix));
  return name;
}

}  // namespace dragoman::codegen
