#!/usr/bin/python3
"""zeep, a third-party SOAP stack, reads every envelope Dragoman's corpus translators write.

What it proves
    For every method of every corpus WSDL and of the test schemas, the request and the reply
    that Dragoman's compiled translator writes for the mock's schema-valid samples are read
    without error by zeep (strict mode) using the same WSDL: element names, namespaces, order,
    occurrence, types and SOAP headers are what a mature independent stack expects.

Running it
    /usr/bin/python3 tests/conformance/zeep_reads_samples.py --roundtrip-test BIN \\
        [--roundtrip-test BIN2 ...] --corpus-dir ../shared/corpus --source-dir . \\
        [--known-failures FILE]

    Each BIN (conformance_corpus_roundtrip_test, sample_message_test) is run with
    DRAGOMAN_SAMPLE_DUMP to write the envelopes (one JSON object per line: wsdl, service, port,
    operation, request, reply) and DRAGOMAN_SOURCE_DIR to find the test schemas.

How it judges
    A WSDL zeep itself cannot load (it references what it never defines, or needs a schema
    zeep would fetch from the network), or one with constructs zeep misreads (shown there by a
    minimal valid document zeep rejects), is listed in the known-failures file with the
    reason; its envelopes are not judged. Every other envelope must deserialize. A listed WSDL
    whose envelopes zeep now all reads, or a failure not listed, fails the test. The last line printed is
    "zeep-reads-samples: N envelopes read, N WSDLs zeep cannot load, N failures".
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

import lxml.etree  # noqa: E402
import zeep  # noqa: E402

import e2e_support  # noqa: E402


def read_known(path):
    """WSDL path relative to corpus/wsdl -> reason, from '<path> | <reason>' lines."""
    known = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    name, _, reason = line.partition(" | ")
                    known[name.strip()] = reason.strip()
    return known


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--roundtrip-test", required=True, action="append")
    parser.add_argument("--source-dir", default=os.path.join(HERE, "..", ".."))
    parser.add_argument("--corpus-dir", required=True)
    parser.add_argument("--known-failures", default=os.path.join(HERE, "zeep_known_failures.txt"))
    args = parser.parse_args()
    corpus_wsdl = os.path.realpath(os.path.join(args.corpus_dir, "wsdl"))

    samples = []
    with tempfile.TemporaryDirectory(prefix="dragoman-zeep-") as work:
        for index, binary in enumerate(args.roundtrip_test):
            dump = os.path.join(work, "samples%d.jsonl" % index)
            env = dict(os.environ, DRAGOMAN_SAMPLE_DUMP=dump,
                       DRAGOMAN_SOURCE_DIR=os.path.realpath(args.source_dir))
            run = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=300)
            if run.returncode != 0:
                print(run.stdout[-4000:], run.stderr[-4000:])
                print("zeep-reads-samples: %s itself failed" % binary)
                return 1
            with open(dump) as f:
                samples.extend(json.loads(line) for line in f)
    source = os.path.realpath(args.source_dir)

    known = read_known(args.known_failures)
    transport = e2e_support.offline_zeep_transport(args.corpus_dir)
    clients, unloadable, failures = {}, {}, []
    read = 0
    warnings.simplefilter("ignore")  # zeep warns about the schema mistakes it reads past
    for sample in samples:
        real = os.path.realpath(sample["wsdl"])
        wsdl = os.path.relpath(real, corpus_wsdl if real.startswith(corpus_wsdl) else source)
        if wsdl in unloadable:
            continue
        try:
            if wsdl not in clients:
                clients[wsdl] = zeep.Client(sample["wsdl"], transport=transport)
            port = clients[wsdl].wsdl.services[sample["service"]].ports[sample["port"]]
            operation = port.binding.get(sample["operation"])
        except Exception as error:  # zeep's own limits: recorded, not judged
            unloadable[wsdl] = "%s: %s" % (type(error).__name__, str(error).splitlines()[0])
            continue
        for kind, message in (("request", operation.input), ("reply", operation.output)):
            if not sample[kind]:
                continue
            try:
                message.deserialize(lxml.etree.fromstring(sample[kind].encode()))
                read += 1
            except Exception as error:
                failures.append((wsdl, "%s %s %s: %s: %s" % (wsdl, sample["operation"], kind,
                                                             type(error).__name__, error)))

    problems = [text for wsdl, text in failures if wsdl not in known]
    excused = {wsdl for wsdl, _ in failures} | set(unloadable)
    for wsdl, reason in sorted(unloadable.items()):
        if wsdl not in known:
            problems.append("zeep cannot load %s (add it to %s if zeep is at fault): %s"
                            % (wsdl, args.known_failures, reason))
    for wsdl in sorted(known):
        if wsdl not in excused:
            problems.append("UNEXPECTED: zeep now reads every envelope of %s; remove it from %s"
                            % (wsdl, args.known_failures))
    for problem in problems:
        print(problem)
    print("zeep-reads-samples: %d envelopes read, %d WSDLs zeep cannot load or misreads, "
          "%d failures" % (read, len(excused), len(problems)))
    return 1 if problems or read == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
