"""After-care for generated orders: returns received, refunds pending or paid, goodwill refunds."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from store.policy_rules import PolicyRules

if TYPE_CHECKING:
    from store.demo.fulfilment import Fulfilment
    from store.demo.orders import ShopIndex

Row = dict[str, Any]

RETURN_REASONS = (
    ("changed my mind", False),
    ("too big for the space", False),
    ("colour not as expected", False),
    ("arrived damaged", True),
    ("faulty", True),
)


def aftercare(
    rng: random.Random,
    anchor_dt: datetime,
    order: Row,
    lines: list[Row],
    delivered_at: datetime,
    shop: ShopIndex,
    rules: PolicyRules,
    out: Fulfilment,
) -> None:
    state, market = order["status"], order["market"]
    partial = state == "partially_refunded" and len(lines) > 1
    returned_lines = [rng.choice(lines)] if partial else lines
    reason, faulty = rng.choice(RETURN_REASONS)
    goodwill = state == "partially_refunded" and not partial
    if goodwill or (state == "refunded" and rng.random() < 0.25):
        # Refund without a return: damage in transit, settled with a partial or full refund.
        amount = round(order["total"] * (0.2 if goodwill else 1.0), 2)
        when = min(delivered_at + timedelta(days=rng.uniform(1, 6)), anchor_dt - timedelta(hours=1))
        reason = (
            "goodwill for minor damage in transit"
            if goodwill
            else "arrived damaged; refunded in full"
        )
        out.refunds.append(refund_row(order, None, amount, reason, when, processed=True, n=1))
        for line in lines if not goodwill else []:
            line["status"] = "refunded"
        order["updated_at"] = max(order["updated_at"], when)
        return
    market_rules = rules.markets[market]
    large = any(shop.delivery[line["sku"]] == "two_person" for line in returned_lines)
    fee = (
        0.0
        if faulty
        else (market_rules.return_fee_large_item if large else market_rules.return_fee_parcel)
    )
    requested = delivered_at + timedelta(
        days=rng.uniform(1, min(20, market_rules.return_window_days - 1))
    )
    received = min(requested + timedelta(days=rng.uniform(3, 9)), anchor_dt - timedelta(hours=2))
    return_id = f"RT-{order['id'][3:]}-1"
    out.returns.append(
        {
            "id": return_id,
            "order_id": order["id"],
            "status": "received" if state == "returned" else "refunded",
            "reason": reason,
            "requested_at": requested,
            "received_at": received,
            "return_fee": fee,
            "line_nos": [line["line_no"] for line in returned_lines],
        }
    )
    amount = round(sum(line["line_total"] for line in returned_lines) - fee, 2)
    if not partial:
        amount = round(order["total"] - fee, 2)
    processed = state != "returned"
    refund_at = received + timedelta(days=rng.uniform(1, 3)) if processed else received
    out.refunds.append(
        refund_row(
            order,
            return_id,
            amount,
            f"return: {reason}",
            min(refund_at, anchor_dt - timedelta(hours=1)),
            processed=processed,
            n=1,
        )
    )
    for line in returned_lines:
        line["status"] = "returned" if state == "returned" else "refunded"
    order["updated_at"] = max(order["updated_at"], min(refund_at, anchor_dt - timedelta(hours=1)))


def refund_row(
    order: Row,
    return_id: str | None,
    amount: float,
    reason: str,
    when: datetime,
    *,
    processed: bool,
    n: int,
) -> Row:
    return {
        "id": f"RF-{order['id'][3:]}-{n}",
        "order_id": order["id"],
        "return_id": return_id,
        "amount": amount,
        "currency": order["currency"],
        "method": order["payment_method"],
        "status": "processed" if processed else "pending",
        "reason": reason,
        "created_at": when,
        "processed_at": when if processed else None,
    }
