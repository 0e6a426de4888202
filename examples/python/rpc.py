#!/usr/bin/env python3
"""Submit a task to Fourfold and print its result: request/reply over a queue, with the standard library only.

    python3 rpc.py                                   # echo {"message": "hello from Python"}
    python3 rpc.py sleep '{"millis": 1500}'
    python3 rpc.py primes '{"upTo": 1000000}' --url http://fourfold:8080 --api-key "$FOURFOLD_API_KEY"

What arq's `job = await redis.enqueue_job(...)` then `await job.result(timeout=...)` does, over HTTP: one
`POST /api/tasks?wait=PT10S` answers 200 with the finished task, or 202 if it is still running after the wait, in
which case the script polls `GET /api/tasks/{id}` until the task ends or --timeout runs out.

Exit status: 0 the task succeeded (its result is on stdout as JSON), 1 it failed, was cancelled or did not end in
time, 2 the api refused the request (the problem is on stderr), 3 the api could not be reached.
"""
import argparse
import json
import math
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

TERMINAL = {"SUCCEEDED", "FAILED", "CANCELLED"}
MAX_WAIT = 60  # the api's default fourfold.api.max-wait, in seconds
SUBMIT_ATTEMPTS = 3


class ApiError(Exception):
    """An error answer: application/problem+json (RFC 9457) from the api, or whatever a proxy sent."""

    def __init__(self, status, problem, retry_after):
        self.status = status
        self.problem = problem
        self.retry_after = retry_after
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")

    @classmethod
    def of(cls, error):
        text = error.read().decode("utf-8", "replace")
        try:
            problem = json.loads(text)
        except ValueError:
            problem = {"title": error.reason, "detail": text.strip()[:500]}
        retry_after = error.headers.get("Retry-After", "")
        return cls(error.code, problem if isinstance(problem, dict) else {}, int(retry_after) if retry_after.isdigit() else None)

    def describe(self):
        lines = [f"error: {self}"]
        lines += [f"  {error.get('field')}: {error.get('message')}" for error in self.problem.get("errors", [])]
        return "\n".join(lines)


def call(method, url, api_key, body=None, headers=None, timeout=MAX_WAIT + 30):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={"Accept": "application/json"})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if api_key:
        request.add_header("X-API-Key", api_key)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise ApiError.of(error) from None


def submit_and_wait(base_url, api_key, task, wait_seconds):
    """POST /api/tasks?wait=..., retried on 429 and 503 as Retry-After says."""
    # One key for every attempt: if an answer is lost, the retry gets the same task back instead of a second one.
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    url = f"{base_url}/api/tasks?wait=PT{wait_seconds}S"
    for attempt in range(1, SUBMIT_ATTEMPTS + 1):
        try:
            return call("POST", url, api_key, task, headers)
        except ApiError as error:
            if error.status not in (429, 503) or attempt == SUBMIT_ATTEMPTS:
                raise
            pause = error.retry_after or attempt
            print(f"{error.status}: retrying in {pause} s", file=sys.stderr)
            time.sleep(pause)


def main():
    parser = argparse.ArgumentParser(description="Submit a Fourfold task and print its result.")
    parser.add_argument("type", nargs="?", default="echo", help="the task type (default: echo)")
    parser.add_argument("payload", nargs="?", default='{"message": "hello from Python"}',
                        help="the payload as JSON (default: %(default)s)")
    parser.add_argument("--url", default=os.environ.get("FOURFOLD_URL", "http://localhost:8080"),
                        help="where the api answers (default: $FOURFOLD_URL or %(default)s)")
    parser.add_argument("--api-key", default=os.environ.get("FOURFOLD_API_KEY"),
                        help="sent as X-API-Key when the api has auth on (default: $FOURFOLD_API_KEY)")
    parser.add_argument("--wait", type=int, default=10,
                        help=f"seconds the api holds the call for the result, 1 to {MAX_WAIT} (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds to wait for the result in all (default: %(default)s)")
    args = parser.parse_args()
    try:
        payload = json.loads(args.payload)
    except ValueError as error:
        parser.error(f"the payload is not JSON: {error}")
    base_url = args.url.rstrip("/")
    deadline = time.monotonic() + args.timeout

    try:
        task = submit_and_wait(base_url, args.api_key, {"type": args.type, "payload": payload},
                               max(1, min(args.wait, MAX_WAIT, math.ceil(args.timeout))))
        print(f"task {task['id']} ({task['type']}): {task['state']}", file=sys.stderr)
        while task["state"] not in TERMINAL:
            if time.monotonic() >= deadline:
                print(f"task {task['id']} is still {task['state']} after {args.timeout:g} s", file=sys.stderr)
                return 1
            time.sleep(0.5)
            task = call("GET", f"{base_url}/api/tasks/{urllib.parse.quote(task['id'], safe='')}", args.api_key)
    except ApiError as error:
        print(error.describe(), file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError) as error:
        print(f"error: cannot reach {base_url}: {error}", file=sys.stderr)
        return 3

    if task["state"] != "SUCCEEDED":
        error = task.get("error") or {}
        print(f"task {task['id']} {task['state']}: {error.get('type')}: {error.get('message')}", file=sys.stderr)
        return 1
    print(json.dumps(task["result"], indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
