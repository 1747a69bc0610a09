# Every third-party dependency comes from a Debian 12 package (see scripts/bootstrap.sh).
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(pugixml CONFIG REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS url)
# TLS to https:// SOAP backends (Asio's ssl streams).
find_package(OpenSSL REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)

find_program(DRAGOMAN_PROTOC protoc REQUIRED)
find_program(DRAGOMAN_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
find_program(DRAGOMAN_GRPC_PYTHON_PLUGIN grpc_python_plugin)
find_program(DRAGOMAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)

# protoc's own include directory (descriptor.proto and friends).
find_path(DRAGOMAN_PROTOBUF_INCLUDE google/protobuf/descriptor.proto
          PATHS /usr/include /usr/local/include REQUIRED)

# google/api/http.proto and annotations.proto (google.api.http REST mappings), as Debian ships
# them with grpc-gateway's sources (golang-github-grpc-ecosystem-grpc-gateway-dev).
find_path(DRAGOMAN_GOOGLEAPIS_DIR google/api/annotations.proto
          PATHS /usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis
          REQUIRED)

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()
