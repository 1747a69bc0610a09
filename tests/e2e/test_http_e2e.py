#!/usr/bin/python3
"""End-to-end: the HTTP/JSON front end with a stock Connect client and raw HTTP.

What it proves (what a caller over HTTP would notice)
    - A stock Connect client (@connectrpc/connect-node with protobuf-es, from npm, describing
      the services from the generated .proto files at run time) calls the bank (SOAP behind
      `dragoman mock`) and LOANCALC (COBOL behind examples/cics_host) over Connect JSON and
      Connect binary and gets the same answers a gRPC caller gets; with useHttpGet it calls
      LOANCALC (read_only, so NO_SIDE_EFFECTS) with GET, and the bank still with POST.
    - A SOAP fault arrives as Connect's invalid_argument with the dragoman.SoapFault, the typed
      fault detail and a dragoman.CallInfo among the error details; a business return code of
      the COBOL program as the manifest's status (not_found).
    - Raw HTTP (as curl sends it): zero values are written (emit defaults), the request id comes
      back in x-request-id, and each mistake gets its documented HTTP status and a JSON error
      body of one shape: malformed JSON 400, a wrong type 400, an unknown field 400 naming it,
      an unknown method 404 (code unimplemented), GET 405, another content type 415, a body
      beyond the limit 413 (before it is read), a client that stalls mid-request 408 after the
      configured read timeout, a bad Connect-Timeout-Ms 400; a code the config maps to another
      HTTP status (FAILED_PRECONDITION -> 412) gets it. Two requests pipelined on one
      connection are answered in order. Backend faults: a gateway that resets after reading the
      request gives 500 unknown marked in doubt; a backend nobody listens on 503 unavailable,
      not in doubt. The server stays up through all of it.
    - Only the route's allowlisted headers cross the legacy hop (traceparent and x-tenant-id
      reach the SOAP side, a cookie does not) and only the allowlisted reply header comes back.
    - REST (the google.api.http rules schemas/loans' manifest writes into the .proto), with the
      curl command line: POST with the request half as body and a path variable, answered with
      the reply half (response_body); GET with query parameters; a wrong verb on a mapped path
      405; a bad query value 400 naming the parameter.
    - GET /openapi.json serves an OpenAPI 3.1 document that a third-party validator
      (@apidevtools/swagger-parser) accepts, listing every method's Connect path and the REST
      paths, and `dragoman openapi -c` prints the same document.

Running it
    /usr/bin/python3 tests/e2e/test_http_e2e.py --dragoman BIN --cics-host HOST_BIN \\
        --proto-dir DIR [--options-proto-dir proto] [unittest arguments]

    Needs node and the npm packages of tests/e2e/node (scripts/bootstrap.sh runs npm ci).
"""

import argparse
import http.client
import http.server
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

import e2e_support
from e2e_support import CALL_TIMEOUT

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "node")
CONNECT_CALL = os.path.join(NODE_DIR, "connect_call.mjs")
VALIDATE_OPENAPI = os.path.join(NODE_DIR, "validate_openapi.mjs")
EXAMPLES = os.path.join(e2e_support.REPO_ROOT, "schemas", "bank", "examples.yaml")
BANK = "example.dragoman.bank.BankPort"
LOANS = "example.dragoman.loans.LoanService"
HTTP_LINE = r"msg=listening http=(?P<host>[^\s:]+):(?P<port>\d+)"
HOST_LINE = r"cics_host listening port=(?P<port>\d+)"

SETTINGS = argparse.Namespace(dragoman=None, cics_host=None, proto_dir=None,
                              options_proto_dir=None, log_dir=None)


class RecordingProxy(e2e_support.LoopbackHttpServer):
    """An HTTP hop in front of the SOAP mock that records the headers each request carried,
    adds headers of its own to each reply (as a legacy gateway would), and resets the connection
    instead of answering when a request carries x-test-fault: reset."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.seen = []
        super().__init__(RecordingProxy.Handler)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            self.server.seen.append({k.lower(): v for k, v in self.headers.items()})
            if self.headers.get("x-test-fault") == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port,
                                                  timeout=CALL_TIMEOUT)
            upstream.request("POST", self.path, body=body, headers={
                "Content-Type": self.headers["Content-Type"],
                "SOAPAction": self.headers.get("SOAPAction", "")})
            reply = upstream.getresponse()
            data = reply.read()
            upstream.close()
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.getheader("Content-Type"))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Legacy-Transaction", "T-%d" % len(self.server.seen))
            self.send_header("X-Gateway-Secret", "not for callers")
            self.end_headers()
            self.wfile.write(data)


class HttpFrontend(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = tempfile.mkdtemp(prefix="http-", dir=SETTINGS.log_dir)
        cls.mock, mock_port = e2e_support.start_mock(
            SETTINGS.dragoman, BANK, EXAMPLES, os.path.join(work, "mock.log"))
        cls.addClassCleanup(cls.mock.stop)
        cls.proxy = RecordingProxy(mock_port)
        cls.addClassCleanup(cls.proxy.server_close)
        cls.addClassCleanup(cls.proxy.shutdown)
        cls.host = e2e_support.Process([SETTINGS.cics_host, "--port", "0"],
                                       os.path.join(work, "host.log"))
        cls.addClassCleanup(cls.host.stop)
        host_port = int(cls.host.wait_for_log(HOST_LINE)["port"])
        config = cls.config = os.path.join(work, "dragoman.yaml")
        with open(config, "w") as f:
            f.write("""listen:
  grpc: 127.0.0.1:0
  http: 127.0.0.1:0
  http_limits: {read_timeout: 1s}
  http_status: {FAILED_PRECONDITION: 412}
backends:
  - name: bank
    soap: {endpoints: ["http://127.0.0.1:%d/bank"]}
  - name: bank-gateway
    soap: {endpoints: ["http://127.0.0.1:%d/bank"]}
  - name: bank-down
    soap: {endpoints: ["http://127.0.0.1:%d/bank"]}
  - name: loans
    framed: {endpoints: ["127.0.0.1:%d"], framing: {header: true}}
routes:
  - {match: %s, backend: bank}
  - {match: %s/Ping, backend: bank-gateway,
     forward_request_headers: [traceparent, x-tenant-id, x-test-fault],
     forward_reply_headers: [x-legacy-transaction]}
  - {match: %s/Transfer, backend: bank-down}
  - {match: %s, backend: loans}
""" % (mock_port, cls.proxy.port, e2e_support.free_loopback_port(), host_port,
       BANK, BANK, BANK, LOANS))
        cls.dragoman, _ = e2e_support.start_dragoman(
            SETTINGS.dragoman, config, os.path.join(work, "dragoman.log"))
        cls.addClassCleanup(cls.dragoman.stop)
        match = cls.dragoman.wait_for_log(HTTP_LINE)
        cls.http_host, cls.http_port = match["host"], int(match["port"])
        cls.base_url = "http://%s:%d" % (cls.http_host, cls.http_port)
        cls.descriptors = os.path.join(work, "services.pb")
        protos = [os.path.relpath(e2e_support.find_proto(SETTINGS.proto_dir, p), SETTINGS.proto_dir)
                  for p in ("bank", "loancalc")]
        subprocess.run([e2e_support.PROTOC, "-I", SETTINGS.proto_dir, "-I",
                        SETTINGS.options_proto_dir, "-I", e2e_support.GOOGLEAPIS_DIR,
                        "--include_imports",
                        "--descriptor_set_out=" + cls.descriptors, *protos],
                       check=True, timeout=60)

    # -- helpers -------------------------------------------------------------------------------

    def connect(self, method, request, binary=False, get=False):
        """One call by the stock Connect client; returns its {"reply"} or {"error"} object,
        with the "httpMethod" it used."""
        argv = ["node", CONNECT_CALL, "--base-url", self.base_url, "--descriptors",
                self.descriptors, "--method", method, "--request", json.dumps(request)]
        if binary:
            argv.append("--binary")
        if get:
            argv.append("--get")
        result = subprocess.run(argv, capture_output=True, text=True, timeout=CALL_TIMEOUT * 3)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def post(self, path, body, content_type="application/json", headers=None, method="POST"):
        """A raw HTTP request; returns (status, headers dict, parsed JSON body or raw bytes)."""
        connection = http.client.HTTPConnection(self.http_host, self.http_port,
                                                timeout=CALL_TIMEOUT)
        try:
            all_headers = {"Content-Type": content_type, **(headers or {})}
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            parsed = data
            if response.getheader("Content-Type", "").startswith("application/json"):
                parsed = json.loads(data)
            return response.status, dict(response.getheaders()), parsed
        finally:
            connection.close()

    def exchange(self, payload):
        """Sends raw bytes on a fresh connection; returns all the server sends until it closes."""
        with socket.create_connection((self.http_host, self.http_port), timeout=CALL_TIMEOUT) as s:
            s.sendall(payload)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return data
                data += chunk

    def assertConnectError(self, status, body, http_status, code):
        self.assertEqual(status, http_status, body)
        self.assertEqual(body["code"], code, body)
        self.assertTrue(body["message"], body)
        types = [detail["type"] for detail in body["details"]]
        self.assertIn("dragoman.CallInfo", types)

    # -- a stock Connect client ----------------------------------------------------------------

    def test_connect_json_and_binary_get_the_same_answer(self):
        for binary in (False, True):
            with self.subTest(binary=binary):
                reply = self.connect(BANK + "/GetAccount", {"accountId": "ACC-1001"}, binary)
                account = reply["reply"]["account"]
                self.assertEqual(account["accountId"], "ACC-1001")
                self.assertEqual(account["balance"], {"amount": "1234.50",
                                                      "currency": "CURRENCY_CODE_EUR"})

    def test_a_soap_fault_arrives_with_its_typed_details(self):
        error = self.connect(BANK + "/CloseAccount", {"accountId": "ACC-404"})["error"]
        self.assertEqual(error["code"], "InvalidArgument")
        self.assertIn("ACC-404 does not exist", error["message"])
        self.assertCountEqual(error["details"], ["dragoman.SoapFault",
                                                 "example.dragoman.bank.AccountNotFound",
                                                 "dragoman.CallInfo"])

    def test_the_cobol_program_answers_over_connect(self):
        request = {"lcRequest": {"lcCustomerId": "C-7", "lcCustomerName": "GRACE HOPPER",
                                 "lcPrincipal": "1200.00", "lcAnnualRate": "5.0000",
                                 "lcTermMonths": 12}}
        for binary in (False, True):
            with self.subTest(binary=binary):
                reply = self.connect(LOANS + "/QuoteLoan", request, binary)["reply"]["lcReply"]
                self.assertEqual(reply["lcTotalInterest"], "60.00")
                self.assertEqual(reply["lcMonthlyPayment"], "105.00")
                self.assertEqual(len(reply["lcSchedule"]), 12)
        request["lcRequest"]["lcCustomerId"] = "X-9"
        error = self.connect(LOANS + "/QuoteLoan", request)["error"]
        self.assertEqual(error["code"], "NotFound")
        self.assertIn("UNKNOWN CUSTOMER X-9", error["message"])

    def test_a_side_effect_free_method_is_called_with_get(self):
        # QuoteLoan is read_only in its manifest: idempotency_level = NO_SIDE_EFFECTS.
        request = {"lcRequest": {"lcCustomerId": "C-8", "lcCustomerName": "ADA",
                                 "lcPrincipal": "1200.00", "lcAnnualRate": "5.0000",
                                 "lcTermMonths": 12}}
        for binary in (False, True):
            with self.subTest(binary=binary):
                result = self.connect(LOANS + "/QuoteLoan", request, binary, get=True)
                self.assertEqual(result["httpMethod"], "GET", result)
                self.assertEqual(result["reply"]["lcReply"]["lcTotalInterest"], "60.00")
        # GetAccount has side effects as far as anyone knows: the client keeps to POST, and a
        # GET by hand is refused.
        result = self.connect(BANK + "/GetAccount", {"accountId": "ACC-1001"}, get=True)
        self.assertEqual(result["httpMethod"], "POST", result)
        status, headers, body = self.post(
            "/%s/GetAccount?connect=v1&encoding=json&message=%%7B%%7D" % BANK, None, method="GET")
        self.assertConnectError(status, body, 405, "unimplemented")
        self.assertEqual(headers.get("Allow"), "POST")
        # A GET without its encoding is a mistake of the caller's.
        status, _, body = self.post("/%s/QuoteLoan?connect=v1&message=%%7B%%7D" % LOANS, None,
                                    method="GET")
        self.assertConnectError(status, body, 400, "invalid_argument")
        self.assertIn("encoding", body["message"])

    # -- raw HTTP, as curl sends it ------------------------------------------------------------

    def test_json_writes_zero_values_and_echoes_the_request_id(self):
        status, headers, body = self.post("/%s/Ping" % BANK, b"{}",
                                          headers={"x-request-id": "caller-42"})
        self.assertEqual(status, 200, body)
        self.assertEqual(headers.get("x-request-id"), "caller-42")
        request = {"lcRequest": {"lcCustomerId": "C-1", "lcPrincipal": "10.00",
                                 "lcAnnualRate": "0", "lcTermMonths": 1}}
        status, _, body = self.post("/%s/QuoteLoan" % LOANS, json.dumps(request))
        self.assertEqual(status, 200, body)
        # LC-RETURN-CODE is 0: written although it is the default.
        self.assertEqual(body["lcReply"]["lcReturnCode"], 0)
        self.assertEqual(body["lcReply"]["lcTotalInterest"], "0.00")

    def test_every_mistake_gets_its_status_and_one_error_shape(self):
        path = "/%s/GetAccount" % BANK
        cases = [
            ("malformed JSON", path, b'{"accountId": ', "application/json", {}, "POST",
             400, "invalid_argument"),
            ("wrong type", path, b'{"accountId": {"x": 1}}', "application/json", {}, "POST",
             400, "invalid_argument"),
            ("unknown field", path, b'{"acountId": "ACC-1001"}', "application/json", {}, "POST",
             400, "invalid_argument"),
            ("unknown method", "/%s/NoSuchMethod" % BANK, b"{}", "application/json", {}, "POST",
             404, "unimplemented"),
            ("GET", path, None, "application/json", {}, "GET", 405, "unimplemented"),
            ("content type", path, b"<x/>", "text/xml", {}, "POST", 415, "invalid_argument"),
            ("bad timeout", path, b"{}", "application/json", {"Connect-Timeout-Ms": "soon"},
             "POST", 400, "invalid_argument"),
            ("protocol version", path, b"{}", "application/json",
             {"Connect-Protocol-Version": "2"}, "POST", 400, "invalid_argument"),
        ]
        for name, target, body, content_type, headers, method, http_status, code in cases:
            with self.subTest(name):
                status, _, reply = self.post(target, body, content_type, headers, method)
                self.assertConnectError(status, reply, http_status, code)
        status, _, reply = self.post(path, b'{"acountId": "ACC-1001"}')
        self.assertIn("acountId", reply["message"])
        # Still serving.
        status, _, reply = self.post(path, b'{"accountId": "ACC-1001"}')
        self.assertEqual(status, 200, reply)

    def test_only_allowed_headers_cross_the_legacy_hop(self):
        traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        status, headers, body = self.post(
            "/%s/Ping" % BANK, b"{}",
            headers={"traceparent": traceparent, "X-Tenant-Id": "acme", "Cookie": "session=1"})
        self.assertEqual(status, 200, body)
        seen = self.proxy.seen[-1]
        self.assertEqual(seen.get("traceparent"), traceparent)
        self.assertEqual(seen.get("x-tenant-id"), "acme")
        self.assertNotIn("cookie", seen)
        self.assertRegex(headers.get("x-legacy-transaction", ""), r"^T-\d+$")
        self.assertNotIn("x-gateway-secret", {k.lower() for k in headers})

    def test_backend_faults_get_their_status_and_the_error_shape(self):
        # The gateway resets after reading the request: it may have run, so unknown (in doubt).
        status, _, body = self.post("/%s/Ping" % BANK, b"{}", headers={"x-test-fault": "reset"})
        self.assertConnectError(status, body, 500, "unknown")
        info = next(d for d in body["details"] if d["type"] == "dragoman.CallInfo")
        self.assertTrue(info["debug"]["inDoubt"], body)
        # Nothing listens: the request provably never left, unavailable and not in doubt.
        status, _, body = self.post("/%s/Transfer" % BANK, json.dumps(
            {"fromAccount": "ACC-1001", "toAccount": "ACC-1002", "reference": "r-1",
             "requestedExecutionDate": "2026-12-01",
             "amount": {"amount": "1.00", "currency": "CURRENCY_CODE_EUR"}}))
        self.assertConnectError(status, body, 503, "unavailable")
        info = next(d for d in body["details"] if d["type"] == "dragoman.CallInfo")
        self.assertFalse(info["debug"].get("inDoubt", False), body)
        # Still serving.
        status, _, body = self.post("/%s/Ping" % BANK, b"{}")
        self.assertEqual(status, 200, body)

    def test_the_configured_status_table_replaces_connects(self):
        request = {"lcRequest": {"lcCustomerId": "C-1", "lcPrincipal": "10.00",
                                 "lcTermMonths": 0}}
        status, _, body = self.post("/%s/QuoteLoan" % LOANS, json.dumps(request))
        # LOANCALC's return code 8 is FAILED_PRECONDITION: 400 for Connect, 412 as configured.
        self.assertConnectError(status, body, 412, "failed_precondition")

    def test_a_body_beyond_the_limit_is_refused_before_it_is_read(self):
        # Only the headers are sent: the answer must not wait for 5 MiB that never come.
        head = (b"POST /%s/GetAccount HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % (BANK.encode(), 5 << 20))
        with socket.create_connection((self.http_host, self.http_port), timeout=CALL_TIMEOUT) as s:
            s.sendall(head)
            data = s.recv(65536)
        self.assertRegex(data, rb"^HTTP/1\.1 413 ")
        self.assertIn(b'"code":"resource_exhausted"', data)

    # -- REST bindings, with curl -----------------------------------------------------------

    def curl(self, *args):
        """curl's (HTTP status, parsed JSON body)."""
        result = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", *args],
                                capture_output=True, text=True, timeout=CALL_TIMEOUT * 3)
        self.assertEqual(result.returncode, 0, result.stderr)
        body, _, status = result.stdout.rpartition("\n")
        return int(status), json.loads(body) if body else None

    def test_rest_post_binds_the_path_and_the_body_field(self):
        status, reply = self.curl(
            "-H", "Content-Type: application/json",
            "-d", json.dumps({"lcCustomerName": "ADA", "lcPrincipal": "2400.00",
                              "lcAnnualRate": "5.0000", "lcTermMonths": 24}),
            self.base_url + "/v1/customers/C-55/loan-quotes")
        self.assertEqual(status, 200, reply)
        # response_body: the reply half only.
        self.assertEqual(reply["lcTotalInterest"], "240.00")
        self.assertEqual(reply["lcMonthlyPayment"], "110.00")
        self.assertNotIn("lcRequest", reply)

    def test_rest_get_takes_query_parameters(self):
        status, reply = self.curl(
            self.base_url + "/v1/customers/C-56/loan-quote?lc_request.lc_principal=1200.00"
            "&lc_request.lcAnnualRate=5.0000&lc_request.lc_term_months=12"
            "&lc_request.lc_customer_name=GRACE+HOPPER")
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["lcTotalInterest"], "60.00")
        self.assertEqual(reply["lcMessage"], "QUOTED FOR GRACE HOPPER")

    def test_rest_mistakes_get_their_status(self):
        status, reply = self.curl("-X", "DELETE", self.base_url + "/v1/customers/C-1/loan-quote")
        self.assertConnectError(status, reply, 405, "unimplemented")
        status, reply = self.curl(self.base_url + "/v1/customers/C-1/loan-quote?"
                                  "lc_request.lc_term_months=many")
        self.assertConnectError(status, reply, 400, "invalid_argument")
        self.assertIn("lc_request.lc_term_months", reply["message"])
        status, reply = self.curl(self.base_url + "/v1/customers/X-1/loan-quote?"
                                  "lc_request.lc_principal=10.00&lc_request.lc_term_months=1")
        self.assertConnectError(status, reply, 404, "not_found")

    # -- OpenAPI ------------------------------------------------------------------------------

    def test_the_openapi_document_is_valid_and_lists_every_path(self):
        connection = http.client.HTTPConnection(self.http_host, self.http_port,
                                                timeout=CALL_TIMEOUT)
        connection.request("GET", "/openapi.json")
        response = connection.getresponse()
        document = response.read()
        connection.close()
        self.assertEqual(response.status, 200)
        path = os.path.join(SETTINGS.log_dir, "openapi.json")
        with open(path, "wb") as f:
            f.write(document)
        result = subprocess.run(["node", VALIDATE_OPENAPI, path], capture_output=True, text=True,
                                timeout=CALL_TIMEOUT * 3)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        parsed = json.loads(document)
        self.assertEqual(parsed["openapi"], "3.1.0")
        for operation in ("GetAccount", "Transfer", "CloseAccount"):
            self.assertIn("/%s/%s" % (BANK, operation), parsed["paths"])
        self.assertIn("/%s/QuoteLoan" % LOANS, parsed["paths"])
        rest = parsed["paths"]["/v1/customers/{lc_request.lc_customer_id}/loan-quote"]["get"]
        names = [parameter["name"] for parameter in rest["parameters"]]
        self.assertIn("lc_request.lc_principal", names)
        # Descriptions come from the schemas' own documentation (WSDL, XSD, copybook).
        get_account = parsed["paths"]["/%s/GetAccount" % BANK]["post"]
        self.assertEqual(get_account["description"], "One account with its owner; read only.")
        money = parsed["components"]["schemas"]["example.dragoman.bank.Money"]
        self.assertTrue(money["description"].startswith("An exact amount in a currency"), money)
        self.assertIn("ISO 4217 codes", money["properties"]["currency"]["description"])
        tags = {tag["name"]: tag.get("description", "") for tag in parsed["tags"]}
        self.assertIn("loancalc.cpy", tags[LOANS])
        quote = parsed["paths"]["/%s/QuoteLoan" % LOANS]["post"]
        self.assertIn("LOANCALC", quote["description"])
        printed = subprocess.run([SETTINGS.dragoman, "openapi", "-c", self.config],
                                 capture_output=True, timeout=CALL_TIMEOUT * 3)
        self.assertEqual(printed.returncode, 0, printed.stderr)
        self.assertEqual(json.loads(printed.stdout), parsed)

    def test_a_slow_client_gets_408_in_the_error_shape_and_others_are_served(self):
        head = (b"POST /%s/GetAccount HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n{\"acc" % BANK.encode())
        started = time.monotonic()
        data = self.exchange(head)  # then nothing: read_timeout is 1 s in this config
        waited = time.monotonic() - started
        self.assertRegex(data, rb"^HTTP/1\.1 408 ")
        body = json.loads(data.split(b"\r\n\r\n", 1)[1])
        self.assertEqual(body["code"], "deadline_exceeded")
        self.assertLess(waited, 5)
        status, _, reply = self.post("/%s/Ping" % BANK, b"{}")
        self.assertEqual(status, 200, reply)

    def test_pipelined_requests_are_answered_in_order(self):
        body = b'{"accountId": "ACC-1001"}'
        request = (b"POST /%s/GetAccount HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n%s" % (BANK.encode(), len(body), body))
        ping = (b"POST /%s/Ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 2\r\nConnection: close\r\n\r\n{}" % BANK.encode())
        data = self.exchange(request + ping)
        statuses = re.findall(rb"HTTP/1\.1 (\d{3})", data)
        self.assertEqual(statuses, [b"200", b"200"], data[:300])
        self.assertLess(data.index(b"ACC-1001"), data.rindex(b"HTTP/1.1 200"))


def main():
    parser = e2e_support.common_parser(__doc__.splitlines()[0])
    parser.add_argument("--cics-host", default=os.environ.get("DRAGOMAN_CICS_HOST"),
                        help="the cics_host binary (env DRAGOMAN_CICS_HOST)")
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    if not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "@connectrpc")):
        sys.exit("test_http_e2e: run scripts/bootstrap.sh (npm ci in tests/e2e/node) first")
    return e2e_support.run_tests("http-e2e", SETTINGS, unittest_args)


if __name__ == "__main__":
    sys.exit(main())
