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
protobuf-compiler-grpc (for /usr/bin/grpc_python_plugin). Finding and compiling the protos and
decoding status details use the helpers of the end-to-end tests (tests/e2e/e2e_support.py).
"""

import argparse
import datetime
import importlib
import os
import sys
import tempfile

import grpc
from google.protobuf import json_format, symbol_database

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import e2e_support  # noqa: E402  (found through the path above)

TIMEOUT = 10.0


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
        status = e2e_support.status_details(err, self.errors)
        for name, message in e2e_support.detail_messages(status) if status else ():
            if message is None:
                print("detail:  %s (type not compiled here)" % name)
            else:
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
        try:
            proto_file = e2e_support.find_proto(args.proto_dir, "bank")
        except LookupError as err:
            sys.exit("demo: %s" % err)
        module = e2e_support.compile_protos(proto_file, args.proto_dir, args.options_proto_dir,
                                            out_dir)
        pb2, pb2_grpc = e2e_support.load_generated(out_dir, module)
        with grpc.insecure_channel(args.target, options=e2e_support.CHANNEL_OPTIONS) as channel:
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
