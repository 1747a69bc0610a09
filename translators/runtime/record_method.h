// The record half every generated copybook method shares: protobuf plumbing, the record's
// initial bytes, the transaction code, and the reply rules that turn business return codes
// into statuses. Generated subclasses supply only the field writers and readers.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_METHOD_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_METHOD_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "dragoman/options.pb.h"
#include "translators/runtime/record_field.h"
#include "translators/runtime/translator.h"

namespace dragoman::records {

// The layout of a (dragoman.cobol_field) option, viewing its name.
FieldLayout LayoutOf(const CobolField& field);

// Whether the item a rule reads (at `base`, or at 0 for absolute rules the caller resolves)
// holds one of `values` (none of them when `negate`). Values are in the form ReadText and
// ReadDecimal yield. Errors reading the item are returned.
absl::Status RuleHolds(const FieldLayout& subject, const std::string_view* values, size_t count,
                       bool negate, std::string_view record, size_t base,
                       const RecordDialect& dialect, bool* holds);
// Writes a rule's value (text or a decimal, by the subject's kind) into its subject.
absl::Status WriteRuleValue(const FieldLayout& subject, std::string_view value,
                            const RecordDialect& dialect, size_t base, std::string* record);
// InvalidArgument for a table given more values than it holds (or fewer than OCCURS m TO).
absl::Status CheckTableSize(std::string_view item, int size, uint32_t min, uint32_t max);
// The count an OCCURS DEPENDING ON counter holds, checked against the table's bounds.
absl::Status ReadTableCount(const FieldLayout& counter, std::string_view table,
                            std::string_view record, size_t base, const RecordDialect& dialect,
                            uint32_t min, uint32_t max, int* count);

// Protocol buffer wire format written straight from a record: the bytes the reply message
// would serialize to, without building the message (DecodeReply's hot path).
class WireWriter {
 public:
  // Wire types.
  static constexpr int kVarint = 0;
  static constexpr int kFixed64 = 1;
  static constexpr int kLength = 2;
  static constexpr int kFixed32 = 5;

  // Appends to `out`.
  explicit WireWriter(std::string* out) : out_(*out) {}

  // Appends `value` as a base-128 varint.
  void Varint(uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>(value | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  // Appends the key of field `number`.
  void Tag(uint32_t number, int wire_type) {
    Varint((uint64_t{number} << 3) | static_cast<uint64_t>(wire_type));
  }
  // Appends `bits` little-endian in `bytes` bytes (fixed32, fixed64).
  void Fixed(uint64_t bits, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>(bits >> (8 * i)));
  }
  // Starts a length-delimited value, after its tag; returns what EndLength takes.
  size_t BeginLength() {
    out_.push_back('\0');
    return out_.size();
  }
  // Ends the value BeginLength started: fills in its length, widening the prefix if needed.
  void EndLength(size_t mark);
  // The output, for readers that append values themselves.
  std::string& out() { return out_; }

 private:
  std::string& out_;
};

// The C++ type a protobuf integer field has, which a read value is cast to as the message's
// setter would.
enum class WireInt : uint8_t { kInt32, kInt64, kUInt32, kUInt64 };

// Wire forms of the readers of record_field.h, for generated wire readers. Each appends field
// `number` (key and value) unless the value is its type's default and not `always` (proto3
// omits those; oneof members and table entries are always written). Errors as the readers'.
absl::Status WireText(const FieldLayout& field, std::string_view record, size_t base,
                      const RecordDialect& dialect, uint32_t number, bool always, WireWriter* out);
// A number read as a canonical decimal string (ReadDecimal), for string fields.
absl::Status WireDecimal(const FieldLayout& field, std::string_view record, size_t base,
                         const RecordDialect& dialect, uint32_t number, bool always,
                         WireWriter* out);
// An integer field of `type`; `number` 0 writes the value alone (packed tables).
absl::Status WireInteger(const FieldLayout& field, std::string_view record, size_t base,
                         const RecordDialect& dialect, WireInt type, uint32_t number, bool always,
                         WireWriter* out);
// A double (or, when `as_float`, float) field; `number` 0 writes the value alone.
absl::Status WireDouble(const FieldLayout& field, std::string_view record, size_t base,
                        const RecordDialect& dialect, bool as_float, uint32_t number, bool always,
                        WireWriter* out);

// One program call. Also serves the mock backend, which runs the same mapping in reverse.
class RecordMethod : public Translator {
 public:
  // `method` must carry (dragoman.cobol_program) and its service (dragoman.cobol_service).
  explicit RecordMethod(const google::protobuf::MethodDescriptor* method);

  const std::string& method_path() const final { return method_path_; }
  const google::protobuf::MethodDescriptor* method() const final { return method_; }
  absl::Status EncodeRequest(std::string_view request_bytes, BackendRequest* out) const final;
  absl::Status DecodeReply(std::string& payload, std::string* reply_bytes) const final;

  // The program and the service's record options.
  const CobolProgram& program() const { return program_; }
  const CobolService& service() const { return service_; }
  const RecordDialect& dialect() const { return dialect_; }
  // The transaction code in the code page, space-padded to 8 bytes.
  const std::string& transaction() const { return transaction_; }
  // Mock side: reads a request record into `request`.
  absl::Status DecodeRequest(std::string_view record, google::protobuf::Message* request) const;
  // Mock side: writes the reply record of `reply`.
  absl::Status EncodeReply(const google::protobuf::Message& reply, std::string* record) const;

  // The longest record accepted in a reply.
  static constexpr size_t kMaxRecord = 1 << 24;

 protected:
  // Writes the request's fields over the record's initial bytes (resizing a variable record).
  virtual absl::Status WriteRequest(const google::protobuf::Message& request,
                                    std::string* record) const = 0;
  // Reads the request record.
  virtual absl::Status ReadRequest(std::string_view record,
                                   google::protobuf::Message* request) const = 0;
  // Writes the reply's fields over the record's initial bytes.
  virtual absl::Status WriteReply(const google::protobuf::Message& reply,
                                  std::string* record) const = 0;
  // Reads the reply record.
  virtual absl::Status ReadReply(std::string_view record,
                                 google::protobuf::Message* reply) const = 0;
  // Appends the serialized reply message of the reply record. By default ReadReply's message,
  // serialized; generated methods write the wire format directly.
  virtual absl::Status ReadReplyWire(std::string_view record, std::string* reply_bytes) const;

 private:
  // A reply rule with what it needs at hand.
  struct Outcome {
    CobolReplyRule rule;
    FieldLayout subject;
    std::vector<std::string_view> values;
    FieldLayout message;
  };
  // The status of the first reply rule that holds, OK when none does.
  absl::Status OutcomeOf(std::string_view record) const;

  const google::protobuf::MethodDescriptor* method_;
  std::string method_path_;
  CobolProgram program_;
  CobolService service_;
  RecordDialect dialect_;
  std::string transaction_;
  std::string initial_request_;
  std::string initial_reply_;
  std::vector<Outcome> outcomes_;
  const google::protobuf::Message* request_prototype_;
  const google::protobuf::Message* reply_prototype_;
};

}  // namespace dragoman::records

#endif  // DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_METHOD_H_
