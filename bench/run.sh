#!/usr/bin/env bash
# `make bench`: every comparison the project reports, each side by side with its reference.
set -euo pipefail
cd "$(dirname "$0")"
echo "== HTTP core vs nginx"; ./http.sh 8s 50 1
echo "== cluster data path vs nginx and dd"; ./cluster.sh 8s 16
echo "== aisloader vs wrk (GET through the cluster and straight at the target)"; ./aisloader.sh 8s 16 "4KiB 1MiB" 100
echo "== S3 through the proxy vs the native redirect path (1 MiB, 8 workers)"; ./s3.sh 8s 8 1MiB 2
echo "== copy-bck vs cp -r"; ./copy.sh 10000 64KiB
