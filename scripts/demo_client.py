#!/usr/bin/python3
"""Demo: an application calls the legacy bank through Dragoman over plain gRPC.

Compiles the bank .proto that dragoman-gen wrote for schemas/bank/bank.wsdl, then calls
Ping, GetAccount, ListTransactions, Transfer and CloseAccount (for an account that does not
exist, to show a SOAP fault arriving as INVALID_ARGUMENT with a dragoman.SoapFault in the
status details), printing each request and reply as proto3 JSON.

Usage (with `dragoman mock` serving schemas/bank/examples.yaml behind `dragoman serve`):
    /usr/bin/python3 scripts/demo_client.py --target 127.0.0.1:50051 \\
        --proto-dir BUILD/schemas/bank --options-proto-dir proto

Needs the Debian packages python3-grpcio, python3-protobuf, protobuf-compiler and
protobuf-compiler-grpc (for /usr/bin/grpc_python_plugin).
"""

import argparse
import datetime
import importlib
import os
import re
import subprocess
import sys
import tempfile

import grpc
from google.protobuf import descriptor_pb2, json_format, symbol_database

GRPC_PLUGIN = "/usr/bin/grpc_python_plugin"
TIMEOUT = 10.0


def find_bank_proto(proto_dir):
    """The bank*.proto under proto_dir that defines a service."""
    found = []
    for root, _, names in os.walk(proto_dir):
        for name in names:
            path = os.path.join(root, name)
            if name.startswith("bank") and name.endswith(".proto"):
                with open(path) as f:
                    if re.search(r"^\s*service\s+\w+", f.read(), re.MULTILINE):
                        found.append(path)
    if len(found) != 1:
        sys.exit("demo: expected one bank*.proto with a service under %s, found %s"
                 % (proto_dir, found or "none"))
    return found[0]


def compile_protos(proto_file, proto_dir, options_dir, out_dir):
    """protoc --python_out/--grpc_python_out for proto_file, its imports and errors.proto."""
    includes = ["-I", proto_dir, "-I", options_dir]
    rel = os.path.relpath(proto_file, proto_dir)
    closure_file = os.path.join(out_dir, "closure.pb")
    subprocess.run(["protoc", *includes, "--include_imports",
                    "--descriptor_set_out=" + closure_file, rel], check=True, timeout=60)
    with open(closure_file, "rb") as f:
        closure = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    files = {fd.name for fd in closure.file if not fd.name.startswith("google/protobuf/")}
    files.add("dragoman/errors.proto")
    subprocess.run(["protoc", *includes, "--python_out=" + out_dir,
                    "--grpc_python_out=" + out_dir,
                    "--plugin=protoc-gen-grpc_python=" + GRPC_PLUGIN, *sorted(files)],
                   check=True, timeout=60)
    for root, _, names in os.walk(out_dir):
        if root != out_dir and "__init__.py" not in names:
            open(os.path.join(root, "__init__.py"), "w").close()
    sys.path.insert(0, out_dir)
    module = rel[:-len(".proto")].replace("-", "_").replace("/", ".") + "_pb2"
    return importlib.import_module(module), importlib.import_module(module + "_grpc")


class Bank:
    """Calls the bank's methods by WSDL operation name with proto3 JSON requests."""

    def __init__(self, channel, pb2, pb2_grpc):
        self.options = importlib.import_module("dragoman.options_pb2")
        self.errors = importlib.import_module("dragoman.errors_pb2")
        services = list(pb2.DESCRIPTOR.services_by_name.values())
        # With one proto service per WSDL port, prefer the SOAP 1.1 port.
        self.service = next((s for s in services if s.GetOptions().Extensions[
            self.options.soap_service].port == "BankPort"), services[0])
        self.stub = getattr(pb2_grpc, self.service.name + "Stub")(channel)

    def call(self, operation, request_json):
        method = next(m for m in self.service.methods
                      if m.GetOptions().Extensions[self.options.soap_operation].name == operation
                      or m.name == operation)
        request_class = symbol_database.Default().GetSymbol(method.input_type.full_name)
        request = json_format.ParseDict(request_json, request_class())
        print("\n=== %s  (/%s/%s)" % (operation, self.service.full_name, method.name))
        print("request:", show(request))
        try:
            reply = getattr(self.stub, method.name)(request, timeout=TIMEOUT)
        except grpc.RpcError as err:
            self.show_error(err)
            return None
        print("reply:  ", show(reply))
        return reply

    def show_error(self, err):
        print("error:   %s: %s" % (err.code().name, err.details()))
        trailers = dict(err.trailing_metadata() or ())
        if "grpc-status-details-bin" not in trailers:
            return
        status = self.errors.RpcStatus.FromString(trailers["grpc-status-details-bin"])
        db = symbol_database.Default()
        for detail in status.details:
            name = detail.type_url.rpartition("/")[2]
            try:
                message = db.GetSymbol(name)()
            except KeyError:
                print("detail:  %s (%d bytes, type not compiled here)" % (name, len(detail.value)))
                continue
            detail.Unpack(message)
            print("detail:  %s %s" % (name, show(message)))


def show(message):
    text = json_format.MessageToJson(message, indent=2, sort_keys=False)
    return text.replace("\n", "\n         ")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default="127.0.0.1:50051", help="Dragoman's gRPC host:port")
    parser.add_argument("--proto-dir", required=True, help="where the generated bank .proto is")
    parser.add_argument("--options-proto-dir", required=True,
                        help="directory holding dragoman/options.proto and errors.proto")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dragoman-demo-") as out_dir:
        pb2, pb2_grpc = compile_protos(find_bank_proto(args.proto_dir), args.proto_dir,
                             args.options_proto_dir, out_dir)
        with grpc.insecure_channel(args.target,
                                   options=[("grpc.enable_http_proxy", 0)]) as channel:
            try:
                grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
            except grpc.FutureTimeoutError:
                sys.exit("demo: nothing answers gRPC on %s" % args.target)
            bank = Bank(channel, pb2, pb2_grpc)
            print("Dragoman at %s serves %s" % (args.target, bank.service.full_name))
            bank.call("Ping", {})
            bank.call("GetAccount", {"accountId": "ACC-1001"})
            bank.call("ListTransactions", {"accountId": "ACC-1001", "fromDate": "2024-05-01"})
            bank.call("Transfer", {
                "fromAccount": "ACC-1001", "toAccount": "ACC-3003",
                "amount": {"amount": "250.00", "currency": "CURRENCY_CODE_EUR"},
                "reference": "INV-2024-0042",
                "requestedExecutionDate": datetime.date.today().isoformat()})
            bank.call("CloseAccount", {"accountId": "ACC-404"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
