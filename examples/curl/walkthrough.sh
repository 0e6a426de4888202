#!/usr/bin/env bash
# The README's first session as a script that checks every answer: request/reply, following a task over
# Server-Sent Events, cancelling a running task, retries, and the problem answers. Needs bash and curl only.
#
#   bash examples/curl/walkthrough.sh                          # against http://localhost:8080
#   BASE_URL=http://fourfold:8080 API_KEY=... bash examples/curl/walkthrough.sh
#
# Exits non-zero at the first answer that is not what the API promises, saying which.
set -euo pipefail

BASE_URL="${BASE_URL:-http://localhost:8080}"
BASE_URL="${BASE_URL%/}"
API_KEY="${API_KEY:-}"
# How long the followed sleep task runs; the README uses 10 s, the test a shorter one.
SLEEP_MILLIS="${SLEEP_MILLIS:-3000}"

auth=()
if [[ -n "$API_KEY" ]]; then
  auth=(-H "X-API-Key: $API_KEY")
fi

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

step() {
  printf '\n== %s\n' "$*"
}

# request METHOD PATH [JSON]: sets $status (the HTTP status) and $body (the answer).
request() {
  local args=(-sS -X "$1" "$BASE_URL$2" -w '\n%{http_code}' ${auth[@]+"${auth[@]}"})
  if [[ $# -ge 3 ]]; then
    args+=(-H 'Content-Type: application/json' -d "$3")
  fi
  local answer
  answer=$(curl "${args[@]}") || fail "curl $1 $2 could not reach $BASE_URL"
  status="${answer##*$'\n'}"
  body="${answer%$'\n'*}"
  echo "$1 $2 -> $status $body"
}

# field NAME: the string value of "NAME" in $body (the API writes compact JSON; the last occurrence wins).
field() {
  sed -n 's/.*"'"$1"'":"\([^"]*\)".*/\1/p' <<<"$body"
}

expect_status() {
  [[ "$status" == "$1" ]] || fail "expected HTTP $1, got $status: $body"
}

expect_state() {
  [[ "$(field state)" == "$1" ]] || fail "expected state $1, got '$(field state)': $body"
}

expect_body() {
  [[ "$body" == *"$1"* ]] || fail "expected the answer to contain $1: $body"
}

# wait_for_state ID STATE SECONDS: poll the task until it is in STATE.
wait_for_state() {
  local deadline=$((SECONDS + $3))
  while true; do
    request GET "/api/tasks/$1" >/dev/null
    expect_status 200
    [[ "$(field state)" == "$2" ]] && return 0
    ((SECONDS < deadline)) || fail "task $1 is $(field state), not $2, after $3 s"
    sleep 0.2
  done
}

step "Request/reply: submit an echo task and wait up to 5 s for its result in the same call"
request POST '/api/tasks?wait=PT5S' '{"type":"echo","payload":{"x":1}}'
expect_status 200
expect_state SUCCEEDED
expect_body '"result":{"x":1}'

step "Submit a ${SLEEP_MILLIS} ms sleep (202 + Location), then follow it live over Server-Sent Events"
request POST /api/tasks "{\"type\":\"sleep\",\"payload\":{\"millis\":$SLEEP_MILLIS}}"
expect_status 202
id="$(field id)"
[[ -n "$id" ]] || fail "no task id in $body"
# The stream ends by itself after a terminal state; --max-time only guards against one that never does.
events=$(curl -sSN --max-time $((SLEEP_MILLIS / 1000 + 30)) ${auth[@]+"${auth[@]}"} "$BASE_URL/api/tasks/$id/events") \
  || fail "the event stream of $id did not end within $((SLEEP_MILLIS / 1000 + 30)) s"
echo "$events"
states=$(grep -o '"state":"[A-Z]*"' <<<"$events" | cut -d'"' -f4 | uniq | tr '\n' ' ')
echo "states seen: $states"
[[ "$states" == *RUNNING* ]] || fail "the events of $id never showed RUNNING: $events"
[[ "$states" == *"SUCCEEDED " ]] || fail "the events of $id did not end with SUCCEEDED: $events"

step "Cancel a running task: it ends CANCELLED; cancelling it again is a 409 problem"
request POST /api/tasks '{"type":"sleep","payload":{"millis":30000}}'
expect_status 202
id="$(field id)"
wait_for_state "$id" RUNNING 15
request POST "/api/tasks/$id/cancel"
expect_status 202
wait_for_state "$id" CANCELLED 10
request POST "/api/tasks/$id/cancel"
expect_status 409
expect_body '"type":"/problems/task-finished"'

step "Retries with backoff: a flaky task fails twice, then succeeds on attempt 3"
request POST '/api/tasks?wait=PT30S' '{"type":"flaky","payload":{"failures":2},"maxAttempts":3}'
expect_status 200
expect_state SUCCEEDED
expect_body '"attempt":3'

step "Errors are problems: an invalid payload names its field, an unknown id is a 404"
request POST /api/tasks '{"type":"sleep","payload":{"millis":-1}}'
expect_status 400
expect_body '"field":"payload.millis"'
request GET /api/tasks/no-such-task
expect_status 404
expect_body '"type":"/problems/task-not-found"'

printf '\nWalkthrough passed against %s\n' "$BASE_URL"
