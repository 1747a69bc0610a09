#!/usr/bin/env bash
# Builds bank-gateway, the grpc-gateway arm of the end-to-end benchmark: stock grpc-gateway v1
# (Debian 12's 1.6.4) in front of Dragoman's gRPC port for the bank's BankPort.
#
#   bench/e2e/gateway/build.sh OUT_DIR PROTO_DIR OPTIONS_PROTO_DIR
#
# PROTO_DIR holds the bank.proto Dragoman generated from schemas/bank/bank.wsdl (e.g.
# build/bench/generated/protos); OPTIONS_PROTO_DIR holds dragoman/options.proto (proto/).
# Writes OUT_DIR/bank-gateway; everything else it makes stays under OUT_DIR (plugin shims,
# generated Go in OUT_DIR/gopath, the Go build cache in OUT_DIR/go-cache). Offline: Go builds
# in GOPATH mode against the Debian sources in /usr/share/gocode. Quiet on success.
#
# Two things the stock Debian tools need help with, both without touching the .proto files:
# - bank.proto has proto3 `optional` fields, and protoc 3.21 refuses plugins that do not
#   declare support for them; protoc-gen-go 1.3.5 and protoc-gen-grpc-gateway 1.6.4 predate
#   the declaration. Each plugin runs behind a shim that appends supported_features =
#   FEATURE_PROTO3_OPTIONAL to its reply. They then see each optional field as the one-field
#   oneof protoc describes it with (its compatibility design): same wire format and JSON.
# - bank.proto has no google.api.http annotations; bank_http.yaml binds every BankPort method
#   as POST /v1/bank/<Method> with body "*" (grpc_api_configuration).
set -euo pipefail
trap 'echo "gateway/build.sh: failed (line $LINENO: $BASH_COMMAND)" >&2' ERR

if [ $# -ne 3 ]; then
  echo "usage: $0 OUT_DIR PROTO_DIR OPTIONS_PROTO_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
proto_dir=$(cd "$2" && pwd)
options_dir=$(cd "$3" && pwd)
gocode=/usr/share/gocode/src
for f in "$proto_dir/bank.proto" "$options_dir/dragoman/options.proto" \
  "$options_dir/dragoman/errors.proto"; do
  [ -f "$f" ] || { echo "gateway/build.sh: no $f" >&2; exit 1; }
done

# What this needs, each with the Debian 12 package that ships it.
missing=()
need() { [ -e "$1" ] || missing+=("$2"); }
command -v go >/dev/null 2>&1 || missing+=(golang-go)
need /usr/bin/protoc protobuf-compiler
need /usr/include/google/protobuf/descriptor.proto libprotobuf-dev
need /usr/bin/protoc-gen-go protoc-gen-go-1-3
need "$gocode/github.com/grpc-ecosystem/grpc-gateway/runtime" golang-github-grpc-ecosystem-grpc-gateway-dev
need "$gocode/github.com/golang/protobuf/jsonpb" golang-github-golang-protobuf-1-3-dev
need "$gocode/google.golang.org/grpc" golang-google-grpc-dev
need "$gocode/google.golang.org/genproto/googleapis/rpc/status" golang-google-genproto-dev
need "$gocode/golang.org/x/net/http2" golang-golang-x-net-dev
need "$gocode/golang.org/x/text" golang-golang-x-text-dev
need "$gocode/golang.org/x/sys/unix" golang-golang-x-sys-dev
if [ ! -x /usr/bin/protoc-gen-grpc-gateway ]; then  # else built from source: needs these too
  need "$gocode/github.com/golang/glog" golang-glog-dev
  need "$gocode/github.com/ghodss/yaml" golang-github-ghodss-yaml-dev
  need "$gocode/gopkg.in/yaml.v2" golang-gopkg-yaml.v2-dev
fi
if [ ${#missing[@]} -ne 0 ]; then
  # golang-grpc-gateway (the packaged plugin) is optional: without it the plugin is built.
  [ -x /usr/bin/protoc-gen-grpc-gateway ] || missing+=(golang-grpc-gateway)
  echo "gateway/build.sh: missing Debian packages; install them with:" >&2
  echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

export GO111MODULE=off GOPROXY=off GOFLAGS='' GOENV=off GOTOOLCHAIN=local
export GOPATH="$out/gopath:/usr/share/gocode" GOCACHE="$out/go-cache"

# The plugins, each behind its proto3-optional shim.
bin="$out/bin"
mkdir -p "$bin"
gateway_plugin=/usr/bin/protoc-gen-grpc-gateway  # Debian's golang-grpc-gateway
if [ ! -x "$gateway_plugin" ]; then
  gateway_plugin="$bin/protoc-gen-grpc-gateway-1.6.4"
  go build -p 1 -o "$gateway_plugin" github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway
fi
shim() {  # shim NAME REAL_PLUGIN
  printf '#!/bin/sh\n# Declares proto3 optional support for %s (see build.sh).\n"%s" "$@" && printf '"'"'\\020\\001'"'"'\n' \
    "$2" "$2" >"$bin/$1.tmp"
  chmod +x "$bin/$1.tmp"
  mv -f "$bin/$1.tmp" "$bin/$1"
}
shim protoc-gen-go /usr/bin/protoc-gen-go
shim protoc-gen-grpc-gateway "$gateway_plugin"

# Generated Go, rebuilt from scratch into a staging tree and swapped in: bank.proto as package
# dragoman/gen/bankpb (messages, gRPC client, gateway handlers); dragoman/options.proto (which
# bankpb imports for its extensions) and dragoman/errors.proto (the types of Dragoman's error
# details, which the gateway must know to write an error's details as JSON) as
# dragoman/gen/dragoman. protoc 3.21's own .proto files name APIv2 Go packages: mapped to the
# 1.3 ones.
maps="Mgoogle/protobuf/descriptor.proto=github.com/golang/protobuf/protoc-gen-go/descriptor"
maps+=",Mgoogle/protobuf/any.proto=github.com/golang/protobuf/ptypes/any"
maps+=",Mdragoman/options.proto=dragoman/gen/dragoman,Mdragoman/errors.proto=dragoman/gen/dragoman"
maps+=",Mbank.proto=dragoman/gen/bankpb"
stage="$out/gopath/src/dragoman/gen.new"
rm -rf "$stage"
mkdir -p "$stage/bankpb"
protoc=(protoc -I "$proto_dir" -I "$options_dir"
  "--plugin=protoc-gen-go=$bin/protoc-gen-go"
  "--plugin=protoc-gen-grpc-gateway=$bin/protoc-gen-grpc-gateway")
"${protoc[@]}" "--go_out=plugins=grpc,paths=source_relative,$maps:$stage/bankpb" \
  "--grpc-gateway_out=paths=source_relative,grpc_api_configuration=$here/bank_http.yaml,$maps:$stage/bankpb" \
  bank.proto
# protoc-gen-go 1.3 writes one Go package per run.
"${protoc[@]}" "--go_out=paths=source_relative,$maps:$stage" dragoman/options.proto \
  dragoman/errors.proto
rm -rf "$out/gopath/src/dragoman/gen"
mv "$stage" "$out/gopath/src/dragoman/gen"

go build -p 1 -o "$out/bank-gateway" "$here/main.go"
