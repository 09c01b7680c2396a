#!/usr/bin/env bash
# Nodes on distinct hosts: every aisnode in a network namespace of its own, with its own IP
# address, joined by a bridge, so that nothing may assume 127.0.0.1. Asserts what an operator
# sees: the cluster forms over those addresses and serves objects through redirects to them; a
# target cut off by the network (its link down) leaves the cluster map within the keepalive bound
# (10 s by default; 5 s of slack here for a loaded machine) and comes back on its own when the
# link returns.
#
# Needs root and iproute2 (CI runs as root). Elsewhere it skips (exit 77) with the reason, and
# under CI it fails instead. Usage: distinct_hosts.sh BIN_DIR
set -euo pipefail
BIN=${1:?usage: distinct_hosts.sh BIN_DIR}

need() {
  if [ -n "${CI:-}" ]; then echo "FAIL: $1 (required under CI)"; exit 1; fi
  echo "SKIP: $1"; exit 77
}
[ "$(id -u)" = 0 ] || need "network namespaces need root"
command -v ip >/dev/null || need "iproute2 (ip) is not installed"
command -v curl >/dev/null || need "curl is not installed"

tag=$(( $$ % 10000 ))
net="10.$(( 100 + $$ % 150 )).$(( $$ % 200 ))"
br="aisbr$tag"
dir=$(mktemp -d /tmp/ais-netns-XXXXXX)
nodes=(p0 t0 t1 t2)
declare -A ip=([p0]=$net.10 [t0]=$net.20 [t1]=$net.21 [t2]=$net.22)
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for n in "${nodes[@]}"; do ip netns del "ais$tag$n" 2>/dev/null || true; done
  ip link del "$br" 2>/dev/null || true
  [ -n "${AIS_KEEP_TEST_DATA:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT

ip link add "$br" type bridge
ip addr add "$net.1/24" dev "$br"
ip link set "$br" up
for n in "${nodes[@]}"; do
  ns="ais$tag$n"
  ip netns add "$ns"
  ip link add "v$tag$n" type veth peer name "b$tag$n"
  ip link set "v$tag$n" netns "$ns"
  ip link set "b$tag$n" master "$br" up
  ip netns exec "$ns" ip addr add "${ip[$n]}/24" dev "v$tag$n"
  ip netns exec "$ns" ip link set "v$tag$n" up
  ip netns exec "$ns" ip link set lo up
done

primary="http://${ip[p0]}:8080"
for n in "${nodes[@]}"; do
  role=target; [ "$n" = p0 ] && role=proxy
  d="$dir/$n"; mkdir -p "$d/conf" "$d/log" "$d/mp1" "$d/mp2"
  {
    echo "confdir = \"$d/conf\""
    echo "log_dir = \"$d/log\""
    echo "role = \"$role\""
    [ "$n" = p0 ] && echo 'primary_url = ""' || echo "primary_url = \"$primary\""
    echo "io_threads = 1"
    echo "[host_net]"
    echo "hostname = \"${ip[$n]}\""
    echo "port = 8080"
    echo "[fspaths]"
    [ "$role" = target ] && echo "paths = [\"$d/mp1\", \"$d/mp2\"]" || echo "paths = []"
  } > "$d/local.toml"
  ip netns exec "ais$tag$n" "$BIN/aisnode" --role "$role" --config "$d/local.toml" > "$d/log/stdout.log" 2>&1 &
  pids+=($!)
done

smap() { curl -sf --max-time 2 "$primary/v1/daemon?what=smap"; }
targets() { smap | python3 -c 'import json,sys; print(" ".join(sorted(n["public_net"]["node_ip_addr"] for n in json.load(sys.stdin)["tmap"].values())))' 2>/dev/null || true; }
id_of() { cat "$dir/$1/conf/daemon_id"; }
fail() { echo "FAIL: $*"; for n in "${nodes[@]}"; do echo "--- $n"; tail -n 5 "$dir/$n/log/stdout.log"; done; exit 1; }

all="${ip[t0]} ${ip[t1]} ${ip[t2]}"
for _ in $(seq 1 150); do [ "$(targets)" = "$all" ] && break; sleep 0.2; done
[ "$(targets)" = "$all" ] || fail "the cluster did not form over $all (have: $(targets))"
echo "cluster formed: targets at $all"

# Objects go to the targets' own addresses by redirect.
curl -sf -X POST "$primary/v1/buckets/nb" -H 'Content-Type: application/json' -d '{"action":"create-bck"}' >/dev/null \
  || fail "create bucket"
for i in $(seq 1 30); do
  printf 'object %s' "$i" | curl -sfL -X PUT --data-binary @- "$primary/v1/objects/nb/o$i" >/dev/null || fail "PUT o$i"
done
loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$primary/v1/objects/nb/o1")
case "$loc" in http://$net.2[0-2]:8080/*) ;; *) fail "GET redirect to $loc, not to a target's address";; esac
for i in $(seq 1 30); do
  [ "$(curl -sfL "$primary/v1/objects/nb/o$i")" = "object $i" ] || fail "GET o$i"
done

# Cut t2 off: its link goes down inside its namespace.
t2=$(id_of t2)
ip netns exec "ais${tag}t2" ip link set "v${tag}t2" down
start=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - start) / 1000000 )); }
while smap | grep -q "\"$t2\""; do
  [ "$(ms)" -gt 15000 ] && fail "t[$t2] still in the cluster map after $(ms) ms"
  sleep 0.2
done
echo "cut-off target removed after $(ms) ms"

# Back: the link returns, the node learns it was removed (404 to its heartbeat) and registers again.
ip netns exec "ais${tag}t2" ip link set "v${tag}t2" up
start=$(date +%s%N)
until smap | grep -q "\"$t2\""; do
  [ "$(ms)" -gt 30000 ] && fail "t[$t2] did not rejoin within 30 s"
  sleep 0.2
done
echo "target rejoined after $(ms) ms"
[ "$(targets)" = "$all" ] || fail "after the rejoin the targets are $(targets)"
# Once its rebalance is done, every object is readable again.
for _ in $(seq 1 100); do
  ok=1
  for i in $(seq 1 30); do [ "$(curl -sfL "$primary/v1/objects/nb/o$i")" = "object $i" ] || { ok=0; break; }; done
  [ $ok = 1 ] && break
  sleep 0.2
done
[ $ok = 1 ] || fail "objects not readable after the rejoin"
echo "PASS"
