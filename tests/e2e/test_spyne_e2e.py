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
    1. Starts spyne_bank_service.py --port 0 and reads "LISTENING <port>" from its log.
    2. Compiles the spyne .proto (with everything it imports, found via a descriptor set) plus
       dragoman/options.proto and dragoman/errors.proto with protoc --python_out and
       --grpc_python_out into a temporary directory, and imports the modules.
    3. Writes a config that routes the generated service to spyne and listens on port 0,
       starts `BIN serve -c`, reads the port from its "msg=listening" log line and waits
       (30 s at most) until gRPC answers there.
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
    Process handling, proto compilation, status-detail decoding and the command line are
    shared with the other end-to-end tests (e2e_support.py).
    Every subprocess is ended in the class cleanup, every wait and call is bounded, and the
    last line printed is "spyne-e2e: N passed, N failed, N skipped".
"""

import argparse
import datetime
import decimal
import os
import re
import sys
import tempfile
import unittest
import uuid

import grpc
import isodate
import lxml.etree
import requests
import zeep
import zeep.helpers
import zeep.xsd
from google.protobuf import symbol_database
from google.protobuf.descriptor import FieldDescriptor

import e2e_support
from e2e_support import CALL_TIMEOUT, PYTHON

HERE = os.path.dirname(os.path.abspath(__file__))
SPYNE_SERVICE = os.path.join(HERE, "spyne_bank_service.py")
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
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

        cls.spyne = e2e_support.Process([PYTHON, SPYNE_SERVICE, "--port", "0"],
                                        os.path.join(log_dir, "spyne.log"))
        cls.addClassCleanup(cls.spyne.stop)
        spyne_port = int(cls.spyne.wait_for_log(r"^LISTENING (\d+)")[1])
        spyne_url = "http://127.0.0.1:%d/" % spyne_port

        out_dir = os.path.join(work.name, "py")
        os.makedirs(out_dir)
        module = e2e_support.compile_protos(
            e2e_support.find_proto(SETTINGS.proto_dir, "spyne_bank"), SETTINGS.proto_dir,
            SETTINGS.options_proto_dir, out_dir)
        pb2, cls.pb2_grpc = e2e_support.load_generated(out_dir, module)
        cls.addClassCleanup(sys.path.remove, out_dir)
        from dragoman import errors_pb2, options_pb2
        cls.options_pb2, cls.errors_pb2 = options_pb2, errors_pb2
        cls.view = XmlView(cls.options_pb2)
        services = list(pb2.DESCRIPTOR.services_by_name.values())
        assert len(services) == 1, "expected one service, found %d" % len(services)
        cls.service = services[0]

        config = os.path.join(work.name, "dragoman.yaml")
        with open(config, "w") as f:
            f.write('listen: {grpc: "127.0.0.1:0"}\n'
                    'backends: [{name: spyne, soap: {endpoints: ["%s"]}}]\n'
                    'routes: [{match: "%s", backend: spyne}]\n'
                    % (spyne_url, cls.service.full_name))
        cls.dragoman, target = e2e_support.start_dragoman(
            SETTINGS.dragoman, config, os.path.join(log_dir, "dragoman.log"))
        cls.addClassCleanup(cls.dragoman.stop)
        cls.channel = e2e_support.wait_for_channel(target, cls.dragoman)
        cls.addClassCleanup(cls.channel.close)
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
        _, status = e2e_support.assert_call_fails(self, code, self.errors_pb2, self.call_grpc,
                                                  operation, args)
        faults = e2e_support.unpack_details(status, self.errors_pb2.SoapFault)
        self.assertEqual(len(faults), 1, "one dragoman.SoapFault in %s" % status)
        return faults[0]

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

    def test_derived_types_travel_with_xsi_type(self):
        m = self.method("register_payment_methods")
        request = self.view.message_class(m.input_type)()
        methods = request.methods.payment_method
        card = methods.add().card
        card.holder, card.last_digits = "Ada Lovelace", "4242"
        transfer = methods.add().bank_transfer
        transfer.holder, transfer.iban = "Charles Babbage", "DE89370400440532013000"
        methods.add().holder = "Plain Base"
        reply = getattr(self.stub, m.name)(request, timeout=CALL_TIMEOUT)
        result = reply.register_payment_methods_result
        # spyne built each value as the class xsi:type named ...
        self.assertEqual(list(result.kinds.string), ["Card", "BankTransfer", "PaymentMethod"])
        # ... and the echo came back as the same derived types.
        self.assertEqual(list(result.methods.payment_method), list(methods))
        # The oracle: zeep sending the same derived values sees the same classes.
        factory = lambda name: self.zeep.get_type("{http://spyne.example/bank}" + name)
        zeep_reply = self.zeep.service.register_payment_methods(methods={"PaymentMethod": [
            factory("Card")(holder="Ada Lovelace", last_digits="4242"),
            factory("BankTransfer")(holder="Charles Babbage", iban="DE89370400440532013000"),
            factory("PaymentMethod")(holder="Plain Base")]})
        self.assertEqual(list(zeep_reply.kinds.string), list(result.kinds.string))

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
    parser = e2e_support.common_parser(__doc__.split("\n")[0])
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    return e2e_support.run_tests("spyne-e2e", SETTINGS, unittest_args)


if __name__ == "__main__":
    sys.exit(main())
