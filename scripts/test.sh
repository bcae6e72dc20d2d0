#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine, then runs it.
# Used by the README and by .ci/run: one command, the same everywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q -e '.[test]'
# headless Chromium for the browser tests (tests/web)
bash scripts/install-chromium.sh

.venv/bin/python -m pytest -q "$@"
