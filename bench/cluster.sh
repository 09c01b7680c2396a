#!/usr/bin/env bash
# Cluster data path vs the references, same machine, same run:
#   GET of 4 KiB, 64 KiB, 1 MiB and 64 MiB objects from a target (wrk) vs nginx serving the same files;
#   PUT of 1 MiB objects into a target (wrk) vs dd writing 1 MiB blocks with O_DSYNC to the same disk;
#   RSS of each node idle and after the load.
#   bench/cluster.sh [DURATION=10s] [CONNECTIONS=16]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}; CONNS=${2:-16}
BIN=${AIS_BIN:-$PWD/build/bin}
export AIS_DATA=$(mktemp -d /tmp/ais-bench-XXXXXX) AIS_PORT=${AIS_BENCH_PORT:-9280} AIS_TARGETS=1 AIS_MOUNTPATHS=1
chmod 755 "$AIS_DATA"  # nginx workers (www-data) must read the files
NGINX_PORT=$((AIS_PORT + 50))
cleanup() { bash deploy/local/stop.sh >/dev/null 2>&1; nginx -p "$AIS_DATA" -c nginx.conf -s stop 2>/dev/null || true; rm -rf "$AIS_DATA"; }
trap cleanup EXIT
bash deploy/local/run.sh >/dev/null
E=http://127.0.0.1:$AIS_PORT; T=http://127.0.0.1:$((AIS_PORT + 1))
OB="$AIS_DATA/target0/mp1/@ais/bench/%ob"
curl -sf -X POST "$E/v1/buckets/bench" -H 'Content-Type: application/json' -d '{"action":"create-bck","name":"","value":null}'
rss() { for p in $(cat "$AIS_DATA/pids"); do awk '/VmRSS/ {printf "%d ", $2/1024}' /proc/$p/status; done; echo "MiB (proxy, target)"; }
echo "RSS idle: $(rss)"

cat > "$AIS_DATA/nginx.conf" <<NGX
worker_processes 2;
pid $AIS_DATA/nginx.pid;
error_log $AIS_DATA/nginx-error.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; keepalive_requests 1000000;
       server { listen 127.0.0.1:$NGINX_PORT; root "$OB"; } }
NGX
nginx -p "$AIS_DATA" -c nginx.conf

# Requests/s of a wrk run; fails if any response was not 2xx.
rps() {
  local out; out=$(wrk -t1 -c"${3:-$CONNS}" -d"$DUR" -s "$1" "$2")
  if grep -q "Non-2xx" <<<"$out"; then echo "wrk saw errors from $2:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

# SIZE:COUNT (fewer of the large ones: the disk is shared)
for spec in ${AIS_BENCH_GET_SIZES:-4096:100 65536:100 1048576:100 67108864:8}; do
  size=${spec%%:*}; count=${spec##*:}
  head -c $size /dev/urandom > "$AIS_DATA/payload"
  for i in $(seq 1 "$count"); do
    curl -sf -L -T "$AIS_DATA/payload" "$E/v1/objects/bench/s$size-$i" -o /dev/null
  done
  cat > "$AIS_DATA/get.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/PREFIXs$size-" .. (counter % $count + 1))
end
LUA
  sed "s|PREFIX|v1/objects/bench/|" "$AIS_DATA/get.lua" > "$AIS_DATA/get-ais.lua"
  sed "s|PREFIX||" "$AIS_DATA/get.lua" > "$AIS_DATA/get-nginx.lua"
  # Both must serve the same bytes, or the comparison is meaningless.
  cmp -s <(curl -sf "http://127.0.0.1:$NGINX_PORT/s$size-1") <(curl -sf "$T/v1/objects/bench/s$size-1") ||
    { echo "nginx and aisnode disagree on s$size-1"; exit 1; }
  n=$(rps "$AIS_DATA/get-nginx.lua" "http://127.0.0.1:$NGINX_PORT")
  a=$(rps "$AIS_DATA/get-ais.lua" "$T")
  python3 -c "s=$size; n=$n; a=$a; print('GET %7d B: nginx %8.0f req/s (%7.1f MiB/s)  aisnode %8.0f req/s (%7.1f MiB/s)  ratio %.2f' % (s, n, n*s/2**20, a, a*s/2**20, a/n))"
done
echo "RSS after GET load: $(rss)"

# PUT 1 MiB: wrk PUTs straight to the target (the redirect marker makes it a redirected PUT).
head -c 1048576 /dev/urandom > "$AIS_DATA/payload"
cat > "$AIS_DATA/put.lua" <<'LUA'
local f = io.open(os.getenv("AIS_DATA") .. "/payload", "rb"); wrk.body = f:read("*a"); f:close()
wrk.method = "PUT"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/v1/objects/bench/put-" .. counter .. "?pid=bench&utm=0")
end
LUA
p=$(rps "$AIS_DATA/put.lua" "$T" 4)
sync
d=$( { dd if=/dev/zero of="$AIS_DATA/target0/mp1/dd.out" bs=1M count=300 oflag=dsync 2>&1; } | awk '/copied/ {print $(NF-1), $NF}')
python3 - "$p" "$d" <<'PY'
import sys
p = float(sys.argv[1]); val, unit = sys.argv[2].split()
mib = float(val) * {"GB/s": 1e9, "MB/s": 1e6, "kB/s": 1e3}[unit] / 2**20
print("PUT 1 MiB: aisnode %.0f obj/s (%.1f MiB/s)  dd oflag=dsync bs=1M %.1f MiB/s  ratio %.2f" % (p, p, mib, p / mib))
PY
echo "RSS after PUT load: $(rss)"
