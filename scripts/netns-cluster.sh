#!/usr/bin/env bash
# Runs Fourfold as separate "machines" on one Linux host: the api and N workers each in their own network
# namespace with their own address and hostname, joined by a bridge; Redis runs in the root namespace and is
# reached across that bridge. Work submitted to the api crosses a real (virtual) network to the workers.
#
#   sudo scripts/netns-cluster.sh run [-n WORKERS] [--rpc CALLS] [--api-jar JAR] [--worker-jar JAR]   # api + N workers + a demo task
#   sudo scripts/netns-cluster.sh selftest [-n HOSTS]                                   # the network plumbing only
#
# Needs root (or CAP_NET_ADMIN + CAP_SYS_ADMIN) for ip netns, plus iproute2, redis-server, redis-cli and curl;
# "run" also needs JDK 25 (JAVA_HOME) and the two exec jars (./mvnw -pl api-service,worker-service -am package).
# Everything it creates (namespaces, bridge, processes, the private Redis and its files) goes away on exit,
# also on Ctrl-C or failure. See docs/deploy.md.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKERS=2
PREFIX=ff
SUBNET=10.203.0
REDIS_PORT=6391
API_JAR="$ROOT_DIR/api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar"
WORKER_JAR="$ROOT_DIR/worker-service/target/worker-service-0.1.0-SNAPSHOT-exec.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
HOLD=false
RPC=0
TIMEOUT=120
LOG_DIR=

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  cat <<USAGE

Options:
  -n, --workers N      worker hosts (run) or test hosts (selftest); default $WORKERS
  --api-jar JAR        default $API_JAR
  --worker-jar JAR     default $WORKER_JAR
  --prefix P           name prefix of namespaces and interfaces (max 6 chars); default $PREFIX
  --subnet A.B.C       the /24 used on the bridge, inside these namespaces only; default $SUBNET
  --redis-port PORT    the private Redis's port on the bridge address; default $REDIS_PORT
  --timeout SECONDS    how long to wait for readiness and the demo task; default $TIMEOUT
  --hold               (run) keep the cluster up after the demo until Ctrl-C
  --rpc CALLS          (run) after the demo, time CALLS sequential POST /api/tasks?wait= echo calls from this host
                       to the api host over one kept-alive connection (50 more first, not counted) and print p50/p99;
                       the api's rate limit is turned off for it
  --logs DIR           write the services' and Redis's logs there and keep them; default a temporary
                       directory that goes away on exit
USAGE
}

MODE="${1:-}"
case "$MODE" in
  run | selftest) shift ;;
  -h | --help | help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    -n | --workers) WORKERS="$2"; shift 2 ;;
    --api-jar) API_JAR="$2"; shift 2 ;;
    --worker-jar) WORKER_JAR="$2"; shift 2 ;;
    --prefix) PREFIX="$2"; shift 2 ;;
    --subnet) SUBNET="$2"; shift 2 ;;
    --redis-port) REDIS_PORT="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --hold) HOLD=true; shift ;;
    --rpc) RPC="$2"; shift 2 ;;
    --logs) LOG_DIR="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "netns-cluster: $*" >&2; exit 1; }
log() { echo "netns-cluster: $*"; }

[[ "$WORKERS" =~ ^[1-9][0-9]?$ ]] && [ "$WORKERS" -le 50 ] || die "--workers must be 1..50"
[[ "$RPC" =~ ^[0-9]{1,5}$ ]] && [ "$RPC" -le 10000 ] || die "--rpc must be 0..10000"
[[ "$PREFIX" =~ ^[a-z][a-z0-9]{0,5}$ ]] || die "--prefix must be 1-6 lowercase letters or digits (interface names are short)"
[[ "$SUBNET" =~ ^(10|172|192)\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "--subnet must be the first three octets of a private /24"
[ "$(id -u)" -eq 0 ] || die "needs root for ip netns (run it with sudo)"
for tool in ip redis-server redis-cli curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done

BRIDGE="${PREFIX}br0"
BRIDGE_IP="$SUBNET.1"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/netns-cluster.XXXXXX")"
LOGS="${LOG_DIR:-$WORK_DIR/logs}"
REDIS_PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
PIDS=()
NAMESPACES=()

host_ip() { echo "$SUBNET.$((10 + $1))"; }   # host 0 is the api, 1..N the workers
host_ns() { echo "${PREFIX}-host$1"; }
host_name() { if [ "$1" -eq 0 ]; then echo api; else echo "worker-$1"; fi; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  log "cleaning up"
  # Stop what we started, by pid, newest first: workers get SIGTERM and drain like on a real deploy while Redis
  # still answers, then the api, then Redis.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
    for _ in $(seq 1 45); do kill -0 "${PIDS[i]}" 2>/dev/null || break; sleep 1; done
    kill -KILL "${PIDS[i]}" 2>/dev/null || true
  done
  for ns in "${NAMESPACES[@]}"; do
    # Anything still inside a namespace we made was started by this run; a live process would keep it alive.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns delete "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  rmdir /etc/netns 2>/dev/null || true   # only if it is empty, i.e. nobody else uses it
  ip link delete "$BRIDGE" 2>/dev/null || true
  if [ "$status" -ne 0 ] && [ -d "$LOGS" ]; then
    for file in "$LOGS"/*.log; do
      [ -f "$file" ] || continue
      echo "----- last lines of $(basename "$file")"
      tail -n 30 "$file"
    done
  fi
  rm -rf "$WORK_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A bridge in the root namespace, and one namespace per host with a veth pair plugged into it.
ip link show "$BRIDGE" >/dev/null 2>&1 && die "$BRIDGE exists: another run is active (or use --prefix)"
ip link add "$BRIDGE" type bridge
ip addr add "$BRIDGE_IP/24" dev "$BRIDGE"
ip link set "$BRIDGE" up

make_host() {
  local index=$1 ns veth
  ns="$(host_ns "$index")"
  veth="${PREFIX}v$index"
  ip netns add "$ns"
  NAMESPACES+=("$ns")
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" addr add "$(host_ip "$index")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
}

HOSTS="$WORKERS"
for index in $(seq 0 "$HOSTS"); do make_host "$index"; done

# ip netns exec bind-mounts /etc/netns/<ns>/* over /etc: every host knows the others (and itself) by name, and
# asks no DNS server, which it could not reach anyway.
HOSTS_FILE="127.0.0.1 localhost
$BRIDGE_IP redis"
for index in $(seq 0 "$HOSTS"); do HOSTS_FILE="$HOSTS_FILE
$(host_ip "$index") $(host_name "$index")"; done
for index in $(seq 0 "$HOSTS"); do
  mkdir -p "/etc/netns/$(host_ns "$index")"
  printf '%s\n' "$HOSTS_FILE" >"/etc/netns/$(host_ns "$index")/hosts"
  printf '# netns-cluster: no DNS; the hosts are in /etc/hosts\noptions timeout:1 attempts:1\n' \
    >"/etc/netns/$(host_ns "$index")/resolv.conf"
done
log "bridge $BRIDGE $BRIDGE_IP/24 (redis); hosts: $(for i in $(seq 0 "$HOSTS"); do printf '%s=%s ' "$(host_name "$i")" "$(host_ip "$i")"; done)"

# The private Redis: its own port, bound to the bridge address only, AOF in the work directory.
mkdir -p "$WORK_DIR/redis" "$LOGS"
redis-server --bind "$BRIDGE_IP" --port "$REDIS_PORT" --requirepass "$REDIS_PASSWORD" \
  --dir "$WORK_DIR/redis" --appendonly yes --appendfsync everysec --save '' --maxmemory-policy noeviction \
  >"$LOGS/redis.log" 2>&1 &
PIDS+=($!)

# Runs a command on a host. Never put it in the background: $! would be a subshell, not the command, and
# cleanup kills by pid; background starts call ip netns exec directly (it execs, so $! is the program).
in_host() { local index=$1; shift; ip netns exec "$(host_ns "$index")" "$@"; }

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 "$TIMEOUT"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  die "timed out waiting for $what"
}

redis_ping() { REDISCLI_AUTH="$REDIS_PASSWORD" in_host "$1" redis-cli -h redis -p "$REDIS_PORT" ping | grep -q PONG; }

if [ "$MODE" = selftest ]; then
  for index in $(seq 0 "$HOSTS"); do
    wait_for "Redis from $(host_ns "$index")" redis_ping "$index"
    log "$(host_name "$index") ($(host_ns "$index"), $(host_ip "$index")) reaches redis ($BRIDGE_IP:$REDIS_PORT)"
  done
  # An HTTP server on host 0, fetched from every other host: traffic between two namespaces.
  mkdir -p "$WORK_DIR/www"
  echo "hello from $(host_name 0)" >"$WORK_DIR/www/index.txt"
  ip netns exec "$(host_ns 0)" "$JAVA" -m jdk.httpserver -b "$(host_ip 0)" -p 8000 -d "$WORK_DIR/www" >"$LOGS/http.log" 2>&1 &
  PIDS+=($!)
  for index in $(seq 1 "$HOSTS"); do
    wait_for "HTTP from $(host_ns "$index")" in_host "$index" curl -fsS "http://$(host_name 0):8000/index.txt"
    log "$(host_name "$index") fetched http://$(host_name 0):8000/: $(in_host "$index" curl -fsS "http://$(host_name 0):8000/index.txt")"
  done
  # And the isolation: a host's loopback is its own, so what listens on host 0 is not on host 1's 127.0.0.1.
  ip netns exec "$(host_ns 0)" "$JAVA" -m jdk.httpserver -b 127.0.0.1 -p 8001 -d "$WORK_DIR/www" >"$LOGS/http-loopback.log" 2>&1 &
  PIDS+=($!)
  wait_for "HTTP on $(host_ns 0)'s loopback" in_host 0 curl -fsS "http://127.0.0.1:8001/index.txt"
  if in_host 1 curl -fsS -m 2 "http://127.0.0.1:8001/index.txt" >/dev/null 2>&1; then
    die "$(host_ns 1) reached $(host_ns 0)'s loopback server: the namespaces are not isolated"
  fi
  log "selftest passed: $((HOSTS + 1)) namespaces, Redis and HTTP across the bridge, loopback isolated"
  exit 0
fi

[ -f "$API_JAR" ] || die "no api jar at $API_JAR (./mvnw -pl api-service -am package -DskipTests)"
[ -f "$WORKER_JAR" ] || die "no worker jar at $WORKER_JAR (./mvnw -pl worker-service -am package -DskipTests)"
wait_for "Redis" redis_ping 0

# The --rpc calls come faster than the api's default rate limit allows.
if [ "$RPC" -gt 0 ]; then RATE_LIMIT=false; else RATE_LIMIT=true; fi

# Each service gets its own hostname too (a UTS namespace): worker ids begin with it, so each task's view names
# the host that ran it.
start_service() {
  local index=$1 name=$2 jar=$3
  ip netns exec "$(host_ns "$index")" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$name" env \
    FOURFOLD_TRANSPORT=redis \
    SPRING_DATA_REDIS_HOST=redis SPRING_DATA_REDIS_PORT="$REDIS_PORT" SPRING_DATA_REDIS_PASSWORD="$REDIS_PASSWORD" \
    FOURFOLD_API_SECURITY_ENABLED=false MANAGEMENT_SERVER_PORT=8081 FOURFOLD_API_RATE_LIMIT_ENABLED="$RATE_LIMIT" \
    "$JAVA" -XX:MaxRAMPercentage=25 -jar "$jar" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
}

start_service 0 "$(host_name 0)" "$API_JAR"
for index in $(seq 1 "$WORKERS"); do start_service "$index" "$(host_name "$index")" "$WORKER_JAR"; done
API="http://$(host_ip 0):8080"
wait_for "the api's readiness" curl -fsS "http://$(host_ip 0):8081/actuator/health/readiness"
for index in $(seq 1 "$WORKERS"); do
  wait_for "worker-$index's readiness" curl -fsS "http://$(host_ip "$index"):8081/actuator/health/readiness"
done
log "api at $API, $WORKERS workers ready; logs in $LOGS"

# The demo: submissions go to the api's address; the answer names the worker host that ran each task.
for n in $(seq 1 $((WORKERS * 2))); do
  status="$(curl -sS -o "$WORK_DIR/answer.json" -w '%{http_code}' -X POST "$API/api/tasks?wait=PT30S" \
    -H 'Content-Type: application/json' -d '{"type":"sleep","payload":{"millis":200}}')" || die "cannot reach $API"
  answer="$(cat "$WORK_DIR/answer.json")"
  [ "$status" = 200 ] || die "POST /api/tasks?wait=PT30S answered $status: $answer"
  state="$(printf '%s' "$answer" | sed -n 's/.*"state" *: *"\([A-Z]*\)".*/\1/p')"
  worker="$(printf '%s' "$answer" | sed -n 's/.*"worker" *: *"\([^"]*\)".*/\1/p')"
  log "task $n: $state on ${worker:-?} (submitted to api at $(host_ip 0))"
  [ "$state" = SUCCEEDED ] || die "task $n did not succeed: $answer"
  # A worker's id starts with its hostname, and each host (namespace) has its own: this one is not the api's.
  [[ "$worker" == worker-* ]] || die "task $n was not run on a worker host: $answer"
done
log "demo passed: $((WORKERS * 2)) tasks submitted to the api host ran on worker hosts in other namespaces"

# Request/reply latency from this host (the root namespace) to the api host; the task crosses the bridge twice
# more, to Redis and from there to a worker host. The same probe as demos/lib.sh's rpc_latency.
if [ "$RPC" -gt 0 ]; then
  urls=()
  for _ in $(seq 1 $((RPC + 50))); do urls+=("$API/api/tasks?wait=PT10S"); done
  curl -sS -H 'Content-Type: application/json' -d '{"type":"echo","payload":{"rpc":true}}' \
    -w '\nrpc %{http_code} %{time_total}\n' "${urls[@]}" >"$WORK_DIR/rpc.out"
  # Answers other than 200 are counted, not timed.
  grep '^rpc ' "$WORK_DIR/rpc.out" | tail -n "$RPC" >"$WORK_DIR/rpc.timed"
  others="$({ grep -v '^rpc 200 ' "$WORK_DIR/rpc.timed" || true; } | cut -d' ' -f2 | sort | uniq -c | awk '{ printf "; %d answered %s", $1, $2 }')"
  grep -q '^rpc 200 ' "$WORK_DIR/rpc.timed" || die "no ?wait= call answered 200$others"
  log "rpc across namespaces: $(grep '^rpc 200 ' "$WORK_DIR/rpc.timed" | awk '{ printf "%.3f\n", $3 * 1000 }' | sort -n \
    | awk -v others="$others" '{ t[NR] = $1 } END { printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d calls%s)", t[int(NR * 0.50 + 0.999999)], t[int(NR * 0.99 + 0.999999)], t[NR], NR, others }')"
fi

if [ "$HOLD" = true ]; then
  log "holding; Ctrl-C to stop and clean up"
  while :; do sleep 3600; done
fi
