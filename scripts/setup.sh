#!/usr/bin/env bash
# Installs what supportdesk needs into ./.venv from the lock file. Safe to run again.
# Usage: scripts/setup.sh [--dev]    (--dev adds the test tools and the system packages tests use)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "supportdesk needs Python 3.11 (found $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv ..." >&2
  "$PYTHON" -m venv .venv
fi

extras=""
if [ "${1:-}" = "--dev" ]; then extras="[dev]"; fi
# The lock pins every package; torch==2.13.0 is the CPU build (an unpinned torch pulls GBs).
if ! .venv/bin/python -m pip install --quiet -c requirements.lock -e ".${extras}"; then
  echo "dependency installation failed (see above); check network access to PyPI" >&2
  exit 1
fi

if [ "${1:-}" = "--dev" ]; then
  missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  # A plain Debian Postgres without pgvector: tests prove the fail-fast message against it.
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  # The browser tests drive Debian's Chromium through the pip `playwright` package (a --dev
  # dependency); `playwright install` and its browser downloads are never used.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing system packages: ${missing[*]} ..." >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
