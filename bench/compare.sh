#!/usr/bin/env bash
# The same simulator load against HazardGate and against Debian's Mosquitto, side by side in one run,
# and the comparison table in docs/benchmarks.md ("## End to end: HazardGate vs Mosquitto").
#
#   bench/compare.sh [--shape bulk|loggers] [--rounds N] [--duration D] [--rate MSGS_PER_SEC|half]
#                    [--warmup D] [--alarm-every N] [--no-docs]
# Environment: HAZARDGATE_JAVA_OPTS (the gateway's JVM options), HAZARDGATE_GATEWAY_JAR (another build).
#
# Two load shapes:
#   bulk     (default) 100 devices on 8 connections, 100 readings per message, 1,000 in flight each;
#            section "## End to end: HazardGate vs Mosquitto".
#   loggers  data loggers as they are: 100 devices on 100 connections, 20 readings per message, 8 in
#            flight each; the fixed load defaults to half the gateway's max rate of the round (--rate
#            half) and carries alarms (--alarm-every, default 50: every 50th message of a logger puts
#            a reading over its limit), measured publish to alarm event at a subscriber of alarm/#;
#            section "## End to end at logger load: HazardGate vs Mosquitto".
#
# Each round runs both targets, one after the other, in alternating order:
#   HazardGate: a fresh data directory, embedded QuestDB; after the load, the script waits until
#               QuestDB holds every acknowledged reading (count equals acknowledged).
#   Mosquitto:  relaying every message to a counting QoS 1 subscriber (--subscribe-count), with
#               max_queued_messages 0 so that it drops nothing for a subscriber that falls behind.
# and two loads each: "max" (as fast as the in-flight windows allow) and "fixed" (--rate messages/s).
# A short warm-up at the fixed rate precedes the measured runs on both targets (the gateway's JIT).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS=3
DURATION=20s
RATE=
WARMUP=
WRITE_DOCS=1
SHAPE=bulk
ALARM_EVERY=
while [[ $# -gt 0 ]]; do
  case $1 in
    --shape) SHAPE=$2; shift 2 ;;
    --alarm-every) ALARM_EVERY=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --no-docs) WRITE_DOCS=0; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

case $SHAPE in
  bulk)
    DEVICES=100; READINGS=100; CLIENTS=8; INFLIGHT=1000; RATE=${RATE:-3000}; ALARM_EVERY=${ALARM_EVERY:-0}; WARMUP=${WARMUP:-10s}
    SECTION_TITLE="## End to end: HazardGate vs Mosquitto" ;;
  loggers)
    DEVICES=100; READINGS=20; CLIENTS=100; INFLIGHT=8; RATE=${RATE:-half}; ALARM_EVERY=${ALARM_EVERY:-50}; WARMUP=${WARMUP:-20s}
    SECTION_TITLE="## End to end at logger load: HazardGate vs Mosquitto" ;;
  *) echo "compare.sh: --shape must be bulk or loggers, got '$SHAPE'" >&2; exit 2 ;;
esac
[[ $RATE == half || $RATE =~ ^[0-9]+$ ]] || { echo "compare.sh: --rate must be messages/s or 'half', got '$RATE'" >&2; exit 2; }
LOAD_ARGS=(--devices $DEVICES --readings-per-message $READINGS --sensors-per-device $READINGS --clients $CLIENTS
           --inflight $INFLIGHT --qos 1 --drain-timeout 120s --quiet)
SIMULATOR_JAVA_OPTS=${HAZARDGATE_SIMULATOR_JAVA_OPTS:--Xmx512m}
MOSQUITTO=/usr/sbin/mosquitto
NAME=compare.sh
. "$ROOT/bench/common.sh"

[[ -x $MOSQUITTO ]] || { log "$MOSQUITTO not found (Debian package mosquitto)"; exit 1; }
build_jars

simulate() { java $SIMULATOR_JAVA_OPTS -jar "$SIMULATOR_JAR" "$@"; }

# field LINE_PREFIX COLUMN FILE: the COLUMNth whitespace-separated field of the summary line, commas removed
field() { awk -v p="^$1" -v c="$2" '$0 ~ p {gsub(",", "", $c); print $c; exit}' "$3"; }
latency() { grep -oP "^PUBACK latency .*?\\b$1 \\K[0-9.]+" "$2"; }
delivery() { grep -oP "^delivery latency .*?\\b$1 \\K[0-9.]+" "$2"; }

write_load_config $DEVICES $READINGS

# --- HazardGate -------------------------------------------------------------------------------
# fsync count and total seconds so far, from the gateway's metrics
fsync_stats() {
  curl -s "http://127.0.0.1:$GW_HTTP/metrics" | awk '/^hazardgate_log_fsync_seconds_count / {c = $2}
    /^hazardgate_log_fsync_seconds_sum / {s = $2} END {printf "%s %s", c + 0, s + 0}'
}
stored_count() {
  curl -s -u "$GW_STORE_LOGIN" "http://127.0.0.1:$GW_STORE/exec?query=select%20count()%20from%20reading" | grep -oP '"dataset":\[\[\K\d+' || echo 0
}
# Waits until QuestDB holds $1 readings; prints the epoch ms at which it did.
await_stored() {
  local want=$1 deadline=$(( $(date +%s) + 600 )) n
  while :; do
    n=$(stored_count)
    if [[ $n == "$want" ]]; then date +%s%3N; return 0; fi
    if (( $(date +%s) > deadline )); then log "QuestDB holds $n of $want readings after 10 minutes"; return 1; fi
    sleep 0.2
  done
}

# --- Mosquitto --------------------------------------------------------------------------------
MQ_PID=
start_mosquitto() {
  # Mosquitto cannot be asked for port 0: draw a port below the ephemeral range; the bind decides.
  local attempt port conf out
  for attempt in $(seq 1 20); do
    port=$(( 20000 + RANDOM % 12000 ))
    conf=$WORK/mosquitto-$port.conf
    out=$WORK/mosquitto-$port.log
    cat > "$conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
set_tcp_nodelay true
max_queued_messages 0
max_inflight_messages 100
log_dest stderr
log_type error
log_type warning
log_type notice
log_type information
CONF
    $MOSQUITTO -c "$conf" > "$out" 2>&1 &
    MQ_PID=$!
    local i
    for i in $(seq 1 100); do
      if grep -qs ' running$' "$out"; then PIDS+=("$MQ_PID"); MQ_PORT=$port; return 0; fi
      kill -0 "$MQ_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$MQ_PID" 2>/dev/null || true; wait "$MQ_PID" 2>/dev/null || true
  done
  log "mosquitto could not bind a port"; exit 1
}
stop_mosquitto() { kill "$MQ_PID" 2>/dev/null || true; wait "$MQ_PID" 2>/dev/null || true; }

# --- one run ------------------------------------------------------------------------------------
RESULTS=$WORK/results.tsv
printf 'round\ttarget\tload\taccepted\tp50\tp99\tend\tend_rate\tend_note\talarm\n' > "$RESULTS"
# The warm-up runs at the fixed rate when one is given, else as fast as the windows allow.
WARMUP_RATE=$RATE; [[ $RATE == half ]] && WARMUP_RATE=0
# The fixed rate of this round: --rate, or half the gateway's max of the round (of the last round
# that measured it, when Mosquitto goes first).
FIXED_RATE=$RATE
alarm_stats() {
  local line
  line=$(grep '^alarm latency' "$1" || true)
  [[ -n $line ]] || { echo "-"; return; }
  echo "$line" | grep -oP 'p50 \K[0-9.]+' | head -1 | tr '\n' ' '
  echo "$line" | grep -oP 'p99 \K[0-9.]+' | head -1 | tr '\n' ' '
  echo "$line" | grep -oP 'p99\.9 \K[0-9.]+' | head -1 | tr '\n' ' '
  echo "$line" | grep -oP '\(\K[0-9,]+(?= samples)' | tr -d ','
}

run_gateway() {
  local round=$1
  start_gateway "$WORK/gateway.yaml" "$WORK/gw-data-$round" "$WORK/gw-$round.out"
  log "round $round: HazardGate on port $GW_MQTT (pid $GW_PID)"
  # the warm-up carries alarms too, so that the alarm path is compiled before it is measured
  local warm_alarms=()
  (( ALARM_EVERY > 0 )) && warm_alarms=(--alarm-every "$ALARM_EVERY")
  simulate load --broker "tcp://127.0.0.1:$GW_MQTT" "${LOAD_ARGS[@]}" --rate "$WARMUP_RATE" --duration "$WARMUP" \
    "${warm_alarms[@]}" > "$WORK/gw-$round-warmup.txt"
  local total
  total=$(field acked 4 "$WORK/gw-$round-warmup.txt")
  local load rate_arg out acked started stored_at secs fsyncs_before fsync_mean alarm_args
  for load in max fixed; do
    rate_arg=0; alarm_args=()
    if [[ $load == fixed ]]; then
      rate_arg=$FIXED_RATE
      (( ALARM_EVERY > 0 )) && alarm_args=(--alarm-every "$ALARM_EVERY")
    fi
    out=$WORK/gw-$round-$load.txt
    fsyncs_before=$(fsync_stats)
    simulate load --broker "tcp://127.0.0.1:$GW_MQTT" "${LOAD_ARGS[@]}" --rate "$rate_arg" --duration "$DURATION" "${alarm_args[@]}" > "$out"
    fsync_mean=$(echo "$fsyncs_before $(fsync_stats)" | awk '{n = $3 - $1; printf "%.1f", (n > 0 ? ($4 - $2) * 1000 / n : 0)}')
    acked=$(field acked 4 "$out")
    total=$(( total + acked ))
    started=$(grep -oP '^started .*epoch ms \K\d+' "$out")
    stored_at=$(await_stored "$total")
    secs=$(awk -v a="$stored_at" -v s="$started" 'BEGIN {printf "%.2f", (a - s) / 1000}')
    printf '%s\tHazardGate\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$load" "$(field acked 8 "$out")" \
      "$(latency p50 "$out")" "$(latency p99 "$out")" "$acked" \
      "$(awk -v n="$acked" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')" "all in QuestDB ${secs} s after the start (fsync mean ${fsync_mean} ms)" \
      "$(alarm_stats "$out")" >> "$RESULTS"
    log "round $round: HazardGate $load: $(field acked 8 "$out") readings/s acknowledged, all $acked in QuestDB after $secs s"
    if [[ $load == max && $RATE == half ]]; then
      FIXED_RATE=$(awk -v r="$(field acked 8 "$out")" -v n=$READINGS 'BEGIN {printf "%.0f", r / n / 2}')
      log "round $round: the fixed load runs at half of that: $FIXED_RATE messages/s"
    fi
  done
  local count
  count=$(stored_count)
  [[ $count == "$total" ]] || { log "QuestDB holds $count readings, $total were acknowledged"; exit 1; }
  stop_gateway
}

run_mosquitto() {
  local round=$1
  start_mosquitto
  log "round $round: Mosquitto on port $MQ_PORT (pid $MQ_PID)"
  simulate load --broker "tcp://127.0.0.1:$MQ_PORT" "${LOAD_ARGS[@]}" --rate "$WARMUP_RATE" --duration "$WARMUP" \
    --subscribe-count 'plant/#' > "$WORK/mq-$round-warmup.txt"
  local load rate_arg out acked received
  for load in max fixed; do
    rate_arg=0; [[ $load == fixed ]] && rate_arg=$FIXED_RATE
    out=$WORK/mq-$round-$load.txt
    simulate load --broker "tcp://127.0.0.1:$MQ_PORT" "${LOAD_ARGS[@]}" --rate "$rate_arg" --duration "$DURATION" \
      --subscribe-count 'plant/#' > "$out"
    acked=$(field acked 4 "$out")
    received=$(field received 4 "$out")
    [[ $received == "$acked" ]] || { cat "$out" >&2; log "Mosquitto delivered $received of $acked readings"; exit 1; }
    printf '%s\tMosquitto\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\n' "$round" "$load" "$(field acked 8 "$out")" \
      "$(latency p50 "$out")" "$(latency p99 "$out")" "$received" "$(field received 8 "$out")" \
      "all delivered $(grep -oP '^received .*\(\K[0-9.]+(?= s to the last)' "$out") s after the start (delivery p50 $(delivery p50 "$out") ms)" >> "$RESULTS"
    log "round $round: Mosquitto $load: $(field acked 8 "$out") readings/s acknowledged, $(field received 8 "$out") readings/s delivered"
  done
  stop_mosquitto
}

for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then run_gateway "$round"; run_mosquitto "$round"; else run_mosquitto "$round"; run_gateway "$round"; fi
done

# --- the table ------------------------------------------------------------------------------------
CORES=$(nproc)
MEMORY=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
MQ_VERSION=$({ $MOSQUITTO -h 2>&1 || true; } | awk 'NR == 1 {print $3}')
JAVA_VERSION=$(java -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
COMMAND="bench/compare.sh"
[[ $SHAPE == bulk ]] || COMMAND+=" --shape $SHAPE"
COMMAND+=" --rounds $ROUNDS --duration $DURATION --rate $RATE"
[[ $SHAPE == loggers ]] && COMMAND+=" --alarm-every $ALARM_EVERY"
[[ -n ${HAZARDGATE_JAVA_OPTS:-} ]] && COMMAND="HAZARDGATE_JAVA_OPTS=\"$HAZARDGATE_JAVA_OPTS\" $COMMAND"
[[ -n ${HAZARDGATE_GATEWAY_JAR:-} ]] && COMMAND="HAZARDGATE_GATEWAY_JAR=$HAZARDGATE_GATEWAY_JAR $COMMAND"
if [[ $RATE == half ]]; then
  FIXED_TEXT="half the gateway's \`max\` of the round, in messages/s (the rate is in the table)"
else
  FIXED_TEXT="$RATE messages/s ($(( RATE * READINGS )) readings/s)"
fi
SECTION=$WORK/section.md
{
  echo "$SECTION_TITLE"
  echo
  echo "Written by \`$COMMAND\` on $(date -u +%Y-%m-%d):"
  echo "$CORES cores ($CPU), $MEMORY of memory, Java $JAVA_VERSION, Mosquitto $MQ_VERSION; load average at the end $LOADAVG"
  echo "(the machine is shared, so compare the two targets within a round, not rounds with each other)."
  echo
  echo "The same simulator load against both, one after the other in each round: $DEVICES devices on $CLIENTS"
  echo "connections, $READINGS readings per message, QoS 1, $INFLIGHT unacknowledged messages per connection,"
  echo "\`max\`: as fast as those windows allow for $DURATION; \`fixed\`: $FIXED_TEXT for $DURATION."
  echo "Both targets first take a $WARMUP warm-up$( (( ALARM_EVERY > 0 )) && echo " (the gateway's with alarms)"). The simulator runs on the same cores;"
  echo "the gateway runs with \`$GATEWAY_JAVA_OPTS\`."
  if (( ALARM_EVERY > 0 )); then
    echo "In the gateway's \`fixed\` run every ${ALARM_EVERY}th message of each logger carries a reading over its"
    echo "limit (the next clears it), and a control-room subscriber of \`alarm/load/#\` measures publish to"
    echo "raised event (*alarm* column: p50 / p99 / p99.9 ms, samples)."
  fi
  echo
  echo "- **HazardGate**: fresh data directory, embedded QuestDB, log fsync every batch. A PUBACK means the"
  echo "  readings are on disk; *end to end* is every acknowledged reading counted in QuestDB."
  echo "- **Mosquitto**: relaying every message to one counting QoS 1 subscriber; \`max_queued_messages 0\`"
  echo "  (unbounded: it drops nothing) and \`set_tcp_nodelay true\`. A PUBACK means the message is in"
  echo "  Mosquitto's memory; *end to end* is every message received by the subscriber."
  echo
  if (( ALARM_EVERY > 0 )); then
    echo "| round | load | target | accepted readings/s | PUBACK p50 ms | PUBACK p99 ms | end to end readings/s | end to end | alarm p50 / p99 / p99.9 ms (samples) |"
    echo "|---|---|---|---:|---:|---:|---:|---|---|"
  else
    echo "| round | load | target | accepted readings/s | PUBACK p50 ms | PUBACK p99 ms | end to end readings/s | end to end |"
    echo "|---|---|---|---:|---:|---:|---:|---|"
  fi
  tail -n +2 "$RESULTS" | sort -t$'\t' -k1,1n -k3,3 -k2,2 | \
    awk -F'\t' -v alarms="$ALARM_EVERY" '
      function grouped(n,   s, out) { s = sprintf("%.0f", n); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }
      {
        printf "| %s | %s | %s | %s | %s | %s | %s | %s |", $1, $3, $2, grouped($4), $5, $6, grouped($8), $9
        if (alarms > 0) {
          if ($10 == "-" || $10 == "") printf " – |"
          else { split($10, a, " "); printf " %s / %s / %s (%s) |", a[1], a[2], a[3], grouped(a[4]) }
        }
        printf "\n"
      }'
  echo
  echo "Ratios HazardGate / Mosquitto within each round (accepted readings/s; end to end readings/s;"
  echo "and HazardGate accepted / Mosquitto end to end, readings safe on disk against readings relayed):"
  echo
  tail -n +2 "$RESULTS" | awk -F'\t' '
    { key = $1 "\t" $3; if ($2 == "HazardGate") { ga[key] = $4; ge[key] = $8 } else { ma[key] = $4; me[key] = $8 } }
    END {
      for (k in ga) if (k in ma) {
        split(k, f, "\t")
        printf "- round %s, %s: accepted %.2f, end to end %.2f, accepted / relayed %.2f\n", f[1], f[2], ga[k] / ma[k], ge[k] / me[k], ga[k] / me[k]
      }
    }' | sort
  echo
  if [[ $SHAPE == bulk ]]; then
    echo "Reading it: at the fixed rate both targets keep up, HazardGate with every reading in QuestDB within"
    echo "a second of the last publish; its PUBACKs wait for the fsync of their group commit (the mean fsync is"
    echo "in the last column), Mosquitto's for nothing but memory. As fast as the windows allow, HazardGate"
    echo "accepts into its durable log at a rate comparable to Mosquitto's into memory (the accepted ratio),"
    echo "and the embedded QuestDB then holds every reading at the end-to-end rate, on the same two cores as"
    echo "the simulator; Mosquitto's subscriber lags far behind its acknowledgements (delivery p50 in"
    echo "seconds), a backlog in memory that a crash would lose."
    echo
  fi
  echo "Command: \`$COMMAND\` (builds the jars if needed;"
  echo "needs Debian's \`mosquitto\`)."
} > "$SECTION"
cat "$SECTION"

if (( WRITE_DOCS )); then
  DOC=$ROOT/docs/benchmarks.md
  [[ -f $DOC ]] || printf '# Benchmarks\n\nHow fast HazardGate is, measured on the machines it is built on, with the commands that\nproduced each number.\n' > "$DOC"
  awk -v section="$SECTION" -v title="$SECTION_TITLE" '
    BEGIN { while ((getline line < section) > 0) text = text line "\n" }
    $0 == title { printf "%s", text; skip = 1; done = 1; next }
    skip && /^## / { skip = 0; print ""; }
    !skip { print }
    END { if (!done) printf "\n%s", text }
  ' "$DOC" > "$WORK/benchmarks.md"
  cp "$WORK/benchmarks.md" "$DOC"
  log "updated $DOC"
fi
