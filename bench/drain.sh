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
NAME=drain.sh
. "$ROOT/bench/common.sh"
VM=/usr/bin/victoria-metrics
[[ -x $VM ]] || { log "$VM not found (Debian package victoria-metrics)"; exit 1; }
build_jars

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
  log "victoria-metrics did not start"; exit 1
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
start_gateway "$WORK/gateway.yaml" "$WORK/data" "$WORK/gateway.out"

sample() {
  curl -s "http://127.0.0.1:$GW_HTTP/metrics" | awk -v t="$(date +%s.%N)" '
    /^hazardgate_store_lines_total / {l = $2} /^hazardgate_store_lag_readings / {g = $2}
    END {printf "%s %.0f %.0f\n", t, l, g}'
}
( while kill -0 "$GW_PID" 2>/dev/null; do sample; sleep 0.25; done ) > "$WORK/samples.txt" 2>/dev/null &
PIDS+=("$!")

java -Xmx512m -jar "$SIMULATOR_JAR" load --broker "tcp://127.0.0.1:$GW_MQTT" --devices 100 --readings-per-message 100 \
  --rate "$RATE" --duration 60s --quiet > "$WORK/load.txt" &
LOAD_PID=$!
sleep 15
kill "$VM_PID"; wait "$VM_PID" 2>/dev/null || true
log "store stopped for ${OUTAGE} s"
sleep "$OUTAGE"
RESTART=$(date +%s.%N)
start_vm
log "store back on port $VM_PORT"
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
