"""Past support contacts, so that "repeat contact" signals have history to read.

Most customers contacted support rarely; a few have contacted three or more times about the same
order in the last 30 days, usually about a delayed or lost parcel.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

Row = dict[str, Any]

CONTACT_NAMESPACE = uuid.UUID("6f1d7c1e-2a0b-4c55-9a36-2f6f1f8d5e01")
BACKGROUND_CONTACTS = 1200
REPEAT_CONTACT_ORDERS = 60
INTENT_BY_STATE = {
    "delayed": "order_status",
    "lost_in_transit": "delivery_problem",
    "in_transit": "order_status",
    "delivered": "product_info",
    "returned": "refund_status",
    "refunded": "refund_status",
    "partially_refunded": "refund_status",
    "cancelled": "cancel_order",
    "placed": "change_order",
    "processing": "change_order",
    "dispatched": "order_status",
    "out_for_delivery": "order_status",
}


def generate_contacts(seed: int, anchor_dt: datetime, orders: list[Row]) -> list[Row]:
    rng = random.Random(f"{seed}:contacts")
    rows: list[Row] = []

    def add(order: Row, when: datetime, status: str) -> None:
        rows.append(
            {
                "id": uuid.uuid5(CONTACT_NAMESPACE, f"{seed}:{len(rows)}"),
                "customer_id": order["customer_id"],
                "channel": rng.choice(["chat", "chat", "email", "form"]),
                "status": status,
                "subject": f"About order {order['id']}",
                "order_id": order["id"],
                "market": order["market"],
                "intent": INTENT_BY_STATE[order["status"]],
                "route": rng.choice(["auto_reply", "agent_suggestion", "manual_queue"]),
                "created_at": when,
                "updated_at": when + timedelta(minutes=rng.randint(3, 600)),
            }
        )

    for order in rng.sample(orders, BACKGROUND_CONTACTS):
        when = order["placed_at"] + timedelta(days=rng.uniform(0.2, 10))
        if when < anchor_dt:
            add(order, when, "resolved")
    troubled = [o for o in orders if o["status"] in ("delayed", "lost_in_transit", "in_transit")]
    for order in rng.sample(troubled, min(REPEAT_CONTACT_ORDERS, len(troubled))):
        for _ in range(rng.randint(3, 4)):
            earliest = max(order["placed_at"], anchor_dt - timedelta(days=29))
            span = (anchor_dt - earliest).total_seconds()
            add(order, earliest + timedelta(seconds=rng.uniform(0, span)), "closed")
    return rows
