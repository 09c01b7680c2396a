#!/usr/bin/env bash
# Listing vs `find` over the same mountpaths, same run: N objects in one bucket (1 proxy, 3
# targets, 2 mountpaths each), then
#   ais ls BUCKET --props name,size   (every page, through the proxy's merge)   vs
#   find <every %ob dir> -type f -printf '%P %s\n' | sort
#   bench/list.sh [N=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_BIN=$BIN AIS_DATA=$(mktemp -d /tmp/ais-bench-ls-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9480} AIS_TARGETS=3 AIS_MOUNTPATHS=2
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
# Filling is not what is measured: no fsync per object while the bucket fills.
printf '[durability]\nfsync_data = false\nfsync_dir = false\n' > "$AIS_DATA/cluster.toml"
bash deploy/local/run.sh >/dev/null
export AIS_ENDPOINT=http://127.0.0.1:$AIS_PORT
"$BIN/aisloader" -bucket=ais://lsb -pctput=100 -minsize=1 -maxsize=1 -maxputs="$N" -numworkers=32 \
  -duration=0 -cleanup=false -quiet >/dev/null
sync
t0=$(date +%s%N)
n_ais=$("$BIN/ais" ls ais://lsb --props name,size -H | wc -l)
t1=$(date +%s%N)
n_find=$(find "$AIS_DATA"/target*/mp*/@ais/lsb/%ob -type f -printf '%P %s\n' | sort | wc -l)
t2=$(date +%s%N)
[ "$n_ais" = "$N" ] && [ "$n_find" = "$N" ] || { echo "counts differ: ais $n_ais, find $n_find, want $N"; exit 1; }
python3 - "$N" "$t0" "$t1" "$t2" <<'PY'
import sys
n, t0, t1, t2 = map(int, sys.argv[1:])
a = (t1 - t0) / 1e9; f = (t2 - t1) / 1e9
print(f"ais ls --props name,size: {n:,} objects in {a:.2f} s ({n/a:,.0f}/s)")
print(f"find -printf | sort:     {n:,} files in {f:.2f} s ({n/f:,.0f}/s)")
print(f"ratio (ais / find): {f/a:.2f}")
PY
