#!/usr/bin/python3
"""A core-banking SOAP service that books transfers into a ledger file, for fault runs.

Each Transfer request it reads is booked (its reference appended to the ledger, flushed to
the file) before it answers, after a short random delay: a kill between the two leaves the
transfer booked and the caller without an answer, as on a real core system. The file
survives the process, so a test can kill (SIGKILL) and restart it and count, afterwards, what
ran how often.

    /usr/bin/python3 ledger_bank_service.py --port N --ledger FILE

Prints "ledger_bank listening port=N" once it serves.
"""

import argparse
import http.server
import os
import random
import re
import sys
import threading
import time

REFERENCE = re.compile(rb"<(?:\w+:)?reference>([^<]*)</(?:\w+:)?reference>")
REPLY = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
         '<b:TransferResponse xmlns:b="http://dragoman.example/bank">'
         '<b:transferId>%d</b:transferId><b:status>BOOKED</b:status>'
         '</b:TransferResponse></s:Body></s:Envelope>')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ledger", required=True)
    args = parser.parse_args()
    ledger = os.open(args.ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    booked = [0]
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *unused):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            match = REFERENCE.search(body)
            if not match:
                self.send_error(400, "no reference")
                return
            with lock:
                # One write per line: O_APPEND keeps lines whole across restarts.
                os.write(ledger, match.group(1) + b"\n")
                booked[0] += 1
                transfer_id = booked[0]
            time.sleep(random.uniform(0, 0.004))
            reply = (REPLY % transfer_id).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    http.server.ThreadingHTTPServer.allow_reuse_address = True
    http.server.ThreadingHTTPServer.daemon_threads = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ledger_bank listening port=%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
