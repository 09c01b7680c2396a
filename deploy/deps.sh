#!/usr/bin/env bash
# Installs the Debian 12 packages that the build, the tests and `make run` need.
# Idempotent and quick when everything is there. Never installs libboost-dev (Boost 1.74).
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev
  libfmt-dev libspdlog-dev libtomlplusplus-dev
  libssl-dev openssl libarchive-dev libxxhash-dev libisal-dev liburing-dev libsqlite3-dev
  libgtest-dev libgmock-dev
  python3 python3-xxhash python3-msgpack awscli s3cmd python3-boto3
  curl tmux zsh nginx-light wrk iproute2
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
