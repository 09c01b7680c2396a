#!/usr/bin/env bash
# The cost of data protection on PUT: aisloader PUTs of SIZE objects into a plain bucket and into a
# 2-way mirror (mirror.enabled, copies=2: the copy is made after the PUT is acknowledged), same
# cluster, same run, alternating rounds; then how long the mirror takes to have every copy.
#   bench/protect.sh [DURATION=10s] [SIZE=1MiB] [WORKERS=8] [ROUNDS=2]
# Environment: AIS_BIN (default build/bin), AIS_BENCH_PORT (default 9380), AIS_TARGETS (3),
# AIS_MOUNTPATHS (2 per target; the mirror needs 2).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}; SIZE=${2:-1MiB}; WORKERS=${3:-8}; ROUNDS=${4:-2}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_BIN=$BIN AIS_DATA=$(mktemp -d /tmp/ais-bench-protect-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9380}
export AIS_TARGETS=${AIS_TARGETS:-3} AIS_MOUNTPATHS=${AIS_MOUNTPATHS:-2}
[ -x "$BIN/aisloader" ] && [ -x "$BIN/aisnode" ] || { echo "build aisnode and aisloader first ($BIN)"; exit 1; }
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1 || true; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
bash deploy/local/run.sh >/dev/null
E=http://127.0.0.1:$AIS_PORT
mk() { curl -sf -X POST "$E/v1/buckets/$1" -H 'Content-Type: application/json' \
  -d "{\"action\":\"create-bck\",\"name\":\"\",\"value\":${2:-null}}" >/dev/null; }
mk plain
mk mirror '{"mirror":{"enabled":true,"copies":2}}'
echo "PUT $SIZE objects, $WORKERS workers, $DUR per run, $ROUNDS round(s), $AIS_TARGETS targets x $AIS_MOUNTPATHS mountpaths, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

run() {  # NAME BUCKET -> appends "count bytes errors seconds" to NAME.tot
  "$BIN/aisloader" -bucket="ais://$2" -pctput=100 -duration="$DUR" -ip=127.0.0.1 -port="$AIS_PORT" \
    -numworkers="$WORKERS" -minsize="$SIZE" -maxsize="$SIZE" -quiet -statsinterval=0 -json \
    -stats-output="$AIS_DATA/$1.json" -cleanup=false > "$AIS_DATA/$1.out"
  python3 - "$AIS_DATA/$1.json" >> "$AIS_DATA/$1.tot" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))[-1]["put"]
print(d["count"], d["bytes"], d["errors"], int(d["duration"]) / 1e9)
PY
}
for _ in $(seq 1 "$ROUNDS"); do run plain plain; run mirror mirror; done

# Until every object of the mirror has its copy (the put-copies jobs have drained).
t0=$(date +%s.%N)
while true; do
  n=$(curl -sf "$E/v1/buckets/mirror?provider=ais" -X GET -H 'Content-Type: application/json' \
      -d '{"action":"list","value":{"props":"name,copies","flags":0,"pagesize":100000}}' |
      python3 -c 'import json,sys; e=json.load(sys.stdin)["entries"] or []; print(sum(1 for x in e if x.get("copies",1) < 2), len(e))')
  [ "${n%% *}" = "0" ] && break
  sleep 0.2
done
t1=$(date +%s.%N)

python3 - "$AIS_DATA" "$t0" "$t1" "$n" <<'PY'
import sys
d = sys.argv[1]
def tot(name):
    c = b = e = s = 0
    for line in open("%s/%s.tot" % (d, name)):
        f = line.split(); c += int(f[0]); b += int(f[1]); e += int(f[2]); s += float(f[3])
    return c, b, e, s
pc, pb, pe, ps = tot("plain"); mc, mb, me, ms = tot("mirror")
p = pb / ps / 2**20; m = mb / ms / 2**20
print("PUT plain  %8.1f MiB/s (%d req, %d errors)" % (p, pc, pe))
print("PUT mirror %8.1f MiB/s (%d req, %d errors)  mirror/plain %.2f" % (m, mc, me, m / p))
print("every copy made %.1f s after the last PUT (%s objects)" % (float(sys.argv[3]) - float(sys.argv[2]), sys.argv[4].split()[1]))
PY
