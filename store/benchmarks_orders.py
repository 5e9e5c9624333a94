"""How fast an order look-up is from the cache and from the database, on real demo orders."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from store.cache import Cache
from store.database import Database
from store.orders import OrderRepository
from supportdesk.errors import DemoDataError, SupportdeskError
from supportdesk.measure import percentiles


def _time_each(order_ids: list[str], lookup: Callable[[str], object]) -> list[float]:
    samples = []
    for order_id in order_ids:
        started = time.perf_counter()
        result = lookup(order_id)
        samples.append((time.perf_counter() - started) * 1000)
        if result is None:
            raise SupportdeskError(
                f"Order {order_id} vanished during the benchmark.",
                hint="Run it while nothing else rewrites the demo shop.",
            )
    return samples


def bench_order_lookup(db: Database, cache: Cache, runs: int = 500) -> dict[str, Any]:
    """p50/p95 in ms of `runs` look-ups of distinct orders: warm from `cache`, cold from `db`."""
    if runs < 1:
        raise SupportdeskError(f"runs must be at least 1, not {runs}.", hint="Pass --runs 500.")
    with db.connect() as conn:
        rows = conn.execute("SELECT id FROM orders ORDER BY md5(id) LIMIT %s", (runs,)).fetchall()
    order_ids = [str(row["id"]) for row in rows]
    if not order_ids:
        raise DemoDataError(
            "There are no orders to benchmark.", hint="Run `supportdesk demo seed` first."
        )
    # Fewer orders than runs: repeat them, still spread over every order the shop has.
    order_ids = (order_ids * (runs // len(order_ids) + 1))[:runs]
    repo = OrderRepository(db, cache)

    repo.fetch_from_database(order_ids[0])  # first connection pays one-off costs; not a sample
    db_ms = _time_each(order_ids, repo.fetch_from_database)

    for order_id in order_ids:
        repo.get_order(order_id)
    hits_before = cache.stats.hits
    cache_ms = _time_each(order_ids, lambda oid: repo.get_order(oid).order)
    if cache.stats.hits - hits_before != len(order_ids):
        raise SupportdeskError(
            f"The {cache.name} cache did not serve every warm look-up, so its figure is not one.",
            hint="Check that Redis is reachable, or give the in-process cache room for all runs.",
        )
    return {
        "cache": cache.name,
        "cache_ms": percentiles(cache_ms),
        "db_ms": percentiles(db_ms),
        "runs": len(order_ids),
    }
