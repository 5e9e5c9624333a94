"""The embedded Postgres 16 + pgvector that runs when no database URL is configured.

pgserver starts a private server on a Unix socket. Two of its habits need handling (DESIGN.md):
as root it runs the server as a `pgserver` system user and opens up permissions on the parent
folders of the data dir, so the data dir stays inside the project; and it keeps a lock file in the
user's runtime dir, which we point at a private folder of our own.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from supportdesk.errors import DatabaseUnavailableError

log = logging.getLogger(__name__)

DATABASE_NAME = "supportdesk"

# Servers stay referenced for the life of the process; pgserver stops them at exit
# when they were started with cleanup_mode="stop".
_servers: dict[Path, Any] = {}


def start_embedded_postgres(data_dir: Path, *, cleanup_mode: Literal["stop"] | None = None) -> str:
    """Start (or attach to) the embedded server under `data_dir` and return a libpq URL.

    `cleanup_mode=None` leaves the server running after this process exits, so the next command
    attaches in milliseconds; tests pass "stop".
    """
    data_dir = data_dir.resolve()
    pgdata = data_dir / "pg"
    runtime_dir = data_dir / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True)
    runtime_dir.chmod(0o700)
    # pgserver computes its lock path from XDG_RUNTIME_DIR when it is imported.
    os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
    try:
        from pgserver.postgres_server import get_server

        server = _servers.get(pgdata) or get_server(pgdata, cleanup_mode=cleanup_mode)
    except Exception as exc:  # pgserver raises bare subprocess errors; wrap them for the user
        log_file = pgdata / "log"
        raise DatabaseUnavailableError(
            f"The embedded Postgres under {pgdata} did not start: {exc}",
            hint=f"See its log at {log_file}. If another copy is running, stop it; "
            "if the folder is damaged, move it aside and run again to start fresh.",
        ) from exc
    _servers[pgdata] = server
    admin_url: str = server.get_uri()
    _ensure_database(admin_url)
    return _with_database(admin_url, DATABASE_NAME)


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def _ensure_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            log.info("creating database %s in the embedded server", DATABASE_NAME)
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
