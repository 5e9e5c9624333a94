"""The logged-in customer's recent orders as one fact: what "where's my order?" is answered from
when no order number was given.

Each order shows its status, date and total; an order on its way also shows who carries it and
when it is due, so a customer with one parcel in transit gets the answer without being asked
which order they meant. Order ids appear only as the conversation's placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from nlp.pii.vault import Vault
from store.order_models import OrderSummary
from tools.facts import Fact
from tools.order_facts import iso_day, money, order_ref, words


@dataclass(frozen=True)
class ShipmentSummary:
    """A shipment as an order list shows it: who carries it and when it is due."""

    order_id: str
    carrier: str
    status: str
    estimated_delivery: date | None
    delivered_at: datetime | None


def order_list_fact(
    summaries: list[OrderSummary], vault: Vault, shipments: list[ShipmentSummary] | None = None
) -> Fact:
    """The recent orders; with `shipments`, each order's carriers and due dates, so "where's my
    order?" is answered for an order on its way without asking which one."""
    by_order: dict[str, list[dict[str, Any]]] = {}
    for shipment in shipments or []:
        by_order.setdefault(shipment.order_id, []).append(
            {
                "carrier": shipment.carrier,
                "status": shipment.status,
                "estimated_delivery": iso_day(shipment.estimated_delivery),
                "delivered_on": iso_day(shipment.delivered_at),
            }
        )
    orders: list[dict[str, Any]] = [
        {
            "order_ref": order_ref(vault, s.id),
            "status": s.status,
            "placed_on": iso_day(s.placed_at),
            "total": money(s.total),
            "currency": s.currency,
            "item_count": s.item_count,
            "shipments": by_order.get(s.id, []),
        }
        for s in summaries
    ]
    if orders:
        shown = "; ".join(
            f"{o['order_ref']} placed {o['placed_on']}, {words(o['status'])}, "
            f"{o['total']} {o['currency']}{_carried(o['shipments'])}"
            for o in orders[:5]
        )
        text = f"The customer has {len(orders)} recent order(s). Most recent first: {shown}."
    else:
        text = "The customer has no orders on their account."
    return Fact(
        source_id="orders:customer",
        kind="order_list",
        title="Your recent orders",
        data={"orders": orders},
        masked_text=text,
    )


def _carried(shipments: list[dict[str, Any]]) -> str:
    due = [
        f"{s['carrier']} due {s['estimated_delivery']}"
        for s in shipments
        if s["estimated_delivery"] and not s["delivered_on"]
    ]
    return f" ({', '.join(due)})" if due else ""
