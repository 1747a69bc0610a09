#!/usr/bin/python3
"""End-to-end: SIGTERM drains Dragoman without losing a call in flight.

What it proves (what an operator rolling a pod would notice)
    - Calls in flight when SIGTERM arrives, over gRPC and over HTTP, all finish with their
      replies, though the legacy side takes a second and a half to answer them.
    - From the signal on, neither port takes new connections.
    - Dragoman exits 0 once they are done, long before the drain timeout, and logs the drain.
    - With a drain timeout shorter than the legacy side's answer, the calls still in flight are
      cut at the timeout (gRPC CANCELLED/UNAVAILABLE, HTTP connection closed) and Dragoman
      exits in about that time, not when the backend finally answers.

Running it
    /usr/bin/python3 tests/e2e/test_drain_e2e.py --dragoman BIN [unittest arguments]
"""

import argparse
import http.client
import http.server
import os
import socket
import tempfile
import threading
import time
import unittest

import grpc

import e2e_support
from e2e_support import CALL_TIMEOUT

BANK = "example.dragoman.bank.BankPort"
HTTP_LINE = r"msg=listening http=(?P<host>[^\s:]+):(?P<port>\d+)"
PING_REPLY = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
              b'<b:PingResponse xmlns:b="http://dragoman.example/bank"><b:message>still here'
              b'</b:message></b:PingResponse></s:Body></s:Envelope>')

SETTINGS = argparse.Namespace(dragoman=None, log_dir=None)


class SlowLegacy(e2e_support.LoopbackHttpServer):
    """A SOAP service that takes `delay` seconds per call and counts the calls it received."""

    def __init__(self, delay):
        self.delay = delay
        self.arrived = 0
        self.lock = threading.Lock()
        super().__init__(SlowLegacy.Handler)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            with self.server.lock:
                self.server.arrived += 1
            time.sleep(self.server.delay)
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(PING_REPLY)))
            self.end_headers()
            self.wfile.write(PING_REPLY)


class Drain(unittest.TestCase):
    def start(self, drain_timeout, delay):
        """Dragoman in front of a SlowLegacy; returns (dragoman, legacy, grpc port, http port)."""
        work = tempfile.mkdtemp(prefix="drain-", dir=SETTINGS.log_dir)
        legacy = SlowLegacy(delay)
        self.addCleanup(legacy.server_close)
        self.addCleanup(legacy.shutdown)
        config = os.path.join(work, "dragoman.yaml")
        with open(config, "w") as f:
            f.write("""listen:
  grpc: 127.0.0.1:0
  http: 127.0.0.1:0
  drain_timeout: %s
backends:
  - name: bank
    soap: {endpoints: ["http://127.0.0.1:%d/bank"]}
routes:
  - {match: %s, backend: bank}
""" % (drain_timeout, legacy.port, BANK))
        dragoman, grpc_target = e2e_support.start_dragoman(
            SETTINGS.dragoman, config, os.path.join(work, "dragoman.log"))
        self.addCleanup(dragoman.stop)
        http_port = int(dragoman.wait_for_log(HTTP_LINE)["port"])
        return dragoman, legacy, int(grpc_target.rsplit(":", 1)[1]), http_port

    def calls_in_flight(self, legacy, grpc_port, http_port, each):
        """Starts `each` gRPC and `each` HTTP Ping calls; returns their result lists once the
        legacy side has all of them in hand."""
        grpc_results, http_results = [], []
        channel = grpc.insecure_channel("127.0.0.1:%d" % grpc_port,
                                        options=e2e_support.CHANNEL_OPTIONS)
        self.addCleanup(channel.close)
        ping = channel.unary_unary("/%s/Ping" % BANK)

        def grpc_call():
            try:
                ping(b"", timeout=CALL_TIMEOUT)
                grpc_results.append("OK")
            except grpc.RpcError as e:
                grpc_results.append(e.code().name)

        def http_call():
            connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=CALL_TIMEOUT)
            try:
                connection.request("POST", "/%s/Ping" % BANK, body=b"{}",
                                   headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                body = response.read()
                http_results.append(response.status if b"still here" in body else body)
            except (OSError, http.client.HTTPException) as e:
                http_results.append(type(e).__name__)
            finally:
                connection.close()

        threads = [threading.Thread(target=grpc_call) for _ in range(each)]
        threads += [threading.Thread(target=http_call) for _ in range(each)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + CALL_TIMEOUT
        while legacy.arrived < 2 * each:
            self.assertLess(time.monotonic(), deadline, "calls did not reach the legacy side")
            time.sleep(0.01)
        return threads, grpc_results, http_results

    def test_calls_in_flight_finish_and_new_ones_are_refused(self):
        dragoman, legacy, grpc_port, http_port = self.start("10s", delay=1.5)
        threads, grpc_results, http_results = self.calls_in_flight(legacy, grpc_port,
                                                                   http_port, each=5)
        signalled = time.monotonic()
        dragoman.popen.terminate()
        dragoman.wait_for_log(r"msg=stopping")
        # New connections are refused from the signal on (give the loops a moment to close).
        time.sleep(0.2)
        for port in (grpc_port, http_port):
            with self.assertRaises(ConnectionRefusedError, msg="port %d still open" % port):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
        for thread in threads:
            thread.join(CALL_TIMEOUT)
        self.assertEqual(grpc_results, ["OK"] * 5)
        self.assertEqual(http_results, [200] * 5)
        self.assertEqual(dragoman.popen.wait(timeout=CALL_TIMEOUT), 0)
        self.assertLess(time.monotonic() - signalled, 5, "exit waited for the drain timeout")
        dragoman.wait_for_log(r"msg=drained duration_ms=\d+")

    def test_the_drain_timeout_bounds_the_wait(self):
        dragoman, legacy, grpc_port, http_port = self.start("500ms", delay=4)
        threads, grpc_results, http_results = self.calls_in_flight(legacy, grpc_port,
                                                                   http_port, each=2)
        signalled = time.monotonic()
        dragoman.popen.terminate()
        self.assertEqual(dragoman.popen.wait(timeout=CALL_TIMEOUT), 0)
        exited = time.monotonic() - signalled
        for thread in threads:
            thread.join(CALL_TIMEOUT)
        self.assertLess(exited, 3, "exit waited for the backend instead of the drain timeout")
        self.assertNotIn("OK", grpc_results)
        self.assertNotIn(200, http_results)
        self.assertEqual(len(grpc_results) + len(http_results), 4)


def main():
    parser = e2e_support.common_parser(__doc__, protos=False)
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    return e2e_support.run_tests("drain-e2e", SETTINGS, unittest_args)


if __name__ == "__main__":
    raise SystemExit(main())
