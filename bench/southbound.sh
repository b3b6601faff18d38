#!/usr/bin/env bash
# Readings/s and gateway CPU per reading for each way a logger connects (gateway JSON, a JSON payload
# profile, Sparkplug B, HJ 212 over TCP, OPC UA subscriptions without and with SignAndEncrypt), and the jitter of Modbus polls at 1 s for 1,000 points.
# Usage: bench/southbound.sh [PHASE_SECONDS]   (default 20; the Modbus phase runs at least 30 s)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ ! -f gateway/target/hazardgate-gateway.jar || ! -f benchmarks/target/hazardgate-benchmarks.jar \
      || -n $(find pom.xml gateway/pom.xml gateway/src/main benchmarks/src/main -newer benchmarks/target/hazardgate-benchmarks.jar -type f -print -quit) ]]; then
  echo "southbound.sh: building the jars (mvn package, tests skipped)..." >&2
  mvn -q -B -DskipTests -pl gateway,benchmarks -am package >&2
fi
exec java -Xmx512m -cp benchmarks/target/hazardgate-benchmarks.jar io.hazardgate.bench.SouthboundBench \
  gateway/target/hazardgate-gateway.jar "${1:-20}"
