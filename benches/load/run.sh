#!/usr/bin/env bash
# Load test: aiguillage against nginx serving the same bytes (see run.py).
# Installs what it needs (wrk, nginx, python3) on Debian/Ubuntu, builds the release
# binary, then measures. Options go to run.py: --duration S --connections N --threads T.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

cargo build --release --quiet
exec python3 benches/load/run.py "$@"
