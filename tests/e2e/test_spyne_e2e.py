#!/usr/bin/python3
"""End-to-end: gRPC through Dragoman to a real SOAP service (spyne), with zeep as the oracle.

What it proves
    An application's gRPC call, made with stubs generated from the .proto that dragoman-gen
    wrote for spyne's own WSDL, returns the same data as a mature SOAP client (python3-zeep)
    calling the same spyne service directly; SOAP faults become the documented gRPC status
    codes with a dragoman.SoapFault in the status details; an unknown method is UNIMPLEMENTED;
    and a non-idempotent transfer is executed exactly once per call (spyne keeps a ledger).

Running it
    /usr/bin/python3 tests/e2e/spyne_bank_service.py --write-wsdl WSDL_DIR
    dragoman-gen wsdl WSDL_DIR/spyne_bank.wsdl --out DIR
    /usr/bin/python3 tests/e2e/test_spyne_e2e.py --dragoman BIN --proto-dir DIR \\
        [--options-proto-dir proto] [unittest arguments, e.g. -v]

    Each option may come from the environment instead (ctest sets them): DRAGOMAN_BIN,
    DRAGOMAN_PROTO_DIR, DRAGOMAN_OPTIONS_PROTO_DIR (default: this repository's proto/). DIR is
    searched recursively for the .proto whose file name starts with "spyne_bank"; import paths
    inside it are taken relative to DIR. Needs the Debian packages python3-spyne, python3-zeep,
    python3-grpcio, python3-protobuf, protobuf-compiler and protobuf-compiler-grpc, and must run
    under /usr/bin/python3 (the interpreter those packages are installed for).

How it works
    1. Starts spyne_bank_service.py --port 0 and reads "LISTENING <port>".
    2. Compiles the spyne .proto (with everything it imports, found via a descriptor set) plus
       dragoman/options.proto and dragoman/errors.proto with protoc --python_out and
       --grpc_python_out into a temporary directory, and imports the modules.
    3. Writes a config that routes the generated service to spyne, starts `BIN serve -c` and
       waits (15 s at most) until the gRPC port is ready.
    4. For each exchange, calls the method through the generated stub and the same operation
       through zeep, and compares both replies as plain values keyed by XML local names:
       - gRPC side: each field is named by its (dragoman.xml_field).name; a set nil marker, an
         absent optional field and an unset message are None; enums become their
         (dragoman.xml_value).literal; decimal strings must be canonical and stay strings; XSD
         integer strings become ints; date/time strings are parsed with isodate (as zeep does).
       - zeep side: zeep's default result unwraps single-child wrappers (and spyne's array
         wrappers) by heuristics, so the test takes the raw reply and parses the whole response
         wrapper element with zeep's schema, then zeep.helpers.serialize_object; Decimals become
         canonical strings, dates and times their ISO form.
       - both sides: a complex value with nothing in it is None, because zeep parses an empty
         element (spyne writes <tags/> for an empty array) as None.
    5. Faults: a Client fault must be INVALID_ARGUMENT and a Server fault INTERNAL, each with a
       grpc-status-details-bin trailer (dragoman.RpcStatus) holding one dragoman.SoapFault whose
       code and reason are what zeep reports; the transfer is counted in spyne's ledger.
    Every subprocess is ended in the class cleanup, every wait and call is bounded, and the
    last line printed is "spyne-e2e: N passed, N failed, N skipped".
"""

import argparse
import datetime
import decimal
import importlib
import os
import re
import selectors
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

import grpc
import isodate
import lxml.etree
import requests
import zeep
import zeep.helpers
import zeep.xsd
from google.protobuf import descriptor_pb2, symbol_database
from google.protobuf.descriptor import FieldDescriptor

HERE = os.path.dirname(os.path.abspath(__file__))
SPYNE_SERVICE = os.path.join(HERE, "spyne_bank_service.py")
REPO_PROTO_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "proto"))
PYTHON = "/usr/bin/python3"
GRPC_PLUGIN = "/usr/bin/grpc_python_plugin"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
STARTUP_TIMEOUT = 15.0
CALL_TIMEOUT = 10.0
CANONICAL_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
D = decimal.Decimal
NIL = zeep.xsd.Nil  # an argument sent as xsi:nil

# Filled in by main() from the command line or the environment.
SETTINGS = argparse.Namespace(dragoman=None, proto_dir=None, options_proto_dir=None, log_dir=None)

# (operation, arguments by XML name) compared between gRPC and zeep; values are Python values
# as zeep takes them (None: left out, NIL: xsi:nil), converted for the proto request by
# XmlView.native_to_message().
EXCHANGES = [
    ("ping", {}),
    ("get_account", {"account_id": "ACC-1001"}),
    ("get_account", {"account_id": "ACC-2002"}),  # absent optional fields, empty array
    ("list_transactions", {"account_id": "ACC-1001"}),
    ("list_transactions", {"account_id": "ACC-1001", "from_date": datetime.date(2024, 5, 2)}),
    ("list_transactions", {"account_id": "ACC-1001", "from_date": datetime.date(2030, 1, 1),
                           "to_date": datetime.date(2030, 12, 31)}),  # no transactions
    ("list_transactions", {"account_id": "ACC-1001", "from_date": NIL, "to_date": NIL}),
    ("list_tags", {"account_id": "ACC-1001"}),
    ("get_status", {"account_id": "ACC-2002"}),
    ("quote_interest", {"principal": D("1000.00"), "rate": 0.05, "days": 30,
                        "compounded": False}),
    ("quote_interest", {"principal": D("2500.00"), "rate": 1.5e-3, "days": 365,
                        "compounded": True}),
    # xs:long minimum and an xs:integer beyond 64 bits. spyne refuses xs:int text longer than
    # 10 characters sign included, so no 10-digit negative xs:int is sent.
    ("sum_integers", {"small": -123456789, "big": -2**63, "huge": 10**30}),
    ("sum_integers", {"small": 2**31 - 1, "big": 2**63 - 1, "huge": -(10**25)}),
    ("open_account", {"application": {"name": "Grace Hopper",
                                      "birth_date": datetime.date(1906, 12, 9),
                                      "initial_deposit": D("10.50"), "branch": 3,
                                      "marketing_consent": True}}),
    ("get_statement", {"account_id": "ACC-1001"}),  # base64Binary with all 256 byte values
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc):
    """Ends a child process: SIGTERM, then SIGKILL after 5 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    if proc.stdout:
        proc.stdout.close()


def tail(path, lines=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def read_listening_port(proc, timeout):
    """Reads the 'LISTENING <port>' line the spyne service prints once it serves."""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not sel.select(deadline - time.monotonic()):
                break
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith(b"LISTENING "):
                return int(line.split()[1])
    raise RuntimeError("spyne service did not report its port within %.0f s" % timeout)


def compile_protos(proto_file, proto_dir, options_dir, out_dir):
    """Compiles proto_file, what it imports and dragoman/errors.proto into out_dir.

    Returns the Python module name of proto_file's _pb2 module.
    """
    protoc = "/usr/bin/protoc" if os.path.exists("/usr/bin/protoc") else "protoc"
    includes = ["-I", proto_dir, "-I", options_dir]
    rel = os.path.relpath(proto_file, proto_dir)
    descriptor_set = os.path.join(out_dir, "closure.pb")
    subprocess.run([protoc, *includes, "--include_imports", "--descriptor_set_out=" +
                    descriptor_set, rel], check=True, timeout=60)
    with open(descriptor_set, "rb") as f:
        closure = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    files = [fd.name for fd in closure.file if not fd.name.startswith("google/protobuf/")]
    files.append("dragoman/errors.proto")
    subprocess.run([protoc, *includes, "--python_out=" + out_dir, "--grpc_python_out=" + out_dir,
                    "--plugin=protoc-gen-grpc_python=" + GRPC_PLUGIN, *sorted(set(files))],
                   check=True, timeout=60)
    # Regular packages, so no installed package of the same name can shadow them.
    for root, _, names in os.walk(out_dir):
        if root != out_dir and "__init__.py" not in names:
            open(os.path.join(root, "__init__.py"), "w").close()
    return rel[:-len(".proto")].replace("-", "_").replace("/", ".") + "_pb2"


def find_spyne_proto(proto_dir):
    for root, _, names in sorted(os.walk(proto_dir)):
        for name in sorted(names):
            if name.startswith("spyne_bank") and name.endswith(".proto"):
                return os.path.join(root, name)
    raise FileNotFoundError("no spyne_bank*.proto under %s" % proto_dir)


class XmlView:
    """Reads the dragoman options of compiled descriptors to view messages by XML names."""

    def __init__(self, options_pb2):
        self.opts = options_pb2
        self.db = symbol_database.Default()

    def xml(self, field):
        return field.GetOptions().Extensions[self.opts.xml_field]

    def elements(self, desc):
        """(xml name, value field, nil marker field or None) for each element of a message."""
        markers = {self.xml(f).nil_of: f for f in desc.fields if self.xml(f).nil_of}
        for f in desc.fields:
            x = self.xml(f)
            if not x.nil_of:
                yield x.name or f.name, f, markers.get(f.name) or markers.get(x.name)

    def literal(self, enum_value):
        return enum_value.GetOptions().Extensions[self.opts.xml_value].literal or enum_value.name

    # -- proto -> comparable values ---------------------------------------------------------

    def message_to_native(self, msg):
        out = {}
        for name, f, marker in self.elements(msg.DESCRIPTOR):
            if f.label == FieldDescriptor.LABEL_REPEATED:
                out[name] = [self.scalar_to_native(f, v) for v in getattr(msg, f.name)]
            elif marker is not None and getattr(msg, marker.name):
                out[name] = None  # xsi:nil
            elif not has_field(msg, f):
                out[name] = None  # absent
            else:
                out[name] = self.scalar_to_native(f, getattr(msg, f.name))
        return collapse_empty(out)

    def scalar_to_native(self, f, value):
        if f.message_type is not None:
            return self.message_to_native(value)
        if f.enum_type is not None:
            return None if value == 0 else self.literal(f.enum_type.values_by_number[value])
        xsd = self.opts.XsdType.Name(self.xml(f).type)
        if xsd == "XSD_DECIMAL":
            if not CANONICAL_DECIMAL.fullmatch(value):
                raise AssertionError("decimal %r is not in canonical form" % value)
            return value
        if xsd.endswith("INTEGER") and isinstance(value, str):
            if not CANONICAL_INTEGER.fullmatch(value):
                raise AssertionError("integer %r is not in canonical form" % value)
            return int(value)
        parse = {"XSD_DATE": isodate.parse_date, "XSD_DATE_TIME": isodate.parse_datetime,
                 "XSD_TIME": isodate.parse_time}.get(xsd)
        if parse:
            return parse(value).isoformat()
        if xsd == "XSD_DURATION":
            return isodate.duration_isoformat(isodate.parse_duration(value))
        return value

    # -- Python values -> proto request ------------------------------------------------------

    def native_to_message(self, msg, values):
        fields = {name: (f, marker) for name, f, marker in self.elements(msg.DESCRIPTOR)}
        for name, value in values.items():
            f, marker = fields[name]
            if value is None:
                continue  # absent, as zeep sends it
            if value is NIL:
                if marker is not None:  # minOccurs=1 nillable: an unset optional is nil
                    setattr(msg, marker.name, True)
                continue
            if f.label == FieldDescriptor.LABEL_REPEATED:
                for item in value:
                    if f.message_type is not None:
                        self.native_to_message(getattr(msg, f.name).add(), item)
                    else:
                        getattr(msg, f.name).append(self.native_to_scalar(f, item))
            elif f.message_type is not None:
                getattr(msg, f.name).SetInParent()
                self.native_to_message(getattr(msg, f.name), value)
            else:
                setattr(msg, f.name, self.native_to_scalar(f, value))
        return msg

    def native_to_scalar(self, f, value):
        if f.enum_type is not None:
            return next(v.number for v in f.enum_type.values if self.literal(v) == value)
        if isinstance(value, D):
            return format(value, "f")
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, int) and f.type == FieldDescriptor.TYPE_STRING:
            return str(value)
        return value

    def message_class(self, desc):
        return self.db.GetSymbol(desc.full_name)


def has_field(msg, f):
    try:
        return msg.HasField(f.name)
    except ValueError:  # a proto3 scalar without presence: always there
        return True


def collapse_empty(value):
    """A complex value with nothing in it is None (zeep parses an empty element so)."""
    if isinstance(value, dict) and all(v is None or v == [] for v in value.values()):
        return None
    return value


def zeep_to_native(value):
    """zeep.helpers.serialize_object output -> the same comparable form as message_to_native."""
    if isinstance(value, dict):
        return collapse_empty({k: zeep_to_native(v) for k, v in value.items()})
    if isinstance(value, list):
        return [zeep_to_native(v) for v in value]
    if isinstance(value, D):
        return format(value, "f")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (datetime.timedelta, isodate.Duration)):
        return isodate.duration_isoformat(value)
    return value


class SpyneEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = tempfile.TemporaryDirectory(prefix="dragoman-e2e-")
        cls.addClassCleanup(work.cleanup)
        log_dir = SETTINGS.log_dir or work.name

        spyne_log = open(os.path.join(log_dir, "spyne.log"), "wb")
        cls.addClassCleanup(spyne_log.close)
        cls.spyne = subprocess.Popen([PYTHON, SPYNE_SERVICE, "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=spyne_log)
        cls.addClassCleanup(stop, cls.spyne)
        spyne_port = read_listening_port(cls.spyne, STARTUP_TIMEOUT)
        spyne_url = "http://127.0.0.1:%d/" % spyne_port

        out_dir = os.path.join(work.name, "py")
        os.makedirs(out_dir)
        module = compile_protos(find_spyne_proto(SETTINGS.proto_dir), SETTINGS.proto_dir,
                                SETTINGS.options_proto_dir, out_dir)
        sys.path.insert(0, out_dir)
        cls.addClassCleanup(sys.path.remove, out_dir)
        pb2 = importlib.import_module(module)
        cls.pb2_grpc = importlib.import_module(module + "_grpc")
        cls.options_pb2 = importlib.import_module("dragoman.options_pb2")
        cls.errors_pb2 = importlib.import_module("dragoman.errors_pb2")
        cls.view = XmlView(cls.options_pb2)
        services = list(pb2.DESCRIPTOR.services_by_name.values())
        assert len(services) == 1, "expected one service, found %d" % len(services)
        cls.service = services[0]

        grpc_port = free_port()
        config = os.path.join(work.name, "dragoman.yaml")
        with open(config, "w") as f:
            f.write('listen: {grpc: "127.0.0.1:%d"}\n'
                    'backends: [{name: spyne, soap: {endpoints: ["%s"]}}]\n'
                    'routes: [{match: "%s", backend: spyne}]\n'
                    % (grpc_port, spyne_url, cls.service.full_name))
        cls.dragoman_log = os.path.join(log_dir, "dragoman.log")
        log = open(cls.dragoman_log, "wb")
        cls.addClassCleanup(log.close)
        cls.dragoman = subprocess.Popen([SETTINGS.dragoman, "serve", "-c", config],
                                        stdout=log, stderr=subprocess.STDOUT)
        cls.addClassCleanup(stop, cls.dragoman)

        cls.channel = grpc.insecure_channel("127.0.0.1:%d" % grpc_port,
                                            options=[("grpc.enable_http_proxy", 0)])
        cls.addClassCleanup(cls.channel.close)
        ready = grpc.channel_ready_future(cls.channel)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                ready.result(timeout=0.25)
                break
            except grpc.FutureTimeoutError:
                if cls.dragoman.poll() is not None or time.monotonic() > deadline:
                    ready.cancel()
                    raise RuntimeError("dragoman not serving on port %d (exit status %s):\n%s"
                                       % (grpc_port, cls.dragoman.poll(),
                                          tail(cls.dragoman_log))) from None
        cls.stub = getattr(cls.pb2_grpc, cls.service.name + "Stub")(cls.channel)

        session = requests.Session()
        session.trust_env = False  # loopback only, never through a proxy
        transport = zeep.Transport(session=session, timeout=CALL_TIMEOUT,
                                   operation_timeout=CALL_TIMEOUT)
        cls.zeep = zeep.Client(spyne_url + "?wsdl", transport=transport)

    # -- the two ways of calling -----------------------------------------------------------

    def method(self, operation):
        """The service's method for a WSDL operation, by its (dragoman.soap_operation).name."""
        for m in self.service.methods:
            if m.GetOptions().Extensions[self.options_pb2.soap_operation].name == operation:
                return m
        self.fail("no method maps operation %r" % operation)

    def call_grpc(self, operation, args):
        m = self.method(operation)
        request = self.view.native_to_message(self.view.message_class(m.input_type)(), args)
        return getattr(self.stub, m.name)(request, timeout=CALL_TIMEOUT)

    def call_zeep(self, operation, args):
        """The whole reply wrapper element, parsed by zeep, without zeep's unwrapping."""
        with self.zeep.settings(raw_response=True):
            reply = getattr(self.zeep.service, operation)(**args)
        self.assertEqual(reply.status_code, 200, reply.text[:500])
        body = lxml.etree.fromstring(reply.content).find("{%s}Body" % SOAP11_ENV)
        wrapper = body[0]
        value = self.zeep.get_element(wrapper.tag).parse(wrapper, self.zeep.wsdl.types)
        return zeep.helpers.serialize_object(value, dict)

    def exchange(self, operation, args):
        """Calls both ways and asserts the replies are equal; returns the gRPC reply."""
        reply = self.call_grpc(operation, args)
        got = self.view.message_to_native(reply)
        want = zeep_to_native(self.call_zeep(operation, args))
        self.assertEqual(got, want, "%s(%r): gRPC through Dragoman vs zeep" % (operation, args))
        return reply

    def grpc_fault(self, operation, args, code):
        """Calls a method that must fail with code; returns the SoapFault in the details."""
        with self.assertRaises(grpc.RpcError) as raised:
            self.call_grpc(operation, args)
        err = raised.exception
        self.assertEqual(err.code(), code, err.details())
        trailers = dict(err.trailing_metadata() or ())
        self.assertIn("grpc-status-details-bin", trailers)
        status = self.errors_pb2.RpcStatus.FromString(trailers["grpc-status-details-bin"])
        self.assertEqual(status.code, code.value[0])
        faults = [d for d in status.details if d.Is(self.errors_pb2.SoapFault.DESCRIPTOR)]
        self.assertEqual(len(faults), 1, "one dragoman.SoapFault in %s" % status)
        fault = self.errors_pb2.SoapFault()
        faults[0].Unpack(fault)
        return fault

    def zeep_fault(self, operation, args):
        with self.assertRaises(zeep.exceptions.Fault) as raised:
            getattr(self.zeep.service, operation)(**args)
        return raised.exception

    def assertSameFault(self, fault, zeep_fault):
        self.assertEqual(fault.reason, zeep_fault.message)
        local_code = zeep_fault.code.rpartition(":")[2]
        self.assertEqual(fault.code, "{%s}%s" % (SOAP11_ENV, local_code))

    # -- the tests ---------------------------------------------------------------------------

    def test_exchanges_match_zeep(self):
        for operation, args in EXCHANGES:
            with self.subTest(operation=operation, args=args):
                self.exchange(operation, args)

    def test_transfer_executes_once_per_call(self):
        reference = "E2E-" + uuid.uuid4().hex[:12]
        args = {"from_account": "ACC-1001", "to_account": "ACC-2002", "amount": D("250.00"),
                "reference": reference, "execution_date": datetime.date(2024, 6, 4)}
        count = {"reference": reference}
        self.exchange("ledger_count", count)
        self.assertEqual(self.zeep.service.ledger_count(reference), 0)
        # exchange() calls once through Dragoman, once through zeep: two executions.
        self.exchange("transfer", args)
        self.assertEqual(self.zeep.service.ledger_count(reference), 2)
        self.call_grpc("transfer", args)
        self.assertEqual(self.zeep.service.ledger_count(reference), 3)
        self.assertEqual(self.view.message_to_native(self.call_grpc("ledger_count", count)),
                         {"ledger_countResult": 3})

    def test_client_fault_is_invalid_argument(self):
        args = {"account_id": "ACC-404"}
        fault = self.grpc_fault("get_account", args, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertSameFault(fault, self.zeep_fault("get_account", args))

    def test_server_fault_is_internal(self):
        args = {"reason": "ledger database offline"}
        fault = self.grpc_fault("fail_internally", args, grpc.StatusCode.INTERNAL)
        self.assertSameFault(fault, self.zeep_fault("fail_internally", args))

    def test_unknown_method_is_unimplemented(self):
        call = self.channel.unary_unary("/%s/NoSuchMethod" % self.service.full_name)
        with self.assertRaises(grpc.RpcError) as raised:
            call(b"", timeout=CALL_TIMEOUT)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.UNIMPLEMENTED)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dragoman", default=os.environ.get("DRAGOMAN_BIN"),
                        help="the dragoman binary (env DRAGOMAN_BIN)")
    parser.add_argument("--proto-dir", default=os.environ.get("DRAGOMAN_PROTO_DIR"),
                        help="where the generated spyne_bank .proto is (env DRAGOMAN_PROTO_DIR)")
    parser.add_argument("--options-proto-dir",
                        default=os.environ.get("DRAGOMAN_OPTIONS_PROTO_DIR", REPO_PROTO_DIR),
                        help="holds dragoman/options.proto and errors.proto "
                             "(env DRAGOMAN_OPTIONS_PROTO_DIR; default: the repository's proto/)")
    args, unittest_args = parser.parse_known_args()
    for name in ("dragoman", "proto_dir", "options_proto_dir"):
        if not getattr(args, name):
            parser.error("--%s (or its environment variable) is required"
                         % name.replace("_", "-"))
    with tempfile.TemporaryDirectory(prefix="dragoman-e2e-logs-") as log_dir:
        SETTINGS.__dict__.update(vars(args), log_dir=log_dir)
        program = unittest.main(argv=[sys.argv[0], *unittest_args], exit=False)
        result = program.result
        if not result.wasSuccessful():
            for name in ("dragoman.log", "spyne.log"):
                text = tail(os.path.join(log_dir, name))
                if text:
                    sys.stderr.write("---- last lines of %s ----\n%s" % (name, text))
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = max(0, result.testsRun - failed - len(result.skipped))
    print("spyne-e2e: %d passed, %d failed, %d skipped" % (passed, failed, len(result.skipped)))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
