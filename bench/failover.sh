#!/usr/bin/env bash
# Failure detection and election times with the default keepalive settings, on loopback:
#   1 primary + 2 more proxies, 3 targets (deploy/local/run.sh); kill -9 of a target -> the time
#   until the primary's Smap no longer lists it; kill -9 of the primary -> the time until both
#   other proxies report the same new primary. ROUNDS rounds, each on a fresh cluster.
#   bench/failover.sh [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_PORT=${AIS_BENCH_PORT:-9580} AIS_TARGETS=3 AIS_PROXIES=3 AIS_MOUNTPATHS=1
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
primary_of() { curl -sf --max-time 1 "http://127.0.0.1:$1/v1/daemon?what=smap" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["proxy_si"]["daemon_id"])' 2>/dev/null || true; }
det=(); ele=()
for r in $(seq 1 "$ROUNDS"); do
  export AIS_DATA=$(mktemp -d /tmp/ais-bench-fo-XXXXXX)
  bash deploy/local/run.sh >/dev/null
  E=http://127.0.0.1:$AIS_PORT
  tid=$(cat "$AIS_DATA/target2/conf/daemon_id")
  sleep 2  # a few heartbeats first: the kill lands at a random point of the period
  kill -9 "$(cat "$AIS_DATA/target2/pid")"; t0=$(date +%s%N)
  while curl -sf "$E/v1/daemon?what=smap" | grep -q "\"$tid\""; do sleep 0.05; done
  det+=("$(ms "$t0")")
  old=$(primary_of "$AIS_PORT")
  kill -9 "$(cat "$AIS_DATA/proxy0/pid")"; t0=$(date +%s%N)
  while :; do
    a=$(primary_of $((AIS_PORT + 1))); b=$(primary_of $((AIS_PORT + 2)))
    [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != "$old" ] && break
    [ "$(ms "$t0")" -gt 60000 ] && { echo "no new primary in 60 s"; exit 1; }
    sleep 0.05
  done
  ele+=("$(ms "$t0")")
  bash deploy/local/stop.sh >/dev/null 2>&1; rm -rf "$AIS_DATA"
done
echo "target kill -9 -> out of the Smap (ms): ${det[*]}"
echo "primary kill -9 -> new primary on every proxy (ms): ${ele[*]}"
