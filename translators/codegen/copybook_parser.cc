#include "translators/codegen/copybook_parser.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::codegen {
namespace {

// Deepest level nesting and largest table accepted, to bound work on hostile input.
constexpr int kMaxItems = 100000;
constexpr int kMaxOccurs = 1000000;

struct Token {
  std::string text;
  bool literal = false;  // a quoted literal (text keeps its quotes)
  bool period = false;   // the separator period that ends an entry
  int line = 0;
};

std::string Upper(std::string_view text) { return absl::AsciiStrToUpper(ToAbsl(text)); }

// The code area of each line, comments and debug lines dropped, continuations joined.
// One logical source line: the code area of a line and of its continuation lines.
struct SourceLine {
  std::string code;
  int line = 0;
};

// True when `code` ends inside an alphanumeric literal.
bool OpenLiteral(std::string_view code) {
  char quote = 0;
  for (char c : code) {
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;  // a doubled quote closes and reopens: the parity still comes out right
    }
  }
  return quote != 0;
}

// The code area of each line, comments and debug lines dropped, continuations joined.
std::vector<SourceLine> LogicalLines(std::string_view text, const CopybookOptions& options) {
  std::vector<SourceLine> lines;
  int line_number = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view code = line;
    bool continuation = false;
    if (!options.free_format) {
      if (line.size() < 7) continue;
      const char indicator = line[6];
      if (indicator == '*' || indicator == '/' || indicator == 'D' || indicator == 'd') continue;
      continuation = indicator == '-';
      // Column 7 holds code when it is not an indicator (copybooks shifted one column left);
      // the code area ends at column 72.
      const bool indicator_column = indicator == ' ' || indicator == '-';
      const size_t from = indicator_column ? 7 : 6;
      // Columns count characters, not bytes: skip UTF-8 continuation bytes when measuring.
      size_t stop = from;
      for (size_t column = from; stop < line.size() && column < 72; ++column) {
        ++stop;
        while (stop < line.size() && (static_cast<unsigned char>(line[stop]) & 0xC0) == 0x80) {
          ++stop;
        }
      }
      code = line.substr(std::min(from, line.size()), stop - std::min(from, stop));
    }
    const size_t first = code.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    // No entry starts with '*': such lines are comments shifted right (and *> ones). Nor
    // with '-': that is a continuation indicator shifted right.
    if (code[first] == '*') continue;
    if (code[first] == '-' && !lines.empty() && OpenLiteral(lines.back().code)) {
      continuation = true;
      code = code.substr(first + 1);
    }
    if (continuation && !lines.empty()) {
      std::string_view rest = code.substr(std::min(code.size(), code.find_first_not_of(" \t")));
      std::string& previous = lines.back().code;
      if (OpenLiteral(previous) && !rest.empty() && (rest[0] == '\'' || rest[0] == '"')) {
        // The literal runs to column 72 and resumes after the continuation's quote.
        if (previous.size() < 65) previous.append(65 - previous.size(), ' ');
        previous.append(rest.substr(1));
      } else {
        previous.append(" ").append(rest);
      }
      continue;
    }
    lines.push_back(SourceLine{std::string(code), line_number});
  }
  return lines;
}

absl::StatusOr<std::vector<Token>> Tokenize(std::string_view text, std::string_view file,
                                            const CopybookOptions& options) {
  std::vector<Token> tokens;
  for (const SourceLine& source : LogicalLines(text, options)) {
    const std::string_view code = source.code;
    const int line_number = source.line;
    for (size_t i = 0; i < code.size();) {
      const char c = code[i];
      if (c == ' ' || c == '\t' || c == ',' || c == ';') {
        ++i;
        continue;
      }
      Token token;
      token.line = line_number;
      if (c == '\'' || c == '"') {
        size_t j = i + 1;
        for (;; ++j) {
          if (j >= code.size()) {
            return absl::InvalidArgumentError(
                StrCat(file, ":", line_number, ": literal is not closed on its line"));
          }
          if (code[j] == c) {
            if (j + 1 < code.size() && code[j + 1] == c) {
              ++j;  // a doubled quote stands for one
              continue;
            }
            break;
          }
        }
        token.text = std::string(code.substr(i, j + 1 - i));
        token.literal = true;
        i = j + 1;
      } else {
        size_t j = i;
        while (j < code.size() && code[j] != ' ' && code[j] != '\t') ++j;
        token.text = std::string(code.substr(i, j - i));
        i = j;
      }
      // A period followed by a space or the end of the line ends the entry.
      bool period = false;
      if (!token.literal && token.text.size() > 1 && token.text.back() == '.') {
        token.text.pop_back();
        period = true;
      } else if (!token.literal && token.text == ".") {
        token.period = true;
      }
      while (!token.literal && !token.text.empty() &&
             (token.text.back() == ',' || token.text.back() == ';')) {
        token.text.pop_back();
      }
      if (!token.text.empty() || token.period) tokens.push_back(std::move(token));
      if (period) tokens.push_back(Token{"", false, true, line_number});
      if (static_cast<int>(tokens.size()) > kMaxItems * 20) {
        return absl::InvalidArgumentError(StrCat(file, ": too large to be a copybook"));
      }
    }
  }
  return tokens;
}

bool IsUsageWord(const std::string& word, Usage* usage) {
  static const std::pair<const char*, Usage> kWords[] = {
      {"DISPLAY", Usage::kDisplay},
      {"NATIONAL", Usage::kNational},
      {"COMP", Usage::kBinary},
      {"COMPUTATIONAL", Usage::kBinary},
      {"COMP-4", Usage::kBinary},
      {"COMPUTATIONAL-4", Usage::kBinary},
      {"BINARY", Usage::kBinary},
      {"COMP-5", Usage::kNative},
      {"COMPUTATIONAL-5", Usage::kNative},
      {"COMP-3", Usage::kPacked},
      {"COMPUTATIONAL-3", Usage::kPacked},
      {"PACKED-DECIMAL", Usage::kPacked},
      {"COMP-1", Usage::kFloat},
      {"COMPUTATIONAL-1", Usage::kFloat},
      {"COMP-2", Usage::kDouble},
      {"COMPUTATIONAL-2", Usage::kDouble},
      {"INDEX", Usage::kIndex},
      {"POINTER", Usage::kIndex},
  };
  for (const auto& [text, value] : kWords) {
    if (word == text) {
      *usage = value;
      return true;
    }
  }
  return false;
}

// Words that start a clause, so a data name is never one of them.
bool IsClauseWord(const std::string& word) {
  static const std::set<std::string> kWords = {
      "PIC",          "PICTURE", "USAGE",     "OCCURS",    "REDEFINES",  "VALUE",
      "VALUES",       "SIGN",    "LEADING",   "TRAILING",  "SEPARATE",   "SYNC",
      "SYNCHRONIZED", "JUST",    "JUSTIFIED", "BLANK",     "EXTERNAL",   "GLOBAL",
      "RENAMES",      "IS",      "INDEXED",   "ASCENDING", "DESCENDING", "DEPENDING"};
  Usage usage;
  return kWords.count(word) > 0 || IsUsageWord(word, &usage);
}

// What a PICTURE string says about storage and meaning.
struct PictureInfo {
  Category category = Category::kAlphanumeric;
  bool is_signed = false;
  int digits = 0;  // '9' positions
  int scale = 0;
  int positions = 0;  // character positions (display length), S, V and P excluded
};

absl::StatusOr<PictureInfo> AnalyzePicture(std::string_view picture) {
  // Expand "9(5)" repetitions into symbols.
  std::string symbols;
  const std::string text = Upper(picture);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(') return absl::InvalidArgumentError("a repetition without its symbol");
    size_t count = 1;
    size_t next = i + 1;
    if (next < text.size() && text[next] == '(') {
      const size_t close = text.find(')', next);
      if (close == std::string::npos ||
          !absl::SimpleAtoi(text.substr(next + 1, close - next - 1), &count) || count == 0 ||
          count > 100000) {
        return absl::InvalidArgumentError("a repetition count that is not a positive number");
      }
      i = close;
    }
    symbols.append(count, c);
  }
  PictureInfo info;
  bool seen_v = false;
  bool seen_nine = false;
  bool x_like = false;
  bool a_only = true;
  bool national = false;
  bool edited = false;
  bool after_point = false;  // numeric-edited: past the '.' decimal point
  for (size_t i = 0; i < symbols.size(); ++i) {
    const char c = symbols[i];
    switch (c) {
      case 'S':
        info.is_signed = true;
        a_only = false;
        break;
      case 'V':
        seen_v = true;
        a_only = false;
        break;
      case 'P':
        a_only = false;
        if (seen_v || !seen_nine) {
          ++info.scale;  // VPPP999 or PPP999: the P positions are fraction places
        } else {
          --info.scale;  // 999PPP: a power of ten
        }
        break;
      case '9':
        ++info.digits;
        ++info.positions;
        seen_nine = true;
        a_only = false;
        if (seen_v || after_point) ++info.scale;
        break;
      case 'X':
        x_like = true;
        a_only = false;
        ++info.positions;
        break;
      case 'A':
        ++info.positions;
        break;
      case 'N':
      case 'G':
        national = true;
        a_only = false;
        ++info.positions;
        break;
      case '.':
        after_point = true;
        [[fallthrough]];
      case 'Z':
      case '*':
      case ',':
      case '+':
      case '-':
      case '$':
      case 'B':
      case '0':
      case '/':
        edited = true;
        a_only = a_only && c == 'B';
        ++info.positions;
        if ((c == 'Z' || c == '*') && (seen_v || after_point)) ++info.scale;
        break;
      case 'C':
      case 'D':
        if (i + 1 < symbols.size() && symbols[i + 1] == (c == 'C' ? 'R' : 'B')) {
          edited = true;
          a_only = false;
          info.positions += 2;
          ++i;
          break;
        }
        return absl::InvalidArgumentError(StrCat("symbol '", std::string(1, c), "'"));
      case 'E':
        edited = true;  // floating-point editing
        a_only = false;
        ++info.positions;
        break;
      default:
        return absl::InvalidArgumentError(StrCat("symbol '", std::string(1, c), "'"));
    }
  }
  if (national) {
    info.category = Category::kNational;
  } else if (x_like) {
    info.category = Category::kAlphanumeric;
  } else if (a_only && info.positions > 0) {
    info.category = Category::kAlphabetic;
  } else if (edited) {
    info.category = Category::kNumericEdited;
  } else if (info.digits > 0) {
    info.category = Category::kNumeric;
  } else {
    return absl::InvalidArgumentError("neither digits nor characters");
  }
  if (info.category == Category::kNumeric && info.digits > 38) {
    return absl::InvalidArgumentError("more than 38 digits");
  }
  return info;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view file)
      : tokens_(std::move(tokens)), file_(file) {}

  absl::StatusOr<std::vector<CopybookItem>> Parse() {
    std::vector<CopybookItem> records;
    // The open items, outermost first; only the last one's children vector grows, so the
    // pointers stay valid.
    std::vector<CopybookItem*> open;
    int items = 0;
    while (at_ < tokens_.size()) {
      absl::StatusOr<CopybookItem> entry = ParseEntry();
      if (!entry.ok()) return entry.status();
      if (entry->level == 0) continue;  // an entry that declares nothing (66 RENAMES)
      if (++items > kMaxItems) {
        return absl::InvalidArgumentError(StrCat(file_, ": more than ", kMaxItems, " items"));
      }
      if (entry->level == 88) {
        if (open.empty()) {
          return absl::InvalidArgumentError(
              StrCat(file_, ":", entry->line, ": a condition name (88) before any item"));
        }
        open.back()->conditions.push_back(
            ConditionName{entry->name, std::move(entry->conditions.front().values)});
        continue;
      }
      if (entry->level == 1 || entry->level == 77) {
        records.push_back(std::move(*entry));
        open.assign(1, &records.back());
        continue;
      }
      while (!open.empty() && open.back()->level >= entry->level) open.pop_back();
      if (open.empty()) {
        // A copybook may describe the fields of a record without its 01 level: they go into
        // an unnamed record (level 0), laid out one after the other.
        if (records.empty() || records.back().level != 0) records.emplace_back();
        open.assign(1, &records.back());
      }
      if (!open.back()->picture.empty()) {
        return absl::InvalidArgumentError(StrCat(file_, ":", entry->line, ": ", open.back()->name,
                                                 " has a PICTURE, so it cannot contain items"));
      }
      open.back()->children.push_back(std::move(*entry));
      open.push_back(&open.back()->children.back());
    }
    return records;
  }

 private:
  bool Done() const { return at_ >= tokens_.size(); }
  const Token& Peek() const { return tokens_[at_]; }
  std::string PeekWord() const {
    return Done() || Peek().period || Peek().literal ? std::string() : Upper(Peek().text);
  }

  absl::Status Error(int line, std::string_view what) const {
    return absl::InvalidArgumentError(StrCat(file_, ":", line, ": ", what));
  }

  // One entry, up to its period.
  absl::StatusOr<CopybookItem> ParseEntry() {
    CopybookItem item;
    const Token& first = Peek();
    item.line = first.line;
    if (first.period) {
      ++at_;
      return item;  // a stray period
    }
    if (!absl::SimpleAtoi(first.text, &item.level) || item.level < 1 ||
        (item.level > 49 && item.level != 66 && item.level != 77 && item.level != 88)) {
      return Error(first.line, StrCat("expected a level number, found '", first.text, "'"));
    }
    ++at_;
    if (!Done() && !Peek().period && !Peek().literal && !IsClauseWord(Upper(Peek().text))) {
      item.name = Peek().text;
      item.filler = Upper(item.name) == "FILLER";
      ++at_;
    } else {
      item.filler = true;
    }
    if (item.level == 66) {
      // RENAMES regroups existing storage; it declares none.
      while (!Done() && !Peek().period) ++at_;
      if (!Done()) ++at_;
      item.level = 0;
      return item;
    }
    if (item.level == 88) item.conditions.emplace_back();
    while (!Done() && !Peek().period) {
      const Token& token = Peek();
      const std::string word = Upper(token.text);
      ++at_;
      Usage usage;
      if (word == "PIC" || word == "PICTURE") {
        if (PeekWord() == "IS") ++at_;
        if (Done() || Peek().period) return Error(token.line, "PICTURE without its string");
        item.picture = Peek().text;
        ++at_;
      } else if (word == "USAGE") {
        if (PeekWord() == "IS") ++at_;
        if (!IsUsageWord(PeekWord(), &item.usage)) {
          return Error(token.line, "USAGE without a usage");
        }
        ++at_;
      } else if (IsUsageWord(word, &usage)) {
        item.usage = usage;
      } else if (word == "OCCURS") {
        DRAGOMAN_RETURN_IF_ERROR(ParseOccurs(token.line, &item));
      } else if (word == "REDEFINES") {
        if (Done() || Peek().period) return Error(token.line, "REDEFINES without a name");
        item.redefines = Peek().text;
        ++at_;
      } else if (word == "VALUE" || word == "VALUES") {
        ParseValues(&item);
      } else if (word == "SIGN") {
        if (PeekWord() == "IS") ++at_;
      } else if (word == "LEADING" || word == "TRAILING") {
        item.sign_leading = word == "LEADING";
        if (PeekWord() == "SEPARATE") {
          item.sign_separate = true;
          ++at_;
          if (PeekWord() == "CHARACTER") ++at_;
        }
      } else if (word == "SEPARATE") {
        item.sign_separate = true;
        if (PeekWord() == "CHARACTER") ++at_;
      } else if (word == "SYNC" || word == "SYNCHRONIZED") {
        item.sync = true;
        if (PeekWord() == "LEFT" || PeekWord() == "RIGHT") ++at_;
      } else if (word == "JUST" || word == "JUSTIFIED") {
        item.justified = true;
        if (PeekWord() == "RIGHT") ++at_;
      } else if (word == "BLANK") {
        item.blank_when_zero = true;
        if (PeekWord() == "WHEN") ++at_;
        if (PeekWord().starts_with("ZERO")) ++at_;
      } else if (word == "EXTERNAL" || word == "GLOBAL" || word == "IS") {
        continue;
      } else {
        return Error(token.line, StrCat("unexpected '", token.text, "' in the entry of ",
                                        item.name.empty() ? "an unnamed item" : item.name));
      }
    }
    if (!Done()) ++at_;  // the period
    return item;
  }

  absl::Status ParseOccurs(int line, CopybookItem* item) {
    auto number = [&](int* value) {
      return !Done() && !Peek().period && absl::SimpleAtoi(Peek().text, value) && *value >= 0 &&
             *value <= kMaxOccurs;
    };
    int first = 0;
    if (!number(&first)) return Error(line, "OCCURS without a count");
    ++at_;
    item->occurs_min = first;
    item->occurs_max = first;
    if (PeekWord() == "TO") {
      ++at_;
      int last = 0;
      if (!number(&last) || last < first) return Error(line, "OCCURS ... TO without a bound");
      ++at_;
      item->occurs_max = last;
    }
    if (PeekWord() == "TIMES") ++at_;
    if (PeekWord() == "DEPENDING") {
      ++at_;
      if (PeekWord() == "ON") ++at_;
      if (Done() || Peek().period) return Error(line, "DEPENDING ON without a name");
      item->depending_on = Peek().text;
      ++at_;
      // "OCCURS n DEPENDING ON" without "m TO" (accepted by most compilers): from zero.
      if (item->occurs_min == item->occurs_max) item->occurs_min = 0;
    }
    // Keys and indexes name other items; they do not change the layout.
    while (PeekWord() == "ASCENDING" || PeekWord() == "DESCENDING" || PeekWord() == "INDEXED") {
      ++at_;
      while (!Done() && !Peek().period && !IsClauseWord(PeekWord())) ++at_;
    }
    if (item->occurs_max == 0) return Error(line, "OCCURS 0 TIMES");
    return absl::OkStatus();
  }

  void ParseValues(CopybookItem* item) {
    if (PeekWord() == "IS" || PeekWord() == "ARE") ++at_;
    std::vector<std::string> values;
    while (!Done() && !Peek().period &&
           (Peek().literal || !IsClauseWord(PeekWord()) || PeekWord() == "IS")) {
      values.push_back(Peek().text);
      ++at_;
    }
    if (item->level == 88) {
      item->conditions.front().values = std::move(values);
    } else {
      std::string joined;
      for (const std::string& v : values) StrAppend(&joined, joined.empty() ? "" : " ", v);
      item->value = joined;
    }
  }

  std::vector<Token> tokens_;
  std::string_view file_;
  size_t at_ = 0;
};

// Storage of an elementary item from its picture and usage.
absl::Status SizeElementary(CopybookItem* item, std::string_view file, bool one_byte_binary) {
  if (item->picture.empty()) {
    switch (item->usage) {
      case Usage::kFloat:
        item->storage_length = 4;
        item->category = Category::kNumeric;
        return absl::OkStatus();
      case Usage::kDouble:
        item->storage_length = 8;
        item->category = Category::kNumeric;
        return absl::OkStatus();
      case Usage::kIndex:
        item->storage_length = 4;
        item->category = Category::kNumeric;
        return absl::OkStatus();
      default:
        // A group whose items all sit at its own level holds nothing.
        item->storage_length = 0;
        item->category = Category::kGroup;
        return absl::OkStatus();
    }
  }
  absl::StatusOr<PictureInfo> info = AnalyzePicture(item->picture);
  if (!info.ok()) {
    return absl::InvalidArgumentError(StrCat(file, ":", item->line, ": PICTURE '", item->picture,
                                             "' of ", item->name, ": ", info.status().message()));
  }
  item->category = info->category;
  item->is_signed = info->is_signed;
  item->digits = info->digits;
  item->scale = info->scale;
  if (item->category == Category::kNational) item->usage = Usage::kNational;
  switch (item->usage) {
    case Usage::kDisplay:
      item->storage_length = info->positions + (info->is_signed && item->sign_separate ? 1 : 0);
      break;
    case Usage::kNational:
      item->storage_length = 2 * info->positions;
      break;
    case Usage::kPacked:
      item->storage_length = info->digits / 2 + 1;
      break;
    case Usage::kBinary:
    case Usage::kNative:
      item->storage_length = info->digits <= 2 && one_byte_binary ? 1
                             : info->digits <= 4                  ? 2
                             : info->digits <= 9                  ? 4
                                                                  : 8;
      break;
    case Usage::kFloat:
      item->storage_length = 4;
      break;
    case Usage::kDouble:
      item->storage_length = 8;
      break;
    case Usage::kIndex:
      item->storage_length = 4;
      break;
  }
  return absl::OkStatus();
}

// Lays out `item` at `*offset` (advanced past it); `usage` is the one a group passes down.
absl::Status Layout(CopybookItem* item, Usage usage, int* offset, std::string_view file,
                    const CopybookOptions& options) {
  // A group's USAGE applies to everything in it that does not say otherwise.
  if (item->usage == Usage::kDisplay && usage != Usage::kDisplay) item->usage = usage;
  if (item->children.empty()) {
    DRAGOMAN_RETURN_IF_ERROR(SizeElementary(item, file, options.one_byte_binary));
    // SYNC aligns binary items on a halfword or fullword (8-byte ones too) and floating
    // items on their size, as IBM COBOL does; packed and display items need no alignment.
    int align = 0;
    if (item->usage == Usage::kBinary || item->usage == Usage::kNative ||
        item->usage == Usage::kIndex) {
      align = std::min(item->storage_length, 4);
    } else if (item->usage == Usage::kFloat || item->usage == Usage::kDouble) {
      align = item->storage_length;
    }
    if (item->sync && align > 0 && *offset % align != 0) *offset += align - *offset % align;
    item->offset = *offset;
    *offset += item->storage_length * std::max(item->occurs_max, 1);
    return absl::OkStatus();
  }
  item->category = Category::kGroup;
  item->offset = *offset;
  int cursor = *offset;
  int end = *offset;
  for (size_t i = 0; i < item->children.size(); ++i) {
    CopybookItem& child = item->children[i];
    if (!child.redefines.empty()) {
      const CopybookItem* target = nullptr;
      for (size_t j = 0; j < i; ++j) {
        if (Upper(item->children[j].name) == Upper(child.redefines)) {
          target = &item->children[j];
        }
      }
      if (target == nullptr) {
        return absl::InvalidArgumentError(StrCat(file, ":", child.line, ": ", child.name,
                                                 " redefines ", child.redefines,
                                                 ", which is not an earlier item at its level"));
      }
      int at = target->offset;
      DRAGOMAN_RETURN_IF_ERROR(Layout(&child, item->usage, &at, file, options));
      // A longer redefinition pushes what follows past its end (cb2xml and compilers agree
      // the storage is the larger of the two).
      cursor = std::max(cursor, at);
      end = std::max(end, at);
      continue;
    }
    DRAGOMAN_RETURN_IF_ERROR(Layout(&child, item->usage, &cursor, file, options));
    end = std::max(end, cursor);
  }
  item->storage_length = end - item->offset;
  *offset = item->offset + item->storage_length * std::max(item->occurs_max, 1);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<CopybookItem>> ParseCopybook(std::string_view text,
                                                        std::string_view file_name,
                                                        const CopybookOptions& options) {
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(text, file_name, options);
  if (!tokens.ok()) return tokens.status();
  Parser parser(*std::move(tokens), file_name);
  absl::StatusOr<std::vector<CopybookItem>> records = parser.Parse();
  if (!records.ok()) return records.status();
  for (CopybookItem& record : *records) {
    int offset = 0;  // each record starts its own storage
    DRAGOMAN_RETURN_IF_ERROR(Layout(&record, Usage::kDisplay, &offset, file_name, options));
  }
  return records;
}

records::FieldLayout ElementaryLayout(const CopybookItem& item) {
  records::FieldLayout layout;
  layout.name = item.name.empty() ? std::string_view("FILLER") : std::string_view(item.name);
  layout.offset = static_cast<uint32_t>(item.offset);
  layout.length = static_cast<uint32_t>(item.storage_length);
  layout.digits = static_cast<uint8_t>(item.digits);
  layout.scale = static_cast<int8_t>(item.scale);
  layout.is_signed = item.is_signed;
  layout.sign_leading = item.sign_leading;
  layout.sign_separate = item.sign_separate;
  layout.justified = item.justified;
  layout.picture = item.picture;
  layout.blank_when_zero = item.blank_when_zero;
  switch (item.category) {
    case Category::kAlphanumeric:
    case Category::kAlphabetic:
    case Category::kGroup:
      layout.kind = records::FieldKind::kText;
      return layout;
    case Category::kNational:
      layout.kind = records::FieldKind::kNational;
      return layout;
    case Category::kNumericEdited:
      layout.kind = records::FieldKind::kEdited;
      return layout;
    case Category::kNumeric:
      break;
  }
  switch (item.usage) {
    case Usage::kPacked:
      layout.kind = records::FieldKind::kPacked;
      break;
    case Usage::kBinary:
      layout.kind = records::FieldKind::kBinary;
      break;
    case Usage::kNative:
    case Usage::kIndex:
      layout.kind = records::FieldKind::kNativeBinary;
      break;
    case Usage::kFloat:
    case Usage::kDouble:
      layout.kind = records::FieldKind::kFloat;
      break;
    case Usage::kDisplay:
    case Usage::kNational:
      layout.kind = records::FieldKind::kZoned;
      break;
  }
  return layout;
}

absl::StatusOr<RuleText> ParseRuleText(std::string_view text) {
  RuleText rule;
  size_t op = text.find("!=");
  if (op == std::string_view::npos) op = text.find("<>");
  size_t op_size = 2;
  if (op != std::string_view::npos) {
    rule.negate = true;
  } else {
    op = text.find('=');
    op_size = 1;
  }
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("rule '", text, "': ", why));
  };
  if (op == std::string_view::npos) return bad("expected ITEM = value or ITEM != value");
  rule.subject = std::string(absl::StripAsciiWhitespace(ToAbsl(text.substr(0, op))));
  if (rule.subject.empty()) return bad("the item is missing");
  // Values are separated by commas outside quotes.
  std::vector<std::string> raw(1);
  char quote = 0;
  for (char c : text.substr(op + op_size)) {
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    } else if (c == ',' && quote == 0) {
      raw.emplace_back();
      continue;
    }
    raw.back().push_back(c);
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string literal(absl::StripAsciiWhitespace(raw[i]));
    const bool quoted = literal.size() >= 2 &&
                        (literal.front() == '\'' || literal.front() == '"') &&
                        literal.back() == literal.front();
    if (literal.empty()) return bad("a value is missing");
    if (i > 0 && quoted != rule.quoted) return bad("mixes quoted and unquoted values");
    rule.quoted = quoted;
    if (quoted) {
      const char q = literal.front();
      std::string unquoted;
      for (size_t j = 1; j + 1 < literal.size(); ++j) {
        unquoted.push_back(literal[j]);
        if (literal[j] == q && j + 2 < literal.size() && literal[j + 1] == q) ++j;
      }
      literal = unquoted;
    }
    rule.values.push_back(literal);
  }
  return rule;
}

}  // namespace dragoman::codegen
