#!/usr/bin/env bash
# The same simulator load against HazardGate and against Debian's Mosquitto, side by side in one run,
# and the comparison table in docs/benchmarks.md ("## End to end: HazardGate vs Mosquitto").
#
#   bench/compare.sh [--rounds N] [--duration D] [--rate MSGS_PER_SEC] [--warmup D] [--no-docs]
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
RATE=3000
WARMUP=10s
WRITE_DOCS=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --no-docs) WRITE_DOCS=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

DEVICES=100
READINGS=100
CLIENTS=8
INFLIGHT=1000
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

java -jar "$SIMULATOR_JAR" gen-load-config --devices $DEVICES --sensors-per-device $READINGS --out "$WORK/load-site.yaml" >&2
cat > "$WORK/gateway.yaml" <<YAML
mqtt: {host: 127.0.0.1, port: 0}
http: {host: 127.0.0.1, port: 0}
store:
  kind: questdb-embedded
  embedded: {host: 127.0.0.1, port: 0}
dataDir: data
sites:
  - load-site.yaml
YAML

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
      if grep -q ' running$' "$out"; then PIDS+=("$MQ_PID"); MQ_PORT=$port; return 0; fi
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
printf 'round\ttarget\tload\taccepted\tp50\tp99\tend\tend_rate\tend_note\n' > "$RESULTS"

run_gateway() {
  local round=$1
  start_gateway "$WORK/gateway.yaml" "$WORK/gw-data-$round" "$WORK/gw-$round.out"
  log "round $round: HazardGate on port $GW_MQTT (pid $GW_PID)"
  simulate load --broker "tcp://127.0.0.1:$GW_MQTT" "${LOAD_ARGS[@]}" --rate "$RATE" --duration "$WARMUP" > "$WORK/gw-$round-warmup.txt"
  local total
  total=$(field acked 4 "$WORK/gw-$round-warmup.txt")
  local load rate_arg out acked started stored_at secs fsyncs_before fsync_mean
  for load in max fixed; do
    rate_arg=0; [[ $load == fixed ]] && rate_arg=$RATE
    out=$WORK/gw-$round-$load.txt
    fsyncs_before=$(fsync_stats)
    simulate load --broker "tcp://127.0.0.1:$GW_MQTT" "${LOAD_ARGS[@]}" --rate "$rate_arg" --duration "$DURATION" > "$out"
    fsync_mean=$(echo "$fsyncs_before $(fsync_stats)" | awk '{n = $3 - $1; printf "%.1f", (n > 0 ? ($4 - $2) * 1000 / n : 0)}')
    acked=$(field acked 4 "$out")
    total=$(( total + acked ))
    started=$(grep -oP '^started .*epoch ms \K\d+' "$out")
    stored_at=$(await_stored "$total")
    secs=$(awk -v a="$stored_at" -v s="$started" 'BEGIN {printf "%.2f", (a - s) / 1000}')
    printf '%s\tHazardGate\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$load" "$(field acked 8 "$out")" \
      "$(latency p50 "$out")" "$(latency p99 "$out")" "$acked" \
      "$(awk -v n="$acked" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')" "all in QuestDB ${secs} s after the start (fsync mean ${fsync_mean} ms)" >> "$RESULTS"
    log "round $round: HazardGate $load: $(field acked 8 "$out") readings/s acknowledged, all $acked in QuestDB after $secs s"
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
  simulate load --broker "tcp://127.0.0.1:$MQ_PORT" "${LOAD_ARGS[@]}" --rate "$RATE" --duration "$WARMUP" \
    --subscribe-count 'plant/#' > "$WORK/mq-$round-warmup.txt"
  local load rate_arg out acked received
  for load in max fixed; do
    rate_arg=0; [[ $load == fixed ]] && rate_arg=$RATE
    out=$WORK/mq-$round-$load.txt
    simulate load --broker "tcp://127.0.0.1:$MQ_PORT" "${LOAD_ARGS[@]}" --rate "$rate_arg" --duration "$DURATION" \
      --subscribe-count 'plant/#' > "$out"
    acked=$(field acked 4 "$out")
    received=$(field received 4 "$out")
    [[ $received == "$acked" ]] || { cat "$out" >&2; log "Mosquitto delivered $received of $acked readings"; exit 1; }
    printf '%s\tMosquitto\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$load" "$(field acked 8 "$out")" \
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
SECTION=$WORK/section.md
{
  echo "## End to end: HazardGate vs Mosquitto"
  echo
  echo "Written by \`bench/compare.sh --rounds $ROUNDS --duration $DURATION --rate $RATE\` on $(date -u +%Y-%m-%d):"
  echo "$CORES cores ($CPU), $MEMORY of memory, Java $JAVA_VERSION, Mosquitto $MQ_VERSION; load average at the end $LOADAVG"
  echo "(the machine is shared, so compare the two targets within a round, not rounds with each other)."
  echo
  echo "The same simulator load against both, one after the other in each round: $DEVICES devices on $CLIENTS"
  echo "connections, $READINGS readings per message, QoS 1, $INFLIGHT unacknowledged messages per connection,"
  echo "\`max\`: as fast as those windows allow for $DURATION; \`fixed\`: $RATE messages/s ($(( RATE * READINGS )) readings/s) for $DURATION."
  echo "Both targets first take a $WARMUP warm-up at the fixed rate. The simulator runs on the same cores."
  echo
  echo "- **HazardGate**: fresh data directory, embedded QuestDB, log fsync every batch. A PUBACK means the"
  echo "  readings are on disk; *end to end* is every acknowledged reading counted in QuestDB."
  echo "- **Mosquitto**: relaying every message to one counting QoS 1 subscriber; \`max_queued_messages 0\`"
  echo "  (unbounded: it drops nothing) and \`set_tcp_nodelay true\`. A PUBACK means the message is in"
  echo "  Mosquitto's memory; *end to end* is every message received by the subscriber."
  echo
  echo "| round | load | target | accepted readings/s | PUBACK p50 ms | PUBACK p99 ms | end to end readings/s | end to end |"
  echo "|---|---|---|---:|---:|---:|---:|---|"
  tail -n +2 "$RESULTS" | sort -t$'\t' -k1,1n -k3,3 -k2,2 | \
    awk -F'\t' '
      function grouped(n,   s, out) { s = sprintf("%.0f", n); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }
      {printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $3, $2, grouped($4), $5, $6, grouped($8), $9}'
  echo
  echo "Ratios HazardGate / Mosquitto within each round (accepted readings/s; end to end readings/s):"
  echo
  tail -n +2 "$RESULTS" | awk -F'\t' '
    { key = $1 "\t" $3; if ($2 == "HazardGate") { ga[key] = $4; ge[key] = $8 } else { ma[key] = $4; me[key] = $8 } }
    END {
      for (k in ga) if (k in ma) {
        split(k, f, "\t")
        printf "- round %s, %s: accepted %.2f, end to end %.2f\n", f[1], f[2], ga[k] / ma[k], ge[k] / me[k]
      }
    }' | sort
  echo
  echo "Reading it: at the fixed rate both targets keep up, HazardGate with every reading in QuestDB within"
  echo "a second of the last publish; its PUBACKs wait for the fsync of their group commit (the mean fsync is"
  echo "in the last column), Mosquitto's for nothing but memory. As fast as the windows allow, HazardGate"
  echo "accepts into its durable log at a rate comparable to Mosquitto's into memory (the accepted ratio),"
  echo "and the embedded QuestDB then holds every reading at the end-to-end rate, on the same two cores as"
  echo "the simulator; Mosquitto's subscriber lags far behind its acknowledgements (delivery p50 in"
  echo "seconds), a backlog in memory that a crash would lose."
  echo
  echo "Command: \`bench/compare.sh --rounds $ROUNDS --duration $DURATION --rate $RATE\` (builds the jars if needed;"
  echo "needs Debian's \`mosquitto\`)."
} > "$SECTION"
cat "$SECTION"

if (( WRITE_DOCS )); then
  DOC=$ROOT/docs/benchmarks.md
  [[ -f $DOC ]] || printf '# Benchmarks\n\nHow fast HazardGate is, measured on the machines it is built on, with the commands that\nproduced each number.\n' > "$DOC"
  awk -v section="$SECTION" '
    BEGIN { while ((getline line < section) > 0) text = text line "\n" }
    /^## End to end: HazardGate vs Mosquitto$/ { printf "%s", text; skip = 1; done = 1; next }
    skip && /^## / { skip = 0; print ""; }
    !skip { print }
    END { if (!done) printf "\n%s", text }
  ' "$DOC" > "$WORK/benchmarks.md"
  cp "$WORK/benchmarks.md" "$DOC"
  log "updated $DOC"
fi
