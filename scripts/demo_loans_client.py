#!/usr/bin/python3
"""Demo: an application asks a COBOL program for loan quotes through Dragoman over plain gRPC.

Compiles the loancalc .proto that dragoman-gen wrote for schemas/loans/loancalc.cpy (with its
manifest), then calls QuoteLoan three times: a quote the COBOL program LOANCALC computes with
COMP-3 arithmetic, an unknown customer (the program's return code 12 arriving as NOT_FOUND),
and a principal its PICTURE cannot hold (refused by Dragoman as INVALID_ARGUMENT, naming the
COBOL item, before anything is sent). Requests and replies are printed as proto3 JSON.

Usage (with examples/cics_host or `dragoman mock` behind `dragoman serve`):
    /usr/bin/python3 scripts/demo_loans_client.py --target 127.0.0.1:50051 \\
        --proto-dir BUILD/generated/protos --options-proto-dir proto
"""

import argparse
import os
import sys
import tempfile

import grpc
from google.protobuf import json_format

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import e2e_support  # noqa: E402  (found through the path above)
from demo_client import TIMEOUT, show  # noqa: E402  (the bank demo's, beside this file)


def quote(stub, pb2, request_json):
    request = json_format.ParseDict(request_json, pb2.LoanCommarea())
    print("\n=== QuoteLoan  (/example.dragoman.loans.LoanService/QuoteLoan)")
    print("request:", show(request))
    try:
        print("reply:  ", show(stub.QuoteLoan(request, timeout=TIMEOUT)))
    except grpc.RpcError as err:
        print("error:   %s: %s" % (err.code().name, err.details()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default="127.0.0.1:50051", help="Dragoman's gRPC host:port")
    parser.add_argument("--proto-dir", required=True, help="where the generated .proto files are")
    parser.add_argument("--options-proto-dir", required=True,
                        help="directory holding dragoman/options.proto and errors.proto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dragoman-demo-loans-") as out_dir:
        proto_file = e2e_support.find_proto(args.proto_dir, "loancalc")
        module = e2e_support.compile_protos(proto_file, args.proto_dir, args.options_proto_dir,
                                            out_dir)
        pb2, pb2_grpc = e2e_support.load_generated(out_dir, module)
        with grpc.insecure_channel(args.target) as channel:
            stub = pb2_grpc.LoanServiceStub(channel)
            request = {"lcCustomerId": "C-1001", "lcCustomerName": "ADA LOVELACE",
                       "lcPrincipal": "250000.00", "lcAnnualRate": "3.2500",
                       "lcTermMonths": 240}
            quote(stub, pb2, {"lcRequest": request})
            quote(stub, pb2, {"lcRequest": dict(request, lcCustomerId="X-404")})
            quote(stub, pb2, {"lcRequest": dict(request, lcPrincipal="1250000000.00")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
