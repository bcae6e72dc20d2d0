#!/usr/bin/env bash
# Installs Debian's headless Chromium and ChromeDriver for the browser tests (tests/web/e2e).
# Idempotent: does nothing when both are already there. Needs root (as in CI) or sudo;
# without either it says so and leaves the e2e tests to skip with that reason.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install-chromium: not root and no sudo; browser tests will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
