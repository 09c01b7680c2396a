#!/usr/bin/env bash
# The cost of always-on stats: GET of 4 KiB objects straight from a target (wrk -t1 -c16), aisnode
# built with the counters (build/) vs with them compiled out (cmake -DAIS_STATS=OFF, build-nostats/),
# alternating runs on one fresh cluster each, same machine, same run.
#   cmake -S . -B build-nostats -G Ninja -DAIS_STATS=OFF && cmake --build build-nostats --target aisnode
#   bench/stats_cost.sh [DURATION=10s] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}; ROUNDS=${2:-3}
ON=${AIS_BIN:-$PWD/build/bin}; OFF=${AIS_BIN_NOSTATS:-$PWD/build-nostats/bin}
[ -x "$OFF/aisnode" ] || { echo "no $OFF/aisnode: build it with -DAIS_STATS=OFF first"; exit 1; }
run_one() {  # BIN -> req/s
  export AIS_BIN=$1 AIS_DATA=$(mktemp -d /tmp/ais-bench-stats-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9380} AIS_TARGETS=1 AIS_MOUNTPATHS=1
  bash deploy/local/run.sh >/dev/null
  local E=http://127.0.0.1:$AIS_PORT T=http://127.0.0.1:$((AIS_PORT + 10))
  curl -sf -X POST "$E/v1/buckets/bench" -H 'Content-Type: application/json' -d '{"action":"create-bck","name":"","value":null}'
  head -c 4096 /dev/urandom > "$AIS_DATA/payload"
  for i in $(seq 1 100); do curl -sf -L -T "$AIS_DATA/payload" "$E/v1/objects/bench/o$i" -o /dev/null; done
  cat > "$AIS_DATA/get.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/v1/objects/bench/o" .. (counter % 100 + 1))
end
LUA
  local out; out=$(wrk -t1 -c16 -d"$DUR" -s "$AIS_DATA/get.lua" "$T")
  bash deploy/local/stop.sh >/dev/null 2>&1; rm -rf "$AIS_DATA"
  if grep -q "Non-2xx" <<<"$out"; then echo "wrk saw errors" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
on=(); off=()
for r in $(seq 1 "$ROUNDS"); do
  on+=("$(run_one "$ON")"); off+=("$(run_one "$OFF")")
  echo "round $r: with stats ${on[-1]} req/s, compiled out ${off[-1]} req/s"
done
python3 - "${on[*]}" "${off[*]}" <<'PY'
import sys, statistics as st
on = [float(x) for x in sys.argv[1].split()]; off = [float(x) for x in sys.argv[2].split()]
a, b = st.median(on), st.median(off)
print(f"median: with stats {a:,.0f} req/s, compiled out {b:,.0f} req/s: with/without = {a/b:.3f} ({(a/b-1)*100:+.1f}%)")
PY
