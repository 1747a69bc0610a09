#include "server/records/records_tool.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "server/backends/framing.h"
#include "translators/codegen/copybook_parser.h"
#include "translators/codegen/record_decoder.h"
#include "translators/codegen/record_encoder.h"
#include "translators/runtime/codepage.h"
#include "translators/runtime/strings.h"

namespace dragoman::records {
namespace {

// Largest input read: mainframe extracts are big, but this is a debugging tool.
constexpr size_t kMaxInput = size_t{1} << 30;

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
  absl::StatusOr<codegen::CopybookItem> layout = LoadLayout(command.copybook);
  if (!layout.ok()) return layout.status();
  absl::StatusOr<const CodePage*> page = PageOf(command.code_page);
  if (!page.ok()) return page.status();
  if (command.record_format != "F" && command.record_format != "V") {
    return absl::InvalidArgumentError(
        StrCat("record format '", command.record_format, "' (F or V expected)"));
  }
  absl::StatusOr<std::unique_ptr<framing::Framer>> framer =
      FramerOf(command.record_format, *layout);
  if (!framer.ok()) return framer.status();
  codegen::RecordEncodeOptions options;
  options.code_page = *page;
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
  absl::StatusOr<codegen::CopybookItem> loaded = LoadLayout(command.copybook);
  if (!loaded.ok()) return loaded.status();
  const codegen::CopybookItem& layout = *loaded;
  absl::StatusOr<const CodePage*> page = PageOf(command.code_page);
  if (!page.ok()) return page.status();
  codegen::RecordDecodeOptions options;
  options.code_page = *page;
  options.strict = !command.lenient;
  options.trim = !command.keep_spaces;

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
