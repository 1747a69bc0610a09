// Framing of binary records on a TCP stream, as mainframe hosts (CICS sockets, IMS Connect)
// expect them: a length prefix, an RDW or LLZZ header, or fixed-length records. One small
// interface, so the framed backend and the mock do not care which.
#ifndef DRAGOMAN_SERVER_BACKENDS_FRAMING_H_
#define DRAGOMAN_SERVER_BACKENDS_FRAMING_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "dragoman/options.pb.h"

namespace dragoman::framing {

// What the front of a byte stream holds.
enum class Decoded {
  kNeedMore,  // not a whole frame yet: read more, consume nothing
  kFrame,     // one whole frame
  kError,     // not a valid frame: the stream cannot be trusted any more
};

// The result of looking at the front of a stream.
struct Frame {
  Decoded state = Decoded::kNeedMore;
  // kFrame: bytes the frame takes from the stream, and the record inside it (a view into
  // the buffer that was decoded).
  size_t consumed = 0;
  std::string_view record;
  // kError: why, with the offending numbers.
  std::string error;
};

// Splits a byte stream into records and wraps records into frames. Stateless and immutable:
// one instance serves every connection.
class Framer {
 public:
  virtual ~Framer() = default;
  // Looks at the front of `stream`. Never allocates for a frame before its size is known to be
  // within the limit: a length beyond it is kError.
  virtual Frame Decode(std::string_view stream) const = 0;
  // Appends the frame of `record` to `out`; InvalidArgument when the record cannot be framed
  // (longer than the header can say or than the limit, or not the fixed length).
  virtual absl::Status Encode(std::string_view record, std::string* out) const = 0;
};

// How records are framed.
struct FramingOptions {
  enum class Kind {
    kLengthPrefix,  // an unsigned length of `prefix_bytes`, then the record
    kRdw,           // 2-byte big-endian length including the 4-byte header, 2 zero bytes
    kLlzz,          // IMS: LL as RDW, ZZ flags (written as zero, read as anything)
    kFixed,         // records of exactly `fixed_length` bytes, no header
  };
  Kind kind = Kind::kLengthPrefix;
  // kLengthPrefix: 2 or 4 bytes, big-endian (network order) unless little_endian.
  int prefix_bytes = 4;
  bool little_endian = false;
  // kLengthPrefix: the length counts the prefix itself.
  bool length_includes_prefix = false;
  // kFixed: the record length.
  size_t fixed_length = 0;
  // The largest record accepted either way (bytes, header excluded).
  size_t max_record = 1 << 20;
};

// A framer for `options`; InvalidArgument for options that make no sense (naming them).
absl::StatusOr<std::unique_ptr<Framer>> MakeFramer(const FramingOptions& options);

// The options a (dragoman.RecordFraming) message describes, records up to `max_record` bytes.
FramingOptions FromProto(const RecordFraming& framing, size_t max_record);

// The optional header inside a frame, before the record (RecordFraming.header): the
// transaction code, 8 bytes of the host's code page, and a correlation id, 8 bytes
// big-endian. A reply carries its request's header back.
inline constexpr size_t kHeaderBytes = 16;

// Appends a header; `transaction` must be 8 bytes (or empty: 8 zero bytes).
void AppendHeader(std::string_view transaction, uint64_t correlation_id, std::string* out);

// Splits a framed record into its header and the record; false when it is too short.
bool SplitHeader(std::string_view framed, std::string_view* transaction, uint64_t* correlation_id,
                 std::string_view* record);

}  // namespace dragoman::framing

#endif  // DRAGOMAN_SERVER_BACKENDS_FRAMING_H_
