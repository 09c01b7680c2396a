#!/usr/bin/env bash
# HTTP core microbenchmark: wrk against our server's trivial handler vs nginx serving a static file
# of the same size, same machine, same run. Prints requests/s of each and the ratio.
#   bench/http.sh [DURATION=10s] [CONNECTIONS=50] [WORKERS=1]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}; CONNS=${2:-50}; WORKERS=${3:-1}
BIN=${AIS_BIN:-build/bin}
TMP=$(mktemp -d); chmod 755 "$TMP"; trap 'kill $(jobs -p) 2>/dev/null; nginx -p "$TMP" -c nginx.conf -s stop 2>/dev/null; rm -rf "$TMP"' EXIT
printf 'hello, world\n' > "$TMP/hello"
cat > "$TMP/nginx.conf" <<NGX
worker_processes $WORKERS;
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:18180; root $TMP; location / { try_files /hello =404; } }
}
NGX
nginx -p "$TMP" -c nginx.conf
HELLO_SIZE=13 "$BIN/hello_server" 18181 "$WORKERS" & sleep 0.5
rps() {  # requests/s; fails if any response was not 2xx
  local out; out=$(wrk -t1 -c"$CONNS" -d"$DUR" "$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "wrk saw errors from $1:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
[ "$(curl -s http://127.0.0.1:18180/)" = "hello, world" ] || { echo "nginx does not serve the file"; exit 1; }
n=$(rps http://127.0.0.1:18180/)
a=$(rps http://127.0.0.1:18181/)
echo "nginx (static 13 B file, $WORKERS worker): $n req/s"
echo "ais::net (13 B handler, $WORKERS thread):   $a req/s"
python3 -c "print('ratio ais/nginx: %.2f' % ($a / $n))"
