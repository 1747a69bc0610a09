#!/usr/bin/env bash
# The demo: builds Dragoman, starts the example legacy systems (the bank, a mock SOAP backend
# generated from schemas/bank/bank.wsdl; and LOANCALC, a real COBOL program compiled by
# GnuCOBOL behind examples/cics_host, a CICS-like TCP host), starts Dragoman in front of both,
# and calls them with Python gRPC clients generated from the produced .proto files, then over
# HTTP/JSON with curl. Everything runs on loopback and stops at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ "${DRAGOMAN_DEMO_SKIP_BUILD:-}" != 1 ]; then
  bash scripts/bootstrap.sh
  cmake --preset release -DDRAGOMAN_BUILD_TESTS=OFF >/dev/null
  cmake --build --preset release --target dragoman cics_host
fi
build=${DRAGOMAN_DEMO_BUILD_DIR:-$root/build/release}
dragoman="$build/server/dragoman"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Waits until `log` has a line matching `pattern` and prints the port after `key=host:`.
port_from_log() {
  local log=$1 key=$2
  for _ in $(seq 1 100); do
    if grep -q "$key=" "$log"; then
      grep -o "$key=[0-9.]*:[0-9]*" "$log" | head -1 | sed 's/.*://'
      return 0
    fi
    sleep 0.1
  done
  echo "demo: timed out waiting for $log:" >&2
  cat "$log" >&2
  return 1
}

echo "== starting the legacy bank (mock SOAP backend from schemas/bank/bank.wsdl)"
"$dragoman" mock --service example.dragoman.bank.BankPort --listen 127.0.0.1:0 \
  --examples schemas/bank/examples.yaml 2>"$work/mock.log" &
pids+=($!)
mock_port=$(port_from_log "$work/mock.log" http)
echo "   legacy bank listens on http://127.0.0.1:$mock_port/bank"

echo "== starting the loan program host (COBOL LOANCALC from schemas/loans, under libcob)"
"$build/examples/cics_host/cics_host" --port 0 >"$work/cics_host.log" 2>&1 &
pids+=($!)
host_port=""
for _ in $(seq 1 100); do
  host_port=$(grep -o 'listening port=[0-9]*' "$work/cics_host.log" | sed 's/.*port=//' || true)
  [ -n "$host_port" ] && break
  sleep 0.1
done
if [ -z "$host_port" ]; then
  echo "demo: cics_host did not start:" >&2
  cat "$work/cics_host.log" >&2
  exit 1
fi
echo "   LOANCALC answers framed records on 127.0.0.1:$host_port (transaction LNQT)"

cat >"$work/dragoman.yaml" <<YAML
listen:
  grpc: 127.0.0.1:0
  http: 127.0.0.1:0
backends:
  - name: core-banking
    soap:
      endpoints: ["http://127.0.0.1:$mock_port/bank"]
      read_timeout: 5s
  - name: loans-cics
    framed:
      endpoints: ["127.0.0.1:$host_port"]
      framing: {kind: LENGTH_PREFIX, prefix_bytes: 4, header: true}
      read_timeout: 5s
routes:
  - match: example.dragoman.bank.BankPort
    backend: core-banking
    timeout: 10s
  - match: example.dragoman.loans.LoanService
    backend: loans-cics
    timeout: 10s
YAML
echo "== starting Dragoman (config $work/dragoman.yaml)"
"$dragoman" serve -c "$work/dragoman.yaml" 2>"$work/dragoman.log" &
pids+=($!)
grpc_port=$(port_from_log "$work/dragoman.log" grpc)
http_port=$(port_from_log "$work/dragoman.log" http)
echo "   Dragoman serves gRPC on 127.0.0.1:$grpc_port and HTTP/JSON on 127.0.0.1:$http_port"
echo

/usr/bin/python3 scripts/demo_client.py --target "127.0.0.1:$grpc_port" \
  --proto-dir "$build/generated/protos" --options-proto-dir proto
/usr/bin/python3 scripts/demo_loans_client.py --target "127.0.0.1:$grpc_port" \
  --proto-dir "$build/generated/protos" --options-proto-dir proto

echo
echo "== the same services over HTTP/JSON (curl)"
echo "\$ curl -H 'Content-Type: application/json' -d '{\"accountId\": \"ACC-1001\"}' \\"
echo "    http://127.0.0.1:$http_port/example.dragoman.bank.BankPort/GetAccount"
curl -s -H 'Content-Type: application/json' -d '{"accountId": "ACC-1001"}' \
  "http://127.0.0.1:$http_port/example.dragoman.bank.BankPort/GetAccount"
echo
echo "\$ curl 'http://127.0.0.1:$http_port/v1/customers/C-7/loan-quote?lc_request.lc_principal=1200.00&lc_request.lc_annual_rate=5.0000&lc_request.lc_term_months=12&lc_request.lc_customer_name=ADA+LOVELACE'"
curl -s "http://127.0.0.1:$http_port/v1/customers/C-7/loan-quote?lc_request.lc_principal=1200.00&lc_request.lc_annual_rate=5.0000&lc_request.lc_term_months=12&lc_request.lc_customer_name=ADA+LOVELACE"
echo
echo "   (the OpenAPI document of both: http://127.0.0.1:$http_port/openapi.json)"

echo
echo "== Dragoman's log (one line per call, with its request id)"
cat "$work/dragoman.log"
echo
echo "== what the COBOL host ran (one line per executed transaction)"
grep '^executed' "$work/cics_host.log" || true
