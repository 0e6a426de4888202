#!/usr/bin/env bash
# Runs Fourfold on one machine as separate processes on Redis: one api-service and N worker-service JVMs, each on
# its own ports, sharing work through a Redis. Prints the URLs and a curl session, keeps running until Ctrl-C, then
# stops everything it started (by pid; workers drain first).
#
#   scripts/run-redis.sh [-n WORKERS] [--private | --redis-host H --redis-port P] [--prefix P] [--port-base PORT]
#   scripts/run-redis.sh --smoke [--private] [-n WORKERS]      # start, check, stop; exit status says how it went
#
# By default it uses the Redis on 127.0.0.1:6379 under the key prefix "fourfold-local:"; --private starts a
# redis-server of its own on a free port (AOF on, files under run/) instead. Needs JDK 25 (JAVA_HOME or java on the
# PATH), curl, and the exec jars: ./mvnw -q -DskipTests install. Logs go to run/redis-local/ (run/redis-smoke/).
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKERS=2
PRIVATE=false
SMOKE=false
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
KEY_PREFIX=fourfold-local:
PORT_BASE=8080
TIMEOUT=180
API_JAR="$ROOT_DIR/api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar"
WORKER_JAR="$ROOT_DIR/worker-service/target/worker-service-0.1.0-SNAPSHOT-exec.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  cat <<USAGE

Options:
  -n, --workers N      worker processes; default $WORKERS
  --private            start a private redis-server on a free port instead of using --redis-host/--redis-port
  --redis-host HOST    default $REDIS_HOST
  --redis-port PORT    default $REDIS_PORT
  --prefix P           Redis key prefix; default $KEY_PREFIX (--smoke: a random one)
  --port-base PORT     api on PORT, its Actuator on PORT+1, worker i's Actuator on PORT+1+i; default $PORT_BASE
                       (--smoke: free ports)
  --timeout SECONDS    how long to wait for readiness; default $TIMEOUT
  --smoke              start, submit an echo with ?wait=, follow it by SSE, cancel a running sleep, stop
  --api-jar JAR, --worker-jar JAR
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    -n | --workers) WORKERS="$2"; shift 2 ;;
    --private) PRIVATE=true; shift ;;
    --redis-host) REDIS_HOST="$2"; shift 2 ;;
    --redis-port) REDIS_PORT="$2"; shift 2 ;;
    --prefix) KEY_PREFIX="$2"; shift 2 ;;
    --port-base) PORT_BASE="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --smoke) SMOKE=true; shift ;;
    --api-jar) API_JAR="$2"; shift 2 ;;
    --worker-jar) WORKER_JAR="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "run-redis: $*" >&2; exit 1; }
log() { echo "run-redis: $*"; }

[[ "$WORKERS" =~ ^[1-9][0-9]?$ ]] || die "--workers must be 1..99"
command -v curl >/dev/null || die "curl is not installed"
"$JAVA" -version 2>&1 | grep -q 'version "25' || die "$JAVA is not a JDK 25: set JAVA_HOME"
[ -f "$API_JAR" ] || die "no api jar at $API_JAR (./mvnw -q -DskipTests install)"
[ -f "$WORKER_JAR" ] || die "no worker jar at $WORKER_JAR (./mvnw -q -DskipTests install)"
if $PRIVATE; then command -v redis-server >/dev/null || die "--private needs redis-server"; fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Below Linux's ephemeral range (32768+), where outgoing connections would take ports from under us; never one
# this script already chose.
CHOSEN_PORTS=" "
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    if [[ "$CHOSEN_PORTS" != *" $port "* ]] && ! port_in_use "$port"; then
      CHOSEN_PORTS="$CHOSEN_PORTS$port "
      FREE_PORT=$port
      return
    fi
  done
}

if $SMOKE; then
  RUN_DIR="$ROOT_DIR/run/redis-smoke"
  KEY_PREFIX="fourfold-smoke-$RANDOM$RANDOM:"
  free_port; API_PORT=$FREE_PORT
  free_port; API_MANAGEMENT_PORT=$FREE_PORT
  WORKER_PORTS=(); for i in $(seq 1 "$WORKERS"); do free_port; WORKER_PORTS+=("$FREE_PORT"); done
else
  RUN_DIR="$ROOT_DIR/run/redis-local"
  API_PORT=$PORT_BASE; API_MANAGEMENT_PORT=$((PORT_BASE + 1))
  WORKER_PORTS=(); for i in $(seq 1 "$WORKERS"); do WORKER_PORTS+=("$((PORT_BASE + 1 + i))"); done
  for port in "$API_PORT" "$API_MANAGEMENT_PORT" "${WORKER_PORTS[@]}"; do
    port_in_use "$port" && die "port $port is in use: stop what uses it or pass --port-base"
  done
fi
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
PIDS=()
REDIS_PID=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  log "stopping"
  # By pid, newest first: workers get SIGTERM and drain (up to their 30 s drain timeout), then the api.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 45); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$REDIS_PID" ]; then
    kill -TERM "$REDIS_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$REDIS_PID" 2>/dev/null || true
    rm -rf "$RUN_DIR/redis"
  fi
  # 130 is Ctrl-C (or SIGTERM), the normal way to stop: the logs' tails are for failures only.
  if [ "$status" -ne 0 ] && [ "$status" -ne 130 ]; then
    for file in "$RUN_DIR"/*.log; do
      [ -f "$file" ] || continue
      echo "----- last lines of $file"
      tail -n 30 "$file"
    done
  fi
  log "stopped; logs in $RUN_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if $PRIVATE; then
  REDIS_HOST=127.0.0.1
  free_port; REDIS_PORT=$FREE_PORT
  mkdir -p "$RUN_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RUN_DIR/redis" --appendonly yes --appendfsync always \
    --save '' --maxmemory-policy noeviction >"$RUN_DIR/redis.log" 2>&1 &
  REDIS_PID=$!
  log "private redis-server (pid $REDIS_PID) on 127.0.0.1:$REDIS_PORT, files in $RUN_DIR/redis"
fi
redis_answers() { (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG); }
for _ in $(seq 1 50); do redis_answers 2>/dev/null && break; sleep 0.2; done
redis_answers 2>/dev/null || die "no Redis answers on $REDIS_HOST:$REDIS_PORT (start one, or use --private)"

# Quicker starts on a small machine: C1 only and the serial collector are plenty for a local run.
JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m)
REDIS_ARGS=(--spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT"
  --fourfold.redis.key-prefix="$KEY_PREFIX" --spring.output.ansi.enabled=never)

# A local run, like standalone: auth off (api-service has it on by default; see README "Security and limits").
"$JAVA" "${JVM_FLAGS[@]}" -jar "$API_JAR" "${REDIS_ARGS[@]}" --server.port="$API_PORT" \
  --management.server.port="$API_MANAGEMENT_PORT" --fourfold.api.security.enabled=false >"$RUN_DIR/api.log" 2>&1 &
PIDS+=($!)
for i in $(seq 1 "$WORKERS"); do
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$WORKER_JAR" "${REDIS_ARGS[@]}" --server.port="${WORKER_PORTS[i - 1]}" \
    --fourfold.worker.id="worker-$i" >"$RUN_DIR/worker-$i.log" 2>&1 &
  PIDS+=($!)
done

wait_ready() {
  local name=$1 port=$2 pid=$3
  for _ in $(seq 1 "$TIMEOUT"); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || die "$name (pid $pid) exited; see $RUN_DIR/$name.log"
    sleep 1
  done
  die "$name did not become ready within $TIMEOUT s"
}
log "starting api (pid ${PIDS[0]})$(for i in $(seq 1 "$WORKERS"); do printf ', worker-%s (pid %s)' "$i" "${PIDS[i]}"; done) on Redis $REDIS_HOST:$REDIS_PORT, key prefix $KEY_PREFIX"
wait_ready api "$API_MANAGEMENT_PORT" "${PIDS[0]}"
for i in $(seq 1 "$WORKERS"); do wait_ready "worker-$i" "${WORKER_PORTS[i - 1]}" "${PIDS[i]}"; done

API="http://127.0.0.1:$API_PORT"
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p"; }

if $SMOKE; then
  answer="$(curl -sS -X POST "$API/api/tasks?wait=PT30S" -H 'Content-Type: application/json' \
    -d '{"type":"echo","payload":{"hello":"smoke"}}' -w '\n%{http_code}')"
  [ "$(echo "$answer" | tail -n1)" = 200 ] || die "echo with ?wait= answered: $answer"
  echo "$answer" | grep -q '"state":"SUCCEEDED"' || die "echo did not succeed: $answer"
  echo "$answer" | grep -q '"result":{"hello":"smoke"}' || die "echo's result is not its payload: $answer"
  id="$(echo "$answer" | head -n1 | json_field id)"
  log "echo $id SUCCEEDED on $(echo "$answer" | head -n1 | json_field worker) (POST ?wait=PT30S answered 200)"
  events="$(curl -sS -N --max-time 20 "$API/api/tasks/$id/events")"
  echo "$events" | grep -q '"state":"SUCCEEDED"' || die "the event stream of $id did not show SUCCEEDED: $events"
  log "events of $id: a snapshot with SUCCEEDED, then the stream closed"

  id="$(curl -fsS -X POST "$API/api/tasks" -H 'Content-Type: application/json' \
    -d '{"type":"sleep","payload":{"millis":60000}}' | json_field id)"
  [ -n "$id" ] || die "submitting a sleep gave no id"
  for _ in $(seq 1 60); do
    view="$(curl -fsS "$API/api/tasks/$id")"
    echo "$view" | grep -q '"state":"RUNNING"' && break
    sleep 0.5
  done
  echo "$view" | grep -q '"state":"RUNNING"' || die "sleep $id did not start: $view"
  worker="$(echo "$view" | json_field worker)"
  status="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$API/api/tasks/$id/cancel")"
  [ "$status" = 202 ] || die "cancel of $id answered $status"
  for _ in $(seq 1 40); do
    view="$(curl -fsS "$API/api/tasks/$id")"
    echo "$view" | grep -q '"state":"CANCELLED"' && break
    sleep 0.25
  done
  echo "$view" | grep -q '"state":"CANCELLED"' || die "sleep $id was not cancelled within 10 s: $view"
  log "sleep $id RUNNING on $worker, cancelled through the api (another process): CANCELLED"
  log "smoke passed"
  exit 0
fi

WORKER_LINES=""
for i in $(seq 1 "$WORKERS"); do
  WORKER_LINES="$WORKER_LINES
  worker-$i    http://127.0.0.1:${WORKER_PORTS[i - 1]}/actuator/health   (pid ${PIDS[i]}, log $RUN_DIR/worker-$i.log)"
done
cat <<READY

Fourfold on Redis $REDIS_HOST:$REDIS_PORT (key prefix $KEY_PREFIX), one process each:
  api         $API   (dashboard $API/, OpenAPI $API/swagger-ui.html; pid ${PIDS[0]}, log $RUN_DIR/api.log)
  api health  http://127.0.0.1:$API_MANAGEMENT_PORT/actuator/health$WORKER_LINES

Try, in another terminal:
  # request/reply: the api answers when a worker process has run it
  curl -s -X POST '$API/api/tasks?wait=PT10S' -H 'Content-Type: application/json' -d '{"type":"echo","payload":{"hello":"world"}}'
  # a long task: follow it by Server-Sent Events, see which worker runs it, cancel it through the api
  id=\$(curl -s -X POST $API/api/tasks -H 'Content-Type: application/json' -d '{"type":"sleep","payload":{"millis":30000}}' | sed -n 's/.*"id":"\\([^"]*\\)".*/\\1/p')
  curl -sN $API/api/tasks/\$id/events &          # a view per second (progress), closes at the end
  curl -s $API/api/tasks/\$id | grep -o '"worker":"[^"]*"'
  curl -s -X POST $API/api/tasks/\$id/cancel      # the worker process interrupts it within a second: CANCELLED

Ctrl-C stops everything.
READY
wait "${PIDS[0]}"
die "the api (pid ${PIDS[0]}) exited; see $RUN_DIR/api.log"
