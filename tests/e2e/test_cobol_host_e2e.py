#!/usr/bin/python3
"""End-to-end: a real COBOL program behind a CICS-like host, called over gRPC through Dragoman.

What it proves (what an application calling Dragoman would notice)
    - LOANCALC (schemas/loans/loancalc.cbl, compiled by GnuCOBOL `cobc -std=ibm`) computes loan
      quotes with COMP-3 arithmetic from the COMMAREA Dragoman builds; every figure that comes
      back over gRPC is exactly what the COBOL program computed (checked against the same
      arithmetic in Python's decimal module, ROUNDED half away from zero), cent for cent,
      including the OCCURS DEPENDING ON schedule.
    - The program's business return codes arrive as the statuses the manifest maps them to
      (12 -> NOT_FOUND, 8 -> FAILED_PRECONDITION), with the program's message.
    - A value that does not fit its PICTURE is INVALID_ARGUMENT naming the COBOL item, and the
      program never runs for it (the host's ledger of executed transactions says so).
    - Thirty concurrent calls share one connection (frame header with correlation ids) and each
      gets its own answer.
    - `dragoman mock` serves the same service from its copybook over the same framing: the
      caller's values come back (a COMMAREA goes both ways) with the manifest's default filled.
    - With the host gone, the next call fails UNAVAILABLE and is not in doubt.

Running it
    /usr/bin/python3 tests/e2e/test_cobol_host_e2e.py --dragoman BIN --cics-host HOST_BIN \\
        --proto-dir DIR [--options-proto-dir proto] [unittest arguments]

    DIR holds the loancalc.proto dragoman-gen wrote for schemas/loans. HOST_BIN is the
    cics_host of examples/cics_host (which links the compiled program). Needs python3-grpcio,
    python3-protobuf, protobuf-compiler and protobuf-compiler-grpc, under /usr/bin/python3.
"""

import argparse
import concurrent.futures
import decimal
import importlib
import os
import re
import sys
import tempfile
import time
import unittest

import grpc

import e2e_support
from e2e_support import CALL_TIMEOUT

SETTINGS = argparse.Namespace(dragoman=None, cics_host=None, proto_dir=None,
                              options_proto_dir=None, log_dir=None)
SERVICE = "example.dragoman.loans.LoanService"
HOST_LINE = r"cics_host listening port=(?P<port>\d+)"
EXECUTED = re.compile(r"^executed transaction=LNQT ", re.MULTILINE)
CENT = decimal.Decimal("0.01")


def expected_quote(principal, rate, months):
    """LOANCALC's arithmetic: simple interest, equal instalments, ROUNDED half away from 0."""
    principal, rate = decimal.Decimal(principal), decimal.Decimal(rate)
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        interest = (principal * rate * months / 1200).quantize(CENT, decimal.ROUND_HALF_UP)
        due = principal + interest
        payment = (due / months).quantize(CENT, decimal.ROUND_HALF_UP)
    schedule = [(k, due - k * payment) for k in range(1, min(months, 12) + 1)]
    return interest, payment, schedule


def config_text(host_port):
    return """listen:
  grpc: 127.0.0.1:0
backends:
  - name: loans-host
    framed:
      endpoints: ["127.0.0.1:%d"]
      framing: {kind: LENGTH_PREFIX, prefix_bytes: 4, header: true}
      connect_timeout: 1s
      read_timeout: 5s
routes:
  - match: %s
    backend: loans-host
    timeout: 10s
""" % (host_port, SERVICE)


class Stack:
    """A backend process (the COBOL host or the mock) and a Dragoman in front of it."""

    def __init__(self, name, backend_argv, backend_line):
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=SETTINGS.log_dir)
        self.backend = e2e_support.Process(backend_argv, os.path.join(self.dir, "backend.log"))
        try:
            match = self.backend.wait_for_log(backend_line)
            config = os.path.join(self.dir, "dragoman.yaml")
            with open(config, "w") as f:
                f.write(config_text(int(match["port"])))
            self.dragoman, self.target = e2e_support.start_dragoman(
                SETTINGS.dragoman, config, os.path.join(self.dir, "dragoman.log"))
        except BaseException:
            self.backend.stop()
            raise
        self.channel = grpc.insecure_channel(self.target)
        self.stub = PB2_GRPC.LoanServiceStub(self.channel)

    def executed(self):
        return len(EXECUTED.findall(self.backend.log_text()))

    def stop(self):
        self.channel.close()
        self.dragoman.stop()
        self.backend.stop()


def request(customer="C-1001", name="ADA LOVELACE", principal="10000.00", rate="5.0000",
            months=12):
    commarea = PB2.LoanCommarea()
    commarea.lc_request.lc_customer_id = customer
    commarea.lc_request.lc_customer_name = name
    commarea.lc_request.lc_principal = principal
    commarea.lc_request.lc_annual_rate = rate
    commarea.lc_request.lc_term_months = months
    return commarea


class CobolHost(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = Stack("cobol", [SETTINGS.cics_host, "--port", "0"], HOST_LINE)
        cls.addClassCleanup(cls.stack.stop)

    def quote(self, commarea):
        return self.stack.stub.QuoteLoan(commarea, timeout=CALL_TIMEOUT)

    def test_quotes_are_exactly_what_the_cobol_program_computed(self):
        cases = [("10000.00", "5.0000", 12), ("250000.00", "3.2500", 240),
                 ("999999999.99", "0.0001", 999), ("99999.99", "999.9999", 999), ("0.01", "0.0001", 7),
                 ("1234.57", "7.1250", 36), ("333.33", "12.3456", 5)]
        for principal, rate, months in cases:
            with self.subTest(principal=principal, rate=rate, months=months):
                reply = self.quote(request(principal=principal, rate=rate, months=months))
                interest, payment, schedule = expected_quote(principal, rate, months)
                self.assertEqual(reply.lc_reply.lc_return_code, 0, reply.lc_reply.lc_message)
                self.assertEqual(decimal.Decimal(reply.lc_reply.lc_total_interest), interest)
                self.assertEqual(decimal.Decimal(reply.lc_reply.lc_monthly_payment), payment)
                self.assertEqual(reply.lc_reply.lc_schedule_count, len(schedule))
                self.assertEqual([(s.lc_sched_month, decimal.Decimal(s.lc_sched_balance))
                                  for s in reply.lc_reply.lc_schedule], schedule)
                self.assertEqual(reply.lc_reply.lc_message, "QUOTED FOR ADA LOVELACE")
                # The request half comes back as the program saw it, default included.
                self.assertEqual(reply.lc_request.lc_principal, principal)
                self.assertEqual(reply.lc_request.lc_channel, "GRPC")

    def test_business_return_codes_become_statuses(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.quote(request(customer="X-77"))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("LOANCALC: UNKNOWN CUSTOMER X-77", raised.exception.details())
        with self.assertRaises(grpc.RpcError) as raised:
            self.quote(request(months=0))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)
        self.assertIn("TERM, PRINCIPAL OR RATE OUT OF RANGE", raised.exception.details())
        # COBOL would truncate silently; the program asks ON SIZE ERROR and says so.
        with self.assertRaises(grpc.RpcError) as raised:
            self.quote(request(principal="999999999.99", rate="999.9999", months=999))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)
        self.assertIn("INTEREST TOO LARGE TO QUOTE", raised.exception.details())

    def test_values_that_do_not_fit_never_reach_the_program(self):
        before = self.stack.executed()
        for field, value, item in [("lc_principal", "1000000000.00", "LC-PRINCIPAL"),
                                   ("lc_principal", "10.005", "LC-PRINCIPAL"),
                                   ("lc_annual_rate", "1000", "LC-ANNUAL-RATE"),
                                   ("lc_customer_name", "\u00e9" * 31, "LC-CUSTOMER-NAME")]:
            with self.subTest(item=item, value=value):
                commarea = request()
                setattr(commarea.lc_request, field, value)
                with self.assertRaises(grpc.RpcError) as raised:
                    self.quote(commarea)
                self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
                self.assertIn(item, raised.exception.details())
        commarea = request()
        commarea.lc_request.lc_term_months = 1000  # PIC 9(3)
        with self.assertRaises(grpc.RpcError) as raised:
            self.quote(commarea)
        self.assertIn("LC-TERM-MONTHS", raised.exception.details())
        self.assertEqual(self.stack.executed(), before)

    def test_concurrent_calls_each_get_their_own_answer(self):
        principals = ["%d.%02d" % (1000 + i * 37, i) for i in range(30)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
            replies = list(pool.map(lambda p: self.quote(request(principal=p, months=10)),
                                    principals))
        for principal, reply in zip(principals, replies):
            self.assertEqual(reply.lc_request.lc_principal, principal)
            _, payment, _ = expected_quote(principal, "5.0000", 10)
            self.assertEqual(decimal.Decimal(reply.lc_reply.lc_monthly_payment), payment)


class Mock(unittest.TestCase):
    def test_the_mock_serves_the_same_service_over_the_same_framing(self):
        stack = Stack("mock", [SETTINGS.dragoman, "mock", "--service", SERVICE, "--listen",
                               "127.0.0.1:0"], e2e_support.MOCK_LINE)
        self.addCleanup(stack.stop)
        reply = stack.stub.QuoteLoan(request(principal="42.00"), timeout=CALL_TIMEOUT)
        self.assertEqual(reply.lc_request.lc_principal, "42.00")
        self.assertEqual(reply.lc_request.lc_channel, "GRPC")
        self.assertEqual(reply.lc_reply.lc_return_code, 0)
        self.assertEqual(reply.lc_reply.lc_message, "SAMPLE")
        self.assertEqual(len(reply.lc_reply.lc_schedule), reply.lc_reply.lc_schedule_count)


class HostLoss(unittest.TestCase):
    def test_a_call_to_a_host_that_is_gone_is_unavailable_and_not_in_doubt(self):
        stack = Stack("loss", [SETTINGS.cics_host, "--port", "0"], HOST_LINE)
        self.addCleanup(stack.stop)
        stack.stub.QuoteLoan(request(), timeout=CALL_TIMEOUT)
        stack.backend.kill()
        # Gone, not dying: a call racing the kernel's reset onto the old connection would be
        # written and rightly reported in doubt. Dragoman sees the reset within milliseconds.
        time.sleep(0.3)
        errors = importlib.import_module("dragoman.errors_pb2")
        err, status = e2e_support.assert_call_fails(
            self, grpc.StatusCode.UNAVAILABLE, errors, stack.stub.QuoteLoan, request(),
            timeout=CALL_TIMEOUT)
        infos = e2e_support.unpack_details(status, errors.CallInfo)
        self.assertTrue(infos, "no CallInfo detail")
        self.assertFalse(infos[0].in_doubt)


def main():
    parser = e2e_support.common_parser(__doc__.splitlines()[0])
    parser.add_argument("--cics-host", default=os.environ.get("DRAGOMAN_CICS_HOST"),
                        help="the cics_host binary (env DRAGOMAN_CICS_HOST)")
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    global PB2, PB2_GRPC
    out_dir = tempfile.mkdtemp(prefix="dragoman-cobol-pb2-")
    proto = e2e_support.find_proto(SETTINGS.proto_dir, "loancalc")
    module = e2e_support.compile_protos(proto, SETTINGS.proto_dir, SETTINGS.options_proto_dir,
                                        out_dir)
    PB2, PB2_GRPC = e2e_support.load_generated(out_dir, module)
    return e2e_support.run_tests("cobol-host-e2e", SETTINGS, unittest_args)


if __name__ == "__main__":
    sys.exit(main())
