#!/usr/bin/env bash
# S3 through the proxy vs the native redirect path, same cluster, same run (aisloader both ways):
#   native  aisloader -bucket=ais://nat           every request: proxy -> 307 -> target (data: client <-> target)
#   S3      aisloader -bucket=s3://s3b -s3endpoint=<proxy>/s3   the proxy answers the data itself
#                                                 (S3 clients do not follow redirects)
# First PUT (-pctput=100), then GET (-pctput=0) of the objects just written; prints MiB/s and the
# S3/native ratio of each.
#   bench/s3.sh [DURATION=8s] [WORKERS=8] [SIZE=1MiB] [ROUNDS=1]
# ROUNDS > 1 alternates native and S3 runs that many times and reports the sums (less noise).
# Environment: AIS_BIN (binaries, default build/bin), AIS_BENCH_PORT (default 9480),
# AIS_BENCH_TARGETS (default 3), AIS_BENCH_MOUNTPATHS (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-8s}; WORKERS=${2:-8}; SIZE=${3:-1MiB}; ROUNDS=${4:-1}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_BIN=$BIN
export AIS_DATA=$(mktemp -d /tmp/ais-bench-s3-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9480}
export AIS_TARGETS=${AIS_BENCH_TARGETS:-3} AIS_MOUNTPATHS=${AIS_BENCH_MOUNTPATHS:-1}
command -v python3 >/dev/null || { echo "python3 is required"; exit 1; }
[ -x "$BIN/aisloader" ] && [ -x "$BIN/aisnode" ] || { echo "build aisnode and aisloader first ($BIN)"; exit 1; }
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1 || true; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
bash deploy/local/run.sh >/dev/null
E=http://127.0.0.1:$AIS_PORT
curl -sf -X POST "$E/v1/buckets/nat" -H 'Content-Type: application/json' \
  -d '{"action":"create-bck","name":"","value":null}' >/dev/null
curl -sf -X PUT "$E/s3/s3b" >/dev/null
echo "S3 vs native: $SIZE objects, $WORKERS workers, $DUR per run, $ROUNDS round(s), $AIS_TARGETS target(s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# run NAME PCTPUT BUCKET [extra aisloader flags...] -> appends "count bytes errors seconds" to $AIS_DATA/NAME.tot
run() {
  local name=$1 pct=$2 bck=$3; shift 3
  "$BIN/aisloader" -bucket="$bck" -pctput="$pct" -duration="$DUR" \
    -numworkers="$WORKERS" -minsize="$SIZE" -maxsize="$SIZE" -quiet -statsinterval=0 -json \
    -stats-output="$AIS_DATA/$name.json" -cleanup=false "$@" > "$AIS_DATA/$name.out"
  python3 - "$AIS_DATA/$name.json" "$pct" >> "$AIS_DATA/$name.tot" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))[-1]["put" if sys.argv[2] == "100" else "get"]
print(d["count"], d["bytes"], d["errors"], int(d["duration"]) / 1e9)
PY
}

for _ in $(seq 1 "$ROUNDS"); do
  run put-native 100 ais://nat -ip=127.0.0.1 -port="$AIS_PORT"
  run put-s3 100 s3://s3b -s3endpoint="$E/s3"
done
for _ in $(seq 1 "$ROUNDS"); do
  run get-native 0 ais://nat -ip=127.0.0.1 -port="$AIS_PORT"
  run get-s3 0 s3://s3b -s3endpoint="$E/s3"
done

python3 - "$AIS_DATA" <<'PY'
import sys
d = sys.argv[1]
def tot(name):
    c = b = e = s = 0
    for line in open("%s/%s.tot" % (d, name)):
        f = line.split()
        c += int(f[0]); b += int(f[1]); e += int(f[2]); s += float(f[3])
    return c, b, e, s
for op in ("put", "get"):
    nc, nb, ne, ns = tot(op + "-native")
    sc, sb, se, ss = tot(op + "-s3")
    n = nb / ns / 2**20; s = sb / ss / 2**20
    print("%s: native %8.1f MiB/s (%d req, %d errors)  S3 %8.1f MiB/s (%d req, %d errors)  ratio %.2f" %
          (op.upper(), n, nc, ne, s, sc, se, s / n))
PY
