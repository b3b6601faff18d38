#!/usr/bin/env bash
# Alarm latency as a control room sees it, under the logger load.
#
#   bench/alarm-latency.sh [--rounds N] [--rates R1,R2,...] [--duration SECONDS] [--warmup SECONDS]
#                          [--generator mqttjs|simulator] [--realtime-priority N] [--load-nice N]
#                          [--probe-priority N]
#
# The load: 99 loggers on 99 connections, 20 readings a message, 8 in flight each, QoS 1, at each rate
# of --rates in messages/s (default 2000,8000), from bench/mqttjs/load.js (default) or the simulator,
# with no alarms of its own. Beside it, bench/mqttjs/probe.js in a process of its own plays the 100th
# logger, whose first point goes over its limit every other message (every 25 ms), and subscribes to that
# point's alarms: publish to raised event at that subscriber, p50 / p90 / p99 / max. The probe's event
# loop is quiet, so the figure is the gateway's and the shared cores', not the load generator's queue.
# Each round starts the gateway on a fresh data directory, plays the load for --warmup seconds (default
# 10), then measures each rate for --duration seconds (default 20). Also reported: the load's own PUBACK
# latency, and the gateway's share of the alarm latency from hazardgate_alarm_delivery_delay_seconds
# (hand-over by the alarm shard to publication: the journal's force and the bus; mean, within 1 / 5 / 50
# ms), the alarm journal's force from hazardgate_alarm_journal_force_seconds (mean, and how many forces
# took over 5 and over 50 ms), and the CPU the gateway used while the probe ran, in cores.
# --realtime-priority sets alarms.realtimePriority (default: the gateway's, 0, normal priority);
# the gateway reaches it only as root or with an RTPRIO limit (docs/operations.md). --load-nice runs the
# 99 loggers' generator at that nice value (default 0), for a machine where they stand in for loggers
# elsewhere: the generator then yields the cores to the gateway and the probe. --probe-priority runs the
# probe at real-time priority N (chrt -f, as root), for a control room on a machine of its own.
# Beside the probe, at its priority, the simulator's `wakeup` sleeps 1 ms again and again: how late this
# machine wakes a thread (p99 / p99.9 / max, and how many came over 5 ms late), the floor under the
# alarm latency, which crosses several threads that are each woken; and the gateway's own measure of it,
# hazardgate_wakeup_delay_seconds (a thread sleeping 10 ms at normal priority: mean, and how many
# wake-ups came over 5 and over 50 ms late).
# Needs `npm install --prefix bench/mqttjs`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS=3
RATES=2000,8000
DURATION=20
WARMUP=10
GENERATOR=mqttjs
REALTIME=
LOAD_NICE=0
PROBE_PRIORITY=
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --rates) RATES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --generator) GENERATOR=$2; shift 2 ;;
    --realtime-priority) REALTIME=$2; shift 2 ;;
    --load-nice) LOAD_NICE=$2; shift 2 ;;
    --probe-priority) PROBE_PRIORITY=$2; shift 2 ;;
    -h|--help) sed -n '2,/^# Needs/p' "$0"; exit 0 ;;
    *) echo "alarm-latency.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ $ROUNDS =~ ^[0-9]+$ && $DURATION =~ ^[1-9][0-9]*$ && $WARMUP =~ ^[0-9]+$ ]] \
  || { echo "alarm-latency.sh: --rounds, --duration and --warmup take whole numbers" >&2; exit 2; }
[[ $RATES =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] \
  || { echo "alarm-latency.sh: --rates takes messages/s separated by commas, e.g. 2000,8000; got '$RATES'" >&2; exit 2; }
[[ $GENERATOR == mqttjs || $GENERATOR == simulator ]] \
  || { echo "alarm-latency.sh: --generator must be mqttjs or simulator, got '$GENERATOR'" >&2; exit 2; }
[[ -z $REALTIME || $REALTIME =~ ^[0-9]+$ ]] \
  || { echo "alarm-latency.sh: --realtime-priority takes 0 to 99, got '$REALTIME'" >&2; exit 2; }
[[ $LOAD_NICE =~ ^[0-9]+$ && $LOAD_NICE -le 19 ]] \
  || { echo "alarm-latency.sh: --load-nice takes 0 to 19, got '$LOAD_NICE'" >&2; exit 2; }
PROBE_CHRT=()
if [[ -n $PROBE_PRIORITY ]]; then
  [[ $PROBE_PRIORITY =~ ^[0-9]+$ && $PROBE_PRIORITY -ge 1 && $PROBE_PRIORITY -le 99 ]] \
    || { echo "alarm-latency.sh: --probe-priority takes 1 to 99, got '$PROBE_PRIORITY'" >&2; exit 2; }
  chrt -f "$PROBE_PRIORITY" true 2>/dev/null \
    || { echo "alarm-latency.sh: --probe-priority needs chrt and the right to real-time priority (root, or an RTPRIO limit)" >&2; exit 2; }
  PROBE_CHRT=(chrt -f "$PROBE_PRIORITY")
fi
[[ -d $ROOT/bench/mqttjs/node_modules/mqtt ]] \
  || { echo "alarm-latency.sh: the probe needs MQTT.js: npm install --prefix bench/mqttjs" >&2; exit 2; }
NAME=alarm-latency.sh
. "$ROOT/bench/common.sh"
build_jars
write_load_config 100 20
[[ -z $REALTIME ]] || echo "alarms: {realtimePriority: $REALTIME}" >> "$WORK/gateway.yaml"

load() { # load RATE SECONDS [LOGGERS]: the 99 loggers (or LOGGERS of them), no alarms
  local loggers=${3:-99}
  if [[ $GENERATOR == mqttjs ]]; then
    nice -n "$LOAD_NICE" node "$ROOT/bench/mqttjs/load.js" --port "$GW_MQTT" --rate "$1" --seconds "$2" --alarm-every 0 --clients "$loggers"
  else
    nice -n "$LOAD_NICE" java -Xmx512m -jar "$SIMULATOR_JAR" load --broker "tcp://127.0.0.1:$GW_MQTT" --devices "$loggers" --readings-per-message 20 \
      --sensors-per-device 20 --clients "$loggers" --inflight 8 --qos 1 --rate "$1" --duration "${2}s"
  fi
}

measure() { # measure ROUND RATE: the probe beside the load at RATE, on the gateway started last
  local round=$1 rate=$2 out=$WORK/round-$1-$2
  mkdir -p "$out"
  load "$rate" $((DURATION + 4)) > "$out/load.txt" 2>&1 &
  local load_pid=$!
  PIDS+=("$load_pid")
  if [[ $GENERATOR == simulator ]]; then
    # the probe starts once the load publishes (its first progress line), not while it connects
    local i
    for i in $(seq 1 120); do grep -qP '^\s+[0-9.]+s\s+rate' "$out/load.txt" && break; sleep 0.5; done
    grep -qP '^\s+[0-9.]+s\s+rate' "$out/load.txt" \
      || { cat "$out/load.txt" >&2; log "the load did not start publishing within 60 s"; exit 1; }
  else
    sleep 2
  fi
  # the wake-up measurement starts a second early: its JVM's start (at the probe's priority) is over
  # before the probe measures
  "${PROBE_CHRT[@]}" java -Xmx64m -jar "$SIMULATOR_JAR" wakeup --duration "$((DURATION + 1))s" > "$out/wakeup.txt" 2>&1 &
  local wakeup_pid=$!
  PIDS+=("$wakeup_pid")
  sleep 1
  local before after jbefore jafter wbefore wafter ticks0 ticks1 nanos0 nanos1
  before=$(timer_meter hazardgate_alarm_delivery_delay_seconds)
  jbefore=$(timer_meter hazardgate_alarm_journal_force_seconds)
  wbefore=$(timer_meter hazardgate_wakeup_delay_seconds)
  ticks0=$(cpu_ticks "$GW_PID"); nanos0=$(date +%s%N)
  "${PROBE_CHRT[@]}" node "$ROOT/bench/mqttjs/probe.js" --port "$GW_MQTT" --seconds "$DURATION" > "$out/probe.txt" 2>&1 \
    || { cat "$out/probe.txt" >&2; log "the probe failed"; exit 1; }
  wait "$wakeup_pid" || { cat "$out/wakeup.txt" >&2; log "the wake-up measurement failed"; exit 1; }
  ticks1=$(cpu_ticks "$GW_PID"); nanos1=$(date +%s%N)
  after=$(timer_meter hazardgate_alarm_delivery_delay_seconds)
  jafter=$(timer_meter hazardgate_alarm_journal_force_seconds)
  wafter=$(timer_meter hazardgate_wakeup_delay_seconds)
  wait "$load_pid" || { cat "$out/load.txt" >&2; log "the load failed"; exit 1; }
  local probe acked puback wakeup
  probe=$(grep -oP 'p50 .*? max [0-9.]+ ms' "$out/probe.txt" | head -1)
  wakeup=$(grep -oP 'p99 [0-9.]+ p99\.9 [0-9.]+ max [0-9.]+ ms; over 1 ms [0-9,]+, over 5 ms [0-9,]+' "$out/wakeup.txt" \
    | sed -E 's/; over 1 ms [0-9,]+, over 5 ms ([0-9,]+)/, \1 over 5 ms/' || true)
  if [[ $GENERATOR == mqttjs ]]; then
    acked=$(grep -oP '^acknowledged [0-9,]+ messages \(\K[0-9,]+(?=/s)' "$out/load.txt")
    puback=$(grep -oP '^PUBACK latency \K.*(?= ms)' "$out/load.txt")
  else
    acked=$(grep -oP '^acked\s+[0-9,]+ messages\s+[0-9,]+ readings\s+\K[0-9,]+(?= msg/s)' "$out/load.txt" || true)
    puback=$(grep -oP '^PUBACK latency .*' "$out/load.txt" | grep -oP 'p50 [0-9.]+|p99 [0-9.]+' | tr '\n' ' ' | sed 's/ $//' || true)
  fi
  read -r c0 s0 a0 f0 _ g0 <<< "$before"
  read -r c1 s1 a1 f1 _ g1 <<< "$after"
  read -r jc0 js0 _ j50 _ j500 <<< "$jbefore"
  read -r jc1 js1 _ j51 _ j501 <<< "$jafter"
  read -r wc0 ws0 _ w50 _ w500 <<< "$wbefore"
  read -r wc1 ws1 _ w51 _ w501 <<< "$wafter"
  awk -v r="$round" -v rate="$rate" -v acked="${acked:--}" -v puback="${puback:--}" -v pr="$probe" -v wk="${wakeup:--}" -v c="$((c1 - c0))" \
      -v s0="$s0" -v s1="$s1" -v b1="$((a1 - a0))" -v b5="$((f1 - f0))" -v b50="$((g1 - g0))" \
      -v jc="$((jc1 - jc0))" -v js0="$js0" -v js1="$js1" -v j5="$((j51 - j50))" -v j50="$((j501 - j500))" \
      -v wc="$((wc1 - wc0))" -v ws0="$ws0" -v ws1="$ws1" -v w5="$((w51 - w50))" -v w50="$((w501 - w500))" \
      -v cores="$(awk -v t="$((ticks1 - ticks0))" -v hz="$(getconf CLK_TCK)" -v ns="$((nanos1 - nanos0))" 'BEGIN {printf "%.2f", t / hz / (ns / 1e9)}')" 'BEGIN {
    printf "| %s | %s | %s | %s | %.2f ms, %.0f %% / %.0f %% / %.1f %% | %.2f ms, %d / %d | %s | %s | %.2f ms, %d / %d | %s |\n", r, rate, acked, puback,
           c ? (s1 - s0) / c * 1000 : 0, c ? 100 * b1 / c : 0, c ? 100 * b5 / c : 0, c ? 100 * b50 / c : 0,
           jc ? (js1 - js0) / jc * 1000 : 0, jc - j5, jc - j50, pr, wk, wc ? (ws1 - ws0) / wc * 1000 : 0, wc - w5, wc - w50, cores }'
}

echo "| round | load, messages/s | acknowledged/s | load's PUBACK latency (ms) | gateway's share: mean, within 1 / 5 / 50 ms | journal force: mean, forces over 5 / 50 ms | alarm latency at the probe | wake-up overshoot beside the probe | gateway's wake-up delay: mean, over 5 / 50 ms | gateway CPU, cores |"
echo "|---|---:|---:|---|---|---|---|---|---|---:|"
IFS=, read -r -a RATE_LIST <<< "$RATES"
for round in $(seq 1 "$ROUNDS"); do
  start_gateway "$WORK/gateway.yaml" "$WORK/data-$round" "$WORK/gateway-$round.log"
  # the warm-up plays the probe's logger too: silent from the start, its points would raise no-data
  # alarms a minute in, in the middle of a measurement after a long --warmup
  if (( WARMUP > 0 )); then load "${RATE_LIST[0]}" "$WARMUP" 100 > "$WORK/warmup-$round.txt" 2>&1 \
    || { cat "$WORK/warmup-$round.txt" >&2; log "the load failed"; exit 1; }; fi
  for rate in "${RATE_LIST[@]}"; do measure "$round" "$rate"; done
  stop_gateway
done
echo
echo "Command: bench/alarm-latency.sh --rounds $ROUNDS --rates $RATES --duration $DURATION --warmup $WARMUP --generator $GENERATOR${REALTIME:+ --realtime-priority $REALTIME} --load-nice $LOAD_NICE${PROBE_PRIORITY:+ --probe-priority $PROBE_PRIORITY}"
