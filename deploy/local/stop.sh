#!/usr/bin/env bash
# Stops the local cluster started from AIS_DATA (default /tmp/ais); its data stays.
set -uo pipefail
DATA=${AIS_DATA:-/tmp/ais}
[ -f "$DATA/pids" ] || { echo "no cluster running from $DATA"; exit 0; }
pids=$(cat "$DATA/pids")
kill $pids 2>/dev/null
for _ in $(seq 1 100); do
  alive=0
  for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ $alive = 0 ] && break
  sleep 0.1
done
for p in $pids; do kill -9 "$p" 2>/dev/null; done
rm -f "$DATA/pids" "$DATA"/*/pid
echo "stopped the cluster in $DATA"
