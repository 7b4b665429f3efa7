#!/usr/bin/env bash
# Set-up on a fresh Debian/Ubuntu machine: a virtualenv in .venv with the bot installed.
# With --test, also what the tests need: redis-server, PostgreSQL (the tests start their own throw-away
# cluster; the package's own service is not used), Chromium and its driver, a CJK font.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--test" ]; then
  need=()
  command -v redis-server >/dev/null || need+=(redis-server)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
  [ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
  if [ ${#need[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
  extras=".[test]"
else
  extras="."
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e "$extras"
