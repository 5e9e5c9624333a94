"""Versioned SQL migrations, applied in order, once each, under an advisory lock.

Files in `store/migrations/` are named `NNNN_name.sql`. A checksum of each applied file is kept so
that editing a migration after it shipped is caught instead of silently diverging.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from store.database import Database
from supportdesk.errors import MigrationError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every process that migrates.
ADVISORY_LOCK_KEY = 0x5D_E5_C0_01


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        version, _, name = path.stem.partition("_")
        if not version.isdigit():
            raise MigrationError(
                f"Migration file {path.name} does not start with a number.",
                hint="Name migrations NNNN_description.sql.",
            )
        migrations.append(Migration(version=version, name=name, sql=path.read_text()))
    return migrations


def apply_migrations(db: Database, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply what is missing; return the versions applied now (empty when up to date)."""
    applied_now: list[str] = []
    with db.connect(autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
        try:
            conn.execute(
                """CREATE TABLE IF NOT EXISTS schema_migrations (
                       version text PRIMARY KEY,
                       name text NOT NULL,
                       checksum text NOT NULL,
                       applied_at timestamptz NOT NULL DEFAULT now())"""
            )
            done = {
                str(row["version"]): str(row["checksum"])
                for row in conn.execute("SELECT version, checksum FROM schema_migrations")
            }
            for migration in load_migrations(directory):
                if migration.version in done:
                    if done[migration.version] != migration.checksum:
                        raise MigrationError(
                            f"Migration {migration.version}_{migration.name} was changed after "
                            "it was applied to this database.",
                            hint="Never edit an applied migration: restore it and add a new one.",
                        )
                    continue
                _apply_one(conn, migration)
                applied_now.append(migration.version)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (ADVISORY_LOCK_KEY,))
    return applied_now


def _apply_one(conn: psycopg.Connection[dict[str, Any]], migration: Migration) -> None:
    log.info("applying migration %s_%s", migration.version, migration.name)
    try:
        with conn.transaction():
            conn.execute(migration.sql.encode())
            conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                (migration.version, migration.name, migration.checksum),
            )
    except psycopg.Error as exc:
        raise MigrationError(
            f"Migration {migration.version}_{migration.name} failed: {exc}",
            hint="Nothing of this migration was applied. Fix the cause (often missing "
            "privileges for CREATE EXTENSION vector) and run `supportdesk db migrate` again.",
        ) from exc
