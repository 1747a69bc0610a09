// The Cobrix cases of ../shared/corpus/copybooks: records decoded with the corpus copybook
// must give the values Cobrix (a mature mainframe data reader) wrote, with the options the
// corpus README lists. Cobrix's conventions are mapped here, not in the product: '-' in names
// becomes '_', its File_Id/Record_Id columns are dropped, text is trimmed, and its basic
// cp037 shows control characters as spaces.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/codegen/record_decoder.h"
#include "translators/runtime/strings.h"

namespace dragoman::conformance {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

struct Case {
  const char* name;
  const char* copybook;
  const char* data;
  const char* expected;
  const char* code_page;
  // Only records whose SIGNATURE is this (empty: every record), then the first `limit`.
  const char* signature;
  size_t limit;
  // Cobrix trimmed text both sides (else it kept it whole).
  bool trim = true;
  // A record where Cobrix and Dragoman knowingly differ (-1: none), and why.
  int differs = -1;
  const char* why = "";
  // Cobrix's segment redefines: "BRANCH=rule" entries (its segment_field + redefine map).
  std::vector<std::pair<const char*, const char*>> redefines = {};
  // Cobrix's variable_size_occurs: records back to back, each as long as its tables make it,
  // with the 01 level kept as the root.
  bool variable = false;
};

// Cobrix's view of a value: names with '_', trimmed text without control characters.
void Normalize(Value* value, bool trim) {
  if (value->has_struct_value()) {
    Struct renamed;
    for (auto& [key, field] : *value->mutable_struct_value()->mutable_fields()) {
      if (field.has_null_value()) continue;  // Cobrix omits what it could not decode
      Normalize(&field, trim);
      (*renamed.mutable_fields())[absl::StrReplaceAll(key, {{"-", "_"}})] = field;
    }
    *value->mutable_struct_value() = renamed;
  } else if (value->has_list_value()) {
    for (Value& item : *value->mutable_list_value()->mutable_values()) Normalize(&item, trim);
  } else if (value->has_string_value()) {
    std::string text = value->string_value();
    for (size_t i = 0; i < text.size(); ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte < 0x20 || byte == 0x7F) text[i] = ' ';
      // U+0080-U+009F (C1 controls) are two UTF-8 bytes: 0xC2 0x80-0x9F.
      if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
          static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
        text.replace(i, 2, " ");
      }
    }
    value->set_string_value(trim ? std::string(absl::StripAsciiWhitespace(text)) : text);
  }
}

Value Parse(const std::string& json) {
  Struct object;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &object).ok()) << json;
  Value value;
  *value.mutable_struct_value() = object;
  return value;
}

// The JSON objects of an expected file: one per line, or pretty-printed one after another.
std::vector<std::string> SplitObjects(const std::string& text) {
  std::vector<std::string> objects;
  int depth = 0;
  bool in_string = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' && depth++ == 0) start = i;
    if (c == '}' && --depth == 0) objects.push_back(text.substr(start, i + 1 - start));
  }
  return objects;
}

std::vector<std::string> DecodeCase(const Case& c) {
  const std::string root = StrCat(codegen::testing::CorpusDir(), "/copybooks/cobrix/");
  absl::StatusOr<std::vector<codegen::CopybookItem>> copybook =
      codegen::ParseCopybook(codegen::testing::ReadFileOrEmpty(root + c.copybook), c.copybook);
  EXPECT_TRUE(copybook.ok()) << copybook.status();
  if (!copybook.ok()) return {};
  const codegen::CopybookItem& record = copybook->front();
  const std::string data = codegen::testing::ReadFileOrEmpty(root + c.data);
  codegen::RecordDecodeOptions options;
  options.code_page = records::CodePage::Find(c.code_page);
  options.strict = false;  // Cobrix leaves out values that do not decode
  options.trim = c.trim;
  for (const auto& [branch, rule] : c.redefines) {
    absl::StatusOr<codegen::RuleText> parsed = codegen::ParseRuleText(rule);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (parsed.ok()) options.redefines[branch] = *parsed;
  }
  options.variable_occurs = c.variable;
  std::vector<std::string> decoded;
  const size_t size = static_cast<size_t>(record.storage_length);
  for (size_t at = 0;
       (c.variable ? at < data.size() : at + size <= data.size()) && decoded.size() < c.limit;) {
    std::string json;
    size_t consumed = 0;
    absl::Status status = codegen::DecodeRecordToJson(
        record, std::string_view(data).substr(at, c.variable ? std::string::npos : size), options,
        &json, &consumed);
    EXPECT_TRUE(status.ok()) << c.name << " record at byte " << at << ": " << status;
    if (!status.ok() || consumed == 0) break;
    at += c.variable ? consumed : size;
    if (c.variable) json = StrCat("{\"", record.name, "\":", json, "}");
    if (*c.signature != 0) {
      Value value = Parse(json);
      if (value.struct_value().fields().at("SIGNATURE").string_value() != c.signature) continue;
    }
    decoded.push_back(json);
  }
  return decoded;
}

TEST(CobrixTest, RecordsDecodeToWhatCobrixRead) {
  const Case cases[] = {
      {"test19 (DISPLAY numerics, implied and explicit points, PIC A)",
       "test19/test19_display_num.cob", "test19/data.dat", "test19/expected/test19.txt", "cp037",
       "", 1000, true, 5,
       "Cobrix reads an all-spaces PIC 9(8)V9(2) as 0 (but an all-spaces PIC 9(8) as null); "
       "spaces are not a number, so Dragoman reads both as null"},
      {"test1 (COMP, COMP-3, REDEFINES, OCCURS 80 DEPENDING ON)", "test1/test1_copybook.cob",
       "test1/example.bin", "test1/expected/test1.txt", "cp037", "", 1000},
      {"test3 (BINARY amounts; signature filter, trimmed)", "test3/test3_copybook.cob",
       "test3/TRAN2.AUG31.DATA.dat", "test3/expected/test3.txt", "cp037", "S9276511", 60},
      {"test9 cp037", "test9/test9_copybook.cob", "test9/TRAN.APR14.NPT.DATA.dat",
       "test9/expected/test9_cp037.txt", "cp037", "", 60},
      {"test9 cp500", "test9/test9_copybook.cob", "test9/TRAN.APR14.NPT.DATA.dat",
       "test9/expected/test9_cp500.txt", "cp500", "", 60, false},
      {"test9 cp273", "test9/test9_copybook.cob", "test9/TRAN.APR14.NPT.DATA.dat",
       "test9/expected/test9_cp273.txt", "cp273", "", 60, false},
      {"test9 cp1140", "test9/test9_copybook.cob", "test9/TRAN.APR14.NPT.DATA.dat",
       "test9/expected/test9_cp1140.txt", "cp1140", "", 60, false},
      {"test9 cp1141", "test9/test9_copybook.cob", "test9/TRAN.APR14.NPT.DATA.dat",
       "test9/expected/test9_cp1141.txt", "cp1141", "", 60, false},
      {"test9 cp1148", "test9/test9_copybook.cob", "test9/TRAN.APR14.NPT.DATA.dat",
       "test9/expected/test9_cp1148.txt", "cp1148", "", 60, false},
      {"test16 (REDEFINES chosen by SEGMENT-ID)",
       "test16/test16_fix_len_segments.cob",
       "test16/ENTITY.DB.AUG12.DATA.FIX.LEN.dat",
       "test16/expected/test16.txt",
       "cp037",
       "",
       1000,
       true,
       -1,
       "",
       {{"COMPANY", "SEGMENT-ID = 'C'"},
        {"PERSON", "SEGMENT-ID = 'P'"},
        {"PO-BOX", "SEGMENT-ID = 'B'"}}},
      {"test21 (nested OCCURS DEPENDING ON, variable-size records)",
       "test21/test21_copybook.cob",
       "test21/data.dat",
       "test21/expected/test21.txt",
       "ascii",
       "",
       1000,
       true,
       -1,
       "",
       {},
       /*variable=*/true},
  };
  const std::string root = StrCat(codegen::testing::CorpusDir(), "/copybooks/cobrix/");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::vector<std::string> decoded = DecodeCase(c);
    const std::vector<std::string> expected =
        SplitObjects(codegen::testing::ReadFileOrEmpty(root + c.expected));
    ASSERT_EQ(decoded.size(), expected.size());
    int equal = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
      Value want = Parse(expected[i]);
      want.mutable_struct_value()->mutable_fields()->erase("File_Id");
      want.mutable_struct_value()->mutable_fields()->erase("Record_Id");
      Value got = Parse(decoded[i]);
      Normalize(&want, c.trim);
      Normalize(&got, c.trim);
      if (google::protobuf::util::MessageDifferencer::Equals(want, got)) {
        ++equal;
      } else if (static_cast<int>(i) == c.differs) {
        std::cout << c.name << ": record " << i << " differs as known: " << c.why << "\n";
      } else {
        std::string want_json;
        std::string got_json;
        (void)google::protobuf::util::MessageToJsonString(want.struct_value(), &want_json);
        (void)google::protobuf::util::MessageToJsonString(got.struct_value(), &got_json);
        ADD_FAILURE() << "record " << i << "\nCobrix:   " << want_json
                      << "\nDragoman: " << got_json;
      }
    }
    std::cout << c.name << ": " << equal << "/" << expected.size() << " records equal\n";
    EXPECT_EQ(equal, static_cast<int>(expected.size()) - (c.differs >= 0 ? 1 : 0));
  }
}

}  // namespace
}  // namespace dragoman::conformance
