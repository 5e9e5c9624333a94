#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: installs dependencies and the system
# packages the tests use (redis-server, a plain Postgres), checks lint and types, runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
echo "ruff ..." >&2
.venv/bin/ruff check .
echo "mypy ..." >&2
.venv/bin/mypy .
echo "pytest ..." >&2
# No `|| true` and no exit-code translation: a run that collects nothing (exit 5) fails here.
exec .venv/bin/python -m pytest "$@"
