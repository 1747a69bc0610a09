#!/usr/bin/python3
"""Informative latency of one call: zeep straight to a SOAP server vs gRPC through Dragoman.

Starts the spyne test service (tests/e2e/spyne_bank_service.py) and Dragoman in front of it,
then times N sequential get_account calls each way, side by side in one run, and prints the
median and 99th percentile in microseconds. Both paths end at the same spyne server, so the
difference is what Dragoman adds, plus what a gRPC client costs compared with zeep.

    /usr/bin/python3 bench/soap_latency.py --dragoman build/release/server/dragoman \\
        --proto-dir build/release/generated/protos [--calls 2000]

This is a first look, not the benchmark harness: single connection, Python clients on the
same two cores as the servers.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import zeep  # noqa: E402

import e2e_support  # noqa: E402


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(call, count):
    samples = []
    for _ in range(count):
        start = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - start) / 1000)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dragoman", required=True)
    parser.add_argument("--proto-dir", required=True)
    parser.add_argument("--options-proto-dir", default=os.path.join(HERE, "..", "proto"))
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        spyne = e2e_support.Process(
            [e2e_support.PYTHON, os.path.join(HERE, "..", "tests", "e2e", "spyne_bank_service.py"),
             "--port", "0"], os.path.join(work, "spyne.log"))
        procs = [spyne]
        try:
            spyne_port = int(spyne.wait_for_log(r"LISTENING (\d+)")[1])
            endpoint = "http://127.0.0.1:%d/" % spyne_port
            module = e2e_support.compile_protos(
                e2e_support.find_proto(args.proto_dir, "spyne_bank"), args.proto_dir,
                args.options_proto_dir, work)
            pb2, pb2_grpc = e2e_support.load_generated(work, module)
            service = pb2.DESCRIPTOR.services_by_name["BankService"]
            config = os.path.join(work, "dragoman.yaml")
            with open(config, "w") as f:
                f.write("listen: {grpc: \"127.0.0.1:0\"}\n"
                        "backends: [{name: spyne, soap: {endpoints: [\"%s\"]}}]\n"
                        "routes: [{match: %s, backend: spyne}]\n" % (endpoint, service.full_name))
            dragoman, target = e2e_support.start_dragoman(args.dragoman, config,
                                                          os.path.join(work, "dragoman.log"))
            procs.append(dragoman)
            channel = e2e_support.wait_for_channel(target, dragoman)
            stub = getattr(pb2_grpc, service.name + "Stub")(channel)
            request = pb2.GetAccount(account_id="ACC-1001")

            client = zeep.Client(endpoint + "?wsdl")
            warm = max(50, args.calls // 10)
            timed(lambda: client.service.get_account("ACC-1001"), warm)
            timed(lambda: stub.GetAccount(request, timeout=10), warm)
            # Interleave the two so drift on a shared machine hits both alike.
            direct, through = [], []
            for _ in range(10):
                direct += timed(lambda: client.service.get_account("ACC-1001"), args.calls // 10)
                through += timed(lambda: stub.GetAccount(request, timeout=10), args.calls // 10)
            print("| path | calls | p50 us | p99 us |")
            print("|---|---|---|---|")
            for name, samples in (("zeep -> spyne (direct)", direct),
                                  ("grpcio -> Dragoman -> spyne", through)):
                print("| %s | %d | %.0f | %.0f |" % (name, len(samples),
                                                    statistics.median(samples),
                                                    percentile(samples, 0.99)))
        finally:
            for proc in reversed(procs):
                proc.stop()


if __name__ == "__main__":
    main()
