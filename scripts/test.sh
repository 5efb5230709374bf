#!/usr/bin/env bash
# Set up (including chromium for the browser tests and PostgreSQL/PostGIS for the store's
# server backend), lint, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser --postgres
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
