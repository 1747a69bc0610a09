"""Helpers shared by the end-to-end tests in this directory and by scripts/demo_client.py.

Child processes
    Process starts a command with its stdout and stderr in a log file and waits for a line of
    that log (a "listening" line) without ever blocking on a pipe; stop() ends it (SIGTERM,
    then SIGKILL). start_dragoman() and start_mock() start the two server subcommands on port 0
    and return the port each one logged; wait_for_channel() waits until gRPC answers.
    For a third-party server that cannot listen on port 0 (php -S), free_loopback_port() picks
    a port and wait_for_http() waits until a URL answers. LoopbackHttpServer is the base of
    the tests' own small HTTP peers (slow or recording legacy services).

Protos
    find_proto() finds a generated .proto, compile_protos() runs protoc --python_out and
    --grpc_python_out over it, everything it imports and dragoman/errors.proto, and
    load_generated() imports the result.

Status details
    status_details() reads the dragoman.RpcStatus (wire-compatible with google.rpc.Status) from
    a failed call's grpc-status-details-bin trailer; assert_call_fails() checks a call fails
    with a given code and such a status; unpack_details() and detail_messages() open the
    google.protobuf.Any values inside it.

zeep
    offline_zeep_transport() is a zeep.Transport for loopback peers: no proxy from the
    environment, bounded timeouts, and well-known schemas that WSDLs reference by namespace
    only (zeep auto-imports SOAP-ENC from schemas.xmlsoap.org) read from the corpus instead
    of the network; any other non-loopback URL is refused.

Running a test file
    common_parser() declares the command-line options every e2e test takes (each also read
    from the environment, as ctest passes them); run_tests() runs unittest in __main__, prints
    the last lines of every log on failure and ends with "<label>: N passed, N failed,
    N skipped" (expected failures, i.e. known product bugs, are counted as skipped and listed).

Everything here must run under /usr/bin/python3: Debian's python3-grpcio and python3-protobuf
are installed for that interpreter only.
"""

import argparse
import glob
import http.server
import importlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import grpc
from google.protobuf import descriptor_pb2, symbol_database

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
REPO_PROTO_DIR = os.path.join(REPO_ROOT, "proto")
PYTHON = "/usr/bin/python3"
GRPC_PLUGIN = "/usr/bin/grpc_python_plugin"
PROTOC = "/usr/bin/protoc" if os.path.exists("/usr/bin/protoc") else "protoc"
# google/api/annotations.proto (google.api.http), as Debian ships it with grpc-gateway.
GOOGLEAPIS_DIR = os.environ.get(
    "DRAGOMAN_GOOGLEAPIS_DIR",
    "/usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis")
# Generous: the test machine may be a loaded 2-core box shared with compilers.
STARTUP_TIMEOUT = 30.0
CALL_TIMEOUT = 10.0
# Never route loopback calls through a proxy from the environment.
CHANNEL_OPTIONS = [("grpc.enable_http_proxy", 0)]


# -- child processes ---------------------------------------------------------------------------

def tail(path, lines=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


class Process:
    """A child process whose stdout and stderr go to log_path (env: its environment, by
    default this process's)."""

    def __init__(self, argv, log_path, env=None):
        self.argv = list(argv)
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.popen = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=log,
                                          stderr=subprocess.STDOUT, env=env)

    @property
    def pid(self):
        return self.popen.pid

    def poll(self):
        return self.popen.poll()

    def log_text(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def wait_for_log(self, pattern, timeout=STARTUP_TIMEOUT):
        """Polls the log until a line matches pattern (a regex); returns the match.

        Raises RuntimeError, with the end of the log, when the process exits first or timeout
        seconds pass.
        """
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            exited = self.poll() is not None  # read the log after: its last lines count
            for line in self.log_text().splitlines():
                match = regex.search(line)
                if match:
                    return match
            if exited or time.monotonic() > deadline:
                raise RuntimeError("%s: no log line matching %r (%s):\n%s" % (
                    " ".join(self.argv[:2]), pattern,
                    "exit status %s" % self.poll() if exited else "%.0f s passed" % timeout,
                    tail(self.log_path)))
            time.sleep(0.05)

    def kill(self):
        """SIGKILL, as a crash would; waits until the process is gone."""
        if self.poll() is None:
            self.popen.kill()
        self.popen.wait(timeout=10)

    def stop(self):
        """SIGTERM, then SIGKILL after 5 s."""
        if self.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()


LISTEN_LINE = r"msg=listening grpc=(?P<host>[^\s:]+):(?P<port>\d+)"
MOCK_LINE = r'msg="mock listening" .*\b(?:http|tcp)=(?P<host>[^\s:]+):(?P<port>\d+)'


class LoopbackHttpServer(http.server.ThreadingHTTPServer):
    """An HTTP/1.1 server on a free loopback port, serving on a thread of its own from
    construction until shutdown(); subclasses give their handler's do_* methods through
    `handler`, a BaseHTTPRequestHandler subclass (keep-alive, no request log lines)."""

    daemon_threads = True

    def __init__(self, handler):
        class Handler(handler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self):
        return self.server_address[1]


def start_dragoman(dragoman, config_path, log_path, timeout=STARTUP_TIMEOUT):
    """`dragoman serve -c config_path`; returns (Process, "127.0.0.1:port") once it listens.

    The config should listen on port 0; the port is read from the "msg=listening" log line.
    """
    proc = Process([dragoman, "serve", "-c", config_path], log_path)
    try:
        match = proc.wait_for_log(LISTEN_LINE, timeout)
    except BaseException:
        proc.stop()
        raise
    return proc, "%s:%s" % (match["host"], match["port"])


def start_mock(dragoman, service, examples, log_path, timeout=STARTUP_TIMEOUT):
    """`dragoman mock` for service on a free loopback port; returns (Process, port)."""
    argv = [dragoman, "mock", "--service", service, "--listen", "127.0.0.1:0"]
    if examples:
        argv += ["--examples", examples]
    proc = Process(argv, log_path)
    try:
        match = proc.wait_for_log(MOCK_LINE, timeout)
    except BaseException:
        proc.stop()
        raise
    return proc, int(match["port"])


def wait_for_channel(target, proc, timeout=STARTUP_TIMEOUT):
    """A gRPC channel to target, once it is ready; fails early if proc exits."""
    channel = grpc.insecure_channel(target, options=CHANNEL_OPTIONS)
    ready = grpc.channel_ready_future(channel)
    deadline = time.monotonic() + timeout
    while True:
        try:
            ready.result(timeout=0.25)
            return channel
        except grpc.FutureTimeoutError:
            if proc.poll() is not None or time.monotonic() > deadline:
                ready.cancel()
                channel.close()
                raise RuntimeError("nothing serves gRPC on %s (exit status %s):\n%s"
                                   % (target, proc.poll(), tail(proc.log_path))) from None


def free_loopback_port():
    """A TCP port free on 127.0.0.1 right now (another process may take it before it is used:
    callers retry on "address in use")."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url, proc, timeout=STARTUP_TIMEOUT):
    """Waits until GET url answers 200 (never through a proxy); returns the body as bytes.

    Raises RuntimeError, with the end of proc's log, when proc exits first or timeout seconds
    pass.
    """
    import urllib.error
    import urllib.request
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            with opener.open(url, timeout=2) as reply:
                if reply.status == 200:
                    return reply.read()
                last_error = "status %d" % reply.status
        except (OSError, urllib.error.URLError) as err:
            last_error = err
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("%s does not answer (%s; exit status %s):\n%s"
                               % (url, last_error, proc.poll(), tail(proc.log_path)))
        time.sleep(0.1)


# -- protos ------------------------------------------------------------------------------------

def find_proto(proto_dir, prefix):
    """The one .proto under proto_dir whose file name starts with prefix and declares a service."""
    found = []
    for root, _, names in sorted(os.walk(proto_dir)):
        for name in sorted(names):
            if name.startswith(prefix) and name.endswith(".proto"):
                path = os.path.join(root, name)
                with open(path) as f:
                    if re.search(r"^\s*service\s+\w+", f.read(), re.MULTILINE):
                        found.append(path)
    if len(found) != 1:
        raise LookupError("expected one %s*.proto with a service under %s, found %s"
                          % (prefix, proto_dir, found or "none"))
    return found[0]


def compile_protos(proto_file, proto_dir, options_dir, out_dir):
    """Compiles proto_file, what it imports and dragoman/errors.proto into out_dir.

    proto_file lies under proto_dir; options_dir holds dragoman/options.proto and errors.proto.
    Returns the Python module name of proto_file's _pb2 module.
    """
    includes = ["-I", proto_dir, "-I", options_dir]
    if os.path.isdir(GOOGLEAPIS_DIR):
        includes += ["-I", GOOGLEAPIS_DIR]
    rel = os.path.relpath(proto_file, proto_dir)
    closure_file = os.path.join(out_dir, "closure.pb")
    subprocess.run([PROTOC, *includes, "--include_imports", "--descriptor_set_out=" +
                    closure_file, rel], check=True, timeout=60)
    with open(closure_file, "rb") as f:
        closure = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    files = {fd.name for fd in closure.file if not fd.name.startswith("google/protobuf/")}
    files.add("dragoman/errors.proto")
    subprocess.run([PROTOC, *includes, "--python_out=" + out_dir,
                    "--grpc_python_out=" + out_dir,
                    "--plugin=protoc-gen-grpc_python=" + GRPC_PLUGIN, *sorted(files)],
                   check=True, timeout=60)
    # Regular packages, so no installed package of the same name can shadow them; except
    # google/, which must stay a portion of the installed google namespace package (google.api
    # beside google.protobuf).
    google_dir = os.path.join(out_dir, "google")
    for root, _, names in os.walk(out_dir):
        if root in (out_dir, google_dir) or "__init__.py" in names:
            continue
        open(os.path.join(root, "__init__.py"), "w").close()
    return rel[:-len(".proto")].replace("-", "_").replace("/", ".") + "_pb2"


def load_generated(out_dir, module):
    """Imports module and module_grpc from out_dir (put first on sys.path); returns both."""
    if out_dir not in sys.path:
        sys.path.insert(0, out_dir)
    return importlib.import_module(module), importlib.import_module(module + "_grpc")


# -- status details ----------------------------------------------------------------------------

STATUS_DETAILS_KEY = "grpc-status-details-bin"


def status_details(err, errors_pb2):
    """The dragoman.RpcStatus in a failed call's trailers, or None when there is none."""
    trailers = dict(err.trailing_metadata() or ())
    if STATUS_DETAILS_KEY not in trailers:
        return None
    return errors_pb2.RpcStatus.FromString(trailers[STATUS_DETAILS_KEY])


def assert_call_fails(test, code, errors_pb2, call, *args, **kwargs):
    """call(*args, **kwargs) must fail with code and a dragoman.RpcStatus of the same code in
    its trailers; returns (the grpc.RpcError, the RpcStatus). test is the unittest.TestCase."""
    with test.assertRaises(grpc.RpcError) as raised:
        call(*args, **kwargs)
    err = raised.exception
    test.assertEqual(err.code(), code, err.details())
    status = status_details(err, errors_pb2)
    test.assertIsNotNone(status, "no %s trailer" % STATUS_DETAILS_KEY)
    test.assertEqual(status.code, code.value[0])
    return err, status


def unpack_details(status, message_class):
    """Every detail of message_class's type in status, unpacked."""
    found = []
    for detail in status.details:
        if detail.Is(message_class.DESCRIPTOR):
            message = message_class()
            detail.Unpack(message)
            found.append(message)
    return found


def detail_messages(status):
    """(type name, unpacked message or None when the type is not compiled here) per detail."""
    db = symbol_database.Default()
    for detail in status.details:
        name = detail.type_url.rpartition("/")[2]
        try:
            message = db.GetSymbol(name)()
        except KeyError:
            yield name, None
            continue
        detail.Unpack(message)
        yield name, message


# -- zeep --------------------------------------------------------------------------------------

# Well-known schemas zeep would fetch from the network, and their copies in ../shared/corpus.
WELL_KNOWN_SCHEMAS = {
    "http://schemas.xmlsoap.org/soap/encoding/": os.path.join("wsdl", "zeep", "soap-enc.xsd"),
}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def offline_zeep_transport(corpus_dir, timeout=CALL_TIMEOUT):
    """A zeep.Transport that never leaves the machine (see the module documentation).

    corpus_dir is ../shared/corpus (the --corpus-dir option of the tests that take it).
    """
    import requests  # only the tests that use zeep need these
    import urllib.parse
    import zeep

    class OfflineTransport(zeep.Transport):
        def load(self, url):
            local = WELL_KNOWN_SCHEMAS.get(url)
            if local is not None:
                with open(os.path.join(corpus_dir, local), "rb") as f:
                    return f.read()
            parsed = urllib.parse.urlparse(url)
            if parsed.scheme in ("http", "https") and parsed.hostname not in LOOPBACK_HOSTS:
                raise IOError("refusing to fetch %s: tests run without network access" % url)
            return super().load(url)

    session = requests.Session()
    session.trust_env = False  # loopback only, never through a proxy
    return OfflineTransport(session=session, timeout=timeout, operation_timeout=timeout)


# -- running a test file -----------------------------------------------------------------------

def common_parser(description, protos=True):
    """Options every e2e test takes: --dragoman and, with protos, the proto directories."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dragoman", default=os.environ.get("DRAGOMAN_BIN"),
                        help="the dragoman binary (env DRAGOMAN_BIN)")
    if protos:
        parser.add_argument("--proto-dir", default=os.environ.get("DRAGOMAN_PROTO_DIR"),
                            help="where the generated .proto files are (env DRAGOMAN_PROTO_DIR)")
        parser.add_argument("--options-proto-dir",
                            default=os.environ.get("DRAGOMAN_OPTIONS_PROTO_DIR", REPO_PROTO_DIR),
                            help="holds dragoman/options.proto and errors.proto "
                                 "(env DRAGOMAN_OPTIONS_PROTO_DIR; default: the repository's "
                                 "proto/)")
    return parser


def parse_settings(parser, settings):
    """Parses the known options into settings (a Namespace); returns unittest's arguments.

    Every option is required (from the command line or its environment variable).
    """
    args, unittest_args = parser.parse_known_args()
    for name, value in vars(args).items():
        if not value:
            parser.error("--%s (or its environment variable) is required" % name.replace("_", "-"))
    settings.__dict__.update(vars(args))
    return unittest_args


def run_tests(label, settings, unittest_args):
    """Runs the tests of __main__ with settings.log_dir set; prints the summary; returns 0/1."""
    with tempfile.TemporaryDirectory(prefix="dragoman-%s-logs-" % label) as log_dir:
        settings.log_dir = log_dir
        program = unittest.main(module="__main__", argv=[sys.argv[0], *unittest_args],
                                exit=False)
        result = program.result
        if not result.wasSuccessful():
            for path in sorted(glob.glob(os.path.join(log_dir, "**", "*.log"), recursive=True)):
                text = tail(path)
                if text:
                    sys.stderr.write("---- last lines of %s ----\n%s"
                                     % (os.path.relpath(path, log_dir), text))
    for test, _ in result.expectedFailures:
        print("expected failure (known product bug): %s" % test.id())
    # Tests, not subtests: a test with three failing subtests is one failed test. A failing
    # setUpClass is one failure too (its tests do not run, so testsRun leaves them out).
    failed = {getattr(test, "test_case", test).id() for test, _ in
              (*result.failures, *result.errors)} | {t.id() for t in result.unexpectedSuccesses}
    ran_and_failed = {test_id for test_id in failed if not test_id.startswith("setUp")
                      and not test_id.startswith("tearDown")}
    skipped = len(result.skipped) + len(result.expectedFailures)
    passed = max(0, result.testsRun - len(ran_and_failed) - skipped)
    print("%s: %d passed, %d failed, %d skipped" % (label, passed, len(failed), skipped))
    return 0 if result.wasSuccessful() else 1
