#!/usr/bin/env bash
# Shared by the demos of docs/four-levels.md; sourced, not run. Gives each demo: the JDK 25 and the jars (built with
# the Maven wrapper when missing; never installed), a work directory, processes started in the background on free
# loopback ports and stopped on exit (also on Ctrl-C or failure; the last lines of their logs are shown on failure),
# readiness waits, a private redis-server, and the ?wait= latency probe. A demo prints its results as lines that
# start with "figure:"; `--quick` (what DemosIT runs) makes them smaller and shorter.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=0.1.0-SNAPSHOT
API_JAR="$ROOT_DIR/api-service/target/api-service-$VERSION-exec.jar"
WORKER_JAR="$ROOT_DIR/worker-service/target/worker-service-$VERSION-exec.jar"
STANDALONE_JAR="$ROOT_DIR/standalone/target/standalone-$VERSION.jar"
DEMOS_JAR="$ROOT_DIR/demos/target/demos-$VERSION-exec.jar"
DEMOS_CLASSES="$ROOT_DIR/demos/target/classes"

QUICK=false
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (only --quick)" >&2; exit 2 ;;
  esac
done

find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
    return
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /opt/java/openjdk; do
    if [ -x "$candidate/bin/javac" ] && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
      export JAVA_HOME="$candidate"
      return
    fi
  done
  echo "No JDK 25 found: set JAVA_HOME to one." >&2
  exit 1
}
find_jdk25
JAVA="$JAVA_HOME/bin/java"
JAVA_OPTS=(--enable-native-access=ALL-UNNAMED)
# A quick run only checks that the demo works, on as little CPU as it can: C1 alone and the serial GC start the JVMs
# sooner (and make the figures slower), and the services skip building their OpenAPI document. JVMs started by
# netns-cluster.sh get the JVM options through JAVA_TOOL_OPTIONS.
SERVICE_OPTS=()
if $QUICK; then
  JAVA_OPTS+=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
  SERVICE_OPTS=(--springdoc.api-docs.enabled=false --springdoc.swagger-ui.enabled=false)
fi

for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done

# Builds what is missing, with the reactor (package, not install: ~/.m2 is left alone).
need_jars() { # jar...
  local jar
  for jar in "$@"; do
    if [ ! -f "$jar" ]; then
      echo "building the jars (./mvnw -q -DskipTests package -pl api-service,worker-service,standalone,demos -am) ..." >&2
      (cd "$ROOT_DIR" && ./mvnw -q -DskipTests package -pl api-service,worker-service,standalone,demos -am)
      return
    fi
  done
}

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fourfold-demo.XXXXXX")"
PIDS=()
cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  # Newest first, by pid: each gets SIGTERM and up to 30 s, then SIGKILL.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || continue
    for _ in $(seq 1 300); do kill -0 "${PIDS[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for file in "$WORK_DIR"/*.log; do
      [ -f "$file" ] || continue
      echo "----- last lines of $(basename "$file")" >&2
      tail -n 25 "$file" >&2
    done
  fi
  rm -rf "$WORK_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
figure() { echo "figure: $*"; }

# The machine beside every figure: the demos run on shared machines, so the load is part of the result.
machine() {
  echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts a command in the background with its output in $WORK_DIR/NAME.log; its pid is in LAST_PID.
start() { # name command...
  local name=$1; shift
  "$@" >"$WORK_DIR/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

await_up() { # url name
  for _ in $(seq 1 360); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.5
  done
  die "$2 did not come up ($1)"
}

# A redis-server of the demo's own on a free loopback port, no persistence: never the shared one.
start_redis() {
  command -v redis-server >/dev/null || die "redis-server is not installed"
  REDIS_PORT="$(free_port)"
  start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK_DIR" --save "" --appendonly no
  for _ in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  die "redis-server did not answer on port $REDIS_PORT"
}

# Starts api-service on the private Redis; sets API (its base URL) and API_PID.
start_api() {
  local port management
  port="$(free_port)"
  management="$(free_port)"
  start api "$JAVA" "${JAVA_OPTS[@]}" -jar "$API_JAR" --server.port="$port" --management.server.port="$management" \
    --spring.data.redis.port="$REDIS_PORT" --fourfold.api.security.enabled=false \
    --fourfold.api.rate-limit.enabled=false "${SERVICE_OPTS[@]}" "$@"
  API_PID=$LAST_PID
  API="http://127.0.0.1:$port"
  API_HEALTH="http://127.0.0.1:$management/actuator/health/readiness"
}

# Starts a worker-service on the private Redis; sets WORKER_PID and WORKER_MANAGEMENT (its Actuator base URL).
start_worker() { # id [options...]
  local id=$1 management
  shift
  management="$(free_port)"
  start "$id" "$JAVA" "${JAVA_OPTS[@]}" -jar "$WORKER_JAR" --server.port="$management" \
    --spring.data.redis.port="$REDIS_PORT" --fourfold.worker.id="$id" "$@"
  WORKER_PID=$LAST_PID
  WORKER_MANAGEMENT="http://127.0.0.1:$management/actuator"
}

# Starts standalone (api + worker in one JVM, in-memory backend); sets API and API_HEALTH.
start_standalone() { # name [options...]
  local name=$1 port management
  shift
  port="$(free_port)"
  management="$(free_port)"
  start "$name" "$JAVA" "${JAVA_OPTS[@]}" -jar "$STANDALONE_JAR" --server.port="$port" \
    --management.server.port="$management" --fourfold.api.rate-limit.enabled=false "${SERVICE_OPTS[@]}" "$@"
  API_PID=$LAST_PID
  API="http://127.0.0.1:$port"
  API_HEALTH="http://127.0.0.1:$management/actuator/health/readiness"
}

# Request/reply as arq does it: CALLS sequential `POST /api/tasks?wait=PT10S` of an echo task over one kept-alive
# connection (after 50 not counted, to warm up), timed by curl. Prints "p50 X ms, p99 Y ms, max Z ms (N calls)"
# over the calls answered 200; any other answer is counted, not timed: "(N calls; K answered 503)".
rpc_latency() { # base-url calls
  local url="$1/api/tasks?wait=PT10S" calls=$2 urls=()
  for _ in $(seq 1 $((calls + 50))); do urls+=("$url"); done
  curl -sS -H 'Content-Type: application/json' -d '{"type":"echo","payload":{"rpc":true}}' \
    -w '\nrpc %{http_code} %{time_total}\n' "${urls[@]}" >"$WORK_DIR/rpc.out"
  grep '^rpc ' "$WORK_DIR/rpc.out" | tail -n "$calls" >"$WORK_DIR/rpc.timed"
  local others
  others="$({ grep -v '^rpc 200 ' "$WORK_DIR/rpc.timed" || true; } | cut -d' ' -f2 | sort | uniq -c | awk '{ printf "; %d answered %s", $1, $2 }')"
  grep -q '^rpc 200 ' "$WORK_DIR/rpc.timed" || die "no ?wait= call answered 200${others}"
  grep '^rpc 200 ' "$WORK_DIR/rpc.timed" | awk '{ printf "%.3f\n", $3 * 1000 }' | sort -n | awk -v others="$others" '
    { t[NR] = $1 }
    END { printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d calls%s)\n", t[int(NR * 0.50 + 0.999999)], t[int(NR * 0.99 + 0.999999)], t[NR], NR, others }'
}

# COUNT copies of one POST, all at once (curl --parallel); fails unless every one answers 200.
post_parallel() { # url json count
  local urls=()
  for _ in $(seq 1 "$3"); do urls+=("$1"); done
  curl -sS --no-progress-meter --parallel --parallel-immediate --parallel-max "$3" -H 'Content-Type: application/json' -d "$2" \
    -w '\nstatus %{http_code}\n' "${urls[@]}" >"$WORK_DIR/parallel.out"
  if [ "$(grep -c '^status 200$' "$WORK_DIR/parallel.out")" -ne "$3" ]; then
    die "not every POST $1 answered 200: $(grep '^status ' "$WORK_DIR/parallel.out" | sort | uniq -c | tr '\n' ' ')" \
      "$(grep -v '^status ' "$WORK_DIR/parallel.out" | head -c 600)"
  fi
}

# The number of tasks of TYPE in STATE (the list endpoint, newest first, at most 500).
count_tasks() { # state type
  curl -fsS "$API/api/tasks?state=$1&type=$2&limit=500" \
    | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["tasks"]))'
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
