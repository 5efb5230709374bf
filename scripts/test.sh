#!/usr/bin/env bash
# Set up (including chromium for the browser tests and PostgreSQL/PostGIS for the store's
# server backend), lint, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser --postgres
.venv/bin/ruff check .
# Each test has 5 minutes (pyproject's timeout); the whole run, normally about 5 minutes, is
# stopped at 40 so that a hang reports itself well inside CI's limit.
timeout --signal=INT --kill-after=60 2400 .venv/bin/python -m pytest "$@"
