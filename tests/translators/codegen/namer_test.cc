#include "translators/codegen/namer.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace dragoman::codegen {
namespace {

struct CaseRow {
  const char* input;
  const char* pascal;
  const char* snake;
  const char* upper_snake;
};

// Word splitting rules (namer.h): separators are punctuation and spaces; a word starts at a
// lower->upper or digit->upper transition and before the last capital of an acronym.
const CaseRow kCaseTable[] = {
    // Plain camel and Pascal case.
    {"accountId", "AccountId", "account_id", "ACCOUNT_ID"},
    {"getAccountResponse", "GetAccountResponse", "get_account_response", "GET_ACCOUNT_RESPONSE"},
    {"CamelCase", "CamelCase", "camel_case", "CAMEL_CASE"},
    {"x", "X", "x", "X"},
    {"X", "X", "x", "X"},
    // Acronyms: the last capital before a lower-case letter starts the next word.
    {"XMLParser", "XmlParser", "xml_parser", "XML_PARSER"},
    {"SOAPAction", "SoapAction", "soap_action", "SOAP_ACTION"},
    {"MyXMLHttpRequest", "MyXmlHttpRequest", "my_xml_http_request", "MY_XML_HTTP_REQUEST"},
    {"userID", "UserId", "user_id", "USER_ID"},
    {"ID", "Id", "id", "ID"},
    {"GETACCOUNT", "Getaccount", "getaccount", "GETACCOUNT"},
    {"ALL_CAPS_NAME", "AllCapsName", "all_caps_name", "ALL_CAPS_NAME"},
    {"iPhone", "IPhone", "i_phone", "I_PHONE"},
    // Digits stay with the word before them; an upper-case letter after a digit starts a word.
    {"address1", "Address1", "address1", "ADDRESS1"},
    {"address1Line", "Address1Line", "address1_line", "ADDRESS1_LINE"},
    {"A1B2", "A1B2", "a1_b2", "A1_B2"},
    {"a1b2", "A1b2", "a1b2", "A1B2"},
    {"HTTPServer2", "HttpServer2", "http_server2", "HTTP_SERVER2"},
    {"ABC123", "Abc123", "abc123", "ABC123"},
    {"123", "123", "123", "123"},
    {"1stPlace", "1stPlace", "1st_place", "1ST_PLACE"},
    // Dashes, dots, underscores, spaces and other punctuation separate words.
    {"get-account_response", "GetAccountResponse", "get_account_response", "GET_ACCOUNT_RESPONSE"},
    {"foo--bar__baz", "FooBarBaz", "foo_bar_baz", "FOO_BAR_BAZ"},
    {"a.b.c", "ABC", "a_b_c", "A_B_C"},
    {"1.0", "10", "1_0", "1_0"},
    {"v1.2", "V12", "v1_2", "V1_2"},
    {"in-progress", "InProgress", "in_progress", "IN_PROGRESS"},
    {"with space", "WithSpace", "with_space", "WITH_SPACE"},
    {"tab\tand\nnewline", "TabAndNewline", "tab_and_newline", "TAB_AND_NEWLINE"},
    {"_leading_underscore", "LeadingUnderscore", "leading_underscore", "LEADING_UNDERSCORE"},
    {"trailing_", "Trailing", "trailing", "TRAILING"},
    {"already_snake_case", "AlreadySnakeCase", "already_snake_case", "ALREADY_SNAKE_CASE"},
    {"#text", "Text", "text", "TEXT"},
    {"ns:local", "NsLocal", "ns_local", "NS_LOCAL"},
    {"$ref", "Ref", "ref", "REF"},
    // Nothing left: the empty identifier (NameScope turns it into a valid one).
    {"", "", "", ""},
    {"___", "", "", ""},
    {"-", "", "", ""},
    {"+", "", "", ""},
};

TEST(NamerTest, CaseConversionTable) {
  for (const CaseRow& row : kCaseTable) {
    SCOPED_TRACE(::testing::Message() << "input \"" << row.input << "\"");
    EXPECT_EQ(ToPascalCase(row.input), row.pascal);
    EXPECT_EQ(ToSnakeCase(row.input), row.snake);
    EXPECT_EQ(ToUpperSnakeCase(row.input), row.upper_snake);
  }
}

TEST(NamerTest, ConversionsAreConsistent) {
  for (const CaseRow& row : kCaseTable) {
    SCOPED_TRACE(::testing::Message() << "input \"" << row.input << "\"");
    // snake_case is a fixed point; the other forms derive from the same words.
    EXPECT_EQ(ToSnakeCase(ToSnakeCase(row.input)), ToSnakeCase(row.input));
    EXPECT_EQ(ToPascalCase(ToSnakeCase(row.input)), ToPascalCase(row.input));
    std::string upper = ToSnakeCase(row.input);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(ToUpperSnakeCase(row.input), upper);
  }
}

TEST(NamerTest, OutputsContainOnlyIdentifierCharacters) {
  for (const CaseRow& row : kCaseTable) {
    for (const std::string& out :
         {ToPascalCase(row.input), ToSnakeCase(row.input), ToUpperSnakeCase(row.input)}) {
      for (char c : out) {
        EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_')
            << "'" << out << "' from \"" << row.input << "\"";
      }
    }
  }
}

TEST(NameScopeTest, HandsOutTheCandidateFirst) {
  NameScope scope;
  EXPECT_EQ(scope.Unique("account_id"), "account_id");
  EXPECT_TRUE(scope.Taken("account_id"));
  EXPECT_FALSE(scope.Taken("account"));
}

TEST(NameScopeTest, NumbersRepeatedNames) {
  NameScope scope;
  EXPECT_EQ(scope.Unique("value"), "value");
  EXPECT_EQ(scope.Unique("value"), "value_2");
  EXPECT_EQ(scope.Unique("value"), "value_3");
  EXPECT_TRUE(scope.Taken("value_2"));
}

TEST(NameScopeTest, PascalScopesAppendTheNumberDirectly) {
  NameScope scope;
  EXPECT_EQ(scope.Unique("Account", true), "Account");
  EXPECT_EQ(scope.Unique("Account", true), "Account2");
  EXPECT_EQ(scope.Unique("Account", true), "Account3");
}

TEST(NameScopeTest, SkipsNumbersAlreadyTaken) {
  NameScope scope;
  EXPECT_EQ(scope.Unique("a"), "a");
  EXPECT_EQ(scope.Unique("a_2"), "a_2");
  EXPECT_EQ(scope.Unique("a"), "a_3");
  NameScope pascal;
  EXPECT_EQ(pascal.Unique("Foo2", true), "Foo2");
  EXPECT_EQ(pascal.Unique("Foo", true), "Foo");
  EXPECT_EQ(pascal.Unique("Foo", true), "Foo3");
}

TEST(NameScopeTest, IsCaseSensitive) {
  NameScope scope;
  EXPECT_EQ(scope.Unique("Foo", true), "Foo");
  EXPECT_EQ(scope.Unique("foo"), "foo");
}

TEST(NameScopeTest, ReservedNamesAreNeverHandedOut) {
  NameScope scope;
  scope.Reserve("account");
  EXPECT_TRUE(scope.Taken("account"));
  EXPECT_EQ(scope.Unique("account"), "account_2");
}

TEST(NameScopeTest, AvoidsKeywords) {
  struct Row {
    const char* candidate;
    bool pascal;
    const char* expected;
  };
  const Row rows[] = {
      // C++
      {"class", false, "class_"},
      {"namespace", false, "namespace_"},
      {"delete", false, "delete_"},
      {"default", false, "default_"},
      {"register", false, "register_"},
      // Python
      {"def", false, "def_"},
      {"from", false, "from_"},
      {"None", true, "NoneType"},
      {"True", true, "TrueType"},
      // Java / Go / C#
      {"package", false, "package_"},
      {"type", false, "type_"},
      {"func", false, "func_"},
      {"interface", false, "interface_"},
      // Not keywords: kept.
      {"string", false, "string"},
      {"Class", true, "Class"},
      {"types", false, "types"},
      {"class_name", false, "class_name"},
  };
  for (const Row& row : rows) {
    NameScope scope;
    EXPECT_EQ(scope.Unique(row.candidate, row.pascal), row.expected) << row.candidate;
  }
}

TEST(NameScopeTest, RepeatedKeywordsStayUniqueAndValid) {
  NameScope scope;
  const std::string first = scope.Unique("class");
  const std::string second = scope.Unique("class");
  EXPECT_EQ(first, "class_");
  EXPECT_NE(second, first);
  EXPECT_NE(second, "class");
  EXPECT_TRUE(scope.Taken(second));
}

TEST(NameScopeTest, FixesLeadingDigits) {
  NameScope snake;
  EXPECT_EQ(snake.Unique("1st_place"), "n_1st_place");
  EXPECT_EQ(snake.Unique("2"), "n_2");
  NameScope pascal;
  EXPECT_EQ(pascal.Unique("1stPlace", true), "N1stPlace");
  EXPECT_EQ(pascal.Unique("1stPlace", true), "N1stPlace2");
}

TEST(NameScopeTest, NamesTheEmptyIdentifier) {
  NameScope snake;
  EXPECT_EQ(snake.Unique(""), "unnamed");
  EXPECT_EQ(snake.Unique(""), "unnamed_2");
  NameScope pascal;
  EXPECT_EQ(pascal.Unique("", true), "Unnamed");
}

TEST(NameScopeTest, EveryHandedOutNameIsDistinct) {
  NameScope scope;
  std::set<std::string> seen;
  const std::vector<std::string> candidates = {"a", "a",   "a_2", "a", "class",   "class_", "class",
                                               "1", "n_1", "1",   "",  "unnamed", ""};
  for (const std::string& candidate : candidates) {
    const std::string name = scope.Unique(candidate);
    EXPECT_TRUE(seen.insert(name).second) << "'" << name << "' handed out twice";
    EXPECT_FALSE(name.empty());
    EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(name[0]))) << name;
  }
}

// protoc's JSON name of a field (descriptor.cc ToJsonName): underscores dropped, the character
// after one upper-cased.
std::string JsonName(const std::string& field) {
  std::string out;
  bool upper = false;
  for (char c : field) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return out;
}

// proto3 rejects two fields of one message whose JSON names are equal ("The JSON camel-case
// name of field "a2" conflicts with field "a_2""). Field names come from one NameScope per
// message, so the scope has to keep the JSON names distinct too.
TEST(NameScopeTest, NumberedNamesKeepJsonNamesDistinct) {
  NameScope scope;
  std::set<std::string> json;
  for (const std::string candidate : {"a", "a", "a2"}) {
    const std::string name = scope.Unique(candidate);
    EXPECT_TRUE(json.insert(JsonName(name)).second) << name << " -> " << JsonName(name);
  }
}

TEST(NameScopeTest, SnakeCaseOfDigitWordsKeepsJsonNamesDistinct) {
  NameScope scope;
  const std::string a = scope.Unique(ToSnakeCase("line1"));
  const std::string b = scope.Unique(ToSnakeCase("line_1"));
  EXPECT_NE(JsonName(a), JsonName(b)) << a << " vs " << b;
}

}  // namespace
}  // namespace dragoman::codegen
