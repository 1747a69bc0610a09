#include "server/records/records_tool.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/ascii.h"
#include "server/backends/framing.h"
#include "translators/codegen/copybook_frontend.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/codegen/record_decoder.h"
#include "translators/codegen/record_encoder.h"
#include "translators/runtime/codepage.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::records {
namespace {

// Largest input read: mainframe extracts are big, but this is a debugging tool.
constexpr size_t kMaxInput = size_t{1} << 30;

// What the command's options and manifest make of the layout and its reading.
struct Layout {
  codegen::CopybookItem record;
  const CodePage* code_page = nullptr;
  codegen::RecordDialectChoice dialect;
  std::map<std::string, codegen::RuleText> redefines;
};

absl::StatusOr<const CodePage*> PageOf(const std::string& name);

absl::StatusOr<Layout> LoadLayout(const RecordsCommand& command) {
  Layout layout;
  manifest::Manifest manifest;
  std::vector<std::string> include_paths;
  if (!command.manifest.empty()) {
    absl::StatusOr<manifest::Manifest> loaded = codegen::LoadManifest(command.manifest);
    if (!loaded.ok()) return loaded.status();
    manifest = *std::move(loaded);
    const std::filesystem::path base = std::filesystem::path(command.manifest).parent_path();
    for (const std::string& dir : manifest.include_paths()) {
      include_paths.push_back((base / dir).string());
    }
  }
  if (!command.dialect.empty()) manifest.set_dialect(command.dialect);
  if (!command.code_page.empty()) manifest.set_code_page(command.code_page);
  absl::StatusOr<codegen::RecordDialectChoice> dialect = codegen::DialectOf(manifest);
  if (!dialect.ok()) return dialect.status();
  layout.dialect = *dialect;
  absl::StatusOr<const CodePage*> page = PageOf(layout.dialect.code_page);
  if (!page.ok()) return page.status();
  layout.code_page = *page;
  for (const auto& [branch, text] : manifest.redefines()) {
    absl::StatusOr<codegen::RuleText> rule = codegen::ParseRuleText(text);
    if (!rule.ok()) return WithContext(rule.status(), StrCat("redefines.", branch));
    layout.redefines[absl::AsciiStrToUpper(branch)] = *std::move(rule);
  }
  absl::StatusOr<std::string> text =
      codegen::ReadCopybookSource(command.copybook, include_paths, /*free_format=*/false);
  if (!text.ok()) return text.status();
  codegen::CopybookOptions options;
  options.one_byte_binary = layout.dialect.one_byte_binary;
  absl::StatusOr<std::vector<codegen::CopybookItem>> copybook =
      codegen::ParseCopybook(*text, command.copybook, options);
  if (!copybook.ok()) return copybook.status();
  for (codegen::CopybookItem& record : *copybook) {
    if (command.record.empty() ||
        absl::AsciiStrToUpper(record.name) == absl::AsciiStrToUpper(command.record)) {
      layout.record = std::move(record);
      return layout;
    }
  }
  return absl::InvalidArgumentError(
      command.record.empty() ? StrCat(command.copybook, ": no record")
                             : StrCat(command.copybook, ": no level 01 record ", command.record));
}

absl::StatusOr<const CodePage*> PageOf(const std::string& name) {
  const CodePage* page = CodePage::Find(name);
  if (page != nullptr) return page;
  return absl::InvalidArgumentError(
      StrCat("unknown code page '", name, "' (known: ", StrJoin(CodePage::Names(), ", "), ")"));
}

// The framer of records in `format`: F for fixed records of the layout's size, V for RDWs.
// (VB is V inside BDW blocks, whose header has the RDW's shape: see SplitRecords.)
absl::StatusOr<std::unique_ptr<framing::Framer>> FramerOf(std::string_view format,
                                                          const codegen::CopybookItem& layout) {
  framing::FramingOptions options;
  options.max_record = 0xFFFF;
  if (format == "F") {
    options.kind = framing::FramingOptions::Kind::kFixed;
    options.fixed_length = static_cast<size_t>(layout.storage_length);
    options.max_record = std::max<size_t>(options.fixed_length, 1);
  } else {
    options.kind = framing::FramingOptions::Kind::kRdw;
  }
  return framing::MakeFramer(options);
}

// Splits `data` into the frames `framer` finds; `what` names a frame's header in errors.
absl::Status SplitFrames(const framing::Framer& framer, std::string_view what,
                         std::string_view data, std::vector<std::string_view>* frames) {
  for (size_t at = 0; at < data.size();) {
    const framing::Frame frame = framer.Decode(data.substr(at));
    switch (frame.state) {
      case framing::Decoded::kFrame:
        frames->push_back(frame.record);
        at += frame.consumed;
        break;
      case framing::Decoded::kNeedMore:
        return absl::InvalidArgumentError(StrCat(what, " at byte ", at, ": the input ends ",
                                                 data.size() - at, " bytes into the frame"));
      case framing::Decoded::kError:
        return absl::InvalidArgumentError(StrCat(what, " at byte ", at, ": ", frame.error));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status EncodeRecords(const RecordsCommand& command, std::istream& in, std::ostream& out) {
  absl::StatusOr<Layout> loaded = LoadLayout(command);
  if (!loaded.ok()) return loaded.status();
  const codegen::CopybookItem* layout = &loaded->record;
  if (command.record_format != "F" && command.record_format != "V") {
    return absl::InvalidArgumentError(
        StrCat("record format '", command.record_format, "' (F or V expected)"));
  }
  absl::StatusOr<std::unique_ptr<framing::Framer>> framer =
      FramerOf(command.record_format, *layout);
  if (!framer.ok()) return framer.status();
  codegen::RecordEncodeOptions options;
  options.code_page = loaded->code_page;
  options.ibm_float = loaded->dialect.ibm_float;
  std::string line;
  std::string record;
  std::string frame;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    absl::Status status = codegen::EncodeRecordFromJson(*layout, line, options, &record);
    if (status.ok()) status = (*framer)->Encode(record, &frame);
    if (!status.ok()) {
      return absl::InvalidArgumentError(StrCat("line ", number, ": ", status.message()));
    }
    out.write(frame.data(), static_cast<std::streamsize>(frame.size()));
    record.clear();
    frame.clear();
  }
  return absl::OkStatus();
}

absl::Status DecodeRecords(const RecordsCommand& command, std::istream& in, std::ostream& out) {
  absl::StatusOr<Layout> loaded = LoadLayout(command);
  if (!loaded.ok()) return loaded.status();
  const codegen::CopybookItem& layout = loaded->record;
  codegen::RecordDecodeOptions options;
  options.code_page = loaded->code_page;
  options.ibm_float = loaded->dialect.ibm_float;
  options.native_little_endian = loaded->dialect.native_little_endian;
  options.redefines = loaded->redefines;
  options.variable_occurs = command.variable_occurs;
  options.strict = !command.lenient;
  options.trim = !command.keep_spaces;
  if (command.variable_occurs && command.record_format != "F") {
    return absl::InvalidArgumentError("--variable-occurs reads records without RDWs (format F)");
  }

  if (command.record_format != "F" && command.record_format != "V" &&
      command.record_format != "VB") {
    return absl::InvalidArgumentError(
        StrCat("record format '", command.record_format, "' (F, V or VB expected)"));
  }

  std::string data;
  data.reserve(1 << 16);
  char chunk[1 << 16];
  while (in.read(chunk, sizeof(chunk)) || in.gcount() > 0) {
    data.append(chunk, static_cast<size_t>(in.gcount()));
    if (data.size() > kMaxInput) return absl::InvalidArgumentError("input larger than 1 GiB");
  }

  // The records of the file, as views into `data`.
  std::vector<std::string_view> records;
  const auto record_size = static_cast<size_t>(layout.storage_length);
  if (command.variable_occurs) {
    for (size_t at = 0, number = 1; at < data.size(); ++number) {
      std::string json;
      size_t consumed = 0;
      absl::Status status = codegen::DecodeRecordToJson(layout, std::string_view(data).substr(at),
                                                        options, &json, &consumed);
      if (!status.ok()) {
        return absl::InvalidArgumentError(
            StrCat("record ", number, " (at byte ", at, "): ", status.message()));
      }
      if (consumed == 0) return absl::InvalidArgumentError("the record takes no bytes");
      out << json << '\n';
      at += consumed;
    }
    return absl::OkStatus();
  }
  if (command.record_format == "F" && record_size == 0) {
    return absl::InvalidArgumentError("the copybook's record has no storage");
  }
  if (command.record_format == "F" && data.size() % record_size != 0) {
    return absl::InvalidArgumentError(StrCat("the input (", data.size(),
                                             " bytes) is not a whole number of ", record_size,
                                             "-byte records"));
  }
  absl::StatusOr<std::unique_ptr<framing::Framer>> framer =
      FramerOf(command.record_format == "VB" ? "V" : command.record_format, layout);
  if (!framer.ok()) return framer.status();
  if (command.record_format == "VB") {
    std::vector<std::string_view> blocks;
    absl::Status status = SplitFrames(**framer, "BDW", data, &blocks);
    for (size_t i = 0; status.ok() && i < blocks.size(); ++i) {
      status = SplitFrames(**framer, "RDW", blocks[i], &records);
    }
    if (!status.ok()) return status;
  } else {
    absl::Status status = SplitFrames(**framer, "RDW", data, &records);
    if (!status.ok()) return status;
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
