// The gRPC front end: every routed method is registered at startup as a raw unary ByteBuffer
// callback, so one code path serves all methods with typed-handler cost and no per-service stubs.
#ifndef DRAGOMAN_SERVER_FRONTEND_GRPC_FRONTEND_H_
#define DRAGOMAN_SERVER_FRONTEND_GRPC_FRONTEND_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/router/route_table.h"

namespace dragoman {

// Converts an absl::Status to a grpc::Status; every typed payload becomes a detail of the
// google.rpc.Status carried in grpc-status-details-bin, and a dragoman.CallInfo with the
// request id is added when the status has none.
grpc::Status ToGrpcStatus(const absl::Status& status, const std::string& request_id,
                          const std::string& backend);

// Serves the methods of one route table over gRPC.
class GrpcFrontend {
 public:
  // Builds and starts a gRPC server on `address` (host:port; port 0 picks one) with health
  // checking and server reflection.
  static absl::StatusOr<std::unique_ptr<GrpcFrontend>> Start(
      const std::string& address, std::shared_ptr<const RouteTable> routes);
  ~GrpcFrontend();

  // The port the server listens on.
  int port() const { return port_; }
  // Stops accepting calls, lets calls in flight finish until `grace` expires, then cancels them.
  void Shutdown(std::chrono::milliseconds grace);
  // Blocks until the server has shut down.
  void Wait();

 private:
  class MethodService;

  GrpcFrontend() = default;

  std::shared_ptr<const RouteTable> routes_;
  std::vector<std::unique_ptr<MethodService>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace dragoman

#endif  // DRAGOMAN_SERVER_FRONTEND_GRPC_FRONTEND_H_
