#include "translators/runtime/record_method.h"

#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "translators/runtime/scratch_arena.h"
#include "translators/runtime/status_util.h"
#include "translators/runtime/strings.h"

namespace dragoman::records {
namespace {

const google::protobuf::Message* PrototypeOf(const google::protobuf::Descriptor* type) {
  return google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
}

std::string InitialBytes(const google::protobuf::Descriptor* type) {
  const CobolRecord& record = type->options().GetExtension(dragoman::cobol_record);
  std::string bytes = absl::HexStringToBytes(record.initial_hex());
  // A record without initial bytes (a hand-written .proto) starts as binary zeros.
  bytes.resize(record.length(), '\0');
  return bytes;
}

FieldKind KindOf(CobolUsage usage) {
  switch (usage) {
    case COBOL_NATIONAL:
      return FieldKind::kNational;
    case COBOL_EDITED:
      return FieldKind::kEdited;
    case COBOL_ZONED:
      return FieldKind::kZoned;
    case COBOL_PACKED:
      return FieldKind::kPacked;
    case COBOL_BINARY:
      return FieldKind::kBinary;
    case COBOL_NATIVE_BINARY:
      return FieldKind::kNativeBinary;
    case COBOL_FLOAT:
      return FieldKind::kFloat;
    default:
      return FieldKind::kText;
  }
}

bool IsText(FieldKind kind) {
  return kind == FieldKind::kText || kind == FieldKind::kNational || kind == FieldKind::kEdited;
}

}  // namespace

FieldLayout LayoutOf(const CobolField& field) {
  FieldLayout layout;
  layout.name = field.name();
  layout.offset = field.offset();
  layout.length = field.length();
  layout.kind = KindOf(field.usage());
  layout.digits = static_cast<uint8_t>(field.digits());
  layout.scale = static_cast<int8_t>(field.scale());
  layout.is_signed = field.is_signed();
  layout.sign_leading = field.sign_leading();
  layout.sign_separate = field.sign_separate();
  layout.justified = field.justified();
  layout.picture = field.picture();
  layout.blank_when_zero = field.blank_when_zero();
  return layout;
}

absl::Status RuleHolds(const FieldLayout& subject, const std::string_view* values, size_t count,
                       bool negate, std::string_view record, size_t base,
                       const RecordDialect& dialect, bool* holds) {
  std::string value;
  DRAGOMAN_RETURN_IF_ERROR(IsText(subject.kind)
                               ? ReadText(subject, record, base, dialect, &value)
                               : ReadDecimal(subject, record, base, dialect, &value));
  bool found = false;
  for (size_t i = 0; i < count && !found; ++i) found = values[i] == value;
  *holds = found != negate;
  return absl::OkStatus();
}

absl::Status WriteRuleValue(const FieldLayout& subject, std::string_view value,
                            const RecordDialect& dialect, size_t base, std::string* record) {
  return IsText(subject.kind) ? WriteText(subject, value, dialect, base, record)
                              : WriteDecimal(subject, value, dialect, base, record);
}

absl::Status CheckTableSize(std::string_view item, int size, uint32_t min, uint32_t max) {
  if (size > static_cast<int>(max) || size < static_cast<int>(min)) {
    return absl::InvalidArgumentError(
        StrCat("field ", item, ": has ", size, " occurrences, the table holds ", min, " to ", max));
  }
  return absl::OkStatus();
}

absl::Status ReadTableCount(const FieldLayout& counter, std::string_view table,
                            std::string_view record, size_t base, const RecordDialect& dialect,
                            uint32_t min, uint32_t max, int* count) {
  int64_t value = 0;
  DRAGOMAN_RETURN_IF_ERROR(ReadInt64(counter, record, base, dialect, &value));
  if (value < static_cast<int64_t>(min) || value > static_cast<int64_t>(max)) {
    return absl::InvalidArgumentError(
        StrCat("field ", counter.name, " at byte ", base + counter.offset, ": counts ", value,
               " occurrences of ", table, ", which holds ", min, " to ", max));
  }
  *count = static_cast<int>(value);
  return absl::OkStatus();
}

void WireWriter::EndLength(size_t mark) {
  const size_t length = out_.size() - mark;
  if (length < 0x80) {
    out_[mark - 1] = static_cast<char>(length);
    return;
  }
  // Rare (values of 128 bytes and more): widen the one-byte prefix BeginLength left.
  char prefix[10];
  size_t size = 0;
  for (uint64_t rest = length; rest != 0; rest >>= 7) {
    prefix[size++] = static_cast<char>((rest & 0x7F) | (rest >= 0x80 ? 0x80 : 0));
  }
  out_.replace(mark - 1, 1, prefix, size);
}

absl::Status WireText(const FieldLayout& field, std::string_view record, size_t base,
                      const RecordDialect& dialect, uint32_t number, bool always, WireWriter* out) {
  std::string& buffer = out->out();
  const size_t start = buffer.size();
  out->Tag(number, WireWriter::kLength);
  const size_t mark = out->BeginLength();
  if (absl::Status status = AppendText(field, record, base, dialect, &buffer); !status.ok()) {
    buffer.resize(start);
    return status;
  }
  if (!always && buffer.size() == mark) {
    buffer.resize(start);
    return absl::OkStatus();
  }
  out->EndLength(mark);
  return absl::OkStatus();
}

absl::Status WireDecimal(const FieldLayout& field, std::string_view record, size_t base,
                         const RecordDialect& dialect, uint32_t number, bool always,
                         WireWriter* out) {
  std::string decimal;
  DRAGOMAN_RETURN_IF_ERROR(ReadDecimal(field, record, base, dialect, &decimal));
  if (!always && decimal.empty()) return absl::OkStatus();
  out->Tag(number, WireWriter::kLength);
  out->Varint(decimal.size());
  out->out().append(decimal);
  return absl::OkStatus();
}

absl::Status WireInteger(const FieldLayout& field, std::string_view record, size_t base,
                         const RecordDialect& dialect, WireInt type, uint32_t number, bool always,
                         WireWriter* out) {
  uint64_t bits = 0;
  int64_t value = 0;
  if (type == WireInt::kUInt64) {
    // As the message reader: the decimal text as an unsigned integer, which may pass INT64_MAX.
    if (ReadInt64(field, record, base, dialect, &value).ok() && value >= 0) {
      bits = static_cast<uint64_t>(value);
    } else {
      std::string text;
      DRAGOMAN_RETURN_IF_ERROR(ReadDecimal(field, record, base, dialect, &text));
      if (!absl::SimpleAtoi(ToAbsl(text), &bits)) {
        return absl::InvalidArgumentError(
            StrCat("field ", field.name, ": does not hold an unsigned 64-bit integer"));
      }
    }
  } else {
    DRAGOMAN_RETURN_IF_ERROR(ReadInt64(field, record, base, dialect, &value));
    // The setter's conversion, then protobuf's: int32 travels sign-extended to 64 bits.
    switch (type) {
      case WireInt::kInt32:
        bits = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(value)));
        break;
      case WireInt::kUInt32:
        bits = static_cast<uint32_t>(value);
        break;
      default:
        bits = static_cast<uint64_t>(value);
        break;
    }
  }
  if (!always && bits == 0) return absl::OkStatus();
  if (number != 0) out->Tag(number, WireWriter::kVarint);
  out->Varint(bits);
  return absl::OkStatus();
}

absl::Status WireDouble(const FieldLayout& field, std::string_view record, size_t base,
                        const RecordDialect& dialect, bool as_float, uint32_t number, bool always,
                        WireWriter* out) {
  double value = 0;
  DRAGOMAN_RETURN_IF_ERROR(ReadDouble(field, record, base, dialect, &value));
  uint64_t bits = 0;
  if (as_float) {
    const auto single = static_cast<float>(value);
    uint32_t word = 0;
    std::memcpy(&word, &single, sizeof(word));
    bits = word;
  } else {
    std::memcpy(&bits, &value, sizeof(bits));
  }
  if (!always && bits == 0) return absl::OkStatus();
  if (number != 0) out->Tag(number, as_float ? WireWriter::kFixed32 : WireWriter::kFixed64);
  out->Fixed(bits, as_float ? 4 : 8);
  return absl::OkStatus();
}

RecordMethod::RecordMethod(const google::protobuf::MethodDescriptor* method)
    : method_(method),
      method_path_(StrCat("/", method->service()->full_name(), "/", method->name())),
      program_(method->options().GetExtension(dragoman::cobol_program)),
      service_(method->service()->options().GetExtension(dragoman::cobol_service)),
      initial_request_(InitialBytes(method->input_type())),
      initial_reply_(InitialBytes(method->output_type())),
      request_prototype_(PrototypeOf(method->input_type())),
      reply_prototype_(PrototypeOf(method->output_type())) {
  dialect_.code_page = CodePage::Find(service_.code_page());
  // protoc-gen-dragoman refuses unknown code pages; this only guards hand-made descriptors.
  if (dialect_.code_page == nullptr) dialect_.code_page = CodePage::Find("cp037");
  dialect_.ibm_float = service_.ibm_float();
  dialect_.native_little_endian = service_.native_little_endian();
  if (!program_.transaction().empty()) {
    if (dialect_.code_page->Encode(program_.transaction(), &transaction_).ok()) {
      transaction_.resize(8, static_cast<char>(dialect_.code_page->space()));
    } else {
      transaction_.clear();
    }
  }
  outcomes_.reserve(static_cast<size_t>(program_.replies_size()));
  for (const CobolReplyRule& rule : program_.replies()) {
    Outcome& outcome = outcomes_.emplace_back();
    outcome.rule = rule;
    outcome.subject = LayoutOf(outcome.rule.when().subject());
    for (const std::string& value : outcome.rule.when().values()) outcome.values.push_back(value);
    outcome.message = LayoutOf(outcome.rule.message());
  }
}

absl::Status RecordMethod::EncodeRequest(std::string_view request_bytes,
                                         BackendRequest* out) const {
  ScratchArena arena;
  google::protobuf::Message* request = request_prototype_->New(arena.get());
  if (!request->ParseFromArray(request_bytes.data(), static_cast<int>(request_bytes.size()))) {
    return absl::InvalidArgumentError(
        StrCat(method_path_, ": request is not a valid ", request->GetTypeName()));
  }
  out->payload = initial_request_;
  if (absl::Status status = WriteRequest(*request, &out->payload); !status.ok()) {
    return WithContext(status, method_path_);
  }
  out->transaction = transaction_;
  out->content_type.clear();
  out->soap_action.reset();
  out->one_way = false;
  return absl::OkStatus();
}

absl::Status RecordMethod::OutcomeOf(std::string_view record) const {
  for (const Outcome& outcome : outcomes_) {
    bool holds = false;
    absl::Status status = RuleHolds(outcome.subject, outcome.values.data(), outcome.values.size(),
                                    outcome.rule.when().negate(), record, 0, dialect_, &holds);
    if (!status.ok()) {
      return absl::InternalError(StrCat(method_path_, ": reply of ", program_.program(),
                                        " cannot be read: ", status.message()));
    }
    if (!holds) continue;
    std::string text;
    if (outcome.rule.has_message() && ReadText(outcome.message, record, 0, dialect_, &text).ok() &&
        !text.empty()) {
      return absl::Status(static_cast<absl::StatusCode>(outcome.rule.status()),
                          StrCat(program_.program(), ": ", text));
    }
    return absl::Status(static_cast<absl::StatusCode>(outcome.rule.status()),
                        StrCat(program_.program(), " replied ", outcome.rule.when().text()));
  }
  return absl::OkStatus();
}

absl::Status RecordMethod::DecodeReply(std::string& payload, std::string* reply_bytes) const {
  if (payload.size() > kMaxRecord) {
    return absl::InternalError(StrCat(method_path_, ": reply record of ", payload.size(),
                                      " bytes is beyond the limit of ", kMaxRecord));
  }
  absl::Status outcome = OutcomeOf(payload);
  if (outcome.ok()) {
    reply_bytes->clear();
    // Text is mostly one UTF-8 byte per record byte; keys and lengths add a few per field.
    reply_bytes->reserve(payload.size() * 2 + 64);
    if (absl::Status status = ReadReplyWire(payload, reply_bytes); !status.ok()) {
      reply_bytes->clear();
      return absl::InternalError(StrCat(method_path_, ": reply of ", program_.program(),
                                        " does not match its copybook: ", status.message()));
    }
    return absl::OkStatus();
  }
  // The business error carries the reply as decoded, for callers that want its fields.
  ScratchArena arena;
  google::protobuf::Message* reply = reply_prototype_->New(arena.get());
  if (ReadReply(payload, reply).ok() && outcome.code() != absl::StatusCode::kInternal) {
    AttachDetail(outcome, *reply);
  }
  return outcome;
}

absl::Status RecordMethod::ReadReplyWire(std::string_view record, std::string* reply_bytes) const {
  ScratchArena arena;
  google::protobuf::Message* reply = reply_prototype_->New(arena.get());
  DRAGOMAN_RETURN_IF_ERROR(ReadReply(record, reply));
  if (!reply->AppendToString(reply_bytes)) {
    return absl::InternalError(StrCat(method_path_, ": reply cannot be serialized"));
  }
  return absl::OkStatus();
}

absl::Status RecordMethod::DecodeRequest(std::string_view record,
                                         google::protobuf::Message* request) const {
  if (absl::Status status = ReadRequest(record, request); !status.ok()) {
    return WithContext(status, StrCat(method_path_, ": request record"));
  }
  return absl::OkStatus();
}

absl::Status RecordMethod::EncodeReply(const google::protobuf::Message& reply,
                                       std::string* record) const {
  *record = initial_reply_;
  if (absl::Status status = WriteReply(reply, record); !status.ok()) {
    return WithContext(status, StrCat(method_path_, ": reply record"));
  }
  return absl::OkStatus();
}

}  // namespace dragoman::records
