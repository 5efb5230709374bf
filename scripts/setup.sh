#!/usr/bin/env bash
# Set up this checkout on a fresh machine: a virtualenv in .venv with requirements.txt and the
# web assets the map needs offline. With --browser also Debian's chromium for the browser tests,
# with --postgres Debian's PostgreSQL and PostGIS for the server-backend store tests, with
# --accel Cython and the optional compiled extractor modules (scripts/build_accel.py; needs gcc
# and the Python headers; the pure-Python modules stay the fallback).
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0 postgres=0 accel=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    --postgres) postgres=1 ;;
    --accel) accel=1 ;;
    *) echo "setup: unknown option $arg (use --browser, --postgres, --accel)" >&2; exit 2 ;;
  esac
done
apt_updated=0
apt_install() {
  if [[ "$(id -u)" != 0 ]]; then
    echo "setup: $* missing; install these Debian packages (as root) for the tests" >&2
    return 0
  fi
  if [[ "$apt_updated" == 0 ]]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [[ "$browser" == 1 ]] && ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi
# PostgreSQL + PostGIS for the store tests on the server backend: the tests start their own
# throwaway cluster with initdb/pg_ctl, so Debian's default "main" cluster is not created.
if [[ "$postgres" == 1 ]] && ! compgen -G "/usr/share/postgresql/*/extension/postgis.control" \
    >/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/pem.conf
  fi
  apt_install postgresql postgresql-15-postgis-3
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt

if [[ "$accel" == 1 ]]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check cython setuptools
  .venv/bin/python scripts/build_accel.py
fi

if [[ -f scripts/install_web_assets.sh ]]; then
  bash scripts/install_web_assets.sh
fi
