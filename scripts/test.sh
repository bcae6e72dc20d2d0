#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine, then runs it.
# Used by the README and by .ci/run: one command, the same everywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

# Java 17 for the Spark tests (tests/engines), from Debian; nothing to do when Java 17+ is there
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; } \
        || echo "test.sh: no Java 17; the Spark tests will be skipped (failed in CI)" >&2
fi

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
