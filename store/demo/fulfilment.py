"""Shipments with tracking histories for generated orders, then their after-care.

Each order's state decides what happened to it; this module writes that history out as rows.
Returns and refunds are written by `aftercare.py`.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from store.demo.aftercare import aftercare, refund_row
from store.demo.orders import OrderBook, ShopIndex
from store.policy_rules import PolicyRules

Row = dict[str, Any]

CARRIERS = {
    "UK": ("Royal Mail", "DPD", "Evri"),
    "US": ("UPS", "FedEx", "USPS"),
    "DE": ("DHL", "DPD", "Hermes"),
}
HOME_DELIVERY = "Hollin & Reed Home Delivery"
DEPOTS = {"UK": "Daventry", "US": "Columbus, OH", "DE": "Kassel"}
HUBS = {
    "UK": ("Birmingham hub", "Warrington hub", "Bristol hub", "Glasgow hub"),
    "US": ("Louisville hub", "Memphis hub", "Chicago hub", "Dallas hub"),
    "DE": ("Leipzig hub", "Hamburg hub", "Köln hub", "München hub"),
}
DELAY_REASONS = (
    "high parcel volumes at the hub",
    "severe weather on the route",
    "a vehicle breakdown",
    "an address query the driver could not resolve",
)
DELIVERED_NOTES = (
    "handed to the customer",
    "left in the agreed safe place",
    "left with a neighbour",
    "signed for at the door",
)
IN_FLIGHT = {"dispatched", "in_transit", "out_for_delivery", "delayed", "lost_in_transit"}
DELIVERED_STATES = {"delivered", "returned", "refunded", "partially_refunded"}


@dataclass
class Fulfilment:
    shipments: list[Row] = field(default_factory=list)
    tracking_events: list[Row] = field(default_factory=list)
    returns: list[Row] = field(default_factory=list)
    refunds: list[Row] = field(default_factory=list)


def generate_fulfilment(
    seed: int, anchor_dt: datetime, book: OrderBook, shop: ShopIndex, rules: PolicyRules
) -> Fulfilment:
    rng = random.Random(f"{seed}:fulfilment")
    out = Fulfilment()
    lines_by_order: dict[str, list[Row]] = {}
    for line in book.order_lines:
        lines_by_order.setdefault(line["order_id"], []).append(line)
    for order in book.orders:
        lines = lines_by_order[order["id"]]
        state = order["status"]
        if state == "cancelled":
            for line in lines:
                line["status"] = "cancelled"
            order["updated_at"] = order["cancelled_at"]
            if order["payment_method"] != "bank_transfer":
                out.refunds.append(
                    refund_row(
                        order,
                        None,
                        order["total"],
                        "cancelled before dispatch",
                        order["cancelled_at"],
                        processed=True,
                        n=1,
                    )
                )
            continue
        if state in ("placed", "processing"):
            order["updated_at"] = order["placed_at"] + timedelta(hours=rng.uniform(0, 6))
            continue
        delivered_at = _ship(rng, anchor_dt, order, lines, shop, rules, out)
        if state in ("returned", "refunded", "partially_refunded"):
            assert delivered_at is not None
            aftercare(rng, anchor_dt, order, lines, delivered_at, shop, rules, out)
    return out


def _ship(
    rng: random.Random,
    anchor_dt: datetime,
    order: Row,
    lines: list[Row],
    shop: ShopIndex,
    rules: PolicyRules,
    out: Fulfilment,
) -> datetime | None:
    market, state = order["market"], order["status"]
    groups: dict[str, list[Row]] = {}
    for line in lines:
        groups.setdefault(shop.delivery[line["sku"]], []).append(line)
    last_delivered: datetime | None = None
    for n, (service, _group) in enumerate(sorted(groups.items()), start=1):
        two_person = service == "two_person"
        days = (
            rules.markets[market].large_item_delivery_days
            if two_person
            else rules.markets[market].standard_delivery_days
        )
        carrier = HOME_DELIVERY if two_person else rng.choice(CARRIERS[market])
        placed = order["placed_at"]
        # Orders in flight were dispatched recently enough to still be moving today.
        dispatch_delay = (
            rng.uniform(0.3, 1.0)
            if state in IN_FLIGHT
            else rng.uniform(0.5, 3 if two_person else 1.5)
        )
        dispatched = min(placed + timedelta(days=dispatch_delay), anchor_dt - timedelta(hours=2))
        eta = (dispatched + timedelta(days=days[1])).date()
        shipment_id = f"SH-{order['id'][3:]}-{n}"
        events: list[tuple[str, str, str | None, datetime]] = [
            (
                "label_created",
                "Label created; the parcel is waiting for collection",
                DEPOTS[market],
                dispatched - timedelta(hours=3),
            ),
            ("collected", f"Collected by {carrier}", DEPOTS[market], dispatched),
        ]
        hub = rng.choice(HUBS[market])
        status, delivered_at = "in_transit", None
        if state == "dispatched":
            status = "label_created" if rng.random() < 0.4 else "in_transit"
            if status == "label_created":
                events = events[:1]
        else:
            at_hub = min(
                dispatched + timedelta(hours=rng.uniform(6, 20)), anchor_dt - timedelta(hours=1)
            )
            events.append(("at_hub", f"Arrived at the {hub}", hub, at_hub))
            if state == "delayed":
                reason = rng.choice(DELAY_REASONS)
                eta = (anchor_dt + timedelta(days=rng.randint(1, 5))).date()
                events.append(
                    (
                        "delayed",
                        f"Delayed because of {reason}; new estimated delivery {eta.isoformat()}",
                        hub,
                        min(at_hub + timedelta(days=1), anchor_dt),
                    )
                )
                status = "delayed"
            elif state == "lost_in_transit":
                status = "lost"
                events.append(
                    (
                        "investigation",
                        "No scan for 7 days; a trace has been opened with the carrier",
                        None,
                        at_hub + timedelta(days=7),
                    )
                )
            elif state == "out_for_delivery":
                status = "out_for_delivery"
                events.append(
                    (
                        "out_for_delivery",
                        "Out for delivery today",
                        order["ship_city"],
                        anchor_dt - timedelta(hours=rng.uniform(1, 4)),
                    )
                )
                eta = anchor_dt.date()
            elif state in DELIVERED_STATES:
                transit = timedelta(days=rng.uniform(days[0] - 0.5, days[1]))
                delivered_at = min(dispatched + transit, anchor_dt - timedelta(hours=1))
                if rng.random() < 0.12:
                    events.append(
                        (
                            "attempt_failed",
                            "We tried to deliver but nobody was in; "
                            "we will try again next working day",
                            order["ship_city"],
                            delivered_at - timedelta(days=1),
                        )
                    )
                events.append(
                    (
                        "out_for_delivery",
                        "Out for delivery",
                        order["ship_city"],
                        delivered_at - timedelta(hours=rng.uniform(2, 6)),
                    )
                )
                events.append(
                    (
                        "delivered",
                        f"Delivered: {rng.choice(DELIVERED_NOTES)}",
                        order["ship_city"],
                        delivered_at,
                    )
                )
                status = "delivered"
                last_delivered = max(filter(None, [last_delivered, delivered_at]))
        out.shipments.append(
            {
                "id": shipment_id,
                "order_id": order["id"],
                "carrier": carrier,
                "service": service,
                "tracking_number": _tracking_number(rng, carrier, order["id"], n),
                "status": status,
                "dispatched_at": dispatched if status != "label_created" else None,
                "estimated_delivery": eta,
                "delivered_at": delivered_at,
            }
        )
        events.sort(key=lambda e: e[3])
        for seq, (code, text, location, when) in enumerate(events, start=1):
            out.tracking_events.append(
                {
                    "shipment_id": shipment_id,
                    "seq": seq,
                    "occurred_at": when,
                    "code": code,
                    "description": text,
                    "location": location,
                }
            )
        order["updated_at"] = max(order["updated_at"], events[-1][3])
    return last_delivered


def _tracking_number(rng: random.Random, carrier: str, order_id: str, n: int) -> str:
    def digits(k: int) -> str:
        return "".join(rng.choices(string.digits, k=k))

    def upper(k: int) -> str:
        return "".join(rng.choices(string.ascii_uppercase + string.digits, k=k))

    match carrier:
        case "Royal Mail":
            return "".join(rng.choices(string.ascii_uppercase, k=2)) + digits(9) + "GB"
        case "Evri":
            return "H0" + upper(14)
        case "UPS":
            return "1Z" + upper(6) + digits(10)
        case "FedEx":
            return digits(12)
        case "USPS":
            return "9400" + digits(18)
        case "DHL":
            return "00340434" + digits(12)
        case "Hermes":
            return "H10" + digits(11)
        case "DPD":
            return "15" + digits(12)
    return f"HRD-{order_id[3:]}-{n}"
