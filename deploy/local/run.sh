#!/usr/bin/env bash
# Starts (or restarts) a local cluster on 127.0.0.1: AIS_PROXIES proxies and AIS_TARGETS targets,
# each target with 2 mountpaths under AIS_DATA. Running it again brings back the same cluster
# (node IDs, buckets and objects persist under AIS_DATA). Stop it with deploy/local/stop.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${AIS_BIN:-$PWD/build/bin}
DATA=${AIS_DATA:-/tmp/ais}
PORT=${AIS_PORT:-8080}
TARGETS=${AIS_TARGETS:-3}
PROXIES=${AIS_PROXIES:-1}
# AIS_IO_THREADS: event-loop threads per node (default: one per core)
MOUNTPATHS=${AIS_MOUNTPATHS:-2}
PRIMARY="http://127.0.0.1:$PORT"

mkdir -p "$DATA"
# On a running cluster, only the nodes that are not running start (AIS_TARGETS=4 adds a 4th target,
# which joins; so does AIS_PROXIES=3). A node's pid is in $DATA/<role><i>/pid.
running() { [ -f "$1/pid" ] && kill -0 "$(cat "$1/pid")" 2>/dev/null; }
if running "$DATA/proxy0"; then
  echo "a cluster is running from $DATA: starting the nodes that are not"
else
  : > "$DATA/pids"
fi
STARTED=()

start_node() {  # role index port
  local role=$1 i=$2 port=$3 dir="$DATA/$1$2" primary_url=""
  STARTED+=("$dir")
  running "$dir" && return 0
  mkdir -p "$dir/conf" "$dir/log"
  [ "$role" = proxy ] && [ "$i" = 0 ] || primary_url="$PRIMARY"
  {
    echo "confdir = \"$dir/conf\""
    echo "log_dir = \"$dir/log\""
    echo "role = \"$role\""
    echo "primary_url = \"$primary_url\""
    [ -n "${AIS_IO_THREADS:-}" ] && echo "io_threads = $AIS_IO_THREADS"
    echo "[host_net]"
    echo "hostname = \"127.0.0.1\""
    echo "port = $port"
    echo "[fspaths]"
    if [ "$role" = target ]; then
      local paths=""
      for m in $(seq 1 "$MOUNTPATHS"); do mkdir -p "$dir/mp$m"; paths+="\"$dir/mp$m\","; done
      echo "paths = [${paths%,}]"
    else
      echo "paths = []"
    fi
  } > "$dir/local.toml"
  local extra=()
  [ -f "$DATA/cluster.toml" ] && extra=(--cluster-config "$DATA/cluster.toml")
  nohup "$BIN/aisnode" --role "$role" --config "$dir/local.toml" "${extra[@]}" \
    > "$dir/log/stdout.log" 2>&1 &
  echo $! >> "$DATA/pids"
  echo $! > "$dir/pid"
}

# Ports stay the same whatever the counts: proxy i on AIS_PORT+i, target i on AIS_PORT+10+i.
[ "$PROXIES" -le 10 ] || { echo "AIS_PROXIES: at most 10"; exit 1; }
for i in $(seq 0 $((PROXIES - 1))); do start_node proxy "$i" $((PORT + i)); done
for i in $(seq 0 $((TARGETS - 1))); do start_node target "$i" $((PORT + 10 + i)); done

# Ready when the primary's Smap lists every node of this deployment (by the IDs they persisted).
for _ in $(seq 1 150); do
  smap=$(curl -sf "$PRIMARY/v1/daemon?what=smap" 2>/dev/null || true)
  if [ -n "$smap" ]; then
    ok=$(printf '%s' "$smap" | python3 -c '
import json,sys,os
s=json.load(sys.stdin)
ids=set(s["tmap"]) | set(s["pmap"])
want=[open(os.path.join(d,"conf","daemon_id")).read().strip() if os.path.exists(os.path.join(d,"conf","daemon_id")) else "?" for d in sys.argv[1:]]
print("yes" if all(w in ids for w in want) else "no")' "${STARTED[@]}" 2>/dev/null || echo no)
    if [ "$ok" = yes ]; then
      # A Prometheus scrape config for these nodes (GET /metrics on each; deploy/grafana has a dashboard).
      {
        echo "# Prometheus scrape config for the local AIS cluster in $DATA (written by deploy/local/run.sh)"
        echo "global:"
        echo "  scrape_interval: 10s"
        echo "scrape_configs:"
        echo "  - job_name: aistore"
        echo "    metrics_path: /metrics"
        echo "    static_configs:"
        echo "      - targets:"
        for i in $(seq 0 $((PROXIES - 1))); do echo "          - 127.0.0.1:$((PORT + i))"; done
        for i in $(seq 0 $((TARGETS - 1))); do echo "          - 127.0.0.1:$((PORT + 10 + i))"; done
      } > "$DATA/prometheus.yml"
      echo "AIS cluster is up: $PROXIES proxy(ies), $TARGETS target(s); data in $DATA"
      echo "Prometheus scrape config: $DATA/prometheus.yml"
      echo "export AIS_ENDPOINT=$PRIMARY"
      if [ -x "$BIN/ais" ] && AIS_ENDPOINT=$PRIMARY "$BIN/ais" show cluster >/dev/null 2>&1; then
        AIS_ENDPOINT=$PRIMARY "$BIN/ais" show cluster
      else
        printf '%s' "$smap" | python3 -c '
import json,sys
s=json.load(sys.stdin)
print("%-14s %-8s %s" % ("NODE","TYPE","URL"))
for m in ("pmap","tmap"):
    for i,n in sorted(s[m].items()):
        print("%-14s %-8s %s" % (i + ("[P]" if i == s["proxy_si"]["daemon_id"] else ""), n["daemon_type"], n["public_net"]["direct_url"]))'
      fi
      exit 0
    fi
  fi
  for d in "${STARTED[@]}"; do
    if ! running "$d"; then
      echo "a node exited during startup; its log:"; tail -n 20 "$DATA"/*/log/stdout.log; exit 1
    fi
  done
  sleep 0.2
done
echo "the cluster did not come up in 30s; logs are under $DATA/*/log"; exit 1
