#include "server/backends/framing.h"

#include "absl/strings/str_cat.h"
#include "translators/runtime/strings.h"

namespace dragoman::framing {
namespace {

Frame NeedMore() { return Frame{}; }

Frame Error(std::string why) {
  Frame frame;
  frame.state = Decoded::kError;
  frame.error = std::move(why);
  return frame;
}

Frame Whole(std::string_view stream, size_t header, size_t record) {
  Frame frame;
  frame.state = Decoded::kFrame;
  frame.consumed = header + record;
  frame.record = stream.substr(header, record);
  return frame;
}

uint64_t ReadUnsigned(std::string_view bytes, bool little_endian) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<uint8_t>(bytes[little_endian ? bytes.size() - 1 - i : i]);
    value = (value << 8) | byte;
  }
  return value;
}

void WriteUnsigned(uint64_t value, int size, bool little_endian, std::string* out) {
  for (int i = 0; i < size; ++i) {
    const int shift = little_endian ? i * 8 : (size - 1 - i) * 8;
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

class LengthPrefixFramer final : public Framer {
 public:
  explicit LengthPrefixFramer(const FramingOptions& options) : options_(options) {}

  Frame Decode(std::string_view stream) const override {
    const auto header = static_cast<size_t>(options_.prefix_bytes);
    if (stream.size() < header) return NeedMore();
    uint64_t length = ReadUnsigned(stream.substr(0, header), options_.little_endian);
    if (options_.length_includes_prefix) {
      if (length < header) {
        return Error(StrCat("length prefix ", length, " is shorter than the prefix itself"));
      }
      length -= header;
    }
    if (length > options_.max_record) {
      return Error(
          StrCat("record of ", length, " bytes exceeds the limit of ", options_.max_record));
    }
    if (stream.size() - header < length) return NeedMore();
    return Whole(stream, header, static_cast<size_t>(length));
  }

  absl::Status Encode(std::string_view record, std::string* out) const override {
    const uint64_t length =
        record.size() + (options_.length_includes_prefix ? options_.prefix_bytes : 0);
    const uint64_t room = options_.prefix_bytes == 2 ? 0xFFFF : 0xFFFFFFFF;
    if (record.size() > options_.max_record || length > room) {
      return absl::InvalidArgumentError(StrCat("record of ", record.size(),
                                               " bytes cannot be framed (limit ",
                                               std::min<uint64_t>(options_.max_record, room), ")"));
    }
    WriteUnsigned(length, options_.prefix_bytes, options_.little_endian, out);
    out->append(record);
    return absl::OkStatus();
  }

 private:
  FramingOptions options_;
};

// RDW and LLZZ: a 2-byte big-endian length counting the 4-byte header, then 2 bytes that are
// zero in an RDW and flags in IMS's LLZZ.
class DescriptorWordFramer final : public Framer {
 public:
  explicit DescriptorWordFramer(const FramingOptions& options) : options_(options) {}

  Frame Decode(std::string_view stream) const override {
    if (stream.size() < 4) return NeedMore();
    const uint64_t length = ReadUnsigned(stream.substr(0, 2), false);
    const char* what = options_.kind == FramingOptions::Kind::kRdw ? "RDW" : "LL";
    if (length < 4) return Error(StrCat(what, " length ", length, " is shorter than its header"));
    if (options_.kind == FramingOptions::Kind::kRdw && ReadUnsigned(stream.substr(2, 2), false)) {
      return Error("RDW's reserved bytes are not zero");
    }
    if (length - 4 > options_.max_record) {
      return Error(
          StrCat("record of ", length - 4, " bytes exceeds the limit of ", options_.max_record));
    }
    if (stream.size() < length) return NeedMore();
    return Whole(stream, 4, static_cast<size_t>(length - 4));
  }

  absl::Status Encode(std::string_view record, std::string* out) const override {
    if (record.size() > options_.max_record || record.size() + 4 > 0xFFFF) {
      return absl::InvalidArgumentError(
          StrCat("record of ", record.size(), " bytes cannot be framed (limit ",
                 std::min<size_t>(options_.max_record, 0xFFFF - 4), ")"));
    }
    WriteUnsigned(record.size() + 4, 2, false, out);
    WriteUnsigned(0, 2, false, out);
    out->append(record);
    return absl::OkStatus();
  }

 private:
  FramingOptions options_;
};

class FixedFramer final : public Framer {
 public:
  explicit FixedFramer(size_t length) : length_(length) {}

  Frame Decode(std::string_view stream) const override {
    if (stream.size() < length_) return NeedMore();
    return Whole(stream, 0, length_);
  }

  absl::Status Encode(std::string_view record, std::string* out) const override {
    if (record.size() != length_) {
      return absl::InvalidArgumentError(
          StrCat("record of ", record.size(), " bytes is not the fixed length ", length_));
    }
    out->append(record);
    return absl::OkStatus();
  }

 private:
  size_t length_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Framer>> MakeFramer(const FramingOptions& options) {
  switch (options.kind) {
    case FramingOptions::Kind::kLengthPrefix:
      if (options.prefix_bytes != 2 && options.prefix_bytes != 4) {
        return absl::InvalidArgumentError(StrCat("framing: a length prefix of ",
                                                 options.prefix_bytes, " bytes (2 or 4 expected)"));
      }
      return std::make_unique<LengthPrefixFramer>(options);
    case FramingOptions::Kind::kRdw:
    case FramingOptions::Kind::kLlzz:
      return std::make_unique<DescriptorWordFramer>(options);
    case FramingOptions::Kind::kFixed:
      if (options.fixed_length == 0 || options.fixed_length > options.max_record) {
        return absl::InvalidArgumentError(StrCat("framing: fixed records of ", options.fixed_length,
                                                 " bytes (1 to ", options.max_record,
                                                 " expected)"));
      }
      return std::make_unique<FixedFramer>(options.fixed_length);
  }
  return absl::InvalidArgumentError("framing: unknown kind");
}

FramingOptions FromProto(const RecordFraming& framing, size_t max_record) {
  FramingOptions options;
  switch (framing.kind()) {
    case RecordFraming::RDW:
      options.kind = FramingOptions::Kind::kRdw;
      break;
    case RecordFraming::LLZZ:
      options.kind = FramingOptions::Kind::kLlzz;
      break;
    case RecordFraming::FIXED:
      options.kind = FramingOptions::Kind::kFixed;
      break;
    default:
      options.kind = FramingOptions::Kind::kLengthPrefix;
      break;
  }
  options.prefix_bytes = framing.prefix_bytes() == 0 ? 4 : static_cast<int>(framing.prefix_bytes());
  options.little_endian = framing.little_endian();
  options.length_includes_prefix = framing.length_includes_prefix();
  // The header travels inside the frame, so a fixed frame holds it too.
  options.fixed_length = framing.fixed_length() + (framing.header() ? kHeaderBytes : 0);
  options.max_record = max_record + (framing.header() ? kHeaderBytes : 0);
  return options;
}

void AppendHeader(std::string_view transaction, uint64_t correlation_id, std::string* out) {
  if (transaction.size() == 8) {
    out->append(transaction);
  } else {
    out->append(8, '\0');
  }
  WriteUnsigned(correlation_id, 8, /*little_endian=*/false, out);
}

bool SplitHeader(std::string_view framed, std::string_view* transaction, uint64_t* correlation_id,
                 std::string_view* record) {
  if (framed.size() < kHeaderBytes) return false;
  *transaction = framed.substr(0, 8);
  *correlation_id = ReadUnsigned(framed.substr(8, 8), /*little_endian=*/false);
  *record = framed.substr(kHeaderBytes);
  return true;
}

}  // namespace dragoman::framing
