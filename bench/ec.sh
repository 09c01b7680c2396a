#!/usr/bin/env bash
# The cost of erasure coding: aisloader PUTs of SIZE objects into a plain bucket and into an EC D+P
# bucket (ec.enabled; the slices are made after the PUT is acknowledged, by the ec-put jobs), same
# cluster, same run, alternating rounds; how long the ec-put jobs take to finish after the last
# PUT; then the GET latency (through the proxy, curl) of objects whose main replica was removed
# from disk (restored from D slices on that GET) against the same objects read normally.
#   bench/ec.sh [DURATION=10s] [SIZE=1MiB] [WORKERS=8] [ROUNDS=2] [D=2] [P=2] [RESTORES=20]
# Environment: AIS_BIN (default build/bin), AIS_BENCH_PORT (default 9380), AIS_TARGETS (D+P+1),
# AIS_MOUNTPATHS (2 per target), AIS_BENCH_NOSYNC=1 (no fdatasync/directory fsync: what the syncs cost).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}; SIZE=${2:-1MiB}; WORKERS=${3:-8}; ROUNDS=${4:-2}; D=${5:-2}; P=${6:-2}; NREST=${7:-20}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_BIN=$BIN AIS_DATA=$(mktemp -d /tmp/ais-bench-ec-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9380}
export AIS_TARGETS=${AIS_TARGETS:-$((D + P + 1))} AIS_MOUNTPATHS=${AIS_MOUNTPATHS:-2}
[ -x "$BIN/aisloader" ] && [ -x "$BIN/aisnode" ] || { echo "build aisnode and aisloader first ($BIN)"; exit 1; }
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1 || true; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
bash deploy/local/run.sh >/dev/null
E=http://127.0.0.1:$AIS_PORT
mk() { curl -sf -X POST "$E/v1/buckets/$1" -H 'Content-Type: application/json' \
  -d "{\"action\":\"create-bck\",\"name\":\"\",\"value\":${2:-null}}" >/dev/null; }
[ -n "${AIS_BENCH_NOSYNC:-}" ] && curl -sf -X PUT \
  "$E/v1/cluster/set-config?durability.fsync_data=false&durability.fsync_dir=false" >/dev/null
mk plain
mk ec
curl -sf -X PATCH "$E/v1/buckets/ec" -H 'Content-Type: application/json' \
  -d "{\"action\":\"set-bprops\",\"value\":{\"ec\":{\"enabled\":true,\"data_slices\":$D,\"parity_slices\":$P}}}" >/dev/null
echo "PUT $SIZE objects, $WORKERS workers, $DUR per run, $ROUNDS round(s), EC $D+$P, $AIS_TARGETS targets x" \
  "$AIS_MOUNTPATHS mountpaths, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

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
for _ in $(seq 1 "$ROUNDS"); do run plain plain; run ec ec; done

# Until the ec-put jobs have drained (they end 5 s after their last object: that much is subtracted).
t0=$(date +%s.%N)
while curl -sf "$E/v1/cluster?what=running_all" -X GET -H 'Content-Type: application/json' \
      -d '{"kind":"ec-put"}' | grep -q ec-put; do sleep 0.2; done
t1=$(date +%s.%N)

# GET latency: normal, then restored (main replica removed on disk), then normal again.
python3 - "$E" "$AIS_DATA" "$NREST" > "$AIS_DATA/lat.out" <<'PY'
import glob, json, os, subprocess, sys, urllib.request
E, data, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
req = urllib.request.Request(E + "/v1/buckets/ec?provider=ais", method="GET",
                             data=json.dumps({"action": "list", "value": {"props": "name", "pagesize": 100000}}).encode(),
                             headers={"Content-Type": "application/json"})
names = sorted(e["name"] for e in json.load(urllib.request.urlopen(req))["entries"])[:n]
def get_ms(name):
    out = subprocess.run(["curl", "-s", "-L", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                          E + "/v1/objects/ec/" + name + "?provider=ais"], capture_output=True, text=True).stdout.split()
    assert out[0] == "200", out
    return float(out[1]) * 1000
normal, restored, after = [], [], []
for name in names:
    get_ms(name)  # warm
    normal.append(get_ms(name))
    files = glob.glob(data + "/target*/mp*/@ais/ec/%ob/" + name)
    assert len(files) == 1, files
    os.remove(files[0])
    restored.append(get_ms(name))
    assert os.path.exists(files[0])
    after.append(get_ms(name))
med = lambda v: sorted(v)[len(v) // 2]
print("%d %.2f %.2f %.2f %.2f %.2f %.2f" % (len(names), med(normal), max(normal), med(restored), max(restored),
                                           med(after), max(after)))
PY

python3 - "$AIS_DATA" "$t0" "$t1" "$D" "$P" <<'PY'
import sys
d = sys.argv[1]
def tot(name):
    c = b = e = s = 0
    for line in open("%s/%s.tot" % (d, name)):
        f = line.split(); c += int(f[0]); b += int(f[1]); e += int(f[2]); s += float(f[3])
    return c, b, e, s
pc, pb, pe, ps = tot("plain"); ec_, eb, ee, es = tot("ec")
p = pb / ps / 2**20; e = eb / es / 2**20
print("PUT plain   %8.1f MiB/s (%d req, %d errors)" % (p, pc, pe))
print("PUT EC %s+%s  %8.1f MiB/s (%d req, %d errors)  ec/plain %.2f" % (sys.argv[4], sys.argv[5], e, ec_, ee, e / p))
print("every object encoded %.1f s after the last PUT (ec-put jobs ended; their 5 s idle time subtracted)" %
      max(0.0, float(sys.argv[3]) - float(sys.argv[2]) - 5))
n, nm, nx, rm, rx, am, ax = open(d + "/lat.out").read().split()
print("GET latency over %s objects of the EC bucket (curl -L via the proxy), median / max ms:" % n)
print("  normal %s / %s;  restored from slices (main removed on disk) %s / %s;  after the restore %s / %s" %
      (nm, nx, rm, rx, am, ax))
PY
