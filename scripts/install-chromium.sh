#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests (tests/web/test_web_e2e_*.py).
# Idempotent: does nothing when both are already there. Needs root (as in CI) or sudo;
# without either it says so and fails, and the browser tests skip (fail in CI) saying why.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install-chromium: Chromium is missing and installing it needs root or sudo" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
