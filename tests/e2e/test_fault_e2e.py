#!/usr/bin/python3
"""End-to-end fault run: transfers through Dragoman while the core system is killed.

What it proves (what a bank's reconciliation would find)
    gRPC clients send Transfer calls (not idempotent) through `dragoman serve` to a SOAP
    core-banking service that books each transfer in a ledger file before answering. Every
    two seconds the service is killed (SIGKILL, mid-request as it happens) and restarted on
    the same port. Afterwards, against the ledger:
    - no transfer was booked twice;
    - every call answered OK was booked;
    - every call failed UNAVAILABLE (never sent, not in doubt) was not booked;
    - every other failure is UNKNOWN, marked in doubt with the request id, and is counted.
    The figures are printed. DRAGOMAN_FAULT_SECONDS sets a longer run (default 12 s).

Running it
    /usr/bin/python3 tests/e2e/test_fault_e2e.py --dragoman BIN --proto-dir DIR \\
        [--options-proto-dir proto] [unittest arguments]
"""

import argparse
import collections
import concurrent.futures
import os
import tempfile
import threading
import time
import unittest

import grpc

import e2e_support

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICE = os.path.join(HERE, "ledger_bank_service.py")
BANK = "example.dragoman.bank.BankPort"
SERVICE_LINE = r"ledger_bank listening port=(?P<port>\d+)"

SETTINGS = argparse.Namespace(dragoman=None, proto_dir=None, options_proto_dir=None,
                              log_dir=None)


class FaultRun(unittest.TestCase):
    def test_killed_core_system_never_books_a_transfer_twice(self):
        seconds = float(os.environ.get("DRAGOMAN_FAULT_SECONDS", "12"))
        work = tempfile.mkdtemp(prefix="fault-", dir=SETTINGS.log_dir)
        out = os.path.join(work, "py")
        os.makedirs(out)
        module = e2e_support.compile_protos(
            e2e_support.find_proto(SETTINGS.proto_dir, "bank"), SETTINGS.proto_dir,
            SETTINGS.options_proto_dir, out)
        bank_pb2, bank_grpc = e2e_support.load_generated(out, module)
        from dragoman import errors_pb2

        port = e2e_support.free_loopback_port()
        ledger = os.path.join(work, "ledger.txt")
        generation = [0]

        def start_service():
            generation[0] += 1
            service = e2e_support.Process(
                [e2e_support.PYTHON, SERVICE, "--port", str(port), "--ledger", ledger],
                os.path.join(work, "service-%d.log" % generation[0]))
            service.wait_for_log(SERVICE_LINE)
            return service

        service = [start_service()]
        self.addCleanup(lambda: service[0].kill())
        config = os.path.join(work, "dragoman.yaml")
        with open(config, "w") as f:
            f.write("""listen: {grpc: 127.0.0.1:0}
backends:
  - name: core
    soap: {endpoints: ["http://127.0.0.1:%d/bank"], connect_timeout: 300ms}
routes:
  - {match: %s, backend: core, timeout: 3s}
""" % (port, BANK))
        dragoman, target = e2e_support.start_dragoman(SETTINGS.dragoman, config,
                                                      os.path.join(work, "dragoman.log"))
        self.addCleanup(dragoman.stop)
        channel = grpc.insecure_channel(target, options=e2e_support.CHANNEL_OPTIONS)
        self.addCleanup(channel.close)
        stub = bank_grpc.BankPortStub(channel)

        running = threading.Event()
        running.set()
        kills = [0]

        def killer():
            while running.is_set():
                time.sleep(2.0)
                if not running.is_set():
                    break
                service[0].kill()
                kills[0] += 1
                time.sleep(0.3)
                service[0] = start_service()

        killer_thread = threading.Thread(target=killer)
        killer_thread.start()

        def transfer(i):
            reference = "R-%06d" % i
            request = bank_pb2.Transfer(
                from_account="ACC-1001", to_account="ACC-3003", reference=reference,
                requested_execution_date="2026-12-01",
                amount=bank_pb2.Money(amount="1.00", currency=bank_pb2.CURRENCY_CODE_EUR))
            try:
                stub.Transfer(request, timeout=5)
                return reference, "OK", False
            except grpc.RpcError as err:
                details = e2e_support.status_details(err, errors_pb2)
                infos = e2e_support.unpack_details(details, errors_pb2.CallInfo) if details else []
                in_doubt = bool(infos and infos[0].in_doubt)
                if infos:
                    self.assertTrue(infos[0].request_id, "a failure without its request id")
                return reference, err.code().name, in_doubt

        outcomes = []
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            futures = []
            i = 0
            while time.monotonic() - started < seconds:
                futures.append(pool.submit(transfer, i))
                i += 1
                time.sleep(0.004)  # about 250 transfers a second
            outcomes = [f.result() for f in futures]
        running.clear()
        killer_thread.join()

        with open(ledger) as f:
            booked = collections.Counter(line.strip() for line in f if line.strip())
        by_status = collections.Counter(status for _, status, _ in outcomes)
        duplicates = [ref for ref, count in booked.items() if count > 1]
        in_doubt = [ref for ref, status, doubt in outcomes if status != "OK" and doubt]
        for reference, status, doubt in outcomes:
            with self.subTest(reference=reference, status=status):
                if status == "OK":
                    self.assertEqual(booked[reference], 1, "answered OK but not booked")
                elif status == "UNAVAILABLE":
                    self.assertFalse(doubt)
                    self.assertEqual(booked[reference], 0, "never sent, yet booked")
                else:
                    self.assertIn(status, ("UNKNOWN", "DEADLINE_EXCEEDED"))
                    self.assertTrue(doubt, "a failure after sending must be marked in doubt")
        self.assertEqual(duplicates, [], "transfers booked twice")
        self.assertGreaterEqual(kills[0], 2, "the run was too short to kill the service")
        self.assertGreater(by_status["OK"], len(outcomes) // 2)
        print("fault e2e: %d transfers in %.0f s, core system killed %d times: %s; in doubt %d "
              "(booked %d); booked twice: %d" % (
                  len(outcomes), seconds, kills[0], dict(by_status), len(in_doubt),
                  sum(1 for ref in in_doubt if booked[ref]), len(duplicates)))


def main():
    parser = e2e_support.common_parser(__doc__)
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    return e2e_support.run_tests("fault-e2e", SETTINGS, unittest_args)


if __name__ == "__main__":
    raise SystemExit(main())
