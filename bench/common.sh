# Shared by the bench scripts (sourced, not run): the jars, a work directory whose processes are
# stopped by PID on exit, and a gateway started on free ports with the ports it bound read back.
# The sourcing script sets NAME (its name in messages) and ROOT (the repository) first.

# HAZARDGATE_GATEWAY_JAR: another build of the gateway to measure (say, the previous release), same layout (lib/ beside it)
BUILT_GATEWAY_JAR="$ROOT/gateway/target/hazardgate-gateway.jar"
GATEWAY_JAR="${HAZARDGATE_GATEWAY_JAR:-$BUILT_GATEWAY_JAR}"
SIMULATOR_JAR="$ROOT/simulator/target/hazardgate-simulator.jar"
GATEWAY_JAVA_OPTS=${HAZARDGATE_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseZGC}

log() { echo "$NAME: $*" >&2; }

# Builds both jars when one is missing or older than a source or pom.
build_jars() {
  if [[ ! -f $BUILT_GATEWAY_JAR || ! -f $SIMULATOR_JAR || -n $(cd "$ROOT" && find pom.xml gateway/pom.xml gateway/src/main \
        simulator/pom.xml simulator/src/main -newer "$BUILT_GATEWAY_JAR" -type f -print -quit) ]]; then
    log "building the jars (mvn package, tests skipped)..."
    (cd "$ROOT" && mvn -q -B -DskipTests package >&2)
  fi
}

# WORK: a fresh temp directory; every PID added to PIDS is stopped, and WORK removed, on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hazardgate-${NAME%.sh}.XXXXXX")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# write_load_config DEVICES SENSORS_PER_DEVICE: $WORK/load-site.yaml (gen-load-config) and $WORK/gateway.yaml,
# the gateway on loopback with every port 0, the embedded QuestDB, and that site.
write_load_config() {
  java -jar "$SIMULATOR_JAR" gen-load-config --devices "$1" --sensors-per-device "$2" --out "$WORK/load-site.yaml" >&2
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
}

# start_gateway CONFIG DATA_DIR OUT: the gateway with every port 0; sets GW_PID, GW_MQTT, GW_HTTP and
# GW_STORE (empty for an external store) from the ports it prints once started, and GW_STORE_LOGIN, the
# user:password the gateway generated for its embedded store (curl -u "$GW_STORE_LOGIN").
start_gateway() {
  local config=$1 data=$2 out=$3 i
  java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" run --config "$config" --data-dir "$data" \
    --mqtt-port 0 --http-port 0 --store-port 0 > "$out" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  for i in $(seq 1 300); do
    grep -q '^  data ' "$out" && break
    kill -0 "$GW_PID" 2>/dev/null || { cat "$out" >&2; log "the gateway did not start"; exit 1; }
    sleep 0.2
  done
  grep -q '^  data ' "$out" || { cat "$out" >&2; log "the gateway did not report its ports within 60 s"; exit 1; }
  GW_MQTT=$(grep -oP '^  mqtt\s+\S+?:\K\d+' "$out")
  GW_HTTP=$(grep -oP '^  http\s+\S+?:\K\d+' "$out")
  GW_STORE=$(grep -oP '^  store\s+\S+?:\K\d+' "$out" || true)
  GW_STORE_LOGIN=$(cat "$data/store-credentials" 2>/dev/null || true)
}
stop_gateway() { kill "$GW_PID" 2>/dev/null || true; wait "$GW_PID" 2>/dev/null || true; }

# cpu_ticks PID: the CPU time PID has used so far, user and system, in clock ticks (getconf CLK_TCK a second).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# timer_meter NAME: "count sum within-1-ms within-5-ms within-10-ms within-50-ms" of the gateway's timer
# NAME (e.g. hazardgate_alarm_journal_force_seconds) on the gateway started last; subtract two readings
# for a window.
timer_meter() {
  curl -s "http://127.0.0.1:$GW_HTTP/metrics" | awk -v n="$1" '
    $1 == n "_count" {c = $2}
    $1 == n "_sum" {s = $2}
    $1 == n "_bucket{le=\"0.001\",}" || $1 == n "_bucket{le=\"0.001\"}" {b1 = $2}
    $1 == n "_bucket{le=\"0.005\",}" || $1 == n "_bucket{le=\"0.005\"}" {b5 = $2}
    $1 == n "_bucket{le=\"0.01\",}" || $1 == n "_bucket{le=\"0.01\"}" {b10 = $2}
    $1 == n "_bucket{le=\"0.05\",}" || $1 == n "_bucket{le=\"0.05\"}" {b50 = $2}
    END {printf "%s %s %s %s %s %s", c + 0, s + 0, b1 + 0, b5 + 0, b10 + 0, b50 + 0}'
}

# delay_meter: "count sum within-1-ms within-5-ms" of hazardgate_alarm_delivery_delay_seconds (the alarm
# shard's hand-over to publication) on the gateway started last; subtract two readings for a window.
delay_meter() { timer_meter hazardgate_alarm_delivery_delay_seconds | cut -d' ' -f1-4; }
