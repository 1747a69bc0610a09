// The record half every generated copybook method shares: protobuf plumbing, the record's
// initial bytes, the transaction code, and the reply rules that turn business return codes
// into statuses. Generated subclasses supply only the field writers and readers.
#ifndef DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_METHOD_H_
#define DRAGOMAN_TRANSLATORS_RUNTIME_RECORD_METHOD_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

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
