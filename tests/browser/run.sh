#!/usr/bin/env bash
# The HTML gap report in a real browser: installs Chromium from the Debian packages when it
# is missing (apt-get, as root), then runs check.py (standard-library Python), which opens
# the Leshan, Sichuan and China pages with the network off, checks the DOM after the page's
# script ran, and keeps screenshots in target/browser/.
#
#   bash tests/browser/run.sh [--update-docs]
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v chromium >/dev/null; then
    if ! command -v apt-get >/dev/null; then
        echo "browser: need chromium but apt-get is not available: install it by hand" >&2
        exit 1
    fi
    echo "browser: installing chromium and CJK fonts"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
chromium --version
python3 tests/browser/check.py "$@"
