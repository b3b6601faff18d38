#!/usr/bin/env bash
# Store outage under live load: how fast the gateway's backlog drains when the store comes back,
# compared with the live ingest rate, measured in the same run.
#
#   bench/drain.sh [--rate MSGS_PER_SEC] [--outage SECONDS]
#
# The gateway writes to Debian's VictoriaMetrics (a separate server it can lose). The simulator
# publishes --rate messages/s of 100 readings for 60 s; the store is stopped by its PID at 15 s and
# started again on the same data --outage seconds later. The gateway's /metrics is sampled four times
# a second: the drain runs from the first write that gets through to the backlog being gone, and its
# net rate (backlog readings removed per second, live readings still arriving) is set against the
# live rate. At the end VictoriaMetrics must hold every acknowledged reading.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RATE=1000
OUTAGE=20
while [[ $# -gt 0 ]]; do
  case $1 in
    --rate) RATE=$2; shift 2 ;;
    --outage) OUTAGE=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "drain.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
VM=/usr/bin/victoria-metrics
[[ -x $VM ]] || { echo "drain.sh: $VM not found (Debian package victoria-metrics)" >&2; exit 1; }
GATEWAY_JAR="$ROOT/gateway/target/hazardgate-gateway.jar"
SIMULATOR_JAR="$ROOT/simulator/target/hazardgate-simulator.jar"
if [[ ! -f $GATEWAY_JAR || ! -f $SIMULATOR_JAR || -n $(find pom.xml gateway/pom.xml gateway/src/main simulator/pom.xml \
      simulator/src/main -newer "$GATEWAY_JAR" -type f -print -quit) ]]; then
  echo "drain.sh: building the jars (mvn package, tests skipped)..." >&2
  mvn -q -B -DskipTests package >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hazardgate-drain.XXXXXX")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

VM_PORT=0
start_vm() {
  $VM -httpListenAddr=127.0.0.1:$VM_PORT -storageDataPath="$WORK/vm" -dedup.minScrapeInterval=1ms \
    -retentionPeriod=1y -search.latencyOffset=0s -loggerLevel=WARN > "$WORK/vm.log" 2>&1 &
  VM_PID=$!
  PIDS+=("$VM_PID")
  local i p
  for i in $(seq 1 200); do
    p=$(ss -ltnpH 2>/dev/null | awk -v pid="pid=$VM_PID," 'index($0, pid) {n = split($4, a, ":"); print a[n]; exit}')
    if [[ -n $p ]] && curl -sf "http://127.0.0.1:$p/health" > /dev/null; then VM_PORT=$p; return 0; fi
    sleep 0.1
  done
  echo "drain.sh: victoria-metrics did not start" >&2; exit 1
}
start_vm

java -jar "$SIMULATOR_JAR" gen-load-config --devices 100 --sensors-per-device 100 --out "$WORK/load-site.yaml" >&2
cat > "$WORK/gateway.yaml" <<YAML
mqtt: {host: 127.0.0.1, port: 0}
http: {host: 127.0.0.1, port: 0}
store:
  kind: influxdb
  url: http://127.0.0.1:$VM_PORT
dataDir: data
sites:
  - load-site.yaml
YAML
java ${HAZARDGATE_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseParallelGC} -jar "$GATEWAY_JAR" run --config "$WORK/gateway.yaml" \
  --data-dir "$WORK/data" --mqtt-port 0 --http-port 0 > "$WORK/gateway.out" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")
for i in $(seq 1 300); do grep -q '^  data ' "$WORK/gateway.out" && break; sleep 0.2; done
MQTT=$(grep -oP '^  mqtt\s+\S+?:\K\d+' "$WORK/gateway.out")
HTTP=$(grep -oP '^  http\s+\S+?:\K\d+' "$WORK/gateway.out")

sample() {
  curl -s "http://127.0.0.1:$HTTP/metrics" | awk -v t="$(date +%s.%N)" '
    /^hazardgate_store_lines_total / {l = $2} /^hazardgate_store_lag_readings / {g = $2}
    END {printf "%s %.0f %.0f\n", t, l, g}'
}
( while kill -0 "$GW_PID" 2>/dev/null; do sample; sleep 0.25; done ) > "$WORK/samples.txt" 2>/dev/null &
PIDS+=("$!")

java -Xmx512m -jar "$SIMULATOR_JAR" load --broker "tcp://127.0.0.1:$MQTT" --devices 100 --readings-per-message 100 \
  --rate "$RATE" --duration 60s --quiet > "$WORK/load.txt" &
LOAD_PID=$!
sleep 15
kill "$VM_PID"; wait "$VM_PID" 2>/dev/null || true
echo "drain.sh: store stopped for ${OUTAGE} s" >&2
sleep "$OUTAGE"
RESTART=$(date +%s.%N)
start_vm
echo "drain.sh: store back on port $VM_PORT" >&2
wait "$LOAD_PID"
cat "$WORK/load.txt"
ACKED=$(awk '/^acked/ {gsub(",", "", $4); print $4}' "$WORK/load.txt")
LIVE=$(awk '/^acked/ {gsub(",", "", $8); print $8}' "$WORK/load.txt")
for i in $(seq 1 240); do
  [[ $(sample | awk '{print $3}') == 0 ]] && break
  sleep 0.5
done
stored() {
  curl -s "http://127.0.0.1:$VM_PORT/internal/force_flush" > /dev/null
  curl -s "http://127.0.0.1:$VM_PORT/api/v1/query" --data-urlencode 'query=sum(count_over_time(reading_value[3h]))' \
    | grep -oP '"value":\[[0-9.]+,"\K[0-9]+' || echo 0
}
for i in $(seq 1 60); do STORED=$(stored); [[ $STORED == "$ACKED" ]] && break; sleep 0.5; done
awk -v restart="$RESTART" -v live="$LIVE" -v threshold="$(( RATE * 100 / 2 ))" '
  { t[NR] = $1; lines[NR] = $2; lag[NR] = $3 }
  END {
    for (i = 1; i <= NR && t[i] < restart; i++) ;
    base = i - 1
    for (s = i; s <= NR && lines[s] <= lines[base]; s++) ;
    start = s - 1
    for (e = s; e <= NR && lag[e] > threshold; e++) ;
    if (e > NR) { print "drain.sh: the backlog did not drain"; exit 1 }
    secs = t[e] - t[start]; net = (lag[start] - lag[e]) / secs; shipped = (lines[e] - lines[start]) / secs
    printf "backlog at the first write through: %d readings; drained in %.2f s\n", lag[start], secs
    printf "live ingest %.0f readings/s; drain: %.0f readings/s shipped, %.0f readings/s net; net drain / live = %.1f\n",
      live, shipped, net, net / live
  }' "$WORK/samples.txt"
echo "acknowledged $ACKED readings, VictoriaMetrics holds $STORED"
[[ $STORED == "$ACKED" ]]
