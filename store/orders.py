"""Orders as typed domain objects, read through a cache and written with an audit trail.

Authorization is not this layer's job: the tools layer decides who may see which order.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from store.cache import Cache
from store.database import Database
from store.order_models import (
    DEFAULT_TTL_SECONDS,
    ORDER_STATUSES,
    Order,
    OrderLine,
    OrderLookup,
    OrderSummary,
    RefundRecord,
    ReturnRecord,
    Shipment,
    StatusChange,
    TrackingEvent,
    cache_key,
    normalise_order_id,
    order_from_json,
    order_to_json,
)

log = logging.getLogger(__name__)


def _utc(row: dict[str, Any]) -> dict[str, Any]:
    # The session time zone decides what tzinfo psycopg returns; UTC makes cached and fresh equal.
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in row.items()}


_NESTED = frozenset({"lines", "shipments", "events", "returns", "refunds"})


def _columns(cls: type, alias: str, prefix: str = "") -> str:
    # Derived from the dataclasses so that a renamed column fails loudly, not silently.
    return ", ".join(
        f"{alias}.{f.name} AS {prefix}{f.name}" for f in fields(cls) if f.name not in _NESTED
    )


_ORDER_SQL = f"SELECT {_columns(Order, 'o')} FROM orders o WHERE o.id = %s"
_LINES_SQL = """
SELECT ol.line_no, ol.sku, p.name AS product_name, v.variant_name, ol.quantity, ol.unit_price,
       ol.line_total, ol.status
FROM order_lines ol JOIN variants v ON v.sku = ol.sku JOIN products p ON p.id = v.product_id
WHERE ol.order_id = %s ORDER BY ol.line_no"""
_SHIPMENTS_SQL = (
    f"SELECT {_columns(Shipment, 's')} FROM shipments s WHERE s.order_id = %s ORDER BY s.id"
)
_EVENTS_SQL = f"""
SELECT te.shipment_id, {_columns(TrackingEvent, "te")}
FROM tracking_events te JOIN shipments s ON s.id = te.shipment_id
WHERE s.order_id = %s ORDER BY te.shipment_id, te.seq"""
# Returns and refunds in one round trip; a refund without a return (a cancellation) still shows.
_RETURNS_REFUNDS_SQL = f"""
SELECT {_columns(ReturnRecord, "r", "r_")}, {_columns(RefundRecord, "f", "f_")}
FROM (SELECT * FROM returns WHERE order_id = %(id)s) r
FULL JOIN (SELECT * FROM refunds WHERE order_id = %(id)s) f ON f.return_id = r.id
ORDER BY r.id, f.id"""
_SUMMARY_SQL = """
SELECT o.id, o.status, o.placed_at, o.total, o.currency,
       coalesce(sum(ol.quantity), 0)::int AS item_count
FROM orders o LEFT JOIN order_lines ol ON ol.order_id = o.id
WHERE o.customer_id = %s
GROUP BY o.id ORDER BY o.placed_at DESC, o.id DESC LIMIT %s"""


def _returns_and_refunds(
    rows: list[dict[str, Any]],
) -> tuple[tuple[ReturnRecord, ...], tuple[RefundRecord, ...]]:
    returns: dict[str, ReturnRecord] = {}
    refunds: dict[str, RefundRecord] = {}
    for row in map(_utc, rows):
        ret = {k[2:]: v for k, v in row.items() if k.startswith("r_")}
        ref = {k[2:]: v for k, v in row.items() if k.startswith("f_")}
        if ret["id"] is not None:
            returns[ret["id"]] = ReturnRecord(**{**ret, "line_nos": tuple(ret["line_nos"])})
        if ref["id"] is not None:
            refunds[ref["id"]] = RefundRecord(**ref)
    return tuple(returns.values()), tuple(sorted(refunds.values(), key=lambda f: f.id))


class OrderRepository:
    """Order look-ups through a cache; every write invalidates the cached copy after commit."""

    def __init__(
        self, db: Database, cache: Cache, *, ttl_seconds: int = DEFAULT_TTL_SECONDS
    ) -> None:
        self.db = db
        self.cache = cache
        self.ttl_seconds = ttl_seconds
        # Bumped by every invalidation: a load that raced with a write must not re-cache old data.
        self._generation = 0
        self._generation_lock = threading.Lock()

    def get_order(self, order_id: str) -> OrderLookup:
        normalised = normalise_order_id(order_id)
        if normalised is None:
            return OrderLookup("not_found")
        key = cache_key(normalised)
        cached = self.cache.get(key)
        if cached is not None:
            try:
                return OrderLookup("found", order_from_json(cached))
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("Dropping unreadable cache entry %s: %s", key, exc)
                self.cache.delete(key)
        generation = self._generation
        order = self.fetch_from_database(normalised)
        if order is None:
            return OrderLookup("not_found")  # never cached: the order may exist a moment later
        if generation == self._generation:
            self.cache.set(key, order_to_json(order), self.ttl_seconds)
        return OrderLookup("found", order)

    def fetch_from_database(self, order_id: str) -> Order | None:
        """Load one order with five queries in a single read-only snapshot, bypassing the cache."""
        with self.db.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            head = conn.execute(_ORDER_SQL, (order_id,)).fetchone()
            if head is None:
                return None
            lines = conn.execute(_LINES_SQL, (order_id,)).fetchall()
            shipment_rows = conn.execute(_SHIPMENTS_SQL, (order_id,)).fetchall()
            event_rows = conn.execute(_EVENTS_SQL, (order_id,)).fetchall() if shipment_rows else []
            money_rows = conn.execute(_RETURNS_REFUNDS_SQL, {"id": order_id}).fetchall()
        events: dict[str, list[TrackingEvent]] = {}
        for row in map(_utc, event_rows):
            shipment_id = row.pop("shipment_id")
            events.setdefault(shipment_id, []).append(TrackingEvent(**row))
        shipments = tuple(
            Shipment(**row, events=tuple(events.get(row["id"], ())))
            for row in map(_utc, shipment_rows)
        )
        returns, refunds = _returns_and_refunds(money_rows)
        return Order(
            **_utc(head),
            lines=tuple(OrderLine(**_utc(row)) for row in lines),
            shipments=shipments,
            returns=returns,
            refunds=refunds,
        )

    def list_customer_orders(self, customer_id: str, limit: int = 20) -> list[OrderSummary]:
        with self.db.connect() as conn:
            rows = conn.execute(_SUMMARY_SQL, (customer_id, limit)).fetchall()
        return [OrderSummary(**_utc(row)) for row in rows]

    def update_order_status(self, order_id: str, new_status: str) -> StatusChange:
        normalised = normalise_order_id(order_id)
        if new_status not in ORDER_STATUSES:
            return StatusChange("invalid_status", new_status=new_status)
        if normalised is None:
            return StatusChange("not_found")
        with self.db.connect() as conn, conn.transaction():
            row = conn.execute(
                "SELECT status FROM orders WHERE id = %s FOR UPDATE", (normalised,)
            ).fetchone()
            if row is None:
                return StatusChange("not_found")
            old_status = str(row["status"])
            if old_status == new_status:
                return StatusChange("unchanged", old_status, new_status)
            conn.execute(
                "UPDATE orders SET status = %s, updated_at = now() WHERE id = %s",
                (new_status, normalised),
            )
            conn.execute(
                "INSERT INTO audit_log (actor_type, action, subject_type, subject_id, details) "
                "VALUES ('system', 'order.status_changed', 'order', %s, %s)",
                (normalised, Jsonb({"old_status": old_status, "new_status": new_status})),
            )
        # After commit: invalidating earlier would let a concurrent reader re-cache the old row.
        self.invalidate(normalised)
        return StatusChange("updated", old_status, new_status)

    def invalidate(self, order_id: str) -> None:
        normalised = normalise_order_id(order_id) or order_id
        with self._generation_lock:
            self._generation += 1
        self.cache.delete(cache_key(normalised))
