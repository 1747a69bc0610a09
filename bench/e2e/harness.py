#!/usr/bin/python3
"""The end-to-end benchmark harness: Dragoman's cost against the unavoidable parts, side by side.

Starts on loopback a fast SOAP backend (nginx answering every POST with the bank's canned
GetAccount reply envelope; optionally Dragoman's own mock too) and, in one run, drives each arm
with the same load generator (bench/e2e/loadgen.cc) pinned to the other core:

  direct         client --SOAP--> nginx backend
  nginx-hop      client --SOAP--> nginx proxy --> nginx backend
  haproxy-hop    client --SOAP--> HAProxy --> nginx backend
  bare-grpc      client --gRPC--> a bare gRPC server answering the same reply bytes at once
  dragoman-grpc  client --gRPC--> Dragoman --SOAP--> nginx backend
  dragoman-http  client --HTTP/JSON (Connect)--> Dragoman --SOAP--> nginx backend
  grpc-gateway   client --HTTP/JSON--> grpc-gateway --gRPC--> Dragoman --SOAP--> nginx backend
  mock-direct, dragoman-grpc-mock: the same against `dragoman mock` (with --mock)

Per arm: p50/p99 at one connection (closed loop), p50/p99 at a fixed rate over many
connections (open loop), closed-loop throughput, CPU microseconds per request of the processes
in the middle (from /proc, utime + stime) and of the backend, RSS idle and under load, and the
memory of an idle connection. Then the issue's targets as ratios between arms of this run.
Everything but the load generator runs on CPU 0; the load generator runs on CPU 1.

    /usr/bin/python3 bench/e2e/harness.py --build build/bench [--gateway DIR] [--out FILE]
    /usr/bin/python3 bench/e2e/harness.py --build build/debug --smoke   # a few seconds per arm

Needs nginx and haproxy (Debian packages nginx, haproxy); the grpc-gateway arm needs the
gateway built by bench/e2e/gateway/build.sh (skipped, and said so, without it).
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))


import e2e_support  # noqa: E402

SERVICE = "example.dragoman.bank.BankPort"
METHOD = "/%s/GetAccount" % SERVICE
ACCOUNT = "ACC-1001"
SERVER_CPU = "0"
CLIENT_CPU = "1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- /proc -------------------------------------------------------------------------------------

def process_tree(pid):
    """pid and all its descendants (nginx and HAProxy may fork workers)."""
    pids = [pid]
    for p in pids:
        for task in os.listdir("/proc/%d/task" % p) if os.path.isdir("/proc/%d/task" % p) else []:
            try:
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    pids += [int(c) for c in f.read().split()]
            except OSError:
                pass
    return pids


def cpu_seconds(pids):
    """utime + stime of the processes, all their threads (live and ended) included."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / CLOCK_TICKS


def rss_bytes(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def machine_description():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return "%d x %s, %.0f GiB, Linux %s" % (os.cpu_count(), model, mem_kb / 2**20,
                                           platform.release())


# -- the servers -------------------------------------------------------------------------------

def pinned(argv):
    return ["taskset", "-c", SERVER_CPU, *argv]


class Servers:
    """Every process of the run; stopped together."""

    def __init__(self, work):
        self.work = work
        self.procs = []

    def start(self, name, argv, ready_pattern, timeout=30):
        proc = e2e_support.Process(pinned(argv), os.path.join(self.work, name + ".log"))
        self.procs.append(proc)
        match = proc.wait_for_log(ready_pattern, timeout) if ready_pattern else None
        return proc, match

    def stop_all(self):
        for proc in reversed(self.procs):
            proc.stop()


def nginx_quote(text):
    if "$" in text:
        raise ValueError("the canned reply contains '$', which nginx would read as a variable")
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def start_nginx(servers, name, server_block):
    """One single-process nginx (no master: the same work, one PID to account)."""
    port = e2e_support.free_loopback_port()
    root = os.path.join(servers.work, name)
    os.makedirs(root, exist_ok=True)
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""
daemon off;
master_process off;
worker_processes 1;
pid %(root)s/nginx.pid;
error_log %(root)s/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %(root)s/body;
  proxy_temp_path %(root)s/proxy;
  fastcgi_temp_path %(root)s/fastcgi;
  uwsgi_temp_path %(root)s/uwsgi;
  scgi_temp_path %(root)s/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  client_body_buffer_size 64k;
  server {
    listen 127.0.0.1:%(port)d;
%(block)s
  }
}
""" % {"root": root, "port": port, "block": server_block})
    proc, _ = servers.start(name, ["/usr/sbin/nginx", "-c", conf, "-e",
                                   os.path.join(root, "error.log")], None)
    wait_for_port(port, proc)
    return proc, port


def wait_for_port(port, proc, timeout=20):
    import socket
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nothing listens on %d:\n%s" % (port, e2e_support.tail(
                    proc.log_path)))
            time.sleep(0.05)


def start_haproxy(servers, backend_port):
    port = e2e_support.free_loopback_port()
    conf = os.path.join(servers.work, "haproxy.cfg")
    with open(conf, "w") as f:
        f.write("""
global
  nbthread 1
  maxconn 8192
defaults
  mode http
  timeout connect 5s
  timeout client 300s
  timeout server 30s
  http-reuse always
frontend soap
  bind 127.0.0.1:%d
  default_backend legacy
backend legacy
  server legacy 127.0.0.1:%d
""" % (port, backend_port))
    proc, _ = servers.start("haproxy", ["/usr/sbin/haproxy", "-db", "-f", conf], None)
    wait_for_port(port, proc)
    return proc, port


def start_dragoman(servers, dragoman, name, backend_port, threads, log_level="info"):
    # Ports chosen here: below info, Dragoman does not log the ports it listens on.
    grpc_port, http_port = e2e_support.free_loopback_port(), e2e_support.free_loopback_port()
    conf = os.path.join(servers.work, name + ".yaml")
    with open(conf, "w") as f:
        f.write("""
listen:
  grpc: 127.0.0.1:%d
  http: 127.0.0.1:%d
logging:
  level: %s
backends:
  - name: core-banking
    soap:
      endpoints: ["http://127.0.0.1:%d/bank"]
      read_timeout: 10s
routes:
  - match: %s
    backend: core-banking
    timeout: 10s
""" % (grpc_port, http_port, log_level, backend_port, SERVICE))
    proc, _ = servers.start(name, [dragoman, "serve", "-c", conf, "--threads", str(threads)],
                            None)
    wait_for_port(grpc_port, proc)
    wait_for_port(http_port, proc)
    return proc, grpc_port, http_port


# -- the payloads ------------------------------------------------------------------------------

class Payloads:
    """The exact bytes of one GetAccount call at every hop, captured from a real call."""

    grpc_request = grpc_reply = soap_request = json_request = b""
    soap_path = soap_reply = soap_reply_type = ""
    soap_headers = {}


def capture_payloads(args, work):
    """Runs the call once through Dragoman in front of `dragoman mock` with a recorder between
    them, and keeps what crossed each hop: the SOAP request (body and headers), the SOAP reply,
    the gRPC request and reply, and the Connect JSON request."""
    module = e2e_support.compile_protos(
        e2e_support.find_proto(args.proto_dir, "bank"), args.proto_dir,
        e2e_support.REPO_PROTO_DIR, work)
    bank_pb2, _ = e2e_support.load_generated(work, module)
    payloads = Payloads()
    mock, mock_port = e2e_support.start_mock(
        args.dragoman, SERVICE, os.path.join(REPO, "schemas", "bank", "examples.yaml"),
        os.path.join(work, "capture-mock.log"))
    recorded = {}

    class Handler(e2e_support.http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            request = urllib.request.Request("http://127.0.0.1:%d%s" % (mock_port, self.path),
                                             data=body, headers=dict(self.headers))
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(request, timeout=10) as reply:
                reply_body = reply.read()
                content_type = reply.headers["Content-Type"]
            recorded.update(request_body=body, request_headers=dict(self.headers),
                            reply_body=reply_body, reply_type=content_type, path=self.path)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(reply_body)))
            self.end_headers()
            self.wfile.write(reply_body)

    recorder = e2e_support.LoopbackHttpServer(Handler)
    servers = Servers(work)
    try:
        proc, grpc_port, _ = start_dragoman(servers, args.dragoman, "capture-dragoman",
                                            recorder.port, 1)
        channel = e2e_support.wait_for_channel("127.0.0.1:%d" % grpc_port, proc)
        payloads.grpc_request = bank_pb2.GetAccount(account_id=ACCOUNT).SerializeToString()
        payloads.grpc_reply = channel.unary_unary(METHOD)(payloads.grpc_request, timeout=10)
        channel.close()
    finally:
        servers.stop_all()
        recorder.shutdown()
        mock.stop()
    reply = bank_pb2.GetAccountResponse.FromString(payloads.grpc_reply)
    if ACCOUNT not in str(reply):
        raise RuntimeError("the captured reply does not name %s: %s" % (ACCOUNT, reply))
    payloads.soap_request = recorded["request_body"]
    payloads.soap_path = recorded["path"]
    payloads.soap_headers = {k: v for k, v in recorded["request_headers"].items()
                             if k.lower() in ("content-type", "soapaction")}
    payloads.soap_reply = recorded["reply_body"].decode("utf-8")
    payloads.soap_reply_type = recorded["reply_type"]
    payloads.json_request = json.dumps({"accountId": ACCOUNT}).encode()
    for name, data in (("soap_request.xml", payloads.soap_request),
                       ("soap_reply.xml", recorded["reply_body"]),
                       ("grpc_request.bin", payloads.grpc_request),
                       ("grpc_reply.bin", payloads.grpc_reply),
                       ("json_request.json", payloads.json_request)):
        with open(os.path.join(work, name), "wb") as f:
            f.write(data)
    return payloads


# -- measuring one arm -------------------------------------------------------------------------

class Arm:
    def __init__(self, name, description, protocol, port, path, body_file, headers, expect,
                 middle, backend):
        self.name = name
        self.description = description
        self.protocol = protocol
        self.port = port
        self.path = path
        self.body_file = body_file
        self.headers = headers
        self.expect = expect
        self.middle = middle    # the processes between the client and the backend
        self.backend = backend  # the SOAP backend's process, or None
        self.results = {}


def loadgen_argv(args, arm, extra):
    argv = ["taskset", "-c", CLIENT_CPU, args.loadgen, "--target", "127.0.0.1:%d" % arm.port,
            "--protocol", arm.protocol, "--path", arm.path, "--body", arm.body_file]
    for name, value in arm.headers.items():
        argv += ["--header", "%s: %s" % (name, value)]
    if arm.expect:
        argv += ["--expect", arm.expect]
    return argv + extra


def run_load(args, arm, connections, rate, duration, sample_rss=False):
    """One load generator run; returns its JSON result plus CPU per request and peak RSS."""
    middle = [p for proc in arm.middle for p in process_tree(proc.pid)]
    backend = process_tree(arm.backend.pid) if arm.backend else []
    argv = loadgen_argv(args, arm, ["--connections", str(connections), "--rate", str(rate),
                                    "--warmup", str(args.warmup), "--duration", str(duration)])
    # CPU is counted over the warm-up too, so the requests are counted the same way: the
    # result's rate over the measured window times the whole run.
    cpu_before = cpu_seconds(middle), cpu_seconds(backend)
    started = time.monotonic()
    loadgen = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = 0
    while loadgen.poll() is None:
        if sample_rss:
            peak_rss = max(peak_rss, rss_bytes(middle))
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    out, err = loadgen.communicate()
    cpu_after = cpu_seconds(middle), cpu_seconds(backend)
    cpu_during = cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]
    if loadgen.returncode != 0:
        raise RuntimeError("%s: load generator failed (%d): %s" % (arm.name, loadgen.returncode,
                                                                   err.strip()))
    result = json.loads(out)
    if result["errors"]:
        raise RuntimeError("%s: %d of %d requests failed, first: %s" % (
            arm.name, result["errors"], result["requests"], result["first_error"]))
    if result["requests"] == 0:
        raise RuntimeError("%s: no request completed" % arm.name)
    # Requests over the whole run: the measured window's count scaled by the run's length
    # (warm-up included, start-up of the load generator excluded as best we can).
    requests = result["requests"] * (args.warmup + duration) / duration
    result["middle_cpu_us"] = cpu_during[0] / requests * 1e6
    result["backend_cpu_us"] = cpu_during[1] / requests * 1e6
    result["peak_rss"] = peak_rss
    result["elapsed"] = elapsed
    return result


def idle_connection_memory(args, arm, count):
    """RSS of the middle processes per connection held idle (after one request each)."""
    middle = [p for proc in arm.middle for p in process_tree(proc.pid)]
    before = rss_bytes(middle)
    argv = loadgen_argv(args, arm, ["--idle", str(count), "--hold", "30"])
    loadgen = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = loadgen.stdout.readline()
        if not line.startswith("IDLE"):
            loadgen.wait(timeout=10)
            raise RuntimeError("%s: idle connections failed: %s" % (arm.name,
                                                                    loadgen.stderr.read()))
        time.sleep(0.5)
        after = rss_bytes(middle)
    finally:
        loadgen.kill()
        loadgen.wait()
    return max(0, after - before) / count


def median_of(runs):
    """One result from several runs of the same measurement: the median of every figure, the
    highest peak RSS."""
    merged = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values = sorted(run[key] for run in runs)
            merged[key] = max(values) if key == "peak_rss" else values[len(values) // 2]
    return merged


def measure_round(args, arm, rounds):
    """One round of an arm's latency and CPU runs (see main: rounds interleave the arms)."""
    rounds.setdefault(arm.name, []).append({
        "one": run_load(args, arm, 1, 0, args.duration),
        "rate": run_load(args, arm, args.rate_connections, args.rate, args.duration,
                         sample_rss=True)})


def measure_throughput(args, arm, rounds):
    arm.results["one"] = median_of([r["one"] for r in rounds[arm.name]])
    arm.results["rate"] = median_of([r["rate"] for r in rounds[arm.name]])
    arm.results["closed"] = run_load(args, arm, args.closed_connections, 0, args.duration)
    print("  %-20s p50 %.0f us, %.0f/s, %.1f us CPU per request" % (
        arm.name, arm.results["one"]["p50_us"], arm.results["closed"]["throughput"],
        arm.results["rate"]["middle_cpu_us"]), flush=True)


# -- the report --------------------------------------------------------------------------------

def mb(value):
    return "%.1f MB" % (value / 1e6) if value else "-"


def report(args, arms, skipped):
    lines = []
    lines.append("Machine: %s. Servers on CPU %s, load generator on CPU %s. %s s measured "
                 "per run after %s s warm-up; latency and CPU the median of %d interleaved "
                 "rounds; fixed rate %d req/s over %d connections; closed "
                 "loop over %d connections; %d idle connections; Dragoman's log level %s.%s" % (
                     machine_description(), SERVER_CPU, CLIENT_CPU, args.duration, args.warmup,
                     args.rounds,
                     args.rate, args.rate_connections, args.closed_connections,
                     args.idle_connections, args.log_level, " SMOKE RUN: figures are not meaningful."
                     if args.smoke else ""))
    lines.append("")
    lines.append("| arm | p50 / p99, 1 conn | p50 / p99 at %d/s | throughput (%d conns) | "
                 "CPU us/req at %d/s (middle + backend) | CPU us/req, saturated | "
                 "RSS idle / at %d/s | per idle conn |"
                 % (args.rate, args.closed_connections, args.rate, args.rate))
    lines.append("|---|---|---|---|---|---|---|---|")
    for arm in arms:
        r = arm.results
        lines.append("| %s | %.0f / %.0f us | %.0f / %.0f us | %.0f/s | %s + %.1f | %s | %s / %s "
                     "| %s |"
                     % (arm.name, r["one"]["p50_us"], r["one"]["p99_us"], r["rate"]["p50_us"],
                        r["rate"]["p99_us"], r["closed"]["throughput"],
                        "%.1f" % r["rate"]["middle_cpu_us"] if arm.middle else "-",
                        r["rate"]["backend_cpu_us"],
                        "%.1f" % r["closed"]["middle_cpu_us"] if arm.middle else "-",
                        mb(r["rss_idle"]),
                        mb(r["rate"]["peak_rss"]),
                        "%.1f KB" % (r["per_connection"] / 1e3) if "per_connection" in r
                        else "-"))
    for name, why in skipped:
        lines.append("| %s | skipped: %s | | | | | | |" % (name, why))
    lines.append("")
    lines.append("Arms: " + "; ".join("%s = %s" % (a.name, a.description) for a in arms) + ".")
    lines.append("")
    lines += targets(arms)
    return "\n".join(lines) + "\n"


def targets(arms):
    """The issue's targets as ratios between arms of this run."""
    by_name = {arm.name: arm.results for arm in arms}
    rows = []

    def row(target, value, limit, detail):
        verdict = "met" if value <= limit else "not met"
        rows.append("| %s | %.2f | <= %.2f | %s: %s |" % (target, value, limit, verdict, detail))

    cpu = lambda name: by_name[name]["rate"]["middle_cpu_us"]  # noqa: E731
    busy_cpu = lambda name: by_name[name]["closed"]["middle_cpu_us"]  # noqa: E731
    p50 = lambda name: by_name[name]["one"]["p50_us"]  # noqa: E731
    if {"dragoman-grpc", "bare-grpc", "nginx-hop"} <= by_name.keys():
        baseline = cpu("bare-grpc") + cpu("nginx-hop")
        row("CPU per gRPC->SOAP call / (bare gRPC + nginx hop)", cpu("dragoman-grpc") / baseline,
            1.2, "%.1f us vs %.1f + %.1f us" % (cpu("dragoman-grpc"), cpu("bare-grpc"),
                                                cpu("nginx-hop")))
        baseline = busy_cpu("bare-grpc") + busy_cpu("nginx-hop")
        row("the same, saturated (closed loop)", busy_cpu("dragoman-grpc") / baseline, 1.2,
            "%.1f us vs %.1f + %.1f us" % (busy_cpu("dragoman-grpc"), busy_cpu("bare-grpc"),
                                           busy_cpu("nginx-hop")))
    if {"dragoman-grpc", "direct", "nginx-hop"} <= by_name.keys():
        added = p50("dragoman-grpc") - p50("direct")
        nginx_added = p50("nginx-hop") - p50("direct")
        row("p50 added to a direct call / nginx hop's", added / max(nginx_added, 1e-9), 1.5,
            "%.0f us vs %.0f us" % (added, nginx_added))
    if {"dragoman-http", "grpc-gateway"} <= by_name.keys():
        row("HTTP/JSON CPU per request / (grpc-gateway + Dragoman gRPC)",
            cpu("dragoman-http") / cpu("grpc-gateway"), 0.33,
            "%.1f us vs %.1f us" % (cpu("dragoman-http"), cpu("grpc-gateway")))
        row("the same, saturated (closed loop)",
            busy_cpu("dragoman-http") / busy_cpu("grpc-gateway"), 0.33,
            "%.1f us vs %.1f us" % (busy_cpu("dragoman-http"), busy_cpu("grpc-gateway")))
    if "dragoman-grpc" in by_name:
        r = by_name["dragoman-grpc"]
        row("Dragoman RSS idle (MB) / 20", r["rss_idle"] / 20e6, 1.0, mb(r["rss_idle"]))
        row("Dragoman RSS at the fixed rate (MB) / 24", r["rate"]["peak_rss"] / 24e6, 1.0,
            mb(r["rate"]["peak_rss"]))
        row("Dragoman memory per idle gRPC connection (KB) / 16",
            r["per_connection"] / 16e3, 1.0, "%.1f KB" % (r["per_connection"] / 1e3))
    if "dragoman-http" in by_name:
        r = by_name["dragoman-http"]
        row("Dragoman memory per idle HTTP connection (KB) / 16",
            r["per_connection"] / 16e3, 1.0, "%.1f KB" % (r["per_connection"] / 1e3))
    if not rows:
        return []
    return ["| target | ratio | limit | |", "|---|---|---|---|", *rows]


# -- main --------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True,
                        help="a build directory with server/dragoman and bench/e2e/ built")
    parser.add_argument("--gateway", help="directory with bank-gateway "
                        "(bench/e2e/gateway/build.sh); without it the arm is skipped")
    parser.add_argument("--mock", action="store_true",
                        help="also measure against `dragoman mock` as the SOAP backend")
    parser.add_argument("--smoke", action="store_true",
                        help="a few seconds in all: checks every arm works, figures meaningless")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured per run")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--rounds", type=int, default=3,
                        help="latency and CPU runs per arm, interleaved; the median is reported")
    parser.add_argument("--rate", type=int, default=1000, help="fixed rate, requests/s")
    parser.add_argument("--rate-connections", type=int, default=100)
    parser.add_argument("--closed-connections", type=int, default=16)
    parser.add_argument("--idle-connections", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1, help="Dragoman's backend loops")
    parser.add_argument("--log-level", default="warn",
                        help="Dragoman's logging.level: warn (the default here) writes no line "
                        "per call, as the nginx, HAProxy and bare gRPC arms log nothing per "
                        "request; info adds Dragoman's per-call line")
    parser.add_argument("--out", help="also write the markdown table here")
    parser.add_argument("--arms", help="comma-separated subset of arms to run")
    parser.add_argument("--save-payloads", metavar="DIR",
                        help="also keep the captured payloads (to profile one arm by hand)")
    parser.add_argument("--require-all", action="store_true",
                        help="fail instead of skipping an arm whose tools are missing")
    args = parser.parse_args()
    if args.smoke:
        args.duration, args.warmup, args.rounds = 0.5, 0.2, 1
        args.rate, args.rate_connections, args.closed_connections = 200, 10, 4
        args.idle_connections = 50
    build = os.path.abspath(args.build)
    args.dragoman = os.path.join(build, "server", "dragoman")
    args.loadgen = os.path.join(build, "bench", "e2e", "dragoman-loadgen")
    args.bare = os.path.join(build, "bench", "e2e", "bare-grpc-server")
    args.proto_dir = os.path.join(build, "generated", "protos")
    for tool in (args.dragoman, args.loadgen, args.bare, "/usr/sbin/nginx", "/usr/sbin/haproxy",
                 shutil.which("taskset")):
        if not tool or not os.access(tool, os.X_OK):
            parser.error("missing %s (build the targets; apt install nginx haproxy)" % tool)
    if os.cpu_count() < 2:
        parser.error("needs two CPUs: one for the servers, one for the load generator")
    wanted = set(args.arms.split(",")) if args.arms else None

    with tempfile.TemporaryDirectory(prefix="dragoman-bench-") as work:
        print("capturing the payloads of one real call ...", flush=True)
        payloads = capture_payloads(args, work)
        files = {name: os.path.join(work, name) for name in
                 ("soap_request.xml", "grpc_request.bin", "grpc_reply.bin", "json_request.json")}
        if args.save_payloads:
            os.makedirs(args.save_payloads, exist_ok=True)
            for name in (*files, "soap_reply.xml"):
                shutil.copy(os.path.join(work, name), args.save_payloads)
            with open(os.path.join(args.save_payloads, "soap_request.headers"), "w") as f:
                f.write("".join("%s: %s\n" % item for item in payloads.soap_headers.items()))
        servers = Servers(work)
        arms, skipped = [], []
        try:
            _, backend_port = start_nginx(servers, "nginx-backend", """
    location / {
      default_type '%s';
      return 200 %s;
    }""" % (payloads.soap_reply_type, nginx_quote(payloads.soap_reply)))
            backend = servers.procs[-1]
            proxy, proxy_port = start_nginx(servers, "nginx-proxy", """
    location / {
      proxy_pass http://legacy;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  upstream legacy {
    server 127.0.0.1:%d;
    keepalive 64;""" % backend_port)
            haproxy, haproxy_port = start_haproxy(servers, backend_port)
            bare, match = servers.start("bare-grpc", [args.bare, "--method", METHOD, "--reply",
                                                      files["grpc_reply.bin"]],
                                        r"LISTENING (\d+)")
            bare_port = int(match[1])
            dragoman, grpc_port, http_port = start_dragoman(servers, args.dragoman, "dragoman",
                                                            backend_port, args.threads,
                                                            args.log_level)
            soap = dict(payloads.soap_headers)
            account_xml = ACCOUNT
            arms += [
                Arm("direct", "SOAP straight to the nginx backend", "http", backend_port,
                    payloads.soap_path, files["soap_request.xml"], soap, account_xml, [],
                    backend),
                Arm("nginx-hop", "SOAP through an nginx reverse proxy (keep-alive upstream)",
                    "http", proxy_port, payloads.soap_path, files["soap_request.xml"], soap,
                    account_xml, [proxy], backend),
                Arm("haproxy-hop", "SOAP through HAProxy (http-reuse always)", "http",
                    haproxy_port, payloads.soap_path, files["soap_request.xml"], soap,
                    account_xml, [haproxy], backend),
                Arm("bare-grpc", "gRPC to a bare server answering the same reply bytes", "grpc",
                    bare_port, METHOD, files["grpc_request.bin"], {}, None, [bare], None),
                Arm("dragoman-grpc", "gRPC to Dragoman, SOAP to the nginx backend", "grpc",
                    grpc_port, METHOD, files["grpc_request.bin"], {}, None, [dragoman], backend),
                Arm("dragoman-http", "Connect JSON to Dragoman, SOAP to the nginx backend",
                    "http", http_port, METHOD, files["json_request.json"],
                    {"Content-Type": "application/json"}, ACCOUNT, [dragoman], backend),
            ]
            gateway = os.path.join(args.gateway, "bank-gateway") if args.gateway else None
            if gateway and os.access(gateway, os.X_OK):
                gw, match = servers.start("grpc-gateway", [
                    gateway, "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:%d" % grpc_port],
                    r"LISTENING (\d+)")
                arms.append(Arm("grpc-gateway", "JSON to grpc-gateway, gRPC to Dragoman, SOAP "
                                "to the nginx backend", "http", int(match[1]),
                                "/v1/bank/GetAccount", files["json_request.json"],
                                {"Content-Type": "application/json"}, ACCOUNT, [gw, dragoman],
                                backend))
            else:
                skipped.append(("grpc-gateway", "no --gateway (bench/e2e/gateway/build.sh)"))
            if args.mock:
                mock, mock_port = e2e_support.start_mock(
                    args.dragoman, SERVICE, os.path.join(REPO, "schemas", "bank",
                                                         "examples.yaml"),
                    os.path.join(work, "mock.log"))
                servers.procs.append(mock)
                subprocess.run(["taskset", "-p", "-c", SERVER_CPU, str(mock.pid)], check=True,
                               stdout=subprocess.DEVNULL)
                dragoman_m, grpc_port_m, _ = start_dragoman(servers, args.dragoman,
                                                            "dragoman-mock", mock_port,
                                                            args.threads, args.log_level)
                arms += [
                    Arm("mock-direct", "SOAP straight to `dragoman mock`", "http", mock_port,
                        payloads.soap_path, files["soap_request.xml"], soap, account_xml, [],
                        mock),
                    Arm("dragoman-grpc-mock", "gRPC to Dragoman, SOAP to `dragoman mock`",
                        "grpc", grpc_port_m, METHOD, files["grpc_request.bin"], {}, None,
                        [dragoman_m], mock),
                ]
            if wanted:
                arms = [arm for arm in arms if arm.name in wanted]
            if args.require_all and skipped:
                raise RuntimeError("arms skipped: %s" % skipped)
            # Idle memory first, for every arm: arms that share a process (Dragoman's gRPC and
            # HTTP ports) would otherwise see what the other's load left behind.
            for arm in arms:
                middle = [p for proc in arm.middle for p in process_tree(proc.pid)]
                arm.results["rss_idle"] = rss_bytes(middle)
            # Rounds interleave the arms, and each figure is the median over the rounds: a
            # noisy neighbour on the machine then disturbs one round of every arm rather than
            # all runs of one.
            rounds = {}
            for number in range(args.rounds):
                print("round %d of %d: %d arms ..." % (number + 1, args.rounds, len(arms)),
                      flush=True)
                for arm in arms:
                    measure_round(args, arm, rounds)
            for arm in arms:
                measure_throughput(args, arm, rounds)
            # Idle connections last: a thousand of them leave a process's heap larger, which
            # the load runs of an arm sharing that process would otherwise count.
            for arm in arms:
                if arm.middle:
                    arm.results["per_connection"] = idle_connection_memory(
                        args, arm, args.idle_connections)
        finally:
            servers.stop_all()
        table = report(args, arms, skipped)
    print()
    print(table)
    if args.out:
        with open(args.out, "w") as f:
            f.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
