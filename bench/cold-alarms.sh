#!/usr/bin/env bash
# The first alarms after a start: alarm latency with and without the alarm path's warm-up, in one run.
#
#   bench/cold-alarms.sh [--rounds N] [--rate MSGS_PER_SEC] [--duration SECONDS] [--readings-first SECONDS]
#                        [--generator simulator|mqttjs] [--flood]
#
# A plant's telemetry flows all the time, its alarms are rare: this measures alarms that come after the
# readings' path has run for a while but before any alarm has. Each round starts the gateway twice on a
# fresh data directory, once with -Dhazardgate.alarm.warmup=0 ("cold") and once as shipped ("warmed"), in
# alternating order; runs the logger load (100 devices on 100 connections, 20 readings a message, 8 in
# flight each) at --rate messages/s (default 1000) without alarms for --readings-first seconds (default
# 30); then the same load for --duration seconds (default 15) with every 50th message of a logger over
# its limit (the next clears it). It reports the alarm latency at the control-room subscriber
# (publish to raised event: p50 / p99 ms) and the gateway's own share, evaluation to publication, from
# hazardgate_alarm_delivery_delay_seconds (mean, and the share within 1 and 5 ms).
# --generator mqttjs plays the same load from bench/mqttjs/load.js (one Node.js event loop, far lighter
# on the shared cores than the simulator's 100 Paho clients); it needs `npm install --prefix bench/mqttjs`.
# --flood (MQTT.js only) puts every logger's alarm in the same message of its cycle: every 50 messages,
# one alarm per logger in the same instant, instead of alarms spread out.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS=2
RATE=1000
DURATION=15
FIRST=30
GENERATOR=simulator
FLOOD=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --readings-first) FIRST=$2; shift 2 ;;
    --generator) GENERATOR=$2; shift 2 ;;
    --flood) FLOOD=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "cold-alarms.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ $RATE =~ ^[0-9]+$ && $FIRST =~ ^[0-9]+$ && $ROUNDS =~ ^[0-9]+$ && $DURATION =~ ^[0-9]+$ ]] \
  || { echo "cold-alarms.sh: --rate, --duration, --readings-first and --rounds take whole numbers" >&2; exit 2; }
case $GENERATOR in
  simulator) ;;
  mqttjs) [[ -d $ROOT/bench/mqttjs/node_modules/mqtt ]] \
            || { echo "cold-alarms.sh: --generator mqttjs needs MQTT.js: npm install --prefix bench/mqttjs" >&2; exit 2; } ;;
  *) echo "cold-alarms.sh: --generator must be simulator or mqttjs, got '$GENERATOR'" >&2; exit 2 ;;
esac
[[ $FLOOD == 0 || $GENERATOR == mqttjs ]] || { echo "cold-alarms.sh: --flood needs --generator mqttjs" >&2; exit 2; }
NAME=cold-alarms.sh
. "$ROOT/bench/common.sh"
build_jars
BASE_OPTS=$GATEWAY_JAVA_OPTS

write_load_config 100 20

play() { # play SECONDS ALARM_EVERY (0: none): the load against the gateway started last
  if [[ $GENERATOR == mqttjs ]]; then
    node "$ROOT/bench/mqttjs/load.js" --port "$GW_MQTT" --rate "$RATE" --seconds "$1" --alarm-every "$2" --flood "$FLOOD"
  else
    local alarms=()
    if (( $2 > 0 )); then alarms=(--alarm-every "$2"); fi
    java -Xmx512m -jar "$SIMULATOR_JAR" load --broker "tcp://127.0.0.1:$GW_MQTT" --devices 100 --readings-per-message 20 \
      --sensors-per-device 20 --clients 100 --inflight 8 --qos 1 --rate "$RATE" --duration "${1}s" "${alarms[@]}" --quiet
  fi
}

measure() { # measure cold|warmed ROUND
  local variant=$1 round=$2 out=$WORK/$1-$2
  mkdir -p "$out"
  if [[ $variant == cold ]]; then GATEWAY_JAVA_OPTS="$BASE_OPTS -Dhazardgate.alarm.warmup=0"; else GATEWAY_JAVA_OPTS=$BASE_OPTS; fi
  start_gateway "$WORK/gateway.yaml" "$out/data" "$out/gateway.log"
  play "$FIRST" 0 > "$out/readings-first.txt" 2>&1 || { cat "$out/readings-first.txt" >&2; log "the load failed"; exit 1; }
  local before after
  before=$(delay_meter)
  play "$DURATION" 50 > "$out/load.txt" 2>&1 || { cat "$out/load.txt" >&2; log "the load failed"; exit 1; }
  after=$(delay_meter)
  local warmed
  warmed=$(grep -oP 'alarm path warmed up: \K.*' "$out/gateway.log" || echo "off")
  stop_gateway
  local alarm
  alarm=$(grep -oP '^alarm latency \(.*?\) \K.*' "$out/load.txt" | head -1)
  read -r c0 s0 a0 f0 <<< "$before"
  read -r c1 s1 a1 f1 <<< "$after"
  awk -v r="$round" -v v="$variant" -v w="$warmed" -v al="$alarm" -v c="$((c1 - c0))" -v s0="$s0" -v s1="$s1" \
      -v b1="$((a1 - a0))" -v b5="$((f1 - f0))" 'BEGIN {
    printf "| %s | %s | %.2f ms | %.0f %% | %.0f %% | %s | %s |\n", r, v, c ? (s1 - s0) / c * 1000 : 0,
           c ? 100 * b1 / c : 0, c ? 100 * b5 / c : 0, al, w }'
}

echo "| round | gateway | evaluation to publication, mean | within 1 ms | within 5 ms | alarm latency at the subscriber | warm-up |"
echo "|---|---|---:|---:|---:|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then order=(cold warmed); else order=(warmed cold); fi
  for v in "${order[@]}"; do measure "$v" "$round"; done
done
echo
echo "Command: bench/cold-alarms.sh --rounds $ROUNDS --rate $RATE --duration $DURATION --readings-first $FIRST --generator $GENERATOR$( ((FLOOD)) && echo ' --flood')"
