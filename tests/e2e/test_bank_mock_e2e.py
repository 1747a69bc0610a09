#!/usr/bin/python3
"""End-to-end: the generated bank mock behind Dragoman, on its SOAP 1.1 and SOAP 1.2 ports.

What it proves (what an application calling Dragoman would notice)
    - Every exchange in schemas/bank/examples.yaml comes back through gRPC exactly, on the
      SOAP 1.1 port (example.dragoman.bank.BankPort) and the SOAP 1.2 port (BankPort12).
    - Example faults arrive as INVALID_ARGUMENT (Client / Sender) or INTERNAL (Server /
      Receiver) with a dragoman.SoapFault, the declared fault's typed detail message when the
      fault has one, and a dragoman.CallInfo that is not in doubt.
    - A request no example matches gets the mock's sample reply, which parses as the reply type
      and has every required (minOccurs >= 1, not nillable) element.
    - A caller's x-request-id comes back in the trailing metadata and names the call in
      Dragoman's log line; without one, Dragoman makes one up and does the same.
    - A caller's x-request-id holding a space or '=' stays one field of that log line, so a
      caller cannot forge log fields (Dragoman replaces such an id with its own).
    - An unknown method or service (or a built-in one not routed) is UNIMPLEMENTED.
    - A value the schema cannot carry (an xsd:date written "31/12/2024", a decimal with a
      comma) is INVALID_ARGUMENT naming the field, and not one byte reaches the mock.
    - grpc.health.v1.Health/Check answers SERVING; server reflection lists both bank services
      and serves the file that declares them.
    - With its mock killed, a backend's next calls fail UNAVAILABLE (nothing was sent), and
      their CallInfo says they are not in doubt.

Running it
    /usr/bin/python3 tests/e2e/test_bank_mock_e2e.py --dragoman BIN --proto-dir DIR \\
        [--options-proto-dir proto] [unittest arguments, e.g. -v]

    Each option may come from the environment instead (ctest sets them): DRAGOMAN_BIN,
    DRAGOMAN_PROTO_DIR, DRAGOMAN_OPTIONS_PROTO_DIR (default: this repository's proto/). DIR is
    searched for the bank*.proto that dragoman-gen wrote for schemas/bank/bank.wsdl. Needs the
    Debian packages python3-grpcio, python3-protobuf, python3-yaml, protobuf-compiler and
    protobuf-compiler-grpc, and must run under /usr/bin/python3.

How it works
    1. Compiles the bank .proto, dragoman/errors.proto and the two probe protos of
       tests/e2e/protos/ (the health and reflection messages, in this project's own words).
    2. Starts `BIN mock` for BankPort and for BankPort12 on port 0, each behind a Tap: a TCP
       relay in this process that counts the request bytes reaching the mock.
    3. Starts `BIN serve` with backends bank11 and bank12 (the taps) and a route per service,
       on port 0, and reads the gRPC port from its "msg=listening" log line.
    4. Requests are built from each example's `match` (over a valid base request where the
       operation has required values the match leaves out); the test applies the documented
       matching rule itself to know which entry answers, and checks that every entry is the
       one answering the request built from it, so no entry goes untested.
    5. BackendLoss starts its own mock and Dragoman, because it kills the mock.
    Every process is ended in the class cleanups, every wait and call is bounded, and the last
    line printed is "bank-mock-e2e: N passed, N failed, N skipped".
"""

import argparse
import copy
import os
import re
import socket
import sys
import tempfile
import threading
import time
import unittest
import uuid

import grpc
import yaml
from google.protobuf import descriptor_pb2, json_format, symbol_database
from google.protobuf.descriptor import FieldDescriptor

import e2e_support
from e2e_support import CALL_TIMEOUT

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE_PROTO_DIR = os.path.join(HERE, "protos")
EXAMPLES = os.path.join(e2e_support.REPO_ROOT, "schemas", "bank", "examples.yaml")
PACKAGE = "example.dragoman.bank"

# Filled in by main() from the command line or the environment.
SETTINGS = argparse.Namespace(dragoman=None, proto_dir=None, options_proto_dir=None, log_dir=None)


class Port:
    """One WSDL port of the bank, served by its own mock behind its own tap."""

    def __init__(self, service, backend, envelope_ns, fault_codes):
        self.service = service          # proto service name
        self.backend = backend          # backend name in Dragoman's config
        self.envelope_ns = envelope_ns
        self.fault_codes = fault_codes  # examples.yaml code -> this SOAP version's code

    def fault_code(self, example_code):
        return "{%s}%s" % (self.envelope_ns, self.fault_codes[example_code])

    def __repr__(self):
        return self.service


PORTS = (
    Port("BankPort", "bank11", "http://schemas.xmlsoap.org/soap/envelope/",
         {"Client": "Client", "Server": "Server"}),
    Port("BankPort12", "bank12", "http://www.w3.org/2003/05/soap-envelope",
         {"Client": "Sender", "Server": "Receiver"}),
)
FAULT_STATUS = {"Client": grpc.StatusCode.INVALID_ARGUMENT, "Server": grpc.StatusCode.INTERNAL}

# Values a request needs to be valid that an example's match may leave out; the match is laid
# over them. None of them is matched by an earlier examples.yaml entry than the intended one
# (test_examples_come_back_exactly checks that).
BASE_REQUESTS = {
    "Transfer": {"fromAccount": "ACC-1001", "toAccount": "ACC-3003",
                 "amount": {"amount": "250.00", "currency": "CURRENCY_CODE_EUR"},
                 "reference": "E2E-TRANSFER", "requestedExecutionDate": "2024-06-03"},
}

# Requests no example matches, so the mock answers with a sample reply.
UNMATCHED_REQUESTS = [
    ("GetAccount", {"accountId": "ACC-E2E-UNKNOWN"}),
    ("ListTransactions", {"accountId": "ACC-E2E-UNKNOWN", "fromDate": "2024-01-01"}),
    ("CloseAccount", {"accountId": "ACC-E2E-UNKNOWN"}),
]


def merged(base, overlay):
    """base with overlay laid over it; nested objects merge, anything else is replaced."""
    out = copy.deepcopy(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def contains(value, pattern):
    """The examples.yaml matching rule: every field of pattern is in value with an equal value;
    objects match the same way, recursively; lists and scalars must be equal."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            key in value and contains(value[key], item) for key, item in pattern.items())
    return value == pattern


LOGFMT_PAIR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S*)')


def parse_logfmt(line):
    """ts=... level=info msg=call request_id=... -> dict (quoted values unquoted)."""
    return {key: re.sub(r"\\(.)", r"\1", value[1:-1]) if value.startswith('"') else value
            for key, value in LOGFMT_PAIR.findall(line)}


class Tap:
    """A TCP relay to a mock that counts the request bytes it forwards to it.

    The count goes up before the bytes are passed on, so once a call has returned, every
    byte Dragoman sent for it has been counted.
    """

    def __init__(self, upstream_port):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        self._forwarded = 0
        self._sockets = []
        threading.Thread(target=self._accept, name="tap-accept", daemon=True).start()

    @property
    def forwarded(self):
        with self._lock:
            return self._forwarded

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(self.upstream, timeout=CALL_TIMEOUT)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            for src, dst, count in ((client, server, True), (server, client, False)):
                threading.Thread(target=self._pump, args=(src, dst, count), daemon=True).start()

    def _pump(self, src, dst, count):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if count:
                    with self._lock:
                        self._forwarded += len(data)
                dst.sendall(data)
        except OSError:
            pass
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        with self._lock:
            sockets, self._sockets = [self.listener, *self._sockets], []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes the threads blocked on it
            except OSError:
                pass
            sock.close()


_COMPILED = {}


def compiled_modules():
    """Compiles the bank .proto and the probe protos once per run; returns their modules by
    short name. The modules stay imported; their directory is removed at exit."""
    if not _COMPILED:
        out = tempfile.TemporaryDirectory(prefix="dragoman-bank-e2e-py-")
        options_dir = SETTINGS.options_proto_dir
        for probe in ("health_probe", "reflection_probe"):
            e2e_support.compile_protos(os.path.join(PROBE_PROTO_DIR, probe + ".proto"),
                                       PROBE_PROTO_DIR, options_dir, out.name)
            _COMPILED[probe], _COMPILED[probe + "_grpc"] = e2e_support.load_generated(
                out.name, probe + "_pb2")
        module = e2e_support.compile_protos(e2e_support.find_proto(SETTINGS.proto_dir, "bank"),
                                            SETTINGS.proto_dir, options_dir, out.name)
        _COMPILED["bank"], _COMPILED["bank_grpc"] = e2e_support.load_generated(out.name, module)
        from dragoman import errors_pb2, options_pb2
        _COMPILED.update(errors=errors_pb2, options=options_pb2, dir=out)
    return _COMPILED


class BankTestCase(unittest.TestCase):
    """Compiled modules, the bank's descriptors and the assertions both test classes use."""

    @classmethod
    def setUpClass(cls):
        work = tempfile.TemporaryDirectory(prefix="dragoman-bank-e2e-")
        cls.addClassCleanup(work.cleanup)
        cls.work_dir = work.name
        cls.log_dir = SETTINGS.log_dir or work.name
        modules = compiled_modules()
        cls.pb2, cls.pb2_grpc = modules["bank"], modules["bank_grpc"]
        cls.errors_pb2, cls.options_pb2 = modules["errors"], modules["options"]
        cls.health_pb2, cls.health_grpc = modules["health_probe"], modules["health_probe_grpc"]
        cls.reflection_pb2 = modules["reflection_probe"]
        cls.reflection_grpc = modules["reflection_probe_grpc"]

    @classmethod
    def start_dragoman(cls, routes):
        """Dragoman routing each service to a SOAP endpoint URL: routes is [(service, backend,
        url)]. Returns (Process, ready channel); both are ended in the class cleanup."""
        backends = ", ".join('{name: %s, soap: {endpoints: ["%s"]}}' % (backend, url)
                             for _, backend, url in routes)
        matches = ", ".join("{match: %s.%s, backend: %s}" % (PACKAGE, service, backend)
                            for service, backend, _ in routes)
        config = os.path.join(cls.work_dir, "dragoman.yaml")
        with open(config, "w") as f:
            f.write('listen: {grpc: "127.0.0.1:0"}\nbackends: [%s]\nroutes: [%s]\n'
                    % (backends, matches))
        proc, target = e2e_support.start_dragoman(SETTINGS.dragoman, config,
                                                  cls.log_path("dragoman"))
        cls.addClassCleanup(proc.stop)
        channel = e2e_support.wait_for_channel(target, proc)
        cls.addClassCleanup(channel.close)
        return proc, channel

    @classmethod
    def log_path(cls, name):
        """A log file of this class's processes (run_tests prints them when a test fails)."""
        return os.path.join(cls.log_dir, "%s-%s.log" % (cls.__name__, name))

    @classmethod
    def start_mock(cls, port):
        proc, http_port = e2e_support.start_mock(
            SETTINGS.dragoman, "%s.%s" % (PACKAGE, port.service), EXAMPLES,
            cls.log_path("mock-" + port.service))
        cls.addClassCleanup(proc.stop)
        return proc, http_port

    # -- the bank's descriptors --------------------------------------------------------------

    def service(self, port):
        return self.pb2.DESCRIPTOR.services_by_name[port.service]

    def method(self, port, operation):
        """The method of port's service for a WSDL operation, by (dragoman.soap_operation)."""
        for m in self.service(port).methods:
            if m.GetOptions().Extensions[self.options_pb2.soap_operation].name == operation:
                return m
        self.fail("%s has no method for operation %r" % (port, operation))

    @staticmethod
    def message_class(desc):
        return symbol_database.Default().GetSymbol(desc.full_name)

    def request(self, port, operation, fields):
        """The operation's request message from proto3 JSON."""
        return json_format.ParseDict(
            fields, self.message_class(self.method(port, operation).input_type)())

    def call(self, channel, port, operation, request, request_id=None):
        """Calls through the generated stub; returns (reply, call)."""
        stub = getattr(self.pb2_grpc, port.service + "Stub")(channel)
        metadata = (("x-request-id", request_id),) if request_id else None
        rpc = getattr(stub, self.method(port, operation).name)
        return rpc.with_call(request, timeout=CALL_TIMEOUT, metadata=metadata)

    # -- failed calls ------------------------------------------------------------------------

    def call_fails(self, channel, port, operation, request, code, request_id=None):
        """Calls a method that must fail with code; returns (error, its dragoman.RpcStatus)."""
        return e2e_support.assert_call_fails(self, code, self.errors_pb2, self.call, channel,
                                             port, operation, request, request_id)

    def assertCallInfo(self, status, backend, request_id=None):
        """status holds one CallInfo for backend, not in doubt; returns it."""
        infos = e2e_support.unpack_details(status, self.errors_pb2.CallInfo)
        self.assertEqual(len(infos), 1, "one dragoman.CallInfo in %s" % status)
        info = infos[0]
        self.assertTrue(info.request_id, "CallInfo.request_id is empty")
        if request_id:
            self.assertEqual(info.request_id, request_id)
        self.assertEqual(info.backend, backend)
        self.assertFalse(info.in_doubt, "CallInfo.in_doubt: %s" % info)
        return info


class BankMockEndToEnd(BankTestCase):
    """One Dragoman routing BankPort and BankPort12 to two mocks, each behind a tap."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(EXAMPLES) as f:
            cls.examples = yaml.safe_load(f)
        cls.taps = {}
        routes = []
        for port in PORTS:
            _, http_port = cls.start_mock(port)
            tap = cls.taps[port.service] = Tap(http_port)
            cls.addClassCleanup(tap.close)
            routes.append((port.service, port.backend, "http://127.0.0.1:%d/bank" % tap.port))
        cls.dragoman, cls.channel = cls.start_dragoman(routes)

    def call_port(self, port, operation, request, request_id=None):
        return self.call(self.channel, port, operation, request, request_id)

    def example_request(self, port, entry):
        fields = merged(BASE_REQUESTS.get(entry["operation"], {}), entry.get("match") or {})
        return self.request(port, entry["operation"], fields)

    def answering_entry(self, operation, request):
        """The first examples.yaml entry for operation whose match the request contains."""
        seen = json_format.MessageToDict(request)
        return next((e for e in self.examples
                     if e["operation"] == operation and contains(seen, e.get("match") or {})),
                    None)

    def expected_reply(self, port, entry):
        reply_type = self.method(port, entry["operation"]).output_type
        return json_format.MessageToDict(
            json_format.ParseDict(entry["reply"], self.message_class(reply_type)()))

    def log_record(self, token, timeout=10.0):
        """The fields of Dragoman's first msg=call log line holding token (waits for it)."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.dragoman.log_text().splitlines():
                if token in line and " msg=call " in line:
                    return parse_logfmt(line)
            if time.monotonic() > deadline:
                self.fail("no msg=call log line holds %r:\n%s"
                          % (token, e2e_support.tail(self.dragoman.log_path)))
            time.sleep(0.05)

    @staticmethod
    def returned_request_id(call):
        ids = [value for key, value in call.trailing_metadata() if key == "x-request-id"]
        assert len(ids) == 1, "one x-request-id in %s" % (call.trailing_metadata(),)
        return ids[0]

    # -- the examples ------------------------------------------------------------------------

    def test_examples_come_back_exactly(self):
        replies = [e for e in self.examples if "reply" in e]
        self.assertGreater(len(replies), 5, "examples.yaml holds the reply examples")
        for port in PORTS:
            for entry in replies:
                with self.subTest(port=port, operation=entry["operation"],
                                  match=entry.get("match")):
                    request = self.example_request(port, entry)
                    self.assertIs(self.answering_entry(entry["operation"], request), entry,
                                  "an earlier entry answers the request built from this one")
                    reply, _ = self.call_port(port, entry["operation"], request)
                    self.assertEqual(json_format.MessageToDict(reply),
                                     self.expected_reply(port, entry))

    def test_example_faults_arrive_with_their_details(self):
        faults = [e for e in self.examples if "fault" in e]
        self.assertTrue(any("detail" in e["fault"] for e in faults), "a fault with a detail")
        self.assertTrue(any("detail" not in e["fault"] for e in faults), "one without")
        for port in PORTS:
            for entry in faults:
                with self.subTest(port=port, operation=entry["operation"],
                                  match=entry.get("match")):
                    self.check_fault(port, entry)

    def check_fault(self, port, entry):
        operation, fault = entry["operation"], entry["fault"]
        request = self.example_request(port, entry)
        self.assertIs(self.answering_entry(operation, request), entry,
                      "an earlier entry answers the request built from this one")
        err, status = self.call_fails(self.channel, port, operation, request,
                                      FAULT_STATUS[fault["code"]])
        self.assertIn(fault["reason"], err.details())
        soap_faults = e2e_support.unpack_details(status, self.errors_pb2.SoapFault)
        self.assertEqual(len(soap_faults), 1, "one dragoman.SoapFault in %s" % status)
        soap_fault = soap_faults[0]
        self.assertEqual(soap_fault.code, port.fault_code(fault["code"]))
        self.assertEqual(soap_fault.reason, fault["reason"])
        self.assertCallInfo(status, port.backend)

        typed = [(name, message) for name, message in e2e_support.detail_messages(status)
                 if not name.startswith("dragoman.")]
        if "detail" not in fault:
            self.assertEqual(soap_fault.fault_name, "")
            self.assertEqual(typed, [], "no typed detail for a fault without one")
            return
        declared = {f.name: f.message_type for f in self.method(port, operation).GetOptions()
                    .Extensions[self.options_pb2.soap_operation].faults}
        name = fault["detail"]["name"]
        self.assertIn(name, declared, "the example's fault is declared in the WSDL")
        self.assertEqual(soap_fault.fault_name, name)
        self.assertEqual([type_name for type_name, _ in typed], [declared[name]],
                         "exactly the declared fault's detail message")
        want = json_format.ParseDict(fault["detail"]["message"],
                                     symbol_database.Default().GetSymbol(declared[name])())
        self.assertEqual(json_format.MessageToDict(typed[0][1]), json_format.MessageToDict(want))

    def test_unmatched_request_gets_a_sample_reply(self):
        for port in PORTS:
            for operation, fields in UNMATCHED_REQUESTS:
                with self.subTest(port=port, operation=operation):
                    request = self.request(port, operation, fields)
                    self.assertIsNone(self.answering_entry(operation, request))
                    method = self.method(port, operation)
                    raw = self.channel.unary_unary("/%s/%s" % (method.containing_service
                                                               .full_name, method.name),
                                                   request_serializer=lambda m: m
                                                   .SerializeToString())
                    reply = self.message_class(method.output_type).FromString(
                        raw(request, timeout=CALL_TIMEOUT))
                    self.assertEqual(self.missing_required(reply), [],
                                     "required elements missing from %s" % reply)

    def missing_required(self, message, path=""):
        """Paths of the message-typed or repeated elements with minOccurs >= 1 (not nillable)
        that message lacks; proto3 scalars always have a value, so they are not checked."""
        missing = []
        for field in message.DESCRIPTOR.fields:
            xml = field.GetOptions().Extensions[self.options_pb2.xml_field]
            where = path + field.name
            repeated = field.label == FieldDescriptor.LABEL_REPEATED
            if repeated:
                if len(getattr(message, field.name)) < xml.min_occurs:
                    missing.append(where)
            elif field.message_type is not None and not xml.nillable:
                if message.HasField(field.name):
                    missing += self.missing_required(getattr(message, field.name), where + ".")
                elif xml.min_occurs >= 1:
                    missing.append(where)
            if repeated and field.message_type is not None:
                for i, item in enumerate(getattr(message, field.name)):
                    missing += self.missing_required(item, "%s[%d]." % (where, i))
        return missing

    # -- request ids -------------------------------------------------------------------------

    def test_caller_request_id_comes_back_and_is_logged(self):
        port = PORTS[0]
        request_id = "e2e-" + uuid.uuid4().hex
        _, call = self.call_port(port, "Ping", self.request(port, "Ping", {}), request_id)
        self.assertEqual(self.returned_request_id(call), request_id)
        record = self.log_record(request_id)
        self.assertEqual(record.get("request_id"), request_id)
        self.assertEqual(record.get("method"), "/%s.%s/Ping" % (PACKAGE, port.service))
        self.assertEqual(record.get("backend"), port.backend)
        self.assertEqual(record.get("status"), "OK")

    def test_caller_request_id_names_a_failed_call(self):
        port = PORTS[1]
        request_id = "e2e-" + uuid.uuid4().hex
        err, status = self.call_fails(
            self.channel, port, "GetAccount",
            self.request(port, "GetAccount", {"accountId": "ACC-404"}),
            grpc.StatusCode.INVALID_ARGUMENT, request_id)
        self.assertEqual(self.returned_request_id(err), request_id)
        self.assertCallInfo(status, port.backend, request_id)
        record = self.log_record(request_id)
        self.assertEqual(record.get("request_id"), request_id)
        self.assertEqual(record.get("status"), "INVALID_ARGUMENT")

    def test_request_id_is_made_up_when_the_caller_sends_none(self):
        port = PORTS[1]
        ids = []
        for _ in range(2):
            _, call = self.call_port(port, "Ping", self.request(port, "Ping", {}))
            ids.append(self.returned_request_id(call))
            record = self.log_record(ids[-1])
            self.assertEqual(record.get("request_id"), ids[-1])
            self.assertEqual(record.get("backend"), port.backend)
        self.assertNotEqual(ids[0], ids[1], "each call gets its own request id")

    # An id with a space or '=' would split into several logfmt fields and let a caller forge
    # fields (here status=FORGED); Dragoman replaces such an id with one it makes up.
    def test_caller_request_id_cannot_forge_log_fields(self):
        port = PORTS[0]
        token = uuid.uuid4().hex
        _, call = self.call_port(port, "Ping", self.request(port, "Ping", {}),
                                 "e2e %s status=FORGED" % token)
        returned = self.returned_request_id(call)  # the caller's id, or one made up instead
        record = self.log_record(returned if token not in returned else token)
        self.assertEqual(record.get("request_id"), returned)
        self.assertEqual(record.get("status"), "OK")
        self.assertNotIn("FORGED", record.values())

    # -- what never reaches the mock ---------------------------------------------------------

    def test_unknown_method_is_unimplemented(self):
        for path in ("/%s.BankPort/NoSuchMethod" % PACKAGE, "/%s.BankPort99/Ping" % PACKAGE,
                     "/no.such.Service/Ping",
                     "/example.spyne.bank.BankService/Ping"):  # built in, but not routed
            with self.subTest(path=path):
                with self.assertRaises(grpc.RpcError) as raised:
                    self.channel.unary_unary(path)(b"", timeout=CALL_TIMEOUT)
                self.assertEqual(raised.exception.code(), grpc.StatusCode.UNIMPLEMENTED)

    def test_value_the_schema_cannot_carry_is_refused_before_the_backend(self):
        cases = [  # (the field to name, values laid over a valid transfer)
            ("requested_execution_date", {"requestedExecutionDate": "31/12/2024"}),
            ("amount", {"amount": {"amount": "12,50"}}),
        ]
        for port in PORTS:
            for field, bad in cases:
                with self.subTest(port=port, value=bad):
                    request = self.request(port, "Transfer",
                                           merged(BASE_REQUESTS["Transfer"], bad))
                    tap = self.taps[port.service]
                    before = tap.forwarded
                    err, status = self.call_fails(self.channel, port, "Transfer", request,
                                                  grpc.StatusCode.INVALID_ARGUMENT)
                    self.assertIn(field, err.details())
                    self.assertCallInfo(status, port.backend)
                    self.assertEqual(tap.forwarded, before, "bytes reached the mock")

    # -- standard gRPC services --------------------------------------------------------------

    def test_health_check_is_serving(self):
        stub = self.health_grpc.HealthStub(self.channel)
        reply = stub.Check(self.health_pb2.HealthCheckRequest(service=""), timeout=CALL_TIMEOUT)
        self.assertEqual(reply.status, self.health_pb2.HealthCheckResponse.SERVING)

    def test_reflection_lists_and_describes_the_bank_services(self):
        pb = self.reflection_pb2
        requests = [pb.ServerReflectionRequest(list_services=""),
                    pb.ServerReflectionRequest(file_containing_symbol=PACKAGE + ".BankPort12")]
        stub = self.reflection_grpc.ServerReflectionStub(self.channel)
        replies = list(stub.ServerReflectionInfo(iter(requests), timeout=CALL_TIMEOUT))
        self.assertEqual(len(replies), 2, replies)
        listed, described = replies
        self.assertEqual(listed.WhichOneof("message_response"), "list_services_response",
                         listed)
        names = {s.name for s in listed.list_services_response.service}
        for port in PORTS:
            self.assertIn("%s.%s" % (PACKAGE, port.service), names)

        self.assertEqual(described.WhichOneof("message_response"), "file_descriptor_response",
                         described)
        files = [descriptor_pb2.FileDescriptorProto.FromString(raw) for raw in
                 described.file_descriptor_response.file_descriptor_proto]
        services = {"%s.%s" % (f.package, s.name): {m.name for m in s.method}
                    for f in files for s in f.service}
        want = {m.name for m in self.service(PORTS[1]).methods}
        self.assertEqual(services.get(PACKAGE + ".BankPort12"), want)


class BackendLoss(BankTestCase):
    """Its own mock and Dragoman: the test kills the mock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mock, http_port = cls.start_mock(PORTS[0])
        _, cls.channel = cls.start_dragoman(
            [(PORTS[0].service, "doomed", "http://127.0.0.1:%d/bank" % http_port)])

    def test_killed_mock_makes_calls_unavailable_not_in_doubt(self):
        port = PORTS[0]
        ping = self.request(port, "Ping", {})
        for _ in range(2):  # a pooled keep-alive connection to the mock now exists
            self.call(self.channel, port, "Ping", ping)
        self.mock.kill()
        transfer = self.request(port, "Transfer", BASE_REQUESTS["Transfer"])
        for operation, request in (("Ping", ping), ("Transfer", transfer), ("Ping", ping)):
            with self.subTest(operation=operation):
                request_id = "e2e-" + uuid.uuid4().hex
                err, status = self.call_fails(self.channel, port, operation, request,
                                              grpc.StatusCode.UNAVAILABLE, request_id)
                self.assertIn("refused", err.details().lower())  # says why
                self.assertCallInfo(status, "doomed", request_id)


def main():
    parser = e2e_support.common_parser(__doc__.split("\n")[0])
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    return e2e_support.run_tests("bank-mock-e2e", SETTINGS, unittest_args)


if __name__ == "__main__":
    sys.exit(main())
