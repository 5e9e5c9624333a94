"""What is in the demo shop, and a few logins and orders to try the product with at once."""

from __future__ import annotations

from typing import Any

from store.database import Database
from store.demo.customers import DEMO_AGENT_PASSWORD, DEMO_CUSTOMER_PASSWORD
from store.demo.shop import TABLE_ORDER
from store.order_models import ORDER_STATES

SAMPLES_PER_STATE = 2


def demo_stats(db: Database) -> dict[str, Any]:
    with db.connect() as conn:
        state = conn.execute(
            "SELECT seed, anchor_date, content_hash, seeded_at FROM demo_seed_state"
        ).fetchone()
        counts = {
            t: conn.execute(f"SELECT count(*) AS n FROM {t}").fetchone()["n"]  # type: ignore[index]
            for t in (*TABLE_ORDER, "knowledge_chunks")
        }
        by_state = {
            r["status"]: r["n"]
            for r in conn.execute("SELECT status, count(*) AS n FROM orders GROUP BY status")
        }
        by_market = {
            r["market"]: {
                "customers": r["customers"],
                "orders": r["orders"],
                "currency": r["currency"],
                "revenue": float(r["revenue"] or 0),
            }
            for r in conn.execute(
                """SELECT c.market, count(DISTINCT c.id) AS customers, count(o.id) AS orders,
                      min(o.currency) AS currency, sum(o.total) AS revenue
               FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.market
               ORDER BY c.market"""
            )
        }
        high_value = conn.execute("SELECT count(*) AS n FROM orders WHERE total >= 500").fetchone()
        samples = {}
        for status in ORDER_STATES:
            samples[status] = [
                dict(r)
                for r in conn.execute(
                    """SELECT o.id AS order_id, c.email, c.postcode, o.market,
                              o.total::float AS total
                   FROM orders o JOIN customers c ON c.id = o.customer_id
                   WHERE o.status = %s ORDER BY o.placed_at DESC, o.id LIMIT %s""",
                    (status, SAMPLES_PER_STATE),
                )
            ]
        agents = [dict(r) for r in conn.execute("SELECT email, role FROM agents ORDER BY id")]
    return {
        "seed": state["seed"] if state else None,
        "anchor_date": state["anchor_date"].isoformat() if state else None,
        "content_hash": state["content_hash"] if state else None,
        "tables": counts,
        "orders_by_state": {s: by_state.get(s, 0) for s in ORDER_STATES},
        "by_market": by_market,
        "high_value_orders": high_value["n"] if high_value else 0,
        "demo_customer_password": DEMO_CUSTOMER_PASSWORD,
        "demo_agent_password": DEMO_AGENT_PASSWORD,
        "agents": agents,
        "samples_by_state": samples,
    }
