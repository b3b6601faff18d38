#!/usr/bin/env bash
# A whole gateway start with persisted MQTT sessions, against the same start without them.
#
#   bench/session-start.sh [--sessions N] [--queued M] [--rounds R]
#
# SessionRestartBenchmark writes N persistent control-room sessions with M alarm events queued in each
# (and 200 retained messages) into a session store; that store becomes dataDir/sessions of the shipped
# configuration (demo plant, embedded QuestDB). The gateway is then started R times with it and R times
# on an empty data directory, alternately: the time from launch until it prints its ports (everything
# restored, listeners open), the part of it the session store took (from its log: the embedded store
# up, to the session store's fresh snapshot written), the sessions it restored (from /metrics), its heap
# after a full GC (jcmd) and its resident memory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SESSIONS=10000
QUEUED=10
ROUNDS=3
while [[ $# -gt 0 ]]; do
  case $1 in
    --sessions) SESSIONS=$2; shift 2 ;;
    --queued) QUEUED=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "session-start.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
NAME=session-start.sh
. "$ROOT/bench/common.sh"
build_jars
(cd "$ROOT" && mvn -q -B -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >&2)

log "writing $SESSIONS sessions with $QUEUED queued events each..."
java -Xmx1g -cp "gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/cp.txt)" \
  io.hazardgate.mqtt.persist.SessionRestartBenchmark "$SESSIONS" "$QUEUED" "$WORK/template/sessions" 2>/dev/null \
  | grep -E '^(store on disk|a returning)' >&2

heap_mb() { # used heap after a full GC, MB
  jcmd "$1" GC.run > /dev/null
  jcmd "$1" GC.heap_info | grep -oP 'used \K\d+(?=K)' | head -2 | awk '{s += $1} END {printf "%.0f", s / 1024}'
}

since_store() { # seconds from the embedded store's start to the session store's first snapshot, from the log
  local a b
  a=$(grep -m1 'Embedded QuestDB started' "$1" | awk '{print $2}')
  b=$(grep -m1 'Session store compacted' "$1" | awk '{print $2}')
  python3 -c "import sys; f=lambda t: sum(float(x) * m for x, m in zip(t.split(':'), (3600, 60, 1))); print('%.2f' % (f(sys.argv[2]) - f(sys.argv[1])))" "$a" "$b"
}

printf '%-6s %-9s %10s %11s %9s %9s %9s\n' round data start_s sessions_s restored heap_MB rss_MB
for round in $(seq 1 "$ROUNDS"); do
  for variant in with-sessions empty; do
    data="$WORK/run-$round-$variant"
    mkdir -p "$data"
    [[ $variant == with-sessions ]] && cp -r "$WORK/template/sessions" "$data/"
    t0=$(date +%s%N)
    start_gateway "$ROOT/config/gateway.yaml" "$data" "$WORK/gateway-$round-$variant.out"
    t1=$(date +%s%N)
    restored=$(curl -sf "http://127.0.0.1:$GW_HTTP/metrics" | awk '/^hazardgate_mqtt_sessions_restored /{print $2}')
    heap=$(heap_mb "$GW_PID")
    rss=$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$GW_PID/status")
    printf '%-6s %-9s %10.2f %11s %9.0f %9s %9s\n' "$round" "${variant%-sessions}" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" \
      "$(since_store "$WORK/gateway-$round-$variant.out")" "$restored" "$heap" "$rss"
    stop_gateway
    rm -rf "$data"
  done
done
