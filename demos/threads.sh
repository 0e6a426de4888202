#!/usr/bin/env bash
# Threads: the JVM has no GIL. The built-in CPU-bound `primes` handler runs on the PLATFORM pool, a bounded pool of
# platform threads (fourfold.worker.slots.platform, default the core count). Two standalone JVMs (api + worker in
# one process, in-memory backend) run the same batch of `primes` tasks, one with a pool of 1 thread and one with as
# many threads as this machine has cores; the speed-up is the ratio of their wall times. The JVMs start together
# but measure one after the other. The one-JVM request/reply latency (?wait=) is measured on the second.
#
#   demos/threads.sh [--quick]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CORES="$(nproc)"
if $QUICK; then UP_TO=3000000; TASKS=$((2 * CORES)); CALLS=40; else UP_TO=20000000; TASKS=$((4 * CORES)); CALLS=300; fi
need_jars "$STANDALONE_JAR"
machine

start_standalone standalone-1-thread --fourfold.worker.slots.platform=1
ONE="$API" ONE_HEALTH="$API_HEALTH"
start_standalone "standalone-$CORES-threads" --fourfold.worker.slots.platform="$CORES"
MANY="$API" MANY_HEALTH="$API_HEALTH"
await_up "$ONE_HEALTH" "standalone (1 platform thread)"
await_up "$MANY_HEALTH" "standalone ($CORES platform threads)"

batch_seconds() { # base-url: TASKS primes tasks submitted at once with ?wait=; seconds until the last is done
  local url="$1/api/tasks?wait=PT60S" body="{\"type\":\"primes\",\"payload\":{\"upTo\":$UP_TO}}" started
  post_parallel "$url" "$body" 1   # warm-up: the first run compiles the sieve
  started="$(now_ms)"
  post_parallel "$url" "$body" "$TASKS"
  awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.2f", ms / 1000 }'
}

batch_seconds "$ONE" >"$WORK_DIR/one"
batch_seconds "$MANY" >"$WORK_DIR/many"
one="$(cat "$WORK_DIR/one")"
many="$(cat "$WORK_DIR/many")"
speedup="$(awk -v a="$one" -v b="$many" 'BEGIN { printf "%.2f", a / b }')"
figure "no GIL: $TASKS primes tasks (upTo $UP_TO) on the PLATFORM pool: 1 thread $one s, $CORES threads $many s: speed-up ${speedup}x on $CORES cores"
rpc="$(rpc_latency "$MANY" "$CALLS")"
figure "?wait= request/reply, one JVM (standalone, in-memory backend): $rpc"
echo "threads.sh took ${SECONDS} s"
