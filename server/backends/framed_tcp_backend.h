// Binary records framed on TCP, as mainframe program hosts take them (CICS socket listener,
// IMS Connect): length prefix, RDW/LLZZ or fixed frames, optionally with a header carrying the
// transaction code and a correlation id.
#ifndef DRAGOMAN_SERVER_BACKENDS_FRAMED_TCP_BACKEND_H_
#define DRAGOMAN_SERVER_BACKENDS_FRAMED_TCP_BACKEND_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dragoman/config.pb.h"
#include "server/backends/backend.h"
#include "server/net/event_loops.h"

namespace dragoman {

namespace framed_internal {
struct Settings;
class LoopState;
}  // namespace framed_internal

// A framed-record backend. As with SOAP, each event loop owns its connections, so a call
// takes no lock: Send posts to a loop and the whole call runs there.
//
// With a frame header, calls to an endpoint share one connection per loop and replies are
// matched by correlation id (a reply for a call that timed out is dropped). Without one, a
// connection carries one call at a time and further calls wait for a free connection.
// Nothing is retried here: a connect failure is UNAVAILABLE (nothing sent); a connection lost
// or a reply missing after the request was written is UNKNOWN marked in doubt; an unreadable
// frame is INTERNAL. Every failure carries a dragoman.CallInfo detail.
class FramedTcpBackend : public Backend {
 public:
  // Validates `config` (host:port endpoints, a framing that makes sense), fills the defaults
  // config.proto documents. `loops` must outlive the backend.
  static absl::StatusOr<std::unique_ptr<FramedTcpBackend>> Create(
      EventLoops& loops, std::string name, const config::FramedBackend& config);

  // Closes the connections on their loops; calls still in flight fail as in doubt.
  ~FramedTcpBackend() override;

  FramedTcpBackend(const FramedTcpBackend&) = delete;
  FramedTcpBackend& operator=(const FramedTcpBackend&) = delete;

  // Runs the call on the caller's loop if it is on one, else on the next loop round robin.
  void Send(BackendRequest request, CallContext context, ReplyCallback done) override;

 private:
  FramedTcpBackend(EventLoops& loops, std::shared_ptr<const framed_internal::Settings> settings);

  EventLoops& loops_;
  std::shared_ptr<const framed_internal::Settings> settings_;
  std::vector<std::shared_ptr<framed_internal::LoopState>> states_;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_BACKENDS_FRAMED_TCP_BACKEND_H_
