"""Migrations: ordered, idempotent, and protected against after-the-fact edits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.database import Database
from store.migrate import MIGRATIONS_DIR, apply_migrations, load_migrations
from supportdesk.errors import MigrationError


def test_that_migrations_apply_twice_without_error_and_the_second_time_do_nothing(db: Database):
    # The session fixture already migrated once; run twice more.
    assert apply_migrations(db) == []
    assert apply_migrations(db) == []
    with db.connect() as conn:
        versions = [
            r["version"]
            for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")
        ]
    assert versions == [m.version for m in load_migrations()]


def test_that_every_table_the_product_needs_exists(db: Database):
    wanted = {
        "customers",
        "products",
        "variants",
        "variant_markets",
        "orders",
        "order_lines",
        "shipments",
        "tracking_events",
        "returns",
        "refunds",
        "policy_documents",
        "knowledge_chunks",
        "conversations",
        "escalations",
        "feedback_events",
        "audit_log",
        "agents",
    }
    with db.connect() as conn:
        tables = {
            r["tablename"]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
    assert wanted <= tables


def test_that_knowledge_chunks_have_a_384_dimension_vector_and_hnsw_indexes(db: Database):
    with db.connect() as conn:
        column = conn.execute(
            "SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute "
            "WHERE attrelid = 'knowledge_chunks'::regclass AND attname = 'embedding'"
        ).fetchone()
        indexes = [
            r["indexdef"]
            for r in conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'knowledge_chunks'"
            )
        ]
    assert column is not None and column["t"] == "vector(384)"
    hnsw = [d for d in indexes if "USING hnsw" in d]
    assert len(hnsw) == 3
    assert any("WHERE (kind = 'policy'" in d for d in hnsw)


def test_that_an_edited_migration_is_refused_with_a_clear_message(db: Database, tmp_path: Path):
    edited = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, edited)
    first = sorted(edited.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited after release\n")
    with pytest.raises(MigrationError, match="was changed after it was applied"):
        apply_migrations(db, edited)


def test_that_a_failing_migration_leaves_nothing_half_applied(db: Database, tmp_path: Path):
    broken = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, broken)
    (broken / "9999_broken.sql").write_text(
        "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n"
    )
    with pytest.raises(MigrationError, match="9999_broken failed"):
        apply_migrations(db, broken)
    with db.connect() as conn:
        row = conn.execute("SELECT to_regclass('half_done') AS t").fetchone()
        assert row is not None and row["t"] is None
        assert (
            conn.execute("SELECT 1 FROM schema_migrations WHERE version = '9999'").fetchone()
            is None
        )
