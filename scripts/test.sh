#!/usr/bin/env bash
# Sets up a Debian 12 machine and runs the whole test suite: unit, golden, conformance and
# end-to-end tests (real spyne, zeep and grpcio peers on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
cmake --preset debug -DDRAGOMAN_BUILD_TESTS=ON
cmake --build --preset debug
ctest --preset debug
