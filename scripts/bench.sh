#!/usr/bin/env bash
# The benchmark harness (issue 10): measures Fourfold at every level beside its brokers' own ceilings, in one run, and
# writes docs/benchmarks/results.md with its charts (throughput.png, latency.png).
#
#   scripts/bench.sh [--smoke] [--runs R] [--echo-tasks N] [--output DIR] [--only BLOCK,...] [--no-build]
#
# It builds what it runs (./mvnw -q -DskipTests package -pl bench -am; --no-build uses the jars already built), starts
# a private redis-server (--save "" --appendonly no) and the service JVMs on free ports, uses the shared RabbitMQ on
# 127.0.0.1:5672 under a queue prefix of its own (deleted at the end), runs every scenario R times (default 3) and
# reports the median and its ratio to the same run's ceiling. --smoke runs each scenario once with tiny sizes, to
# bench/target/smoke: it proves the harness works, its figures mean nothing. Process logs: bench/target/run/.
# Needs JDK 25 (JAVA_HOME), redis-server, redis-benchmark, redis-cli, rabbitmqctl and a RabbitMQ on 5672.
# Everything it starts is stopped on exit, on failure and on Ctrl-C; the exit code is 1 when a scenario failed.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BUILD=true
ARGS=()
for argument in "$@"; do
  case "$argument" in
    --no-build) BUILD=false ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) ARGS+=("$argument") ;;
  esac
done

if $BUILD; then
  echo "Building (./mvnw -q -DskipTests package -pl bench -am) ..." >&2
  (cd "$ROOT_DIR" && ./mvnw -q -DskipTests package -pl bench -am)
fi
CLASSPATH_FILE="$ROOT_DIR/bench/target/classpath.txt"
if [ ! -f "$CLASSPATH_FILE" ]; then
  echo "No $CLASSPATH_FILE: run without --no-build first" >&2
  exit 2
fi

exec "$JAVA" -cp "$ROOT_DIR/bench/target/classes:$(cat "$CLASSPATH_FILE")" -Dfourfold.repository="$ROOT_DIR" \
  -Dbench.command="scripts/bench.sh $*" io.fourfold.bench.Bench ${ARGS[@]+"${ARGS[@]}"}
