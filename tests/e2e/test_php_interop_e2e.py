#!/usr/bin/python3
"""End-to-end: gRPC through Dragoman to PHP's ext/soap serving SOAPBuilders Interop Round 2.

What it proves
    The legacy side is a third-party SOAP stack: PHP's SoapServer (php_interop_server.php)
    serving the rpc/encoded round2_base.wsdl of the corpus, every operation an echo.
    1. zeep, the oracle, calling PHP directly gets every value back (so the server and the
       values are sound), and PHP's replies look on the wire as this docstring says below.
    2. An application calling the same operations with stubs generated from the .proto that
       dragoman-gen wrote for round2_base.wsdl gets back exactly what it sent, and exactly what
       zeep gets: strings with XML specials and non-ASCII, xsd:int extremes, floats, booleans,
       base64Binary and hexBinary of all 256 byte values, dateTime, decimal beyond 64 bits,
       SOAP-ENC arrays of 0, 1 and several strings, ints, floats and structs, a struct, void.
    3. An array reply in which PHP writes one struct inline with id="ref1" and later ones as
       <item href="#ref1"/> (SOAP-ENC multi-reference) comes back whole through Dragoman.
    Part 2 and 3 are skipped, saying why, while no round2_base*.proto exists under DIR.

What PHP puts on the wire (checked by ZeepAgainstPhp.test_php_wire)
    PHP takes parameters with or without xsi:type and arrays with or without SOAP-ENC:arrayType
    (the WSDL's part types decide). Its replies carry SOAP-ENV:encodingStyle on the Envelope,
    the wrapper <ns1:echoXResponse> in the soap:body namespace, unqualified part elements, an
    xsi:type on every value (xsd:string, ns2:SOAPStruct, ...), SOAP-ENC:arrayType="xsd:int[3]"
    plus xsi:type="ns2:ArrayOfint" on arrays, array members named <item>, all inline: href is
    only written for an object met twice in one reply. Floats use PHP's `precision` (14
    significant digits, "3.4028234663853E+38"), which still names every float32 exactly.

The oracle's own limits (where zeep is not trusted, each case says what zeep sees)
    zeep cannot send an empty SOAP-ENC array (its SOAP-ENC:Array restriction keeps
    minOccurs=1), so the test builds that envelope with zeep and empties the array itself.
    zeep reads an empty element as None: "" and b"" come back None (mapped back here), and an
    empty <item/> in an array is dropped. zeep does not resolve an inline href: the referring
    item reads as a struct of None. zeep passes hexBinary through as its hex text.

Running it
    dragoman-gen wsdl CORPUS/wsdl/php-soap-interop/round2_base.wsdl --out DIR
    /usr/bin/python3 tests/e2e/test_php_interop_e2e.py --dragoman BIN --proto-dir DIR \\
        [--options-proto-dir proto] [--corpus-dir CORPUS] [unittest arguments, e.g. -v]

    Each option may come from the environment instead (ctest sets them): DRAGOMAN_BIN,
    DRAGOMAN_PROTO_DIR, DRAGOMAN_OPTIONS_PROTO_DIR (default: this repository's proto/),
    DRAGOMAN_CORPUS_DIR (default: ../shared/corpus beside this repository). Needs the Debian
    packages php-cli, php-soap, python3-zeep, python3-grpcio, python3-protobuf,
    protobuf-compiler and protobuf-compiler-grpc (scripts/bootstrap.sh), and must run under
    /usr/bin/python3.

How it works
    1. Picks a free loopback port, starts `php -S 127.0.0.1:PORT php_interop_server.php` with
       the WSDL in PHP_INTEROP_WSDL (WSDL cache off, request and response bodies logged), and
       waits until GET /?wsdl answers. zeep loads the WSDL from there (SOAP-ENC from the
       corpus, never the network) and calls the binding at PHP's URL.
    2. Compiles the round2_base .proto (protos from e2e_support), writes a config routing its
       one service to PHP, starts `BIN serve -c` on port 0 and waits until gRPC answers.
    3. Values are compared in one plain form: float32 round trips for floats, bytes for
       base64Binary and hexBinary, isodate-parsed (datetime, UTC offset) for dateTime, the
       canonical string of the decimal, scale kept (gRPC must return it canonical), lists for
       arrays (an unset array message is None, never []), dicts for SOAPStruct.
    The generated names checked are those of the contract: one service for the one port,
    methods in PascalCase of the operations, <Op>Request and <Op>Response messages with one
    field per part in snake_case (input_string, output_string_array), arrays as a message
    with `repeated item`, SOAPStruct fields var_string, var_int, var_float.
    Every process is ended in the module and class cleanups, every wait and call is bounded,
    and the last line printed is "php-interop-e2e: N passed, N failed, N skipped".
"""

import argparse
import collections
import datetime
import decimal
import glob
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

import isodate
import lxml.etree
import zeep
import zeep.helpers
from google.protobuf import symbol_database

import e2e_support
from e2e_support import CALL_TIMEOUT

HERE = os.path.dirname(os.path.abspath(__file__))
PHP_SERVER = os.path.join(HERE, "php_interop_server.php")
DEFAULT_CORPUS = os.path.normpath(os.path.join(e2e_support.REPO_ROOT, "..", "shared", "corpus"))
WSDL_IN_CORPUS = os.path.join("wsdl", "php-soap-interop", "round2_base.wsdl")
PROTO_PREFIX = "round2_base"

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
TNS = "http://soapinterop.org/"
TYPES_NS = "http://soapinterop.org/xsd"
BINDING = "{%s}InteropTestBinding" % TNS
SOAP_ACTION = "http://"  # every operation's soapAction in the WSDL
CANONICAL_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")  # scale is kept
FLT_MAX = 3.4028234663852886e38  # exact float32 values
FLT_MIN = 1.1754943508222875e-38
FLT_TRUE_MIN = 1.401298464324817e-45

# Filled in by main() from the command line or the environment.
SETTINGS = argparse.Namespace(dragoman=None, proto_dir=None, options_proto_dir=None,
                              corpus_dir=None, log_dir=None)

# operation -> (input part, output part, the parts' XSD type local name); echoVoid has none.
OPERATIONS = {
    "echoString": ("inputString", "outputString", "string"),
    "echoStringArray": ("inputStringArray", "outputStringArray", "ArrayOfstring"),
    "echoInteger": ("inputInteger", "outputInteger", "int"),
    "echoIntegerArray": ("inputIntegerArray", "outputIntegerArray", "ArrayOfint"),
    "echoFloat": ("inputFloat", "outputFloat", "float"),
    "echoFloatArray": ("inputFloatArray", "outputFloatArray", "ArrayOffloat"),
    "echoStruct": ("inputStruct", "outputStruct", "SOAPStruct"),
    "echoStructArray": ("inputStructArray", "outputStructArray", "ArrayOfSOAPStruct"),
    "echoVoid": (None, None, None),
    "echoBase64": ("inputBase64", "outputBase64", "base64Binary"),
    "echoDate": ("inputDate", "outputDate", "dateTime"),
    "echoHexBinary": ("inputHexBinary", "outputHexBinary", "hexBinary"),
    "echoDecimal": ("inputDecimal", "outputDecimal", "decimal"),
    "echoBoolean": ("inputBoolean", "outputBoolean", "boolean"),
}
ARRAY_ITEM = {"ArrayOfstring": "string", "ArrayOfint": "int", "ArrayOffloat": "float",
              "ArrayOfSOAPStruct": "SOAPStruct"}
STRUCT_MEMBERS = (("varString", "string"), ("varInt", "int"), ("varFloat", "float"))

SAME = object()  # Case.zeep_sees: zeep gets the request back


class Case(collections.namedtuple("Case", "operation value zeep_sees")):
    """An echo of value: str, int, float, bool, bytes, dateTime and decimal as lexical
    strings, a dict by member name for SOAPStruct, a list for an array, None for echoVoid.
    zeep_sees, when zeep is known to read PHP's reply differently, is what zeep gets."""

    def __new__(cls, operation, value, zeep_sees=SAME):
        return super().__new__(cls, operation, value, zeep_sees)


def struct_value(s, i, f):
    return {"varString": s, "varInt": i, "varFloat": f}


SPECIALS = "<&>\"' ]]> &amp; <![CDATA[x]]>"
NON_ASCII = "h\u00e9llo w\u00f6rld \u2014 \u00fcn\u00efc\u00f6d\u00e9 \u4e16\u754c \U0001F600"
ALL_BYTES = bytes(range(256))
S1 = struct_value("first <&>", 2147483647, 0.5)
S2 = struct_value(NON_ASCII, -2147483648, -1.25)
S3 = struct_value("", 0, FLT_MAX)

CASES = [
    Case("echoVoid", None),
    Case("echoString", "Hello, world"),
    Case("echoString", SPECIALS),
    Case("echoString", NON_ASCII),
    Case("echoString", "  spaces kept  \ttab\nnew line\r\ncarriage return"),
    Case("echoString", ""),
    Case("echoInteger", 0),
    Case("echoInteger", -1),
    Case("echoInteger", 2147483647),
    Case("echoInteger", -2147483648),
    Case("echoFloat", 0.5),
    Case("echoFloat", -1.25),
    Case("echoFloat", 0.0),
    Case("echoFloat", 0.1),  # not exact in binary: compared as float32 round trips
    Case("echoFloat", 3.4e38),
    Case("echoFloat", FLT_MAX),
    Case("echoFloat", -FLT_MAX),
    Case("echoFloat", FLT_MIN),
    Case("echoFloat", FLT_TRUE_MIN),
    Case("echoFloat", 16777216.0),
    Case("echoFloat", math.inf),
    Case("echoFloat", -math.inf),
    Case("echoBoolean", True),
    Case("echoBoolean", False),
    Case("echoBase64", ALL_BYTES),
    Case("echoBase64", NON_ASCII.encode()),
    Case("echoBase64", b""),
    Case("echoHexBinary", ALL_BYTES),
    Case("echoHexBinary", b"\x00\xff"),
    Case("echoHexBinary", b""),
    Case("echoDate", "2024-05-06T07:08:09Z"),
    Case("echoDate", "1999-12-31T23:59:59.5+05:30"),
    Case("echoDate", "2000-02-29T00:00:00-08:00"),
    Case("echoDate", "2024-01-01T12:00:00"),  # no time zone
    Case("echoDecimal", "0"),
    Case("echoDecimal", "7.50"),  # scale kept: money
    Case("echoDecimal", "-12345678901234567890.123456789"),
    Case("echoDecimal", "123456789012345678901234567890"),
    Case("echoDecimal", "0.000000001"),
    Case("echoStringArray", []),
    Case("echoStringArray", ["one"]),
    Case("echoStringArray", ["a", SPECIALS, NON_ASCII, "z"]),
    # zeep drops the empty <item/> PHP sends back for "".
    Case("echoStringArray", ["", "x", ""], zeep_sees=["x"]),
    Case("echoIntegerArray", []),
    Case("echoIntegerArray", [42]),
    Case("echoIntegerArray", [0, 2147483647, -2147483648, -1]),
    Case("echoFloatArray", []),
    Case("echoFloatArray", [0.5]),
    Case("echoFloatArray", [0.5, -1.25, 3.4e38, FLT_MAX, FLT_TRUE_MIN, 0.1]),
    Case("echoStruct", S1),
    Case("echoStruct", S2),
    Case("echoStruct", S3),
    Case("echoStructArray", []),
    Case("echoStructArray", [S1]),
    Case("echoStructArray", [S1, S2, S3]),
]

# Equal structs: PHP's reply carries the first inline with id="ref1", the third as
# <item href="#ref1"/> (see php_interop_server.php); zeep reads that item as an empty struct.
SHARED = Case("echoStructArray", [S1, S2, S1],
              zeep_sees=[S1, S2, struct_value("", None, None)])


# -- the plain form both sides are compared in -------------------------------------------------

def f32(value):
    """value rounded to float32, as a Python float."""
    return struct.unpack("<f", struct.pack("<f", value))[0]


def plain(kind, value):
    """A value of an XSD type (kind: its local name) in the form both sides are compared in."""
    if value is None:
        return None
    if kind in ARRAY_ITEM:
        return [plain(ARRAY_ITEM[kind], item) for item in value]
    if kind == "SOAPStruct":
        return {name: plain(member, value[name]) for name, member in STRUCT_MEMBERS}
    if kind == "float":
        return f32(value)
    if kind == "dateTime":
        parsed = value if isinstance(value, datetime.datetime) else isodate.parse_datetime(value)
        return parsed.replace(tzinfo=None), parsed.utcoffset()
    if kind == "decimal":
        return format(decimal.Decimal(value), "f")  # the canonical form, keeping the scale
    return value


def expected(case):
    _, _, kind = OPERATIONS[case.operation]
    return plain(kind, case.value)


def expected_from_zeep(case):
    if case.zeep_sees is SAME:
        return expected(case)
    _, _, kind = OPERATIONS[case.operation]
    return plain(kind, case.zeep_sees)


# -- the PHP server and zeep -------------------------------------------------------------------

def start_php(wsdl, log_dir, attempts=3):
    """`php -S` on a free loopback port serving php_interop_server.php; (Process, URL).

    Its log (access lines, every request and response body) is log_dir/php-N.log."""
    php = shutil.which("php")
    if php is None:
        raise RuntimeError("no php on PATH: install php-cli and php-soap (scripts/bootstrap.sh)")
    probe = subprocess.run([php, "-r", "exit(extension_loaded('soap') ? 0 : 1);"],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    if probe.returncode != 0:
        raise RuntimeError("PHP's soap extension is not loaded: install php-soap")
    env = dict(os.environ, PHP_INTEROP_WSDL=wsdl, PHP_INTEROP_WIRE_LOG="1")
    for attempt in range(attempts):
        port = e2e_support.free_loopback_port()
        argv = [php, "-d", "soap.wsdl_cache_enabled=0", "-S", "127.0.0.1:%d" % port,
                PHP_SERVER]
        proc = e2e_support.Process(argv, os.path.join(log_dir, "php-%d.log" % attempt), env=env)
        url = "http://127.0.0.1:%d/" % port
        try:
            e2e_support.wait_for_http(url + "?wsdl", proc)
            return proc, url
        except RuntimeError:
            proc.stop()
            if "in use" not in proc.log_text() or attempt + 1 == attempts:
                raise
    raise AssertionError("unreachable")


class Oracle:
    """zeep calling round2_base.wsdl's binding at PHP's URL."""

    def __init__(self, php_url):
        transport = e2e_support.offline_zeep_transport(SETTINGS.corpus_dir)
        self.client = zeep.Client(php_url + "?wsdl", transport=transport)
        self.url = php_url
        self.service = self.client.create_service(BINDING, php_url)
        self.binding = self.client.wsdl.bindings[BINDING]

    def type(self, name):
        return self.client.get_type("{%s}%s" % (TYPES_NS, name))

    def to_zeep(self, kind, value):
        if kind in ARRAY_ITEM:
            return self.type(kind)([self.to_zeep(ARRAY_ITEM[kind], v) for v in value])
        if kind == "SOAPStruct":
            return self.type(kind)(**{n: self.to_zeep(m, value[n]) for n, m in STRUCT_MEMBERS})
        if kind == "hexBinary":
            return value.hex()  # zeep writes hexBinary text as given
        if kind == "decimal":
            return decimal.Decimal(value)
        return value

    def from_zeep(self, kind, value):
        if kind in ARRAY_ITEM:
            if value is None:
                return None
            return [self.from_zeep(ARRAY_ITEM[kind], v) for v in value]
        if kind == "SOAPStruct":
            if value is None:
                return None
            value = zeep.helpers.serialize_object(value, dict)
            return {n: self.from_zeep(m, value[n]) for n, m in STRUCT_MEMBERS}
        if value is None:  # zeep reads an empty element as None
            return {"string": "", "base64Binary": b"", "hexBinary": b""}.get(kind)
        if kind == "hexBinary":
            return bytes.fromhex(value)
        return plain(kind, value)

    def call(self, operation, value):
        """Calls operation with value (None for echoVoid); returns the reply in plain form."""
        _, _, kind = OPERATIONS[operation]
        if kind is None:
            return self.service.echoVoid()
        if kind in ARRAY_ITEM and not value:
            reply = self.call_with_empty_array(operation, kind)
        else:
            reply = getattr(self.service, operation)(self.to_zeep(kind, value))
        return self.from_zeep(kind, reply)

    def call_with_empty_array(self, operation, kind):
        """zeep refuses to render an empty SOAP-ENC array: render one item, then remove it."""
        item = struct_value("", 0, 0.0) if kind == "ArrayOfSOAPStruct" else "0"
        arg = self.to_zeep(kind, [item])
        envelope = self.client.create_message(self.service, operation, arg)
        part = envelope.find("{%s}Body" % SOAP_ENV)[0][0]
        for child in list(part):
            part.remove(child)
        reply = self.client.transport.post_xml(
            self.url, envelope, {"SOAPAction": '"%s"' % SOAP_ACTION,
                                 "Content-Type": "text/xml; charset=utf-8"})
        return self.binding.process_reply(self.client, self.binding.get(operation), reply)

    def raw_reply(self, operation, value):
        """PHP's reply envelope to zeep's request, as an lxml element."""
        _, _, kind = OPERATIONS[operation]
        with self.client.settings(raw_response=True):
            reply = getattr(self.service, operation)(self.to_zeep(kind, value))
        if reply.status_code != 200:
            raise AssertionError("PHP answered %d: %s" % (reply.status_code, reply.text[:500]))
        return lxml.etree.fromstring(reply.content)


PHP = argparse.Namespace(proc=None, url=None, oracle=None)


def setUpModule():
    work = tempfile.TemporaryDirectory(prefix="dragoman-php-e2e-")
    unittest.addModuleCleanup(work.cleanup)
    log_dir = SETTINGS.log_dir or work.name
    wsdl = os.path.join(SETTINGS.corpus_dir, WSDL_IN_CORPUS)
    if not os.path.isfile(wsdl):
        raise RuntimeError("no %s: pass --corpus-dir (or DRAGOMAN_CORPUS_DIR)" % wsdl)
    PHP.proc, PHP.url = start_php(wsdl, log_dir)
    unittest.addModuleCleanup(PHP.proc.stop)
    PHP.oracle = Oracle(PHP.url)


# -- zeep against PHP --------------------------------------------------------------------------

class ZeepAgainstPhp(unittest.TestCase):
    """The oracle and the server agree: every case comes back from PHP to zeep."""

    def test_operation_table_matches_wsdl(self):
        seen = {}
        for name, operation in PHP.oracle.binding.all().items():
            parts = []
            for message in (operation.input, operation.output):
                elements = message.body.type.elements if message.body is not None else []
                self.assertLessEqual(len(elements), 1, "%s: one part at most" % name)
                parts.append((elements[0][0], elements[0][1].type.qname.localname)
                             if elements else (None, None))
            seen[name] = (parts[0][0], parts[1][0], parts[0][1])
            self.assertEqual(parts[0][1], parts[1][1], name)
        self.assertEqual(seen, OPERATIONS)
        self.assertEqual({c.operation for c in CASES}, set(OPERATIONS), "a case per operation")

    def test_zeep_gets_every_value_back(self):
        for case in CASES + [SHARED]:
            with self.subTest(operation=case.operation, value=case.value):
                self.assertEqual(PHP.oracle.call(case.operation, case.value),
                                 expected_from_zeep(case))

    def test_php_wire(self):
        """What PHP sends back, as the module documentation says."""
        strings = PHP.oracle.raw_reply("echoStringArray", ["a", "b"])
        self.assertEqual(strings.get("{%s}encodingStyle" % SOAP_ENV), SOAP_ENC)
        wrapper = strings.find("{%s}Body/{%s}echoStringArrayResponse" % (SOAP_ENV, TNS))
        self.assertIsNotNone(wrapper, lxml.etree.tostring(strings))
        array = wrapper.find("outputStringArray")
        self.assertEqual(array_type(array), ("{%s}string" % XSD, "[2]"))
        self.assertEqual(xsi_type(array), "{%s}ArrayOfstring" % TYPES_NS)
        self.assertEqual([(i.tag, i.text, xsi_type(i)) for i in array],
                         [("item", "a", "{%s}string" % XSD), ("item", "b", "{%s}string" % XSD)])

        shared = PHP.oracle.raw_reply(SHARED.operation, SHARED.value)
        array = shared.find("{%s}Body/{%s}echoStructArrayResponse/outputStructArray"
                            % (SOAP_ENV, TNS))
        self.assertEqual(array_type(array), ("{%s}SOAPStruct" % TYPES_NS, "[3]"))
        first, second, third = array
        self.assertEqual((first.get("id"), second.get("id"), third.get("href")),
                         ("ref1", None, "#ref1"), lxml.etree.tostring(array))
        self.assertEqual(len(third), 0)
        self.assertEqual([m.tag for m in first], [n for n, _ in STRUCT_MEMBERS])

    def test_php_takes_untyped_parameters(self):
        """No xsi:type, no SOAP-ENC:arrayType, no encodingStyle: the WSDL types decide."""
        body = ("<m:echoStructArray xmlns:m='%s'><inputStructArray><item><varString>s"
                "</varString><varInt>7</varInt><varFloat>1.5</varFloat></item>"
                "</inputStructArray></m:echoStructArray>" % TNS)
        envelope = lxml.etree.fromstring("<e:Envelope xmlns:e='%s'><e:Body>%s</e:Body>"
                                         "</e:Envelope>" % (SOAP_ENV, body))
        reply = PHP.oracle.client.transport.post_xml(
            PHP.url, envelope, {"SOAPAction": '"%s"' % SOAP_ACTION,
                                "Content-Type": "text/xml; charset=utf-8"})
        self.assertEqual(reply.status_code, 200, reply.text[:500])
        parsed = PHP.oracle.binding.process_reply(
            PHP.oracle.client, PHP.oracle.binding.get("echoStructArray"), reply)
        self.assertEqual(PHP.oracle.from_zeep("ArrayOfSOAPStruct", parsed),
                         [plain("SOAPStruct", struct_value("s", 7, 1.5))])


def qname_value(element, text):
    """A QName-valued attribute's text as {namespace}local, by element's prefixes."""
    prefix, _, local = text.rpartition(":")
    return "{%s}%s" % (element.nsmap.get(prefix or None), local)


def xsi_type(element):
    return qname_value(element, element.get("{%s}type" % XSI))


def array_type(element):
    """SOAP-ENC:arrayType="p:T[n]" as ({namespace}T, "[n]")."""
    text = element.get("{%s}arrayType" % SOAP_ENC)
    bracket = text.index("[")
    return qname_value(element, text[:bracket]), text[bracket:]


# -- gRPC through Dragoman ---------------------------------------------------------------------

def snake_case(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def pascal_case(name):
    return name[:1].upper() + name[1:]


class GrpcThroughDragoman(unittest.TestCase):
    """The generated stubs, Dragoman and PHP: every case comes back as sent and as to zeep."""

    skip_reason = None

    @classmethod
    def setUpClass(cls):
        pattern = os.path.join(SETTINGS.proto_dir, "**", PROTO_PREFIX + "*.proto")
        if not glob.glob(pattern, recursive=True):
            cls.skip_reason = ("no %s*.proto under %s: dragoman-gen has not generated the "
                               "round2_base.wsdl service yet" % (PROTO_PREFIX,
                                                                 SETTINGS.proto_dir))
            return
        work = tempfile.TemporaryDirectory(prefix="dragoman-php-e2e-grpc-")
        cls.addClassCleanup(work.cleanup)
        log_dir = SETTINGS.log_dir or work.name

        out_dir = os.path.join(work.name, "py")
        os.makedirs(out_dir)
        module = e2e_support.compile_protos(
            e2e_support.find_proto(SETTINGS.proto_dir, PROTO_PREFIX), SETTINGS.proto_dir,
            SETTINGS.options_proto_dir, out_dir)
        pb2, pb2_grpc = e2e_support.load_generated(out_dir, module)
        cls.addClassCleanup(sys.path.remove, out_dir)
        from dragoman import options_pb2
        cls.options_pb2 = options_pb2
        services = list(pb2.DESCRIPTOR.services_by_name.values())
        assert len(services) == 1, "expected one service (one SOAP port), found %s" % [
            s.full_name for s in services]
        cls.service = services[0]

        config = os.path.join(work.name, "dragoman.yaml")
        with open(config, "w") as f:
            f.write('listen: {grpc: "127.0.0.1:0"}\n'
                    'backends: [{name: php, soap: {endpoints: ["%s"]}}]\n'
                    'routes: [{match: "%s", backend: php}]\n' % (PHP.url, cls.service.full_name))
        cls.dragoman, target = e2e_support.start_dragoman(
            SETTINGS.dragoman, config, os.path.join(log_dir, "dragoman.log"))
        cls.addClassCleanup(cls.dragoman.stop)
        cls.channel = e2e_support.wait_for_channel(target, cls.dragoman)
        cls.addClassCleanup(cls.channel.close)
        cls.stub = getattr(pb2_grpc, cls.service.name + "Stub")(cls.channel)

    def setUp(self):
        if self.skip_reason:
            self.skipTest(self.skip_reason)

    # -- naming --------------------------------------------------------------------------------

    def method(self, operation):
        method = self.service.methods_by_name.get(pascal_case(operation))
        self.assertIsNotNone(method, "no method %s in %s (has %s)" % (
            pascal_case(operation), self.service.full_name,
            [m.name for m in self.service.methods]))
        return method

    def field(self, desc, xml_name):
        field = desc.fields_by_name.get(snake_case(xml_name))
        self.assertIsNotNone(field, "%s has no field %s (for %s); it has %s" % (
            desc.full_name, snake_case(xml_name), xml_name, [f.name for f in desc.fields]))
        return field

    def array_item(self, array_desc):
        item = self.field(array_desc, "item")
        self.assertEqual(item.label, item.LABEL_REPEATED, "%s.item" % array_desc.full_name)
        return item

    # -- plain values <-> proto ----------------------------------------------------------------

    def fill(self, msg, field, kind, value):
        """Sets msg.<field> (a singular field of an XSD type named kind) to value."""
        if kind in ARRAY_ITEM:
            array = getattr(msg, field.name)
            array.SetInParent()  # an empty array is present, not absent
            item = self.array_item(array.DESCRIPTOR)
            for v in value:
                if item.message_type is not None:
                    self.fill_struct(getattr(array, item.name).add(), v)
                else:
                    getattr(array, item.name).append(v)
        elif kind == "SOAPStruct":
            self.fill_struct(getattr(msg, field.name), value)
        else:
            setattr(msg, field.name, value)  # dateTime and decimal: their lexical strings

    def fill_struct(self, msg, value):
        msg.SetInParent()
        for name, kind in STRUCT_MEMBERS:
            self.fill(msg, self.field(msg.DESCRIPTOR, name), kind, value[name])

    def read(self, msg, field, kind):
        """msg.<field> (of the XSD type named kind) in plain form."""
        if kind in ARRAY_ITEM:
            if not msg.HasField(field.name):
                return None
            array = getattr(msg, field.name)
            item = self.array_item(array.DESCRIPTOR)
            return [self.read_value(ARRAY_ITEM[kind], v) for v in getattr(array, item.name)]
        if kind == "SOAPStruct" and not msg.HasField(field.name):
            return None
        return self.read_value(kind, getattr(msg, field.name))

    def read_value(self, kind, value):
        if kind == "SOAPStruct":
            return {name: self.read(value, self.field(value.DESCRIPTOR, name), member)
                    for name, member in STRUCT_MEMBERS}
        if kind == "decimal":
            self.assertTrue(CANONICAL_DECIMAL.fullmatch(value), "decimal %r is not canonical"
                            % value)
        if kind == "dateTime":
            self.assertIsInstance(value, str)
        if kind in ("base64Binary", "hexBinary"):
            self.assertIsInstance(value, bytes)
        return plain(kind, value)

    def call(self, operation, value):
        """Calls operation's method with value (plain form); returns the reply's value."""
        in_part, out_part, kind = OPERATIONS[operation]
        method = self.method(operation)
        self.assertEqual(method.input_type.name, pascal_case(operation) + "Request")
        self.assertEqual(method.output_type.name, pascal_case(operation) + "Response")
        request = self.pb2_message(method.input_type)()
        if kind is not None:
            self.fill(request, self.field(method.input_type, in_part), kind, value)
        reply = getattr(self.stub, method.name)(request, timeout=CALL_TIMEOUT)
        if kind is None:
            self.assertEqual(reply.ListFields(), [])
            return None
        return self.read(reply, self.field(method.output_type, out_part), kind)

    @staticmethod
    def pb2_message(desc):
        return symbol_database.Default().GetSymbol(desc.full_name)

    def exchange(self, case):
        got = self.call(case.operation, case.value)
        self.assertEqual(got, expected(case), "through Dragoman vs the request")
        self.assertEqual(got if case.zeep_sees is SAME else expected_from_zeep(case),
                         PHP.oracle.call(case.operation, case.value),
                         "through Dragoman vs zeep calling PHP")

    # -- the tests -----------------------------------------------------------------------------

    def test_every_operation_is_a_method(self):
        for operation in OPERATIONS:
            with self.subTest(operation=operation):
                method = self.method(operation)
                soap = method.GetOptions().Extensions[self.options_pb2.soap_operation]
                self.assertEqual(soap.name, operation)
        self.assertEqual(len(self.service.methods), len(OPERATIONS))

    def test_every_value_comes_back(self):
        for case in CASES:
            with self.subTest(operation=case.operation, value=case.value):
                self.exchange(case)

    def test_shared_struct_reply_comes_back_whole(self):
        """PHP's reply: item 1 inline with id="ref1", item 3 <item href="#ref1"/>."""
        self.exchange(SHARED)


def main():
    parser = e2e_support.common_parser(__doc__.split("\n")[0])
    parser.add_argument("--corpus-dir", default=os.environ.get("DRAGOMAN_CORPUS_DIR",
                                                                DEFAULT_CORPUS),
                        help="../shared/corpus (env DRAGOMAN_CORPUS_DIR; default: %s)"
                             % DEFAULT_CORPUS)
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    return e2e_support.run_tests("php-interop-e2e", SETTINGS, unittest_args)


if __name__ == "__main__":
    sys.exit(main())
