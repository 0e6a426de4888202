#!/usr/bin/env bash
# Machines: "multiple machines can be VMs on one host". scripts/netns-cluster.sh makes each host a Linux network
# namespace with its own address, loopback and hostname, joined by a bridge: the api on one host, a worker on
# another, a private Redis on the bridge. This demo runs it with --rpc: the ?wait= request/reply latency from the
# host to the api host, with the task crossing the bridge to Redis and to the worker host and back. Needs root
# (ip netns); without it, it says so and exits 0 (the other demos need no root).
#
#   sudo demos/machines.sh [--quick]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if $QUICK; then CALLS=40; else CALLS=300; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "machines.sh: skipped, network namespaces need root (sudo demos/machines.sh)"
  exit 0
fi
need_jars "$API_JAR" "$WORKER_JAR"
machine
if $QUICK; then
  export JAVA_TOOL_OPTIONS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" SPRINGDOC_API_DOCS_ENABLED=false
fi

# Its own prefix and subnet, so it never meets another netns-cluster.sh run on this host.
"$ROOT_DIR/scripts/netns-cluster.sh" run -n 1 --rpc "$CALLS" --prefix "fd$(printf '%04d' $((RANDOM % 10000)))" \
  --subnet "10.204.$((RANDOM % 250))" \
  --redis-port "$(free_port)" --api-jar "$API_JAR" --worker-jar "$WORKER_JAR" >"$WORK_DIR/cluster.out" 2>&1 \
  || { cat "$WORK_DIR/cluster.out" >&2; die "netns-cluster.sh failed"; }
grep -E 'task [0-9]+:' "$WORK_DIR/cluster.out" | head -2
rpc="$(sed -n 's/.*rpc across namespaces: //p' "$WORK_DIR/cluster.out")"
[ -n "$rpc" ] || { cat "$WORK_DIR/cluster.out" >&2; die "netns-cluster.sh printed no rpc figure"; }
figure "?wait= request/reply across network namespaces (host -> api host -> Redis on the bridge -> worker host): $rpc"
echo "machines.sh took ${SECONDS} s"
