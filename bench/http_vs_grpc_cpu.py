#!/usr/bin/python3
"""Dragoman's CPU per request on the HTTP/JSON path against the gRPC path, side by side.

The same call (the bank's GetAccount, answered by `dragoman mock` from schemas/bank/examples.yaml)
is made through Dragoman as gRPC (python3-grpcio), as a Connect call with a JSON body and as a
Connect call with a binary body (keep-alive http.client), in interleaved rounds. For each arm the
CPU time Dragoman's process used (utime + stime from /proc/<pid>/stat) is divided by the calls;
the clients' and the mock's CPU are not counted. Prints a markdown table with the medians over
the rounds and the ratios against gRPC.

Usage:
    /usr/bin/python3 bench/http_vs_grpc_cpu.py --dragoman build/release/server/dragoman \\
        --proto-dir build/release/generated/protos [--calls 2000] [--rounds 5]
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import e2e_support  # noqa: E402

import grpc  # noqa: E402

BANK = "example.dragoman.bank.BankPort"
EXAMPLES = os.path.join(e2e_support.REPO_ROOT, "schemas", "bank", "examples.yaml")
HTTP_LINE = r"msg=listening http=(?P<host>[^\s:]+):(?P<port>\d+)"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dragoman", required=True)
    parser.add_argument("--proto-dir", required=True)
    parser.add_argument("--options-proto-dir", default=e2e_support.REPO_PROTO_DIR)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="dragoman-bench-http-")
    mock, mock_port = e2e_support.start_mock(args.dragoman, BANK, EXAMPLES,
                                             os.path.join(work, "mock.log"))
    config = os.path.join(work, "dragoman.yaml")
    with open(config, "w") as f:
        f.write("listen: {grpc: 127.0.0.1:0, http: 127.0.0.1:0}\n"
                "backends: [{name: bank, soap: {endpoints: [\"http://127.0.0.1:%d/bank\"]}}]\n"
                "routes: [{match: %s, backend: bank}]\n" % (mock_port, BANK))
    dragoman, target = e2e_support.start_dragoman(args.dragoman, config,
                                                   os.path.join(work, "dragoman.log"))
    try:
        http_match = dragoman.wait_for_log(HTTP_LINE)
        module = e2e_support.compile_protos(e2e_support.find_proto(args.proto_dir, "bank"),
                                            args.proto_dir, args.options_proto_dir, work)
        pb2, pb2_grpc = e2e_support.load_generated(work, module)
        request = pb2.GetAccount(account_id="ACC-1001")
        json_body = json.dumps({"accountId": "ACC-1001"}).encode()
        proto_body = request.SerializeToString()
        channel = grpc.insecure_channel(target)
        stub = pb2_grpc.BankPortStub(channel)
        connection = http.client.HTTPConnection(http_match["host"], int(http_match["port"]))
        path = "/%s/GetAccount" % BANK

        def grpc_call():
            stub.GetAccount(request, timeout=10)

        def http_call(body, content_type):
            def call():
                connection.request("POST", path, body=body,
                                   headers={"Content-Type": content_type})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError("HTTP %d" % response.status)
            return call

        arms = [("gRPC (protobuf)", grpc_call),
                ("HTTP Connect JSON", http_call(json_body, "application/json")),
                ("HTTP Connect binary", http_call(proto_body, "application/proto"))]
        for _, call in arms:  # warm up connections, pools and caches
            for _ in range(200):
                call()
        results = {name: [] for name, _ in arms}
        for _ in range(args.rounds):
            for name, call in arms:
                before = cpu_seconds(dragoman.pid)
                for _ in range(args.calls):
                    call()
                results[name].append((cpu_seconds(dragoman.pid) - before) / args.calls * 1e6)
        base = statistics.median(results[arms[0][0]])
        print("| arm | Dragoman CPU per call (median of %d rounds x %d calls) | vs gRPC |"
              % (args.rounds, args.calls))
        print("|---|---|---|")
        for name, _ in arms:
            value = statistics.median(results[name])
            print("| %s | %.1f us | %.2fx |" % (name, value, value / base))
        channel.close()
        connection.close()
    finally:
        dragoman.stop()
        mock.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
