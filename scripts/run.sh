#!/usr/bin/env bash
# One command from a fresh clone to a running supportdesk on its embedded defaults:
# installs dependencies, starts the embedded Postgres, migrates, seeds the demo shop,
# builds the knowledge index, and serves the app (http://127.0.0.1:8000 by default).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/supportdesk up "$@"
