#!/usr/bin/python3
"""End-to-end: the command line of `dragoman` and `dragoman-gen`, as a user meets it.

What it proves
    - `--help` of every subcommand (and of the bare commands) prints usage and exits 0; no
      subcommand, or an unknown option, exits non-zero with the complaint on stderr.
    - `dragoman methods` lists the bank's methods on both ports.
    - `dragoman check-config` on a valid config (snake_case and lowerCamelCase keys, a
      service route and a method route overriding it, a route timeout) prints every method
      with its backend and timeout; on an unknown key it fails naming the key's path and
      suggesting the right one; on a route naming a missing backend it fails naming both.
    - `dragoman serve -c` with a bad or missing config exits non-zero at once (within 30 s on
      a loaded machine) and never starts listening.
    - `dragoman mock --service no.such.Service` fails listing the services it has.
    - `dragoman-gen wsdl` writes bank.proto for schemas/bank/bank.wsdl, and refuses
      tests/e2e/data/document_encoded.wsdl (document style with use="encoded") with a message
      naming the construct and file:line, writing nothing.
    - `dragoman-gen copybook` writes loancalc.proto for schemas/loans (service, program,
      reply rules), and a manifest naming a record the copybook lacks fails naming the entry.
    - `dragoman check-config` accepts a framed backend and lists the loans method; a backend
      that is both soap and framed is refused.

Running it
    /usr/bin/python3 tests/e2e/test_cli.py --dragoman BIN --dragoman-gen GEN_BIN \\
        [unittest arguments, e.g. -v]

    Each option may come from the environment instead (ctest passes them): DRAGOMAN_BIN,
    DRAGOMAN_GEN_BIN. The last line printed is "cli: N passed, N failed, N skipped".
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import unittest

import e2e_support

HERE = os.path.dirname(os.path.abspath(__file__))
DOCUMENT_ENCODED_WSDL = os.path.join(HERE, "data", "document_encoded.wsdl")
BANK_WSDL = os.path.join(e2e_support.REPO_ROOT, "schemas", "bank", "bank.wsdl")
LOANS_COPYBOOK = os.path.join(e2e_support.REPO_ROOT, "schemas", "loans", "loancalc.cpy")
LOANS_MANIFEST = os.path.join(e2e_support.REPO_ROOT, "schemas", "loans",
                              "loancalc.manifest.yaml")
BANK = "example.dragoman.bank"
BANK_OPERATIONS = ("GetAccount", "ListTransactions", "Transfer", "CloseAccount", "Ping")
# A command that should end at once gets this long on a loaded machine before it counts as hung.
COMMAND_TIMEOUT = 30.0

# Filled in by main() from the command line or the environment.
SETTINGS = argparse.Namespace(dragoman=None, dragoman_gen=None, log_dir=None)

VALID_CONFIG = """\
listen: {grpc: "127.0.0.1:0"}
backends:
  - name: core11
    soap: {endpoints: ["http://127.0.0.1:9/bank"], connect_timeout: 1s}
  - name: core12
    soap: {endpoints: ["http://127.0.0.1:9/bank"], readTimeout: 5s}
routes:
  - {match: example.dragoman.bank.BankPort, backend: core11}
  - {match: example.dragoman.bank.BankPort12, backend: core12, timeout: 5s}
  - {match: example.dragoman.bank.BankPort12/Ping, backend: core11}
"""


def run(argv, timeout=COMMAND_TIMEOUT):
    """Runs a command to its end; its output as text. A hang fails the test."""
    try:
        return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise AssertionError("%s still running after %.0f s" % (" ".join(argv), timeout)) from None


class CliTestCase(unittest.TestCase):
    def setUp(self):
        work = tempfile.TemporaryDirectory(prefix="dragoman-cli-")
        self.addCleanup(work.cleanup)
        self.work_dir = work.name

    def write(self, name, text):
        path = os.path.join(self.work_dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def assertFails(self, result, *expected_in_stderr):
        """A non-zero exit, nothing claimed on stdout, and each text in stderr."""
        self.assertNotEqual(result.returncode, 0, "exit status\nstdout: %s\nstderr: %s"
                            % (result.stdout, result.stderr))
        for text in expected_in_stderr:
            self.assertIn(text, result.stderr)


class Help(CliTestCase):
    def test_help_of_every_command_exits_0(self):
        commands = [[SETTINGS.dragoman]] + [
            [SETTINGS.dragoman, sub] for sub in ("serve", "check-config", "mock", "methods",
                                                 "records", "openapi")] + [
            [SETTINGS.dragoman, "records", "decode"], [SETTINGS.dragoman, "records", "encode"],
            [SETTINGS.dragoman_gen], [SETTINGS.dragoman_gen, "wsdl"],
            [SETTINGS.dragoman_gen, "copybook"]]
        for command in commands:
            with self.subTest(command=" ".join(os.path.basename(c) for c in command)):
                result = run(command + ["--help"])
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("Usage", result.stdout)

    def test_usage_errors_exit_non_zero(self):
        for args in ([], ["check-config"], ["check-config", "-c", os.devnull, "--no-such-flag"]):
            with self.subTest(args=args):
                result = run([SETTINGS.dragoman] + args)
                self.assertFails(result)
                self.assertTrue(result.stderr.strip(), "the complaint is on stderr")

    def test_methods_lists_the_bank_on_both_ports(self):
        result = run([SETTINGS.dragoman, "methods"])
        self.assertEqual(result.returncode, 0, result.stderr)
        listed = set(result.stdout.split())
        for service in ("BankPort", "BankPort12"):
            for operation in BANK_OPERATIONS:
                self.assertIn("/%s.%s/%s" % (BANK, service, operation), listed)


class CheckConfig(CliTestCase):
    def test_valid_config_prints_every_route(self):
        result = run([SETTINGS.dragoman, "check-config", "-c", self.write("ok.yaml", VALID_CONFIG)])
        self.assertEqual(result.returncode, 0, result.stderr)
        routes = {m["method"]: (m["backend"], int(m["ms"])) for m in re.finditer(
            r"(?m)^\s*(?P<method>/\S+) -> (?P<backend>\S+) \(timeout (?P<ms>\d+) ms\)$",
            result.stdout)}
        want = {}
        for operation in BANK_OPERATIONS:
            want["/%s.BankPort/%s" % (BANK, operation)] = ("core11", 30000)  # the default
            want["/%s.BankPort12/%s" % (BANK, operation)] = ("core12", 5000)
        want["/%s.BankPort12/Ping" % BANK] = ("core11", 30000)  # the method route wins
        self.assertEqual(routes, want, result.stdout)

    def test_unknown_key_names_its_path_and_the_right_key(self):
        config = VALID_CONFIG.replace('soap: {endpoints: ["http://127.0.0.1:9/bank"], readTimeout',
                                      'soap: {endpoint: ["http://127.0.0.1:9/bank"], readTimeout')
        self.assertNotEqual(config, VALID_CONFIG)
        result = run([SETTINGS.dragoman, "check-config", "-c", self.write("typo.yaml", config)])
        self.assertFails(result, "backends[1].soap.endpoint", "did you mean 'endpoints'")

    def test_route_to_a_missing_backend_names_both(self):
        config = VALID_CONFIG.replace("BankPort12, backend: core12", "BankPort12, backend: core13")
        self.assertNotEqual(config, VALID_CONFIG)
        result = run([SETTINGS.dragoman, "check-config", "-c", self.write("orphan.yaml", config)])
        self.assertFails(result, "routes[1].backend", "core13")

    def test_a_framed_backend_routes_the_copybook_service(self):
        config = VALID_CONFIG.replace("routes:", """  - name: loans
    framed: {endpoints: ["127.0.0.1:9"], framing: {kind: LENGTH_PREFIX, header: true}}
routes:
  - {match: example.dragoman.loans.LoanService, backend: loans}""")
        result = run([SETTINGS.dragoman, "check-config", "-c", self.write("loans.yaml", config)])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("/example.dragoman.loans.LoanService/QuoteLoan -> loans", result.stdout)
        both = config.replace('    framed: {', '    soap: {endpoints: ["http://127.0.0.1:9/x"]}\n'
                                                '    framed: {')
        result = run([SETTINGS.dragoman, "check-config", "-c", self.write("both.yaml", both)])
        self.assertFails(result, "backends[2]", "exactly one of soap or framed")


class Serve(CliTestCase):
    def test_bad_config_exits_non_zero_without_listening(self):
        typo = self.write("typo.yaml", VALID_CONFIG.replace("routes:", "route:"))
        missing = os.path.join(self.work_dir, "missing.yaml")
        for config, complaint in ((typo, "route"), (missing, "missing.yaml")):
            with self.subTest(config=os.path.basename(config)):
                result = run([SETTINGS.dragoman, "serve", "-c", config])
                self.assertFails(result, complaint)
                self.assertNotIn("msg=listening", result.stdout + result.stderr)


class Mock(CliTestCase):
    def test_unknown_service_lists_the_available_ones(self):
        result = run([SETTINGS.dragoman, "mock", "--service", "no.such.Service",
                      "--listen", "127.0.0.1:0"])
        self.assertFails(result, "no.such.Service", "%s.BankPort\n" % BANK,
                         "%s.BankPort12" % BANK)


class Generator(CliTestCase):
    def test_bank_wsdl_becomes_an_annotated_proto(self):
        out = os.path.join(self.work_dir, "out")
        result = run([SETTINGS.dragoman_gen, "wsdl", BANK_WSDL, "--out", out])
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(out, "bank.proto")) as f:
            proto = f.read()
        for service in ("BankPort", "BankPort12"):
            self.assertRegex(proto, r"(?m)^service %s \{" % service)

    def test_unsupported_construct_is_refused_naming_it_and_its_line(self):
        with open(DOCUMENT_ENCODED_WSDL) as f:
            lines = f.read().splitlines()
        body = next(n for n, line in enumerate(lines, 1) if 'use="encoded"' in line)
        out = os.path.join(self.work_dir, "out")
        result = run([SETTINGS.dragoman_gen, "wsdl", DOCUMENT_ENCODED_WSDL, "--out", out])
        self.assertFails(result, 'use="encoded"')
        self.assertRegex(result.stderr, r"document_encoded\.wsdl:%d\b" % body)
        written = [name for _, _, names in os.walk(out) for name in names]
        self.assertEqual(written, [], "nothing is written for a refused WSDL")


class CopybookGenerator(CliTestCase):
    def test_loancalc_becomes_an_annotated_proto(self):
        out = os.path.join(self.work_dir, "out")
        result = run([SETTINGS.dragoman_gen, "copybook", LOANS_COPYBOOK, "--manifest",
                      LOANS_MANIFEST, "--out", out])
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(out, "loancalc.proto")) as f:
            proto = f.read()
        self.assertRegex(proto, r"(?m)^service LoanService \{")
        self.assertIn('program: "LOANCALC" transaction: "LNQT"', proto)
        self.assertIn('name: "LC-PRINCIPAL"', proto)

    def test_a_manifest_naming_a_missing_record_fails_naming_the_entry(self):
        manifest = self.write("bad.manifest.yaml",
                              "methods: [{program: P, request: NO-SUCH-RECORD, "
                              "reply: LOAN-COMMAREA}]\n")
        out = os.path.join(self.work_dir, "out")
        result = run([SETTINGS.dragoman_gen, "copybook", LOANS_COPYBOOK, "--manifest", manifest,
                      "--out", out])
        self.assertFails(result, "methods[0]", "NO-SUCH-RECORD")


def main():
    parser = e2e_support.common_parser(__doc__.split("\n")[0], protos=False)
    parser.add_argument("--dragoman-gen", default=os.environ.get("DRAGOMAN_GEN_BIN"),
                        help="the dragoman-gen binary (env DRAGOMAN_GEN_BIN)")
    unittest_args = e2e_support.parse_settings(parser, SETTINGS)
    return e2e_support.run_tests("cli", SETTINGS, unittest_args)


if __name__ == "__main__":
    sys.exit(main())
