// Copybook layouts against cb2xml, a mature copybook parser: for every copybook under
// ../shared/corpus/copybooks/cb2xml, each item's position, storage length, scale, usage,
// occurs, depending-on, redefines and sync must be what cb2xml's expected_layout says. The
// first difference per copybook is checked against copybook_layout_known_failures.txt (a
// new difference or an unexpected match fails); DRAGOMAN_UPDATE_GOLDEN=1 rewrites it.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/translators/codegen/codegen_test_util.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/runtime/codepage.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

namespace fs = std::filesystem;

std::string Cb2xmlDir() { return StrCat(testing::CorpusDir(), "/copybooks/cb2xml"); }
std::string KnownPath() {
  return StrCat(testing::SourceDir(),
                "/tests/translators/codegen/copybook_layout_known_failures.txt");
}

// cb2xml's usage words, grouped the way storage cares about.
std::string UsageGroup(std::string usage) {
  usage = absl::AsciiStrToLower(usage);
  if (usage.empty() || usage == "display") return "display";
  if (usage == "computational" || usage == "computational-4" || usage == "binary" ||
      usage == "comp" || usage == "comp-4") {
    return "binary";
  }
  if (usage == "computational-5" || usage == "comp-5") return "native";
  if (usage == "computational-3" || usage == "packed-decimal" || usage == "comp-3") {
    return "packed";
  }
  if (usage == "computational-1" || usage == "comp-1") return "float";
  if (usage == "computational-2" || usage == "comp-2") return "double";
  if (usage == "national") return "national";
  return usage;
}

std::string UsageGroup(Usage usage) {
  switch (usage) {
    case Usage::kDisplay:
      return "display";
    case Usage::kNational:
      return "display";  // cb2xml names no usage for PIC N and G
    case Usage::kBinary:
      return "binary";
    case Usage::kNative:
      return "native";
    case Usage::kPacked:
      return "packed";
    case Usage::kFloat:
      return "float";
    case Usage::kDouble:
      return "double";
    case Usage::kIndex:
      return "index";
  }
  return "?";
}

// One item as the comparison sees it.
struct Row {
  std::string name;
  int position = 0;
  int storage = 0;
  int scale = 0;
  std::string usage;
  int occurs = 0;
  std::string depending_on;
  std::string redefines;

  std::string Describe() const {
    return StrCat(name, " at ", position, " length ", storage, " scale ", scale, " usage ", usage,
                  occurs ? StrCat(" occurs ", occurs) : "",
                  depending_on.empty() ? "" : StrCat(" depending on ", depending_on),
                  redefines.empty() ? "" : StrCat(" redefines ", redefines));
  }
};

void Flatten(const CopybookItem& item, bool group_usage, std::vector<Row>* rows) {
  Row row;
  row.name = item.name;
  row.position = item.offset + 1;
  row.storage = item.storage_length;
  row.scale = item.scale;
  // cb2xml names a usage on elementary items and on groups that declare one.
  row.usage = item.children.empty() || group_usage ? UsageGroup(item.usage) : "display";
  row.occurs = item.occurs_max;
  row.depending_on = item.depending_on;
  row.redefines = item.redefines;
  rows->push_back(row);
  for (const CopybookItem& child : item.children) Flatten(child, false, rows);
}

void Expected(pugi::xml_node node, std::vector<Row>* rows) {
  for (pugi::xml_node item : node.children("item")) {
    Row row;
    row.name = item.attribute("name").value();
    row.position = item.attribute("position").as_int();
    row.storage = item.attribute("storage-length").as_int();
    row.scale = item.attribute("scale").as_int();
    row.usage = item.first_child().type() == pugi::node_element && !item.attribute("usage")
                    ? "display"
                    : UsageGroup(item.attribute("usage").value());
    row.occurs = item.attribute("occurs").as_int();
    row.depending_on = item.attribute("depending-on").value();
    row.redefines = item.attribute("redefines").value();
    rows->push_back(row);
    Expected(item, rows);
  }
}

// Empty when the layout matches, else the first difference.
std::string Compare(const fs::path& copybook) {
  const std::string stem = copybook.stem().string();
  std::string expected_name = StrCat(
      "xml",
      stem.substr(0, 1) == "c" && stem.rfind("cpy", 0) == 0 ? StrCat("C", stem.substr(1)) : stem,
      ".Xml");
  if (stem.rfind("cbl2xml_Test", 0) == 0) {
    expected_name =
        StrCat("cb2xml_Output", stem.substr(std::string("cbl2xml_Test").size()), ".xml");
  }
  const fs::path expected_path = fs::path(Cb2xmlDir()) / "expected_layout" / expected_name;
  std::string xml = testing::ReadFileOrEmpty(expected_path);
  if (!xml.empty() && static_cast<unsigned char>(xml[0]) == 0x4C) {
    // cb2xml wrote this one in EBCDIC ("<" is 0x4C there).
    std::string utf8;
    if (!records::CodePage::Find("cp037")->Decode(xml, &utf8).ok()) return "undecodable layout";
    xml = utf8;
    const size_t encoding = xml.find("encoding=");
    if (encoding != std::string::npos) xml.replace(encoding, 9, "encodin0=");
  }
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return StrCat("no expected layout ", expected_name);
  std::vector<Row> want;
  Expected(doc.child("copybook"), &want);
  absl::StatusOr<std::vector<CopybookItem>> parsed =
      ParseCopybook(testing::ReadFileOrEmpty(copybook), copybook.filename().string());
  if (!parsed.ok()) {
    std::string message(parsed.status().message());
    return message.substr(0, message.find('\n'));
  }
  std::vector<Row> got;
  for (const CopybookItem& record : *parsed) {
    if (record.level != 0) {
      Flatten(record, false, &got);
      continue;
    }
    // Fields without an 01 level: the unnamed record is not an item of its own.
    for (const CopybookItem& field : record.children) Flatten(field, false, &got);
  }
  for (size_t i = 0; i < std::min(want.size(), got.size()); ++i) {
    const Row& w = want[i];
    const Row& g = got[i];
    if (w.name != g.name || w.position != g.position || w.storage != g.storage ||
        w.scale != g.scale || w.usage != g.usage || w.occurs != g.occurs ||
        absl::AsciiStrToLower(w.depending_on) != absl::AsciiStrToLower(g.depending_on) ||
        absl::AsciiStrToLower(w.redefines) != absl::AsciiStrToLower(g.redefines)) {
      return StrCat("item ", i + 1, ": expected ", w.Describe(), "; computed ", g.Describe());
    }
  }
  if (want.size() != got.size()) {
    return StrCat(want.size(), " items expected, ", got.size(), " computed");
  }
  return "";
}

TEST(CopybookLayoutTest, MatchesCb2xml) {
  ASSERT_TRUE(fs::is_directory(Cb2xmlDir())) << Cb2xmlDir();
  std::vector<fs::path> copybooks;
  for (const auto& entry : fs::directory_iterator(Cb2xmlDir())) {
    if (entry.path().extension() == ".cbl") copybooks.push_back(entry.path());
  }
  std::sort(copybooks.begin(), copybooks.end());
  std::map<std::string, std::string> failures;
  int passed = 0;
  for (const fs::path& copybook : copybooks) {
    const std::string difference = Compare(copybook);
    if (difference.empty()) {
      ++passed;
    } else {
      failures[copybook.filename().string()] = difference;
    }
  }
  std::cout << "cb2xml layouts: " << passed << "/" << copybooks.size() << " match\n";
  std::string text =
      "# cb2xml copybooks whose computed layout differs from cb2xml's expected_layout, with the\n"
      "# first difference. Checked by codegen_copybook_layout_test; regenerate with\n"
      "# DRAGOMAN_UPDATE_GOLDEN=1 (then review the diff).\n";
  for (const auto& [name, difference] : failures) StrAppend(&text, name, " | ", difference, "\n");
  if (testing::UpdateGolden()) {
    ASSERT_TRUE(testing::WriteFile(KnownPath(), text));
    return;
  }
  const std::map<std::string, std::string> known =
      testing::ParseKeyedLines(testing::ReadFileOrEmpty(KnownPath()));
  for (const auto& [name, difference] : failures) {
    EXPECT_TRUE(known.count(name) > 0) << "NEW difference: " << name << ": " << difference;
  }
  for (const auto& [name, difference] : known) {
    EXPECT_TRUE(failures.count(name) > 0) << "UNEXPECTED match: " << name << " now matches";
  }
}

// The record sizes the corpus README gives for the Cobrix data files, and every other corpus
// copybook (CardDemo, GenApp, Cobrix) parses.
TEST(CopybookLayoutTest, RecordLengthsOfTheCorpusDataFiles) {
  const std::string root = StrCat(testing::CorpusDir(), "/copybooks");
  const std::pair<const char*, int> cases[] = {
      {"cobrix/test1/test1_copybook.cob", 2202},
      {"cobrix/test16/test16_fix_len_segments.cob", 64},
      {"cobrix/test3/test3_copybook.cob", 45},
      {"cobrix/test9/test9_copybook.cob", 45},
      {"cobrix/test19/test19_display_num.cob", 80},
  };
  for (const auto& [path, length] : cases) {
    absl::StatusOr<std::vector<CopybookItem>> parsed =
        ParseCopybook(testing::ReadFileOrEmpty(StrCat(root, "/", path)), path);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    ASSERT_FALSE(parsed->empty()) << path;
    EXPECT_EQ(parsed->front().storage_length, length) << path;
  }
  int parsed_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string extension = entry.path().extension().string();
    if (extension != ".cpy" && extension != ".cob") continue;
    absl::StatusOr<std::vector<CopybookItem>> parsed =
        ParseCopybook(testing::ReadFileOrEmpty(entry.path()), entry.path().filename().string());
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    ++parsed_files;
  }
  EXPECT_GT(parsed_files, 20);
}

}  // namespace
}  // namespace dragoman::codegen
