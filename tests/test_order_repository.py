"""The order repository against the real embedded Postgres and real redis-server processes."""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import redis

from store.benchmarks_orders import bench_order_lookup
from store.cache import InProcessTTLCache, RedisCache, build_cache
from store.database import Database
from store.order_models import (
    Order,
    cache_key,
    normalise_order_id,
    order_from_json,
    order_to_json,
)
from store.orders import OrderRepository
from supportdesk.ports import free_port
from supportdesk.settings import Settings
from tests.conftest import start_redis

# --- helpers -------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


class _CountingConnection:
    """Delegates to a real connection, counting statements; attribute writes go through too."""

    def __init__(self, conn: Any, owner: CountingDatabase) -> None:
        object.__setattr__(self, "_conn", conn)
        object.__setattr__(self, "_owner", owner)

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self._owner.queries += 1
        return self._conn.execute(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._conn, name, value)


class CountingDatabase:
    """The real database, counting how often the repository connects and queries."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.url = db.url
        self.connections = 0
        self.queries = 0

    @contextmanager
    def connect(self, *, autocommit: bool = False) -> Iterator[Any]:
        self.connections += 1
        with self.db.connect(autocommit=autocommit) as conn:
            yield _CountingConnection(conn, self)


def sql_one(db: Database, query: str, *params: object) -> dict[str, Any]:
    with db.connect() as conn:
        row = conn.execute(query, params).fetchone()
    assert row is not None, f"the demo shop has no row for: {query}"
    return dict(row)


def sql_all(db: Database, query: str, *params: object) -> list[dict[str, Any]]:
    with db.connect() as conn:
        return [dict(r) for r in conn.execute(query, params).fetchall()]


def stop_redis(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGCONT)  # a paused server cannot act on SIGTERM
        proc.terminate()
        proc.wait(timeout=10)


def log_lines(caplog: pytest.LogCaptureFixture, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def picks(seeded_db: Database) -> dict[str, str]:
    """Real order ids chosen by what they hold, so the tests never hard-code the generator."""
    q = {
        "delivered": """
            SELECT o.id FROM orders o JOIN shipments s ON s.order_id = o.id
            JOIN tracking_events te ON te.shipment_id = s.id
            WHERE o.status = 'delivered' AND (SELECT count(*) FROM order_lines l
                                              WHERE l.order_id = o.id) > 1
            GROUP BY o.id ORDER BY o.id LIMIT 1""",
        "refunded": """
            SELECT o.id FROM orders o JOIN refunds f ON f.order_id = o.id
            WHERE o.status = 'refunded' ORDER BY o.id LIMIT 1""",
        "returned": """
            SELECT r.order_id AS id FROM returns r JOIN refunds f ON f.return_id = r.id
            JOIN shipments s ON s.order_id = r.order_id ORDER BY r.order_id LIMIT 1""",
        "processing": "SELECT id FROM orders WHERE status = 'processing' ORDER BY id LIMIT 1",
        "customer": """
            SELECT customer_id AS id FROM orders GROUP BY customer_id
            HAVING count(*) >= 3 ORDER BY customer_id LIMIT 1""",
        "missing": """
            SELECT 'HR-' || n AS id FROM generate_series(100000, 999999) n
            WHERE NOT EXISTS (SELECT 1 FROM orders WHERE id = 'HR-' || n) LIMIT 1""",
    }
    return {name: str(sql_one(seeded_db, query)["id"]) for name, query in q.items()}


@pytest.fixture
def mutable_order(seeded_db: Database, picks: dict[str, str]) -> Iterator[str]:
    """An order a test may change; its row and audit trail are put back afterwards."""
    order_id = picks["processing"]
    before = sql_one(seeded_db, "SELECT status, updated_at FROM orders WHERE id = %s", order_id)
    last_audit = sql_one(seeded_db, "SELECT coalesce(max(id), 0) AS id FROM audit_log")["id"]
    yield order_id
    with seeded_db.connect() as conn:
        conn.execute(
            "UPDATE orders SET status = %s, updated_at = %s WHERE id = %s",
            (before["status"], before["updated_at"], order_id),
        )
        conn.execute(
            "DELETE FROM audit_log WHERE id > %s AND subject_id = %s", (last_audit, order_id)
        )


@pytest.fixture
def shared_redis(redis_server: dict[str, object]) -> Iterator[RedisCache]:
    url = str(redis_server["url"])
    client = redis.Redis.from_url(url)

    def clear() -> None:
        keys = list(client.scan_iter("order:v1:*"))
        if keys:
            client.delete(*keys)

    clear()
    yield RedisCache.from_url(url)
    clear()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A redis-server only this test uses, so it can stop, freeze and restart it."""
    port = free_port()
    info: dict[str, Any] = {
        "port": port,
        "url": f"redis://127.0.0.1:{port}/0",
        "dir": tmp_path,
        "process": start_redis(port, tmp_path),
    }
    yield info
    stop_redis(info["process"])


@pytest.fixture(params=["in-process", "redis"])
def any_cache(request: pytest.FixtureRequest) -> Any:
    if request.param == "redis":
        return request.getfixturevalue("shared_redis")
    return InProcessTTLCache()


# --- loading ------------------------------------------------------------------------------------


def test_that_a_delivered_order_matches_its_rows_in_the_database(seeded_db, picks):
    order_id = picks["delivered"]
    lookup = OrderRepository(seeded_db, InProcessTTLCache()).get_order(order_id)

    assert lookup.status == "found" and lookup.order is not None
    order = lookup.order
    row = sql_one(seeded_db, "SELECT * FROM orders WHERE id = %s", order_id)
    for column in (
        "id",
        "customer_id",
        "status",
        "currency",
        "subtotal",
        "delivery_fee",
        "discount",
        "total",
        "placed_at",
        "updated_at",
        "ship_postcode",
    ):
        assert getattr(order, column) == row[column], column
    assert isinstance(order.total, Decimal)
    lines = sql_all(
        seeded_db,
        """
        SELECT ol.line_no, ol.sku, p.name, v.variant_name, ol.quantity, ol.line_total
        FROM order_lines ol JOIN variants v USING (sku) JOIN products p ON p.id = v.product_id
        WHERE order_id = %s ORDER BY line_no""",
        order_id,
    )
    assert [
        (x.line_no, x.sku, x.product_name, x.variant_name, x.quantity, x.line_total)
        for x in order.lines
    ] == [tuple(r.values()) for r in lines]
    shipments = sql_all(
        seeded_db,
        "SELECT id, tracking_number FROM shipments WHERE order_id = %s ORDER BY id",
        order_id,
    )
    assert [(s.id, s.tracking_number) for s in order.shipments] == [
        (r["id"], r["tracking_number"]) for r in shipments
    ]
    for shipment in order.shipments:
        events = sql_all(
            seeded_db,
            "SELECT occurred_at, code FROM tracking_events WHERE shipment_id = %s ORDER BY seq",
            shipment.id,
        )
        assert [(e.occurred_at, e.code) for e in shipment.events] == [
            (r["occurred_at"], r["code"]) for r in events
        ]
    assert sum(len(s.events) for s in order.shipments) > 0


def test_that_a_refunded_order_carries_every_refund_and_return_from_the_database(seeded_db, picks):
    repo = OrderRepository(seeded_db, InProcessTTLCache())
    for order_id in (picks["refunded"], picks["returned"]):
        order = repo.get_order(order_id).order
        assert order is not None
        refunds = sql_all(
            seeded_db,
            "SELECT id, amount, return_id, processed_at FROM refunds "
            "WHERE order_id = %s ORDER BY id",
            order_id,
        )
        returns = sql_all(
            seeded_db,
            "SELECT id, status, line_nos, return_fee FROM returns WHERE order_id = %s ORDER BY id",
            order_id,
        )
        assert [(f.id, f.amount, f.return_id, f.processed_at) for f in order.refunds] == [
            tuple(r.values()) for r in refunds
        ]
        assert [(r.id, r.status, list(r.line_nos), r.return_fee) for r in order.returns] == [
            tuple(r.values()) for r in returns
        ]
    returned = repo.get_order(picks["returned"]).order
    assert returned is not None and returned.returns and returned.refunds
    assert returned.refunds[0].return_id in {r.id for r in returned.returns}


def test_that_loading_a_full_order_takes_one_connection_and_at_most_five_queries(seeded_db, picks):
    counting = CountingDatabase(seeded_db)
    order = OrderRepository(counting, InProcessTTLCache()).get_order(picks["returned"]).order  # type: ignore[arg-type]

    assert order is not None and order.shipments and order.returns and order.refunds
    assert counting.connections == 1
    assert counting.queries <= 5


def test_that_a_customers_orders_are_listed_newest_first_with_their_item_counts(seeded_db, picks):
    customer_id = picks["customer"]
    summaries = OrderRepository(seeded_db, InProcessTTLCache()).list_customer_orders(
        customer_id, limit=2
    )
    expected = sql_all(
        seeded_db,
        """
        SELECT o.id, o.total, (SELECT sum(quantity) FROM order_lines l WHERE l.order_id = o.id) AS n
        FROM orders o WHERE customer_id = %s ORDER BY placed_at DESC, id DESC LIMIT 2""",
        customer_id,
    )
    assert [(s.id, s.total, s.item_count) for s in summaries] == [
        (r["id"], r["total"], r["n"]) for r in expected
    ]
    assert summaries[0].placed_at >= summaries[1].placed_at


# --- ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["hr-204813", " HR-204813 ", "HR204813", "204813", "#HR-204813"])
def test_that_the_ways_customers_type_an_order_id_all_normalise_to_one_form(raw):
    assert normalise_order_id(raw) == "HR-204813"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "HR-2048",
        "HR-2048131",
        "XX-204813",
        "HR--204813",
        "204813; DROP TABLE orders",
        "HR-20481a",
    ],
)
def test_that_a_malformed_order_id_is_not_found_without_querying(seeded_db, raw):
    counting = CountingDatabase(seeded_db)
    lookup = OrderRepository(counting, InProcessTTLCache()).get_order(raw)  # type: ignore[arg-type]

    assert lookup.status == "not_found" and lookup.order is None
    assert counting.connections == 0


def test_that_a_lowercase_id_finds_the_same_order(seeded_db, picks):
    repo = OrderRepository(seeded_db, InProcessTTLCache())
    order = repo.get_order(f"  {picks['delivered'].lower().replace('-', '')} ").order
    assert order is not None and order.id == picks["delivered"]


def test_that_an_unknown_order_is_not_found_and_never_cached(seeded_db, picks):
    cache = InProcessTTLCache()
    counting = CountingDatabase(seeded_db)
    repo = OrderRepository(counting, cache)  # type: ignore[arg-type]

    assert repo.get_order(picks["missing"]).status == "not_found"
    assert repo.get_order(picks["missing"]).status == "not_found"
    assert counting.connections == 2
    assert len(cache) == 0


# --- caching ------------------------------------------------------------------------------------


def test_that_a_cached_order_is_served_without_touching_the_database(seeded_db, picks, any_cache):
    counting = CountingDatabase(seeded_db)
    repo = OrderRepository(counting, any_cache)  # type: ignore[arg-type]

    first = repo.get_order(picks["delivered"])
    second = repo.get_order(picks["delivered"])

    assert counting.connections == 1
    assert any_cache.stats.hits == 1 and any_cache.stats.misses == 1
    assert second == first and second.order is not None


def test_that_a_change_behind_the_caches_back_stays_hidden_until_invalidated(
    seeded_db, mutable_order, any_cache
):
    repo = OrderRepository(seeded_db, any_cache)
    assert repo.get_order(mutable_order).order.status == "processing"  # type: ignore[union-attr]
    with seeded_db.connect() as conn:
        conn.execute("UPDATE orders SET status = 'dispatched' WHERE id = %s", (mutable_order,))

    assert repo.get_order(mutable_order).order.status == "processing"  # type: ignore[union-attr]
    repo.invalidate(mutable_order.lower())
    assert repo.get_order(mutable_order).order.status == "dispatched"  # type: ignore[union-attr]


def test_that_an_in_process_entry_expires_after_the_ttl(seeded_db, picks):
    clock = FakeClock()
    counting = CountingDatabase(seeded_db)
    repo = OrderRepository(counting, InProcessTTLCache(clock=clock), ttl_seconds=900)  # type: ignore[arg-type]

    repo.get_order(picks["delivered"])
    clock.now += 899.9
    repo.get_order(picks["delivered"])
    assert counting.connections == 1
    clock.now += 0.1
    assert repo.get_order(picks["delivered"]).status == "found"
    assert counting.connections == 2


def test_that_redis_stores_an_order_for_the_configured_fifteen_minutes(
    seeded_db, picks, shared_redis, settings, redis_server
):
    repo = OrderRepository(seeded_db, shared_redis, ttl_seconds=settings.order_cache_ttl_seconds)
    repo.get_order(picks["delivered"])

    ttl = redis.Redis.from_url(str(redis_server["url"])).ttl(cache_key(picks["delivered"]))
    assert settings.order_cache_ttl_seconds == 900
    assert 890 <= ttl <= 900


def test_that_a_redis_entry_expires_after_a_one_second_ttl(
    seeded_db, picks, shared_redis, redis_server
):
    client = redis.Redis.from_url(str(redis_server["url"]))
    counting = CountingDatabase(seeded_db)
    repo = OrderRepository(counting, shared_redis, ttl_seconds=1)  # type: ignore[arg-type]
    key = cache_key(picks["delivered"])

    repo.get_order(picks["delivered"])
    assert 0 < client.pttl(key) <= 1000
    time.sleep(1.2)
    assert client.exists(key) == 0
    assert repo.get_order(picks["delivered"]).status == "found"
    assert counting.connections == 2


def test_that_an_unreadable_cache_entry_is_dropped_and_the_order_reloaded(seeded_db, picks):
    cache = InProcessTTLCache()
    key = cache_key(picks["delivered"])
    cache.set(key, b'{"id": "from an older release"}', 900)

    order = OrderRepository(seeded_db, cache).get_order(picks["delivered"]).order

    assert order is not None and order.id == picks["delivered"]
    assert cache.get(key) == order_to_json(order)


# --- writes -------------------------------------------------------------------------------------


def test_that_a_status_update_is_written_audited_and_invalidates_the_cache(
    seeded_db, mutable_order, any_cache
):
    repo = OrderRepository(seeded_db, any_cache)
    before = repo.get_order(mutable_order).order
    assert before is not None

    change = repo.update_order_status(mutable_order, "dispatched")

    assert (change.status, change.old_status, change.new_status) == (
        "updated",
        "processing",
        "dispatched",
    )
    assert any_cache.get(cache_key(mutable_order)) is None
    after = repo.get_order(mutable_order).order
    assert after is not None and after.status == "dispatched"
    assert after.updated_at > before.updated_at
    audit = sql_one(
        seeded_db,
        """SELECT actor_type, details FROM audit_log
        WHERE action = 'order.status_changed' AND subject_id = %s ORDER BY id DESC LIMIT 1""",
        mutable_order,
    )
    assert audit == {
        "actor_type": "system",
        "details": {"old_status": "processing", "new_status": "dispatched"},
    }


def test_that_a_status_update_that_cannot_apply_changes_nothing(seeded_db, mutable_order, picks):
    repo = OrderRepository(seeded_db, InProcessTTLCache())
    audits = "SELECT count(*) AS n FROM audit_log WHERE subject_id = %s"
    audits_before = sql_one(seeded_db, audits, mutable_order)["n"]

    assert repo.update_order_status(mutable_order, "teleported").status == "invalid_status"
    assert repo.update_order_status(mutable_order, "processing").status == "unchanged"
    assert repo.update_order_status(picks["missing"], "dispatched").status == "not_found"
    assert sql_one(seeded_db, audits, mutable_order)["n"] == audits_before
    assert repo.get_order(mutable_order).order.status == "processing"  # type: ignore[union-attr]


# --- redis outages ------------------------------------------------------------------------------


def test_that_lookups_keep_working_while_redis_is_down_and_the_outage_is_logged_once(
    seeded_db, picks, own_redis, caplog
):
    caplog.set_level(logging.INFO, logger="store.cache")
    cache = RedisCache.from_url(own_redis["url"])
    repo = OrderRepository(seeded_db, cache)
    expected = repo.fetch_from_database(picks["delivered"])
    assert repo.get_order(picks["delivered"]).order == expected
    assert repo.get_order(picks["delivered"]).order == expected
    assert cache.stats.hits == 1

    stop_redis(own_redis["process"])
    started = time.perf_counter()
    results = [repo.get_order(picks[name]) for name in ("delivered", "refunded") * 15]
    elapsed = time.perf_counter() - started

    assert all(r.status == "found" for r in results)
    assert results[0].order == expected
    assert len(log_lines(caplog, "Redis unavailable")) == 1
    assert "serving from the database" in log_lines(caplog, "Redis unavailable")[0]
    assert cache.stats.errors == 1 and not cache.available
    # The outage is skipped, not retried per request: 30 look-ups cost database time only.
    assert elapsed < 5


def test_that_an_unreachable_redis_at_start_still_serves_orders(seeded_db, picks, caplog):
    caplog.set_level(logging.WARNING, logger="store.cache")
    repo = OrderRepository(seeded_db, RedisCache.from_url(f"redis://127.0.0.1:{free_port()}/0"))

    assert [repo.get_order(picks["delivered"]).status for _ in range(10)] == ["found"] * 10
    assert len(log_lines(caplog, "Redis unavailable")) == 1


def test_that_a_frozen_redis_costs_one_timeout_not_one_per_request(
    seeded_db, picks, own_redis, caplog
):
    caplog.set_level(logging.INFO, logger="store.cache")
    repo = OrderRepository(seeded_db, RedisCache.from_url(own_redis["url"]))
    repo.get_order(picks["delivered"])

    own_redis["process"].send_signal(signal.SIGSTOP)  # accepts connections, never answers
    try:
        started = time.perf_counter()
        statuses = [repo.get_order(picks["delivered"]).status for _ in range(20)]
        elapsed = time.perf_counter() - started
    finally:
        own_redis["process"].send_signal(signal.SIGCONT)

    assert statuses == ["found"] * 20
    assert len(log_lines(caplog, "Redis unavailable")) == 1
    assert "TimeoutError" in log_lines(caplog, "Redis unavailable")[0]
    assert elapsed < 3  # one 0.5 s operation timeout, then the outage is skipped


def test_that_redis_coming_back_is_logged_once_and_missed_invalidations_are_replayed(
    seeded_db, mutable_order, own_redis, caplog
):
    caplog.set_level(logging.INFO, logger="store.cache")
    cache = RedisCache.from_url(own_redis["url"], retry_after_seconds=0)
    repo = OrderRepository(seeded_db, cache)
    repo.get_order(mutable_order)  # cached as "processing"
    redis.Redis.from_url(own_redis["url"]).save()  # the stale entry will survive the restart

    stop_redis(own_redis["process"])
    assert repo.update_order_status(mutable_order, "dispatched").status == "updated"
    assert repo.get_order(mutable_order).order.status == "dispatched"  # type: ignore[union-attr]
    own_redis["process"] = start_redis(own_redis["port"], own_redis["dir"])
    stale = redis.Redis.from_url(own_redis["url"]).get(cache_key(mutable_order))
    assert stale is not None and b'"processing"' in stale

    assert repo.get_order(mutable_order).order.status == "dispatched"  # type: ignore[union-attr]
    assert repo.get_order(mutable_order).order.status == "dispatched"  # type: ignore[union-attr]
    assert len(log_lines(caplog, "Redis unavailable")) == 1
    assert len(log_lines(caplog, "Redis reachable again")) == 1
    assert cache.available and cache.stats.hits == 1


# --- cache building blocks ----------------------------------------------------------------------


def test_that_the_in_process_cache_is_used_when_no_redis_url_is_set(settings):
    assert isinstance(
        build_cache(settings.model_copy(update={"redis_url": None})), InProcessTTLCache
    )


def test_that_a_redis_url_selects_the_redis_cache(settings, redis_server):
    cache = build_cache(settings.model_copy(update={"redis_url": redis_server["url"]}))
    assert isinstance(cache, RedisCache)
    cache.set("order:v1:probe", b"x", 5)
    assert cache.get("order:v1:probe") == b"x"
    cache.delete("order:v1:probe")


def test_that_a_blank_redis_url_in_the_environment_means_the_in_process_cache(monkeypatch):
    monkeypatch.setenv("SUPPORTDESK_REDIS_URL", "")
    assert isinstance(build_cache(Settings(_env_file=None)), InProcessTTLCache)


def test_that_the_in_process_cache_evicts_the_oldest_entry_when_full():
    cache = InProcessTTLCache(max_entries=2)
    cache.set("a", b"1", 60)
    cache.set("b", b"2", 60)
    cache.set("a", b"1 again", 60)  # refreshed: now the newest
    cache.set("c", b"3", 60)

    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"1 again", None, b"3")
    assert len(cache) == 2


def test_that_the_in_process_cache_stays_consistent_under_concurrent_use():
    cache = InProcessTTLCache(max_entries=50)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(2_000):
                key = f"k{(n * 7 + i) % 80}"
                cache.set(key, key.encode(), 60)
                value = cache.get(key)
                assert value in (None, key.encode())
                if i % 5 == 0:
                    cache.delete(key)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert len(cache) <= 50
    assert cache.stats.hits + cache.stats.misses == 8 * 2_000


# --- serialisation ------------------------------------------------------------------------------


def test_that_a_real_order_round_trips_through_json_exactly(seeded_db, picks):
    repo = OrderRepository(seeded_db, InProcessTTLCache())
    for name in ("delivered", "refunded", "returned"):
        order = repo.fetch_from_database(picks[name])
        assert order is not None
        restored = order_from_json(order_to_json(order))
        assert restored == order
        assert str(restored.total) == str(order.total)  # the exponent survives: 12.50 not 12.5


def test_that_decimals_dates_and_nones_keep_their_types_through_json(seeded_db, picks):
    order = OrderRepository(seeded_db, InProcessTTLCache()).fetch_from_database(picks["delivered"])
    assert order is not None and order.shipments
    shipment = replace(order.shipments[0], estimated_delivery=date(2026, 2, 28), delivered_at=None)
    synthetic: Order = replace(
        order,
        discount=Decimal("0.10"),
        promo_code=None,
        placed_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        shipments=(shipment,),
    )

    restored = order_from_json(order_to_json(synthetic))

    assert restored == synthetic
    assert restored.discount == Decimal("0.10") and isinstance(restored.discount, Decimal)
    assert type(restored.shipments[0].estimated_delivery) is date
    assert restored.placed_at.microsecond == 678901 and restored.placed_at.tzinfo is not None
    assert restored.shipments[0].delivered_at is None and restored.promo_code is None
    assert isinstance(restored.lines, tuple) and isinstance(restored.shipments[0].events, tuple)


# --- benchmark ----------------------------------------------------------------------------------


def test_that_the_benchmark_reports_cache_and_database_percentiles(seeded_db):
    result = bench_order_lookup(seeded_db, InProcessTTLCache(), runs=40)

    assert result["runs"] == 40
    cache_ms, db_ms = result["cache_ms"], result["db_ms"]
    assert isinstance(cache_ms, dict) and isinstance(db_ms, dict)
    assert 0 < cache_ms["p50_ms"] <= cache_ms["p95_ms"]
    assert 0 < db_ms["p50_ms"] <= db_ms["p95_ms"]
    assert cache_ms["p50_ms"] < db_ms["p50_ms"]
