#!/usr/bin/env bash
# End-to-end speed on Redis: a private redis-server, one api-service and W worker-service JVMs, each on its own
# free port. N no-op `echo` tasks are enqueued through POST /api/tasks/batch (1000 per request) BEFORE any worker
# starts; then the workers start and drain them. The drain is timed from the first finished task to the last, by
# polling the length of the work stream (every entry is deleted in the same script that stores its outcome, so
# length 0 means every outcome is stored); JVM start-up is not counted. Afterwards every task record is checked to
# be SUCCEEDED. In the same run, redis-benchmark measures raw XADD on the same Redis: the ceiling.
#
#   scripts/bench-redis.sh [-n N] [-w WORKERS] [--aof] [--sleep MS]
#
# --aof runs Redis with appendonly yes + appendfsync everysec (default: --save "" --appendonly no).
# --sleep MS enqueues `sleep` tasks of MS milliseconds instead of `echo`, and gives each worker N VIRTUAL slots: the
# IO-bound drain of the harness's sleep scenario, here to profile it.
# Needs redis-server, redis-cli, redis-benchmark, curl, JDK 25 (JAVA_HOME); builds the jars (./mvnw -q -DskipTests
# install) only when they are missing. WORKER_OPTS adds JVM options to the workers (e.g. a JFR recording);
# API_JAR / WORKER_JAR run other builds (e.g. an older commit, for a before/after figure).
# Prints a Markdown table; everything it starts goes away on exit.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_JAR="${API_JAR:-$ROOT_DIR/api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar}"
WORKER_JAR="${WORKER_JAR:-$ROOT_DIR/worker-service/target/worker-service-0.1.0-SNAPSHOT-exec.jar}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
N=100000
WORKERS=1
AOF=false
BATCH=1000
PARALLEL_SUBMITS=4
TYPE=echo
PAYLOAD='{}'
SLEEP_MS=""
WORKER_OPTS="${WORKER_OPTS:-}"

while [ $# -gt 0 ]; do
  case "$1" in
    -n) N="$2"; shift 2 ;;
    -w | --workers) WORKERS="$2"; shift 2 ;;
    --aof) AOF=true; shift ;;
    --sleep) SLEEP_MS="$2"; TYPE=sleep; PAYLOAD="{'millis': $2}"; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ $((N % BATCH)) -ne 0 ]; then
  echo "N must be a multiple of $BATCH" >&2
  exit 2
fi

if [ ! -f "$API_JAR" ] || [ ! -f "$WORKER_JAR" ]; then
  echo "Building the jars ..." >&2
  (cd "$ROOT_DIR" && ./mvnw -q -DskipTests install)
fi

WORK_DIR="$(mktemp -d -t fourfold-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now_ns() {
  date +%s%N
}

await_up() { # url, what, log
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null "$1"; then
      return 0
    fi
    sleep 0.5
  done
  echo "$2 did not come up; its log:" >&2
  tail -40 "$3" >&2
  exit 1
}

REDIS_PORT="$(free_port)"
REDIS=(redis-cli -p "$REDIS_PORT")
if [ "$AOF" = true ]; then
  PERSISTENCE=(--save "" --appendonly yes --appendfsync everysec)
  MODE="AOF everysec"
else
  PERSISTENCE=(--save "" --appendonly no)
  MODE="no persistence"
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK_DIR" "${PERSISTENCE[@]}" \
  >"$WORK_DIR/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do
  "${REDIS[@]}" ping >/dev/null 2>&1 && break
  sleep 0.1
done

# The raw ceiling on this Redis, before anything else runs on it.
XADD_LINE="$(redis-benchmark -p "$REDIS_PORT" -c 50 -n 200000 -q XADD bench:xadd '*' f v 2>/dev/null | tr '\r' '\n' \
  | grep -o '[0-9.]* requests per second' | tail -1)"
XADD_RATE="${XADD_LINE%% *}"
"${REDIS[@]}" del bench:xadd >/dev/null

API_PORT="$(free_port)"
API_MANAGEMENT_PORT="$(free_port)"
"$JAVA" -jar "$API_JAR" --server.port="$API_PORT" --management.server.port="$API_MANAGEMENT_PORT" \
  --spring.data.redis.port="$REDIS_PORT" --fourfold.api.task-types="$TYPE" \
  --fourfold.api.security.enabled=false --fourfold.api.rate-limit.enabled=false >"$WORK_DIR/api.log" 2>&1 &
PIDS+=($!)
await_up "http://127.0.0.1:$API_MANAGEMENT_PORT/actuator/health/readiness" api-service "$WORK_DIR/api.log"

# Enqueue, before any worker runs.
python3 -c "import json; print(json.dumps([{'type': '$TYPE', 'payload': $PAYLOAD}] * $BATCH))" >"$WORK_DIR/batch.json"
submit_started="$(now_ns)"
seq 1 $((N / BATCH)) | xargs -P "$PARALLEL_SUBMITS" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H 'Content-Type: application/json' --data-binary @"$WORK_DIR/batch.json" \
  "http://127.0.0.1:$API_PORT/api/tasks/batch" >"$WORK_DIR/codes"
submit_ended="$(now_ns)"
if [ "$(grep -c '^202$' "$WORK_DIR/codes")" -ne $((N / BATCH)) ]; then
  echo "Some batches were not accepted:" >&2
  sort "$WORK_DIR/codes" | uniq -c >&2
  exit 1
fi
STREAM="fourfold:stream:default:0"
queued="$("${REDIS[@]}" xlen "$STREAM")"
if [ "$queued" -ne "$N" ]; then
  echo "Expected $N entries in $STREAM, found $queued" >&2
  exit 1
fi

"${REDIS[@]}" config resetstat >/dev/null
REDIS_PID="${PIDS[0]}"
WORKER_PIDS=()
for index in $(seq 1 "$WORKERS"); do
  port="$(free_port)"
  # shellcheck disable=SC2086 # WORKER_OPTS is a list of JVM options
  "$JAVA" $WORKER_OPTS -jar "$WORKER_JAR" --server.port="$port" --spring.data.redis.port="$REDIS_PORT" \
    --fourfold.worker.id="bench-worker-$index" ${SLEEP_MS:+--fourfold.worker.slots.virtual=$N} \
    >"$WORK_DIR/worker-$index.log" 2>&1 &
  PIDS+=($!)
  WORKER_PIDS+=($!)
done

cpu_ticks() { # pids...: user + system clock ticks used so far
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}

# Timed from the first poll that sees fewer entries to the first that sees none.
first_ns=""
first_left=""
deadline=$(($(date +%s) + 600))
while :; do
  left="$("${REDIS[@]}" xlen "$STREAM")"
  t="$(now_ns)"
  if [ -z "$first_ns" ] && [ "$left" -lt "$N" ]; then
    first_ns="$t"
    first_left="$left"
    redis_ticks="$(cpu_ticks "$REDIS_PID")"
    worker_ticks="$(cpu_ticks "${WORKER_PIDS[@]}")"
  fi
  if [ "$left" -eq 0 ]; then
    last_ns="$t"
    redis_ticks=$(($(cpu_ticks "$REDIS_PID") - redis_ticks))
    worker_ticks=$(($(cpu_ticks "${WORKER_PIDS[@]}") - worker_ticks))
    break
  fi
  if [ "$(date +%s)" -gt "$deadline" ]; then
    echo "Not drained within 600 s ($left left); worker log:" >&2
    tail -40 "$WORK_DIR/worker-1.log" >&2
    exit 1
  fi
  sleep 0.02
done

# Where Redis spent its time during the drain (commands called from scripts are counted too), most first.
"${REDIS[@]}" info commandstats | tr -d '\r' | grep '^cmdstat_' | sed 's/^cmdstat_//; s/:calls=/ /; s/,usec=/ /; s/,usec_per_call=/ /; s/,.*//' \
  | sort -k3 -n -r | head -12 | awk 'BEGIN { print "command calls usec usec/call" } { print }' >"$WORK_DIR/commandstats"

SUCCEEDED="$("${REDIS[@]}" eval "
local count, cursor = 0, '0'
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = page[1]
  for _, key in ipairs(page[2]) do
    if redis.call('HGET', key, 'state') == 'SUCCEEDED' then count = count + 1 end
  end
until cursor == '0'
return count" 0 'fourfold:task:*')"

rate() { # count, nanoseconds
  awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.0f", n / (ns / 1e9) }'
}
seconds() {
  awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'
}
drain_ns=$((last_ns - first_ns))
submit_ns=$((submit_ended - submit_started))

echo
echo "Redis end to end: N=$N $TYPE tasks${SLEEP_MS:+ of $SLEEP_MS ms}, $WORKERS worker JVM(s), Redis $MODE, $(nproc) cores"
echo
echo "| measure | count | seconds | per second |"
echo "|---|---:|---:|---:|"
echo "| raw \`XADD\` (redis-benchmark -c 50 -n 200000) | 200000 | | ${XADD_RATE%.*} |"
echo "| enqueue via \`POST /api/tasks/batch\` ($PARALLEL_SUBMITS clients) | $N | $(seconds "$submit_ns") | $(rate "$N" "$submit_ns") |"
echo "| drain: first to last outcome stored | $first_left | $(seconds "$drain_ns") | $(rate "$first_left" "$drain_ns") |"
cpu_per_task() { # ticks, tasks: CPU microseconds per task
  awk -v ticks="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.0f", ticks / hz * 1e6 / n }'
}
echo "| CPU per task during the drain: redis-server / worker JVM(s), µs | | | $(cpu_per_task "$redis_ticks" "$first_left") / $(cpu_per_task "$worker_ticks" "$first_left") |"
echo
echo "Machine load when the drain ended: $(cut -d' ' -f1-3 /proc/loadavg) (load average 1/5/15 min)."
echo "SUCCEEDED records: $SUCCEEDED of $N. Redis time by command during the drain:"
column -t "$WORK_DIR/commandstats" | sed 's/^/    /'
if [ "$SUCCEEDED" -ne "$N" ]; then
  exit 1
fi
