#!/usr/bin/env bash
# Install the Debian package wrk (the load generator bench/load.py drives) if it is missing.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
    exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "install-wrk: wrk is missing; run as root: apt-get update && apt-get install -y wrk" >&2
    exit 1
fi
apt_env=(env DEBIAN_FRONTEND=noninteractive)
"${as_root[@]}" "${apt_env[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null
"${as_root[@]}" "${apt_env[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends wrk </dev/null
echo "install-wrk: installed $(wrk -v 2>&1 | head -n1)"
