#!/usr/bin/env bash
# Where a single HTTP submit goes (issue 10, part 3): api-service on a private Redis and the bare WebFlux POST of the
# benchmark harness, each under `wrk -t 2 -c 50` with the harness's body, after a warm-up; for each, the requests/s
# of a 10 s run and the CPU per request of the JVM (and of Redis) over it, from /proc/<pid>/stat.
#
#   scripts/profile-submit.sh [--warmup SECONDS] [--jfr FILE] [--api-only] [--poll PATH] [-- API-ARGUMENTS...]
#
# --warmup: load before the measured run (default 30; the JIT needs it for the api's long path).
# --jfr FILE: records the api with JFR (settings=profile) and prints where its samples go: by thread and by the
# packages a sample passes through. Needs the jars (./mvnw -q -DskipTests install, and the bench module built by
# scripts/bench.sh), redis-server, redis-cli, wrk, JDK 25 (JAVA_HOME). Everything it starts goes away on exit.
# API_JAR=... profiles another build. --api-only: skips the bare POST. Arguments after -- go to api-service (an A/B of one setting). The CPU per
# request is also given without the JIT compiler threads, which on a slow machine still compile after the warm-up.
# --poll PATH: instead of the submits, one client GETs PATH of the api every 20 ms, as the harness polls /api/queues
# during a drain (warm-up, then 10 s idle and 10 s of polling): the api's CPU per GET beyond what it uses idle.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
API_JAR="${API_JAR:-$ROOT_DIR/api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar}"
BENCH_CLASSPATH="$ROOT_DIR/bench/target/classes:$(cat "$ROOT_DIR/bench/target/classpath.txt" 2>/dev/null || true)"
WARMUP=30
JFR=""
BARE=1
POLL=""
API_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) WARMUP="$2"; shift 2 ;;
    --jfr) JFR="$2"; shift 2 ;;
    --api-only) BARE=0; shift ;;
    --) shift; API_ARGS=("$@"); break ;;
    --poll) POLL="$2"; BARE=0; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -f "$API_JAR" ] || { echo "no $API_JAR: run ./mvnw -q -DskipTests install" >&2; exit 1; }
[ -f "$ROOT_DIR/bench/target/classpath.txt" ] || { echo "no bench class path: run scripts/bench.sh --smoke once" >&2; exit 1; }

WORK_DIR="$(mktemp -d -t fourfold-profile.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
compiler_ticks() { # the JIT compiler threads of a JVM
  local sum=0 task
  for task in /proc/"$1"/task/*; do
    grep -q 'CompilerThre' "$task/comm" 2>/dev/null && sum=$((sum + $(awk '{ print $14 + $15 }' "$task/stat")))
  done
  echo "$sum"
}
await_up() { # url log
  for _ in $(seq 1 240); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "did not come up; its log:" >&2; tail -40 "$2" >&2; exit 1
}
cat >"$WORK_DIR/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{"type":"echo","queue":"bench-wrk","payload":{"n":1}}]==]
LUA

measure() { # name url pid [redis-pid]
  wrk -t 2 -c 50 -d "${WARMUP}s" -s "$WORK_DIR/post.lua" "$2" >/dev/null
  local t0 c0 r0=0 t1 c1 r1=0 requests
  t0="$(ticks "$3")"; c0="$(compiler_ticks "$3")"; [ -z "${4:-}" ] || r0="$(ticks "$4")"
  wrk -t 2 -c 50 -d 10s -s "$WORK_DIR/post.lua" "$2" >"$WORK_DIR/wrk.txt"
  t1="$(ticks "$3")"; c1="$(compiler_ticks "$3")"; [ -z "${4:-}" ] || r1="$(ticks "$4")"
  requests="$(grep -o '[0-9]* requests in' "$WORK_DIR/wrk.txt" | cut -d' ' -f1)"
  echo "$1: $(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$WORK_DIR/wrk.txt") requests/s over 10 s after ${WARMUP} s of load;" \
    "CPU per request: $(( (t1 - t0) * 10000000 / requests / 1000 )) µs," \
    "without the JIT $(( (t1 - t0 - c1 + c0) * 10000000 / requests / 1000 )) µs${4:+, Redis $(( (r1 - r0) * 10000000 / requests / 1000 )) µs}"
}

poll() { # url seconds: GETs url every 20 ms on one connection, prints how many answered 200
  python3 - "$1" "$2" <<'PY'
import http.client, sys, time, urllib.parse
url, seconds = urllib.parse.urlsplit(sys.argv[1]), float(sys.argv[2])
connection = http.client.HTTPConnection(url.hostname, url.port)
end, answered = time.monotonic() + seconds, 0
while time.monotonic() < end:
    connection.request("GET", url.path)
    response = connection.getresponse()
    response.read()
    answered += response.status == 200
    time.sleep(0.02)
print(answered)
PY
}

measure_poll() { # url pid
  poll "$1" "$WARMUP" >/dev/null
  local t0 c0 t1 c1 idle idle_jit requests
  t0="$(ticks "$2")"; c0="$(compiler_ticks "$2")"; sleep 10; t1="$(ticks "$2")"; c1="$(compiler_ticks "$2")"
  idle=$((t1 - t0)); idle_jit=$((c1 - c0))
  t0="$(ticks "$2")"; c0="$(compiler_ticks "$2")"; requests="$(poll "$1" 10)"; t1="$(ticks "$2")"; c1="$(compiler_ticks "$2")"
  [ "$requests" -gt 0 ] || { echo "GET $1 never answered 200" >&2; exit 1; }
  echo "api-service GET $POLL every 20 ms: $requests requests in 10 s after ${WARMUP} s of it; CPU per request beyond" \
    "the idle api's: $(( (t1 - t0 - idle) * 10000 / requests )) µs," \
    "without the JIT $(( (t1 - t0 - c1 + c0 - idle + idle_jit) * 10000 / requests )) µs (idle: $idle ms of CPU a second)"
}

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK_DIR" --save "" --appendonly no >"$WORK_DIR/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
API_PORT="$(free_port)"
API_MANAGEMENT="$(free_port)"
JFR_OPTS=()
[ -z "$JFR" ] || JFR_OPTS=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true")
"$JAVA" -Xmx1g "${JFR_OPTS[@]}" -jar "$API_JAR" --server.port="$API_PORT" --management.server.port="$API_MANAGEMENT" \
  --spring.data.redis.port="$REDIS_PORT" --fourfold.transport=redis --fourfold.api.task-types=echo \
  --fourfold.api.security.enabled=false --fourfold.api.rate-limit.enabled=false "${API_ARGS[@]}" >"$WORK_DIR/api.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
await_up "http://127.0.0.1:$API_MANAGEMENT/actuator/health/readiness" "$WORK_DIR/api.log"
if [ -n "$POLL" ]; then
  measure_poll "http://127.0.0.1:$API_PORT$POLL" "$API_PID"
else
  measure "api-service POST /api/tasks (Redis)" "http://127.0.0.1:$API_PORT/api/tasks" "$API_PID" "$REDIS_PID"
fi
kill "$API_PID"; wait "$API_PID" 2>/dev/null || true

if [ "$BARE" = 1 ]; then
  BARE_PORT="$(free_port)"
  BARE_MANAGEMENT="$(free_port)"
  "$JAVA" -Xmx1g -cp "$BENCH_CLASSPATH" io.fourfold.bench.bare.BareWebFlux --server.port="$BARE_PORT" \
    --management.server.port="$BARE_MANAGEMENT" --management.endpoint.health.probes.enabled=true \
    --spring.main.banner-mode=off --management.defaults.metrics.export.enabled=false >"$WORK_DIR/bare.log" 2>&1 &
  BARE_PID=$!
  PIDS+=("$BARE_PID")
  await_up "http://127.0.0.1:$BARE_MANAGEMENT/actuator/health" "$WORK_DIR/bare.log"
  measure "bare WebFlux POST" "http://127.0.0.1:$BARE_PORT/bare" "$BARE_PID"
fi

if [ -n "$JFR" ]; then
  "${JAVA%java}jfr" print --events jdk.ExecutionSample --stack-depth 80 "$JFR" >"$WORK_DIR/samples.txt"
  python3 - "$WORK_DIR/samples.txt" <<'PY'
import collections, re, sys
samples = open(sys.argv[1]).read().split("jdk.ExecutionSample {")[1:]
threads, packages = collections.Counter(), collections.Counter()
for sample in samples:
    thread = re.search(r'sampledThread = "([^"]+)"', sample)
    threads[re.sub(r"\d+", "N", thread.group(1)) if thread else "?"] += 1
    for package in {".".join(frame.split(".")[:3]) for frame in re.findall(r"^\s+([\w.$<>]+)\(", sample, re.M)}:
        packages[package] += 1
print(f"JFR: {len(samples)} execution samples of the api")
print("by thread: " + ", ".join(f"{name} {count}" for name, count in threads.most_common(4)))
print("packages a sample passes through (percent of samples):")
for package, count in packages.most_common(30):
    print(f"  {100 * count / len(samples):5.1f} % {package}")
PY
fi
