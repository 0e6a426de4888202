#!/usr/bin/env bash
# Processes: the api and two workers as separate JVMs on a private Redis, which carries every task between them.
#   1. request/reply (?wait=) latency across processes (api + workers on Redis): sequential calls over one kept-alive
#      connection, the same probe as in one JVM (threads.sh) and across machines (machines.sh);
#   2. at-least-once: http.get tasks that each call a counting service on the loopback address; once every task is
#      in its call, the worker holding more of them is SIGKILLed. Its tasks are taken over by the other when their lease lapses (5 s);
#      the service counts the tasks it saw twice: the duplicates an idempotent handler must tolerate;
#   3. a process per attempt: `crash` tasks halt the child JVM the PROCESS executor runs each in; each fails alone
#      (CHILD_EXITED), and an echo after them still succeeds.
#
#   demos/processes.sh [--quick]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if $QUICK; then CALLS=40; TASKS=10; CALL_MILLIS=5000; else CALLS=300; TASKS=40; CALL_MILLIS=6000; fi
need_jars "$API_JAR" "$WORKER_JAR" "$DEMOS_CLASSES/io/fourfold/demos/CallCounter.class"
machine

# Everything starts at once (JVM start-up is most of a quick run); the measurements then run one after another.
start_redis
COUNTER_PORT="$(free_port)"
start counter "$JAVA" -cp "$DEMOS_CLASSES" io.fourfold.demos.CallCounter "$COUNTER_PORT"
start_api
HTTP_OPTS=(--fourfold.worker.http.allowed-hosts=127.0.0.1 --fourfold.worker.http.allow-loopback=true)
declare -A WORKER_PIDS READY
for id in demo-worker-1 demo-worker-2; do
  start_worker "$id" "${HTTP_OPTS[@]}"
  WORKER_PIDS[$id]=$WORKER_PID
  READY[$id]="$WORKER_MANAGEMENT/health/readiness"
done
for id in demo-worker-1 demo-worker-2; do await_up "${READY[$id]}" "$id"; done
await_up "$API_HEALTH" api-service
await_up "http://127.0.0.1:$COUNTER_PORT/summary" counter

# 1. Request/reply across processes (the same probe in one JVM is in threads.sh, across machines in machines.sh).
rpc="$(rpc_latency "$API" "$CALLS")"
figure "?wait= request/reply, api + 2 workers as processes on Redis: $rpc"

# 2. At-least-once across a SIGKILL.
python3 - "$TASKS" "$COUNTER_PORT" "$CALL_MILLIS" >"$WORK_DIR/batch.json" <<'PY'
import json, sys
tasks, port, millis = int(sys.argv[1]), sys.argv[2], sys.argv[3]
print(json.dumps([{"type": "http.get", "payload": {"url": f"http://127.0.0.1:{port}/run/{n}/{millis}"}}
                  for n in range(tasks)]))
PY
status="$(curl -sS -o "$WORK_DIR/batch-answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @"$WORK_DIR/batch.json" "$API/api/tasks/batch")"
[ "$status" = 202 ] || die "the batch was answered $status: $(cat "$WORK_DIR/batch-answer.json")"
calls() { curl -fsS "http://127.0.0.1:$COUNTER_PORT/summary" | sed -n 's/.*calls=\([0-9]*\).*/\1/p'; }
for _ in $(seq 1 300); do
  [ "$(calls)" -ge "$TASKS" ] && break
  sleep 0.1
done
[ "$(calls)" -ge "$TASKS" ] || die "the tasks did not all call the counting service: $(calls) of $TASKS"
# The worker that holds more of them is killed, right away (one list call), while they are in their calls.
read -r held1 held2 < <(curl -fsS "$API/api/tasks?state=RUNNING&type=http.get&limit=500" | python3 -c '
import json, sys
workers = [task.get("worker") for task in json.load(sys.stdin)["tasks"]]
print(workers.count("demo-worker-1"), workers.count("demo-worker-2"))')
if [ "$held1" -ge "$held2" ]; then victim=demo-worker-1 held=$held1; else victim=demo-worker-2 held=$held2; fi
KILLED_PID=${WORKER_PIDS[$victim]}
kill -KILL "$KILLED_PID"
killed_at="$(now_ms)"
exit_code=0
wait "$KILLED_PID" 2>/dev/null || exit_code=$?
done_after=
for _ in $(seq 1 1200); do
  if [ "$(count_tasks SUCCEEDED http.get)" -eq "$TASKS" ]; then
    done_after="$(awk -v ms=$(($(now_ms) - killed_at)) 'BEGIN { printf "%.1f", ms / 1000 }')"
    break
  fi
  sleep 0.1
done
[ -n "$done_after" ] || die "not every task SUCCEEDED within 120 s of the kill"
summary="$(curl -fsS "http://127.0.0.1:$COUNTER_PORT/summary")"
repeated="$(echo "$summary" | sed -n 's/.*repeated=\([0-9]*\).*/\1/p')"
figure "at-least-once: $TASKS http.get tasks (each a ${CALL_MILLIS} ms call) on 2 worker processes; $victim SIGKILLed (exit $exit_code) holding $held of them; all $TASKS SUCCEEDED ${done_after} s after the kill; the called service counted $summary: $repeated tasks ran twice"

# A process per attempt (the PROCESS executor): `crash` halts the child JVM its attempt runs in. Only that attempt
# fails, with CHILD_EXITED; the worker serves what comes next.
if $QUICK; then CRASHES=2; else CRASHES=5; fi
for _ in $(seq 1 "$CRASHES"); do
  curl -fsS -H 'Content-Type: application/json' -d '{"type":"crash","payload":{"exitCode":3}}' \
    "$API/api/tasks?wait=PT60S"
  echo
done >"$WORK_DIR/crash.out"
crashes="$(python3 - "$WORK_DIR/crash.out" <<'PY'
import datetime, json, sys
at = lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
tasks = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
if any(t["state"] != "FAILED" or t["error"]["type"] != "CHILD_EXITED" or "code 3" not in t["error"]["message"]
       for t in tasks):
    sys.exit("a crash task did not fail with CHILD_EXITED, exit code 3: " + json.dumps(tasks))
took = sorted((at(t["finishedAt"]) - at(t["startedAt"])).total_seconds() for t in tasks)
print(f"{took[0]:.2f}-{took[-1]:.2f}")
PY
)" || die "$crashes"
after="$(curl -fsS -H 'Content-Type: application/json' -d '{"type":"echo","payload":{}}' "$API/api/tasks?wait=PT30S" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])')"
figure "PROCESS executor: $CRASHES crash tasks each FAILED with CHILD_EXITED (exit code 3) ${crashes} s after they started; an echo submitted next $after"
echo "processes.sh took ${SECONDS} s"
