#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine, then runs it.
# Used by the README and by .ci/run: one command, the same everywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q torch==2.13.0  # the CPU build on disk; the extra alone would pull CUDA
.venv/bin/pip install -q -e '.[test,stanza]'
# headless Chromium for the browser tests (tests/web)
bash scripts/install-chromium.sh || echo "test.sh: no Chromium; the browser tests will be skipped (failed in CI)" >&2

# the database tests run on SQLite and on a throwaway PostgreSQL server
if QUOTES_TEST_PG_URL=$(bash scripts/pg-test-server.sh start); then
    export QUOTES_TEST_PG_URL
    trap 'bash scripts/pg-test-server.sh stop' EXIT
else
    echo "test.sh: no PostgreSQL server; its database tests will be skipped (failed in CI)" >&2
fi

.venv/bin/python -m pytest -q "$@"
