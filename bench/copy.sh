#!/usr/bin/env bash
# Copy-bucket throughput vs `cp -r` of the same files on the same disk, same run:
#   N objects of SIZE are PUT into ais://cpsrc (1 proxy, 3 targets, 1 mountpath each); the
#   copy-bck job copies them to ais://cpdst (every object fdatasync'ed, as PUTs are); the
#   reference copies the same object files with `cp -r` and then `sync`.
# Also: how long after the job's real end `ais job wait` returns.
#   bench/copy.sh [N=10000] [SIZE=64KiB]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; SIZE=${2:-64KiB}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_DATA=$(mktemp -d /tmp/ais-bench-cp-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9380} AIS_TARGETS=3 AIS_MOUNTPATHS=1
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
bash deploy/local/run.sh >/dev/null
E=http://127.0.0.1:$AIS_PORT
export AIS_ENDPOINT=$E
"$BIN/aisloader" -bucket=ais://cpsrc -pctput=100 -minsize="$SIZE" -maxsize="$SIZE" -maxputs="$N" \
  -numworkers=16 -duration=0 -cleanup=false -quiet >/dev/null
count=$(curl -sf -X GET "$E/v1/buckets/cpsrc" -H 'Content-Type: application/json' \
  -d '{"action":"list","name":"","value":{"props":"name"}}' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')
[ "$count" = "$N" ] || { echo "expected $N objects, found $count"; exit 1; }
bytes=$(du -sb "$AIS_DATA"/target*/mp1/@ais/cpsrc/%ob | awk '{s+=$1} END {print s}')

sync
t0=$(date +%s%N)
xid=$(curl -sf -X POST "$E/v1/buckets/cpsrc?bck_to=ais/@%23/cpdst/" -H 'Content-Type: application/json' \
  -d '{"action":"copy-bck","name":"","value":{}}')
"$BIN/ais" job wait "$xid" >/dev/null
t_wait=$(date +%s%N)
end_ns=$(curl -sf -X GET "$E/v1/cluster?what=status" -H 'Content-Type: application/json' -d "{\"id\":\"$xid\"}" |
  python3 -c 'import json,sys; s=json.load(sys.stdin); assert not s["err"] and not s["aborted"], s; print(s["end_time"])')
copied=$(curl -sf -X GET "$E/v1/buckets/cpdst" -H 'Content-Type: application/json' \
  -d '{"action":"list","name":"","value":{"props":"name"}}' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')
[ "$copied" = "$N" ] || { echo "copy has $copied objects, expected $N"; exit 1; }

mkdir -p "$AIS_DATA/cpref"
sync
r0=$(date +%s%N)
for d in "$AIS_DATA"/target*/mp1/@ais/cpsrc/%ob; do cp -r "$d" "$AIS_DATA/cpref/$(basename "$(dirname "$(dirname "$(dirname "$(dirname "$d")")")")")"; done
sync
r1=$(date +%s%N)
python3 - "$N" "$bytes" "$t0" "$end_ns" "$t_wait" "$r0" "$r1" <<'PY'
import sys
n, b, t0, end, tw, r0, r1 = map(int, sys.argv[1:])
job = (end - t0) / 1e9; ref = (r1 - r0) / 1e9
print(f"copy-bck: {n} objects, {b/2**20:.1f} MiB in {job:.2f} s: {n/job:,.0f} obj/s, {b/2**20/job:.1f} MiB/s")
print(f"cp -r + sync: {ref:.2f} s: {n/ref:,.0f} obj/s, {b/2**20/ref:.1f} MiB/s")
print(f"ratio (copy-bck / cp -r): {ref/job:.2f}")
print(f"'ais job wait' returned {(tw-end)/1e6:.0f} ms after the job's end")
PY
