"""Real rows from the seeded demo shop for conversation tests, chosen by SQL, never hard-coded.

Each pick skips orders with recent support contacts (so repeat-contact escalation does not fire
unless a test wants it) and uses each order once per test session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.database import Database
from supportdesk.turns import Session

_USED: set[str] = set()


@dataclass(frozen=True)
class Pick:
    order_id: str
    customer_id: str
    email: str
    full_name: str
    market: str
    total: float
    postcode: str
    status: str


_ORDER_SQL = """
SELECT o.id AS order_id, o.customer_id, c.email, c.full_name, o.market, o.total::float AS total,
       o.ship_postcode AS postcode, o.status
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.status = %(status)s
  AND (%(market)s::text IS NULL OR o.market = %(market)s)
  AND o.total {value_op} 500
  AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.order_id = o.id)
  {extra}
ORDER BY o.id
LIMIT 50
"""


def pick_order(
    db: Database,
    status: str,
    *,
    market: str | None = None,
    high_value: bool = False,
    extra: str = "",
) -> Pick:
    sql = _ORDER_SQL.format(value_op=">=" if high_value else "<", extra=extra)
    with db.connect() as conn:
        rows = conn.execute(sql, {"status": status, "market": market}).fetchall()
    for row in rows:
        if row["order_id"] not in _USED:
            _USED.add(row["order_id"])
            return Pick(**row)
    raise LookupError(f"no unused {status} order in {market or 'any market'}")


def repeat_contact_order(db: Database) -> dict[str, Any]:
    """An order with three or more support contacts in the 30 days before the anchor date."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT o.id AS order_id, c.email, o.total::float AS total FROM orders o "
            "JOIN customers c ON c.id = o.customer_id "
            "JOIN conversations v ON v.order_id = o.id "
            "WHERE v.created_at > timestamptz '2026-10-02' "
            "GROUP BY o.id, c.email, o.total HAVING count(*) >= 3 "
            "ORDER BY o.total LIMIT 1"
        ).fetchone()
    assert row is not None, "the demo shop seeds orders with repeat contacts"
    return dict(row)


def sku_with(db: Database, category: str) -> dict[str, Any]:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT v.sku, p.name, v.width_cm::float AS width_cm, v.height_cm::float AS height_cm,"
            " v.depth_cm::float AS depth_cm FROM variants v JOIN products p ON p.id = v.product_id"
            " WHERE p.category = %s AND NOT v.made_to_order ORDER BY v.sku LIMIT 1",
            (category,),
        ).fetchone()
    assert row is not None
    return dict(row)


def customer_session(db: Database, email: str) -> Session:
    """The logged-in session of a seeded customer (who must exist)."""
    session = Session.for_customer_email(db, email)
    assert session is not None, f"no seeded customer has the email {email}"
    return session
