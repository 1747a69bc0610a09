// Turns schema names into idiomatic, unique proto identifiers. Every identifier the generator
// writes goes through here, so case rules, keywords and collisions are handled in one place.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_NAMER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_NAMER_H_

#include <set>
#include <string>
#include <string_view>

namespace dragoman::codegen {

// "getAccountResponse", "get-account_response", "GETACCOUNT" -> word-split identifiers.
// Words split at '-', '_', '.', spaces and other punctuation, at lower->upper transitions and
// before the last capital of an acronym ("XMLParser" -> "XML", "Parser").

// PascalCase: "accountId" -> "AccountId", "XMLParser" -> "XmlParser".
std::string ToPascalCase(std::string_view name);
// snake_case: "accountId" -> "account_id", "XMLParser" -> "xml_parser".
std::string ToSnakeCase(std::string_view name);
// UPPER_SNAKE_CASE: "accountStatus" -> "ACCOUNT_STATUS".
std::string ToUpperSnakeCase(std::string_view name);

// True for keywords of the languages clients commonly generate stubs in (C++, Python, Java, Go,
// C#); such identifiers compile in some languages only after mangling.
bool IsReservedWord(std::string_view name);

// protoc's JSON name of a field: "line_1" -> "line1", "a_b" -> "aB".
std::string JsonName(std::string_view field_name);

// Hands out unique names within one scope; a name already taken gets "_2", "_3", ... (or "2"
// for PascalCase scopes). Identifiers that would not be valid (leading digit, empty) are fixed
// with a prefix, and names that break generated code in some language are avoided. Names count
// as taken also when protoc would see them as equal: fields by their JSON name, enum values by
// their name without the enum's prefix, ignoring case and underscores.
class NameScope {
 public:
  // Reserves `name` as is (e.g. a name the scope must never hand out).
  void Reserve(std::string name) { taken_.insert(std::move(name)); }
  // Returns `candidate` made valid and unique in this scope, and reserves it. Field names
  // (pascal false) are also unique by JSON name and avoid protoc's C++ member names.
  std::string Unique(std::string candidate, bool pascal = false);
  // Returns an enum value name unique in this scope, also after protoc strips `prefix`.
  std::string UniqueEnumValue(std::string candidate, std::string_view prefix);
  // True if `name` is taken.
  bool Taken(const std::string& name) const { return taken_.count(name) > 0; }

 private:
  std::set<std::string> taken_;
  std::set<std::string> json_names_;
  std::set<std::string> enum_aliases_;
};

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_NAMER_H_
