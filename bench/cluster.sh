#!/usr/bin/env bash
# Cluster mode on one machine: what each tier costs per reading with 1, 2 and 3 alarm nodes, PUBACK
# and alarm latency, and how long an alarm node's partitions take to move when it is killed, with the
# restore of each; the section "## Cluster mode" of docs/benchmarks.md.
#
#   bench/cluster.sh [--alarm-nodes "1 2 3"] [--rate MSGS_PER_SEC] [--duration D] [--warmup D] [--no-docs]
#
# For each alarm-node count, a fresh local cluster (hazardgate cluster start: 3 Kafka nodes, 1 ingest
# node, N alarm nodes, 1 store writer with the embedded QuestDB, 6 partitions) takes the simulator's load
# of 6 sites (one per partition; 20 data loggers of 10 points each per site, 10 readings per message,
# QoS 1, one reading over its limit in every 200th message, cleared by the next), one simulator process
# per site, straight to the ingest node. The CPU time of every process (/proc/PID/stat) over the measured
# run, divided by the readings acknowledged, is the cost per reading of each tier. With 2 or more alarm
# nodes, a second run kills (-9) the node owning most partitions 10 s into the load and times, per
# partition, the kill to the survivor owning it (its /api/cluster/node, polled every 100 ms), and reads
# the survivor's restore of each from its log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ALARM_NODES="1 2 3"
RATE=300
DURATION=30s
WARMUP=10s
WRITE_DOCS=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --alarm-nodes) ALARM_NODES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --no-docs) WRITE_DOCS=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "cluster.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

SITES=6
DEVICES=20
READINGS=10
ALARM_EVERY=200
SIMULATOR_JAVA_OPTS=${HAZARDGATE_SIMULATOR_JAVA_OPTS:--Xmx256m -XX:TieredStopAtLevel=1}
NAME=cluster.sh
. "$ROOT/bench/common.sh"
build_jars
[[ -d $ROOT/kafka-broker/target/lib ]] || (cd "$ROOT" && mvn -q -B -pl kafka-broker generate-resources >&2)
TICK=$(getconf CLK_TCK)

# Every cluster started is stopped (by the PIDs it recorded) before common.sh's cleanup.
CLUSTERS=()
stop_clusters() {
  local d
  for d in "${CLUSTERS[@]}"; do "$ROOT/hazardgate" cluster stop --dir "$d" > /dev/null 2>&1 || true; done
}
trap 'stop_clusters; cleanup' EXIT

simulate() { java $SIMULATOR_JAVA_OPTS -jar "$SIMULATOR_JAR" "$@"; }
site() { echo "load-$1"; }   # load-1..load-6 fall on partitions 2,3,4,5,0,1 of 6: one site each

for s in $(seq 1 $SITES); do
  simulate gen-load-config --site "$(site "$s")" --devices $DEVICES --sensors-per-device $READINGS \
    --out "$WORK/load-$s.yaml" 2> /dev/null
done
{
  echo "mqtt: {host: 127.0.0.1, port: 0}"
  echo "http: {host: 127.0.0.1, port: 0}"
  echo "store:"
  echo "  kind: questdb-embedded"
  echo "  embedded: {host: 127.0.0.1, port: 0}"
  echo "sites:"
  for s in $(seq 1 $SITES); do echo "  - load-$s.yaml"; done
} > "$WORK/gateway.yaml"

# The processes of a started cluster, one per line: role name pid http-port mqtt-port
processes() {
  tr -d '\n' < "$1/cluster.json" | grep -oP '\{[^{}]*"role" : "[^"]+"[^{}]*\}' | while read -r obj; do
    printf '%s %s %s %s %s\n' "$(grep -oP '"role" : "\K[^"]+' <<< "$obj")" "$(grep -oP '"name" : "\K[^"]+' <<< "$obj")" \
      "$(grep -oP '"pid" : \K\d+' <<< "$obj")" "$(grep -oP '"http" : \K\d+' <<< "$obj" || echo -)" \
      "$(grep -oP '"mqtt" : \K\d+' <<< "$obj" || echo -)"
  done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
owned() { curl -s "http://127.0.0.1:$1/api/cluster/node" | grep -oP '"partitions":\[\K[0-9, ]*' | tr -d ' ' || true; }

# load DIR TAG DURATION: the six simulators against the ingest node, in parallel; summaries in DIR/TAG-N.txt
load() {
  local dir=$1 tag=$2 duration=$3 s pids=()
  for s in $(seq 1 $SITES); do
    simulate load --broker "tcp://127.0.0.1:$INGEST_MQTT" --site "$(site "$s")" --devices $DEVICES \
      --readings-per-message $READINGS --sensors-per-device $READINGS --rate $(( RATE / SITES )) --clients 1 \
      --inflight 200 --qos 1 --duration "$duration" --alarm-every $ALARM_EVERY --drain-timeout 60s --quiet \
      > "$dir/$tag-$s.txt" 2> "$dir/$tag-$s.err" &
    pids+=($!)
  done
  for s in "${pids[@]}"; do wait "$s" || { log "a simulator failed: $(cat "$dir"/"$tag"-*.err | tail -5)"; exit 1; }; done
}
# sum_acked DIR TAG: readings acknowledged over the six summaries
sum_acked() { cat "$1/$2"-*.txt | awk '/^acked / {gsub(",", "", $4); n += $4} END {print n + 0}'; }
# pct DIR TAG LINE_PREFIX P FN: percentile P of the six summaries' LINE, combined by FN (median | max)
pct() {
  cat "$1/$2"-*.txt | grep "^$3" | grep -oP "\\bp$4 \\K[0-9.]+" | sort -g | \
    awk -v fn="$5" '{v[NR] = $1} END {if (NR == 0) {print "-"; exit} if (fn == "max") print v[NR]; else print v[int((NR + 1) / 2)]}'
}

RESULTS=$WORK/results.tsv
FAILOVER=$WORK/failover.tsv
: > "$RESULTS"
: > "$FAILOVER"
for n in $ALARM_NODES; do
  dir=$WORK/cluster-$n
  log "cluster with $n alarm node(s): starting"
  CLUSTERS+=("$dir")
  "$ROOT/hazardgate" cluster start --kafka 3 --ingest 1 --alarm "$n" --partitions $SITES --config "$WORK/gateway.yaml" \
    --dir "$dir" > "$WORK/start-$n.json"
  processes "$dir" > "$WORK/procs-$n.txt"
  INGEST_MQTT=$(awk '$1 == "ingest" {print $5; exit}' "$WORK/procs-$n.txt")
  INGEST_HTTP=$(awk '$1 == "ingest" {print $4; exit}' "$WORK/procs-$n.txt")
  log "warm-up $WARMUP"
  load "$WORK" "warmup-$n" "$WARMUP"
  declare -A before=()
  while read -r role name pid rest; do before[$pid]=$(cpu_ticks "$pid"); done < "$WORK/procs-$n.txt"
  log "measuring $DURATION at $RATE msg/s ($(( RATE * READINGS )) readings/s)"
  started=$(date +%s%3N)
  load "$WORK" "run-$n" "$DURATION"
  ended=$(date +%s%3N)
  declare -A tier=()
  while read -r role name pid rest; do
    tier[$role]=$(( ${tier[$role]:-0} + $(cpu_ticks "$pid") - ${before[$pid]} ))
  done < "$WORK/procs-$n.txt"
  acked=$(sum_acked "$WORK" "run-$n")
  metrics=$(curl -s "http://127.0.0.1:$INGEST_HTTP/metrics")
  kafka_ack_p99=$(grep -oP '^hazardgate_cluster_readings_ack_seconds\{quantile="0.99"\} \K[0-9.eE+-]+' <<< "$metrics" || echo 0)
  egress_p50=$(grep -oP '^hazardgate_cluster_alarm_latency_seconds\{quantile="0.5"\} \K[0-9.eE+-]+' <<< "$metrics" || echo 0)
  egress_p99=$(grep -oP '^hazardgate_cluster_alarm_latency_seconds\{quantile="0.99"\} \K[0-9.eE+-]+' <<< "$metrics" || echo 0)
  # µs of CPU per reading: ticks / TICK s, over the readings acknowledged
  per() { awk -v t="${tier[$1]:-0}" -v hz="$TICK" -v n="$acked" 'BEGIN {printf "%.1f", n ? t / hz * 1e6 / n : 0}'; }
  printf '%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%.1f\n' "$n" "$acked" \
    "$(awk -v n="$acked" -v ms=$(( ended - started )) 'BEGIN {print n * 1000 / ms}')" \
    "$(per ingest)" "$(per alarm)" "$(per store-writer)" "$(per kafka)" \
    "$(pct "$WORK" "run-$n" "PUBACK latency" 50 median)" "$(pct "$WORK" "run-$n" "PUBACK latency" 99 max)" \
    "$(pct "$WORK" "run-$n" "alarm latency" 50 median)" "$(pct "$WORK" "run-$n" "alarm latency" 99 max)" \
    "$(cat "$WORK/run-$n"-*.txt | awk '/^alarms / {gsub(",", "", $11); m += $11} END {print m + 0}')" \
    "$(awk -v s="$kafka_ack_p99" 'BEGIN {print s * 1000}')" "$(awk -v s="$egress_p50" 'BEGIN {print s * 1000}')" \
    "$(awk -v s="$egress_p99" 'BEGIN {print s * 1000}')" >> "$RESULTS"
  log "$(tail -1 "$RESULTS")"

  if (( n >= 2 )); then
    log "failover: the alarm node owning most partitions is killed 10 s into a 40 s load"
    load "$WORK" "failover-$n" 40s &
    load_pid=$!
    sleep 10
    victim= victim_parts= most=-1
    while read -r role name pid http mqtt; do
      [[ $role == alarm ]] || continue
      p=$(owned "$http")
      c=$(tr ',' '\n' <<< "$p" | grep -c . || true)
      if (( c > most )); then most=$c; victim=$pid; victim_name=$name; victim_parts=$p; fi
    done < "$WORK/procs-$n.txt"
    kill -9 "$victim"
    killed=$(date +%s%3N)
    declare -A moved=()
    while (( ${#moved[@]} < most && $(date +%s%3N) - killed < 60000 )); do
      while read -r role name pid http mqtt; do
        [[ $role == alarm && $pid != "$victim" ]] || continue
        for part in $(tr ',' ' ' <<< "$(owned "$http")"); do
          if [[ ,$victim_parts, == *",$part,"* && -z ${moved[$part]:-} ]]; then
            moved[$part]="$(( $(date +%s%3N) - killed )) $name"
          fi
        done
      done < "$WORK/procs-$n.txt"
      sleep 0.1
    done
    wait "$load_pid"
    since=$(date -d "@$(( killed / 1000 ))" '+%H:%M:%S')
    for part in $(tr ',' ' ' <<< "$victim_parts"); do
      read -r ms survivor <<< "${moved[$part]:-- -}"
      restore=$( [[ $survivor == - ]] || awk -v since="$since" -v p="$part" '
        $2 >= since && $0 ~ ("took partition " p ":") {
          match($0, /restored [0-9]+ sensor states \([0-9]+ bytes/); r = substr($0, RSTART, RLENGTH)
          split(r, a, /[ (]/); states = a[2]; bytes = a[6]
          match($0, /in [0-9]+ ms/); t = substr($0, RSTART + 3, RLENGTH - 6)
          last = states "\t" bytes "\t" t
        } END { print last }' "$dir/$survivor.log")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$victim_name" "$part" "$ms" "$survivor" "${restore:-"-	-	-"}" >> "$FAILOVER"
    done
    log "failover: $(awk -v n="$n" '$1 == n' "$FAILOVER" | tr '\n' ';')"
  fi
  "$ROOT/hazardgate" cluster stop --dir "$dir" > /dev/null
  unset 'CLUSTERS[-1]'
done

SECTION=$WORK/section.md
cores=$(nproc)
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
{
  echo "## Cluster mode"
  echo
  echo "Measured on $(date -u +%Y-%m-%d), $cores cores, $mem, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine"
  echo "is shared with other builds: absolute numbers are upper bounds, compare the rows of one run). Every"
  echo "process runs on these cores: 3 Kafka nodes (KRaft, \`-Xmx256m\`), 1 ingest node, the alarm nodes, 1 store"
  echo "writer with the embedded QuestDB, and the $SITES simulators. $SITES sites of $DEVICES loggers × $READINGS points, one"
  echo "site per partition (6 partitions, 3 copies), $READINGS readings per message, QoS 1, $RATE messages/s"
  echo "($(( RATE * READINGS )) readings/s) for $DURATION after a $WARMUP warm-up; every ${ALARM_EVERY}th message of a logger raises an"
  echo "alarm that the next clears."
  echo
  echo "### CPU per reading per tier, latency"
  echo
  echo "| alarm nodes | readings acked | readings/s | ingest µs | alarm tier µs | store writer µs | Kafka (3 nodes) µs | PUBACK p50 / p99 ms | alarm p50 / p99 ms | alarms missing | Kafka ack p99 ms | egress p50 / p99 ms |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s | %s | %s / %s |\n",
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15}' "$RESULTS"
  echo
  echo "- *µs* columns: CPU time (user + system) of that tier's processes over the measured run, per reading"
  echo "  acknowledged. The alarm tier is the sum over its nodes: with more nodes the same work is spread, and"
  echo "  each node's fixed cost (heartbeats, timed work, transactions per round) is paid again."
  echo "- *PUBACK*: at the simulator, publish to PUBACK (Kafka \`acks=all\` on 2 of 3 copies); median of the $SITES"
  echo "  simulators' p50, highest of their p99. *alarm*: at the simulator, publish to the raised event on"
  echo "  \`alarm/{site}/#\` (ingest, Kafka, alarm tier transaction, Kafka, egress). *Kafka ack*: the ingest"
  echo "  node's send to \`acks=all\`. *egress*: the ingest node's reading arrival to the event's delivery there"
  echo "  (since the node started, warm-up included)."
  if [[ -s $FAILOVER ]]; then
    echo
    echo "### Failover and restore"
    echo
    echo "\`kill -9\` of the alarm node owning most partitions, 10 s into a 40 s load as above. *moved*: from the"
    echo "kill to the survivor's \`/api/cluster/node\` listing the partition (polled every 100 ms), which it does"
    echo "once the partition's state is restored; *restore*: the survivor's own log line for it."
    echo
    echo "| alarm nodes | killed | partition | moved after ms | to | sensor states restored | changelog bytes read | restore ms |"
    echo "|---:|---|---:|---:|---|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8}' "$FAILOVER"
    echo
    echo "Failover is the consumer-group session of the local cluster (4 s; docs/operations.md gives production"
    echo "values) plus, for a partition whose dead owner left a transaction open, the wait for the broker to"
    echo "abort it (the cluster's \`transactionTimeout\`), then the restore, which reads the partition's compacted"
    echo "changelog (the newest state of each sensor, and older records not compacted yet)."
  fi
  echo
  echo "Command: \`bench/cluster.sh --alarm-nodes \"$ALARM_NODES\" --rate $RATE --duration $DURATION --warmup $WARMUP\`"
  echo "(builds the jars and gathers the Kafka jars if needed; starts and stops every process itself)."
} > "$SECTION"
cat "$SECTION"

if (( WRITE_DOCS )); then
  DOC=$ROOT/docs/benchmarks.md
  awk -v section="$SECTION" '
    BEGIN { while ((getline line < section) > 0) text = text line "\n" }
    /^## Cluster mode/ { printf "%s", text; skip = 1; done = 1; next }
    skip && /^## / { skip = 0; print ""; }
    !skip { print }
    END { if (!done) printf "\n%s", text }
  ' "$DOC" > "$WORK/benchmarks.md"
  cp "$WORK/benchmarks.md" "$DOC"
  log "updated $DOC"
fi
