// A mock mainframe program host built from the same translators Dragoman calls with: it reads
// framed request records as the program would, and answers each with a record of sample values
// (for a COMMAREA that goes both ways, the request's own values kept).
#ifndef DRAGOMAN_SERVER_MOCK_RECORD_MOCK_H_
#define DRAGOMAN_SERVER_MOCK_RECORD_MOCK_H_

#include <google/protobuf/message.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/backends/framing.h"
#include "server/net/event_loops.h"
#include "translators/runtime/record_method.h"
#include "translators/runtime/translator.h"

namespace dragoman::mock {

// Fills every field of a copybook-mapped message with a value its picture holds: text cut to
// the item, numbers small enough for any picture, tables at their lowest count above zero.
void FillRecordSample(google::protobuf::Message* message);

// Answers the programs of one proto service.
class RecordMock {
 public:
  // `service` is a full proto service name whose methods are copybook methods.
  static absl::StatusOr<std::unique_ptr<RecordMock>> Create(const TranslatorRegistry& registry,
                                                            const std::string& service);

  // The reply frame content (header included when the service's framing has one) for a
  // request frame's content. Without a header the service's first method answers.
  absl::Status Handle(std::string_view framed, std::string* reply) const;

  // The framing the service's manifest declares.
  const RecordFraming& framing() const { return framing_; }
  // Names of the programs served, for the startup log line.
  std::vector<std::string> ProgramNames() const;

 private:
  RecordMock() = default;

  std::vector<const records::RecordMethod*> methods_;
  RecordFraming framing_;
};

// A TCP server that splits a stream into frames and answers each in order.
class FramedServer {
 public:
  // Listens on host:port (0 picks a free port) on one of `loops`; `handler` answers each
  // frame's content. Both must outlive the server.
  static absl::StatusOr<std::unique_ptr<FramedServer>> Start(EventLoops& loops,
                                                             const framing::Framer& framer,
                                                             const RecordMock& handler,
                                                             const std::string& host,
                                                             uint16_t port);
  ~FramedServer();

  // The bound port.
  uint16_t port() const { return port_; }
  // Requests answered so far.
  uint64_t answered() const { return answered_->load(); }
  // Stops accepting and closes the connections.
  void Stop();

 private:
  struct State;
  FramedServer() = default;

  std::shared_ptr<State> state_;
  std::shared_ptr<std::atomic<uint64_t>> answered_;
  uint16_t port_ = 0;
};

}  // namespace dragoman::mock

#endif  // DRAGOMAN_SERVER_MOCK_RECORD_MOCK_H_
