"""Where the database is and whether it is usable.

`open_database()` is the one entry point: it picks the configured Postgres or starts the embedded
one, checks that it answers and has pgvector (failing fast with a message that says what to fix),
and applies migrations.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from supportdesk.errors import DatabaseUnavailableError, PgvectorMissingError
from supportdesk.settings import Settings

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Database:
    """A reachable Postgres with pgvector. `url` is a libpq URL usable by psycopg."""

    url: str
    embedded: bool

    @property
    def sqlalchemy_url(self) -> str:
        """The same database for SQLAlchemy (PGVectorStore), on the psycopg 3 driver."""
        scheme, rest = self.url.split("://", 1)
        if scheme not in ("postgres", "postgresql"):
            scheme = scheme.split("+", 1)[0]
        return f"postgresql+psycopg://{rest}"

    @property
    def display_url(self) -> str:
        return redact_url(self.url)

    @contextmanager
    def connect(self, *, autocommit: bool = False) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """A connection from the process's pool for this database, in a transaction that
        commits when the block ends (rolls back on an error), as `psycopg.connect` would."""
        with _pool_for(self.url).connection(timeout=CONNECT_TIMEOUT_SECONDS) as conn:
            if autocommit:
                conn.autocommit = True
            yield conn

    @contextmanager
    def direct_connection(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """A fresh connection outside the pool, whose errors keep the server's own words."""
        with psycopg.connect(
            self.url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT_SECONDS
        ) as conn:
            yield conn


# Opening a connection costs about 5 ms here, more than most of our queries: every Database
# for the same URL shares one pool per process. Connections go back clean (see _reset).
_POOLS: dict[str, ConnectionPool[psycopg.Connection[dict[str, Any]]]] = {}
_POOLS_LOCK = threading.Lock()


def _reset(conn: psycopg.Connection[Any]) -> None:
    conn.autocommit = False
    conn.read_only = None
    conn.isolation_level = None


def _pool_for(url: str) -> ConnectionPool[psycopg.Connection[dict[str, Any]]]:
    with _POOLS_LOCK:
        pool = _POOLS.get(url)
        if pool is None:
            pool = ConnectionPool(
                url,
                kwargs={"row_factory": dict_row, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
                min_size=1,
                max_size=20,
                open=True,
                check=ConnectionPool.check_connection,
                reset=_reset,
                timeout=CONNECT_TIMEOUT_SECONDS,
                name="supportdesk",
            )
            _POOLS[url] = pool
        return pool


def close_pool(url: str) -> None:
    """Close the pool of one database (one that went away, say) if this process opened one."""
    with _POOLS_LOCK:
        pool = _POOLS.pop(url, None)
    if pool is not None:
        pool.close()


def close_pools() -> None:
    """Close every pool (before stopping an embedded server, and in tests)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()


def redact_url(url: str) -> str:
    """The URL with any password replaced, safe for messages and logs."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what rejects most malformed URLs
    except ValueError:
        # Unparseable: show only the scheme, since we cannot tell where a password would be.
        return url.split("://", 1)[0] + "://<unparseable address>"
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def resolve_database(settings: Settings, *, embedded_cleanup: bool = False) -> Database:
    """The configured database, or the embedded one when none is configured. Not yet verified."""
    if settings.database_url:
        return Database(url=settings.database_url, embedded=False)
    from store.embedded import start_embedded_postgres

    url = start_embedded_postgres(
        settings.data_dir, cleanup_mode="stop" if embedded_cleanup else None
    )
    return Database(url=url, embedded=True)


def verify_database(db: Database) -> None:
    """Fail fast, with a fix, when the database cannot serve the product."""
    try:
        with db.direct_connection() as conn:
            row = conn.execute(
                "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'"
            ).fetchone()
    except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
        # ProgrammingError is what libpq raises for a URL it cannot parse.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailableError(
            f"Cannot connect to the database at {db.display_url}: {reason}",
            hint="Check SUPPORTDESK_DATABASE_URL (form: postgresql://user:password@host:5432/db; "
            "host, port, user, password, database name) and "
            "that the server is running, or unset it to use the embedded Postgres.",
        ) from exc
    if row is None:
        raise PgvectorMissingError(
            f"The database at {db.display_url} has no pgvector extension available.",
            hint="Install pgvector on that server (for example the postgresql-16-pgvector "
            "package) and run again, or unset SUPPORTDESK_DATABASE_URL to use the embedded "
            "Postgres, which ships with it.",
        )


def open_database(
    settings: Settings, *, migrate: bool = True, embedded_cleanup: bool = False
) -> Database:
    """Resolve, verify and (by default) migrate: what every command and the app call at start."""
    started = time.perf_counter()
    db = resolve_database(settings, embedded_cleanup=embedded_cleanup)
    verify_database(db)
    if migrate:
        from store.migrate import apply_migrations

        apply_migrations(db)
    log.debug("database ready in %.0f ms", (time.perf_counter() - started) * 1000)
    return db
