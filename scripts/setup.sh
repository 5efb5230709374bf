#!/usr/bin/env bash
# Set up this checkout on a fresh machine: a virtualenv in .venv with requirements.txt and the
# web assets the map needs offline. With --browser also Debian's chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--browser" ]] && ! command -v chromium >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing; install Debian's chromium package for the browser tests" >&2
  fi
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt

if [[ -f scripts/install_web_assets.sh ]]; then
  bash scripts/install_web_assets.sh
fi
