#!/usr/bin/env bash
# Rebalance throughput vs `cp -r` of the same files between the same disks, and GET latency during
# a rebalance vs without, same run:
#   N objects of SIZE are PUT into ais://reb (1 proxy, 3 targets, 1 mountpath each); a 4th target
#   joins (AIS_TARGETS=4 run.sh); the rebalance moves its share to it. Throughput = what moved
#   (the files on the new target) over the time from the join to the rebalance's end. Reference:
#   `cp -r` + `sync` of the same number of object files of the same size.
#   GET p99: aisloader GETs (8 workers) for 5 s before the join, and during the rebalance.
#   bench/rebalance.sh [N=20000] [SIZE=64KiB]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}; SIZE=${2:-64KiB}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_DATA=$(mktemp -d /tmp/ais-bench-reb-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9480} AIS_TARGETS=3 AIS_MOUNTPATHS=1
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
bash deploy/local/run.sh >/dev/null
E=http://127.0.0.1:$AIS_PORT
export AIS_ENDPOINT=$E
"$BIN/aisloader" -bucket=ais://reb -pctput=100 -minsize="$SIZE" -maxsize="$SIZE" -maxputs="$N" \
  -numworkers=16 -duration=0 -cleanup=false -quiet >/dev/null
get_p99() {  # duration -> "p99_ms count"
  "$BIN/aisloader" -bucket=ais://reb -pctput=0 -numworkers=8 -duration="$1" -cleanup=false -quiet -json \
    -stats-output="$AIS_DATA/get.json" >/dev/null
  python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))[-1]["get"]; print(t["p99_latency"]/1e6, t["count"], t["errors"])' "$AIS_DATA/get.json"
}
read -r base_p99 base_n base_err < <(get_p99 5s)

rebs() {  # the number of rebalance jobs that have ended everywhere and none running
  curl -sf -X GET "$E/v1/cluster?what=status_all" -H 'Content-Type: application/json' -d '{"kind":"rebalance"}' |
    python3 -c 'import json,sys; s=json.load(sys.stdin) or []; print(len(s), sum(1 for x in s if x["end_time"] == 0))'
}
sync
t0=$(date +%s%N)
AIS_TARGETS=4 bash deploy/local/run.sh >/dev/null
"$BIN/aisloader" -bucket=ais://reb -pctput=0 -numworkers=8 -duration=600s -stoppable -cleanup=false -quiet -json \
  -stats-output="$AIS_DATA/during.json" >/dev/null &
loader=$!
while :; do
  read -r total running < <(rebs)
  [ "$total" -gt 0 ] && [ "$running" = 0 ] && break
  sleep 0.05
done
t1=$(date +%s%N)
kill -INT $loader; wait $loader || true
# The job's own span (first start to last end over the targets), without the new node's startup.
span_ns=$(curl -sf -X GET "$E/v1/cluster?what=qryxstats" -H 'Content-Type: application/json' -d '{"kind":"rebalance"}' |
  python3 -c '
import json,sys
from datetime import datetime
def ns(t):
    d, _, f = t.rstrip("Z").partition(".")
    return int(datetime.fromisoformat(d + "+00:00").timestamp()) * 10**9 + int((f + "000000000")[:9])
snaps = [s for v in json.load(sys.stdin).values() for s in v or []]
last = max(snaps, key=lambda s: int(s["id"][1:]))["id"]
mine = [s for s in snaps if s["id"] == last]
print(max(ns(s["end-time"]) for s in mine) - min(ns(s["start-time"]) for s in mine))')
read -r reb_p99 reb_n reb_err < <(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))[-1]["get"]; print(t["p99_latency"]/1e6, t["count"], t["errors"])' "$AIS_DATA/during.json")
moved=$(find "$AIS_DATA"/target3/mp1/@ais/reb/%ob -type f | wc -l)
bytes=$(du -sb "$AIS_DATA"/target3/mp1/@ais/reb/%ob | awk '{print $1}')

# Reference: cp -r of the same number of object files (from an old target to a new directory).
mkdir -p "$AIS_DATA/ref/src"
src=$(ls -d "$AIS_DATA"/target0/mp1/@ais/reb/%ob)
find "$src" -type f | head -n "$moved" | while read -r f; do echo "$f"; done > "$AIS_DATA/ref/list"
while read -r f; do cp "$f" "$AIS_DATA/ref/src/$(basename "$f")"; done < "$AIS_DATA/ref/list"
sync
r0=$(date +%s%N)
cp -r "$AIS_DATA/ref/src" "$AIS_DATA/ref/dst"
sync
r1=$(date +%s%N)
python3 - "$moved" "$bytes" "$t0" "$t1" "$r0" "$r1" "$span_ns" "$base_p99" "$base_n" "$base_err" "$reb_p99" "$reb_n" "$reb_err" <<'PY'
import sys
moved, b, t0, t1, r0, r1, span = map(int, sys.argv[1:8])
bp, bn, be, rp, rn, re_ = sys.argv[8:]
reb = span / 1e9; ref = (r1 - r0) / 1e9
print(f"rebalance: {moved} objects, {b/2**20:.1f} MiB moved to the new target in {reb:.2f} s "
      f"(the job; {(t1-t0)/1e9:.2f} s from starting the node): {moved/reb:,.0f} obj/s, {b/2**20/reb:.1f} MiB/s")
print(f"cp -r + sync of as many files: {ref:.2f} s: {moved/ref:,.0f} obj/s, {b/2**20/ref:.1f} MiB/s")
print(f"ratio (rebalance / cp -r): {ref/reb:.2f}")
print(f"GET p99 without rebalance: {float(bp):.2f} ms ({bn} GETs, {be} errors); "
      f"during: {float(rp):.2f} ms ({rn} GETs, {re_} errors)")
PY
