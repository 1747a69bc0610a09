#!/usr/bin/env bash
# Installs every Debian package that building, testing and running the demo need, and the npm
# packages of the end-to-end tests' Node peers (tests/e2e/node, pinned by its lock file).
# Safe to run repeatedly; needs root (or sudo) on Debian 12.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang-format git
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libprotoc-dev
  libre2-dev libpugixml-dev libboost1.81-dev libboost-url1.81-dev libabsl-dev libyaml-cpp-dev libcli11-dev
  libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # benchmarks only: the simdjson arm of bench/http/json_request_bench, the gSOAP arm of
  # bench/soap/gsoap_codec_bench
  libsimdjson-dev gsoap libgsoap-dev
  # the end-to-end benchmark harness's arms (its smoke mode is part of the test run): nginx and
  # HAProxy hops, and grpc-gateway built with Go from Debian's sources (the gateway's Go
  # dependencies come with golang-github-grpc-ecosystem-grpc-gateway-dev below)
  nginx haproxy golang-go golang-grpc-gateway
  # google/api/http.proto and annotations.proto (REST mappings), shipped with grpc-gateway
  golang-github-grpc-ecosystem-grpc-gateway-dev
  # third-party peers used by the end-to-end tests and the demo
  python3 python3-spyne python3-zeep python3-grpcio python3-protobuf python3-yaml curl
  php-cli php-soap
  # GnuCOBOL writes the reference records the mainframe codecs are checked against
  gnucobol3
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node and npm run the stock Connect client and the OpenAPI validator; a machine may already
# have them from elsewhere.
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages present"
else
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_dir="$(dirname "$0")/../tests/e2e/node"
if [ ! -d "$node_dir/node_modules/@connectrpc/connect-node" ] ||
   [ ! -d "$node_dir/node_modules/@apidevtools/swagger-parser" ]; then
  echo "bootstrap: npm ci in tests/e2e/node"
  npm ci --prefix "$node_dir" --no-audit --no-fund --loglevel=error
fi
