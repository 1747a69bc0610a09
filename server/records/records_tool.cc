#include "server/records/records_tool.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "translators/codegen/copybook_parser.h"
#include "translators/codegen/record_decoder.h"
#include "translators/codegen/record_encoder.h"
#include "translators/runtime/codepage.h"
#include "translators/runtime/strings.h"

namespace dragoman::records {
namespace {

// Largest input read: mainframe extracts are big, but this is a debugging tool.
constexpr size_t kMaxInput = size_t{1} << 30;

uint32_t BigEndian16(std::string_view bytes) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(bytes[0])) << 8) |
         static_cast<uint8_t>(bytes[1]);
}

// The first record of the copybook file `path`.
absl::StatusOr<codegen::CopybookItem> LoadLayout(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(StrCat("cannot read ", path));
  std::stringstream text;
  text << file.rdbuf();
  absl::StatusOr<std::vector<codegen::CopybookItem>> copybook =
      codegen::ParseCopybook(text.str(), path);
  if (!copybook.ok()) return copybook.status();
  if (copybook->empty()) return absl::InvalidArgumentError(StrCat(path, ": no record"));
  return std::move(copybook->front());
}

absl::StatusOr<const CodePage*> PageOf(const std::string& name) {
  const CodePage* page = CodePage::Find(name);
  if (page != nullptr) return page;
  std::string names;
  for (std::string_view known : CodePage::Names())
    StrAppend(&names, names.empty() ? "" : ", ", known);
  return absl::InvalidArgumentError(StrCat("unknown code page '", name, "' (known: ", names, ")"));
}

}  // namespace

absl::Status EncodeRecords(const DecodeCommand& command, std::istream& in, std::ostream& out) {
  absl::StatusOr<codegen::CopybookItem> layout = LoadLayout(command.copybook);
  if (!layout.ok()) return layout.status();
  absl::StatusOr<const CodePage*> page = PageOf(command.code_page);
  if (!page.ok()) return page.status();
  if (command.record_format != "F" && command.record_format != "V") {
    return absl::InvalidArgumentError(
        StrCat("record format '", command.record_format, "' (F or V expected)"));
  }
  codegen::RecordEncodeOptions options;
  options.code_page = *page;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string record;
    absl::Status status = codegen::EncodeRecordFromJson(*layout, line, options, &record);
    if (!status.ok()) {
      return absl::InvalidArgumentError(StrCat("line ", number, ": ", status.message()));
    }
    if (command.record_format == "V") {
      const size_t length = record.size() + 4;
      if (length > 0xFFFF) return absl::InvalidArgumentError("record too long for an RDW");
      out.put(static_cast<char>(length >> 8)).put(static_cast<char>(length & 0xFF));
      out.put(0).put(0);
    }
    out.write(record.data(), static_cast<std::streamsize>(record.size()));
  }
  return absl::OkStatus();
}

absl::Status DecodeRecords(const DecodeCommand& command, std::istream& in, std::ostream& out) {
  absl::StatusOr<codegen::CopybookItem> loaded = LoadLayout(command.copybook);
  if (!loaded.ok()) return loaded.status();
  const codegen::CopybookItem& layout = *loaded;
  absl::StatusOr<const CodePage*> page = PageOf(command.code_page);
  if (!page.ok()) return page.status();
  codegen::RecordDecodeOptions options;
  options.code_page = *page;
  options.strict = !command.lenient;
  options.trim = !command.keep_spaces;

  std::string data;
  data.reserve(1 << 16);
  char chunk[1 << 16];
  while (in.read(chunk, sizeof(chunk)) || in.gcount() > 0) {
    data.append(chunk, static_cast<size_t>(in.gcount()));
    if (data.size() > kMaxInput) return absl::InvalidArgumentError("input larger than 1 GiB");
  }

  // The records of the file, as views into `data`.
  std::vector<std::string_view> records;
  const std::string_view all = data;
  if (command.record_format == "F") {
    const auto size = static_cast<size_t>(layout.storage_length);
    if (size == 0) return absl::InvalidArgumentError("the copybook's record has no storage");
    if (all.size() % size != 0) {
      return absl::InvalidArgumentError(StrCat(
          "the input (", all.size(), " bytes) is not a whole number of ", size, "-byte records"));
    }
    for (size_t at = 0; at < all.size(); at += size) records.push_back(all.substr(at, size));
  } else if (command.record_format == "V" || command.record_format == "VB") {
    const bool blocked = command.record_format == "VB";
    for (size_t at = 0; at < all.size();) {
      size_t end = all.size();
      if (blocked) {
        if (all.size() - at < 4) return absl::InvalidArgumentError(StrCat("BDW cut at byte ", at));
        const uint32_t block = BigEndian16(all.substr(at, 2));
        if (block < 4 || at + block > all.size()) {
          return absl::InvalidArgumentError(StrCat("BDW at byte ", at, " says ", block, " bytes"));
        }
        end = at + block;
        at += 4;
      }
      while (at < end) {
        if (end - at < 4) return absl::InvalidArgumentError(StrCat("RDW cut at byte ", at));
        const uint32_t length = BigEndian16(all.substr(at, 2));
        if (length < 4 || at + length > end) {
          return absl::InvalidArgumentError(StrCat("RDW at byte ", at, " says ", length, " bytes"));
        }
        records.push_back(all.substr(at + 4, length - 4));
        at += length;
      }
    }
  } else {
    return absl::InvalidArgumentError(
        StrCat("record format '", command.record_format, "' (F, V or VB expected)"));
  }

  for (size_t i = 0; i < records.size(); ++i) {
    std::string json;
    absl::Status status = codegen::DecodeRecordToJson(layout, records[i], options, &json);
    if (!status.ok()) {
      return absl::InvalidArgumentError(StrCat("record ", i + 1, ": ", status.message()));
    }
    out << json << '\n';
  }
  return absl::OkStatus();
}

}  // namespace dragoman::records
