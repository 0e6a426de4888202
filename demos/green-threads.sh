#!/usr/bin/env bash
# Green threads: the event loop and virtual threads.
#   1. run_in_executor in Java: LoopBlockingDemo (module demos) is a WebFlux app whose handler makes a 100 ms
#      blocking call either on the Netty event loop (the mistake) or off it, on Schedulers.boundedElastic() or a
#      virtual thread (the fix). While clients call it, a probe measures the latency of /ping, which does nothing.
#   2. Two kinds of concurrency at once: one worker JVM on a private Redis runs a batch of `sleep` tasks of 1 s
#      (VIRTUAL executor: a virtual thread per task) while its Redis IO runs on Lettuce's Netty event loop. The
#      figure is the time from the submit until the worker counted them all finished, and the JVM's OS threads.
#
#   demos/green-threads.sh [--quick]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if $QUICK; then TASKS=200; DEMO_ARGS=(--quick); else TASKS=1000; DEMO_ARGS=(); fi
need_jars "$API_JAR" "$WORKER_JAR" "$DEMOS_JAR"
machine

# 2's processes start first, so they come up while 1 runs.
start_redis
start_api
start_worker demo-worker
await_up "$API_HEALTH" api-service
await_up "$WORKER_MANAGEMENT/health/readiness" demo-worker

# 1. The LoopBlockingDemo prints its own figure lines.
"$JAVA" "${JAVA_OPTS[@]}" -jar "$DEMOS_JAR" "${DEMO_ARGS[@]}" 2>"$WORK_DIR/loop-blocking.log"

# 2. TASKS sleeps of 1 s in one batch.
threads() { awk '/^Threads:/ { print $2 }' "/proc/$WORKER_PID/status"; }
finished() {
  curl -fsS "$WORKER_MANAGEMENT/prometheus" \
    | awk '/^fourfold_tasks_finished_total\{/ && /type="sleep"/ { sum += $2 } END { printf "%d", sum }'
}
python3 -c "import json; print(json.dumps([{'type': 'sleep', 'payload': {'millis': 1000}}] * $TASKS))" \
  >"$WORK_DIR/batch.json"
before="$(threads)"
peak="$before"
started="$(now_ms)"
status="$(curl -sS -o "$WORK_DIR/batch-answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @"$WORK_DIR/batch.json" "$API/api/tasks/batch")"
[ "$status" = 202 ] || die "the batch was answered $status: $(cat "$WORK_DIR/batch-answer.json")"
took=
for _ in $(seq 1 600); do
  now="$(threads)"
  [ "$now" -gt "$peak" ] && peak="$now"
  if [ "$(finished)" -ge "$TASKS" ]; then
    took="$(awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.1f", ms / 1000 }')"
    break
  fi
  sleep 0.1
done
[ -n "$took" ] || die "the $TASKS sleep tasks did not all finish within a minute: $(finished) did"
figure "two kinds of concurrency: $TASKS sleep tasks of 1 s on one worker JVM (a virtual thread each, Redis IO on the event loop) all finished ${took} s after the submit; the JVM had $before OS threads before and at most $peak during"
echo "green-threads.sh took ${SECONDS} s"
