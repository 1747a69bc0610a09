// COBOL copybooks: the record descriptions of mainframe programs, parsed into an item tree
// whose layout (offset, storage length, scale) is computed once here, as IBM Enterprise COBOL
// lays the record out.
#ifndef DRAGOMAN_TRANSLATORS_CODEGEN_COPYBOOK_PARSER_H_
#define DRAGOMAN_TRANSLATORS_CODEGEN_COPYBOOK_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "translators/runtime/record_field.h"

namespace dragoman::codegen {

// How data is stored (USAGE).
enum class Usage {
  kDisplay,   // text and zoned decimals, one byte per character
  kNational,  // PIC N / G, two bytes per character
  kBinary,    // COMP, COMP-4, BINARY: big-endian, limited to the picture's digits
  kNative,    // COMP-5: binary limited to its storage
  kPacked,    // COMP-3, PACKED-DECIMAL
  kFloat,     // COMP-1
  kDouble,    // COMP-2
  kIndex,     // INDEX, POINTER (4 bytes)
};

// What a PICTURE describes.
enum class Category { kGroup, kAlphanumeric, kAlphabetic, kNumeric, kNumericEdited, kNational };

// One condition name (level 88) and its literal values as written.
struct ConditionName {
  std::string name;
  std::vector<std::string> values;
};

// One data description entry and what it contains.
struct CopybookItem {
  int level = 0;
  // Data name as written; empty for FILLER or an unnamed item.
  std::string name;
  bool filler = false;
  // The PICTURE string as written (repetitions unexpanded); empty for groups.
  std::string picture;
  Usage usage = Usage::kDisplay;
  Category category = Category::kGroup;
  bool is_signed = false;
  bool sign_leading = false;
  bool sign_separate = false;
  bool sync = false;
  bool justified = false;
  bool blank_when_zero = false;
  // OCCURS: occurs_max > 0 for a table; occurs_min < occurs_max with DEPENDING ON.
  int occurs_min = 0;
  int occurs_max = 0;
  std::string depending_on;
  std::string redefines;
  // VALUE as written (literals keep their quotes).
  std::string value;
  std::vector<ConditionName> conditions;
  std::vector<CopybookItem> children;
  // 1-based source line of the entry.
  int line = 0;

  // Layout, computed after parsing. Offsets are from the start of the record (the 01 item).
  int offset = 0;
  // Bytes of one occurrence (a table's total is storage_length * occurs_max).
  int storage_length = 0;
  // Digit positions and implied decimal places of a numeric item (scale < 0 with trailing P,
  // above the digits with leading P).
  int digits = 0;
  int scale = 0;
};

// Source format and dialect choices.
struct CopybookOptions {
  // Columns 1-6 sequence numbers, 7 indicator, 8-72 code (fixed); or free format.
  bool free_format = false;
  // COMP/COMP-5 storage: 1 byte for up to 2 digits (cobc's default binary-size 1-2-4-8)
  // instead of IBM's 2 bytes for up to 4.
  bool one_byte_binary = false;
};

// Parses a copybook into its level-01 (or 77) records, layout computed. InvalidArgument
// names the file, line and what is wrong; constructs not supported yet are Unimplemented.
absl::StatusOr<std::vector<CopybookItem>> ParseCopybook(std::string_view text,
                                                        std::string_view file_name,
                                                        const CopybookOptions& options = {});

// A rule as a manifest writes it: "ITEM = 'C'", "RC = 4, 8", "RC != 0" (also "<>").
struct RuleText {
  std::string subject;
  // Values with quotes removed (a doubled quote stands for one).
  std::vector<std::string> values;
  bool negate = false;
  // The values were quoted (text) rather than numbers.
  bool quoted = false;
};
// Parses a rule; InvalidArgument quoting it when it is not one, or mixes quoted and bare values.
absl::StatusOr<RuleText> ParseRuleText(std::string_view text);

// The runtime layout of elementary `item` (not a group), its offset taken as is (from the
// record start); `item` must outlive the result, which views its name.
records::FieldLayout ElementaryLayout(const CopybookItem& item);

}  // namespace dragoman::codegen

#endif  // DRAGOMAN_TRANSLATORS_CODEGEN_COPYBOOK_PARSER_H_
