// The harness's bare gRPC server: one raw unary method on the same gRPC stack and the same
// callback API Dragoman's front end uses, answering every call at once with fixed reply bytes
// (the reply Dragoman would give), so the difference between it and Dragoman is the translation
// and the legacy hop, not gRPC.
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/impl/service_type.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"

namespace {

// Serves `method` with a reply that is the same bytes every time.
class FixedReplyService : public grpc::Service {
 public:
  FixedReplyService(std::string method, const std::string& reply_bytes)
      : method_(std::move(method)) {
    grpc::Slice slice(reply_bytes);
    reply_ = grpc::ByteBuffer(&slice, 1);
    AddMethod(new grpc::internal::RpcServiceMethod(method_.c_str(),
                                                   grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
    MarkMethodRawCallback(
        0, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
               [this](grpc::CallbackServerContext* context, const grpc::ByteBuffer*,
                      grpc::ByteBuffer* reply) {
                 *reply = reply_;  // shares the slice; no copy of the bytes
                 grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
                 reactor->Finish(grpc::Status::OK);
                 return reactor;
               }));
  }

 private:
  std::string method_;  // RpcServiceMethod keeps the pointer
  grpc::ByteBuffer reply_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  std::string method;
  std::string reply_file;
  CLI::App app{"A bare gRPC server answering one method with fixed bytes (benchmark baseline)"};
  app.add_option("--listen", listen, "host:port (port 0 picks one)");
  app.add_option("--method", method, "/package.Service/Method")->required();
  app.add_option("--reply", reply_file, "file with the serialized reply")->required();
  CLI11_PARSE(app, argc, argv);
  // As dragoman serve does (see there): Debian's Abseil would check lock order on every mutex.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  std::ifstream in(reply_file, std::ios::binary);
  if (!in) {
    std::cerr << "bare_grpc_server: cannot read " << reply_file << "\n";
    return 2;
  }
  const std::string reply{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  FixedReplyService service(method, reply);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "bare_grpc_server: cannot listen on " << listen << "\n";
    return 1;
  }
  std::cerr << "LISTENING " << port << std::endl;
  server->Wait();
  return 0;
}
