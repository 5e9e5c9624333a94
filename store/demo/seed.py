"""Loads the generated demo shop into the database, idempotently.

Seeding the same seed twice does nothing the second time. A different seed, or a database that
already holds other shop data, is refused unless `reset=True`, so nobody loses data by accident.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from psycopg.types.json import Jsonb

from store.database import Database
from store.demo.shop import TABLE_ORDER, DemoShop, generate_shop
from supportdesk.errors import DemoDataError

log = logging.getLogger(__name__)
# Tables that reference the demo shop's rows and must be emptied with it on a reset.
DEPENDENT_TABLES = ("feedback_events", "escalations", "audit_log")


@dataclass(frozen=True)
class SeedResult:
    status: Literal["created", "unchanged", "replaced"]
    seed: int
    anchor: date
    content_hash: str
    rows: dict[str, int]


def seed_demo(
    db: Database,
    *,
    seed: int,
    anchor: date | None = None,
    reset: bool = False,
    progress: Callable[[str], None] = lambda _msg: None,
) -> SeedResult:
    anchor = anchor or datetime.now(UTC).date()
    with db.connect() as conn:
        state = conn.execute(
            "SELECT seed, anchor_date, content_hash FROM demo_seed_state"
        ).fetchone()
        if state and state["seed"] == seed and not reset:
            return SeedResult(
                "unchanged", seed, state["anchor_date"], str(state["content_hash"]), _counts(db)
            )
        if state and not reset:
            raise DemoDataError(
                f"The database already holds the demo shop from seed {state['seed']}.",
                hint="Run `supportdesk demo seed --reset` to replace it; this deletes the demo "
                "shop's orders, customers and conversations.",
            )
        if not state and not reset:
            row = conn.execute("SELECT count(*) AS n FROM customers").fetchone()
            if row and row["n"]:
                raise DemoDataError(
                    "The database holds customers that are not from a demo seed.",
                    hint="Seed the demo shop into an empty database, or pass --reset if you "
                    "really mean to replace that data.",
                )
    progress(f"generating the demo shop (seed {seed}, anchor {anchor.isoformat()})")
    shop = generate_shop(seed, anchor)
    _load(db, shop, progress)
    return SeedResult(
        "replaced" if state else "created", seed, anchor, shop.content_hash, _counts(db)
    )


def _load(db: Database, shop: DemoShop, progress: Callable[[str], None]) -> None:
    with db.connect() as conn, conn.transaction():
        tables = ", ".join((*DEPENDENT_TABLES, *TABLE_ORDER, "demo_seed_state"))
        conn.execute(f"TRUNCATE {tables} CASCADE")
        for table in TABLE_ORDER:
            rows = shop.tables[table]
            if not rows:
                continue
            progress(f"loading {table} ({len(rows):,} rows)")
            columns = list(rows[0])
            with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_adapt(row[c]) for c in columns])
        conn.execute(
            "INSERT INTO demo_seed_state (seed, anchor_date, content_hash) VALUES (%s, %s, %s)",
            (shop.seed, shop.anchor, shop.content_hash),
        )
    with db.connect(autocommit=True) as conn:
        conn.execute("ANALYZE")


def _adapt(value: Any) -> Any:
    return Jsonb(value) if isinstance(value, dict) else value


def _counts(db: Database) -> dict[str, int]:
    with db.connect() as conn:
        return {
            table: int(conn.execute(f"SELECT count(*) AS n FROM {table}").fetchone()["n"])  # type: ignore[index]
            for table in TABLE_ORDER
        }
