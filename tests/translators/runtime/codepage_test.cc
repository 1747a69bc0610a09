// Code pages of mainframe records: EBCDIC variants and ASCII/Latin-1, both ways.
#include "translators/runtime/codepage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace dragoman::records {
namespace {

using ::testing::HasSubstr;

std::string Encoded(std::string_view page, std::string_view utf8) {
  std::string bytes;
  absl::Status status = CodePage::Find(page)->Encode(utf8, &bytes);
  EXPECT_TRUE(status.ok()) << page << ": " << status;
  return bytes;
}

TEST(CodePageTest, EveryEbcdicPageMapsAllBytesBothWays) {
  for (std::string_view name : CodePage::Names()) {
    if (name == "ascii") continue;
    SCOPED_TRACE(name);
    const CodePage* page = CodePage::Find(name);
    ASSERT_NE(page, nullptr);
    std::string all;
    for (int byte = 0; byte < 256; ++byte) all.push_back(static_cast<char>(byte));
    std::string text;
    ASSERT_TRUE(page->Decode(all, &text).ok());
    std::string back;
    ASSERT_TRUE(page->Encode(text, &back).ok());
    EXPECT_EQ(back, all);  // a bijection: no byte is lost or merged
  }
}

TEST(CodePageTest, WellKnownBytes) {
  EXPECT_EQ(Encoded("cp037", "AZaz09 "), "\xC1\xE9\x81\xA9\xF0\xF9\x40");
  // The brackets are where the EBCDIC variants differ.
  EXPECT_EQ(Encoded("cp037", "[]"), "\xBA\xBB");
  EXPECT_EQ(Encoded("cp1047", "[]"), "\xAD\xBD");
  EXPECT_EQ(Encoded("cp500", "[]"), "\x4A\x5A");
  // The euro pages put the euro where the generic currency sign was.
  EXPECT_EQ(Encoded("cp1140", "\xE2\x82\xAC"), "\x9F");
  EXPECT_EQ(Encoded("cp1141", "\xE2\x82\xAC"), "\x9F");
  EXPECT_EQ(Encoded("cp1148", "\xE2\x82\xAC"), "\x9F");
  // German pages: Ä, Ö, Ü, ß.
  EXPECT_EQ(Encoded("cp273", "\xC3\x84\xC3\x96\xC3\x9C\xC3\x9F"), "\x4A\xE0\x5A\xA1");
  EXPECT_EQ(Encoded("cp1141", "\xC3\x84\xC3\x96\xC3\x9C\xC3\x9F"), "\x4A\xE0\x5A\xA1");
  EXPECT_EQ(Encoded("latin1", "\xC3\xA9"), "\xE9");
  EXPECT_EQ(CodePage::Find("cp037")->space(), 0x40);
  EXPECT_EQ(CodePage::Find("ascii")->space(), 0x20);
}

TEST(CodePageTest, WhatAPageCannotCarryIsAnErrorNeverASubstitute) {
  std::string bytes;
  absl::Status status = CodePage::Find("cp037")->Encode(
      "price \xE2\x82\xAC"
      "5",
      &bytes);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("U+20AC at offset 6 has no byte in cp037"));
  status = CodePage::Find("ascii")->Encode("caf\xC3\xA9", &bytes);
  EXPECT_THAT(status.message(), HasSubstr("U+00E9"));
  status = CodePage::Find("cp1047")->Encode("bad \xC3", &bytes);
  EXPECT_THAT(status.message(), HasSubstr("invalid UTF-8 at offset 4"));
  status = CodePage::Find("cp1047")->Encode("\xED\xA0\x80", &bytes);  // a surrogate
  EXPECT_THAT(status.message(), HasSubstr("invalid UTF-8"));
  std::string text;
  status = CodePage::Find("ascii")->Decode("ok\x80", &text);
  EXPECT_THAT(status.message(), HasSubstr("byte 0x80 at offset 2 is not defined in ascii"));
}

TEST(CodePageTest, NamesAreFoundUnderTheirUsualSpellings) {
  EXPECT_EQ(CodePage::Find("IBM037")->name(), "cp037");
  EXPECT_EQ(CodePage::Find("ibm-1047")->name(), "cp1047");
  EXPECT_EQ(CodePage::Find("CP1148")->name(), "cp1148");
  EXPECT_EQ(CodePage::Find("ISO-8859-1")->name(), "latin1");
  EXPECT_EQ(CodePage::Find("cp9999"), nullptr);
}

}  // namespace
}  // namespace dragoman::records
