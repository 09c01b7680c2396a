#!/usr/bin/env bash
# aisloader GET vs wrk on the same target URLs, side by side in one run (1 proxy + 1 target):
#   wrk       -> target   the reference: a minimal C HTTP client hammering the target's object URLs
#   aisloader -> target   aisloader pointed at the same target, same objects, same connection count
#   aisloader -> proxy    aisloader as users run it: every GET goes proxy -> 307 -> target
# For each object size: req/s, MiB/s, the ratio to wrk, and each client's own CPU time (user+sys,
# from bash `time`) per request, so that client efficiency is visible even when the machine, not
# the client, is the bottleneck.
#   bench/aisloader.sh [DURATION=10s] [CONNECTIONS=16] [SIZES="4KiB 1MiB"] [OBJECTS=100]
# Environment: AIS_BIN (binaries, default build/bin), AIS_BENCH_PORT (default 9380),
# AISLOADER_THREADS (aisloader -numthreads, default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}; CONNS=${2:-16}; SIZES=${3:-"4KiB 1MiB"}; NOBJ=${4:-100}
BIN=${AIS_BIN:-$PWD/build/bin}
THREADS=${AISLOADER_THREADS:-1}
export AIS_BIN=$BIN
export AIS_DATA=$(mktemp -d /tmp/ais-bench-loader-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9380} AIS_TARGETS=1 AIS_MOUNTPATHS=1
for tool in wrk python3; do command -v $tool >/dev/null || { echo "$tool is required"; exit 1; }; done
[ -x "$BIN/aisloader" ] && [ -x "$BIN/aisnode" ] || { echo "build aisnode and aisloader first ($BIN)"; exit 1; }
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1 || true; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
bash deploy/local/run.sh >/dev/null
PROXY_PORT=$AIS_PORT; TARGET_PORT=$((AIS_PORT + 1))
T=http://127.0.0.1:$TARGET_PORT
TIMEFORMAT='%U %S'
echo "aisloader vs wrk: GET, $CONNS connections, $DUR per client, $NOBJ objects per size, aisloader -numthreads=$THREADS ($(nproc) cores)"

# aisloader JSON totals -> "count bytes"
totals() {
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))[-1]["get"]
print(d["count"], d["bytes"], d["errors"], int(d["duration"]) / 1e9)
PY
}

for size in $SIZES; do
  b=bench$(echo "$size" | tr -dc 'a-zA-Z0-9' | tr 'A-Z' 'a-z')
  # objects named with hex counters 0..NOBJ-1, so that wrk can address them
  "$BIN/aisloader" -ip=127.0.0.1 -port=$PROXY_PORT -bucket=ais://$b -pctput=100 -maxputs=$NOBJ -minsize=$size \
    -maxsize=$size -randomname=false -numworkers=8 -quiet -statsinterval=0 -cleanup=false >/dev/null
  bytes=$(curl -s -o /dev/null -w '%{size_download}' "$T/v1/objects/$b/0?provider=ais")
  cat > "$AIS_DATA/get.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", string.format("/v1/objects/$b/%x?provider=ais", counter % $NOBJ))
end
LUA
  # wrk -> target
  { time wrk -t1 -c"$CONNS" -d"$DUR" -s "$AIS_DATA/get.lua" "$T" > "$AIS_DATA/wrk.out" ; } 2> "$AIS_DATA/wrk.time"
  w_req=$(awk '/requests in/ {print $1}' "$AIS_DATA/wrk.out")
  w_secs=$(awk '/requests in/ {sub(/s,$/, "", $4); print $4}' "$AIS_DATA/wrk.out")
  w_errs=$(awk '/Non-2xx|Socket errors/ {print}' "$AIS_DATA/wrk.out" | tr '\n' ' ')
  w_cpu=$(cat "$AIS_DATA/wrk.time")
  # aisloader -> target, then -> proxy
  for via in target proxy; do
    port=$TARGET_PORT; [ $via = proxy ] && port=$PROXY_PORT
    { time "$BIN/aisloader" -ip=127.0.0.1 -port=$port -bucket=ais://$b -pctput=0 -duration=$DUR -numworkers=$CONNS \
        -numthreads=$THREADS -quiet -statsinterval=0 -json -stats-output="$AIS_DATA/al-$via.json" -cleanup=false \
        > "$AIS_DATA/al-$via.out" ; } 2> "$AIS_DATA/al-$via.time"
    grep -v '^[0-9.]* [0-9.]*$' "$AIS_DATA/al-$via.time" >&2 || true
    tail -n1 "$AIS_DATA/al-$via.time" > "$AIS_DATA/al-$via.cpu"
    totals "$AIS_DATA/al-$via.json" > "$AIS_DATA/al-$via.tot"
  done
  python3 - "$size" "$bytes" "$w_req" "$w_secs" "$w_cpu" "$DUR" "$AIS_DATA" "$w_errs" <<'PY'
import sys
size, obj, w_req, w_secs, w_cpu, dur, d, w_errs = sys.argv[1:9]
obj = int(obj); w_req = int(w_req); w_secs = float(w_secs)
def cpu(text):
    u, s = text.split()
    return float(u) + float(s)
w_rate = w_req / w_secs
w_c = cpu(w_cpu)
print("GET %s objects:" % size)
print("  %-20s %9.0f req/s %9.1f MiB/s                cpu %6.2fs  %6.1f us/req  %s" %
      ("wrk -> target", w_rate, w_rate * obj / 2**20, w_c, w_c / w_req * 1e6, w_errs.strip()))
for via in ("target", "proxy"):
    cnt, nbytes, errs, elapsed = open("%s/al-%s.tot" % (d, via)).read().split()
    cnt = int(cnt); nbytes = int(nbytes); elapsed = float(elapsed)
    rate = cnt / elapsed
    c = cpu(open("%s/al-%s.cpu" % (d, via)).read())
    print("  %-20s %9.0f req/s %9.1f MiB/s  ratio %.2f   cpu %6.2fs  %6.1f us/req  errors %s" %
          ("aisloader -> " + via, rate, nbytes / elapsed / 2**20, rate / w_rate, c, c / max(cnt, 1) * 1e6, errs))
PY
done
